package exchange

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"deanery/ingest"
	"deanery/ingest/ident"
	"deanery/ingest/iface"
	dsql "deanery/sql"
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
	deanery, placement, trainee, post, dpn string
	position                               int64
	positionNumber                         string
	start                                  time.Time
	end                                    stdsql.NullTime
	resend, deferred                       bool
	payload                                string
	values                                 []string // fields 1..33, recordType first
}

// noteRow is one notification record to write.
type noteRow struct {
	deanery, post, dpn string
	typ                int
	placement          stdsql.NullString
	start, end         stdsql.NullTime
	values             []string // fields 1..31, recordType first
}

// BuildRecruitment builds the files of run date d (a working day) for each
// deanery live on d: its APP file (5.2) and its DNC, or the DNF on its
// first run (5.7), from the warehouse as of d 17:00. It infers the
// quarantines of earlier files first (5.11), records every record sent
// against its placement and position, and writes the files under
// opt.OutDir; unless opt.NoLoad, it then loads them as sent.
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
	res, paths, err := buildInTx(ctx, db, d, opt)
	if err != nil {
		return nil, fmt.Errorf("recruitment %s: %w", d.Format(time.DateOnly), err)
	}
	if len(paths) > 0 && !opt.NoLoad {
		if _, err := ingest.Load(ctx, db, paths, ingest.Options{Now: opt.Now, ToolVersion: "exchange"}); err != nil {
			return nil, fmt.Errorf("recruitment %s: record files sent: %w", d.Format(time.DateOnly), err)
		}
	}
	return res, nil
}

func buildInTx(ctx context.Context, db *stdsql.DB, d time.Time, opt Options) (res *DayResult, paths []string, err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return nil, nil, err
	}
	defer func() {
		if err != nil {
			conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
			for _, p := range paths {
				os.Remove(p)
			}
			paths = nil
			return
		}
		if _, cerr := conn.ExecContext(ctx, "COMMIT"); cerr != nil {
			err = cerr
		}
	}()
	b := &builder{conn: conn, d: d, opt: opt, res: &DayResult{Date: d}, byDean: map[string]*DeaneryRun{}}
	if err := b.start(ctx); err != nil {
		return nil, nil, err
	}
	if len(b.res.Deaneries) == 0 {
		if opt.Deanery != "" {
			if err := b.refuseRepeat(ctx); err != nil {
				return nil, nil, err
			}
		}
		return b.res, nil, nil
	}
	if err := b.apps(ctx); err != nil {
		return nil, b.paths, err
	}
	if err := b.notes(ctx); err != nil {
		return nil, b.paths, err
	}
	if err := b.finish(ctx); err != nil {
		return nil, b.paths, err
	}
	return b.res, b.paths, nil
}

type builder struct {
	conn   *stdsql.Conn
	d      time.Time
	opt    Options
	res    *DayResult
	byDean map[string]*DeaneryRun
	paths  []string
}

func (b *builder) args() []any {
	return []any{stdsql.Named("run_date", b.d.Format(time.DateOnly))}
}

// start opens the runs, infers quarantines and sets the cap.
func (b *builder) start(ctx context.Context) error {
	rows, err := b.conn.QueryContext(ctx, dsql.MustQuery("exchange_run_start"),
		stdsql.Named("run_date", b.d.Format(time.DateOnly)), stdsql.Named("deanery", b.opt.Deanery),
		stdsql.Named("built_at", b.opt.Now().UTC().Format("2006-01-02 15:04:05")))
	if err != nil {
		return fmt.Errorf("open runs: %w", err)
	}
	for rows.Next() {
		var dr DeaneryRun
		if err := rows.Scan(&dr.Deanery, &dr.Full); err != nil {
			rows.Close()
			return err
		}
		b.res.Deaneries = append(b.res.Deaneries, dr)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("open runs: %w", err)
	}
	sortRuns(b.res.Deaneries)
	for i := range b.res.Deaneries {
		b.byDean[b.res.Deaneries[i].Deanery] = &b.res.Deaneries[i]
	}
	if len(b.res.Deaneries) == 0 {
		return nil
	}
	if _, err := b.conn.ExecContext(ctx, dsql.MustQuery("exchange_quarantine_infer"), b.args()...); err != nil {
		return fmt.Errorf("infer quarantines: %w", err)
	}
	if _, err := b.conn.ExecContext(ctx, dsql.MustQuery("exchange_run_cap"), b.args()...); err != nil {
		return fmt.Errorf("set cap: %w", err)
	}
	qr, err := b.conn.QueryContext(ctx, `SELECT q.deanery_code, q.file_name FROM app_quarantine q
		WHERE q.detected_run_date = ? ORDER BY q.file_name`, b.d.Format(time.DateOnly))
	if err != nil {
		return err
	}
	defer qr.Close()
	for qr.Next() {
		var dean, file string
		if err := qr.Scan(&dean, &file); err != nil {
			return err
		}
		if dr := b.byDean[dean]; dr != nil {
			dr.Quarantined = append(dr.Quarantined, file)
		}
	}
	if err := qr.Err(); err != nil {
		return err
	}
	cr, err := b.conn.QueryContext(ctx, `SELECT deanery_code, cap_active FROM exchange_run WHERE run_date = ?`, b.d.Format(time.DateOnly))
	if err != nil {
		return err
	}
	defer cr.Close()
	for cr.Next() {
		var dean string
		var capped bool
		if err := cr.Scan(&dean, &capped); err != nil {
			return err
		}
		if dr := b.byDean[dean]; dr != nil {
			dr.Capped = capped
		}
	}
	return cr.Err()
}

