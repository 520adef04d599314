package sim

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCalibrationReport builds a world at the scale in SIM_SCALE and logs
// its calibration figures; it is skipped unless SIM_SCALE is set.
func TestCalibrationReport(t *testing.T) {
	sc := os.Getenv("SIM_SCALE")
	if sc == "" {
		t.Skip("set SIM_SCALE to run")
	}
	scale, err := strconv.ParseFloat(sc, 64)
	if err != nil {
		t.Fatal(err)
	}
	s := testSettings(1, scale, 2026)
	start := time.Now()
	w, err := Build(context.Background(), s, time.Time{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("build %v", time.Since(start))
	if err := w.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	t.Logf("run %v", time.Since(start))
	if dir := os.Getenv("SIM_OUT"); dir != "" {
		if _, err := w.Write(context.Background(), dir, nil); err != nil {
			t.Fatal(err)
		}
		t.Logf("write %v", time.Since(start))
		var out strings.Builder
		if err := Describe(context.Background(), dir, &out); err != nil {
			t.Fatal(err)
		}
		t.Log("\n" + out.String())
	}
	sum := w.Summarize()
	t.Logf("humans %d trainees %d posts %d placements %d", sum.Humans, sum.Trainees, sum.Posts, sum.Placements)
	t.Logf("in post: %v", sum.InPostNovember)
	t.Logf("faults: %v", sum.Faults)
	t.Logf("posts live 2015-11-01: %d", w.postsLive(MakeDate(2015, 11, 1)))
}

func TestCalibrationMix(t *testing.T) {
	if os.Getenv("SIM_SCALE") == "" {
		t.Skip("set SIM_SCALE to run")
	}
	w := buildWorld(t, testSettings(1, 0.1, 2026))
	byKind := map[string]int{}
	for i := range w.Placements {
		p := &w.Placements[i]
		if p.Start < MakeDate(2015, 1, 1) || p.Start >= MakeDate(2016, 1, 1) {
			continue
		}
		g := w.grades[p.Grade].Code
		byKind[g[:2]]++
		byKind["kind"+string(rune('0'+p.kind))]++
		if p.Withdrawn != 0 {
			byKind["withdrawn"]++
		}
		byKind["type-"+w.ptypes[p.Type].Code]++
		byKind["all"]++
	}
	t.Logf("%v", byKind)
}

func TestCalibrationHosts(t *testing.T) {
	if os.Getenv("SIM_SCALE") == "" {
		t.Skip("set SIM_SCALE to run")
	}
	sc, _ := strconv.ParseFloat(os.Getenv("SIM_SCALE"), 64)
	w := buildWorld(t, testSettings(1, sc, 2026))
	var n [3]int
	for _, p := range w.Posts {
		n[min(2, len(p.Hosts))]++
	}
	t.Logf("posts with 0/1/2 hosts: %.1f%% %.1f%% %.1f%%", 100*float64(n[0])/float64(len(w.Posts)), 100*float64(n[1])/float64(len(w.Posts)), 100*float64(n[2])/float64(len(w.Posts)))
}
