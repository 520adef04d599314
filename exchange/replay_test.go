package exchange

import (
	"bytes"
	"context"
	stdsql "database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"deanery/ingest/iface"
	dsql "deanery/sql"

	"github.com/google/go-cmp/cmp"
)

const e2eCases = "../testdata/exchange-e2e"

// copyInto copies the regular files of src into dst.
func copyInto(t *testing.T, dst string, src ...string) {
	t.Helper()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range src {
		st, err := os.Stat(s)
		if err != nil {
			t.Fatal(err)
		}
		files := []string{s}
		if st.IsDir() {
			es, err := os.ReadDir(s)
			if err != nil {
				t.Fatal(err)
			}
			files = nil
			for _, e := range es {
				if e.Type().IsRegular() {
					files = append(files, filepath.Join(s, e.Name()))
				}
			}
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func dayDir(world string, d time.Time) string {
	return filepath.Join(world, "exchange", d.Format("2006"), d.Format("20060102"))
}

// snapshot is what a replay leaves in the warehouse, replays aside: the
// exchange figures and the records loaded, sent and answered.
func snapshot(t *testing.T, db *stdsql.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT * EXCLUDE (replays) FROM exchange_updates_by_quarter`,
		`SELECT * FROM exchange_volume_by_quarter`,
		`SELECT * FROM exchange_rejections_by_quarter`,
		`SELECT * FROM exchange_quarantine_by_dpn`,
		`SELECT * FROM exchange_notice_by_quarter`,
		`SELECT file_name, status, coalesce(reason_code, '') FROM source_file WHERE file_kind = 'INTERFACE' AND status = 'LOADED'`,
		`SELECT 'app_record', count(*) FROM app_record`,
		`SELECT 'dnc_record', count(*) FROM dnc_record`,
		`SELECT 'apc_record', count(*) FROM apc_record`,
		`SELECT 'notification_send', count(*) FROM notification_send`,
		`SELECT 'sequence_gap', count(*) FROM sequence_gap`,
	} {
		rows, err := db.Query(q + ` ORDER BY ALL`)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// TestReplayOffersRedeliveredDeaneryFiles: a deanery file (APP, DNC, DNF)
// the world delivers again on a later day goes to the loader, which finds
// the hub's own file of that name loaded: the same bytes are a REPLAY,
// counted in the figures (5.11 "Replays") and changing nothing else (5.9);
// other bytes are a NAME_CONFLICT and a difference, not a rejection counted
// twice (5.11 "expected_rejections").
func TestReplayOffersRedeliveredDeaneryFiles(t *testing.T) {
	ctx := context.Background()
	clock := func() time.Time { return time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC) }
	through := time.Date(2011, 5, 10, 0, 0, 0, 0, time.UTC)

	// A world of ESR files only: the hub's files it builds are the
	// deanery's files of the second world.
	world := t.TempDir()
	copyInto(t, filepath.Join(world, "config"), filepath.Join(e2eCases, "config"))
	copyInto(t, filepath.Join(world, "deanery"), filepath.Join(e2eCases, "replay", "extracts"))
	esr := filepath.Join(e2eCases, "replay", "esr")
	copyInto(t, filepath.Join(world, "exchange", "2011", "20110503"), filepath.Join(esr, "20110503"))
	copyInto(t, filepath.Join(world, "exchange", "2011", "20110505"), filepath.Join(esr, "20110505"))
	db1, _ := dsql.TestWarehouse(t)
	out1 := t.TempDir()
	if _, err := Replay(ctx, db1, world, ReplayOptions{OutDir: out1, Now: clock, Through: through}); err != nil {
		t.Fatal(err)
	}
	var hub []string
	err := filepath.WalkDir(out1, func(p string, e os.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() {
			hub = append(hub, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(hub)
	types := map[string]bool{}
	for _, p := range hub {
		n, err := iface.ParseName(filepath.Base(p))
		if err != nil {
			t.Fatal(err)
		}
		types[n.Type] = true
	}
	if !types["APP"] || !types["DNF"] || !types["DNC"] {
		t.Fatalf("the hub built %v; want an APP, a DNF and a DNC", hub)
	}

	// The second world delivers the hub's files on their dates and each
	// again on the next working day; the DNC's second copy has another
	// header version.
	world2 := t.TempDir()
	copyInto(t, filepath.Join(world2, "config"), filepath.Join(world, "config"))
	copyInto(t, filepath.Join(world2, "deanery"), filepath.Join(world, "deanery"))
	copyInto(t, filepath.Join(world2, "exchange", "2011", "20110503"), filepath.Join(world, "exchange", "2011", "20110503"))
	copyInto(t, filepath.Join(world2, "exchange", "2011", "20110505"), filepath.Join(world, "exchange", "2011", "20110505"))
	var replays, conflicts []string
	for _, p := range hub {
		n, _ := iface.ParseName(filepath.Base(p))
		copyInto(t, dayDir(world2, n.Date), p)
		again := n.Date.AddDate(0, 0, 1)
		for again.Weekday() == time.Saturday || again.Weekday() == time.Sunday {
			again = again.AddDate(0, 0, 1)
		}
		if again.After(through) {
			continue
		}
		if n.Type != "DNC" {
			copyInto(t, dayDir(world2, again), p)
			replays = append(replays, filepath.Base(p))
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.Replace(b, []byte(`"1.0"`), []byte(`"1.1"`), 1)
		if err := os.MkdirAll(dayDir(world2, again), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dayDir(world2, again), filepath.Base(p)), b, 0o644); err != nil {
			t.Fatal(err)
		}
		conflicts = append(conflicts, filepath.Base(p))
	}
	if len(replays) < 2 || len(conflicts) == 0 {
		t.Fatalf("redelivered %v and %v with other bytes; want an APP, a DNF and a DNC", replays, conflicts)
	}

	db2, _ := dsql.TestWarehouse(t)
	var offered []string
	res, err := Replay(ctx, db2, world2, ReplayOptions{OutDir: t.TempDir(), Now: clock, Through: through})
	if err != nil {
		t.Fatal(err)
	}
	offered = append(offered, res.Redelivered...)
	sort.Strings(offered)
	if diff := cmp.Diff(append(append([]string(nil), replays...), conflicts...), offered,
		cmp.Transformer("sort", func(s []string) []string { s = append([]string(nil), s...); sort.Strings(s); return s })); diff != "" {
		t.Errorf("redeliveries offered (-want +got):\n%s", diff)
	}
	for _, d := range res.Differences {
		if !strings.Contains(strings.Join(conflicts, " "), d.File) {
			t.Errorf("difference outside the altered redelivery: %s", d)
		}
	}
	if len(res.Differences) == 0 {
		t.Error("the altered redelivery shows no difference")
	}

	var got []string
	rows, err := db2.Query(`SELECT file_name || ' ' || status || coalesce(' ' || reason_code, '') FROM source_file
		WHERE file_kind = 'INTERFACE' AND status <> 'LOADED' ORDER BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	rows.Close()
	var want []string
	for _, n := range replays {
		want = append(want, n+" REPLAY")
	}
	for _, n := range conflicts {
		want = append(want, n+" REJECTED NAME_CONFLICT")
	}
	sort.Strings(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("redeliveries as loaded (-want +got):\n%s", diff)
	}

	var n int
	if err := db2.QueryRow(`SELECT coalesce(sum(replays), 0) FROM exchange_updates_by_quarter WHERE deanery_code = 'OXF'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(replays) {
		t.Errorf("replays figure %d, want %d", n, len(replays))
	}
	if diff := cmp.Diff(snapshot(t, db1), snapshot(t, db2)); diff != "" {
		t.Errorf("redeliveries changed the warehouse (-without +with):\n%s", diff)
	}
}
