package sim

import (
	"context"
	"testing"
)

// BenchmarkGenerate builds, plays and writes the deanery side of a world
// at scale 0.1 over 2010–2026.
func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	s := testSettings(1, 0.1, 2026)
	for b.Loop() {
		w, err := Build(context.Background(), s, testNow, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := w.Run(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
		if _, err := w.Write(context.Background(), b.TempDir(), nil); err != nil {
			b.Fatal(err)
		}
	}
}
