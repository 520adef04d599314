package sql

import (
	"bufio"
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

func count(t *testing.T, db *stdsql.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil {
		t.Fatalf("count: %v", err)
	}
	return n
}

// write opens a writer on path, adds n rows to t and publishes.
func write(t *testing.T, path string, n int) {
	t.Helper()
	ctx := context.Background()
	w, err := OpenWriter(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.DB().Exec(fmt.Sprintf("CREATE TABLE IF NOT EXISTS t (i INT); INSERT INTO t SELECT range FROM range(%d)", n)); err != nil {
		t.Fatal(err)
	}
	if err := w.Publish(ctx); err != nil {
		t.Fatal(err)
	}
}

func openRead(t *testing.T, path string) *stdsql.DB {
	t.Helper()
	db, err := Open(context.Background(), path, ReadOnly)
	if err != nil {
		t.Fatalf("read-only open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestReadersAreNotBlockedAndKeepTheirSnapshot(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	write(t, path, 1)
	before := openRead(t, path)
	if n := count(t, before); n != 1 {
		t.Fatalf("published warehouse has %d rows, want 1", n)
	}

	w, err := OpenWriter(ctx, path)
	if err != nil {
		t.Fatalf("writer while a reader has the warehouse open: %v", err)
	}
	defer w.Close()
	if _, err := w.DB().Exec("INSERT INTO t VALUES (2), (3)"); err != nil {
		t.Fatal(err)
	}
	// A reader opening while the writer holds the copy open read-write gets
	// the published file, not a lock error, and not the unpublished rows.
	during := openRead(t, path)
	if n := count(t, during); n != 1 {
		t.Fatalf("reader during the write sees %d rows, want 1", n)
	}
	if err := w.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	for name, db := range map[string]*stdsql.DB{"opened before": before, "opened during": during} {
		if n := count(t, db); n != 1 {
			t.Errorf("reader %s the write sees %d rows after the publish, want its snapshot of 1", name, n)
		}
		// Within one process DuckDB shares one instance per path, so a
		// new open sees the new file only once the old handles are closed.
		db.Close()
	}
	if n := count(t, openRead(t, path)); n != 3 {
		t.Errorf("reader opened after the publish sees %d rows, want 3", n)
	}
	for _, leftover := range []string{path + ".next", path + ".next.wal", path + ".wal"} {
		if _, err := os.Stat(leftover); err == nil {
			t.Errorf("%s left behind", filepath.Base(leftover))
		}
	}
}

func TestSecondWriterIsRefusedClearly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	write(t, path, 2)
	w, err := OpenWriter(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	_, err = OpenWriter(ctx, path)
	if !errors.Is(err, ErrWriterBusy) {
		t.Fatalf("second writer: got %v, want ErrWriterBusy", err)
	}
	want := fmt.Sprintf("another deanery command (pid %d) is writing %s; run again when it ends", os.Getpid(), path)
	if err.Error() != want {
		t.Errorf("second writer's message:\n got %s\nwant %s", err, want)
	}
	// The refusal must not have touched the first writer's copy.
	if _, err := w.DB().Exec("INSERT INTO t VALUES (9)"); err != nil {
		t.Fatal(err)
	}
	if err := w.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(t, openRead(t, path)); n != 3 {
		t.Errorf("after the first writer published: %d rows, want 3", n)
	}
	// Once published, the lock is free again.
	write(t, path, 1)
}

func TestCloseWithoutPublishLeavesTheWarehouse(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	write(t, path, 2)
	w, err := OpenWriter(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB().Exec("DELETE FROM t"); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".next"); err == nil {
		t.Error(".next left behind by Close")
	}
	if n := count(t, openRead(t, path)); n != 2 {
		t.Errorf("after an abandoned write: %d rows, want 2", n)
	}
	write(t, path, 1) // the lock was released
}

func TestStaleCopyOfACrashedWriterIsReplaced(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.duckdb")
	write(t, path, 2)
	// What a writer killed mid-write leaves: a half-written copy and its WAL.
	for _, name := range []string{path + ".next", path + ".next.wal"} {
		if err := os.WriteFile(name, []byte("half a database"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	beside := openRead(t, path)
	if n := count(t, beside); n != 2 {
		t.Errorf("warehouse beside a stale copy: %d rows, want 2", n)
	}
	beside.Close()
	write(t, path, 1)
	if n := count(t, openRead(t, path)); n != 3 {
		t.Errorf("after the next write: %d rows, want 3", n)
	}
}

func TestWriteAheadLogOfAnInPlaceWriterIsFoldedIn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.duckdb")
	write(t, path, 2)
	// An in-place writer (an older tool) that committed but never
	// checkpointed: its rows are only in <path>.wal.
	connector, err := duckdb.NewConnector(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	db := stdsql.OpenDB(connector)
	if _, err := db.Exec("PRAGMA disable_checkpoint_on_shutdown; SET wal_autocheckpoint = '1GB'; INSERT INTO t VALUES (7)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := os.Stat(path + ".wal"); err != nil {
		t.Fatalf("setup: no WAL left: %v", err)
	}
	write(t, path, 1)
	if n := count(t, openRead(t, path)); n != 4 {
		t.Errorf("after folding the WAL and writing: %d rows, want 4", n)
	}
	if _, err := os.Stat(path + ".wal"); err == nil {
		t.Error("the WAL is still beside the warehouse")
	}
}

func TestWriterMigratesANewWarehouse(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new.duckdb")
	w, err := OpenWriter(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close after Publish: %v", err)
	}
	var n int
	if err := openRead(t, path).QueryRow("SELECT count(*) FROM source_file").Scan(&n); err != nil {
		t.Fatalf("published new warehouse is not migrated: %v", err)
	}
	if err := w.Publish(ctx); err == nil || !strings.Contains(err.Error(), "already") {
		t.Errorf("second Publish: got %v", err)
	}
}

// TestHoldInPlace is not a test: run as a child with DEANERY_TEST_HOLD set
// to a warehouse path, it opens that file in place read-write, as a tool
// from before publishing did, says so on stdout and waits to be killed.
func TestHoldInPlace(t *testing.T) {
	path := os.Getenv("DEANERY_TEST_HOLD")
	if path == "" {
		t.Skip("helper process only")
	}
	db, err := Open(context.Background(), path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fmt.Println("holding")
	time.Sleep(time.Minute)
}

func TestWriterRefusesWhileAnotherProcessWritesInPlace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.duckdb")
	write(t, path, 2)
	child := exec.Command(os.Args[0], "-test.run=^TestHoldInPlace$")
	child.Env = append(os.Environ(), "DEANERY_TEST_HOLD="+path)
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { child.Process.Kill(); child.Wait() }()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "holding\n" {
		t.Fatalf("helper: %q, %v", line, err)
	}
	_, err = OpenWriter(context.Background(), path)
	if !errors.Is(err, ErrWriterBusy) || !strings.Contains(err.Error(), fmt.Sprintf("(pid %d)", child.Process.Pid)) {
		t.Fatalf("writer beside an in-place writer: got %v, want ErrWriterBusy naming pid %d", err, child.Process.Pid)
	}
	if _, err := os.Stat(path + ".next"); err == nil {
		t.Error("the refused writer left a copy")
	}
}
