package reports

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"time"

	"deanery/reports/tabular"
)

// DefaultRate is the published saving per application (domain 9).
const DefaultRate = 2.44

// source reads the report views on one connection, on which the savings
// rate is set (report_rate_gbp), so that every figure comes from a view.
type source struct {
	conn *stdsql.Conn
	log  *slog.Logger
}

func newSource(ctx context.Context, db *stdsql.DB, opt Options, views []string) (*source, error) {
	rate := opt.Rate
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
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &source{conn: conn, log: log}
	if err := s.cache(ctx, views...); err != nil {
		conn.Close()
		return nil, err
	}
	return s, nil
}

func (s *source) Close() error { return s.conn.Close() }

// table runs a query over the report views and returns its rows.
func (s *source) table(ctx context.Context, query string, args ...any) (*tabular.Table, error) {
	start := time.Now()
	defer func() {
		s.log.Debug("report query", "took", time.Since(start).Round(time.Millisecond), "query", oneLine(query))
	}()
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

// cache computes each named view once for this run: a temporary table of
// the same name on the source's connection takes the view's place, for the
// queries of the run and for the views built on it, which must therefore
// come after it in names. Views missing from the warehouse are left out.
// Nothing is written to the warehouse.
func (s *source) cache(ctx context.Context, names ...string) error {
	db, err := s.value(ctx, `SELECT current_database()`)
	if err != nil {
		return err
	}
	for _, n := range names {
		var views int
		if err := s.conn.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_views() WHERE database_name = ? AND view_name = ?`, db, n).Scan(&views); err != nil {
			return fmt.Errorf("reports: %w", err)
		}
		if views == 0 {
			continue
		}
		start := time.Now()
		if _, err := s.conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE `+ident(n)+` AS SELECT * FROM `+ident(db)+`.main.`+ident(n)); err != nil {
			return fmt.Errorf("reports: compute %s: %w", n, err)
		}
		s.log.Debug("report view computed", "view", n, "took", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// The views the report views build on, in the order they build on each
// other, for the quarterly report (and the volume and savings pages) and
// for the dashboards: each is computed once per run (source.cache).
var (
	quarterlyViews = []string{
		"post", "placement", "post_employer", "esr_position", "post_reconciliation",
		"exchange_app_file", "exchange_manual_hire", "exchange_placement_notice",
		"exchange_volume_by_quarter", "exchange_notice_by_quarter", "exchange_rejections_by_quarter",
		"report_apc", "report_application", "report_volume", "report_notice", "report_rejection",
		"report_savings", "report_adoption",
	}
	dashboardViews = append([]string{"trainee"}, append(quarterlyViews, "report_position_trust")...)
)

// oneLine is the start of a query on one line, for the log.
func oneLine(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	if len(q) > 160 {
		q = q[:160] + "..."
	}
	return q
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

// value returns the single value of a query, "" for NULL.
func (s *source) value(ctx context.Context, query string, args ...any) (string, error) {
	var v stdsql.NullString
	if err := s.conn.QueryRowContext(ctx, query, args...).Scan(&v); err != nil {
		return "", fmt.Errorf("reports: %w\n%s", err, query)
	}
	return v.String, nil
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

// subset returns the rows of t whose column holds one of values.
func subset(t *tabular.Table, column string, values ...string) *tabular.Table {
	i := col(t, column)
	out := &tabular.Table{Columns: t.Columns}
	for j, r := range t.Rows {
		keep := false
		for _, v := range values {
			keep = keep || r[i] == v
		}
		if !keep {
			continue
		}
		out.Rows = append(out.Rows, r)
		if t.Nulls != nil {
			out.Nulls = append(out.Nulls, t.Nulls[j])
		}
	}
	return out
}

// without returns t less the named columns.
func without(t *tabular.Table, columns ...string) *tabular.Table {
	var keep []int
	for i, c := range t.Columns {
		drop := false
		for _, d := range columns {
			drop = drop || c == d
		}
		if !drop {
			keep = append(keep, i)
		}
	}
	out := &tabular.Table{}
	for _, i := range keep {
		out.Columns = append(out.Columns, t.Columns[i])
	}
	for j, r := range t.Rows {
		row := make([]string, len(keep))
		for k, i := range keep {
			row[k] = r[i]
		}
		out.Rows = append(out.Rows, row)
		if t.Nulls != nil {
			nulls := make([]bool, len(keep))
			for k, i := range keep {
				nulls[k] = t.Nulls[j][i]
			}
			out.Nulls = append(out.Nulls, nulls)
		}
	}
	return out
}

// byDeanery splits t by its deanery_code column, once, so that a page per
// deanery reads each view once for every deanery.
func byDeanery(t *tabular.Table) map[string]*tabular.Table {
	i := col(t, "deanery_code")
	out := map[string]*tabular.Table{}
	for j, r := range t.Rows {
		d := out[r[i]]
		if d == nil {
			d = &tabular.Table{Columns: t.Columns}
			out[r[i]] = d
		}
		d.Rows = append(d.Rows, r)
		if t.Nulls != nil {
			d.Nulls = append(d.Nulls, t.Nulls[j])
		}
	}
	return out
}

// rowsOf returns the part of a split table for key, an empty table of the
// same columns when there is none.
func rowsOf(parts map[string]*tabular.Table, columns []string, key string) *tabular.Table {
	if t, ok := parts[key]; ok {
		return t
	}
	return &tabular.Table{Columns: columns}
}

// concat appends the rows of more to t (same columns).
func concat(t *tabular.Table, more ...*tabular.Table) *tabular.Table {
	out := &tabular.Table{Columns: t.Columns, Rows: append([][]string{}, t.Rows...)}
	nulls := t.Nulls != nil
	if nulls {
		out.Nulls = append([][]bool{}, t.Nulls...)
	}
	for _, m := range more {
		out.Rows = append(out.Rows, m.Rows...)
		if nulls {
			out.Nulls = append(out.Nulls, m.Nulls...)
		}
	}
	return out
}
