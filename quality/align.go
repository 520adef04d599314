package quality

import (
	"context"
	stdsql "database/sql"
	"fmt"
)

// align computes the per-record results of 8.2 to 8.5 for every quarter
// of the run, then the run's aggregates.
func align(ctx context.Context, s step) error {
	for _, t := range []string{"quality_person_score", "quality_placement_state", "quality_post_state"} {
		if _, err := s.tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			return fmt.Errorf("quality: clear %s: %w", t, err)
		}
	}
	run := stdsql.Named("run_id", s.run)
	steps := []struct {
		query string
		args  []any
	}{
		{"quality_person_score", []any{run}},
		{"quality_person_score_finish", nil},
		{"quality_placement_state", []any{run}},
		{"quality_post_state", []any{run}},
		{"quality_post_state_counts", []any{run}},
		{"quality_alignment_fields", []any{run}},
		{"quality_alignment_scores", []any{run}},
	}
	for _, st := range steps {
		if _, err := s.exec(ctx, st.query, st.args...); err != nil {
			return err
		}
	}
	return nil
}
