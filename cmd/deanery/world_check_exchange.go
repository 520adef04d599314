package main

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"io"
	"strconv"
	"strings"

	"deanery/reports/tabular"
	dsql "deanery/sql"
)

// exchangeChecks are the exchange figures of domain 10.5, each a query
// that sets a view of the warehouse beside one truth table, row by row.
var exchangeChecks = []struct{ name, title string }{
	{"world_check_exchange_volume", "Recruitment volumes (expected_volume)"},
	{"world_check_exchange_rejections", "Failures by source and reason (expected_rejections)"},
	{"world_check_exchange_quarantine", "Quarantined APP files, DPNs over 40 (expected_quarantine)"},
	{"world_check_exchange_notice", "Notice compliance by quarter of start date (expected_notice)"},
	{"world_check_exchange_updates", "Update interface (expected_updates)"},
}

// exchangeComparison is one exchange figure table beside the truth: its
// rows per deanery and quarter (and key), and how many of them differ.
type exchangeComparison struct {
	Name, Title string
	Rows        *tabular.Table
	Differing   int
}

// compareExchange runs every exchange check against the truth, on a
// connection that truthSession prepared.
func compareExchange(ctx context.Context, conn *stdsql.Conn) ([]exchangeComparison, error) {
	var out []exchangeComparison
	for _, q := range exchangeChecks {
		rows, err := conn.QueryContext(ctx, dsql.MustQuery(q.name))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", q.name, err)
		}
		t, err := tabular.FromRows(rows)
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", q.name, err)
		}
		c := exchangeComparison{Name: q.name, Title: q.title, Rows: t}
		for _, r := range t.Rows {
			if rowDiffers(t, r) {
				c.Differing++
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// figurePairs lists the index pairs (X, truth_X) of a comparison table.
func figurePairs(t *tabular.Table) [][2]int {
	idx := map[string]int{}
	for i, c := range t.Columns {
		idx[c] = i
	}
	var pairs [][2]int
	for i, c := range t.Columns {
		if j, ok := idx["truth_"+c]; ok {
			pairs = append(pairs, [2]int{i, j})
		}
	}
	return pairs
}

func rowDiffers(t *tabular.Table, r []string) bool {
	for _, p := range figurePairs(t) {
		if r[p[0]] != r[p[1]] {
			return true
		}
	}
	return false
}

// summariseByDeanery sums a comparison over its quarters: one row per
// deanery (and key, such as source and reason), each figure beside the
// truth's, and the number of its quarter rows that differ.
func summariseByDeanery(t *tabular.Table) *tabular.Table {
	pairs := figurePairs(t)
	isFigure := map[int]bool{}
	for _, p := range pairs {
		isFigure[p[0]], isFigure[p[1]] = true, true
	}
	var keys []int
	for i, c := range t.Columns {
		if !isFigure[i] && c != "quarter" {
			keys = append(keys, i)
		}
	}
	s := &tabular.Table{}
	for _, k := range keys {
		s.Columns = append(s.Columns, t.Columns[k])
	}
	for _, p := range pairs {
		s.Columns = append(s.Columns, t.Columns[p[0]], t.Columns[p[1]])
	}
	s.Columns = append(s.Columns, "quarters_differing")
	type acc struct {
		key  []string
		sums []int64
		diff int
	}
	var order []string
	groups := map[string]*acc{}
	for _, r := range t.Rows {
		var key []string
		for _, k := range keys {
			key = append(key, r[k])
		}
		id := strings.Join(key, "\x1f")
		g := groups[id]
		if g == nil {
			g = &acc{key: key, sums: make([]int64, 2*len(pairs))}
			groups[id] = g
			order = append(order, id)
		}
		for i, p := range pairs {
			a, _ := strconv.ParseInt(r[p[0]], 10, 64)
			b, _ := strconv.ParseInt(r[p[1]], 10, 64)
			g.sums[2*i] += a
			g.sums[2*i+1] += b
		}
		if rowDiffers(t, r) {
			g.diff++
		}
	}
	for _, id := range order {
		g := groups[id]
		row := append([]string{}, g.key...)
		for _, v := range g.sums {
			row = append(row, strconv.FormatInt(v, 10))
		}
		row = append(row, strconv.Itoa(g.diff))
		s.Rows = append(s.Rows, row)
		s.Nulls = append(s.Nulls, make([]bool, len(row)))
	}
	return s
}

// printExchangeComparison writes each exchange figure per deanery, summed
// over quarters, beside the truth's, and returns the rows that differ.
func printExchangeComparison(w io.Writer, cs []exchangeComparison) (int, error) {
	diffs := 0
	for _, c := range cs {
		fmt.Fprintf(w, "%s, summed over quarters; %d (deanery, quarter) row(s) differ\n\n", c.Title, c.Differing)
		if err := summariseByDeanery(c.Rows).Write(w, "table"); err != nil {
			return 0, err
		}
		fmt.Fprintln(w)
		diffs += c.Differing
	}
	return diffs, nil
}
