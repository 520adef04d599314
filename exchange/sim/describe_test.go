package sim

import (
	"bytes"
	"context"
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestCalibrationBands generates a world at scale 0.05 over 2010–2021,
// ESR included, and checks the figures of domain 10.2 through Describe:
// every line it flags is a failure, except the figures a small world
// cannot hold (below), which are checked here with wider bands.
func TestCalibrationBands(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a world at scale 0.05")
	}
	s := testSettings(2, 0.05, 2021)
	dir := t.TempDir()
	if _, err := Generate(context.Background(), s, dir, func(string, int, int) {}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Describe(context.Background(), dir, &out); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + out.String())
	for _, l := range strings.Split(out.String(), "\n") {
		if !strings.HasSuffix(strings.TrimSpace(l), "!") {
			continue
		}
		// A small world fragments its posts (fewer trainees share each
		// prefix of site, specialty and grade), so it has more posts and
		// positions per trainee; and with two or three trusts a deanery few
		// posts can have two hosts.
		// APP fan-out and applications per organisation-year are checked
		// below with wider bands for the same reason: fewer hosts, and
		// more trusts for the people.
		f := strings.Fields(l)
		if strings.HasPrefix(l, "posts live") || strings.HasPrefix(l, "posts in all") || strings.HasPrefix(l, "positions") ||
			strings.HasSuffix(f[0], "%") || strings.HasSuffix(f[0], ":") || strings.HasSuffix(f[1], "record") ||
			strings.HasSuffix(f[1], "records") || f[0] == "3" {
			wide(t, l)
			continue
		}
		t.Errorf("outside its band: %s", l)
	}
	// The lines every band must have shown.
	for _, want := range []string{"in post 2015-11-01", "humans", "trainee records", "placements starting in",
		"people in the", "1 record", "2 records", "3 or more", "2021: "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no line %q", want)
		}
	}
	w, err := Build(context.Background(), s, testNow, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Posts live: near the number in post; a small world fragments more.
	if n, want := float64(w.postsLive(MakeDate(2011, 11, 1))), targetPostsLive*s.Scale; n < 0.9*want || n > 1.3*want {
		t.Errorf("%.0f posts live, want %.0f (+30%%/-10%%)", n, want)
	}
}

// wide checks a flagged fan-out or applications line of Describe within
// a band three times its own (±9 points, ±30%), posts live within +60%,
// and posts and positions in all within +120% (a small world's posts
// turn over faster too).
func wide(t *testing.T, l string) {
	t.Helper()
	f := strings.Fields(l)
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(strings.TrimSuffix(strings.ReplaceAll(s, ",", ""), "%"), 64)
		if err != nil {
			t.Fatalf("%q in %q: %v", s, l, err)
		}
		return v
	}
	switch {
	case strings.HasPrefix(l, "posts") || strings.HasPrefix(l, "positions"):
		n := len(f)
		hi := 1.6
		if !strings.HasPrefix(l, "posts live") {
			hi = 2.2
		}
		if got, want := num(f[n-4]), num(f[n-3]); got > hi*want || got < 0.9*want {
			t.Errorf("far outside its band: %s", l)
		}
	case strings.Contains(l, "record") || strings.HasPrefix(strings.TrimSpace(l), "3 or more"):
		n := len(f)
		if got, want := num(f[n-5]), num(f[n-4]); math.Abs(got-want) > 9 {
			t.Errorf("far outside its band: %s", l)
		}
	default: // applications per organisation-year
		n := len(f)
		if got, want := num(f[n-4]), num(f[n-3]); math.Abs(got-want) > 0.3*want {
			t.Errorf("far outside its band: %s", l)
		}
	}
}
