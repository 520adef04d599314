package quality

import (
	"context"
	stdsql "database/sql"
	"fmt"

	dsql "deanery/sql"
)

// Estimate is the label-free linkage error estimate of one deanery (or ALL).
type Estimate struct {
	Deanery                     string
	Population, Links, KeyLinks int64
	ProbabilisticLinks, Review  int64
	FalseMatchRate              *float64
	MissedMatchRate             *float64
}

// Score is one headline score of the latest quarter of a run with its
// comparisons (quality_alignment_trend).
type Score struct {
	Deanery, Quarter, Entity string
	Population               int64
	Score                    *float64
	PreviousQuarter          *float64
	YearEarlier              *float64
}

// Summary is what `deanery quality` prints besides the findings.
type Summary struct {
	Estimates []Estimate
	Scores    []Score
}

// ReadSummary reads a finished run's linkage estimates and the scores of
// its last quarter, national first, then by deanery.
func ReadSummary(ctx context.Context, db *stdsql.DB, run int64) (*Summary, error) {
	var s Summary
	rows, err := db.QueryContext(ctx, `SELECT deanery_code, population, links, key_links, probabilistic_links, review_links,
		false_match_rate, missed_match_rate FROM quality_link_estimate WHERE run_id = ?
		ORDER BY deanery_code <> 'ALL', deanery_code`, run)
	if err != nil {
		return nil, fmt.Errorf("quality summary: %w", err)
	}
	for rows.Next() {
		var e Estimate
		if err := rows.Scan(&e.Deanery, &e.Population, &e.Links, &e.KeyLinks, &e.ProbabilisticLinks, &e.Review,
			&e.FalseMatchRate, &e.MissedMatchRate); err != nil {
			rows.Close()
			return nil, fmt.Errorf("quality summary: %w", err)
		}
		s.Estimates = append(s.Estimates, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("quality summary: %w", err)
	}
	rows, err = db.QueryContext(ctx, dsql.MustQuery("quality_summary_scores"), stdsql.Named("run_id", run))
	if err != nil {
		return nil, fmt.Errorf("quality summary: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x Score
		if err := rows.Scan(&x.Deanery, &x.Quarter, &x.Entity, &x.Population, &x.Score, &x.PreviousQuarter, &x.YearEarlier); err != nil {
			return nil, fmt.Errorf("quality summary: %w", err)
		}
		s.Scores = append(s.Scores, x)
	}
	return &s, rows.Err()
}
