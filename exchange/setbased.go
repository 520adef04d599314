package exchange

import (
	"bufio"
	"context"
	stdsql "database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"deanery/ingest/iface"

	"github.com/duckdb/duckdb-go/v2"
)

// ErrNotConverged is returned when the passes of the fixed point keep
// changing the send set: a dependency the design does not foresee.
var ErrNotConverged = errors.New("the send set did not settle")

// DefaultMaxPasses bounds the passes of the fixed point.
const DefaultMaxPasses = 30

type buildMode string

const (
	modeReplay buildMode = "REPLAY" // every working day of a history, nothing sent yet
	modeDay    buildMode = "DAY"    // one run date, the earlier runs as facts
)

// buildSpec says what the set-based build computes.
type buildSpec struct {
	mode       buildMode
	runDate    time.Time // modeDay
	through    time.Time // modeReplay: the last run date
	deanery    string    // modeDay: only this deanery ("" = all)
	builtAt    time.Time
	outDir     string
	dayFolders bool // write files under outDir/<YYYY>/<YYYYMMDD>/
	maxPasses  int
	log        *slog.Logger // steps and passes at debug level; nil for none
}

// Pass is one pass of the fixed point: the sends it computed, and how many
// sends, held-back records and propagated fields differed from the pass
// before (the last pass changes nothing).
type Pass struct {
	N           int
	Sends       int64
	Changed     int64
	FirstChange time.Time // earliest run date of a change; zero when none
	Time        time.Duration
}

// builtFile is a file the build wrote.
type builtFile struct {
	SentFile
	deanery, typ string
	date         time.Time
}

// buildResult is what one set-based build did.
type buildResult struct {
	runs   []DeaneryRun // one per run built, in (date, deanery) order
	dates  []time.Time  // run date of each entry of runs
	files  []builtFile  // in (date, deanery, type) order
	passes []Pass
	steps  []StepTime
	runsN  int
	expect map[string][]ExpectedFailure // by APP file
}

// build runs the set-based recruitment exchange (exchange/doc.go): the
// calendar, the state intervals, the passes of the fixed point, then the
// records, the exchange tables and the files.
func build(ctx context.Context, db *stdsql.DB, spec buildSpec) (res *buildResult, err error) {
	if spec.maxPasses == 0 {
		spec.maxPasses = DefaultMaxPasses
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	r := newRunner(conn, spec.log)
	out := &buildResult{}
	res = out
	defer func() {
		out.steps = r.stepTimes()
		if err != nil {
			res = out
		}
	}()
	var runDate, through any
	if spec.mode == modeDay {
		runDate = spec.runDate.Format(time.DateOnly)
	} else {
		through = spec.through.Format(time.DateOnly)
	}
	if err := r.exec(ctx, "param", `CREATE OR REPLACE TEMP TABLE xr_param AS
		SELECT CAST(? AS VARCHAR) AS mode, CAST(? AS DATE) AS run_date, CAST(? AS VARCHAR) AS deanery,
		       CAST(? AS DATE) AS through, CAST(? AS TIMESTAMP) AS built_at`,
		string(spec.mode), runDate, spec.deanery, through, spec.builtAt.UTC().Format("2006-01-02 15:04:05")); err != nil {
		return nil, err
	}
	cal := "replay"
	if spec.mode == modeDay {
		cal = "day"
	}
	if err := r.run(ctx, "exchange_replay_calendar", cal, "neighbours", "build_runs"); err != nil {
		return nil, err
	}
	n, err := r.count(ctx, `SELECT count(*) FROM xr_brun`)
	if err != nil {
		return nil, err
	}
	res.runsN = int(n)
	if n == 0 {
		return res, nil
	}
	if err := r.run(ctx, "exchange_replay_prep"); err != nil {
		return nil, err
	}
	if err := passes(ctx, r, spec, res); err != nil {
		return nil, err
	}
	if err := r.run(ctx, "exchange_replay_finish"); err != nil {
		return nil, err
	}
	if err := tieMismatch(ctx, r); err != nil {
		return nil, err
	}
	var written []string
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
			for _, p := range written {
				os.Remove(p)
			}
			return
		}
		if _, cerr := conn.ExecContext(ctx, "COMMIT"); cerr != nil {
			err = cerr
		}
	}()
	if err := r.run(ctx, "exchange_replay_store"); err != nil {
		return nil, err
	}
	if spec.mode == modeReplay {
		if err := r.run(ctx, "exchange_persons_store"); err != nil {
			return nil, err
		}
	}
	if err := writeFiles(ctx, r, spec, res, &written); err != nil {
		return nil, err
	}
	if err := storePasses(ctx, r, spec, res.passes); err != nil {
		return nil, err
	}
	if err := runSummaries(ctx, r, res); err != nil {
		return nil, err
	}
	return res, nil
}

