package exchange

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"deanery/ingest"
	"deanery/ingest/ident"
)

// ErrNotWorkingDay is returned for a run date on a Saturday or Sunday: the
// deanery sends files on working days only (5.1).
var ErrNotWorkingDay = errors.New("not a working day")

// ErrAlreadyRun is returned when a deanery already has a run on or after
// the date asked: files are built once per deanery and day, in date order.
var ErrAlreadyRun = errors.New("already built")

// Options tune a recruitment run.
type Options struct {
	// Deanery limits the run to one deanery code; empty runs every deanery
	// with a trust live for recruitment on the date.
	Deanery string
	// OutDir receives the files written (created when missing).
	OutDir string
	// Now is the clock for bookkeeping (tests pin it); nil means time.Now.
	Now func() time.Time
	// NoLoad leaves the written files out of the warehouse; by default they
	// are loaded as sent (source_file, app_record, dnc_record), which is
	// what numbers the next file of each stream. Replay loads them itself,
	// together with the next ESR files.
	NoLoad bool
}

// DayResult is what one run date built.
type DayResult struct {
	Date      time.Time
	Deaneries []DeaneryRun
}

// DeaneryRun is one deanery's run on a date.
type DeaneryRun struct {
	Deanery       string
	Full          bool     // first run: the notifications went in a DNF
	Capped        bool     // the cap of 40 records per DPN was active
	Quarantined   []string // APP files inferred quarantined at the start of this run
	APP           *SentFile
	Notifications *SentFile
	Deferred      int               // APP records held back by the cap
	Expected      []ExpectedFailure // what ESR is expected to refuse
}

// SentFile is a file the hub wrote.
type SentFile struct {
	Name    string
	Path    string
	Records int
	// Records as written, values per field (index 0 = record type), so
	// that callers can compare them without reading the file back.
	Values [][]string
}

// ExpectedFailure is an APP record (or a whole file, Ordinal 0) that ESR is
// expected to refuse, found before sending.
type ExpectedFailure struct {
	File        string
	Ordinal     int
	PlacementID string
	PositionID  int64
	DPN         string
	Reason      string // ESR's reason code, or DPN_OVER_40
	Message     string
}

// appRow is one APP record to write with what it is about.
type appRow struct {
	deanery, placement, dpn string
	position                int64
	values                  []string // fields 1..33, recordType first
}

// BuildRecruitment builds the files of run date d (a working day) for each
// deanery live on d: its APP file (5.2) and its DNC, or the DNF on its
// first run (5.7), from the warehouse as of d 17:00. It is the set-based
// build of Replay over a calendar of one run, with the earlier runs' sends
// (app_send, notification_send, app_quarantine) as facts: it infers the
// quarantines of earlier files (5.11), records every record sent against
// its placement and position, and writes the files under opt.OutDir;
// unless opt.NoLoad, it then loads them as sent.
func BuildRecruitment(ctx context.Context, db *stdsql.DB, d time.Time, opt Options) (*DayResult, error) {
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return nil, fmt.Errorf("recruitment %s: %w (%s)", d.Format(time.DateOnly), ErrNotWorkingDay, wd)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.OutDir == "" {
		opt.OutDir = "."
	}
	if err := os.MkdirAll(opt.OutDir, 0o755); err != nil {
		return nil, fmt.Errorf("recruitment %s: %w", d.Format(time.DateOnly), err)
	}
	br, err := build(ctx, db, buildSpec{mode: modeDay, runDate: d, deanery: opt.Deanery, builtAt: opt.Now(), outDir: opt.OutDir})
	if err != nil {
		return nil, fmt.Errorf("recruitment %s: %w", d.Format(time.DateOnly), err)
	}
	res := &DayResult{Date: d, Deaneries: br.runs}
	if len(res.Deaneries) == 0 && opt.Deanery != "" {
		if err := refuseRepeat(ctx, db, opt.Deanery, d); err != nil {
			return nil, fmt.Errorf("recruitment %s: %w", d.Format(time.DateOnly), err)
		}
	}
	var paths []string
	for _, f := range br.files {
		paths = append(paths, f.Path)
	}
	if len(paths) > 0 && !opt.NoLoad {
		if _, err := ingest.Load(ctx, db, paths, ingest.Options{Now: opt.Now, ToolVersion: "exchange"}); err != nil {
			return nil, fmt.Errorf("recruitment %s: record files sent: %w", d.Format(time.DateOnly), err)
		}
	}
	return res, nil
}

// refuseRepeat says why a named deanery got no run: it already ran on or
// after the date (a deanery that is not live yet simply has none).
func refuseRepeat(ctx context.Context, db *stdsql.DB, deanery string, d time.Time) error {
	var last stdsql.NullTime
	err := db.QueryRowContext(ctx, `SELECT max(run_date) FROM exchange_run WHERE deanery_code = ?`, deanery).Scan(&last)
	if err != nil {
		return err
	}
	if last.Valid && !last.Time.Before(d) {
		return fmt.Errorf("%s: %w: its last run is %s", deanery, ErrAlreadyRun, last.Time.Format(time.DateOnly))
	}
	return nil
}

// expectedFailures applies the checks of 5.2 the deanery can make itself,
// first failure wins, and flags DPNs over 40 records (quarantine).
func expectedFailures(file string, rows []appRow, capped bool) []ExpectedFailure {
	var out []ExpectedFailure
	seen := map[string]bool{}
	perDPN := map[string]int{}
	var dpns []string
	for i, r := range rows {
		v := r.values
		if perDPN[r.dpn] == 0 {
			dpns = append(dpns, r.dpn)
		}
		perDPN[r.dpn]++
		// v[n-1] is field n of 7.2.
		key := strings.Join([]string{v[10], v[8], v[12], v[3]}, "\x1f")
		reason, msg := "", ""
		switch {
		case v[1] == "" || v[10] == "" || v[8] == "" || v[12] == "" || v[3] == "" || v[4] == "":
			reason, msg = "MANDATORY_MISSING", "a mandatory field is empty: "+missingNames(v)
		case v[14] != "" && !ident.Check(ident.NINO, v[14]).Valid:
			reason, msg = "NI_INVALID", "ukNino is not a valid National Insurance number"
		case v[6] != "" && v[6] < v[5]:
			reason, msg = "DATE_ORDER", "projectedEndDate is before projectedHireDate"
		case seen[key]:
			reason, msg = "DUPLICATE_IN_FILE", "same lastName, firstName, dob and positionId earlier in the file"
		}
		seen[key] = true
		if reason != "" {
			out = append(out, ExpectedFailure{File: file, Ordinal: i + 1, PlacementID: r.placement,
				PositionID: r.position, DPN: r.dpn, Reason: reason, Message: msg})
		}
	}
	if !capped {
		for _, dpn := range dpns {
			if n := perDPN[dpn]; n > 40 {
				out = append(out, ExpectedFailure{File: file, DPN: dpn, Reason: "DPN_OVER_40",
					Message: fmt.Sprintf("%d records for one DPN: ESR quarantines the whole file", n)})
			}
		}
	}
	return out
}

func missingNames(v []string) string {
	var names []string
	for _, f := range []struct {
		i    int
		name string
	}{{2, "effectiveDate"}, {11, "lastName"}, {9, "firstName"}, {13, "dob"}, {4, "positionId"}, {5, "positionNumber"}} {
		if v[f.i-1] == "" {
			names = append(names, f.name)
		}
	}
	return strings.Join(names, ", ")
}
