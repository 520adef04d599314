package sim

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Generate encodes and writes the interface files on a goroutine while
// the world runs; the bytes must be those of running the world in memory
// and writing everything afterwards, redeliveries and truth included.
func TestGenerateStreamsTheSameBytes(t *testing.T) {
	s := testSettings(3, 0.005, 2011)
	none := func(string, int, int) {}
	streamed := t.TempDir()
	if _, err := Generate(context.Background(), s, streamed, none); err != nil {
		t.Fatal(err)
	}
	w, err := Build(context.Background(), s, testNow, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := NewESR(w)
	if err := w.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	held := t.TempDir()
	if _, err := w.Write(context.Background(), held, nil); err != nil {
		t.Fatal(err)
	}
	if err := e.writeExchange(context.Background(), held, none); err != nil {
		t.Fatal(err)
	}
	a, b := readTree(t, streamed), readTree(t, held)
	exchange := 0
	for name, want := range b {
		if got, ok := a[name]; !ok || !bytes.Equal(got, want) {
			t.Errorf("%s: streamed output differs (present %v)", name, ok)
		}
		if strings.HasPrefix(name, "exchange") {
			exchange++
		}
	}
	if len(a) != len(b) {
		t.Errorf("streamed %d files, in memory %d", len(a), len(b))
	}
	faults, err := ReadTruthMaps(context.Background(), filepath.Join(held, "truth"), TableFault)
	if err != nil {
		t.Fatal(err)
	}
	dup := slices.ContainsFunc(faults, func(f map[string]string) bool { return f["kind"] == "DUPLICATE_FILE" })
	if exchange < 100 || !dup {
		t.Errorf("%d exchange files, DUPLICATE_FILE in the faults: %v", exchange, dup)
	}
}
