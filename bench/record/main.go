// Command record reads the output of the load benchmarks (`go test -bench`)
// on stdin and records it: bench/results.json with every figure and the
// machine it ran on, and the results table of bench/README.md, rewritten
// between its marker comments. `make bench` runs it after the benchmarks.
//
// A benchmark run several times (-count) is recorded as the median of its
// runs, figure by figure, with the range of its ratio.
package main

import (
	"bufio"
	"deanery/bench"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The targets of the issue: our load within 1.3× DuckDB's own read_csv
// time, and at least a million rows a second.
const (
	targetRatio      = 1.3
	targetRowsPerSec = 1_000_000
)

// Markers around the table in the README.
const (
	beginMarker = "<!-- results:begin -->"
	endMarker   = "<!-- results:end -->"
)

// Results is the content of results.json.
type Results struct {
	RecordedAt string      `json:"recorded_at"`
	Machine    Machine     `json:"machine"`
	Targets    Targets     `json:"targets"`
	Benchmarks []Benchmark `json:"benchmarks"`
}

// Machine is where the benchmarks ran.
type Machine = bench.Machine

// Targets are the figures a load should reach.
type Targets struct {
	MaxRatio      float64 `json:"max_ratio"`
	MinRowsPerSec float64 `json:"min_rows_per_sec"`
}

// Benchmark is one benchmark's figures; "ref" is DuckDB's read_csv of the
// same file into a typed table.
type Benchmark struct {
	Name          string  `json:"name"`
	Rows          int64   `json:"rows"`
	Runs          int     `json:"runs"`
	Iterations    int64   `json:"iterations"`
	NsPerOp       float64 `json:"ns_per_op"`
	RowsPerSec    float64 `json:"rows_per_sec"`
	MBPerSec      float64 `json:"mb_per_sec,omitempty"`
	BytesPerOp    float64 `json:"bytes_per_op,omitempty"`
	AllocsPerOp   float64 `json:"allocs_per_op,omitempty"`
	RefNsPerOp    float64 `json:"ref_ns_per_op"`
	RefRowsPerSec float64 `json:"ref_rows_per_sec"`
	Ratio         float64 `json:"ratio"`
	RatioMin      float64 `json:"ratio_min"`
	RatioMax      float64 `json:"ratio_max"`
	PeakMB        float64 `json:"peak_mb"`
	RefPeakMB     float64 `json:"ref_peak_mb"`
	CPUSec        float64 `json:"cpu_sec,omitempty"`
	RefCPUSec     float64 `json:"ref_cpu_sec,omitempty"`
	CPURatio      float64 `json:"cpu_ratio,omitempty"`
	MeetsRatio    bool    `json:"meets_ratio"`
	MeetsRowsPS   bool    `json:"meets_rows_per_sec"`
}

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("record", flag.ContinueOnError)
	fs.SetOutput(stderr)
	resultsPath := fs.String("results", "bench/results.json", "results file to write")
	readmePath := fs.String("readme", "bench/README.md", "README whose results table is rewritten")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	res, err := parse(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "record: %v\n", err)
		return 1
	}
	res.RecordedAt = time.Now().UTC().Format(time.RFC3339)
	procs := res.Machine.GOMAXPROCS
	res.Machine = bench.ReadMachine(res.Machine.CPUModel)
	res.Machine.GOMAXPROCS = procs
	if err := write(res, *resultsPath, *readmePath); err != nil {
		fmt.Fprintf(stderr, "record: %v\n", err)
		return 1
	}
	for _, b := range res.Benchmarks {
		fmt.Fprintf(stdout, "%s: %.0f rows/s, %.2f× DuckDB's time, peak %.0f MB (DuckDB %.0f MB)\n",
			b.Name, b.RowsPerSec, b.Ratio, b.PeakMB, b.RefPeakMB)
	}
	fmt.Fprintf(stdout, "recorded in %s and %s\n", *resultsPath, *readmePath)
	return 0
}

