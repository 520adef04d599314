package exchange

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	dsql "deanery/sql"
)

// step is one statement of a named query file that holds several, each
// opened by a line "-- step: NAME".
type step struct {
	file, name, sql string
}

var (
	stepsMu    sync.Mutex
	stepsCache = map[string][]step{}
)

// stepsOf splits the named query file into its steps, in order.
func stepsOf(file string) []step {
	stepsMu.Lock()
	defer stepsMu.Unlock()
	if s, ok := stepsCache[file]; ok {
		return s
	}
	var out []step
	var cur *step
	for _, line := range strings.Split(dsql.MustQuery(file), "\n") {
		if name, ok := strings.CutPrefix(line, "-- step: "); ok {
			out = append(out, step{file: file, name: strings.TrimSpace(name)})
			cur = &out[len(out)-1]
			continue
		}
		if cur != nil {
			cur.sql += line + "\n"
		}
	}
	stepsCache[file] = out
	return out
}

// runner executes steps on one connection (the xr_ tables are temporary,
// so they live on it) and keeps each step's time.
type runner struct {
	log   *slog.Logger
	conn  *stdsql.Conn
	times map[string]time.Duration
	order []string
}

func newRunner(conn *stdsql.Conn, log *slog.Logger) *runner {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &runner{log: log, conn: conn, times: map[string]time.Duration{}}
}

// run executes the named steps of file, or all of them when none is named.
func (r *runner) run(ctx context.Context, file string, names ...string) error {
	for _, s := range stepsOf(file) {
		if len(names) > 0 && !contains(names, s.name) {
			continue
		}
		if err := r.explain(ctx, s); err != nil {
			return err
		}
		start := time.Now()
		if _, err := r.conn.ExecContext(ctx, s.sql); err != nil {
			return fmt.Errorf("%s.sql: step %s: %w", file, s.name, err)
		}
		key := file + "/" + s.name
		if _, ok := r.times[key]; !ok {
			r.order = append(r.order, key)
		}
		r.times[key] += time.Since(start)
		r.log.Debug("exchange step", "step", key, "seconds", time.Since(start).Seconds())
	}
	return nil
}

// explain writes DuckDB's EXPLAIN ANALYZE of a step to the file
// $DEANERY_EXPLAIN_OUT when $DEANERY_EXPLAIN names it (file/step or step),
// for finding where a step's time goes; the step then runs as usual.
func (r *runner) explain(ctx context.Context, s step) error {
	want := os.Getenv("DEANERY_EXPLAIN")
	if want == "" || (want != s.name && want != s.file+"/"+s.name) {
		return nil
	}
	rows, err := r.conn.QueryContext(ctx, "EXPLAIN ANALYZE "+s.sql)
	if err != nil {
		return fmt.Errorf("explain %s: %w", s.name, err)
	}
	defer rows.Close()
	f, err := os.OpenFile(os.Getenv("DEANERY_EXPLAIN_OUT"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		fmt.Fprintf(f, "== %s/%s\n%s\n", s.file, s.name, v)
	}
	return rows.Err()
}

// exec runs one statement of the caller's, timed under name.
func (r *runner) exec(ctx context.Context, name, q string, args ...any) error {
	start := time.Now()
	if _, err := r.conn.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if _, ok := r.times[name]; !ok {
		r.order = append(r.order, name)
	}
	r.times[name] += time.Since(start)
	return nil
}

func (r *runner) count(ctx context.Context, q string, args ...any) (int64, error) {
	var n int64
	err := r.conn.QueryRowContext(ctx, q, args...).Scan(&n)
	return n, err
}

// StepTime is the time spent in one step of the set-based exchange, summed
// over its passes.
type StepTime struct {
	Step string
	Time time.Duration
}

func (r *runner) stepTimes() []StepTime {
	out := make([]StepTime, 0, len(r.order))
	for _, k := range r.order {
		out = append(out, StepTime{Step: k, Time: r.times[k]})
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
