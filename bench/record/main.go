// Command record reads the output of the load benchmarks and of the world
// generation benchmark (`go test -bench`) on stdin and records it:
// bench/results.json with every figure and the machine it ran on, and the
// results tables of bench/README.md, each rewritten between its marker
// comments. `make bench` runs it after the benchmarks. A kind of benchmark
// absent from the input keeps its earlier figures.
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

// Markers around the tables in the README.
const (
	beginMarker    = "<!-- results:begin -->"
	endMarker      = "<!-- results:end -->"
	genBeginMarker = "<!-- generate:begin -->"
	genEndMarker   = "<!-- generate:end -->"
)

// targetGenerateSec is the target for generating the national
// world (scale 1) on two cores.
const targetGenerateSec = 120

// Results is the content of results.json.
type Results struct {
	RecordedAt string      `json:"recorded_at"`
	Machine    Machine     `json:"machine"`
	Targets    Targets     `json:"targets"`
	Benchmarks []Benchmark `json:"benchmarks"`
	// Generation holds the world generation benchmark, one entry per scale.
	Generation []Generation `json:"generation,omitempty"`
}

// Generation is one world generation: `deanery world generate` at a scale,
// in a process of its own.
type Generation struct {
	Name        string  `json:"name"`
	Scale       string  `json:"scale"`
	Runs        int     `json:"runs"`
	WallSec     float64 `json:"wall_sec"`
	CPUSec      float64 `json:"cpu_sec"`
	PeakMB      float64 `json:"peak_mb"`
	Files       int64   `json:"files"`
	FilesPerSec float64 `json:"files_per_sec"`
	Rows        int64   `json:"rows"`
	RowsPerSec  float64 `json:"rows_per_sec"`
	// MeetsTarget is set for the national world (scale 1) only.
	MeetsTarget *bool `json:"meets_target_120s,omitempty"`
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
	for _, g := range res.Generation {
		fmt.Fprintf(stdout, "%s: %.1f s (%.1f CPU s), %.0f files/s, %.0f rows/s, peak %.0f MB\n",
			g.Name, g.WallSec, g.CPUSec, g.FilesPerSec, g.RowsPerSec, g.PeakMB)
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
		case strings.HasPrefix(text, "BenchmarkGenerate"):
			g, procs, err := parseGenerate(text)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", line, err)
			}
			if g == nil {
				continue
			}
			res.Machine.GOMAXPROCS = procs
			res.Generation = append(res.Generation, *g)
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
	if len(res.Benchmarks) == 0 && len(res.Generation) == 0 {
		return nil, errors.New("no benchmark results on stdin")
	}
	res.Benchmarks = medians(res.Benchmarks)
	res.Generation = genMedians(res.Generation)
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
		med := func(f func(Benchmark) float64) float64 { return median(rs, f) }
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

// splitLine reads one result line: name-procs, iterations, then value
// and unit pairs by unit. The map is nil for a line that holds the name
// alone.
func splitLine(text string) (name string, procs int, iters int64, m map[string]float64, err error) {
	fields := strings.Fields(text)
	if len(fields) < 2 {
		return "", 0, 0, nil, nil
	}
	name, procs = fields[0], 1
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if p, err := strconv.Atoi(name[i+1:]); err == nil {
			name, procs = name[:i], p
		}
	}
	iters, err = strconv.ParseInt(fields[1], 10, 64)
	if err != nil {
		return "", 0, 0, nil, nil
	}
	if len(fields)%2 != 0 {
		return "", 0, 0, nil, fmt.Errorf("%s: odd number of value and unit fields", name)
	}
	m = map[string]float64{}
	for i := 2; i < len(fields); i += 2 {
		v, err := strconv.ParseFloat(fields[i], 64)
		if err != nil {
			return "", 0, 0, nil, fmt.Errorf("%s: %q is not a number", name, fields[i])
		}
		m[fields[i+1]] = v
	}
	return name, procs, iters, m, nil
}

// parseGenerate reads one line of BenchmarkGenerate/scale=S: wall time
// (ns/op), cpu-s, peak-MB, files, files/s, rows, rows/s. It returns nil
// for a line that holds the name alone.
func parseGenerate(text string) (*Generation, int, error) {
	name, procs, _, m, err := splitLine(text)
	if m == nil || err != nil {
		return nil, 0, err
	}
	for _, unit := range []string{"ns/op", "cpu-s", "files", "files/s", "rows", "rows/s"} {
		if _, ok := m[unit]; !ok {
			return nil, 0, fmt.Errorf("%s: no %s figure", name, unit)
		}
	}
	_, scale, _ := strings.Cut(name, "scale=")
	return &Generation{Name: strings.TrimPrefix(name, "Benchmark"), Scale: scale, Runs: 1, WallSec: m["ns/op"] / 1e9,
		CPUSec: m["cpu-s"], PeakMB: m["peak-MB"], Files: int64(m["files"]), FilesPerSec: m["files/s"],
		Rows: int64(m["rows"]), RowsPerSec: m["rows/s"]}, procs, nil
}

