package sql

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// ErrLocked is returned when another process holds the warehouse for writing.
var ErrLocked = errors.New("warehouse is in use by another writer")

// ErrNotMigrated is returned by a read-only open of a warehouse whose schema
// this tool would have to change first.
var ErrNotMigrated = errors.New("warehouse schema is out of date")

// Mode says how a warehouse is opened.
type Mode int

const (
	// ReadWrite opens (creating if needed) and applies pending migrations.
	ReadWrite Mode = iota
	// ReadOnly opens without taking the write lock and changes nothing.
	ReadOnly
)

// Open opens the DuckDB warehouse at path ("" for an in-memory one). In
// ReadWrite mode it applies the migrations this tool carries.
func Open(ctx context.Context, path string, mode Mode) (*stdsql.DB, error) {
	dsn := path
	if mode == ReadOnly {
		dsn = path + "?" + url.Values{"access_mode": {"read_only"}}.Encode()
	}
	connector, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		return nil, openError(path, err)
	}
	db := stdsql.OpenDB(connector)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	if err := prepare(ctx, db, mode); err != nil {
		db.Close()
		return nil, fmt.Errorf("open warehouse %s: %w", path, err)
	}
	return db, nil
}

func prepare(ctx context.Context, db *stdsql.DB, mode Mode) error {
	if mode == ReadWrite {
		return Migrate(ctx, db)
	}
	st, err := ReadStatus(ctx, db)
	if err != nil {
		return err
	}
	switch {
	case st.Dirty:
		return fmt.Errorf("%w: migration %d failed part-way", ErrDirty, st.Version)
	case st.Version > st.Latest:
		return fmt.Errorf("%w: warehouse at version %d, tool knows %d", ErrTooNew, st.Version, st.Latest)
	case st.Version < st.Latest:
		return fmt.Errorf("%w: at version %d of %d; run any load to migrate it", ErrNotMigrated, st.Version, st.Latest)
	}
	return nil
}

func openError(path string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "Could not set lock") || strings.Contains(msg, "Conflicting lock") {
		return fmt.Errorf("open warehouse %s: %w (another process has it open; run again when that process ends): %v", path, ErrLocked, err)
	}
	return fmt.Errorf("open warehouse %s: %w", path, err)
}
