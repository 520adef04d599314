package extract

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRoundTrip is the property the loader and the generator rely on:
// canonical rows written in any profile read back as the same values,
// with no reject, for every entity.
func TestRoundTrip(t *testing.T) {
	for _, p := range append(Profiles(), tisProfile(t)) {
		for _, e := range Entities() {
			t.Run(p.Name()+"/"+string(e), func(t *testing.T) {
				for seed := range uint64(20) {
					g := newGen(seed, p)
					var want [][]string
					for range 50 {
						want = append(want, g.row(e))
					}
					data := writeRows(t, p, e, want)
					rd := NewReader(p, e, p.FileName("OXF", e, "2011Q2"), bytes.NewReader(data))
					rows, rejects, err := rd.ReadAll()
					if err != nil || len(rejects) > 0 {
						t.Fatalf("seed %d: err %v, rejects %d %.300v", seed, err, len(rejects), rejects)
					}
					var got [][]string
					for _, r := range rows {
						got = append(got, r.Values)
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Fatalf("seed %d: round trip (-written +read):\n%s\n%s", seed, diff, data)
					}
				}
			})
		}
	}
}
