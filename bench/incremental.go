package bench

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"time"
)

// incremental measures adding the world's last quarter to a warehouse
// that already holds everything before it: a deployment's quarterly
// round. The world is split into two views made of hard links, one with the
// files before the last quarter and one with those of it; the first is
// loaded, played and scored without the clock, then the second is
// loaded and the exchanges, quality and reports run again, timed as one
// stage. The exchange is given the whole world, as a deployment's
// delivery folder holds everything: it must play only the days it has
// not played.
func incremental(ctx context.Context, r runner, dir, world string) (Stage, error) {
	s := Stage{Name: StageIncremental}
	before, last, q, err := splitLastQuarter(world, filepath.Join(dir, "incremental"))
	if err != nil {
		return s, err
	}
	db := filepath.Join(dir, "incremental.duckdb")
	for _, p := range []string{db, db + ".next", db + ".lock", db + ".wal"} {
		if err := os.RemoveAll(p); err != nil {
			return s, err
		}
	}
	out := filepath.Join(dir, "incremental", "exchange-out")
	reports := filepath.Join(dir, "incremental", "reports")
	base := [][]string{
		{"--quiet", "--db", db, "load", before},
		{"--quiet", "--db", db, "exchange", "run", "--world", before, "--out", out},
		{"--quiet", "--db", db, "quality"},
	}
	for _, args := range base {
		if b := r.run(ctx, "incremental-base", args...); !b.OK() {
			s.Error = fmt.Sprintf("preparing the warehouse before %s: %s %v: %s", q, b.Name, args[3:], b.Error)
			return s, nil
		}
	}
	timed := [][]string{
		{"--quiet", "--db", db, "load", last},
		{"--quiet", "--db", db, "exchange", "run", "--world", world, "--out", out},
		{"--quiet", "--db", db, "quality"},
		{"--quiet", "--db", db, "report", "quarterly", "--out", filepath.Join(reports, "quarterly")},
		{"--quiet", "--db", db, "report", "dashboards", "--out", filepath.Join(reports, "dashboards")},
	}
	s.Extra = map[string]float64{}
	for i, args := range timed {
		st := r.run(ctx, s.Name, args...)
		s.Command = append(s.Command, args...)
		if i < len(timed)-1 {
			s.Command = append(s.Command, ";")
		}
		s.WallSec += st.WallSec
		s.CPUSec += st.CPUSec
		s.PeakMB = max(s.PeakMB, st.PeakMB)
		s.Extra[fmt.Sprintf("step%d_wall_sec", i+1)] = st.WallSec
		if !st.OK() {
			s.ExitCode, s.TimedOut, s.Error = st.ExitCode, st.TimedOut, fmt.Sprintf("%v: %s", args[3:], st.Error)
			return s, nil
		}
	}
	s.Unit = "quarter " + q
	return s, nil
}

var (
	extractQuarter = regexp.MustCompile(`_([0-9]{4}Q[1-4])\.[a-z]+$`)
	dayFolder      = regexp.MustCompile(`^[0-9]{8}$`)
)

// splitLastQuarter writes two views of world under into, as folders of
// hard links: before (configuration, extracts of earlier quarters,
// exchange days before the last quarter) and last (configuration, the
// last quarter's extracts and exchange days). It returns their paths and
// the last quarter.
func splitLastQuarter(world, into string) (before, last, quarter string, err error) {
	if err := os.RemoveAll(into); err != nil {
		return "", "", "", err
	}
	days, err := filepath.Glob(filepath.Join(world, "exchange", "*", "*"))
	if err != nil {
		return "", "", "", err
	}
	var dates []time.Time
	for _, d := range days {
		if t, err := time.Parse("20060102", filepath.Base(d)); err == nil && dayFolder.MatchString(filepath.Base(d)) {
			dates = append(dates, t)
		}
	}
	if len(dates) == 0 {
		return "", "", "", fmt.Errorf("%s: no exchange day folders", world)
	}
	sort.Slice(dates, func(i, j int) bool { return dates[i].Before(dates[j]) })
	end := dates[len(dates)-1]
	qStart := time.Date(end.Year(), time.Month((int(end.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
	quarter = fmt.Sprintf("%dQ%d", end.Year(), (int(end.Month())-1)/3+1)
	before, last = filepath.Join(into, "before"), filepath.Join(into, "last")
	for _, v := range []string{before, last} {
		if err := link(filepath.Join(world, "config"), filepath.Join(v, "config")); err != nil {
			return "", "", "", err
		}
	}
	extracts, err := filepath.Glob(filepath.Join(world, "deanery", "*", "*"))
	if err != nil {
		return "", "", "", err
	}
	for _, f := range extracts {
		m := extractQuarter.FindStringSubmatch(filepath.Base(f))
		if m == nil {
			continue
		}
		to := before
		if m[1] >= quarter {
			to = last
		}
		rel, _ := filepath.Rel(world, f)
		if err := link(f, filepath.Join(to, rel)); err != nil {
			return "", "", "", err
		}
	}
	for _, d := range days {
		t, err := time.Parse("20060102", filepath.Base(d))
		if err != nil {
			continue
		}
		to := before
		if !t.Before(qStart) {
			to = last
		}
		rel, _ := filepath.Rel(world, d)
		if err := link(d, filepath.Join(to, rel)); err != nil {
			return "", "", "", err
		}
	}
	return before, last, quarter, nil
}

// link mirrors target (a file, or a folder and everything under it) at
// name with hard links, so that readers see ordinary files and nothing is
// copied. The views sit beside the world in the same work folder, so one
// file system holds both.
func link(target, name string) error {
	return filepath.WalkDir(target, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(target, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(name, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.Link(p, dst)
	})
}
