package bench

import (
	"context"
	stdsql "database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"

	dsql "deanery/sql"
)

// Options say what to measure.
type Options struct {
	// Binary is the deanery executable each stage runs.
	Binary string
	// WorkDir holds the worlds, warehouses and pages, one folder per scale.
	WorkDir string
	// Scales to run, smallest first; the last is the one the targets are
	// judged on.
	Scales []float64
	Seed   uint64
	// To is the world's last day (YYYY-MM-DD); empty is the generator's
	// default, the end of the current quarter.
	To string
	// ReuseWorlds keeps a world already in WorkDir when its world.json has
	// the same seed, scale and end date; its generate stage is then not
	// measured again but read from the previous results, if any.
	ReuseWorlds bool
	// StageTimeout stops a stage that runs longer; zero never stops one.
	StageTimeout time.Duration
	// Incremental also measures adding the world's last quarter to a
	// warehouse that holds everything before it.
	Incremental bool
	// Progress, when set, is told of each stage as it ends.
	Progress func(scale float64, s Stage)
	Log      *slog.Logger
}

// Pipeline is the pipeline part of the results file.
type Pipeline struct {
	RecordedAt string   `json:"recorded_at"`
	Machine    Machine  `json:"machine"`
	Seed       uint64   `json:"seed"`
	To         string   `json:"to,omitempty"`
	Targets    []Target `json:"targets"`
	Scales     []Scale  `json:"scales"`
	// Scaling compares each stage's time at the largest scale with the
	// smallest, against the ratio of the scales (linear growth).
	Scaling []Scaling `json:"scaling,omitempty"`
}

// Scale is one world size's run.
type Scale struct {
	Scale  float64 `json:"scale"`
	Stages []Stage `json:"stages"`
	// PipelineWallSec is the product's own work on the world (load, both
	// exchanges, quality, every report), without generating the world.
	PipelineWallSec float64 `json:"pipeline_wall_sec"`
	PipelinePeakMB  float64 `json:"pipeline_peak_mb"`
	// IncrementalShare is the incremental run's time over the whole
	// pipeline's.
	IncrementalShare float64 `json:"incremental_share,omitempty"`
}

// Scaling is one stage's growth from the smallest to the largest scale.
type Scaling struct {
	Stage      string  `json:"stage"`
	FromScale  float64 `json:"from_scale"`
	ToScale    float64 `json:"to_scale"`
	TimeRatio  float64 `json:"time_ratio"`
	ScaleRatio float64 `json:"scale_ratio"`
	// Linear is true when the time grew no faster than the scale.
	Linear bool `json:"linear"`
}

// The stages of one scale, in the order they run.
const (
	StageGenerate    = "generate"
	StageLoad        = "load"
	StageExchange    = "exchange"
	StageQuality     = "quality"
	StageQuarterly   = "report-quarterly"
	StageDashboards  = "report-dashboards"
	StageIncremental = "incremental"
)

// pipelineStages are the product's own work, summed for the whole-pipeline figure.
var pipelineStages = []string{StageLoad, StageExchange, StageQuality, StageQuarterly, StageDashboards}