// refuseRepeat says why a named deanery got no run: it already ran on or
// after the date (a deanery that is not live yet simply has none).
func (b *builder) refuseRepeat(ctx context.Context) error {
	var last stdsql.NullTime
	err := b.conn.QueryRowContext(ctx, `SELECT max(run_date) FROM exchange_run WHERE deanery_code = ?`, b.opt.Deanery).Scan(&last)
	if err != nil {
		return err
	}
	if last.Valid && !last.Time.Before(b.d) {
		return fmt.Errorf("%s: %w: its last run is %s", b.opt.Deanery, ErrAlreadyRun, last.Time.Format(time.DateOnly))
	}
	return nil
}

func sortRuns(rs []DeaneryRun) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].Deanery < rs[j-1].Deanery; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

// apps builds, checks, writes and records the APP files.
func (b *builder) apps(ctx context.Context) error {
	rows, err := b.conn.QueryContext(ctx, dsql.MustQuery("exchange_app_build"), b.args()...)
	if err != nil {
		return fmt.Errorf("build APP records: %w", err)
	}
	byDean := map[string][]appRow{}
	for rows.Next() {
		var r appRow
		vals := make([]string, 32)
		dest := []any{&r.deanery, &r.placement, &r.trainee, &r.post, &r.dpn, &r.position, &r.positionNumber,
			&r.start, &r.end, &r.resend, &r.payload, &r.deferred}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return fmt.Errorf("build APP records: %w", err)
		}
		r.values = append([]string{"APP"}, vals...)
		byDean[r.deanery] = append(byDean[r.deanery], r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("build APP records: %w", err)
	}
	for i := range b.res.Deaneries {
		dr := &b.res.Deaneries[i]
		var send []appRow
		for _, r := range byDean[dr.Deanery] {
			if r.deferred {
				dr.Deferred++
				continue
			}
			send = append(send, r)
		}
		if len(send) == 0 {
			continue
		}
		name, err := b.nextName(ctx, dr.Deanery, "APP")
		if err != nil {
			return err
		}
		vals := make([][]string, len(send))
		for j, r := range send {
			vals[j] = r.values
		}
		f, err := b.write(name, b.d.Add(18*time.Hour), "", "APP", vals)
		if err != nil {
			return err
		}
		dr.APP = f
		dr.Expected = expectedFailures(name.String(), send, dr.Capped)
		if err := b.recordApps(ctx, name.String(), send, dr.Expected); err != nil {
			return err
		}
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

func (b *builder) recordApps(ctx context.Context, file string, rows []appRow, exp []ExpectedFailure) error {
	stmt, err := b.conn.PrepareContext(ctx, `INSERT INTO app_send (file_name, ordinal, deanery_code, run_date,
		placement_id, trainee_id, post_id, dpn, position_id, position_number, start_date, end_date, resend, payload)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i, r := range rows {
		var end any
		if r.end.Valid {
			end = r.end.Time
		}
		if _, err := stmt.ExecContext(ctx, file, i+1, r.deanery, b.d, r.placement, r.trainee, r.post, r.dpn,
			r.position, r.positionNumber, r.start, end, r.resend, r.payload); err != nil {
			return fmt.Errorf("record APP send %s:%d: %w", file, i+1, err)
		}
	}
	if len(exp) == 0 {
		return nil
	}
	fs, err := b.conn.PrepareContext(ctx, `INSERT INTO app_expected_failure (file_name, ordinal, deanery_code,
		run_date, placement_id, position_id, dpn, reason_code, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer fs.Close()
	for _, e := range exp {
		var ord, pos, pl any
		if e.Ordinal > 0 {
			ord, pos, pl = e.Ordinal, e.PositionID, e.PlacementID
		}
		if _, err := fs.ExecContext(ctx, e.File, ord, rows[0].deanery, b.d, pl, pos, e.DPN, e.Reason, e.Message); err != nil {
			return fmt.Errorf("record expected failure %s:%d: %w", e.File, e.Ordinal, err)
		}
	}
	return nil
}

// notes builds, writes and records the DNC/DNF files.
func (b *builder) notes(ctx context.Context) error {
	rows, err := b.conn.QueryContext(ctx, dsql.MustQuery("exchange_dnc_build"), b.args()...)
	if err != nil {
		return fmt.Errorf("build notifications: %w", err)
	}
	byDean := map[string][]noteRow{}
	for rows.Next() {
		var r noteRow
		vals := make([]string, 30)
		dest := []any{&r.deanery, &r.typ, &r.post, &r.dpn, &r.placement, &r.start, &r.end}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return fmt.Errorf("build notifications: %w", err)
		}
		r.values = append([]string{"DNC"}, vals...)
		byDean[r.deanery] = append(byDean[r.deanery], r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("build notifications: %w", err)
	}
	for i := range b.res.Deaneries {
		dr := &b.res.Deaneries[i]
		recs := byDean[dr.Deanery]
		if len(recs) == 0 && !dr.Full {
			continue
		}
		typ, mode := "DNC", "CHANGE"
		if dr.Full {
			typ, mode = "DNF", "FULL"
		}
		name, err := b.nextName(ctx, dr.Deanery, typ)
		if err != nil {
			return err
		}
		vals := make([][]string, len(recs))
		for j, r := range recs {
			vals[j] = r.values
		}
		f, err := b.write(name, b.d.Add(17*time.Hour+30*time.Minute), mode, "DNC", vals)
		if err != nil {
			return err
		}
		dr.Notifications = f
		if err := b.recordNotes(ctx, name.String(), recs); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) recordNotes(ctx context.Context, file string, rows []noteRow) error {
	if len(rows) == 0 {
		return nil
	}
	stmt, err := b.conn.PrepareContext(ctx, `INSERT INTO notification_send (file_name, ordinal, deanery_code, run_date,
		notification_type, post_id, dpn, placement_id, start_date, end_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i, r := range rows {
		var pl, start, end any
		if r.placement.Valid {
			pl = r.placement.String
		}
		if r.start.Valid {
			start = r.start.Time
		}
		if r.end.Valid {
			end = r.end.Time
		}
		if _, err := stmt.ExecContext(ctx, file, i+1, r.deanery, b.d, r.typ, r.post, r.dpn, pl, start, end); err != nil {
			return fmt.Errorf("record notification %s:%d: %w", file, i+1, err)
		}
	}
	return nil
}

// nextName gives the next file name of a stream: one above the highest
// sequence number the warehouse holds for it (5.9), or 1.
func (b *builder) nextName(ctx context.Context, deanery, typ string) (iface.Name, error) {
	var last int
	err := b.conn.QueryRowContext(ctx, `SELECT coalesce(max(sequence_number), 0) FROM source_file
		WHERE file_kind = 'INTERFACE' AND status = 'LOADED' AND deanery_code = ? AND file_type = ?`, deanery, typ).Scan(&last)
	if err != nil {
		return iface.Name{}, fmt.Errorf("next %s %s sequence: %w", deanery, typ, err)
	}
	return iface.Name{Deanery: deanery, Type: typ, Date: b.d, Seq: last + 1}, nil
}

// write writes one file with the exact encoding of section 6.
func (b *builder) write(name iface.Name, created time.Time, mode, recType string, vals [][]string) (*SentFile, error) {
	path := filepath.Join(b.opt.OutDir, name.String())
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	b.paths = append(b.paths, path)
	w := iface.NewWriter(f, name, iface.Header{CreatedAt: created, Mode: mode})
	for _, v := range vals {
		if _, err := w.Write(recType, v); err != nil {
			f.Close()
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return &SentFile{Name: name.String(), Path: path, Records: len(vals), Values: vals}, nil
}

// finish stores the run's counts.
func (b *builder) finish(ctx context.Context) error {
	stmt, err := b.conn.PrepareContext(ctx, `UPDATE exchange_run SET app_file_name = ?, app_records = ?, app_deferred = ?,
		notification_file_name = ?, notification_records = ?, expected_failures = ? WHERE deanery_code = ? AND run_date = ?`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, dr := range b.res.Deaneries {
		var appName, noteName any
		appN, noteN := 0, 0
		if dr.APP != nil {
			appName, appN = dr.APP.Name, dr.APP.Records
		}
		if dr.Notifications != nil {
			noteName, noteN = dr.Notifications.Name, dr.Notifications.Records
		}
		if _, err := stmt.ExecContext(ctx, appName, appN, dr.Deferred, noteName, noteN, len(dr.Expected), dr.Deanery, b.d); err != nil {
			return fmt.Errorf("record run %s: %w", dr.Deanery, err)
		}
	}
	return nil
}
