package sim

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Environment of the generation benchmark: the scales to generate
// (DEANERY_BENCH_SCALES, "0.1 1" by `make bench`, 0.1 by default) and,
// for the process that generates, its settings.
const (
	benchScalesEnv = "DEANERY_BENCH_SCALES"
	benchChildEnv  = "DEANERY_GENERATE_CHILD"
	benchOutEnv    = "DEANERY_GENERATE_OUT"
	benchToEnv     = "DEANERY_GENERATE_TO"
)

// BenchmarkGenerate generates a whole world (seed 1, 2010–2026) at each
// scale of DEANERY_BENCH_SCALES, as `deanery world generate` does: build,
// the day-by-day run with ESR beside it, every file written. Each world is
// generated in a process of its own, so that its peak resident memory is
// its own; the figures are its wall time (ns/op), CPU time (cpu-s), peak
// memory (peak-MB), the files it wrote (files, files/s) and the rows they
// hold (rows, rows/s: interface records, extract rows and truth rows).
// bench/record keeps them in bench/results.json and bench/README.md;
// PERFORMANCE.md explains them.
func BenchmarkGenerate(b *testing.B) {
	scales := strings.Fields(os.Getenv(benchScalesEnv))
	if len(scales) == 0 {
		scales = []string{"0.1"}
	}
	for _, sc := range scales {
		b.Run("scale="+sc, func(b *testing.B) {
			var m genMeasure
			for b.Loop() {
				var err error
				if m, err = measureGenerate(b.TempDir(), sc, "2026-12-31"); err != nil {
					b.Fatal(err)
				}
			}
			m.report(b)
		})
	}
}

// TestGenerateBenchHarness runs the benchmark's measurement on a tiny
// world, so that the harness keeps working where the benchmark is not run.
func TestGenerateBenchHarness(t *testing.T) {
	m, err := measureGenerate(t.TempDir(), "0.002", "2010-06-30")
	if err != nil {
		t.Fatal(err)
	}
	if m.files < 50 || m.rows < m.files || m.wall <= 0 || m.cpu <= 0 {
		t.Errorf("implausible figures: %+v", m)
	}
	if m.peak == 0 {
		t.Log("peak memory is not reported on this platform")
	}
}

// TestGenerateBenchChild is the process that generates a world for the
// benchmark; it does nothing unless started by measureGenerate.
func TestGenerateBenchChild(t *testing.T) {
	sc := os.Getenv(benchChildEnv)
	if sc == "" {
		t.Skip("the generation benchmark's child process")
	}
	scale, err := strconv.ParseFloat(sc, 64)
	if err != nil {
		t.Fatal(err)
	}
	to, err := ParseDate(os.Getenv(benchToEnv))
	if err != nil {
		t.Fatal(err)
	}
	s := DefaultSettings(1, time.Now())
	s.Scale, s.To = scale, to
	if _, err := Generate(context.Background(), s, os.Getenv(benchOutEnv), func(string, int, int) {}); err != nil {
		t.Fatal(err)
	}
}

type genMeasure struct {
	wall, cpu   time.Duration
	peak        int64 // bytes
	files, rows int64
}

func (m genMeasure) report(b *testing.B) {
	b.ReportMetric(m.cpu.Seconds(), "cpu-s")
	if m.peak > 0 {
		b.ReportMetric(float64(m.peak)/1e6, "peak-MB")
	}
	b.ReportMetric(float64(m.files), "files")
	b.ReportMetric(float64(m.files)/m.wall.Seconds(), "files/s")
	b.ReportMetric(float64(m.rows), "rows")
	b.ReportMetric(float64(m.rows)/m.wall.Seconds(), "rows/s")
}

// measureGenerate generates a world of the given scale to the given day
// in a child process under dir and measures it.
func measureGenerate(dir, scale, to string) (genMeasure, error) {
	out := filepath.Join(dir, "world")
	cmd := exec.Command(os.Args[0], "-test.run=^TestGenerateBenchChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), benchChildEnv+"="+scale, benchOutEnv+"="+out, benchToEnv+"="+to)
	start := time.Now()
	text, err := cmd.CombinedOutput()
	m := genMeasure{wall: time.Since(start)}
	if err != nil {
		return m, fmt.Errorf("generate at scale %s: %w\n%s", scale, err, text)
	}
	if !bytes.Contains(text, []byte("ok")) && !bytes.Contains(text, []byte("PASS")) {
		return m, fmt.Errorf("generate at scale %s ran no test:\n%s", scale, text)
	}
	m.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.peak = ru.Maxrss * 1024 // kilobytes on Linux
	}
	m.files, m.rows, err = countWorld(out)
	return m, err
}

// countWorld counts the files of a world and the rows they hold: the
// records of its interface files (file_truth), the rows of its extracts
// and configuration (lines after the header) and of its truth tables.
func countWorld(dir string) (files, rows int64, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		rel, _ := filepath.Rel(dir, path)
		if top, _, _ := strings.Cut(rel, string(filepath.Separator)); top == "config" || top == "deanery" {
			n, err := lines(path)
			rows += max(0, n-1)
			return err
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	truth := filepath.Join(dir, "truth")
	for _, table := range append(TruthTables(), tableFileTruth) {
		err := ReadTruth(context.Background(), truth, table, func(cols, row []string) error {
			rows++
			if table == tableFileTruth {
				n, _ := strconv.ParseInt(row[8], 10, 64) // record_count
				rows += n
			}
			return nil
		})
		if err != nil {
			return 0, 0, err
		}
	}
	return files, rows, nil
}

func lines(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var n int64
	r := bufio.NewReaderSize(f, 64<<10)
	for {
		b, err := r.ReadSlice('\n')
		if len(b) > 0 && b[len(b)-1] == '\n' {
			n++
		}
		if err != nil {
			if err == bufio.ErrBufferFull {
				continue
			}
			return n, nil
		}
	}
}