// parse reads `go test -bench` output. A failed run, or one without a
// load benchmark, is an error: nothing is recorded then.
func parse(r io.Reader) (*Results, error) {
	res := &Results{Targets: Targets{MaxRatio: targetRatio, MinRowsPerSec: targetRowsPerSec}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		switch {
		case strings.HasPrefix(text, "FAIL") || strings.HasPrefix(text, "--- FAIL") || strings.HasPrefix(text, "panic:"):
			return nil, fmt.Errorf("line %d: the benchmark run failed: %s", line, text)
		case strings.HasPrefix(text, "cpu: "):
			res.Machine.CPUModel = strings.TrimSpace(strings.TrimPrefix(text, "cpu: "))
		case strings.HasPrefix(text, "Benchmark"):
			b, procs, err := parseLine(text)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", line, err)
			}
			if b == nil {
				continue // a benchmark's name printed before its figures
			}
			res.Machine.GOMAXPROCS = procs
			res.Benchmarks = append(res.Benchmarks, *b)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(res.Benchmarks) == 0 {
		return nil, errors.New("no benchmark results on stdin")
	}
	res.Benchmarks = medians(res.Benchmarks)
	return res, nil
}

// medians folds the runs of each benchmark into one, in first-run order:
// the median of each figure, the iterations summed, the ratio's range kept.
func medians(runs []Benchmark) []Benchmark {
	var order []string
	byName := map[string][]Benchmark{}
	for _, b := range runs {
		if _, ok := byName[b.Name]; !ok {
			order = append(order, b.Name)
		}
		byName[b.Name] = append(byName[b.Name], b)
	}
	out := make([]Benchmark, 0, len(order))
	for _, name := range order {
		rs := byName[name]
		med := func(f func(Benchmark) float64) float64 {
			vs := make([]float64, len(rs))
			for i, r := range rs {
				vs[i] = f(r)
			}
			slices.Sort(vs)
			if n := len(vs); n%2 == 0 {
				return (vs[n/2-1] + vs[n/2]) / 2
			}
			return vs[len(vs)/2]
		}
		b := Benchmark{
			Name:          name,
			Rows:          rs[0].Rows,
			Runs:          len(rs),
			NsPerOp:       med(func(b Benchmark) float64 { return b.NsPerOp }),
			RowsPerSec:    med(func(b Benchmark) float64 { return b.RowsPerSec }),
			MBPerSec:      med(func(b Benchmark) float64 { return b.MBPerSec }),
			BytesPerOp:    med(func(b Benchmark) float64 { return b.BytesPerOp }),
			AllocsPerOp:   med(func(b Benchmark) float64 { return b.AllocsPerOp }),
			RefNsPerOp:    med(func(b Benchmark) float64 { return b.RefNsPerOp }),
			RefRowsPerSec: med(func(b Benchmark) float64 { return b.RefRowsPerSec }),
			Ratio:         med(func(b Benchmark) float64 { return b.Ratio }),
			PeakMB:        med(func(b Benchmark) float64 { return b.PeakMB }),
			RefPeakMB:     med(func(b Benchmark) float64 { return b.RefPeakMB }),
			CPUSec:        med(func(b Benchmark) float64 { return b.CPUSec }),
			RefCPUSec:     med(func(b Benchmark) float64 { return b.RefCPUSec }),
			CPURatio:      med(func(b Benchmark) float64 { return b.CPURatio }),
			RatioMin:      rs[0].Ratio,
			RatioMax:      rs[0].Ratio,
		}
		for _, r := range rs {
			b.Iterations += r.Iterations
			b.RatioMin, b.RatioMax = min(b.RatioMin, r.Ratio), max(b.RatioMax, r.Ratio)
		}
		b.MeetsRatio = b.Ratio <= targetRatio
		b.MeetsRowsPS = b.RowsPerSec >= targetRowsPerSec
		out = append(out, b)
	}
	return out
}

// parseLine reads one result line: name-procs, iterations, then value and
// unit pairs. It returns nil for a line that holds the name alone.
func parseLine(text string) (*Benchmark, int, error) {
	fields := strings.Fields(text)
	if len(fields) < 2 {
		return nil, 0, nil
	}
	name, procs := fields[0], 1
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if p, err := strconv.Atoi(name[i+1:]); err == nil {
			name, procs = name[:i], p
		}
	}
	iters, err := strconv.ParseInt(fields[1], 10, 64)
	if err != nil {
		return nil, 0, nil
	}
	if len(fields)%2 != 0 {
		return nil, 0, fmt.Errorf("%s: odd number of value and unit fields", name)
	}
	m := map[string]float64{}
	for i := 2; i < len(fields); i += 2 {
		v, err := strconv.ParseFloat(fields[i], 64)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %q is not a number", name, fields[i])
		}
		m[fields[i+1]] = v
	}
	for _, unit := range []string{"ns/op", "rows", "rows/s", "ref-ns/op", "ref-rows/s", "ratio"} {
		if _, ok := m[unit]; !ok {
			return nil, 0, fmt.Errorf("%s: no %s figure (not a load benchmark?)", name, unit)
		}
	}
	b := &Benchmark{
		Name:          strings.TrimPrefix(name, "Benchmark"),
		Rows:          int64(m["rows"]),
		Iterations:    iters,
		NsPerOp:       m["ns/op"],
		RowsPerSec:    m["rows/s"],
		MBPerSec:      m["MB/s"],
		BytesPerOp:    m["B/op"],
		AllocsPerOp:   m["allocs/op"],
		RefNsPerOp:    m["ref-ns/op"],
		RefRowsPerSec: m["ref-rows/s"],
		Ratio:         m["ratio"],
		PeakMB:        m["peak-MB"],
		RefPeakMB:     m["ref-peak-MB"],
		CPUSec:        m["cpu-s"],
		RefCPUSec:     m["ref-cpu-s"],
	}
	if b.RefCPUSec > 0 {
		b.CPURatio = b.CPUSec / b.RefCPUSec
	}
	return b, procs, nil
}

