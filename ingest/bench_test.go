package ingest_test

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"deanery/ingest"
	"deanery/ingest/extract"
	"deanery/ingest/iface"
	dsql "deanery/sql"
)

// The load benchmarks time ingest.Load of one big file into a fresh
// warehouse beside DuckDB's own read_csv of the same file into a typed
// table, and measure the peak memory of each in a child process. `make
// bench` runs them at full size and records the figures under bench/.

const (
	// benchRowsEnv sets the records per file (default a million); a small
	// number keeps the harness working in CI.
	benchRowsEnv     = "DEANERY_BENCH_ROWS"
	benchDefaultRows = 1_000_000

	// A child process started to measure peak memory runs one side only:
	// benchStageEnv says whether it launches the measured process or is
	// it ("launch" or "run"), benchChildEnv names the side ("load" or
	// "read_csv"), the others the case, the input file and the warehouse
	// file to create.
	benchStageEnv = "DEANERY_BENCH_STAGE"
	benchChildEnv = "DEANERY_BENCH_CHILD"
	benchCaseEnv  = "DEANERY_BENCH_CASE"
	benchFileEnv  = "DEANERY_BENCH_FILE"
	benchDBEnv    = "DEANERY_BENCH_DB"

	// benchDataVersion names the cached files; raise it when a generator
	// changes so that stale files are not reused.
	benchDataVersion = 2
)

// loadBench is one benchmarked file: how to write it, the table our load
// fills, and the reference statement that reads it with DuckDB alone.
type loadBench struct {
	name  string // stf, placements
	file  string // base name of the file
	table string // warehouse table our load fills
	write func(io.Writer, int) error
	ref   func() reference
}

// reference is DuckDB reading the file on its own: a typed table and one
// INSERT … SELECT FROM read_csv (the path goes in for %s).
type reference struct {
	table, create, insert string
}

var benchCases = map[string]loadBench{
	"stf":        {name: "stf", file: benchSTFName, table: "stf_record", write: writeSTF, ref: stfReference},
	"placements": {name: "placements", file: benchPlacementsName, table: "placement_version", write: writePlacements, ref: placementsReference},
}

// stfReference types the STF layout as the warehouse does (N as BIGINT,
// N(n,m) as DECIMAL, L as text so that zero padding stays, D as DATE, T as
// TIMESTAMP), skips the HDR line and drops the TRL line.
func stfReference() reference {
	l, _ := iface.Layout("STF")
	var defs, cols []string
	for i, f := range l.Fields {
		typ := "VARCHAR"
		switch {
		case f.Type == iface.N && f.Dec > 0:
			typ = "DECIMAL(18,2)"
		case f.Type == iface.N:
			typ = "BIGINT"
		case f.Type == iface.D:
			typ = "DATE"
		case f.Type == iface.T:
			typ = "TIMESTAMP"
		}
		cols = append(cols, fmt.Sprintf("'%s': '%s'", f.Column(), typ))
		if i > 0 {
			defs = append(defs, f.Column()+" "+typ)
		}
	}
	return reference{
		table:  "stf",
		create: "CREATE TABLE stf (" + strings.Join(defs, ", ") + ")",
		insert: `INSERT INTO stf SELECT * EXCLUDE (record_type) FROM read_csv(%s,
			header = false, skip = 1, auto_detect = false, delim = ',', quote = '"', escape = '"',
			null_padding = true, dateformat = '%%Y%%m%%d', timestampformat = '%%Y%%m%%d%%H%%M%%S',
			columns = {` + strings.Join(cols, ", ") + `})
			WHERE record_type = 'STF'`,
	}
}

// placementsReference types the Intrepid placement columns as the
// warehouse does, reads the header row and drops the end marker.
func placementsReference() reference {
	var defs, cols []string
	for _, c := range extract.Columns(extract.Placement) {
		typ := "VARCHAR"
		switch c.Kind {
		case extract.Date:
			typ = "DATE"
		case extract.Timestamp:
			typ = "TIMESTAMP"
		case extract.Decimal:
			typ = "DECIMAL(5,2)"
		case extract.Bool:
			typ = "BOOLEAN"
		}
		cols = append(cols, fmt.Sprintf("'%s': '%s'", c.Name, typ))
		defs = append(defs, c.Name+" "+typ)
	}
	return reference{
		table:  "placement",
		create: "CREATE TABLE placement (" + strings.Join(defs, ", ") + ")",
		insert: `INSERT INTO placement SELECT * FROM read_csv(%s,
			header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
			null_padding = true, dateformat = '%%Y-%%m-%%d', timestampformat = '%%Y-%%m-%%dT%%H:%%M:%%S',
			columns = {` + strings.Join(cols, ", ") + `})
			WHERE placement_id <> 'EOF'`,
	}
}

