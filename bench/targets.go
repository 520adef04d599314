package bench

import (
	"fmt"
	"strings"
)

// Target is one figure the pipeline should reach at national scale, with
// what the last run measured.
type Target struct {
	Name     string  `json:"name"`
	Limit    float64 `json:"limit"`
	Unit     string  `json:"unit"`
	Measured float64 `json:"measured"`
	// Scale is the world size measured (the largest run); targets are
	// for scale 1.
	Scale float64 `json:"scale"`
	Met   bool    `json:"met"`
	// Known is false when the stage did not finish, so nothing was measured.
	Known bool `json:"known"`
}

// Targets are the figures the pipeline aims at (the performance issue):
// limits only, to be measured by Judge.
func Targets() []Target {
	return []Target{
		{Name: "generate the national world", Limit: 120, Unit: "s"},
		{Name: "exchanges: 16 years played and loaded", Limit: 20, Unit: "s"},
		{Name: "quarterly report and every dashboard", Limit: 5, Unit: "s"},
		{Name: "largest dashboard", Limit: 3, Unit: "MB"},
		{Name: "whole pipeline (load, exchanges, quality, reports)", Limit: 60, Unit: "s"},
		{Name: "whole pipeline peak memory", Limit: 3000, Unit: "MB"},
		{Name: "incremental quarter / whole pipeline", Limit: 0.10, Unit: "share"},
	}
}

// Judge fills in each target's measured value from the largest scale run.
func (p *Pipeline) Judge() {
	if len(p.Scales) == 0 {
		return
	}
	sc := p.Scales[len(p.Scales)-1]
	stage := func(name string) (Stage, bool) {
		for _, s := range sc.Stages {
			if s.Name == name {
				return s, s.OK()
			}
		}
		return Stage{}, false
	}
	all := func(names ...string) bool {
		for _, n := range names {
			if _, ok := stage(n); !ok {
				return false
			}
		}
		return true
	}
	q, _ := stage(StageQuarterly)
	d, _ := stage(StageDashboards)
	g, gok := stage(StageGenerate)
	x, xok := stage(StageExchange)
	inc, iok := stage(StageIncremental)
	measured := []struct {
		v  float64
		ok bool
	}{
		{g.WallSec, gok},
		{x.WallSec, xok},
		{q.WallSec + d.WallSec, all(StageQuarterly, StageDashboards)},
		{d.Extra["largest_page_mb"], all(StageDashboards)},
		{sc.PipelineWallSec, all(pipelineStages...)},
		{sc.PipelinePeakMB, all(pipelineStages...)},
		{inc.WallSec / max(sc.PipelineWallSec, 1e-9), iok && all(pipelineStages...)},
	}
	for i := range p.Targets {
		t := &p.Targets[i]
		t.Scale, t.Measured, t.Known = sc.Scale, measured[i].v, measured[i].ok
		t.Met = t.Known && t.Measured <= t.Limit
	}
}

// scaling compares each stage's wall time at the largest scale with the
// smallest: linear growth would multiply it by the ratio of the scales.
func scaling(scales []Scale) []Scaling {
	if len(scales) < 2 {
		return nil
	}
	lo, hi := scales[0], scales[len(scales)-1]
	var out []Scaling
	for _, h := range hi.Stages {
		for _, l := range lo.Stages {
			if l.Name != h.Name || !l.OK() || !h.OK() || l.WallSec <= 0 {
				continue
			}
			s := Scaling{Stage: h.Name, FromScale: lo.Scale, ToScale: hi.Scale,
				TimeRatio: h.WallSec / l.WallSec, ScaleRatio: hi.Scale / lo.Scale}
			s.Linear = s.TimeRatio <= s.ScaleRatio
			out = append(out, s)
		}
	}
	return out
}

// Markdown renders the pipeline figures: one table of stages by scale,
// one of the targets, one of the growth.
func (p *Pipeline) Markdown() string {
	var b strings.Builder
	b.WriteString("| Stage |")
	for _, s := range p.Scales {
		fmt.Fprintf(&b, " scale %g: wall s | CPU s | peak MB | rate |", s.Scale)
	}
	b.WriteString("\n|---|")
	for range p.Scales {
		b.WriteString("--:|--:|--:|--:|")
	}
	b.WriteString("\n")
	var names []string
	for _, s := range p.Scales {
		for _, st := range s.Stages {
			if !contains(names, st.Name) {
				names = append(names, st.Name)
			}
		}
	}
	for _, n := range names {
		fmt.Fprintf(&b, "| %s |", n)
		for _, s := range p.Scales {
			st, ok := find(s.Stages, n)
			switch {
			case !ok:
				b.WriteString(" — | — | — | — |")
			case !st.OK():
				fmt.Fprintf(&b, " failed after %.1f | %.1f | %.0f | %s |", st.WallSec, st.CPUSec, st.PeakMB, cell(st.Error))
			default:
				fmt.Fprintf(&b, " %.1f | %.1f | %.0f | %s |", st.WallSec, st.CPUSec, st.PeakMB, rate(st))
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("| whole pipeline |")
	for _, s := range p.Scales {
		fmt.Fprintf(&b, " %.1f | | %.0f | |", s.PipelineWallSec, s.PipelinePeakMB)
	}
	b.WriteString("\n\n| Target (scale 1) | Limit | Measured | Verdict |\n|---|--:|--:|---|\n")
	for _, t := range p.Targets {
		v := "not measured (stage did not finish)"
		m := "—"
		if t.Known {
			m = fmt.Sprintf("%.2f %s at scale %g", t.Measured, t.Unit, t.Scale)
			v = "met"
			if !t.Met {
				v = fmt.Sprintf("missed by %.0f%%", (t.Measured/t.Limit-1)*100)
			}
			if t.Scale != 1 {
				v += " (not at scale 1)"
			}
		}
		fmt.Fprintf(&b, "| %s | %g %s | %s | %s |\n", t.Name, t.Limit, t.Unit, m, v)
	}
	if len(p.Scaling) > 0 {
		b.WriteString("\n| Growth | Scale ratio | Time ratio | No worse than linear |\n|---|--:|--:|---|\n")
		for _, s := range p.Scaling {
			fmt.Fprintf(&b, "| %s, scale %g → %g | %.1f× | %.1f× | %s |\n", s.Stage, s.FromScale, s.ToScale, s.ScaleRatio, s.TimeRatio, yes(s.Linear))
		}
	}
	m := p.Machine
	fmt.Fprintf(&b, "\nRecorded %s on %s/%s, %s, %d CPUs, %s MB memory, %s; seed %d", p.RecordedAt, m.GOOS, m.GOARCH,
		m.CPUModel, m.NumCPU, Thousands(float64(m.MemoryTotalMB)), m.GoVersion, p.Seed)
	if m.LoadAverage != "" {
		fmt.Fprintf(&b, "; load average %s at the end of the run", m.LoadAverage)
	}
	b.WriteString(".\n")
	return b.String()
}

func find(stages []Stage, name string) (Stage, bool) {
	for _, s := range stages {
		if s.Name == name {
			return s, true
		}
	}
	return Stage{}, false
}

func rate(s Stage) string {
	if s.Rows == 0 || s.RowsPerSec == 0 {
		if s.Unit != "" {
			return s.Unit
		}
		return ""
	}
	return fmt.Sprintf("%s %s/s", Thousands(s.RowsPerSec), s.Unit)
}

// cell keeps an error message fit for a table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", "/")
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return s
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
