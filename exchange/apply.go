package exchange

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"time"

	"deanery/ingest"
	dsql "deanery/sql"
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
	for _, f := range lr.Files {
		if f.Status != ingest.StatusLoaded || (f.Type != "RMC" && f.Type != "RMF") {
			continue
		}
		if f.ByTable["per_record"]+f.ByTable["add_record"]+f.ByTable["asg_record"]+f.ByTable["pbd_record"] == 0 {
			continue
		}
		ps, err := applyPersons(ctx, db, f.Name, opt.Now())
		if err != nil {
			return nil, fmt.Errorf("apply %s: %w", f.Name, err)
		}
		res.Persons.add(ps)
	}
	return res, nil
}

// applyPersons resolves and applies the person records of one loaded
// RMC/RMF file, set-based (5.8 steps 3 and 4).
func applyPersons(ctx context.Context, db *stdsql.DB, file string, now time.Time) (PersonSummary, error) {
	var ps PersonSummary
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return ps, err
	}
	defer tx.Rollback()
	arg := stdsql.Named("file_name", file)
	steps := []string{"exchange_person_link", "exchange_person_outcome", "exchange_person_propagate", "exchange_person_count"}
	for _, q := range steps {
		r, err := tx.ExecContext(ctx, dsql.MustQuery(q), arg)
		if err != nil {
			return ps, fmt.Errorf("%s: %w", q, err)
		}
		if q == "exchange_person_link" {
			n, _ := r.RowsAffected()
			ps.LinksMade = int(n)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT outcome, coalesce(reason_code, ''), count(*), sum(fields_propagated),
		count(DISTINCT trainee_id) FROM person_record_outcome WHERE file_name = ? GROUP BY ALL`, file)
	if err != nil {
		return ps, err
	}
	defer rows.Close()
	for rows.Next() {
		var outcome, reason string
		var n, fields, trainees int
		if err := rows.Scan(&outcome, &reason, &n, &fields, &trainees); err != nil {
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
	if err := rows.Err(); err != nil {
		return ps, err
	}
	_ = now
	return ps, tx.Commit()
}
