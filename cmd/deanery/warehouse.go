package main

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

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

// sizeUnits are the units parseSize takes, in bytes.
var sizeUnits = map[string]int64{"": 1, "B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
	"KIB": 1 << 10, "MIB": 1 << 20, "GIB": 1 << 30, "TIB": 1 << 40}

var sizeText = regexp.MustCompile(`^([0-9]+)\s*([A-Za-z]*)$`)

// parseSize reads a size such as 512MB, 2GiB or 1000000 (bytes).
func parseSize(s string) (int64, error) {
	m := sizeText.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, fmt.Errorf("%q is not a size such as 512MB or 2GiB", s)
	}
	unit, ok := sizeUnits[strings.ToUpper(m[2])]
	n, err := strconv.ParseInt(m[1], 10, 64)
	if !ok || err != nil || n <= 0 || n > (1<<62)/unit {
		return 0, fmt.Errorf("%q is not a size such as 512MB or 2GiB", s)
	}
	return n * unit, nil
}
