// Package bench measures the whole pipeline of deanery on synthetic worlds
// of several sizes and records the figures beside their targets.
//
// Each stage (generate the world, load it, play both exchanges, run
// quality, write the reports, add one quarter incrementally) runs as a
// process of its own, the deanery binary itself, so that its wall time,
// CPU time and peak resident memory are its own and not the harness's:
// the kernel reports them for the child when it ends. What a stage did
// (records loaded, files built, pairs scored, pages written) is read back
// from the warehouse afterwards, read-only, so the figures count what
// happened rather than what was asked for.
//
// Results go to a JSON file that also holds the Go benchmarks' figures
// (see [File]); each writer replaces only its own part of it and of the
// README's tables, between marker comments.
package bench
