package main

// Concurrency: analysts read the published warehouse while a load and an
// exchange run write it, and a second writer comes along.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	dsql "deanery/sql"

	"github.com/google/go-cmp/cmp"
)

// readSnapshot takes a snapshot through "deanery query", as an analyst
// would: one statement, in its own process, read-only.
func readSnapshot(query, db string) (snapshot, error) {
	cmd := exec.Command(binary, "--quiet", "--db", db, "query", "--format", "csv", query)
	cmd.Env = environ()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("deanery query: %v: %s", err, errOut.String())
	}
	s := snapshot{}
	for i, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if i == 0 {
			continue // header
		}
		cut := strings.LastIndexByte(line, ',')
		n, err := strconv.Atoi(line[cut+1:])
		if cut < 0 || err != nil {
			return nil, fmt.Errorf("deanery query: unexpected line %q", line)
		}
		s[line[:cut]] = n
	}
	return s, nil
}

// TestReadersAndASecondWriterDuringALoadAndAnExchangeRun runs each
// writing command once undisturbed, then again while analysts read: a
// read-only DuckDB connection opened before it starts, and "deanery query"
// in a loop, each read one statement over every table and file. Every read
// must succeed and see the whole warehouse as it was before the command or
// as the undisturbed run left it, and once a reader has seen the new one
// no later reader sees the old. A second writer, tried while the command
// writes, is refused with its message and exit 2, and the warehouse ends
// equal to the undisturbed run's.
func TestReadersAndASecondWriterDuringALoadAndAnExchangeRun(t *testing.T) {
	world, err := crashWorld()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range writingCommands(world) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dir := t.TempDir()
			base, old, want, _ := uninterrupted(t, c, dir)
			db := filepath.Join(dir, "read.duckdb")
			copyWarehouse(t, base, db)

			early, err := dsql.Open(ctx, db, dsql.ReadOnly)
			if err != nil {
				t.Fatal(err)
			}
			defer early.Close()
			query, err := snapshotQuery(ctx, early)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := snapshotOf(ctx, early); err != nil || !cmp.Equal(got, old) {
				t.Fatalf("reader before the command: %v\n%s", err, cmp.Diff(old, got))
			}

			cmd := exec.Command(binary, c.args(db, filepath.Join(dir, "read-out"))...)
			cmd.Env = environ()
			var errOut bytes.Buffer
			cmd.Stderr = &errOut
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()

			var seen []string // "old" or "new", in the order of the reads
			second, tried := result{}, false
			var waitErr error
			for running := true; running; {
				select {
				case waitErr = <-done:
					running = false
				default:
				}
				if _, err := os.Stat(db + ".next"); running && !tried && err == nil {
					second, tried = deanery(t, ".", "--quiet", "--db", db, "load", filepath.Join(world, "config")), true
					if second.code == 0 {
						t.Fatal("the second writer ran: the command had published before it tried, so the test proves nothing")
					}
					want := fmt.Sprintf("deanery: another deanery command (pid %d) is writing %s; run again when it ends\n", cmd.Process.Pid, db)
					if second.code != 2 || second.stderr != want {
						t.Errorf("second writer: exit %d, stderr %q; want exit 2 and %q", second.code, second.stderr, want)
					}
				}
				got, err := readSnapshot(query, db)
				if err != nil {
					t.Fatalf("read %d (command running: %v): %v", len(seen)+1, running, err)
				}
				switch {
				case cmp.Equal(got, old):
					if len(seen) > 0 && seen[len(seen)-1] == "new" {
						t.Errorf("read %d saw the old warehouse after a read saw the new one", len(seen)+1)
					}
					seen = append(seen, "old")
				case cmp.Equal(got, want):
					seen = append(seen, "new")
				default:
					t.Fatalf("read %d saw neither the old nor the new warehouse:\n(-old +read):\n%s\n(-new +read):\n%s", len(seen)+1, cmp.Diff(old, got), cmp.Diff(want, got))
				}
				if got, err := snapshotOf(ctx, early); err != nil || !cmp.Equal(got, old) {
					t.Fatalf("the reader opened before the command no longer sees its snapshot: %v\n%s", err, cmp.Diff(old, got))
				}
			}
			if code := exitCode(waitErr); code > 1 {
				t.Fatalf("%s: exit %d: %s", c.name, code, errOut.String())
			}
			if !tried {
				t.Error("the second writer never found the command writing")
			}
			if len(seen) < 3 || seen[0] != "old" || seen[len(seen)-1] != "new" {
				t.Errorf("reads %v: want at least 3, the first of the old warehouse and the last of the new", seen)
			}
			t.Logf("%s: %d reads while it ran or just after: %s", c.name, len(seen), strings.Join(seen, " "))
			// This process sees the published file only once its early
			// reader, which keeps the old one, is closed (sql/publish.go).
			early.Close()
			if got, err := takeSnapshot(ctx, db); err != nil || !cmp.Equal(got, want) {
				t.Errorf("after the command and the refused writer: %v\n(-undisturbed +got):\n%s", err, cmp.Diff(want, got))
			}
		})
	}
}
