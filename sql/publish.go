package sql

// Publishing writers.
//
// DuckDB lets one process open a database file read-write and, meanwhile, no
// other process open it at all, not even read-only. So that readers are never
// blocked, a writing command does not write the warehouse in place: it copies
// it to <path>.next, writes the copy, and publishes it by renaming it over
// <path>. A reader that opened <path> before the rename keeps the old inode
// (the snapshot it started with); one that opens it afterwards gets the new
// file. Readers take DuckDB's shared lock on whichever file they opened;
// the writer holds DuckDB's exclusive lock on <path>.next, another file, so
// the two never meet.
//
// Writers exclude each other with an advisory lock (flock) on <path>.lock,
// which holds the pid of the writer for the message a second writer gets.
// The kernel drops a flock when its holder dies, so a killed writer never
// leaves the warehouse locked; it leaves only a stale <path>.next (and
// <path>.next.wal), which the next writer removes before copying.
//
// Why <path> never carries a write-ahead log of ours: Publish checkpoints
// and closes the copy before renaming it, and DuckDB removes the WAL of a
// file it closes cleanly, so what is renamed is a whole database with no
// <path>.next.wal beside it (Publish refuses to rename otherwise). A
// <path>.wal can therefore only come from a writer that opened <path>
// itself: a tool from before this scheme, or Open(ReadWrite), that died
// before checkpointing. Its transactions were committed, so they belong to
// the warehouse: OpenWriter folds the WAL into <path> in place before
// copying, which it may do because it holds the writers' lock, and which
// briefly conflicts with readers (only on this recovery path).
//
// Within one process the driver shares one DuckDB instance per path, so a
// process that still holds a handle on the warehouse keeps seeing the file
// it opened even through a new Open; it sees a publish once all its handles
// on the path are closed. Each command is its own process, so this only
// matters to tests and long-lived programs.
//
// The cost is one copy of the warehouse per writing command (a reflink
// where the file system offers one).

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/duckdb/duckdb-go/v2"
)

// memoryLimitKey carries a writer's DuckDB memory limit in a context.
type memoryLimitKey struct{}

// WithMemoryLimit returns a context under which OpenWriter caps DuckDB's
// memory at the given bytes (DuckDB's memory_limit: beyond it, DuckDB
// spills to a temporary folder beside the copy). 0 or less leaves
// DuckDB's default, 80% of the machine's memory.
func WithMemoryLimit(ctx context.Context, bytes int64) context.Context {
	return context.WithValue(ctx, memoryLimitKey{}, bytes)
}

// ErrWriterBusy is returned by OpenWriter when another command is writing
// the warehouse.
var ErrWriterBusy = errors.New("warehouse is being written by another command")

// BusyError says which process is writing the warehouse.
type BusyError struct {
	Path string
	PID  int // 0 when unknown
}

func (e *BusyError) Error() string {
	who := "another deanery command"
	if e.PID > 0 {
		who = fmt.Sprintf("another deanery command (pid %d)", e.PID)
	}
	return fmt.Sprintf("%s is writing %s; run again when it ends", who, e.Path)
}

// Is makes errors.Is(err, ErrWriterBusy) hold.
func (e *BusyError) Is(target error) bool { return target == ErrWriterBusy }

// Writer is a warehouse opened for writing: a migrated copy that replaces
// the warehouse on Publish and is thrown away on Close.
type Writer struct {
	path, next string
	db         *stdsql.DB
	lock       *os.File
	done       bool
}

// OpenWriter takes the writers' lock on the warehouse at path, copies it to
// path+".next" and opens the copy read-write with migrations applied. The
// caller writes through DB, then calls Publish to make the copy the
// warehouse; Close without Publish leaves the warehouse as it was. An
// in-memory warehouse (path "" or ":memory:") is written directly.
func OpenWriter(ctx context.Context, path string) (_ *Writer, err error) {
	if path == "" || path == ":memory:" {
		db, err := Open(ctx, path, ReadWrite)
		if err != nil {
			return nil, err
		}
		return &Writer{db: db}, nil
	}
	lock, err := lockWriter(path)
	if err != nil {
		return nil, err
	}
	opened := &Writer{path: path, next: path + ".next", lock: lock}
	defer func() {
		if err != nil {
			opened.abort()
		}
	}()
	if pid := inPlaceWriter(path); pid != 0 {
		return nil, &BusyError{Path: path, PID: pid}
	}
	if err := foldWAL(ctx, path); err != nil {
		return nil, err
	}
	if err := removeNext(opened.next); err != nil {
		return nil, err
	}
	if err := copyFile(path, opened.next); err != nil {
		return nil, fmt.Errorf("copy warehouse %s for writing: %w", path, unwritable(path, err))
	}
	db, err := Open(ctx, opened.next, ReadWrite)
	if err != nil {
		return nil, fmt.Errorf("open warehouse %s for writing: %w", path, err)
	}
	opened.db = db
	if err := setMemoryLimit(ctx, db); err != nil {
		return nil, fmt.Errorf("open warehouse %s for writing: %w", path, err)
	}
	return opened, nil
}

// setMemoryLimit applies the limit of WithMemoryLimit, if any.
func setMemoryLimit(ctx context.Context, db *stdsql.DB) error {
	n, _ := ctx.Value(memoryLimitKey{}).(int64)
	if n <= 0 {
		return nil
	}
	// SET takes no parameter; n is an integer Go formats.
	if _, err := db.ExecContext(ctx, fmt.Sprintf("SET memory_limit = '%dB'", n)); err != nil {
		return fmt.Errorf("memory limit of %d bytes: %w", n, err)
	}
	return nil
}

