package sql

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"time"
)

// ErrDirty is returned when an earlier migration failed part-way: the
// warehouse must be restored before it is used again.
var ErrDirty = errors.New("warehouse schema is dirty")

// ErrTooNew is returned when the warehouse was migrated by a newer tool.
var ErrTooNew = errors.New("warehouse schema is newer than this tool")

// Migration is one numbered schema change.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

var migrationName = regexp.MustCompile(`^([0-9]{4})_([a-z0-9_]+)\.sql$`)

// Migrations returns the embedded migrations in version order. A misnamed
// file, a duplicate or a missing number is an error.
func Migrations() ([]Migration, error) {
	return readMigrations(files, "migrations")
}

func readMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("migration %s: name must be NNNN_words.sql", e.Name())
		}
		body, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		v, _ := strconv.Atoi(m[1])
		ms = append(ms, Migration{Version: v, Name: m[2], SQL: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %04d_%s: expected version %d (numbers run from 1 without gaps)", m.Version, m.Name, i+1)
		}
	}
	return ms, nil
}

const versionTable = `CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL,
    dirty      BOOLEAN NOT NULL
);
COMMENT ON TABLE schema_version IS 'One row per schema migration applied to this warehouse.';
COMMENT ON COLUMN schema_version.version IS 'Migration number (sql/migrations/NNNN_name.sql).';
COMMENT ON COLUMN schema_version.name IS 'Migration name.';
COMMENT ON COLUMN schema_version.applied_at IS 'When it was applied (UTC).';
COMMENT ON COLUMN schema_version.dirty IS 'True while the migration runs, and for good if it failed: such a warehouse is refused.'`

// Status is what the warehouse's schema_version table says.
type Status struct {
	Version int  // highest version recorded
	Dirty   bool // that version failed part-way
	Latest  int  // highest version this tool knows
}

// ReadStatus reads the schema version without changing anything.
func ReadStatus(ctx context.Context, db *stdsql.DB) (Status, error) {
	ms, err := Migrations()
	if err != nil {
		return Status{}, err
	}
	st := Status{Latest: len(ms)}
	var exists bool
	err = db.QueryRowContext(ctx, `SELECT count(*) > 0 FROM duckdb_tables() WHERE table_name = 'schema_version' AND schema_name = 'main'`).Scan(&exists)
	if err != nil || !exists {
		return st, err
	}
	err = db.QueryRowContext(ctx, `SELECT version, dirty FROM schema_version ORDER BY version DESC LIMIT 1`).Scan(&st.Version, &st.Dirty)
	if errors.Is(err, stdsql.ErrNoRows) {
		return st, nil
	}
	return st, err
}

// Migrate applies every migration the warehouse lacks, each in its own
// transaction. Before a migration runs its version is recorded as dirty; a
// failure rolls the migration back but leaves the dirty mark, so the next
// open refuses the warehouse instead of running on a half-known schema.
func Migrate(ctx context.Context, db *stdsql.DB) error {
	ms, err := Migrations()
	if err != nil {
		return err
	}
	return migrate(ctx, db, ms)
}

func migrate(ctx context.Context, db *stdsql.DB, ms []Migration) error {
	if _, err := db.ExecContext(ctx, versionTable); err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	st, err := ReadStatus(ctx, db)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	return applyFrom(ctx, db, ms, st)
}

func applyFrom(ctx context.Context, db *stdsql.DB, ms []Migration, st Status) error {
	if st.Dirty {
		return fmt.Errorf("%w: migration %d failed part-way; restore the warehouse from a copy or delete it and load again", ErrDirty, st.Version)
	}
	if st.Version > len(ms) {
		return fmt.Errorf("%w: warehouse at version %d, tool knows %d", ErrTooNew, st.Version, len(ms))
	}
	for _, m := range ms[st.Version:] {
		if err := apply(ctx, db, m); err != nil {
			return err
		}
	}
	return nil
}

func apply(ctx context.Context, db *stdsql.DB, m Migration) error {
	now := time.Now().UTC()
	if _, err := db.ExecContext(ctx, `INSERT INTO schema_version VALUES (?, ?, ?, true)`, m.Version, m.Name, now); err != nil {
		return fmt.Errorf("migration %04d_%s: mark dirty: %w", m.Version, m.Name, err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("migration %04d_%s failed, warehouse marked dirty: %w", m.Version, m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE schema_version SET dirty = false WHERE version = ?`, m.Version); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("migration %04d_%s: clear dirty: %w", m.Version, m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %04d_%s: commit: %w", m.Version, m.Name, err)
	}
	return nil
}
