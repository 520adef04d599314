package exchange

import (
	"bytes"
	"context"
	stdsql "database/sql"
	"database/sql/driver"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"time"

	"deanery/ingest"
	"deanery/ingest/iface"

	"github.com/duckdb/duckdb-go/v2"
)

// ReplayOptions tune a replay of a world's history.
type ReplayOptions struct {
	// Through is the last day played; zero plays every delivered day.
	Through time.Time
	// OutDir receives the hub's files, in <YYYY>/<YYYYMMDD>/ folders.
	OutDir string
	// Now is the clock for bookkeeping; nil means time.Now.
	Now func() time.Time
	// MaxPasses bounds the passes of the fixed point; 0 means DefaultMaxPasses.
	MaxPasses int
	// Log receives each pass (info) and each SQL step (debug); nil for none.
	Log *slog.Logger
	// MemoryLimit caps DuckDB's memory for the replay (DuckDB's
	// memory_limit, e.g. "2GB"); empty means DefaultMemoryLimit. Larger
	// intermediate results spill to disk beside the warehouse.
	MemoryLimit string
}

// DefaultMemoryLimit keeps a national replay well under 3 GB of memory.
const DefaultMemoryLimit = "2GB"

// ReplayResult sums a replay up.
type ReplayResult struct {
	Days        int // calendar days played
	Runs        int // (deanery, run date) pairs built
	FilesBuilt  int
	FilesAgreed int
	Differences []Difference
	// Redelivered are the world's deanery files delivered again on a later
	// day and offered to the loader after the hub's own (5.9, 5.11 "Replays").
	Redelivered []string
	Passes      []Pass
	Steps       []StepTime // time per step, for profiling
	// Phase times: loading the world's files, building, writing and loading
	// the hub's files, comparing.
	LoadTime, BuildTime, SentTime, CompareTime time.Duration
	FilesLoaded                                int // the world's files loaded up front
}