// benchRows reads DEANERY_BENCH_ROWS.
func benchRows(tb testing.TB) int {
	s := os.Getenv(benchRowsEnv)
	if s == "" {
		return benchDefaultRows
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		tb.Fatalf("%s=%q: want a positive number of rows", benchRowsEnv, s)
	}
	return n
}

// benchFile returns the case's file of rows records, written once and kept
// under bench/tmp (ignored by git) for later runs.
func benchFile(tb testing.TB, c loadBench, rows int) string {
	tb.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "bench", "tmp", fmt.Sprintf("data-v%d-%d", benchDataVersion, rows)))
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(dir, c.name, c.file)
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if err := writeBenchFile(path, c, rows); err != nil {
		tb.Fatal(err)
	}
	return path
}

// writeBenchFile writes under a temporary name and renames, so that an
// interrupted run never leaves a partial file to be reused.
func writeBenchFile(path string, c loadBench, rows int) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".partial-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := c.write(f, rows); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", c.file, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// loadOurs loads path into a fresh warehouse at dbPath and checks that
// every record arrived; elapsed covers ingest.Load alone.
func loadOurs(ctx context.Context, c loadBench, path, dbPath string, rows int, timer func(on bool)) (time.Duration, error) {
	db, err := dsql.Open(ctx, dbPath, dsql.ReadWrite)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	runtime.GC()
	timer(true)
	start := time.Now()
	res, err := ingest.Load(ctx, db, []string{path}, ingest.Options{})
	elapsed := time.Since(start)
	timer(false)
	if err != nil {
		return 0, err
	}
	if len(res.Files) != 1 {
		return 0, fmt.Errorf("load: %d files, want 1", len(res.Files))
	}
	fr := res.Files[0]
	if fr.Status != ingest.StatusLoaded || fr.Records != rows || fr.Rejected != 0 || fr.Flags != 0 || fr.ByTable[c.table] != rows {
		return 0, fmt.Errorf("load %s: status %s %s, %d records, %d rejected %v, %d flags, %d in %s; want all %d loaded clean",
			c.file, fr.Status, fr.Reason, fr.Records, fr.Rejected, fr.RejectsBy, fr.Flags, fr.ByTable[c.table], c.table, rows)
	}
	return elapsed, db.Close()
}

