package main

// Benchmarks of the set-based exchange replay (`exchange run`). The small
// one generates its own world and runs in CI's benchmark smoke; the
// national one replays the world $DEANERY_BENCH_WORLD points at (generate
// it with `deanery world generate --scale 1`) and is skipped without it.
// Both report, besides ns/op: s (wall seconds of a replay), files/s (the
// world's files loaded plus the hub's files built and loaded, per second),
// passes of the fixed point, and the phase seconds.
//
//	go test -tags=duckdb_arrow ./cmd/deanery -run '^$' -bench BenchmarkExchangeReplaySmall -benchtime 1x
//	DEANERY_BENCH_WORLD=world go test -tags=duckdb_arrow ./cmd/deanery -run '^$' -bench BenchmarkExchangeReplayNational -benchtime 1x -timeout 60m

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"deanery/exchange"
	dsql "deanery/sql"
)

func BenchmarkExchangeReplaySmall(b *testing.B) {
	world := filepath.Join(b.TempDir(), "world")
	var out, errs nopWriter
	if code := run([]string{"deanery", "-q", "world", "generate", "--out", world, "--scale", "0.01", "--to", "2011-06-30"},
		nil, &out, &errs); code != 0 {
		b.Fatalf("world generate: exit %d", code)
	}
	benchmarkReplay(b, world)
}

func BenchmarkExchangeReplayNational(b *testing.B) {
	world := os.Getenv("DEANERY_BENCH_WORLD")
	if world == "" {
		b.Skip("set DEANERY_BENCH_WORLD to a generated world (deanery world generate --scale 1)")
	}
	benchmarkReplay(b, world)
}

func benchmarkReplay(b *testing.B, world string) {
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		if d := os.Getenv("DEANERY_BENCH_DIR"); d != "" {
			var err error
			if dir, err = os.MkdirTemp(d, "replay"); err != nil {
				b.Fatal(err)
			}
		}
		db, err := dsql.Open(ctx, filepath.Join(dir, "replay.duckdb"), dsql.ReadWrite)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := exchange.Replay(ctx, db, world, exchange.ReplayOptions{OutDir: filepath.Join(dir, "hub")})
		b.StopTimer()
		db.Close()
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Differences) > 0 {
			b.Fatalf("%d differences from the world's files; first: %s", len(res.Differences), res.Differences[0])
		}
		total := res.LoadTime + res.BuildTime + res.CompareTime + res.SentTime
		b.ReportMetric(total.Seconds(), "s")
		b.ReportMetric(float64(res.FilesLoaded+2*res.FilesBuilt)/total.Seconds(), "files/s")
		b.ReportMetric(float64(len(res.Passes)), "passes")
		b.ReportMetric(res.LoadTime.Seconds(), "load_s")
		b.ReportMetric(res.BuildTime.Seconds(), "build_s")
		b.ReportMetric((res.CompareTime + res.SentTime).Seconds(), "sent_s")
		if os.Getenv("DEANERY_BENCH_DIR") != "" {
			os.RemoveAll(dir)
		}
		b.StartTimer()
	}
}

type nopWriter struct{}

func (nopWriter) Write(p []byte) (int, error) { return len(p), nil }