func write(res *Results, resultsPath, readmePath string) error {
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		return err
	}
	updated, err := bench.ReplaceBetween(readme, beginMarker, endMarker, table(res))
	if err != nil {
		return fmt.Errorf("%s: %w", readmePath, err)
	}
	// The pipeline driver (deanery bench) keeps its own part of the same
	// file; only the Go benchmarks' keys are replaced here.
	if err := bench.UpdateJSON(resultsPath, map[string]any{
		"recorded_at": res.RecordedAt, "machine": res.Machine, "targets": res.Targets, "benchmarks": res.Benchmarks,
	}); err != nil {
		return err
	}
	return os.WriteFile(readmePath, updated, 0o644)
}

// table renders the results as Markdown.
func table(res *Results) string {
	var b strings.Builder
	b.WriteString("| Benchmark | Rows | Runs | Ours (s) | Ours rows/s | read_csv (s) | read_csv rows/s | Ratio (range) | CPU s ours / read_csv | Peak MB ours | Peak MB read_csv | Targets |\n")
	b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n")
	for _, r := range res.Benchmarks {
		fmt.Fprintf(&b, "| %s | %s | %d | %.2f | %s | %.2f | %s | %.2f× (%.2f–%.2f) | %.1f / %.1f | %.0f | %.0f | %s |\n",
			r.Name, bench.Thousands(float64(r.Rows)), r.Runs, r.NsPerOp/1e9, bench.Thousands(r.RowsPerSec),
			r.RefNsPerOp/1e9, bench.Thousands(r.RefRowsPerSec), r.Ratio, r.RatioMin, r.RatioMax,
			r.CPUSec, r.RefCPUSec, r.PeakMB, r.RefPeakMB, verdict(r))
	}
	m := res.Machine
	fmt.Fprintf(&b, "\nRecorded %s on %s/%s, %s, %d CPUs (GOMAXPROCS %d), %s MB memory, %s",
		res.RecordedAt, m.GOOS, m.GOARCH, orUnknown(m.CPUModel), m.NumCPU, m.GOMAXPROCS,
		bench.Thousands(float64(m.MemoryTotalMB)), m.GoVersion)
	if m.LoadAverage != "" {
		fmt.Fprintf(&b, "; load average %s at the end of the run", m.LoadAverage)
	}
	b.WriteString(".\n")
	return b.String()
}

func verdict(r Benchmark) string {
	mark := func(ok bool) string {
		if ok {
			return "met"
		}
		return "missed"
	}
	return fmt.Sprintf("ratio ≤ %.1f× %s; ≥ 1M rows/s %s", targetRatio, mark(r.MeetsRatio), mark(r.MeetsRowsPS))
}

func orUnknown(s string) string {
	if s == "" {
		return "CPU unknown"
	}
	return s
}
