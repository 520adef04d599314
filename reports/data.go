package reports

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"deanery/reports/tabular"
)

// DefaultRate is the published saving per application (domain 9).
const DefaultRate = 2.44

// source reads the report views on one connection, on which the savings
// rate is set (report_rate_gbp), so that every figure comes from a view.
type source struct {
	conn *stdsql.Conn
}

func newSource(ctx context.Context, db *stdsql.DB, rate float64) (*source, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	if rate <= 0 {
		rate = DefaultRate
	}
	if _, err := conn.ExecContext(ctx, "SET VARIABLE report_rate_gbp = "+strconv.FormatFloat(rate, 'f', 2, 64)); err != nil {
		conn.Close()
		return nil, fmt.Errorf("reports: set the savings rate: %w", err)
	}
	return &source{conn: conn}, nil
}

func (s *source) Close() error { return s.conn.Close() }

// table runs a query over the report views and returns its rows.
func (s *source) table(ctx context.Context, query string, args ...any) (*tabular.Table, error) {
	rows, err := s.conn.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("reports: %w\n%s", err, query)
	}
	defer rows.Close()
	t, err := tabular.FromRows(rows)
	if err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	return t, nil
}

// strings returns the first column of a query.
func (s *source) strings(ctx context.Context, query string, args ...any) ([]string, error) {
	t, err := s.table(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(t.Rows))
	for _, r := range t.Rows {
		out = append(out, r[0])
	}
	return out, nil
}

// has says whether a table or view exists and holds a row; the quality
// tables arrive with their own migration and run.
func (s *source) has(ctx context.Context, name string) bool {
	var n int
	err := s.conn.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views()) WHERE table_name = ?`, name).Scan(&n)
	if err != nil || n == 0 {
		return false
	}
	var any_ int
	err = s.conn.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM "`+name+`" LIMIT 1)`).Scan(&any_)
	return err == nil && any_ > 0
}

// Period is the span of the warehouse's data (report_period).
type Period struct {
	From, To                  string
	FirstQuarter, LastQuarter string
}

// ErrNoData says the warehouse holds no loaded interface file.
var ErrNoData = errors.New("the warehouse holds no loaded interface file: load a world or the exchange's files first")

func (s *source) period(ctx context.Context) (Period, error) {
	var p Period
	var from, to, last stdsql.NullString
	err := s.conn.QueryRowContext(ctx, `SELECT CAST(data_from AS VARCHAR), CAST(data_to AS VARCHAR), first_quarter, last_quarter FROM report_period`).
		Scan(&from, &to, &p.FirstQuarter, &last)
	if err != nil {
		return p, fmt.Errorf("reports: %w", err)
	}
	if !to.Valid {
		return p, ErrNoData
	}
	p.From, p.To, p.LastQuarter = from.String, to.String, last.String
	return p, nil
}

var quarterRE = regexp.MustCompile(`^(20[0-9]{2})Q([1-4])$`)

// ParseQuarter checks a quarter written YYYYQn.
func ParseQuarter(q string) error {
	if !quarterRE.MatchString(q) {
		return fmt.Errorf("quarter %q: want YYYYQn, e.g. 2026Q3", q)
	}
	return nil
}

// seriesByColumn pivots a long table (category column, series column,
// value column) into categories and series, in first-seen order.
func seriesByColumn(t *tabular.Table, catCol, seriesCol, valueCol string) ([]string, []Series) {
	ci, si, vi := col(t, catCol), col(t, seriesCol), col(t, valueCol)
	var cats, names []string
	catIdx, serIdx := map[string]int{}, map[string]int{}
	for _, r := range t.Rows {
		if _, ok := catIdx[r[ci]]; !ok {
			catIdx[r[ci]] = len(cats)
			cats = append(cats, r[ci])
		}
		if _, ok := serIdx[r[si]]; !ok {
			serIdx[r[si]] = len(names)
			names = append(names, r[si])
		}
	}
	series := make([]Series, len(names))
	for i, n := range names {
		series[i] = Series{Name: n, Values: make([]string, len(cats))}
	}
	for _, r := range t.Rows {
		series[serIdx[r[si]]].Values[catIdx[r[ci]]] = r[vi]
	}
	return cats, series
}

// columns returns the category column and one series per named column.
func columns(t *tabular.Table, catCol string, valueCols ...string) ([]string, []Series) {
	ci := col(t, catCol)
	cats := make([]string, len(t.Rows))
	for i, r := range t.Rows {
		cats[i] = r[ci]
	}
	var series []Series
	for _, vc := range valueCols {
		vi := col(t, vc)
		s := Series{Name: vc, Values: make([]string, len(t.Rows))}
		for i, r := range t.Rows {
			s.Values[i] = r[vi]
		}
		series = append(series, s)
	}
	return cats, series
}