// DB is the connection pool to write through until Publish or Close.
func (w *Writer) DB() *stdsql.DB { return w.db }

// Publish makes what was written the warehouse: it checkpoints and closes
// the copy, syncs it, renames it over the warehouse and releases the lock.
// After Publish, DB is closed and Close does nothing.
func (w *Writer) Publish(ctx context.Context) (err error) {
	if w.done {
		return errors.New("warehouse writer already published or closed")
	}
	if w.path == "" {
		w.done = true
		return w.db.Close()
	}
	defer func() {
		if err != nil {
			w.abort()
		}
	}()
	if _, err := w.db.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return fmt.Errorf("publish warehouse %s: checkpoint: %w", w.path, err)
	}
	if err := w.db.Close(); err != nil {
		return fmt.Errorf("publish warehouse %s: close: %w", w.path, err)
	}
	w.db = nil
	if _, err := os.Stat(w.next + ".wal"); err == nil {
		return fmt.Errorf("publish warehouse %s: %s.wal is still there after a checkpoint; not published", w.path, w.next)
	}
	if err := syncFile(w.next); err != nil {
		return fmt.Errorf("publish warehouse %s: %w", w.path, err)
	}
	if err := os.Rename(w.next, w.path); err != nil {
		return fmt.Errorf("publish warehouse %s: %w", w.path, err)
	}
	if err := syncFile(filepath.Dir(w.path)); err != nil {
		return fmt.Errorf("publish warehouse %s: sync its folder: %w", w.path, err)
	}
	w.done = true
	w.unlock()
	return nil
}

// Close abandons an unpublished writer: the copy is removed and the
// warehouse stays as it was. After Publish it does nothing.
func (w *Writer) Close() error {
	if w.done {
		return nil
	}
	w.done = true
	if w.path == "" {
		return w.db.Close()
	}
	return w.abort()
}

// abort closes the copy, removes it and releases the lock.
func (w *Writer) abort() error {
	var err error
	if w.db != nil {
		err = w.db.Close()
		w.db = nil
	}
	if rmErr := removeNext(w.next); err == nil {
		err = rmErr
	}
	w.unlock()
	return err
}

func (w *Writer) unlock() {
	if w.lock != nil {
		syscall.Flock(int(w.lock.Fd()), syscall.LOCK_UN)
		w.lock.Close()
		w.lock = nil
	}
}

// DiskFull reports whether err comes from a write that found no room: a
// full disk or quota (ENOSPC, EDQUOT), or a file size limit (EFBIG).
// DuckDB reports these in words, so its messages are matched too.
func DiskFull(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) || errors.Is(err, syscall.EFBIG) {
		return true
	}
	msg := err.Error()
	for _, words := range []string{"No space left on device", "Disk quota exceeded", "File too large"} {
		if strings.Contains(msg, words) {
			return true
		}
	}
	return false
}

// NotWritable reports whether err comes from a folder or file the writer
// may not change: permissions, or a read-only file system.
func NotWritable(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// unwritable explains a failure to create a file beside the warehouse.
func unwritable(path string, err error) error {
	if NotWritable(err) {
		return fmt.Errorf("the folder %s is not writable, and a writing command makes %s.lock and %s.next there; the warehouse is unchanged: %w",
			filepath.Dir(path), filepath.Base(path), filepath.Base(path), err)
	}
	return err
}

// lockWriter takes the writers' lock on path+".lock" without waiting and
// writes this process's pid into it.
func lockWriter(path string) (*os.File, error) {
	name := path + ".lock"
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock warehouse %s: %w", path, unwritable(path, err))
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			pid := 0
			if b, err := os.ReadFile(name); err == nil {
				pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
			}
			return nil, &BusyError{Path: path, PID: pid}
		}
		return nil, fmt.Errorf("lock warehouse %s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}

// inPlaceWriter returns the pid of another process holding DuckDB's write
// lock on path itself (a tool from before the publish scheme, or
// Open(ReadWrite)), or 0. Readers hold only shared locks, which do not
// count. Copying a file another process is writing would lose its writes.
func inPlaceWriter(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_RDLCK, Whence: io.SeekStart}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil || lk.Type != syscall.F_WRLCK {
		return 0
	}
	return int(lk.Pid)
}

// foldWAL checkpoints a write-ahead log left beside path into it (see the
// comment at the top of this file). Without one it does nothing.
func foldWAL(ctx context.Context, path string) error {
	if _, err := os.Stat(path + ".wal"); err != nil {
		return nil
	}
	connector, err := duckdb.NewConnector(path, nil)
	if err != nil {
		return fmt.Errorf("fold the write-ahead log into warehouse %s: %w", path, err)
	}
	db := stdsql.OpenDB(connector)
	_, err = db.ExecContext(ctx, "CHECKPOINT")
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("fold the write-ahead log into warehouse %s: %w", path, err)
	}
	return nil
}

// removeNext removes a copy, its write-ahead log and DuckDB's temporary
// folder beside it (what it spilled), if there.
func removeNext(next string) error {
	for _, name := range []string{next, next + ".wal"} {
		if err := os.Remove(name); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove %s: %w", name, err)
		}
	}
	if err := os.RemoveAll(next + ".tmp"); err != nil {
		return fmt.Errorf("remove %s.tmp: %w", next, err)
	}
	return nil
}

// copyFile copies src to a new file dst; a missing src copies nothing (the
// writer then creates the warehouse).
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// syncFile flushes a file or folder to disk.
func syncFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
