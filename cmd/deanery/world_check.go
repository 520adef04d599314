package main

import (
	"context"
	stdsql "database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"deanery/exchange/sim"
	"deanery/reports/tabular"
	dsql "deanery/sql"

	"github.com/urfave/cli/v2"
)

func worldCheckCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "compare what the warehouse holds of a world with the world's truth, per deanery",
		ArgsUsage: "DIR",
		Description: `After "deanery load DIR", prints per deanery the files loaded, records
rejected, trainees, posts and placements held beside the truth's figures,
and each reader flag beside the faults the truth injected that raise it.
Exits 1 when any figure differs.

With --exchange, on a warehouse that "deanery exchange run --world DIR"
filled, it prints instead the exchanges' figures of each deanery (summed
over quarters) beside the truth's: applicants created, internal transfers,
APP records, failures and manual hires; failures by source and reason;
DPNs over 40 in quarantined files; notice compliance; updates received,
propagated and rejected, replays and gaps; and how many (deanery, quarter)
rows differ.

Examples:
   deanery world generate --out world --scale 0.01 && deanery load world && deanery world check world
   deanery --db replay.duckdb exchange run --world world && deanery --db replay.duckdb world check --exchange world`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "exchange", Usage: "compare the exchanges' figures (after exchange run --world) instead"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return &exitError{code: exitUsage, err: fmt.Errorf("check takes the world's folder")}
			}
			if c.Bool("exchange") {
				return checkWorldExchange(c, e, c.Args().First())
			}
			return checkWorld(c, e, c.Args().First())
		},
	}
}

// worldEnd reads the world's last day from world.json.
func worldEnd(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "world.json"))
	if err != nil {
		return "", fmt.Errorf("read world: %w", err)
	}
	var w struct {
		Settings struct {
			To string `json:"to"`
		} `json:"settings"`
		To string `json:"to"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return "", fmt.Errorf("read %s: %w", filepath.Join(dir, "world.json"), err)
	}
	if w.Settings.To != "" {
		return w.Settings.To, nil
	}
	if w.To == "" {
		return "", fmt.Errorf("%s names no end date", filepath.Join(dir, "world.json"))
	}
	return w.To, nil
}

func checkWorld(c *cli.Context, e *env, dir string) error {
	to, err := worldEnd(dir)
	if err != nil {
		return err
	}
	db, err := dsql.Open(c.Context, c.String("db"), dsql.ReadOnly)
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := truthSession(c.Context, db, filepath.Join(dir, "truth"))
	if err != nil {
		return err
	}
	defer conn.Close()
	args := []any{stdsql.Named("world_to", to)}
	diffs := 0
	for _, q := range []struct{ name, title string }{
		{"world_check_counts", "Held per deanery, beside the truth"},
		{"world_check_flags", "Reader flags on trainee records, beside the faults the truth injected"},
	} {
		rows, err := conn.QueryContext(c.Context, dsql.MustQuery(q.name), args...)
		if err != nil {
			return fmt.Errorf("%s: %w", q.name, err)
		}
		t, err := tabular.FromRows(rows)
		rows.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", q.name, err)
		}
		diffs += countDiffs(t)
		fmt.Fprintf(e.stdout, "%s (world to %s)\n\n", q.title, to)
		if err := t.Write(e.stdout, "table"); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout)
	}
	if diffs > 0 {
		return findings("%d figure(s) differ from the truth", diffs)
	}
	fmt.Fprintln(e.stdout, "Every figure equals the truth's.")
	return nil
}

func checkWorldExchange(c *cli.Context, e *env, dir string) error {
	to, err := worldEnd(dir)
	if err != nil {
		return err
	}
	db, err := dsql.Open(c.Context, c.String("db"), dsql.ReadOnly)
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := truthSession(c.Context, db, filepath.Join(dir, "truth"))
	if err != nil {
		return err
	}
	defer conn.Close()
	cs, err := compareExchange(c.Context, conn)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "The exchanges' figures per deanery, beside the truth (world to %s)\n\n", to)
	diffs, err := printExchangeComparison(e.stdout, cs)
	if err != nil {
		return err
	}
	if diffs > 0 {
		return findings("%d (deanery, quarter) row(s) of the exchanges' figures differ from the truth", diffs)
	}
	fmt.Fprintln(e.stdout, "Every figure equals the truth's.")
	return nil
}

// countDiffs compares each column X with the column truth_X, and the two
// count columns of the flag table.
func countDiffs(t *tabular.Table) int {
	idx := map[string]int{}
	for i, c := range t.Columns {
		idx[c] = i
	}
	pairs := [][2]string{{"records_flagged", "truth_faults"}}
	for _, c := range t.Columns {
		if _, ok := idx["truth_"+c]; ok {
			pairs = append(pairs, [2]string{c, "truth_" + c})
		}
	}
	n := 0
	for _, r := range t.Rows {
		for _, p := range pairs {
			a, okA := idx[p[0]]
			b, okB := idx[p[1]]
			if okA && okB && r[a] != r[b] {
				n++
			}
		}
	}
	return n
}

// truthSession opens a connection of db on which the views truth_<table>
// read the world's truth tables under truthDir, Parquet or CSV, as text
// (sim.TruthViews): the world_check queries read the truth only there.
func truthSession(ctx context.Context, db *stdsql.DB, truthDir string) (*stdsql.Conn, error) {
	stmts, err := sim.TruthViews(truthDir)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("truth views: %w", err)
	}
	for _, st := range stmts {
		if _, err := conn.ExecContext(ctx, st); err != nil {
			conn.Close()
			return nil, fmt.Errorf("truth views: %w", err)
		}
	}
	return conn, nil
}
