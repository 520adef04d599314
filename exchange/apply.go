package exchange

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"strings"
	"time"

	"deanery/ingest"
)

// ApplyOptions tune Apply.
type ApplyOptions struct {
	// Now is the clock for bookkeeping; nil means time.Now.
	Now func() time.Time
}

// ApplyResult is what Apply did.
type ApplyResult struct {
	Files []ingest.FileResult
	// Persons sums the person records of the RMC/RMF files applied.
	Persons PersonSummary
}

// PersonSummary counts person records applied (5.8).
type PersonSummary struct {
	Records          int
	Applied          int
	Rejected         map[string]int // by reason code (UNKNOWN_PERSON)
	FieldsPropagated int
	LinksMade        int
	TraineesTouched  int
}

func (a *ApplyResult) merge(b *ApplyResult) {
	a.Files = append(a.Files, b.Files...)
	a.Persons.add(b.Persons)
}

func (p *PersonSummary) add(q PersonSummary) {
	p.Records += q.Records
	p.Applied += q.Applied
	p.FieldsPropagated += q.FieldsPropagated
	p.LinksMade += q.LinksMade
	p.TraineesTouched += q.TraineesTouched
	for k, v := range q.Rejected {
		if p.Rejected == nil {
			p.Rejected = map[string]int{}
		}
		p.Rejected[k] += v
	}
}

// Apply takes what ESR sent (APC, DCC, RMC/RMF, STF files, or the hub's own
// files as sent) through the loader, with its replay, conflict, order and
// gap rules (5.9), then applies the person records of every RMC/RMF file it
// loaded, in file order (5.8). APC answers, DCC answers and position
// records need no more: the exchange tables read them where they lie
// (app_send_answer, position_at, post_reconciliation).
func Apply(ctx context.Context, db *stdsql.DB, paths []string, opt ApplyOptions) (*ApplyResult, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	lr, err := ingest.Load(ctx, db, paths, ingest.Options{Now: opt.Now, ToolVersion: "exchange"})
	if err != nil {
		return nil, fmt.Errorf("apply: %w", err)
	}
	res := &ApplyResult{Files: lr.Files}
	var files []string
	for _, f := range lr.Files {
		if f.Status != ingest.StatusLoaded || (f.Type != "RMC" && f.Type != "RMF") {
			continue
		}
		if f.ByTable["per_record"]+f.ByTable["add_record"]+f.ByTable["asg_record"]+f.ByTable["pbd_record"] == 0 {
			continue
		}
		files = append(files, f.Name)
	}
	if len(files) > 0 {
		ps, err := applyPersons(ctx, db, files)
		if err != nil {
			return nil, fmt.Errorf("apply %s: %w", strings.Join(files, ", "), err)
		}
		res.Persons = ps
	}
	return res, nil
}

// applyPersons resolves and applies the person records of the RMC/RMF
// files named (loaded just now), set-based over all of them in createdAt
// order (5.8 steps 3 and 4): the same statements a replay runs in each of
// its passes, with the warehouse's APC answers.
func applyPersons(ctx context.Context, db *stdsql.DB, files []string) (PersonSummary, error) {
	var ps PersonSummary
	conn, err := db.Conn(ctx)
	if err != nil {
		return ps, err
	}
	defer conn.Close()
	r := newRunner(conn, nil)
	if err := r.run(ctx, "exchange_replay_prep", "esr_files", "trainee_extract_changes"); err != nil {
		return ps, err
	}
	if err := r.exec(ctx, "apply files", `CREATE OR REPLACE TEMP TABLE xr_apply_files AS
		SELECT unnest(string_split(?, '|')) AS file_name`, strings.Join(files, "|")); err != nil {
		return ps, err
	}
	if err := r.run(ctx, "exchange_replay_prep", "person_records", "person_images"); err != nil {
		return ps, err
	}
	if err := r.exec(ctx, "no updates yet", `CREATE OR REPLACE TEMP TABLE xr_tfu AS SELECT * FROM trainee_field_update LIMIT 0`); err != nil {
		return ps, err
	}
	if err := r.run(ctx, "exchange_persons_answers", "warehouse"); err != nil {
		return ps, err
	}
	if err := r.run(ctx, "exchange_persons"); err != nil {
		return ps, err
	}
	if err := r.exec(ctx, "updates", `DROP TABLE xr_tfu`); err != nil {
		return ps, err
	}
	if err := r.exec(ctx, "updates", `ALTER TABLE xr_tfu_new RENAME TO xr_tfu`); err != nil {
		return ps, err
	}
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return ps, err
	}
	if err := r.run(ctx, "exchange_persons_store"); err != nil {
		conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return ps, err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return ps, err
	}
	links, err := r.count(ctx, `SELECT count(*) FROM xr_link_new`)
	if err != nil {
		return ps, err
	}
	ps.LinksMade = int(links)
	rows, err := conn.QueryContext(ctx, `SELECT o.outcome, coalesce(o.reason_code, ''), o.file_name, count(*),
		sum(o.fields_propagated), count(DISTINCT o.trainee_id)
		FROM person_record_outcome o JOIN xr_apply_files f USING (file_name) GROUP BY ALL`)
	if err != nil {
		return ps, err
	}
	defer rows.Close()
	for rows.Next() {
		var outcome, reason, file string
		var n, fields, trainees int
		if err := rows.Scan(&outcome, &reason, &file, &n, &fields, &trainees); err != nil {
			return ps, err
		}
		ps.Records += n
		if outcome == "APPLIED" {
			ps.Applied += n
			ps.FieldsPropagated += fields
			ps.TraineesTouched += trainees
		} else {
			if ps.Rejected == nil {
				ps.Rejected = map[string]int{}
			}
			ps.Rejected[reason] += n
		}
	}
	return ps, rows.Err()
}
