package quality

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	dsql "deanery/sql"
)

// ErrNoData is returned when the warehouse holds no staff extract, so
// there is nothing to link or score.
var ErrNoData = errors.New("no staff extract (STF) loaded: nothing to score")

// Options tune a run; the zero value is usable.
type Options struct {
	// LinkThreshold is the match probability from which the probabilistic
	// tier links a pair (default 0.5).
	LinkThreshold float64
	// ReviewThreshold is the probability below which a probabilistic
	// link is held for review and not used by the scores (default 0.9).
	ReviewThreshold float64
	// RandomPairs is about the number of random pairs that measure chance
	// agreement: every pair of a hashed sample of sqrt(RandomPairs)
	// trainees and as many persons (default 1,000,000).
	RandomPairs int64
	// SkipKeyTiers leaves the key tiers out, so that every link comes from
	// the probabilistic tier: a diagnostic that measures the model alone.
	SkipKeyTiers bool
	// ToolVersion is recorded in quality_run.
	ToolVersion string
	// Now is the clock (tests pin it); nil means time.Now.
	Now func() time.Time
	// Log receives diagnostics; nil discards them.
	Log *slog.Logger
}

func (o *Options) defaults() {
	if o.LinkThreshold == 0 {
		o.LinkThreshold = 0.5
	}
	if o.ReviewThreshold == 0 {
		o.ReviewThreshold = 0.9
	}
	if o.RandomPairs == 0 {
		o.RandomPairs = 1_000_000
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
}

// Result is what a run found.
type Result struct {
	RunID         int64
	FirstQuarter  string
	LastQuarter   string
	TraineeSource string // always MERGED: extracts merged with applied updates (5.8)
	Linkage       LinkageSummary
	// Findings are the data-quality rules' results: for each rule the
	// national result (Deanery ALL) first, then one per deanery.
	Findings []Finding
}

// Failed says whether any rule crossed its fail threshold nationally.
func (r *Result) Failed() bool {
	for _, f := range r.Findings {
		if f.Deanery == "ALL" && f.Level == "FAIL" {
			return true
		}
	}
	return false
}

// step runs one named query inside the run's transaction.
type step struct {
	tx  *stdsql.Tx
	run int64
	log *slog.Logger
}

func (s step) exec(ctx context.Context, name string, args ...any) (int64, error) {
	start := time.Now()
	res, err := s.tx.ExecContext(ctx, dsql.MustQuery(name), args...)
	if err != nil {
		return 0, fmt.Errorf("quality run %d: %s: %w", s.run, name, err)
	}
	n, _ := res.RowsAffected()
	s.log.Debug("quality step", "query", name, "rows", n, "took", time.Since(start).Round(time.Millisecond))
	return n, nil
}

// Run runs quality over the warehouse: person linkage, alignment scores,
// post and placement states and the data-quality rules, in one
// transaction, so a failed run leaves no trace.
func Run(ctx context.Context, db *stdsql.DB, opt Options) (*Result, error) {
	opt.defaults()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("quality: %w", err)
	}
	defer tx.Rollback()
	res, err := run(ctx, tx, opt)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("quality: commit: %w", err)
	}
	return res, nil
}

func run(ctx context.Context, tx *stdsql.Tx, opt Options) (*Result, error) {
	// The deanery's values are always the 5.8 merge of the extracts with
	// the updates applied through the interface (trainee_field_value).
	res := &Result{TraineeSource: "MERGED"}
	var first, last stdsql.NullString
	var asOf stdsql.NullTime
	err := tx.QueryRowContext(ctx, dsql.MustQuery("quality_run_start"),
		stdsql.Named("started_at", opt.Now().UTC()), stdsql.Named("trainee_source", res.TraineeSource),
		stdsql.Named("link_threshold", opt.LinkThreshold), stdsql.Named("review_threshold", opt.ReviewThreshold),
		stdsql.Named("random_pairs", opt.RandomPairs), stdsql.Named("tool_version", opt.ToolVersion),
	).Scan(&res.RunID, &first, &last, &asOf)
	if err != nil {
		return nil, fmt.Errorf("quality: start run: %w", err)
	}
	if !first.Valid {
		return nil, ErrNoData
	}
	res.FirstQuarter, res.LastQuarter = first.String, last.String
	s := step{tx: tx, run: res.RunID, log: opt.Log}
	opt.Log.Info("quality run", "run", res.RunID, "quarters", first.String+".."+last.String, "trainee_source", res.TraineeSource)
	if res.Linkage, err = link(ctx, s, opt); err != nil {
		return nil, err
	}
	if _, err := s.tx.ExecContext(ctx, "DELETE FROM quality_person_population"); err != nil {
		return nil, fmt.Errorf("quality: %w", err)
	}
	if _, err := s.exec(ctx, "quality_person_population", stdsql.Named("run_id", res.RunID)); err != nil {
		return nil, err
	}
	if _, err := s.exec(ctx, "quality_link_estimates", stdsql.Named("run_id", res.RunID)); err != nil {
		return nil, err
	}
	if err := align(ctx, s); err != nil {
		return nil, err
	}
	if res.Findings, err = runRules(ctx, s); err != nil {
		return nil, err
	}
	if _, err := s.exec(ctx, "quality_run_finish", stdsql.Named("run_id", res.RunID), stdsql.Named("finished_at", opt.Now().UTC())); err != nil {
		return nil, err
	}
	return res, nil
}
