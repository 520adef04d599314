package sql

import (
	"context"
	stdsql "database/sql"
	"path/filepath"
	"testing"
)

// TestWarehouse opens a migrated warehouse in a fresh file under t's
// temporary folder and closes it when the test ends; it returns the path too
// so that tests can reopen it read-only or hand it to the binary.
func TestWarehouse(t testing.TB) (*stdsql.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "warehouse.duckdb")
	db, err := Open(context.Background(), path, ReadWrite)
	if err != nil {
		t.Fatalf("open test warehouse: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}