// readCSV is the reference: DuckDB's read_csv of path into a typed table of
// a fresh database file at dbPath, then a checkpoint, as our load ends
// with one; elapsed covers the INSERT and the CHECKPOINT.
func readCSV(ctx context.Context, c loadBench, path, dbPath string, rows int, timer func(on bool)) (time.Duration, error) {
	db, err := stdsql.Open("duckdb", dbPath)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	ref := c.ref()
	if _, err := db.ExecContext(ctx, ref.create); err != nil {
		return 0, fmt.Errorf("reference table: %w", err)
	}
	runtime.GC()
	timer(true)
	start := time.Now()
	res, err := db.ExecContext(ctx, fmt.Sprintf(ref.insert, sqlString(path)))
	if err == nil {
		_, err = db.ExecContext(ctx, "CHECKPOINT")
	}
	elapsed := time.Since(start)
	timer(false)
	if err != nil {
		return 0, fmt.Errorf("read_csv %s: %w", c.file, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != int64(rows) {
		return 0, fmt.Errorf("read_csv %s: %d rows (%v), want %d", c.file, n, err, rows)
	}
	return elapsed, db.Close()
}

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func BenchmarkLoadSTF(b *testing.B)        { benchmarkLoad(b, benchCases["stf"]) }
func BenchmarkLoadPlacements(b *testing.B) { benchmarkLoad(b, benchCases["placements"]) }

// benchmarkLoad times ours (ns/op, B/op, allocs/op and rows/s are ours)
// and the reference (ref-ns/op, ref-rows/s) on the same file, reports the
// ratio of their times, and the peak resident memory and CPU time of each
// measured in a process of its own (peak-MB, ref-peak-MB, cpu-s,
// ref-cpu-s).
func benchmarkLoad(b *testing.B, c loadBench) {
	ctx := context.Background()
	rows := benchRows(b)
	path := benchFile(b, c, rows)
	size := warm(b, path)
	dir := b.TempDir()
	b.SetBytes(size)
	b.ReportAllocs()
	timer := func(on bool) {
		if on {
			b.StartTimer()
		} else {
			b.StopTimer()
		}
	}
	b.StopTimer()
	b.ResetTimer()
	var ours, ref time.Duration
	for i := 0; i < b.N; i++ {
		d, err := loadOurs(ctx, c, path, filepath.Join(dir, fmt.Sprintf("ours-%d.duckdb", i)), rows, timer)
		if err != nil {
			b.Fatal(err)
		}
		ours += d
		d, err = readCSV(ctx, c, path, filepath.Join(dir, fmt.Sprintf("ref-%d.duckdb", i)), rows, func(bool) {})
		if err != nil {
			b.Fatal(err)
		}
		ref += d
		removeDB(filepath.Join(dir, fmt.Sprintf("ours-%d.duckdb", i)))
		removeDB(filepath.Join(dir, fmt.Sprintf("ref-%d.duckdb", i)))
	}
	peak, cpu := childRun(b, c, "load", path, filepath.Join(dir, "ours-child.duckdb"))
	refPeak, refCPU := childRun(b, c, "read_csv", path, filepath.Join(dir, "ref-child.duckdb"))

	n := float64(b.N)
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(rows)*n/ours.Seconds(), "rows/s")
	b.ReportMetric(float64(rows)*n/ref.Seconds(), "ref-rows/s")
	b.ReportMetric(float64(ref.Nanoseconds())/n, "ref-ns/op")
	b.ReportMetric(ours.Seconds()/ref.Seconds(), "ratio")
	if peak > 0 && refPeak > 0 {
		b.ReportMetric(float64(peak)/1e6, "peak-MB")
		b.ReportMetric(float64(refPeak)/1e6, "ref-peak-MB")
	}
	b.ReportMetric(cpu.Seconds(), "cpu-s")
	b.ReportMetric(refCPU.Seconds(), "ref-cpu-s")
}

// warm reads the file once, so that neither side pays for a cold page
// cache, and returns its size.
func warm(tb testing.TB, path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	n, err := io.Copy(io.Discard, f)
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

func removeDB(path string) {
	os.Remove(path)
	os.Remove(path + ".wal")
}

// The markers start the lines a measured process prints once it has done
// its work (the CPU time of the work in nanoseconds follows) and its
// launcher then prints (its peak in bytes, then the CPU time), so that a
// child that ran no test (a renamed helper) is never taken for a
// measurement.
const (
	workMarker  = "load-bench-child work cpu ns:"
	childMarker = "load-bench-child done, peak bytes and cpu ns:"
)

// childRun runs one side alone in a fresh process and returns its peak
// resident set size in bytes (0 where the platform does not report it) and
// the CPU time (user and system, every thread) of the timed work alone: what
// a busy machine changes least, where the wall times of both sides stretch
// with other work.
//
// The process is a grandchild: on Linux a child started straight from
// this process inherits its high-water mark at exec (the kernel keeps the
// larger of the old and new peak), and by then this process holds a whole
// load of its own. So a small child (this test binary, doing nothing else)
// starts the one that does the work, and reports what wait4 says of it.
func childRun(tb testing.TB, c loadBench, side, path, dbPath string) (int64, time.Duration) {
	tb.Helper()
	defer removeDB(dbPath)
	out, _, err := runChild("launch", side, c, path, dbPath, benchRows(tb))
	if err != nil {
		tb.Fatalf("%s child for %s: %v", side, c.file, err)
	}
	var peak, cpu int64
	err = parseMarker(out, childMarker, &peak, &cpu)
	if err != nil {
		tb.Fatalf("%s child for %s: %v\n%s", side, c.file, err, out)
	}
	if peak == 0 {
		tb.Logf("peak memory is not reported on %s", runtime.GOOS)
	}
	return peak, time.Duration(cpu)
}

// runChild runs TestLoadBenchChild of this test binary at the given stage
// and returns its output and its peak resident set size (0 if unknown).
func runChild(stage, side string, c loadBench, path, dbPath string, rows int) (string, int64, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestLoadBenchChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), benchStageEnv+"="+stage, benchChildEnv+"="+side, benchCaseEnv+"="+c.name,
		benchFileEnv+"="+path, benchDBEnv+"="+dbPath, benchRowsEnv+"="+strconv.Itoa(rows))
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), 0, fmt.Errorf("%w\n%s", err, out)
	}
	peak, _ := maxRSS(cmd.ProcessState)
	return string(out), peak, nil
}

// parseMarker reads the numbers after the last marker line of out.
func parseMarker(out, marker string, nums ...any) error {
	i := strings.LastIndex(out, marker)
	if i < 0 {
		return fmt.Errorf("no %q line", marker)
	}
	line, _, _ := strings.Cut(out[i+len(marker):], "\n")
	if _, err := fmt.Sscan(line, nums...); err != nil {
		return fmt.Errorf("%s line %q: %w", marker, line, err)
	}
	return nil
}

