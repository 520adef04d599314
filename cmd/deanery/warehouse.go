package main

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"

	dsql "deanery/sql"
)

// openWarehouse opens the warehouse read-only for a command. The writing
// commands publish a new file (dsql.OpenWriter) and never lock readers out;
// only a process writing the file in place (a tool from before that, or
// dsql.Open in ReadWrite mode) does, as DuckDB lets no other process open a
// file one process writes. That gets one message, naming the process when
// DuckDB says which.
func openWarehouse(ctx context.Context, path string, mode dsql.Mode) (*stdsql.DB, error) {
	db, err := dsql.Open(ctx, path, mode)
	if errors.Is(err, dsql.ErrLocked) {
		holder := "another process"
		if m := lockHolder.FindStringSubmatch(err.Error()); m != nil {
			holder = fmt.Sprintf("another process (%s, PID %s)", filepath.Base(m[1]), m[2])
		}
		return nil, fmt.Errorf("warehouse %s is open for writing by %s, and no other process can read or write it until that one ends; run this again when it has finished: %w",
			path, holder, dsql.ErrLocked)
	}
	return db, err
}

// lockHolder finds the process in DuckDB's lock message.
var lockHolder = regexp.MustCompile(`Conflicting lock is held in (.*?) \(PID ([0-9]+)\)`)
