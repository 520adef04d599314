package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// progress prints a one-line status to a terminal, at most a few times a
// second, and only once the work has run for a second; nothing when the
// stream is not a terminal or --quiet is set.
type progress struct {
	w       io.Writer
	on      bool
	label   string
	start   time.Time
	last    time.Time
	printed bool
}

func newProgress(w io.Writer, quiet bool, label string) *progress {
	on := false
	if f, ok := w.(*os.File); ok && !quiet {
		on = term.IsTerminal(int(f.Fd()))
	}
	return &progress{w: w, on: on, label: label, start: time.Now()}
}

func (p *progress) update(done, total int, detail string) {
	if !p.on {
		return
	}
	now := time.Now()
	if now.Sub(p.start) < time.Second || now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last, p.printed = now, true
	fmt.Fprintf(p.w, "\r\033[K%s: %d/%d  %s", p.label, done, total, detail)
}

func (p *progress) done() {
	if p.printed {
		fmt.Fprintf(p.w, "\r\033[K")
	}
}