// TestLoadBenchChild is one side of a load benchmark in a child process
// (see childRun); skipped unless a benchmark started it.
func TestLoadBenchChild(t *testing.T) {
	stage, side := os.Getenv(benchStageEnv), os.Getenv(benchChildEnv)
	if stage == "" {
		t.Skip("runs only as a child of the load benchmarks")
	}
	c, ok := benchCases[os.Getenv(benchCaseEnv)]
	if !ok {
		t.Fatalf("%s=%q: no such case", benchCaseEnv, os.Getenv(benchCaseEnv))
	}
	path, dbPath, rows := os.Getenv(benchFileEnv), os.Getenv(benchDBEnv), benchRows(t)
	if stage == "launch" {
		out, peak, err := runChild("run", side, c, path, dbPath, rows)
		if err != nil {
			t.Fatal(err)
		}
		var cpu int64
		if err := parseMarker(out, workMarker, &cpu); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		fmt.Println(childMarker, peak, cpu)
		return
	}
	ctx := context.Background()
	var cpu0, cpu time.Duration
	timer := func(on bool) {
		if on {
			cpu0 = processCPU()
		} else {
			cpu = processCPU() - cpu0
		}
	}
	var err error
	switch side {
	case "load":
		_, err = loadOurs(ctx, c, path, dbPath, rows, timer)
	case "read_csv":
		_, err = readCSV(ctx, c, path, dbPath, rows, timer)
	default:
		err = fmt.Errorf("%s=%q: want load or read_csv", benchChildEnv, side)
	}
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(workMarker, cpu.Nanoseconds())
}

// TestBenchFilesLoadClean keeps the benchmark honest: the generated files
// load with no reject and no flag, our load and DuckDB's read_csv read the
// same values, and our rows keep the file's line order. The large case
// spans more than one of the loader's record batches (122,880 rows).
func TestBenchFilesLoadClean(t *testing.T) {
	checks := map[string]string{
		"stf": `SELECT count(*), count(DISTINCT esr_person_number), sum(wte), min(dob), max(last_updated),
			count(end_date), sum(length(address1)), count(deanery_number),
			sum(hash(last_name, first_name, middle_names, postcode, position_id, start_date)) FROM %s`,
		"placements": `SELECT count(*), count(DISTINCT placement_id), sum(wte), min(start_date), max(modified_at),
			count(*) FILTER (withdrawn), count(*) FILTER (lifecycle_state = 'DRAFT'), max(trainee_id),
			sum(hash(placement_id, trainee_id, site_code, end_date, created_at)) FROM %s`,
	}
	for _, tc := range []struct {
		name string
		rows int
	}{{"stf", 2000}, {"placements", 2000}, {"stf", 130_000}} {
		c := benchCases[tc.name]
		t.Run(fmt.Sprintf("%s-%d", tc.name, tc.rows), func(t *testing.T) {
			if tc.rows > 10_000 && testing.Short() {
				t.Skip("large file skipped in -short mode")
			}
			ctx := context.Background()
			dir := t.TempDir()
			path := filepath.Join(dir, c.name, c.file)
			if err := writeBenchFile(path, c, tc.rows); err != nil {
				t.Fatal(err)
			}
			ours := filepath.Join(dir, "ours.duckdb")
			if _, err := loadOurs(ctx, c, path, ours, tc.rows, func(bool) {}); err != nil {
				t.Fatal(err)
			}
			ref := filepath.Join(dir, "ref.duckdb")
			if _, err := readCSV(ctx, c, path, ref, tc.rows, func(bool) {}); err != nil {
				t.Fatal(err)
			}
			got := summary(t, ours, fmt.Sprintf(checks[c.name], c.table))
			want := summary(t, ref, fmt.Sprintf(checks[c.name], c.ref().table))
			if got != want {
				t.Errorf("our load and read_csv differ:\n ours     %s\n read_csv %s", got, want)
			}
			// Both files have one line before the first row (HDR, header).
			order := summary(t, ours, fmt.Sprintf("SELECT count(*) FILTER (line_number <> rowid + 2) FROM %s", c.table))
			if order != "[0]" {
				t.Errorf("%s rows out of line order in %s", order, c.table)
			}
		})
	}
}

// summary runs a one-row query on a database file and renders the row.
func summary(t *testing.T, dbPath, query string) string {
	t.Helper()
	db, err := stdsql.Open("duckdb", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	if !rows.Next() {
		t.Fatalf("%s: no row", query)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%v", vals)
}