// passes iterates the fixed point until a pass changes nothing.
func passes(ctx context.Context, r *runner, spec buildSpec, res *buildResult) error {
	init := []string{
		`CREATE OR REPLACE TEMP TABLE xr_send_new AS SELECT * FROM xr_send_fixed LIMIT 0`,
		`CREATE OR REPLACE TEMP TABLE xr_block AS SELECT deanery_code, placement_id, position_id, run_no FROM xr_send_fixed LIMIT 0`,
		`CREATE OR REPLACE TEMP TABLE xr_tfu AS SELECT * FROM trainee_field_update LIMIT 0`,
		`CREATE OR REPLACE TEMP TABLE xr_ok AS SELECT deanery_code, trainee_id, NULL::BIGINT AS assignment_id, NULL::TIMESTAMP AS apc_at FROM xr_tfu`,
		// the first pass computes every trainee's state
		`CREATE OR REPLACE TEMP TABLE xr_dirty AS SELECT DISTINCT deanery_code, trainee_id FROM trainee_version`,
	}
	for _, q := range init {
		if err := r.exec(ctx, "init", q); err != nil {
			return err
		}
	}
	if err := r.run(ctx, "exchange_replay_pass", "ties"); err != nil {
		return err
	}
	if err := r.exec(ctx, "init", `CREATE OR REPLACE TEMP TABLE xr_tie AS SELECT * FROM xr_tie_new`); err != nil {
		return err
	}
	if err := r.exec(ctx, "init", `CREATE OR REPLACE TEMP TABLE xr_send AS SELECT * FROM xr_send_new`); err != nil {
		return err
	}
	stateSteps := []string{"scope", "trainee_state", "trainee_state_first", "trainee_state_merge",
		"segments", "pair_segments", "pair_segments_first", "pair_segments_merge"}
	sendSteps := []string{"edges", "edges_next", "path", "ties", "quarantines", "cap", "blocks"}
	tfuChanged := true
	for pass := 1; ; pass++ {
		if pass > spec.maxPasses {
			var first stdsql.NullTime
			if len(res.passes) > 0 && !res.passes[len(res.passes)-1].FirstChange.IsZero() {
				first = stdsql.NullTime{Time: res.passes[len(res.passes)-1].FirstChange, Valid: true}
			}
			return fmt.Errorf("%w after %d passes; the earliest change of the last pass is on %s",
				ErrNotConverged, spec.maxPasses, first.Time.Format(time.DateOnly))
		}
		start := time.Now()
		if tfuChanged {
			if err := r.run(ctx, "exchange_replay_pass", stateSteps...); err != nil {
				return err
			}
		}
		if err := r.run(ctx, "exchange_replay_pass", sendSteps...); err != nil {
			return err
		}
		// Person records are applied again only when what they read
		// changed: the APC answers with an assignment id, or the GMC
		// numbers propagated (5.8 step 3).
		apply := false
		if spec.mode == modeReplay {
			if err := r.exec(ctx, "swap", `DROP TABLE IF EXISTS xr_ok_prev`); err != nil {
				return err
			}
			if err := r.exec(ctx, "swap", `ALTER TABLE xr_ok RENAME TO xr_ok_prev`); err != nil {
				return err
			}
			if err := r.run(ctx, "exchange_persons_answers", "replay"); err != nil {
				return err
			}
			okDiff, err := r.count(ctx, `SELECT (SELECT count(*) FROM (SELECT * FROM xr_ok EXCEPT SELECT * FROM xr_ok_prev))
				+ (SELECT count(*) FROM (SELECT * FROM xr_ok_prev EXCEPT SELECT * FROM xr_ok))`)
			if err != nil {
				return err
			}
			apply = pass == 1 || okDiff > 0 || tfuChanged
		}
		if apply {
			if err := r.run(ctx, "exchange_persons"); err != nil {
				return err
			}
		} else if err := r.exec(ctx, "swap", `CREATE OR REPLACE TEMP TABLE xr_tfu_new AS SELECT * FROM xr_tfu`); err != nil {
			return err
		}
		p := Pass{N: pass}
		var err error
		if p.Sends, err = r.count(ctx, `SELECT count(*) FROM xr_send_new`); err != nil {
			return err
		}
		var first stdsql.NullTime
		diff := `WITH d AS (
			(SELECT run_date FROM (SELECT deanery_code, placement_id, position_id, run_no, run_date, payload FROM xr_send_new
			  EXCEPT ALL SELECT deanery_code, placement_id, position_id, run_no, run_date, payload FROM xr_send))
			UNION ALL
			(SELECT run_date FROM (SELECT deanery_code, placement_id, position_id, run_no, run_date, payload FROM xr_send
			  EXCEPT ALL SELECT deanery_code, placement_id, position_id, run_no, run_date, payload FROM xr_send_new))
			UNION ALL
			(SELECT r.run_date FROM (SELECT * FROM xr_block_new EXCEPT ALL SELECT * FROM xr_block) b
			  JOIN xr_run r USING (deanery_code, run_no))
			UNION ALL
			(SELECT r.run_date FROM (SELECT * FROM xr_block EXCEPT ALL SELECT * FROM xr_block_new) b
			  JOIN xr_run r USING (deanery_code, run_no))
		), u AS (
			SELECT CAST(applied_at AS DATE) AS run_date FROM (SELECT * FROM xr_tfu_new EXCEPT ALL SELECT * FROM xr_tfu)
			UNION ALL
			SELECT CAST(applied_at AS DATE) FROM (SELECT * FROM xr_tfu EXCEPT ALL SELECT * FROM xr_tfu_new)
		)
		SELECT (SELECT count(*) FROM d) + (SELECT count(*) FROM u), (SELECT count(*) FROM u),
		       least((SELECT min(run_date) FROM d), (SELECT min(run_date) FROM u))`
		var tfuDiff int64
		if err := r.conn.QueryRowContext(ctx, diff).Scan(&p.Changed, &tfuDiff, &first); err != nil {
			return fmt.Errorf("pass %d: compare: %w", pass, err)
		}
		if first.Valid {
			p.FirstChange = first.Time
		}
		tfuChanged = tfuDiff > 0
		if err := r.exec(ctx, "swap", `CREATE OR REPLACE TEMP TABLE xr_dirty AS SELECT DISTINCT deanery_code, trainee_id FROM (
			(SELECT * FROM xr_tfu_new EXCEPT ALL SELECT * FROM xr_tfu) UNION ALL (SELECT * FROM xr_tfu EXCEPT ALL SELECT * FROM xr_tfu_new))`); err != nil {
			return err
		}
		// The pass's results become the next pass's inputs by renaming
		// (no copy); each step makes its _new table afresh.
		for _, q := range []string{
			`DROP TABLE IF EXISTS xr_send`, `ALTER TABLE xr_send_new RENAME TO xr_send`,
			`DROP TABLE IF EXISTS xr_tie`, `ALTER TABLE xr_tie_new RENAME TO xr_tie`,
			`DROP TABLE IF EXISTS xr_block`, `ALTER TABLE xr_block_new RENAME TO xr_block`,
			`DROP TABLE IF EXISTS xr_tfu`, `ALTER TABLE xr_tfu_new RENAME TO xr_tfu`,
			`DROP TABLE IF EXISTS xr_quar_cur`, `ALTER TABLE xr_quar_new RENAME TO xr_quar_cur`,
		} {
			if err := r.exec(ctx, "swap", q); err != nil {
				return err
			}
		}
		p.Time = time.Since(start)
		res.passes = append(res.passes, p)
		r.log.Info("exchange pass", "pass", p.N, "sends", p.Sends, "changed", p.Changed, "seconds", p.Time.Seconds())
		if p.Changed == 0 {
			return nil
		}
	}
}

