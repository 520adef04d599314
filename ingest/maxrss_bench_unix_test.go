//go:build unix

package ingest_test

import (
	"os"
	"runtime"
	"syscall"
	"time"
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

// processCPU is the CPU time, user and system, of every thread of this
// process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
