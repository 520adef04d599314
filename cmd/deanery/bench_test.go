package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"deanery/bench"
)

// The pipeline harness on two tiny worlds, through the real binary: every
// stage runs and finishes, what it did is counted, the growth between the
// scales is reported, and recording keeps the Go benchmarks' part of the
// results file and the rest of the README.
func TestBenchRunsThePipelineOnSmallWorlds(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline twice")
	}
	dir := t.TempDir()
	results, readme := filepath.Join(dir, "results.json"), filepath.Join(dir, "README.md")
	if err := os.WriteFile(results, []byte(`{"benchmarks": [{"name": "LoadSTF"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(readme, []byte("# Bench\n\n"+pipelineBegin+"\nold\n"+pipelineEnd+"\n\nKept.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "bench", "--scales", "0.005,0.01", "--to", "2010-05-31",
		"--work", filepath.Join(dir, "work"), "--results", results, "--readme", readme)
	cmd.Env = environ()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("deanery bench: %v\n%s", err, stderr.String())
	}
	data, err := os.ReadFile(results)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Benchmarks []map[string]any `json:"benchmarks"`
		Pipeline   bench.Pipeline   `json:"pipeline"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Benchmarks) != 1 {
		t.Errorf("the Go benchmarks' part was not kept: %s", data)
	}
	p := doc.Pipeline
	if len(p.Scales) != 2 || p.Machine.NumCPU == 0 || len(p.Targets) == 0 {
		t.Fatalf("pipeline part: %s", data)
	}
	for _, sc := range p.Scales {
		var names []string
		for _, s := range sc.Stages {
			names = append(names, s.Name)
			if !s.OK() || s.WallSec <= 0 || s.PeakMB <= 0 {
				t.Errorf("scale %g: stage %s: %+v", sc.Scale, s.Name, s)
			}
			if s.Name != bench.StageIncremental && s.Rows <= 0 {
				t.Errorf("scale %g: stage %s counted nothing: %+v", sc.Scale, s.Name, s)
			}
		}
		want := "generate load exchange quality report-quarterly report-dashboards incremental"
		if got := strings.Join(names, " "); got != want {
			t.Errorf("scale %g: stages %s, want %s", sc.Scale, got, want)
		}
		if sc.PipelineWallSec <= 0 || sc.IncrementalShare <= 0 {
			t.Errorf("scale %g: pipeline %v s, incremental share %v", sc.Scale, sc.PipelineWallSec, sc.IncrementalShare)
		}
	}
	if len(p.Scaling) == 0 {
		t.Error("no growth figures between the two scales")
	}
	md, _ := os.ReadFile(readme)
	if strings.Contains(string(md), "\nold\n") || !strings.Contains(string(md), "| whole pipeline |") || !strings.HasSuffix(string(md), "Kept.\n") {
		t.Errorf("README after recording:\n%s", md)
	}
	if !strings.Contains(stdout.String(), "| Target (scale 1) |") {
		t.Errorf("stdout lacks the targets table:\n%s", stdout.String())
	}
}