// tieMismatch checks, once the passes agree, that every APC record tied to
// a send names that send's file and ordinal.
func tieMismatch(ctx context.Context, r *runner) error {
	rows, err := r.conn.QueryContext(ctx, `SELECT app_file_name, esr_vacancy_id, file_name, ordinal, placement_id, position_id
		FROM xr_tie_mismatch ORDER BY app_file_name, esr_vacancy_id LIMIT 5`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var apcFile, file, placement string
		var apcOrd, ord, pos int64
		if err := rows.Scan(&apcFile, &apcOrd, &file, &ord, &placement, &pos); err != nil {
			return err
		}
		msgs = append(msgs, fmt.Sprintf("%s:%d: ESR's answer names this record, but the hub's record of placement %s position %d is %s:%d",
			apcFile, apcOrd, placement, pos, file, ord))
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(msgs) > 0 {
		return fmt.Errorf("APC answers do not name the records they answer: %s", strings.Join(msgs, "; "))
	}
	return nil
}

// writeFiles writes every APP, DNC and DNF file of the build, in file
// order, and records the APP records ESR is expected to refuse.
func writeFiles(ctx context.Context, r *runner, spec buildSpec, res *buildResult, written *[]string) error {
	start := time.Now()
	defer func() { r.times["write files"] += time.Since(start); r.order = append(r.order, "write files") }()
	dirOf := func(d time.Time) (string, error) {
		dir := spec.outDir
		if spec.dayFolders {
			dir = filepath.Join(dir, d.Format("2006"), d.Format("20060102"))
		}
		return dir, os.MkdirAll(dir, 0o755)
	}
	// Files are written by a few goroutines while the records are read;
	// each job is one whole file.
	type job struct {
		name          iface.Name
		created       time.Time
		mode, recType string
		vals          [][]string
	}
	var (
		mu    sync.Mutex
		files []builtFile
		werr  error
		wg    sync.WaitGroup
	)
	jobs := make(chan job, 64)
	for w := 0; w < max(2, runtime.NumCPU()); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				f, path, err := writeFile(dirOf, j.name, j.created, j.mode, j.recType, j.vals)
				mu.Lock()
				if path != "" {
					*written = append(*written, path)
				}
				if err != nil && werr == nil {
					werr = err
				}
				if f != nil {
					if spec.mode != modeDay {
						f.Values = nil // a history's records stay in the files, not in memory
					}
					files = append(files, *f)
				}
				mu.Unlock()
			}
		}()
	}
	var once sync.Once
	finish := func() error {
		once.Do(func() { close(jobs); wg.Wait() })
		return werr
	}
	defer finish()
	write := func(name iface.Name, created time.Time, mode, recType string, vals [][]string) error {
		mu.Lock()
		err := werr
		mu.Unlock()
		if err != nil {
			return err
		}
		select {
		case jobs <- job{name, created, mode, recType, vals}:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}

	// APP files.
	rows, err := r.conn.QueryContext(ctx, `SELECT a.file_name, a.deanery_code, a.run_date, a.placement_id, a.position_id, a.dpn,
		ymd(a.run_date) || chr(31) || a.payload, coalesce(br.run_no >= c.cap_from, false)
		FROM xr_app a JOIN xr_brun br USING (deanery_code, run_no) LEFT JOIN xr_cap c USING (deanery_code)
		ORDER BY a.file_name, a.ordinal`)
	if err != nil {
		return fmt.Errorf("read APP records: %w", err)
	}
	var expected []ExpectedFailure
	var cur string
	var batch []appRow
	var capped bool
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		name, err := iface.ParseName(cur)
		if err != nil {
			return err
		}
		vals := make([][]string, len(batch))
		for i, b := range batch {
			vals[i] = b.values
		}
		if err := write(name, name.Date.Add(18*time.Hour), "", "APP", vals); err != nil {
			return err
		}
		ef := expectedFailures(cur, batch, capped)
		expected = append(expected, ef...)
		if len(ef) > 0 {
			if res.expect == nil {
				res.expect = map[string][]ExpectedFailure{}
			}
			res.expect[cur] = ef
		}
		batch = batch[:0]
		return nil
	}
	for rows.Next() {
		var file, payload string
		var a appRow
		var d time.Time
		if err := rows.Scan(&file, &a.deanery, &d, &a.placement, &a.position, &a.dpn, &payload, &capped); err != nil {
			rows.Close()
			return err
		}
		if file != cur {
			if err := flush(); err != nil {
				rows.Close()
				return err
			}
			cur = file
		}
		a.values = append([]string{"APP"}, strings.Split(payload, "\x1f")...)
		batch = append(batch, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}

	// DNC and DNF files, the DNF even when empty.
	nrows, err := r.conn.QueryContext(ctx, `SELECT f.file_name, f.file_type,
		CASE WHEN n.ordinal IS NULL THEN NULL ELSE concat_ws(chr(31), n.f02, n.f03, n.f04, n.f05, n.f06, n.f07, n.f08, n.f09, n.f10,
		  n.f11, n.f12, n.f13, n.f14, n.f15, n.f16, n.f17, n.f18, n.f19, n.f20, n.f21, n.f22, n.f23, n.f24, n.f25,
		  n.f26, n.f27, n.f28, n.f29, n.f30, n.f31) END
		FROM xr_note_file f LEFT JOIN xr_note n USING (deanery_code, run_no)
		ORDER BY f.file_name, n.ordinal`)
	if err != nil {
		return fmt.Errorf("read notifications: %w", err)
	}
	cur = ""
	var curType string
	var nvals [][]string
	nflush := func() error {
		if cur == "" {
			return nil
		}
		name, err := iface.ParseName(cur)
		if err != nil {
			return err
		}
		mode := "CHANGE"
		if curType == "DNF" {
			mode = "FULL"
		}
		if err := write(name, name.Date.Add(17*time.Hour+30*time.Minute), mode, "DNC", nvals); err != nil {
			return err
		}
		nvals = nil
		return nil
	}
	for nrows.Next() {
		var file, typ string
		var vals stdsql.NullString
		if err := nrows.Scan(&file, &typ, &vals); err != nil {
			nrows.Close()
			return err
		}
		if file != cur {
			if err := nflush(); err != nil {
				nrows.Close()
				return err
			}
			cur, curType = file, typ
		}
		if vals.Valid {
			nvals = append(nvals, append([]string{"DNC"}, strings.Split(vals.String, "\x1f")...))
		}
	}
	nrows.Close()
	if err := nrows.Err(); err != nil {
		return err
	}
	if err := nflush(); err != nil {
		return err
	}
	if err := finish(); err != nil {
		return err
	}
	sort.Slice(files, func(i, j int) bool {
		a, b := files[i], files[j]
		if !a.date.Equal(b.date) {
			return a.date.Before(b.date)
		}
		if a.deanery != b.deanery {
			return a.deanery < b.deanery
		}
		return a.typ < b.typ
	})
	res.files = files
	if err := storeExpected(ctx, r.conn, expected); err != nil {
		return err
	}
	return r.exec(ctx, "expected failures", `UPDATE exchange_run r SET expected_failures = x.n
		FROM (SELECT e.deanery_code, e.run_date, count(*) AS n FROM app_expected_failure e
		      JOIN xr_brun b ON b.deanery_code = e.deanery_code AND b.run_date = e.run_date GROUP BY ALL) x
		WHERE r.deanery_code = x.deanery_code AND r.run_date = x.run_date`)
}

