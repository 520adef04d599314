package quality_test

import (
	"context"
	"testing"

	"deanery/quality"
)

// TestProbabilisticTierAlone runs the linkage again without the key tiers,
// so that every link is the model's, and measures it and its label-free
// estimates against the truth. It runs last: it replaces the latest run's
// per-record tables.
func TestProbabilisticTierAlone(t *testing.T) {
	w := loadWorld(t)
	res, err := quality.Run(context.Background(), w.db, quality.Options{SkipKeyTiers: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("probabilistic tier alone: %+v", res.Linkage)
	measureLinkage(t, w, 0.995)
	dump(t, w, `SELECT status, count(*), round(min(match_probability), 4) FROM quality_person_link GROUP BY ALL`)
}
