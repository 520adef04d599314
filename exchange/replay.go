package exchange

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"deanery/ingest"
	"deanery/ingest/iface"
)

// ReplayOptions tune a replay of a world's history.
type ReplayOptions struct {
	// Through is the last day played; zero plays every delivered day.
	Through time.Time
	// OutDir receives the hub's files, in <YYYY>/<YYYYMMDD>/ folders.
	OutDir string
	// Now is the clock for bookkeeping; nil means time.Now.
	Now func() time.Time
	// Day, when set, is called after each day played.
	Day func(DayReport)
}

// DayReport is what one replayed day did.
type DayReport struct {
	Date        time.Time
	Applied     *ApplyResult // ESR files applied that day (both slots)
	Built       *DayResult   // nil on a weekend
	Differences []Difference
	Replays     []string // world files of the deanery side redelivered that day and offered to the loader
}

// ReplayResult sums a replay up.
type ReplayResult struct {
	Days        int
	FilesBuilt  int
	FilesAgreed int
	Differences []Difference
}

// worldDay is one exchange/<YYYY>/<YYYYMMDD> folder of a world.
type worldDay struct {
	date  time.Time
	files []string // paths
}

// Replay plays the history a world delivered under worldDir/exchange day
// by day in the daily order of 5.1: the RMC/RMF files of the day are
// applied, the hub builds the day's APP and DNC/DNF files from the
// warehouse as of 17:00, they are compared record for record with the
// deanery files the world delivered that day, and then ESR's APC, DCC and
// STF files of the day are applied. The world's configuration and extracts
// are loaded once first. The world's truth is never read. Every
// difference is kept in exchange_difference.
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
	var base []string
	for _, sub := range []string{"config", "deanery"} {
		p := filepath.Join(worldDir, sub)
		if _, err := os.Stat(p); err == nil {
			base = append(base, p)
		}
	}
	if len(base) == 0 {
		return nil, fmt.Errorf("replay %s: no config/ or deanery/ folder", worldDir)
	}
	if _, err := ingest.Load(ctx, db, base, ingest.Options{Now: opt.Now, ToolVersion: "exchange"}); err != nil {
		return nil, fmt.Errorf("replay %s: load configuration and extracts: %w", worldDir, err)
	}
	if len(days) == 0 {
		return &ReplayResult{}, nil
	}
	first, err := firstLive(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("replay %s: %w", worldDir, err)
	}
	start := days[0].date
	if first.Valid && first.Time.Before(start) {
		start = first.Time
	}
	end := days[len(days)-1].date
	if !opt.Through.IsZero() {
		end = opt.Through
	}
	byDate := map[time.Time]worldDay{}
	for _, d := range days {
		byDate[d.date] = d
	}
	r := &replayer{db: db, opt: opt}
	res := &ReplayResult{}
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rep, err := r.day(ctx, d, byDate[d])
		if err != nil {
			return nil, fmt.Errorf("replay %s: %s: %w", worldDir, d.Format(time.DateOnly), err)
		}
		res.Days++
		if rep.Built != nil {
			for _, dr := range rep.Built.Deaneries {
				for _, f := range []*SentFile{dr.APP, dr.Notifications} {
					if f != nil {
						res.FilesBuilt++
					}
				}
			}
		}
		res.Differences = append(res.Differences, rep.Differences...)
		if opt.Day != nil {
			opt.Day(*rep)
		}
	}
	if err := r.flush(ctx, nil); err != nil {
		return nil, fmt.Errorf("replay %s: %w", worldDir, err)
	}
	res.FilesAgreed = r.agreed
	return res, nil
}

type replayer struct {
	db      *stdsql.DB
	opt     ReplayOptions
	pending []string // files to load before the next build
	applied *ApplyResult
	agreed  int
}

// flush loads the pending files (ESR's, and the hub's own as sent) and
// applies ESR's person records.
func (r *replayer) flush(ctx context.Context, into *ApplyResult) error {
	if len(r.pending) == 0 {
		return nil
	}
	ar, err := Apply(ctx, r.db, r.pending, ApplyOptions{Now: r.opt.Now})
	r.pending = nil
	if err != nil {
		return err
	}
	if into != nil {
		into.merge(ar)
	}
	return nil
}

