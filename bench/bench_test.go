package bench

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestSplitLastQuarterLinksEachFileOnce(t *testing.T) {
	world := t.TempDir()
	files := []string{
		"config/trusts.csv",
		"deanery/OXF/INTREPID_OXF_POSTS_2010Q1.csv",
		"deanery/OXF/INTREPID_OXF_POSTS_2010Q2.csv",
		"deanery/NWN/EMPOWER_NWN_POSTS_2010Q2.txt",
		"exchange/2010/20100331/DE_OXF_RMC_20100331_00000001.DAT",
		"exchange/2010/20100401/DE_OXF_RMC_20100401_00000002.DAT",
		"exchange/2010/20100615/DE_OXF_APP_20100615_00000001.DAT",
		"truth/human.csv",
	}
	for _, f := range files {
		write(t, filepath.Join(world, f), f)
	}
	before, last, q, err := splitLastQuarter(world, filepath.Join(t.TempDir(), "inc"))
	if err != nil {
		t.Fatal(err)
	}
	if q != "2010Q2" {
		t.Errorf("last quarter %s, want 2010Q2", q)
	}
	want := map[string][]string{
		before: {"config/trusts.csv", "deanery/OXF/INTREPID_OXF_POSTS_2010Q1.csv",
			"exchange/2010/20100331/DE_OXF_RMC_20100331_00000001.DAT"},
		last: {"config/trusts.csv", "deanery/NWN/EMPOWER_NWN_POSTS_2010Q2.txt", "deanery/OXF/INTREPID_OXF_POSTS_2010Q2.csv",
			"exchange/2010/20100401/DE_OXF_RMC_20100401_00000002.DAT", "exchange/2010/20100615/DE_OXF_APP_20100615_00000001.DAT"},
	}
	for dir, names := range want {
		got := listFiles(t, dir)
		if strings.Join(got, "\n") != strings.Join(names, "\n") {
			t.Errorf("%s holds\n%s\nwant\n%s", filepath.Base(dir), strings.Join(got, "\n"), strings.Join(names, "\n"))
		}
		for _, n := range got {
			a, b := inode(t, filepath.Join(dir, n)), inode(t, filepath.Join(world, n))
			if a != b {
				t.Errorf("%s/%s is a copy, want a hard link to the world's file", filepath.Base(dir), n)
			}
		}
	}
}