// writeFile writes one interface file with the exact encoding of section 6.
func writeFile(dirOf func(time.Time) (string, error), name iface.Name, created time.Time, mode, recType string, vals [][]string) (*builtFile, string, error) {
	dir, err := dirOf(name.Date)
	if err != nil {
		return nil, "", err
	}
	path := filepath.Join(dir, name.String())
	f, err := os.Create(path)
	if err != nil {
		return nil, "", err
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	w := iface.NewWriter(bw, name, iface.Header{CreatedAt: created, Mode: mode})
	for _, v := range vals {
		if _, err := w.Write(recType, v); err != nil {
			f.Close()
			return nil, path, err
		}
	}
	if err := w.Close(); err != nil {
		f.Close()
		return nil, path, err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return nil, path, err
	}
	if err := f.Close(); err != nil {
		return nil, path, err
	}
	return &builtFile{SentFile: SentFile{Name: name.String(), Path: path, Records: len(vals), Values: vals},
		deanery: name.Deanery, typ: name.Type, date: name.Date}, path, nil
}

// storeExpected appends the expected failures to app_expected_failure.
func storeExpected(ctx context.Context, conn *stdsql.Conn, exp []ExpectedFailure) error {
	if len(exp) == 0 {
		return nil
	}
	return conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "app_expected_failure")
		if err != nil {
			return err
		}
		for _, e := range exp {
			n, _ := iface.ParseName(e.File)
			var ord, pos, pl any
			if e.Ordinal > 0 {
				ord, pos, pl = int32(e.Ordinal), e.PositionID, e.PlacementID
			}
			if err := a.AppendRow(e.File, ord, n.Deanery, n.Date, pl, pos, e.DPN, e.Reason, e.Message); err != nil {
				a.Close()
				return fmt.Errorf("record expected failure %s:%d: %w", e.File, e.Ordinal, err)
			}
		}
		return a.Close()
	})
}