func (r *replayer) day(ctx context.Context, d time.Time, wd worldDay) (*DayReport, error) {
	rep := &DayReport{Date: d, Applied: &ApplyResult{}}
	var before, after, sent []string
	for _, p := range wd.files {
		n, err := iface.ParseName(filepath.Base(p))
		if err != nil {
			after = append(after, p) // the loader rejects it and says why
			continue
		}
		switch n.Type {
		case "RMC", "RMF":
			before = append(before, p)
		case "APP", "DNC", "DNF":
			sent = append(sent, p)
		default:
			after = append(after, p)
		}
	}
	r.pending = append(r.pending, before...)
	if err := r.flush(ctx, rep.Applied); err != nil {
		return nil, err
	}
	working := d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
	var built []*SentFile
	if working {
		out := filepath.Join(r.opt.OutDir, d.Format("2006"), d.Format("20060102"))
		br, err := BuildRecruitment(ctx, r.db, d, Options{OutDir: out, Now: r.opt.Now, NoLoad: true})
		if err != nil {
			return nil, err
		}
		rep.Built = br
		for _, dr := range br.Deaneries {
			for _, f := range []*SentFile{dr.APP, dr.Notifications} {
				if f != nil {
					built = append(built, f)
					r.pending = append(r.pending, f.Path)
				}
			}
		}
	}
	diffs, redelivered, err := r.compare(d, sent, built)
	if err != nil {
		return nil, err
	}
	rep.Differences = diffs
	for _, p := range redelivered {
		rep.Replays = append(rep.Replays, filepath.Base(p))
	}
	if err := r.keep(ctx, d, diffs); err != nil {
		return nil, err
	}
	// A redelivered deanery file goes to the loader like any file of the
	// day (5.11 "Replays": counted for every file type). The hub's own file
	// of that name was queued when it was built, days before, so the loader
	// finds it loaded: the same bytes are a REPLAY and change nothing (5.9),
	// other bytes a NAME_CONFLICT.
	r.pending = append(r.pending, redelivered...)
	r.pending = append(r.pending, after...)
	return rep, nil
}

// compare matches the world's deanery files of day d with the hub's by
// (deanery, type): same name, then record for record. A world file dated
// earlier is a redelivery: it is compared with the hub's file of that name
// and, when the hub has one, returned to be offered to the loader. A
// redelivery of a file the hub never built is a MISSING_FILE and is not
// offered: loading it would take in records the hub never sent.
func (r *replayer) compare(d time.Time, world []string, built []*SentFile) ([]Difference, []string, error) {
	type key struct{ deanery, typ string }
	hub := map[key]*SentFile{}
	for _, f := range built {
		n, _ := iface.ParseName(f.Name)
		hub[key{n.Deanery, n.Type}] = f
	}
	var diffs []Difference
	var replays []string
	seen := map[key]bool{}
	for _, p := range world {
		n, _ := iface.ParseName(filepath.Base(p))
		if !n.Date.Equal(d) {
			mine := filepath.Join(r.opt.OutDir, n.Date.Format("2006"), n.Date.Format("20060102"), filepath.Base(p))
			if _, err := os.Stat(mine); err != nil {
				diffs = append(diffs, Difference{Deanery: n.Deanery, File: filepath.Base(p), Kind: "MISSING_FILE",
					Expected: "redelivered " + filepath.Base(p)})
				continue
			}
			replays = append(replays, p)
			ds, err := compareFiles(n.Deanery, p, mine)
			if err != nil {
				return nil, nil, err
			}
			diffs = append(diffs, ds...)
			continue
		}
		k := key{n.Deanery, n.Type}
		seen[k] = true
		f := hub[k]
		if f == nil {
			diffs = append(diffs, Difference{Deanery: n.Deanery, File: filepath.Base(p), Kind: "MISSING_FILE",
				Expected: filepath.Base(p)})
			continue
		}
		var ds []Difference
		if f.Name != filepath.Base(p) {
			ds = append(ds, Difference{Deanery: n.Deanery, File: filepath.Base(p), Field: "fileName", Kind: "HEADER",
				Expected: filepath.Base(p), Actual: f.Name})
		}
		more, err := compareFiles(n.Deanery, p, f.Path)
		if err != nil {
			return nil, nil, err
		}
		ds = append(ds, more...)
		if len(ds) == 0 {
			r.agreed++
		}
		diffs = append(diffs, ds...)
	}
	var extra []key
	for k := range hub {
		if !seen[k] {
			extra = append(extra, k)
		}
	}
	sort.Slice(extra, func(i, j int) bool { return hub[extra[i]].Name < hub[extra[j]].Name })
	for _, k := range extra {
		diffs = append(diffs, Difference{Deanery: k.deanery, File: hub[k].Name, Kind: "EXTRA_FILE", Actual: hub[k].Name})
	}
	return diffs, replays, nil
}

// keep stores the day's differences.
func (r *replayer) keep(ctx context.Context, d time.Time, diffs []Difference) error {
	if len(diffs) == 0 {
		return nil
	}
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO exchange_difference (run_date, deanery_code, file_name, ordinal,
		field, kind, expected, actual, found_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	now := r.opt.Now().UTC()
	for _, x := range diffs {
		var ord, field any
		if x.Ordinal > 0 {
			ord = x.Ordinal
		}
		if x.Field != "" {
			field = x.Field
		}
		if _, err := stmt.ExecContext(ctx, d, x.Deanery, x.File, ord, field, x.Kind, x.Expected, x.Actual, now); err != nil {
			return fmt.Errorf("keep difference: %w", err)
		}
	}
	return tx.Commit()
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
