package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"deanery/reports/tabular"
	dsql "deanery/sql"
)

// knownExchangeDifferences are the figures by which the truth may exceed
// the warehouse, per (deanery, quarter), for faults that are not the
// views': each query gives deanery_code, quarter and n, and reads the
// truth through the truth_<table> views (tests only).
var knownExchangeDifferences = []struct {
	table, figure, why, query string
}{
	{
		table: "world_check_exchange_volume", figure: "manual_hires",
		why: "5.11 \"Withdrawal by hand\" removes a future manual hire before any STF shows it, yet " +
			"10.5 counts it by hire date; 5.11 \"Counting bases\" says the tool sees manual hires only through STF",
		query: `SELECT p.deanery_code, exchange_quarter_of(CAST(s.hire_date AS DATE)) AS quarter, count(*) AS n
FROM truth_send_truth s
JOIN (SELECT placement_id, start_date, split_part(dpn, '/', 1) AS deanery_code
      FROM truth_placement_truth) p USING (placement_id)
WHERE s.route = 'MANUAL' AND s.hire_date >= '2010-01-01'
  AND NOT EXISTS (SELECT 1 FROM stf_record r WHERE r.assignment_id = CAST(s.assignment_id AS BIGINT)
                  AND r.position_id = CAST(s.position_id AS BIGINT) AND r.start_date = CAST(p.start_date AS DATE))
GROUP BY ALL`,
	},
}

// TestExchangeFiguresEqualTheTruth generates a small world, replays its
// exchanges through the hub, and requires every per-deanery, per-quarter
// figure of the five exchange tables of 10.5 to equal the truth's, apart
// from the differences knownExchangeDifferences names (each the fault of
// the hub or the world, not of the views).
func TestExchangeFiguresEqualTheTruth(t *testing.T) {
	if testing.Short() {
		t.Skip("replays a world's exchanges")
	}
	dir := t.TempDir()
	world := filepath.Join(dir, "world")
	if code, _, stderr := runCLI(t, "--quiet", "world", "generate", "--out", world, "--scale", "0.01", "--to", "2010-06-30"); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	db := filepath.Join(dir, "replay.duckdb")
	code, out, stderr := runCLI(t, "--quiet", "--db", db, "exchange", "run", "--world", world, "--out", filepath.Join(dir, "hub"), "--show", "0")
	if code != 0 && code != exitFindings {
		t.Fatalf("exchange run: exit %d: %s", code, stderr)
	}
	t.Log(strings.TrimSpace(out))

	code, out, stderr = runCLI(t, "--db", db, "world", "check", "--exchange", world)
	t.Log("\n" + out)
	if code != 0 && code != exitFindings {
		t.Fatalf("world check --exchange: exit %d: %s", code, stderr)
	}

	ctx := context.Background()
	w, err := dsql.Open(ctx, db, dsql.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	conn, err := truthSession(ctx, w, filepath.Join(world, "truth"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	cs, err := compareExchange(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]map[string]int64{} // table/figure -> deanery/quarter -> n
	for _, k := range knownExchangeDifferences {
		rows, err := conn.QueryContext(ctx, k.query)
		if err != nil {
			t.Fatalf("%s %s: %v", k.table, k.figure, err)
		}
		m := map[string]int64{}
		for rows.Next() {
			var d, q string
			var n int64
			if err := rows.Scan(&d, &q, &n); err != nil {
				t.Fatal(err)
			}
			m[d+"/"+q] += n
			m["ALL/"+q] += n
		}
		rows.Close()
		known[k.table+"/"+k.figure] = m
	}
	for _, c := range cs {
		unexplained, explained := 0, 0
		for _, r := range c.Rows.Rows {
			for _, p := range figurePairs(c.Rows) {
				fig := c.Rows.Columns[p[0]]
				if r[p[0]] == r[p[1]] {
					continue
				}
				var held, want int64
				fmt.Sscan(r[p[0]], &held)
				fmt.Sscan(r[p[1]], &want)
				key := cell(c.Rows, r, "deanery_code") + "/" + cell(c.Rows, r, "quarter")
				if n, ok := known[c.Name+"/"+fig][key]; ok && want-held == n {
					explained++
					t.Logf("%s %s %s: %d, truth %d: known difference", c.Name, key, fig, held, want)
					continue
				}
				unexplained++
				t.Errorf("%s %s %s: %d, truth %d (row %s)", c.Name, key, fig, held, want, strings.Join(r, " "))
			}
		}
		t.Logf("%s: %d rows, %d known differences, %d unexplained", c.Name, len(c.Rows.Rows), explained, unexplained)
	}
	for _, k := range knownExchangeDifferences {
		t.Logf("known: %s %s: %s", k.table, k.figure, k.why)
	}
}

func cell(t *tabular.Table, r []string, col string) string {
	for i, c := range t.Columns {
		if c == col {
			return r[i]
		}
	}
	return ""
}