func TestJudgeAndScaling(t *testing.T) {
	ok := func(name string, wall, peak float64) Stage { return Stage{Name: name, WallSec: wall, PeakMB: peak} }
	small := Scale{Scale: 0.1, Stages: []Stage{ok(StageGenerate, 10, 500), ok(StageLoad, 2, 300), ok(StageExchange, 4, 400)}}
	big := Scale{Scale: 1, Stages: []Stage{
		ok(StageGenerate, 130, 6000), ok(StageLoad, 25, 900), ok(StageExchange, 15, 1200), ok(StageQuality, 12, 2000),
		ok(StageQuarterly, 1, 200), {Name: StageDashboards, WallSec: 3, PeakMB: 300, Extra: map[string]float64{"largest_page_mb": 2.5}},
		{Name: StageIncremental, WallSec: 9, ExitCode: 2, Error: "boom"},
	}}
	for _, s := range big.Stages {
		if contains(pipelineStages, s.Name) {
			big.PipelineWallSec += s.WallSec
			big.PipelinePeakMB = max(big.PipelinePeakMB, s.PeakMB)
		}
	}
	p := &Pipeline{Targets: Targets(), Scales: []Scale{small, big}}
	p.Scaling = scaling(p.Scales)
	p.Judge()
	got := map[string]Target{}
	for _, tg := range p.Targets {
		got[tg.Name] = tg
	}
	for name, want := range map[string]struct {
		measured  float64
		met, know bool
	}{
		"generate the national world":                        {130, false, true},
		"exchanges: 16 years played and loaded":              {15, true, true},
		"quarterly report and every dashboard":               {4, true, true},
		"largest dashboard":                                  {2.5, true, true},
		"whole pipeline (load, exchanges, quality, reports)": {56, true, true},
		"whole pipeline peak memory":                         {2000, true, true},
		"incremental quarter / whole pipeline":               {9.0 / 56, false, false},
	} {
		tg := got[name]
		if tg.Known != want.know || tg.Met != want.met || (tg.Known && abs(tg.Measured-want.measured) > 1e-9) {
			t.Errorf("%s: measured %v met %v known %v, want %v %v %v", name, tg.Measured, tg.Met, tg.Known, want.measured, want.met, want.know)
		}
	}
	lin := map[string]bool{}
	for _, s := range p.Scaling {
		lin[s.Stage] = s.Linear
	}
	// generate grew 13× for 10× the scale; load 12.5×; exchange 3.75×.
	if len(p.Scaling) != 3 || lin[StageGenerate] || lin[StageLoad] || !lin[StageExchange] {
		t.Errorf("scaling %+v", p.Scaling)
	}
	md := p.Markdown()
	for _, want := range []string{"| generate the national world | 120 s | 130.00 s at scale 1 | missed by 8% |",
		"| incremental | — | — | — | — | failed after 9.0 |", "| exchange, scale 0.1 → 1 | 10.0× | 3.8× | yes |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestUpdateJSONKeepsOtherKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.json")
	write(t, path, `{"benchmarks": [{"name": "LoadSTF"}], "machine": {"goos": "linux"}}`)
	if err := UpdateJSON(path, map[string]any{"pipeline": map[string]int{"seed": 7}}); err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	data, _ := os.ReadFile(path)
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if string(doc["benchmarks"]) == "" || !strings.Contains(string(doc["pipeline"]), `"seed": 7`) || !strings.Contains(string(doc["machine"]), "linux") {
		t.Errorf("after update: %s", data)
	}
}

// The runner's figures come from the kernel's accounting of the child:
// a child that holds 64 MB shows at least that much, an exit code of 1
// is a finding, not a failure, and a stage past its time is stopped.
func TestRunnerMeasuresTheChild(t *testing.T) {
	if os.Getenv("BENCH_CHILD") != "" {
		return
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	r := runner{binary: self, timeout: 20 * time.Second}
	t.Setenv("BENCH_CHILD", "hold")
	s := r.run(context.Background(), "hold", "-test.run=^TestChildProcess$")
	if !s.OK() || s.PeakMB < 64 || s.WallSec <= 0 || s.CPUSec <= 0 {
		t.Errorf("holding child: %+v", s)
	}
	t.Setenv("BENCH_CHILD", "exit1")
	if s := r.run(context.Background(), "exit1", "-test.run=^TestChildProcess$"); !s.OK() || s.ExitCode != 1 {
		t.Errorf("exit 1 is a finding: %+v", s)
	}
	t.Setenv("BENCH_CHILD", "exit2")
	if s := r.run(context.Background(), "exit2", "-test.run=^TestChildProcess$"); s.OK() || s.ExitCode != 2 || !strings.Contains(s.Error, "cannot run") {
		t.Errorf("exit 2 is a failure with its message: %+v", s)
	}
	t.Setenv("BENCH_CHILD", "sleep")
	r.timeout = 300 * time.Millisecond
	if s := r.run(context.Background(), "sleep", "-test.run=^TestChildProcess$"); s.OK() || !s.TimedOut {
		t.Errorf("a stage past its time: %+v", s)
	}
}

// TestChildProcess is the child of TestRunnerMeasuresTheChild.
func TestChildProcess(t *testing.T) {
	switch os.Getenv("BENCH_CHILD") {
	case "hold":
		b := make([]byte, 64<<20)
		for i := range b {
			b[i] = byte(i)
		}
		time.Sleep(50 * time.Millisecond)
		_ = b[len(b)-1]
	case "exit1":
		os.Exit(1)
	case "exit2":
		os.Stderr.WriteString("some detail\ndeanery: cannot run\n")
		os.Exit(2)
	case "sleep":
		time.Sleep(time.Minute)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	return out
}

func inode(t *testing.T, path string) uint64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Sys().(*syscall.Stat_t).Ino
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
