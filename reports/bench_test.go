package reports_test

import (
	"context"
	stdsql "database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"deanery/reports"
	dsql "deanery/sql"
)

// BenchWarehouseEnv names the warehouse BenchmarkReports writes the
// reports of: a path to a DuckDB file (opened read-only, as `deanery
// report` opens it), or "small" for this package's small test world, the
// size CI runs. Unset, the benchmark is skipped.
const BenchWarehouseEnv = "DEANERY_BENCH_WAREHOUSE"

// BenchmarkReports writes the quarterly report and every deanery
// dashboard, as `deanery report quarterly` and `deanery report dashboards`
// do (issue 8: both within 5 s on the national world, each dashboard
// within 3 MB). It reports the seconds both take (s/op is the same
// figure as ns/op, in seconds), the largest dashboard's bytes and the
// dashboards' total bytes.
//
//	DEANERY_BENCH_WAREHOUSE=path/to/deanery.duckdb go test -tags=duckdb_arrow -run '^$' -bench BenchmarkReports -benchtime 1x ./reports
func BenchmarkReports(b *testing.B) {
	src := os.Getenv(BenchWarehouseEnv)
	if src == "" {
		b.Skipf("set %s to a warehouse file (or to small) to measure the reports", BenchWarehouseEnv)
	}
	ctx := context.Background()
	var db *stdsql.DB
	if src == "small" {
		db = loadWorld(b).db
	} else {
		var err error
		if db, err = dsql.Open(ctx, src, dsql.ReadOnly); err != nil {
			b.Fatal(err)
		}
		defer db.Close()
	}
	var largest, total int64
	var elapsed time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		start := time.Now()
		if _, err := reports.Quarterly(ctx, db, filepath.Join(dir, "quarterly"), reports.Options{}); err != nil {
			b.Fatal(err)
		}
		w, err := reports.Dashboards(ctx, db, filepath.Join(dir, "dashboards"), reports.Options{})
		if err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		largest, total = 0, 0
		for _, p := range w.HTML {
			st, err := os.Stat(p)
			if err != nil {
				b.Fatal(err)
			}
			largest = max(largest, st.Size())
			total += st.Size()
		}
	}
	b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/op")
	b.ReportMetric(float64(largest), "largest-dashboard-bytes")
	b.ReportMetric(float64(total), "dashboard-bytes")
}