// runSummaries reads back what each run built.
func runSummaries(ctx context.Context, r *runner, res *buildResult) error {
	byName := map[string]*builtFile{}
	for i := range res.files {
		byName[res.files[i].Name] = &res.files[i]
	}
	rows, err := r.conn.QueryContext(ctx, `SELECT r.deanery_code, r.run_date, r.full_notifications, r.cap_active,
		coalesce(r.app_file_name, ''), r.app_deferred, coalesce(r.notification_file_name, ''),
		coalesce((SELECT string_agg(q.file_name, ' ' ORDER BY q.file_name) FROM app_quarantine q
		          WHERE q.deanery_code = r.deanery_code AND q.detected_run_date = r.run_date), '')
		FROM exchange_run r JOIN xr_brun b USING (deanery_code, run_date)
		ORDER BY r.run_date, r.deanery_code`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var dr DeaneryRun
		var d time.Time
		var app, note, quar string
		if err := rows.Scan(&dr.Deanery, &d, &dr.Full, &dr.Capped, &app, &dr.Deferred, &note, &quar); err != nil {
			return err
		}
		if f := byName[app]; f != nil {
			dr.APP = &f.SentFile
			dr.Expected = res.expect[app]
		}
		if f := byName[note]; f != nil {
			dr.Notifications = &f.SentFile
		}
		if quar != "" {
			dr.Quarantined = strings.Fields(quar)
		}
		res.runs = append(res.runs, dr)
		res.dates = append(res.dates, d)
	}
	return rows.Err()
}

// storePasses keeps the build's passes (exchange_pass).
func storePasses(ctx context.Context, r *runner, spec buildSpec, ps []Pass) error {
	var first, last time.Time
	var build int32
	if err := r.conn.QueryRowContext(ctx, `SELECT min(run_date), max(run_date),
		CAST((SELECT coalesce(max(build), 0) + 1 FROM exchange_pass) AS INTEGER) FROM xr_brun`).Scan(&first, &last, &build); err != nil {
		return err
	}
	return r.conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "exchange_pass")
		if err != nil {
			return err
		}
		for _, p := range ps {
			var fc any
			if !p.FirstChange.IsZero() {
				fc = p.FirstChange
			}
			var lastDay any
			if spec.mode == modeReplay {
				lastDay = spec.through
			}
			if err := a.AppendRow(build, spec.builtAt.UTC().Truncate(time.Second), string(spec.mode), first, last, lastDay, int32(p.N), p.Sends, p.Changed, fc, p.Time.Seconds()); err != nil {
				a.Close()
				return err
			}
		}
		return a.Close()
	})
}
