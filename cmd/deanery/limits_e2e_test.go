package main

// Limits: a file larger than the memory a load may use streams through,
// and a full disk or a read-only folder is a clear error that leaves the
// warehouse as it was.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeBigSTF writes a FULL staff extract of at least size bytes: valid
// records of about a kilobyte (three long address lines), one person and
// assignment each. It returns the records written.
func writeBigSTF(t *testing.T, dir string, size int64) (string, int) {
	t.Helper()
	name := "DE_WES_STF_20130630_00000001.DAT"
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, `HDR,"STF","WES",00000001,20130630230000,"1.0","FULL"`)
	line := strings.Repeat("Flat 2, The Old Mill, ", 10)[:220]
	n := 0
	for written := int64(0); written < size; n++ {
		k, _ := fmt.Fprintf(w, `STF,%d,"Sharma","Priya","Anjali",,"Dr.","F",19860214,"JC123456A","7012345","%s %d","%s","%s","Winchester","SO23 8AB","priya.sharma@nhsmail.example",%d,1,7612045,"34620918","WES/R4K52/800/GPST/003",057,"Lead Employer","Medical and Dental","MS01","800",20130807,20140204,,"ACTIVE",,1.00,20130611200000`+"\n",
			10000000+n, line[:200], n, line, line, 300000000+n)
		written += int64(k)
	}
	fmt.Fprintf(w, "TRL,%d\n", n)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path, n
}

// envSize reads a size in MB from the environment, or def.
func envSize(key string, def int64) int64 {
	if v, err := strconv.ParseInt(os.Getenv(key), 10, 64); err == nil && v > 0 {
		return v
	}
	return def
}

// TestAFileLargerThanMemoryStreamsThrough loads an interface file about
// five times the memory the load is given (GOMEMLIMIT=32MiB for Go,
// --memory-limit 48MB for DuckDB, which needs about that for one row
// group of these wide records) and requires every record loaded and the
// child's peak resident memory (rusage) below the file's size: the loader
// holds a batch, never the file. DEANERY_BIGFILE_MB sets the size (make
// soak uses a gigabyte).
func TestAFileLargerThanMemoryStreamsThrough(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and loads a file of hundreds of megabytes")
	}
	dir := t.TempDir()
	size := envSize("DEANERY_BIGFILE_MB", 384) << 20
	path, records := writeBigSTF(t, dir, size)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "warehouse.duckdb")
	cmd := exec.Command(binary, "--quiet", "--memory-limit", "48MB", "--db", db, "load", path)
	cmd.Env = append(environ(), "GOMEMLIMIT=32MiB")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	took := time.Since(start)
	rss, ok := peakRSS(cmd.ProcessState)
	if !ok {
		t.Skip("no peak memory figure on this system")
	}
	res := deanery(t, dir, "--db", db, "query", "--format", "csv", "SELECT count(*) FROM stf_record")
	if got := strings.TrimSpace(strings.TrimPrefix(res.stdout, "count_star()\n")); got != strconv.Itoa(records) {
		t.Fatalf("stf_record holds %s rows, want %d (%s)", got, records, res.stderr)
	}
	t.Logf("file %d MB (%d records) loaded in %v with GOMEMLIMIT=32MiB and --memory-limit 48MB: peak RSS %d MB",
		fi.Size()>>20, records, took.Round(time.Millisecond), rss>>20)
	if rss >= fi.Size() {
		t.Errorf("peak RSS %d MB is not below the file's %d MB: the load does not stream", rss>>20, fi.Size()>>20)
	}
}

// peakRSS is the peak resident set size of a finished child, in bytes
// (Linux reports kilobytes).
func peakRSS(ps *os.ProcessState) (int64, bool) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok || ru == nil {
		return 0, false
	}
	return int64(ru.Maxrss) * 1024, true
}

