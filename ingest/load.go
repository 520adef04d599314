package ingest

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Options tune a load.
type Options struct {
	// Progress, when set, is called after each file.
	Progress func(Progress)
	// Log receives diagnostics; nil discards them.
	Log *slog.Logger
	// ToolVersion is recorded in load_run.
	ToolVersion string
	// Now is the clock (tests pin it); nil means time.Now.
	Now func() time.Time
}

// Progress reports how far a load has got.
type Progress struct {
	FilesDone, FilesTotal int
	Records               int64
	Current               string
}

// Result is what a load did, file by file.
type Result struct {
	LoadID  int64
	Files   []FileResult
	Skipped []string // paths that are not the loader's (truth tables, notes)
	Tables  map[string]int64
}

// FileResult is what became of one file.
type FileResult struct {
	Path       string
	Name       string
	Kind       Kind
	Type       string // interface file type, extract entity or config table
	Deanery    string
	Status     string // LOADED, REPLAY, REJECTED
	ReasonCode string
	Reason     string
	Records    int            // records read (good and rejected)
	Rejected   int            // records rejected one by one
	Flags      int            // values flagged
	ByTable    map[string]int // records written per table
	RejectsBy  map[string]int // rejected records per reason code
	OutOfOrder bool
	Gaps       []int // sequence numbers found missing before this file
	Warnings   []string
}

// Status values of source_file.
const (
	StatusLoaded   = "LOADED"
	StatusReplay   = "REPLAY"
	StatusRejected = "REJECTED"
)

// ErrNothingToLoad is returned when the paths hold no file at all.
var ErrNothingToLoad = errors.New("no files found")

// Load reads every file under paths into the warehouse db in one
// transaction: either every accepted file is loaded or, on an error, none.
// Files rejected whole are not errors: they are recorded with their reason.
func Load(ctx context.Context, db *stdsql.DB, paths []string, opt Options) (*Result, error) {
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	inputs, err := discover(paths)
	if err != nil {
		return nil, err
	}
	if len(inputs) == 0 {
		return nil, fmt.Errorf("%w under %v", ErrNothingToLoad, paths)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return nil, fmt.Errorf("load: begin: %w", err)
	}
	res, err := loadAll(ctx, conn, inputs, opt)
	if err != nil {
		if _, rbErr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rbErr != nil {
			opt.Log.Error("rollback failed", "err", rbErr)
		}
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return nil, fmt.Errorf("load: commit: %w", err)
	}
	// One checkpoint per load folds the write-ahead log into the file, so
	// that readers opening it next see a compact, complete warehouse.
	if _, err := conn.ExecContext(ctx, "CHECKPOINT"); err != nil {
		opt.Log.Warn("checkpoint after load failed", "err", err)
	}
	return res, nil
}

func loadAll(ctx context.Context, conn *stdsql.Conn, inputs []input, opt Options) (*Result, error) {
	st, err := newLoadState(ctx, conn, opt)
	if err != nil {
		return nil, err
	}
	res := &Result{LoadID: st.loadID, Tables: map[string]int64{}}
	var records int64
	for i, in := range inputs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if in.kind == KindUnknown {
			res.Skipped = append(res.Skipped, in.path)
			continue
		}
		fr, err := st.loadFile(ctx, in)
		if err != nil {
			return nil, err
		}
		records += int64(fr.Records)
		res.Files = append(res.Files, *fr)
		opt.Log.Debug("file", "name", fr.Name, "kind", fr.Kind, "status", fr.Status, "reason_code", fr.ReasonCode,
			"reason", fr.Reason, "records", fr.Records, "rejected", fr.Rejected, "flags", fr.Flags, "gaps", len(fr.Gaps))
		if opt.Progress != nil {
			opt.Progress(Progress{FilesDone: i + 1, FilesTotal: len(inputs), Records: records, Current: in.base})
		}
	}
	if err := st.finish(ctx, res); err != nil {
		return nil, err
	}
	return res, nil
}
