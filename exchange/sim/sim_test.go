package sim

import (
	"context"
	"testing"
	"time"
)

// testSettings is a small world: scale s from 2010-01-01 to the end of
// year y.
func testSettings(seed uint64, scale float64, y int) Settings {
	s := DefaultSettings(seed, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	s.Scale = scale
	s.To = MakeDate(y, time.December, 31)
	return s
}

func buildWorld(t testing.TB, s Settings) *World {
	t.Helper()
	w, err := Build(context.Background(), s, time.Time{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestSmoke(t *testing.T) {
	w := buildWorld(t, testSettings(1, 0.01, 2011))
	dir := t.TempDir()
	sum, err := w.Write(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", sum)
}