// Replay plays the history a world delivered under worldDir/exchange in the
// daily order of 5.1, computed set-based (exchange/doc.go): the world's
// configuration, extracts and every ESR file delivered up to the last day
// played are loaded first, in one load (what the hub may see on a day is
// filtered by header createdAt, so loading early changes nothing it
// sees); the hub then builds every run's APP and DNC/DNF files in a
// bounded number of set-based passes, writes them, loads them as sent, and
// compares them record for record with the deanery files the world
// delivered. The world's truth is never read, and the world's deanery
// files decide nothing: they are only compared. Every difference is kept
// in exchange_difference.
func Replay(ctx context.Context, db *stdsql.DB, worldDir string, opt ReplayOptions) (*ReplayResult, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.OutDir == "" {
		return nil, fmt.Errorf("replay %s: no output folder", worldDir)
	}
	days, err := worldDays(filepath.Join(worldDir, "exchange"))
	if err != nil {
		return nil, fmt.Errorf("replay %s: %w", worldDir, err)
	}
	var load []string
	for _, sub := range []string{"config", "deanery"} {
		p := filepath.Join(worldDir, sub)
		if _, err := os.Stat(p); err == nil {
			load = append(load, p)
		}
	}
	if len(load) == 0 {
		return nil, fmt.Errorf("replay %s: no config/ or deanery/ folder", worldDir)
	}
	end := time.Time{}
	if len(days) > 0 {
		end = days[len(days)-1].date
	}
	if !opt.Through.IsZero() {
		end = opt.Through
	}
	// A replay that continues an earlier one on the same warehouse takes
	// in only the days after the last one played.
	var played stdsql.NullTime
	if err := db.QueryRowContext(ctx, `SELECT max(last_day) FROM exchange_pass WHERE mode = 'REPLAY'`).Scan(&played); err != nil {
		return nil, fmt.Errorf("replay %s: %w", worldDir, err)
	}
	var sent []worldDay // the world's deanery files, by day, to compare
	for _, d := range days {
		if d.date.After(end) {
			break
		}
		if played.Valid && !d.date.After(played.Time) {
			continue
		}
		w := worldDay{date: d.date}
		for _, p := range d.files {
			if n, err := iface.ParseName(filepath.Base(p)); err == nil && (n.Type == "APP" || n.Type == "DNC" || n.Type == "DNF") {
				w.files = append(w.files, p)
				continue
			}
			load = append(load, p) // ESR's files, and any the loader rejects by name
		}
		sent = append(sent, w)
	}
	if opt.MemoryLimit == "" {
		opt.MemoryLimit = DefaultMemoryLimit
	}
	if _, err := db.ExecContext(ctx, "SET memory_limit = ?", opt.MemoryLimit); err != nil {
		return nil, fmt.Errorf("replay %s: memory limit %q: %w", worldDir, opt.MemoryLimit, err)
	}
	res := &ReplayResult{}
	start := time.Now()
	lr, err := ingest.Load(ctx, db, load, ingest.Options{Now: opt.Now, ToolVersion: "exchange", Log: opt.Log})
	if err != nil {
		return nil, fmt.Errorf("replay %s: load the world's files: %w", worldDir, err)
	}
	res.FilesLoaded = len(lr.Files)
	res.LoadTime = time.Since(start)
	if len(days) == 0 {
		return res, nil
	}
	first, err := firstLive(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("replay %s: %w", worldDir, err)
	}
	from := days[0].date
	if first.Valid && first.Time.Before(from) {
		from = first.Time
	}
	if !end.Before(from) {
		res.Days = int(end.Sub(from).Hours()/24) + 1
	}

	start = time.Now()
	br, err := build(ctx, db, buildSpec{mode: modeReplay, through: end, builtAt: opt.Now(), outDir: opt.OutDir,
		dayFolders: true, maxPasses: opt.MaxPasses, log: opt.Log})
	if br != nil {
		res.Passes, res.Steps = br.passes, br.steps
	}
	if err != nil {
		return res, fmt.Errorf("replay %s: %w", worldDir, err)
	}
	res.BuildTime = time.Since(start)
	res.Runs = br.runsN
	res.FilesBuilt = len(br.files)

	// Only the runs built now are compared: a replay that continues an
	// earlier one compared the earlier days then.
	since := map[string]time.Time{}
	for i, dr := range br.runs {
		if d, ok := since[dr.Deanery]; !ok || br.dates[i].Before(d) {
			since[dr.Deanery] = br.dates[i]
		}
	}
	sentBefore, err := hubFilesLoaded(ctx, db)
	if err != nil {
		return res, fmt.Errorf("replay %s: %w", worldDir, err)
	}
	start = time.Now()
	diffs, agreed, redelivered, err := compareWorld(sent, br.files, since, sentBefore)
	if err != nil {
		return res, fmt.Errorf("replay %s: compare: %w", worldDir, err)
	}
	res.CompareTime = time.Since(start)
	res.Differences, res.FilesAgreed = diffs, agreed

	start = time.Now()
	if len(br.files) > 0 {
		paths := make([]string, len(br.files))
		for i, f := range br.files {
			paths[i] = f.Path
		}
		if _, err := ingest.Load(ctx, db, paths, ingest.Options{Now: opt.Now, ToolVersion: "exchange"}); err != nil {
			return res, fmt.Errorf("replay %s: record the files sent: %w", worldDir, err)
		}
	}
	// A redelivered deanery file goes to the loader after the hub's own
	// file of that name (5.11 "Replays": counted for every file type): the
	// same bytes are a REPLAY and change nothing (5.9), other bytes a
	// NAME_CONFLICT.
	if len(redelivered) > 0 {
		if _, err := ingest.Load(ctx, db, redelivered, ingest.Options{Now: opt.Now, ToolVersion: "exchange"}); err != nil {
			return res, fmt.Errorf("replay %s: offer redelivered files: %w", worldDir, err)
		}
		for _, p := range redelivered {
			res.Redelivered = append(res.Redelivered, filepath.Base(p))
		}
	}
	if err := keepDifferences(ctx, db, diffs, opt.Now()); err != nil {
		return res, fmt.Errorf("replay %s: %w", worldDir, err)
	}
	res.SentTime = time.Since(start)
	return res, nil
}

// worldDay is one exchange/<YYYY>/<YYYYMMDD> folder of a world.
type worldDay struct {
	date  time.Time
	files []string // paths
}