// genMedians folds the runs of each scale into one: the median of each
// figure.
func genMedians(runs []Generation) []Generation {
	var order []string
	byName := map[string][]Generation{}
	for _, g := range runs {
		if _, ok := byName[g.Name]; !ok {
			order = append(order, g.Name)
		}
		byName[g.Name] = append(byName[g.Name], g)
	}
	var out []Generation
	for _, name := range order {
		rs := byName[name]
		med := func(f func(Generation) float64) float64 { return median(rs, f) }
		g := Generation{Name: name, Scale: rs[0].Scale, Runs: len(rs), Files: rs[0].Files, Rows: rs[0].Rows,
			WallSec:     med(func(g Generation) float64 { return g.WallSec }),
			CPUSec:      med(func(g Generation) float64 { return g.CPUSec }),
			PeakMB:      med(func(g Generation) float64 { return g.PeakMB }),
			FilesPerSec: med(func(g Generation) float64 { return g.FilesPerSec }),
			RowsPerSec:  med(func(g Generation) float64 { return g.RowsPerSec }),
		}
		if g.Scale == "1" {
			ok := g.WallSec <= targetGenerateSec
			g.MeetsTarget = &ok
		}
		out = append(out, g)
	}
	return out
}

// median is the median of f over the runs.
func median[T any](runs []T, f func(T) float64) float64 {
	vs := make([]float64, len(runs))
	for i, r := range runs {
		vs[i] = f(r)
	}
	slices.Sort(vs)
	if n := len(vs); n%2 == 0 {
		return (vs[n/2-1] + vs[n/2]) / 2
	}
	return vs[len(vs)/2]
}

// parseLine reads one load benchmark's result line. It returns nil for a
// line that holds the name alone.
func parseLine(text string) (*Benchmark, int, error) {
	name, procs, iters, m, err := splitLine(text)
	if m == nil || err != nil {
		return nil, 0, err
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
	// The pipeline driver (deanery bench) keeps its own part of the same
	// file; only the Go benchmarks' keys are replaced here, and of those
	// only the kinds this run measured.
	keys := map[string]any{"recorded_at": res.RecordedAt, "machine": res.Machine}
	updated := readme
	if len(res.Benchmarks) > 0 {
		if updated, err = bench.ReplaceBetween(updated, beginMarker, endMarker, table(res)); err != nil {
			return fmt.Errorf("%s: %w", readmePath, err)
		}
		keys["targets"], keys["benchmarks"] = res.Targets, res.Benchmarks
	}
	if len(res.Generation) > 0 {
		if updated, err = bench.ReplaceBetween(updated, genBeginMarker, genEndMarker, genTable(res)); err != nil {
			return fmt.Errorf("%s: %w", readmePath, err)
		}
		keys["generation"] = res.Generation
	}
	if err := bench.UpdateJSON(resultsPath, keys); err != nil {
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
	machineLine(&b, res)
	return b.String()
}

func machineLine(b *strings.Builder, res *Results) {
	m := res.Machine
	fmt.Fprintf(b, "\nRecorded %s on %s/%s, %s, %d CPUs (GOMAXPROCS %d), %s MB memory, %s",
		res.RecordedAt, m.GOOS, m.GOARCH, orUnknown(m.CPUModel), m.NumCPU, m.GOMAXPROCS,
		bench.Thousands(float64(m.MemoryTotalMB)), m.GoVersion)
	if m.LoadAverage != "" {
		fmt.Fprintf(b, "; load average %s at the end of the run", m.LoadAverage)
	}
	b.WriteString(".\n")
}

// genTable renders the generation results as Markdown.
func genTable(res *Results) string {
	var b strings.Builder
	b.WriteString("| Scale | Runs | Wall (s) | CPU (s) | Peak MB | Files | Files/s | Rows | Rows/s | Target |\n")
	b.WriteString("|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n")
	for _, g := range res.Generation {
		target := ""
		if g.MeetsTarget != nil {
			target = fmt.Sprintf("≤ %d s missed by %.0f s", targetGenerateSec, g.WallSec-targetGenerateSec)
			if *g.MeetsTarget {
				target = fmt.Sprintf("≤ %d s met", targetGenerateSec)
			}
		}
		fmt.Fprintf(&b, "| %s | %d | %.1f | %.1f | %.0f | %s | %s | %s | %s | %s |\n", g.Scale, g.Runs, g.WallSec, g.CPUSec,
			g.PeakMB, bench.Thousands(float64(g.Files)), bench.Thousands(g.FilesPerSec), bench.Thousands(float64(g.Rows)),
			bench.Thousands(g.RowsPerSec), target)
	}
	machineLine(&b, res)
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
