//go:build unix

package ingest_test

import (
	"os"
	"runtime"
	"syscall"
)

// maxRSS is the peak resident set size of a finished child process, in
// bytes: getrusage reports kilobytes, except on Apple systems (bytes).
func maxRSS(ps *os.ProcessState) (int64, bool) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok || ru == nil {
		return 0, false
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss), true
	}
	return int64(ru.Maxrss) * 1024, true
}
