package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = `goos: linux
goarch: amd64
pkg: deanery/ingest
cpu: Example CPU @ 2.00GHz
BenchmarkLoadSTF-2          	       1	1944870905 ns/op	  15.94 MB/s	       3.000 cpu-s	       273.7 peak-MB	         1.842 ratio	         2.000 ref-cpu-s	1056050196 ref-ns/op	       187.7 ref-peak-MB	     94692 ref-rows/s	    100000 rows	     51418 rows/s	277741168 B/op	  718960 allocs/op
BenchmarkLoadPlacements-2   	       1	 758709108 ns/op	  17.02 MB/s	       156.1 peak-MB	         1.184 ratio	 640543851 ref-ns/op	       101.4 ref-peak-MB	    156117 ref-rows/s	    100000 rows	    131803 rows/s	127659456 B/op	  203291 allocs/op
PASS
ok  	deanery/ingest	10.048s
`

func TestParse(t *testing.T) {
	res, err := parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Benchmarks) != 2 || res.Machine.GOMAXPROCS != 2 || res.Machine.CPUModel != "Example CPU @ 2.00GHz" {
		t.Fatalf("parsed %+v", res)
	}
	b := res.Benchmarks[0]
	want := Benchmark{Name: "LoadSTF", Rows: 100000, Runs: 1, Iterations: 1, NsPerOp: 1944870905, RowsPerSec: 51418,
		MBPerSec: 15.94, BytesPerOp: 277741168, AllocsPerOp: 718960, RefNsPerOp: 1056050196, RefRowsPerSec: 94692,
		Ratio: 1.842, RatioMin: 1.842, RatioMax: 1.842, PeakMB: 273.7, RefPeakMB: 187.7, CPUSec: 3, RefCPUSec: 2, CPURatio: 1.5}
	if b != want {
		t.Errorf("got  %+v\nwant %+v", b, want)
	}
	if res.Benchmarks[1].MeetsRatio != true || res.Benchmarks[1].MeetsRowsPS {
		t.Errorf("targets of %+v", res.Benchmarks[1])
	}
}

func TestParseTakesMedianOfRuns(t *testing.T) {
	in := `BenchmarkLoadSTF-2 1 300 ns/op 10 rows 30 rows/s 100 ref-ns/op 90 ref-rows/s 3.0 ratio 50 peak-MB 20 ref-peak-MB
BenchmarkLoadSTF-2 1 100 ns/op 10 rows 90 rows/s 100 ref-ns/op 90 ref-rows/s 1.0 ratio 70 peak-MB 20 ref-peak-MB
BenchmarkLoadSTF-2 1 200 ns/op 10 rows 45 rows/s 100 ref-ns/op 90 ref-rows/s 2.0 ratio 60 peak-MB 20 ref-peak-MB
`
	res, err := parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	b := res.Benchmarks[0]
	if len(res.Benchmarks) != 1 || b.Runs != 3 || b.Iterations != 3 || b.NsPerOp != 200 || b.RowsPerSec != 45 ||
		b.Ratio != 2 || b.RatioMin != 1 || b.RatioMax != 3 || b.PeakMB != 60 {
		t.Errorf("median of runs: %+v", res.Benchmarks)
	}
}

func TestParseRefusesFailedOrEmptyRuns(t *testing.T) {
	for name, in := range map[string]string{
		"failed":   strings.Replace(sample, "PASS", "--- FAIL: BenchmarkLoadSTF-2", 1),
		"empty":    "PASS\nok  \tdeanery/ingest\t0.1s\n",
		"no ratio": "BenchmarkX-2 1 100 ns/op\n",
	} {
		if _, err := parse(strings.NewReader(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestRunRewritesTableBetweenMarkers(t *testing.T) {
	dir := t.TempDir()
	readme := filepath.Join(dir, "README.md")
	results := filepath.Join(dir, "results.json")
	before := "# Bench\n\n" + beginMarker + "\nold table\n" + endMarker + "\n\nAfter.\n"
	if err := os.WriteFile(readme, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-results", results, "-readme", readme}, strings.NewReader(sample), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	got, _ := os.ReadFile(readme)
	s := string(got)
	if strings.Contains(s, "old table") || !strings.HasPrefix(s, "# Bench\n\n"+beginMarker+"\n| Benchmark |") ||
		!strings.HasSuffix(s, endMarker+"\n\nAfter.\n") || !strings.Contains(s, "| LoadSTF | 100,000 | 1 | 1.94 | 51,418 | 1.06 | 94,692 | 1.84× (1.84–1.84) | 3.0 / 2.0 | 274 | 188 |") {
		t.Errorf("README:\n%s", s)
	}
	if js, err := os.ReadFile(results); err != nil || !strings.Contains(string(js), `"ratio": 1.842`) {
		t.Errorf("results.json: %v\n%s", err, js)
	}
}

const genSample = `goos: linux
pkg: deanery/exchange/sim
cpu: Example CPU @ 2.00GHz
BenchmarkGenerate/scale=0.1-2         	       1	25566573755 ns/op	        30.88 cpu-s	     18567 files	       726.3 files/s	       850.4 peak-MB	   4252587 rows	    166340 rows/s
BenchmarkGenerate/scale=1-2           	       1	205566573755 ns/op	       330.1 cpu-s	    185670 files	       903.2 files/s	      7850.0 peak-MB	  42525870 rows	    206870 rows/s
PASS
`

// The generation benchmark has its own table; the load table and figures
// recorded earlier stay.
func TestRunRecordsGenerationBesideLoads(t *testing.T) {
	dir := t.TempDir()
	readme := filepath.Join(dir, "README.md")
	results := filepath.Join(dir, "results.json")
	before := "# Bench\n\n" + beginMarker + "\nold table\n" + endMarker + "\n\n" + genBeginMarker + "\nold gen\n" + genEndMarker + "\n"
	if err := os.WriteFile(readme, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-results", results, "-readme", readme}, strings.NewReader(sample), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if code := run([]string{"-results", results, "-readme", readme}, strings.NewReader(genSample), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	got, _ := os.ReadFile(readme)
	s := string(got)
	if strings.Contains(s, "old") || !strings.Contains(s, "| LoadSTF | 100,000 |") ||
		!strings.Contains(s, "| 0.1 | 1 | 25.6 | 30.9 | 850 | 18,567 | 726 | 4,252,587 | 166,340 |  |") ||
		!strings.Contains(s, "| 1 | 1 | 205.6 | 330.1 | 7850 | 185,670 | 903 | 42,525,870 | 206,870 | ≤ 120 s missed by 86 s |") {
		t.Errorf("README:\n%s", s)
	}
	js, err := os.ReadFile(results)
	if err != nil || !strings.Contains(string(js), `"ratio": 1.842`) || !strings.Contains(string(js), `"meets_target_120s": false`) {
		t.Errorf("results.json: %v\n%s", err, js)
	}
}
