package extract

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"sync"
	"testing"
)

const benchRows = 1_000_000

// placementFiles holds one generated placement file per profile, built
// once: generating a million rows costs more than reading them.
var placementFiles = sync.OnceValue(func() map[string][]byte {
	out := map[string][]byte{}
	for _, p := range Profiles() {
		g := newGen(1, p)
		rows := make([][]string, benchRows)
		for i := range rows {
			rows[i] = g.placement()
		}
		// Extracts are change logs in (modified_at, id) order (domain 7.10).
		mod := ColumnIndex(Placement, "modified_at")
		slices.SortFunc(rows, func(a, b []string) int {
			return cmp.Or(strings.Compare(a[mod], b[mod]), strings.Compare(a[0], b[0]))
		})
		var buf bytes.Buffer
		w := NewWriter(p, Placement, &buf)
		for _, r := range rows {
			if _, err := w.Write(r); err != nil {
				panic(err)
			}
		}
		if err := w.Close(); err != nil {
			panic(err)
		}
		out[p.Name()] = buf.Bytes()
	}
	return out
})

// BenchmarkReadPlacements reads a million placement rows per iteration,
// the size of a whole world's placements: the loader reads every extract
// of every quarter at each run.
func BenchmarkReadPlacements(b *testing.B) {
	for _, p := range Profiles() {
		b.Run(p.Name(), func(b *testing.B) {
			data := placementFiles()[p.Name()]
			name := p.FileName("LDN", Placement, "2011Q2")
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				rd := NewReader(p, Placement, name, bytes.NewReader(data))
				n := 0
				for rd.Next() {
					if rd.Reject() != nil {
						b.Fatal(rd.Reject())
					}
					n++
				}
				if rd.Err() != nil || n != benchRows {
					b.Fatalf("%d rows, %v", n, rd.Err())
				}
			}
			b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