// fileSizeLimitEnv, set for a child of the test binary, makes it the
// deanery binary (the arguments after "--") under RLIMIT_FSIZE of that
// many bytes: a full disk that needs no mount and no privilege, root or
// not. Writes past the limit fail with EFBIG (SIGXFSZ is ignored, and
// stays ignored across exec).
const fileSizeLimitEnv = "DEANERY_TEST_FILE_SIZE_LIMIT"

func execWithFileSizeLimit(limit string) int {
	n, err := strconv.ParseUint(limit, 10, 64)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
		fmt.Fprintln(os.Stderr, "set the file size limit:", err)
		return 2
	}
	signal.Ignore(syscall.SIGXFSZ)
	err = syscall.Exec(args[0], args, os.Environ())
	fmt.Fprintln(os.Stderr, "exec:", err)
	return 2
}

// fileHash is the SHA-256 of a file, to see that a failed writer left it
// byte for byte as it was.
func fileHash(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(data))
}

// primedWarehouse is a warehouse holding the tiny world's configuration,
// in its own folder.
func primedWarehouse(t *testing.T, dir, world string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "warehouse.duckdb")
	if res := deanery(t, ".", "--quiet", "--db", db, "load", filepath.Join(world, "config")); res.code != 0 {
		t.Fatalf("load the configuration: exit %d: %s", res.code, res.stderr)
	}
	return db
}

// checkUnchanged requires the warehouse byte for byte as it was and no
// copy left beside it.
func checkUnchanged(t *testing.T, db, hash string) {
	t.Helper()
	if got := fileHash(t, db); got != hash {
		t.Errorf("the warehouse changed")
	}
	for _, left := range []string{".next", ".next.wal", ".wal", ".next.tmp"} {
		if _, err := os.Stat(db + left); err == nil {
			t.Errorf("%s left behind", filepath.Base(db+left))
		}
	}
	if _, err := takeSnapshot(context.Background(), db); err != nil {
		t.Errorf("the warehouse does not open: %v", err)
	}
}

// TestAFullDiskIsAClearErrorAndChangesNothing loads the tiny world into a
// warehouse on a disk with no room for it: under a file size limit
// (RLIMIT_FSIZE, which works anywhere, root or not) and on a small tmpfs
// (a real ENOSPC, where this process may mount one; skipped otherwise,
// saying why). The load exits 2 with a message that says the disk is
// full, and the warehouse is byte for byte as it was, with no copy left.
func TestAFullDiskIsAClearErrorAndChangesNothing(t *testing.T) {
	world, err := crashWorld()
	if err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, res result, db, hash string) {
		t.Helper()
		if res.code != 2 || !strings.Contains(res.stderr, "the disk is full") {
			t.Errorf("load on a full disk: exit %d, stderr:\n%s\nwant exit 2 and a message that the disk is full", res.code, res.stderr)
		}
		checkUnchanged(t, db, hash)
	}
	t.Run("file size limit", func(t *testing.T) {
		db := primedWarehouse(t, t.TempDir(), world)
		fi, err := os.Stat(db)
		if err != nil {
			t.Fatal(err)
		}
		hash := fileHash(t, db)
		// Room for the copy and a little more, not for the world.
		limit := fi.Size() + 1<<20
		cmd := exec.Command(os.Args[0], "--", binary, "--quiet", "--db", db, "load", world)
		cmd.Env = append(environ(), fmt.Sprintf("%s=%d", fileSizeLimitEnv, limit))
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err = cmd.Run()
		res := result{out.String(), errOut.String(), exitCode(err)}
		check(t, res, db, hash)
		t.Logf("limit %d bytes: exit %d: %s", limit, res.code, res.stderr)
	})
	t.Run("small tmpfs", func(t *testing.T) {
		mnt := t.TempDir()
		if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=12m"); err != nil {
			t.Skipf("mounting a tmpfs is not permitted here (%v); the file size limit covers a full disk", err)
		}
		t.Cleanup(func() { syscall.Unmount(mnt, 0) })
		src := primedWarehouse(t, t.TempDir(), world)
		db := filepath.Join(mnt, "warehouse.duckdb")
		copyWarehouse(t, src, db)
		hash := fileHash(t, db)
		res := deanery(t, ".", "--quiet", "--db", db, "load", world)
		check(t, res, db, hash)
		t.Logf("12 MB tmpfs: exit %d: %s", res.code, res.stderr)
	})
}