// compareWorld matches the world's deanery files with the hub's by
// (deanery, type, date): same name, then byte for byte, and record for
// record where the bytes differ. A world file dated before the day it was
// delivered is a redelivery: it is compared with the hub's file of that
// name and, when the hub has one, returned to be offered to the loader. A
// redelivery of a file the hub never built is a MISSING_FILE and is not
// offered: loading it would take in records the hub never sent.
func compareWorld(world []worldDay, built []builtFile, since map[string]time.Time, sentBefore map[string]bool) (diffs []Difference, agreed int, redelivered []string, err error) {
	type key struct {
		deanery, typ string
		date         time.Time
	}
	hub := map[key]*builtFile{}
	byName := map[string]*builtFile{}
	for i := range built {
		f := &built[i]
		hub[key{f.deanery, f.typ, f.date}] = f
		byName[f.Name] = f
	}
	seen := map[key]bool{}
	for _, d := range world {
		for _, p := range d.files {
			base := filepath.Base(p)
			n, _ := iface.ParseName(base)
			if from, ok := since[n.Deanery]; !ok || d.date.Before(from) {
				continue // delivered before the runs built now
			}
			if !n.Date.Equal(d.date) {
				mine := byName[base]
				if mine == nil && sentBefore[base] {
					redelivered = append(redelivered, p) // sent by an earlier build: the loader judges it
					continue
				}
				if mine == nil {
					diffs = append(diffs, Difference{Date: d.date, Deanery: n.Deanery, File: base, Kind: "MISSING_FILE",
						Expected: "redelivered " + base})
					continue
				}
				redelivered = append(redelivered, p)
				ds, err := compareBytes(n.Deanery, p, mine.Path)
				if err != nil {
					return nil, 0, nil, err
				}
				diffs = append(diffs, dated(ds, d.date)...)
				continue
			}
			k := key{n.Deanery, n.Type, n.Date}
			seen[k] = true
			f := hub[k]
			if f == nil {
				diffs = append(diffs, Difference{Date: d.date, Deanery: n.Deanery, File: base, Kind: "MISSING_FILE", Expected: base})
				continue
			}
			var ds []Difference
			if f.Name != base {
				ds = append(ds, Difference{Deanery: n.Deanery, File: base, Field: "fileName", Kind: "HEADER",
					Expected: base, Actual: f.Name})
			}
			more, err := compareBytes(n.Deanery, p, f.Path)
			if err != nil {
				return nil, 0, nil, err
			}
			ds = append(ds, more...)
			if len(ds) == 0 {
				agreed++
			}
			diffs = append(diffs, dated(ds, d.date)...)
		}
	}
	for i := range built {
		f := &built[i]
		if !seen[key{f.deanery, f.typ, f.date}] {
			diffs = append(diffs, Difference{Date: f.date, Deanery: f.deanery, File: f.Name, Kind: "EXTRA_FILE", Actual: f.Name})
		}
	}
	sort.SliceStable(diffs, func(i, j int) bool { return diffs[i].Date.Before(diffs[j].Date) })
	return diffs, agreed, redelivered, nil
}

// hubFilesLoaded names the APP, DNC and DNF files the hub recorded before
// this build (exchange_run) that the warehouse holds as loaded.
func hubFilesLoaded(ctx context.Context, db *stdsql.DB) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT f.file_name FROM source_file f
		JOIN (SELECT app_file_name AS n FROM exchange_run UNION SELECT notification_file_name FROM exchange_run) r ON r.n = f.file_name
		WHERE f.status = 'LOADED'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out[n] = true
	}
	return out, rows.Err()
}

func dated(ds []Difference, d time.Time) []Difference {
	for i := range ds {
		ds[i].Date = d
	}
	return ds
}

// compareBytes compares two files' bytes and, only when they differ,
// record for record.
func compareBytes(deanery, wantPath, gotPath string) ([]Difference, error) {
	w, err := os.ReadFile(wantPath)
	if err != nil {
		return nil, err
	}
	g, err := os.ReadFile(gotPath)
	if err != nil {
		return nil, err
	}
	if bytes.Equal(w, g) {
		return nil, nil
	}
	return compareFiles(deanery, wantPath, gotPath)
}

// keepDifferences stores the differences found (exchange_difference).
func keepDifferences(ctx context.Context, db *stdsql.DB, diffs []Difference, now time.Time) error {
	if len(diffs) == 0 {
		return nil
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "exchange_difference")
		if err != nil {
			return err
		}
		for _, x := range diffs {
			var ord, field any
			if x.Ordinal > 0 {
				ord = int32(x.Ordinal)
			}
			if x.Field != "" {
				field = x.Field
			}
			if err := a.AppendRow(x.Date, x.Deanery, x.File, ord, field, x.Kind, x.Expected, x.Actual, now.UTC()); err != nil {
				a.Close()
				return fmt.Errorf("keep difference: %w", err)
			}
		}
		return a.Close()
	})
}

// worldDays lists the exchange/<YYYY>/<YYYYMMDD> folders in date order.
func worldDays(dir string) ([]worldDay, error) {
	years, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []worldDay
	for _, y := range years {
		if !y.IsDir() {
			continue
		}
		ds, err := os.ReadDir(filepath.Join(dir, y.Name()))
		if err != nil {
			return nil, err
		}
		for _, dd := range ds {
			date, err := time.Parse("20060102", dd.Name())
			if !dd.IsDir() || err != nil {
				continue
			}
			fs, err := os.ReadDir(filepath.Join(dir, y.Name(), dd.Name()))
			if err != nil {
				return nil, err
			}
			w := worldDay{date: date}
			for _, f := range fs {
				if f.Type().IsRegular() {
					w.files = append(w.files, filepath.Join(dir, y.Name(), dd.Name(), f.Name()))
				}
			}
			sort.Strings(w.files)
			out = append(out, w)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].date.Before(out[j].date) })
	return out, nil
}

func firstLive(ctx context.Context, db *stdsql.DB) (stdsql.NullTime, error) {
	var t stdsql.NullTime
	err := db.QueryRowContext(ctx, `SELECT min(recruitment_live_from) FROM interface_pair`).Scan(&t)
	return t, err
}
