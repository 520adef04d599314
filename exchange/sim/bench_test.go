package sim

import (
	"context"
	"testing"
)

// BenchmarkGenerate generates a whole world at scale 0.1 over 2010–2026:
// build, the day-by-day run of the deanery side with ESR beside it, and
// every file written (extracts, interface files, truth), as
// `deanery world generate` does. PERFORMANCE.md keeps its figures.
func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	s := testSettings(1, 0.1, 2026)
	none := func(string, int, int) {}
	for b.Loop() {
		if _, err := Generate(context.Background(), s, b.TempDir(), none); err != nil {
			b.Fatal(err)
		}
	}
}
