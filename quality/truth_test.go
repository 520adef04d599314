package quality_test

import (
	"context"
	stdsql "database/sql"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"deanery/exchange"
	"deanery/exchange/sim"
	"deanery/ingest"
	"deanery/quality"
	dsql "deanery/sql"
)

// world is a small synthetic world, loaded and scored once per test binary.
type world struct {
	dir    string
	db     *stdsql.DB
	result *quality.Result
}

var (
	worldOnce sync.Once
	theWorld  *world
	worldErr  error
)

func loadWorld(t *testing.T) *world {
	t.Helper()
	worldOnce.Do(func() {
		theWorld, worldErr = buildWorld()
	})
	if worldErr != nil {
		t.Fatal(worldErr)
	}
	return theWorld
}

func buildWorld() (*world, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "quality-world-")
	if err != nil {
		return nil, err
	}
	s := sim.Settings{Seed: 1, Scale: 0.01, Faults: sim.DefaultFaultRates(), TruthFormat: sim.TruthParquet,
		From: sim.MakeDate(2010, time.January, 1), To: sim.MakeDate(2012, time.December, 31)}
	out := filepath.Join(dir, "world")
	if _, err := sim.Generate(ctx, s, out, func(string, int, int) {}); err != nil {
		return nil, err
	}
	db, err := dsql.Open(ctx, filepath.Join(dir, "warehouse.duckdb"), dsql.ReadWrite)
	if err != nil {
		return nil, err
	}
	// Everything through the loader but the update files, which go through
	// the exchange's apply so that their person records reach the trainees
	// (5.8), as in a deployment that runs the update interface.
	var rest, updates []string
	for _, sub := range []string{"config", "deanery"} {
		rest = append(rest, filepath.Join(out, sub))
	}
	err = filepath.WalkDir(filepath.Join(out, "exchange"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if n := d.Name(); strings.Contains(n, "_RMC_") || strings.Contains(n, "_RMF_") {
			updates = append(updates, path)
		} else {
			rest = append(rest, path)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if _, err := ingest.Load(ctx, db, rest, ingest.Options{}); err != nil {
		return nil, err
	}
	if _, err := exchange.Apply(ctx, db, updates, exchange.ApplyOptions{}); err != nil {
		return nil, err
	}
	opt := quality.Options{}
	if testing.Verbose() {
		opt.Log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	res, err := quality.Run(ctx, db, opt)
	if err != nil {
		return nil, err
	}
	return &world{dir: out, db: db, result: res}, nil
}

func TestMain(m *testing.M) {
	code := m.Run()
	if theWorld != nil {
		theWorld.db.Close()
		os.RemoveAll(filepath.Dir(theWorld.dir))
	}
	os.Exit(code)
}

// readTruth reads a truth table (Parquet or CSV) as maps by column name;
// a table the world does not write yet gives nil, false.
func readTruth(t *testing.T, w *world, table string) ([]map[string]string, bool) {
	t.Helper()
	rows, err := sim.ReadTruthMaps(context.Background(), filepath.Join(w.dir, "truth"), table)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return rows, true
}
