package main

// End-to-end tests of how a writing command publishes the warehouse: a load
// runs in a child process while the test reads, writes and kills.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	dsql "deanery/sql"
)

var publishWorld = sync.OnceValues(func() (string, error) {
	// Beside the binary, in the folder TestMain removes.
	world := filepath.Join(filepath.Dir(binary), "publish-world")
	out, err := exec.Command(binary, "--quiet", "world", "generate", "--out", world, "--scale", "0.01", "--to", "2011-03-31").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("generate a world: %v: %s", err, out)
	}
	return world, nil
})

// publishSetup returns a world folder and a warehouse holding only the
// sample configuration, with its count of source_file rows.
func publishSetup(t *testing.T) (world, db string, old int) {
	t.Helper()
	world, err := publishWorld()
	if err != nil {
		t.Fatal(err)
	}
	db = filepath.Join(t.TempDir(), "warehouse.duckdb")
	if res := deanery(t, ".", "--quiet", "--db", db, "load", "../../testdata/sample/config"); res.code != 0 {
		t.Fatalf("load the sample configuration: exit %d: %s", res.code, res.stderr)
	}
	return world, db, sourceFiles(t, db)
}

// sourceFiles counts source_file rows in a separate deanery process.
func sourceFiles(t *testing.T, db string) int {
	t.Helper()
	n, err := countIn(db)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func countIn(db string) (int, error) {
	cmd := exec.Command(binary, "--quiet", "--db", db, "query", "--format", "csv", "SELECT count(*) AS n FROM source_file")
	cmd.Env = environ()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("count source_file: %v: %s", err, errOut.String())
	}
	lines := strings.Fields(out.String())
	if len(lines) != 2 {
		return 0, fmt.Errorf("count source_file: unexpected output %q", out.String())
	}
	return strconv.Atoi(lines[1])
}

// startLoad starts "deanery load world" on db in a child process.
func startLoad(t *testing.T, db, world string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(binary, "--quiet", "--db", db, "load", world)
	cmd.Env = environ()
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd, &errOut
}

// waitForCopy waits until the writer has made its copy of the warehouse.
func waitForCopy(t *testing.T, db string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(db + ".next"); err == nil {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the load never made its copy of the warehouse")
}

func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

func TestReadersDuringALoadSeeTheOldOrTheNewWarehouse(t *testing.T) {
	world, db, old := publishSetup(t)
	// A reader that opened before the load and stays open throughout.
	before, err := dsql.Open(context.Background(), db, dsql.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer before.Close()

	load, loadErr := startLoad(t, db, world)
	done := make(chan error, 1)
	go func() { done <- load.Wait() }()
	seen := map[int]int{}
	during := 0
	var waitErr error
	for running := true; running; {
		select {
		case waitErr = <-done:
			running = false
		default:
			during++
		}
		n, err := countIn(db)
		if err != nil {
			t.Fatalf("reader %d, load still running %v: %v", during, running, err)
		}
		seen[n]++
		var m int
		if err := before.QueryRow("SELECT count(*) FROM source_file").Scan(&m); err != nil || m != old {
			t.Fatalf("reader opened before the load: %d rows, %v; want %d", m, err, old)
		}
	}
	if code := exitCode(waitErr); code > 1 {
		t.Fatalf("load: exit %d: %s", code, loadErr)
	}
	if during < 3 {
		t.Fatalf("only %d reads while the load ran; the test proves nothing", during)
	}
	now := sourceFiles(t, db)
	if now <= old {
		t.Fatalf("after the load: %d source files, want more than %d", now, old)
	}
	for n, times := range seen {
		if n != old && n != now {
			t.Errorf("a reader saw %d source files (%d times): neither the old %d nor the new %d", n, times, old, now)
		}
	}
	if seen[old] == 0 {
		t.Errorf("no reader saw the old warehouse while the load ran (counts seen: %v)", seen)
	}
	t.Logf("%d reads during the load, counts seen %v", during, seen)
	var m int
	if err := before.QueryRow("SELECT count(*) FROM source_file").Scan(&m); err != nil || m != old {
		t.Errorf("reader opened before the load, after the publish: %d rows, %v; want its snapshot %d", m, err, old)
	}
}

func TestASecondWriterIsRefusedWhileALoadRuns(t *testing.T) {
	world, db, old := publishSetup(t)
	load, loadErr := startLoad(t, db, world)
	waitForCopy(t, db)
	res := deanery(t, ".", "--quiet", "--db", db, "load", "../../testdata/sample/config")
	loadRunning := load.ProcessState == nil
	want := fmt.Sprintf("deanery: another deanery command (pid %d) is writing %s; run again when it ends\n", load.Process.Pid, db)
	if res.code != 2 || res.stderr != want {
		t.Errorf("second writer: exit %d, stderr %q; want exit 2 and %q", res.code, res.stderr, want)
	}
	if err := load.Wait(); exitCode(err) > 1 {
		t.Fatalf("first load: %v: %s", err, loadErr)
	}
	if !loadRunning {
		t.Fatal("the first load ended before the second writer tried")
	}
	if now := sourceFiles(t, db); now <= old {
		t.Errorf("after the first load: %d source files, want more than %d", now, old)
	}
	if res := deanery(t, ".", "--quiet", "--db", db, "world", "check", world); res.code > 1 {
		t.Errorf("world check after the refused writer: exit %d: %s", res.code, res.stderr)
	}
}

func TestAKilledLoadLeavesTheWarehouseAsItWas(t *testing.T) {
	world, db, old := publishSetup(t)
	load, _ := startLoad(t, db, world)
	waitForCopy(t, db)
	time.Sleep(300 * time.Millisecond)
	if err := load.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := load.Wait()
	if ws, ok := load.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the load ended (%v) before it could be killed", err)
	}
	if _, err := os.Stat(db + ".next"); err != nil {
		t.Errorf("the killed load left no copy behind (%v); was it killed mid-load?", err)
	}
	if n := sourceFiles(t, db); n != old {
		t.Errorf("after the killed load: %d source files, want the old %d", n, old)
	}
	if res := deanery(t, ".", "--quiet", "--db", db, "load", world); res.code > 1 {
		t.Fatalf("the next load: exit %d: %s", res.code, res.stderr)
	}
	if n := sourceFiles(t, db); n <= old {
		t.Errorf("after the next load: %d source files, want more than %d", n, old)
	}
	for _, leftover := range []string{db + ".next", db + ".next.wal", db + ".wal"} {
		if _, err := os.Stat(leftover); err == nil {
			t.Errorf("%s left behind after the next load", filepath.Base(leftover))
		}
	}
}