// Run measures every scale of opt and returns the figures; a stage that
// fails is recorded with its error and the later stages of its scale,
// which need its output, are skipped.
func Run(ctx context.Context, opt Options) (*Pipeline, error) {
	if opt.Binary == "" || opt.WorkDir == "" || len(opt.Scales) == 0 {
		return nil, errors.New("bench: binary, work folder and at least one scale are needed")
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	p := &Pipeline{Seed: opt.Seed, To: opt.To, Targets: Targets()}
	r := runner{binary: opt.Binary, timeout: opt.StageTimeout}
	for _, s := range opt.Scales {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sc, err := runScale(ctx, r, opt, s)
		if err != nil {
			return nil, fmt.Errorf("bench: scale %v: %w", s, err)
		}
		p.Scales = append(p.Scales, *sc)
	}
	p.Scaling = scaling(p.Scales)
	p.Machine = ReadMachine("")
	p.RecordedAt = time.Now().UTC().Format(time.RFC3339)
	return p, nil
}

func runScale(ctx context.Context, r runner, opt Options, scale float64) (*Scale, error) {
	dir := filepath.Join(opt.WorkDir, "scale-"+strconv.FormatFloat(scale, 'f', -1, 64))
	world := filepath.Join(dir, "world")
	db := filepath.Join(dir, "deanery.duckdb")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for _, p := range []string{db, db + ".next", db + ".lock", db + ".wal", filepath.Join(dir, "exchange-out"), filepath.Join(dir, "reports")} {
		if err := os.RemoveAll(p); err != nil {
			return nil, err
		}
	}
	sc := &Scale{Scale: scale}
	report := func(s Stage) bool {
		sc.Stages = append(sc.Stages, s)
		opt.Log.Info("stage", "scale", scale, "stage", s.Name, "wall_sec", s.WallSec, "peak_mb", s.PeakMB, "error", s.Error)
		if opt.Progress != nil {
			opt.Progress(scale, s)
		}
		return s.OK()
	}

	gen := []string{"--quiet", "world", "generate", "--out", world, "--scale", fmt.Sprint(scale), "--seed", fmt.Sprint(opt.Seed)}
	if opt.To != "" {
		gen = append(gen, "--to", opt.To)
	}
	if !(opt.ReuseWorlds && sameWorld(world, scale, opt.Seed, opt.To)) {
		if err := os.RemoveAll(world); err != nil {
			return nil, err
		}
		s := r.run(ctx, StageGenerate, gen...)
		if s.OK() {
			files, bytes := folderSize(world)
			s.Rows, s.Unit = files, "files"
			s.Extra = map[string]float64{"bytes": float64(bytes)}
			s.RowsPerSec = perSec(s.Rows, s.WallSec)
		}
		if !report(s) {
			return sc, nil
		}
	}

	steps := []struct {
		name  string
		args  []string
		count func(ctx context.Context, db string, s *Stage) error
	}{
		{StageLoad, []string{"--quiet", "--db", db, "load", world}, countLoad},
		{StageExchange, []string{"--quiet", "--db", db, "exchange", "run", "--world", world, "--out", filepath.Join(dir, "exchange-out")}, countExchange},
		{StageQuality, []string{"--quiet", "--db", db, "quality"}, countQuality},
		{StageQuarterly, []string{"--quiet", "--db", db, "report", "quarterly", "--out", filepath.Join(dir, "reports", "quarterly")}, countPages(filepath.Join(dir, "reports", "quarterly"))},
		{StageDashboards, []string{"--quiet", "--db", db, "report", "dashboards", "--out", filepath.Join(dir, "reports", "dashboards")}, countPages(filepath.Join(dir, "reports", "dashboards"))},
	}
	for _, st := range steps {
		s := r.run(ctx, st.name, st.args...)
		if s.OK() {
			if err := st.count(ctx, db, &s); err != nil {
				s.Error = "counting what the stage did: " + err.Error()
			}
			s.RowsPerSec = perSec(s.Rows, s.WallSec)
		}
		if !report(s) {
			return sc, nil
		}
	}
	for _, s := range sc.Stages {
		if contains(pipelineStages, s.Name) {
			sc.PipelineWallSec += s.WallSec
			sc.PipelinePeakMB = max(sc.PipelinePeakMB, s.PeakMB)
		}
	}
	if opt.Incremental {
		s, err := incremental(ctx, r, dir, world)
		if err != nil {
			return nil, err
		}
		if s.OK() && sc.PipelineWallSec > 0 {
			sc.IncrementalShare = s.WallSec / sc.PipelineWallSec
		}
		report(s)
	}
	return sc, nil
}

// sameWorld reports whether dir holds a world generated with these settings.
func sameWorld(dir string, scale float64, seed uint64, to string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "world.json"))
	if err != nil {
		return false
	}
	var w struct {
		Settings struct {
			Seed  uint64  `json:"seed"`
			Scale float64 `json:"scale"`
			To    string  `json:"to"`
		} `json:"settings"`
	}
	if json.Unmarshal(data, &w) != nil {
		return false
	}
	return w.Settings.Seed == seed && w.Settings.Scale == scale && (to == "" || w.Settings.To == to)
}

// folderSize counts the regular files under dir and their bytes.
func folderSize(dir string) (files, bytes int64) {
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				files++
				bytes += info.Size()
			}
		}
		return nil
	})
	return files, bytes
}

func perSec(n int64, sec float64) float64 {
	if sec <= 0 {
		return 0
	}
	return float64(n) / sec
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// query runs one counting query on the warehouse, read-only.
func query(ctx context.Context, path, q string, dest ...any) error {
	db, err := dsql.Open(ctx, path, dsql.ReadOnly)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.QueryRowContext(ctx, q).Scan(dest...)
}

func countLoad(ctx context.Context, db string, s *Stage) error {
	var files, records stdsql.NullInt64
	err := query(ctx, db, `SELECT sum(files_loaded), sum(records_loaded) FROM load_run`, &files, &records)
	s.Rows, s.Unit = records.Int64, "records"
	s.Extra = map[string]float64{"files": float64(files.Int64)}
	return err
}

func countExchange(ctx context.Context, db string, s *Stage) error {
	var files, records, diffs stdsql.NullInt64
	err := query(ctx, db, `SELECT
		(SELECT count(app_file_name) + count(notification_file_name) FROM exchange_run),
		(SELECT sum(app_records) + sum(notification_records) FROM exchange_run),
		(SELECT count(*) FROM exchange_difference)`, &files, &records, &diffs)
	s.Rows, s.Unit = files.Int64, "files built"
	s.Extra = map[string]float64{"records_built": float64(records.Int64), "differences": float64(diffs.Int64)}
	return err
}

func countQuality(ctx context.Context, db string, s *Stage) error {
	var pairs, linked stdsql.NullInt64
	err := query(ctx, db, `SELECT
		(SELECT sum(new_pairs) FROM quality_link_blocking WHERE run_id = (SELECT max(run_id) FROM quality_run)),
		(SELECT count(*) FROM quality_person_link)`, &pairs, &linked)
	s.Rows, s.Unit = pairs.Int64, "pairs scored"
	s.Extra = map[string]float64{"links": float64(linked.Int64)}
	return err
}

// countPages counts the files a report stage wrote and the largest.
func countPages(dir string) func(context.Context, string, *Stage) error {
	return func(_ context.Context, _ string, s *Stage) error {
		var largest int64
		files, total := int64(0), int64(0)
		err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			files++
			total += info.Size()
			if filepath.Ext(d.Name()) == ".html" {
				largest = max(largest, info.Size())
			}
			return nil
		})
		s.Rows, s.Unit = files, "files written"
		s.Extra = map[string]float64{"bytes": float64(total), "largest_page_mb": float64(largest) / 1e6}
		return err
	}
}
