package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"syscall"
	"time"
)

// Stage is what one stage of the pipeline cost and did.
type Stage struct {
	Name string `json:"name"`
	// Command is the deanery command line the stage ran, without the binary.
	Command  []string `json:"command"`
	WallSec  float64  `json:"wall_sec"`
	CPUSec   float64  `json:"cpu_sec"` // user and system, every thread
	PeakMB   float64  `json:"peak_mb"` // peak resident set size of the stage's process, 10⁶ bytes
	ExitCode int      `json:"exit_code"`
	TimedOut bool     `json:"timed_out,omitempty"`
	// Rows is how many of Unit the stage handled, read back from the
	// warehouse or the output folder once the stage ended.
	Rows       int64   `json:"rows,omitempty"`
	Unit       string  `json:"unit,omitempty"`
	RowsPerSec float64 `json:"rows_per_sec,omitempty"`
	// Extra holds figures particular to the stage (files, bytes of the
	// largest dashboard, ...).
	Extra map[string]float64 `json:"extra,omitempty"`
	Error string             `json:"error,omitempty"`
}

// OK reports whether the stage finished: exit 0, or 1 for a command that
// ran and reported findings (a rejected file, a failed quality rule).
func (s Stage) OK() bool { return !s.TimedOut && s.Error == "" && (s.ExitCode == 0 || s.ExitCode == 1) }

// runner starts each stage as a child process of the deanery binary.
type runner struct {
	binary  string
	timeout time.Duration
}

// run executes the binary with args and measures it. Wall time is taken
// around the child; CPU time and peak memory are the kernel's accounting
// of the child alone (wait4's rusage). The harness itself stays small, so
// the high-water mark a child inherits from it at exec is negligible.
func (r runner) run(ctx context.Context, name string, args ...string) Stage {
	st := Stage{Name: name, Command: args}
	if r.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, r.timeout)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, r.binary, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	st.WallSec = time.Since(start).Seconds()
	if ps := cmd.ProcessState; ps != nil {
		st.ExitCode = ps.ExitCode()
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			st.CPUSec = tv(ru.Utime) + tv(ru.Stime)
			st.PeakMB = float64(ru.Maxrss) * 1024 / 1e6 // Linux reports KiB
		}
	}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		st.TimedOut = errors.Is(ctx.Err(), context.DeadlineExceeded)
		st.Error = fmt.Sprintf("stopped after %.0f s: %v", st.WallSec, ctx.Err())
	case errors.As(err, &ee):
		if !st.OK() {
			st.Error = lastLine(stderr.String())
		}
	case err != nil:
		st.Error = err.Error()
	}
	return st
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }

// lastLine keeps the end of a child's stderr: its error message.
func lastLine(s string) string {
	s = string(bytes.TrimSpace([]byte(s)))
	if i := bytes.LastIndexByte([]byte(s), '\n'); i >= 0 {
		s = s[i+1:]
	}
	if len(s) > 300 {
		s = s[len(s)-300:]
	}
	return s
}