// asNobody makes cmd run as the unprivileged user nobody when this process
// is root (a folder's permissions do not bind root), after opening the
// folders on the way to paths to it; it returns false when there is no
// need (not root).
func asNobody(t *testing.T, cmd *exec.Cmd, paths ...string) bool {
	t.Helper()
	if os.Geteuid() != 0 {
		return false
	}
	for _, p := range paths {
		for d := p; d != "/" && d != "."; d = filepath.Dir(d) {
			if fi, err := os.Stat(d); err == nil && fi.IsDir() && fi.Mode().Perm()&0o005 != 0o005 {
				os.Chmod(d, fi.Mode().Perm()|0o005)
			}
		}
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	return true
}

// TestAReadOnlyFolderIsAClearErrorAndChangesNothing runs writing commands
// whose folder may not be written: the warehouse's own folder (a load),
// and the output folder of an exchange run. Each exits 2 with a message
// naming the folder, and the warehouse is byte for byte as it was. As root
// the command runs as nobody, since permissions do not bind root.
func TestAReadOnlyFolderIsAClearErrorAndChangesNothing(t *testing.T) {
	world, err := crashWorld()
	if err != nil {
		t.Fatal(err)
	}
	run := func(t *testing.T, readOnly string, args ...string) result {
		t.Helper()
		if err := os.Chmod(readOnly, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(readOnly, 0o755) })
		cmd := exec.Command(binary, args...)
		cmd.Env = environ()
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		asNobody(t, cmd, binary, world, readOnly)
		err := cmd.Run()
		return result{out.String(), errOut.String(), exitCode(err)}
	}
	t.Run("warehouse folder", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "warehouse")
		db := primedWarehouse(t, dir, world)
		os.Remove(db + ".lock") // as a fresh copy of the warehouse would be
		hash := fileHash(t, db)
		res := run(t, dir, "--quiet", "--db", db, "load", world)
		if res.code != 2 || !strings.Contains(res.stderr, "the folder "+dir+" is not writable") {
			t.Errorf("load into a read-only folder: exit %d, stderr %q; want exit 2 and the folder named", res.code, res.stderr)
		}
		checkUnchanged(t, db, hash)
		t.Logf("exit %d: %s", res.code, res.stderr)
	})
	t.Run("exchange output folder", func(t *testing.T) {
		dir := t.TempDir()
		wdir := filepath.Join(dir, "warehouse")
		if err := os.MkdirAll(wdir, 0o777); err != nil {
			t.Fatal(err)
		}
		db := filepath.Join(wdir, "warehouse.duckdb")
		freshWarehouse(t, db)
		os.Chmod(wdir, 0o777) // the warehouse's folder stays writable, for nobody too
		for _, f := range []string{db, db + ".lock"} {
			os.Chmod(f, 0o666)
		}
		out := filepath.Join(dir, "out")
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
		hash := fileHash(t, db)
		res := run(t, out, "--quiet", "--db", db, "exchange", "run", "--world", world, "--through", "2010-02-16", "--out", out, "--show", "0")
		if res.code != 2 || !strings.Contains(res.stderr, out) {
			t.Errorf("exchange run into a read-only folder: exit %d, stderr %q; want exit 2 and the folder named", res.code, res.stderr)
		}
		checkUnchanged(t, db, hash)
		t.Logf("exit %d: %s", res.code, res.stderr)
	})
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1000": 1000, "48MB": 48e6, "48mb": 48e6, "2GiB": 2 << 30, "512 KiB": 512 << 10, "7B": 7} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "MB", "-5MB", "1.5GB", "12XB", "0", "99999999999TB"} {
		if got, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) = %d, want an error", in, got)
		}
	}
}
