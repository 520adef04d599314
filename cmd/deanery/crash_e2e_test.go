package main

// Crash safety: the real binary is killed (SIGKILL) at seeded random
// points of a load and of an exchange run; after each kill the warehouse
// opens and holds either none or all of what the command was writing,
// and a rerun ends with the counts of an uninterrupted run.

import (
	"bytes"
	"context"
	stdsql "database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	dsql "deanery/sql"

	"github.com/google/go-cmp/cmp"
)

// crashWorld is a tiny world (four months, three live trusts, every
// interface file type from its first week) for the crash and concurrency
// tests, generated once beside the binary.
var crashWorld = sync.OnceValues(func() (string, error) {
	world := filepath.Join(filepath.Dir(binary), "crash-world")
	out, err := exec.Command(binary, "--quiet", "world", "generate", "--out", world, "--scale", "0.01", "--to", "2010-04-30").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("generate a world: %v: %s", err, out)
	}
	return world, nil
})

// snapshot is what a warehouse holds, as far as a crash could spoil it:
// the rows of every table, and the rows of every file in each table that
// names its file.
type snapshot map[string]int

func takeSnapshot(ctx context.Context, path string) (snapshot, error) {
	db, err := dsql.Open(ctx, path, dsql.ReadOnly)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return snapshotOf(ctx, db)
}

func snapshotOf(ctx context.Context, db *stdsql.DB) (snapshot, error) {
	q, err := snapshotQuery(ctx, db)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	s := snapshot{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		s[k] = n
	}
	return s, rows.Err()
}

// snapshotQuery is one statement giving (key, rows) for the snapshot:
// one statement, so that it reads one state of the warehouse.
func snapshotQuery(ctx context.Context, db *stdsql.DB) (string, error) {
	var tables, withFile []string
	rows, err := db.QueryContext(ctx, `SELECT table_name, list_contains(list(column_name), 'file_name')
		FROM duckdb_columns() WHERE schema_name = 'main' AND table_name IN (SELECT table_name FROM duckdb_tables())
		GROUP BY table_name ORDER BY table_name`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var hasFile bool
		if err := rows.Scan(&name, &hasFile); err != nil {
			return "", err
		}
		tables = append(tables, name)
		if hasFile {
			withFile = append(withFile, name)
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	var parts []string
	for _, t := range tables {
		parts = append(parts, fmt.Sprintf(`SELECT '%s' AS k, count(*) AS n FROM %s`, t, t))
	}
	for _, t := range withFile {
		parts = append(parts, fmt.Sprintf(`SELECT '%s/' || file_name, count(*) FROM %s GROUP BY file_name`, t, t))
	}
	return strings.Join(parts, " UNION ALL "), nil
}

// crashCommand is one writing command under test.
type crashCommand struct {
	name   string
	args   func(db, out string) []string
	prime  func(t *testing.T, db string) // makes the warehouse the command starts from
	trials int
}

// crashPhase says where a kill landed, as seen from outside the process:
// before the copy was made, while the copy was written, or after it was
// renamed over the warehouse (the file is another inode).
func crashPhase(db string, before os.FileInfo) string {
	if fi, err := os.Stat(db); err == nil && !os.SameFile(fi, before) {
		return "published"
	}
	if _, err := os.Stat(db + ".next"); err == nil {
		return "writing copy"
	}
	return "before copy"
}

// crashTrial is the record of one kill.
type crashTrial struct {
	at      time.Duration // after the start
	frac    float64       // of the uninterrupted run's duration
	phase   string
	outcome string // NONE or ALL
}

func TestKillsDuringALoadAndAnExchangeRunLeaveNoneOrAll(t *testing.T) {
	if testing.Short() {
		t.Skip("kills the binary 50 times")
	}
	world, err := crashWorld()
	if err != nil {
		t.Fatal(err)
	}
	seed := uint64(9)
	if s := os.Getenv("DEANERY_CRASH_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	scale := 1
	if s := os.Getenv("DEANERY_CRASH_TRIALS_SCALE"); s != "" {
		scale, _ = strconv.Atoi(s)
	}
	commands := writingCommands(world)
	commands[0].trials, commands[1].trials = 32*scale, 18*scale
	for i, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			crashTrials(t, c, seed+uint64(i))
		})
	}
}

// freshWarehouse makes a new, migrated, empty warehouse, as exchange run
// wants one.
func freshWarehouse(t *testing.T, db string) {
	t.Helper()
	w, err := dsql.OpenWriter(context.Background(), db)
	if err == nil {
		err = w.Publish(context.Background())
	}
	if err != nil {
		t.Fatal(err)
	}
}

// writingCommands are the two writing commands the crash and concurrency
// tests run on the tiny world, each with the warehouse it starts from.
func writingCommands(world string) []crashCommand {
	return []crashCommand{
		{
			name: "load",
			args: func(db, _ string) []string { return []string{"--quiet", "--db", db, "load", world} },
			prime: func(t *testing.T, db string) {
				// A warehouse that already holds something: the configuration.
				if res := deanery(t, ".", "--quiet", "--db", db, "load", filepath.Join(world, "config")); res.code != 0 {
					t.Fatalf("load the configuration: exit %d: %s", res.code, res.stderr)
				}
			},
		},
		{
			name: "exchange run",
			args: func(db, out string) []string {
				// The first week of the interfaces: APP, APC, DNF, DNC, DCC and
				// RMF files, and a redelivered DNC.
				return []string{"--quiet", "--db", db, "exchange", "run", "--world", world, "--through", "2010-02-16", "--out", out, "--show", "0"}
			},
			prime: freshWarehouse,
		},
	}
}

// uninterrupted primes a warehouse in dir for the command and runs the
// command once on a copy of it, undisturbed. It returns the primed
// warehouse, what it holds before and after the command, and how long the
// command took.
func uninterrupted(t *testing.T, c crashCommand, dir string) (base string, before, after snapshot, took time.Duration) {
	t.Helper()
	ctx := context.Background()
	base = filepath.Join(dir, "base.duckdb")
	c.prime(t, base)
	before, err := takeSnapshot(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(dir, "full.duckdb")
	copyWarehouse(t, base, full)
	start := time.Now()
	if res := deanery(t, ".", c.args(full, filepath.Join(dir, "full-out"))...); res.code > 1 {
		t.Fatalf("uninterrupted %s: exit %d: %s", c.name, res.code, res.stderr)
	}
	took = time.Since(start)
	if after, err = takeSnapshot(ctx, full); err != nil {
		t.Fatal(err)
	}
	if cmp.Equal(before, after) {
		t.Fatalf("the uninterrupted %s changed nothing; the test would prove nothing", c.name)
	}
	return base, before, after, took
}

func crashTrials(t *testing.T, c crashCommand, seed uint64) {
	ctx := context.Background()
	dir := t.TempDir()
	// The uninterrupted run's duration sets the range of kill times; its
	// warehouse is the "all" every trial is held to.
	base, before, after, took := uninterrupted(t, c, dir)

	rng := rand.New(rand.NewPCG(seed, 1))
	var trials []crashTrial
	finished := 0
	for attempt := 0; len(trials) < c.trials; attempt++ {
		if attempt > 3*c.trials {
			t.Fatalf("only %d kills in %d attempts: the command ends before it can be killed", len(trials), attempt)
		}
		// Two kills in three at a time drawn over the whole run. The rest
		// at the publish, which a time rarely hits: up to 3 ms after the
		// copy's write-ahead log goes (a checkpoint, the last one just
		// before the copy is closed and renamed), or as soon as the rename
		// is seen (the command has not yet exited).
		k := kill{after: time.Duration(rng.Float64() * 1.05 * float64(took))}
		switch rng.IntN(6) {
		case 0:
			k = kill{atWALGone: true, jitter: time.Duration(rng.IntN(3000)) * time.Microsecond}
		case 1:
			k = kill{atRename: true}
		}
		db := filepath.Join(dir, fmt.Sprintf("trial%03d.duckdb", attempt))
		out := filepath.Join(dir, fmt.Sprintf("trial%03d-out", attempt))
		copyWarehouse(t, base, db)
		tr, killed := killOnce(t, c.args(db, out), db, k)
		if !killed {
			finished++
			os.Remove(db)
			continue
		}
		tr.frac = float64(tr.at) / float64(took)
		tr.outcome = checkNoneOrAll(t, ctx, db, before, after)
		if tr.outcome == "NONE" {
			// The rerun of the same command ends as the uninterrupted run did.
			if res := deanery(t, ".", c.args(db, out)...); res.code > 1 {
				t.Fatalf("rerun after a kill at %v (%s): exit %d: %s", tr.at, tr.phase, res.code, res.stderr)
			}
			got, err := takeSnapshot(ctx, db)
			if err != nil {
				t.Fatalf("rerun after a kill at %v: %v", tr.at, err)
			}
			if diff := cmp.Diff(after, got); diff != "" {
				t.Fatalf("rerun after a kill at %v (%s) differs from the uninterrupted run (-uninterrupted +rerun):\n%s", tr.at, tr.phase, diff)
			}
			for _, left := range []string{".next", ".next.wal", ".wal"} {
				if _, err := os.Stat(db + left); err == nil {
					t.Errorf("rerun after a kill at %v left %s behind", tr.at, filepath.Base(db+left))
				}
			}
		}
		trials = append(trials, tr)
		os.RemoveAll(out)
		for _, f := range []string{db, db + ".next", db + ".next.wal", db + ".lock"} {
			os.Remove(f)
		}
	}
	t.Log(crashReport(c.name, took, trials, finished, seed))
}

// kill says when to kill: after a time, when the copy's write-ahead log
// goes (then after jitter), or when the copy has been renamed.
type kill struct {
	after               time.Duration
	atWALGone, atRename bool
	jitter              time.Duration
}

// killOnce starts the command and kills it as k says; killed is false
// when it ended first.
func killOnce(t *testing.T, args []string, db string, k kill) (crashTrial, bool) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = environ()
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	beforeFI, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	fired := make(chan crashTrial, 1)
	shoot := func() {
		tr := crashTrial{phase: crashPhase(db, beforeFI), at: time.Since(start)}
		cmd.Process.Signal(syscall.SIGKILL)
		fired <- tr
	}
	done := make(chan struct{})
	if k.atWALGone || k.atRename {
		go func() {
			sawWAL := false
			for {
				select {
				case <-done:
					return
				default:
				}
				fi, _ := os.Stat(db)
				renamed := fi != nil && !os.SameFile(fi, beforeFI)
				_, walErr := os.Stat(db + ".next.wal")
				walGone := sawWAL && walErr != nil
				sawWAL = sawWAL || walErr == nil
				if renamed || k.atWALGone && walGone {
					time.Sleep(k.jitter)
					shoot()
					return
				}
				time.Sleep(100 * time.Microsecond)
			}
		}()
	} else {
		timer := time.AfterFunc(k.after, shoot)
		defer timer.Stop()
	}
	err = cmd.Wait()
	close(done)
	if ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus); ws.Signaled() {
		return <-fired, true
	}
	if code := exitCode(err); code > 1 {
		t.Fatalf("deanery %s: exit %d: %s", strings.Join(args, " "), code, errOut.String())
	}
	return crashTrial{}, false
}

// checkNoneOrAll opens the warehouse after a kill and says whether it
// holds none (NONE) or all (ALL) of the killed command's work; anything
// else fails the test.
func checkNoneOrAll(t *testing.T, ctx context.Context, db string, none, all snapshot) string {
	t.Helper()
	got, err := takeSnapshot(ctx, db)
	if err != nil {
		t.Fatalf("the warehouse does not open after a kill: %v", err)
	}
	if _, err := os.Stat(db + ".wal"); err == nil {
		t.Errorf("a kill left a write-ahead log beside the warehouse")
	}
	switch {
	case cmp.Equal(got, none):
		return "NONE"
	case cmp.Equal(got, all):
		return "ALL"
	}
	t.Fatalf("after a kill the warehouse holds part of the work:\n(-none +found):\n%s\n(-all +found):\n%s", cmp.Diff(none, got), cmp.Diff(all, got))
	return ""
}

func copyWarehouse(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// crashReport lists the trials: kill times by tenth of the uninterrupted
// run's duration, phases and outcomes.
func crashReport(name string, took time.Duration, trials []crashTrial, finished int, seed uint64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d kills (seed %d), uninterrupted run %v, %d more runs ended before their kill time\n",
		name, len(trials), seed, took.Round(time.Millisecond), finished)
	deciles := make([]int, 11)
	phases, outcomes := map[string]int{}, map[string]int{}
	for _, tr := range trials {
		deciles[min(int(tr.frac*10), 10)]++
		phases[tr.phase]++
		outcomes[tr.outcome]++
	}
	b.WriteString("  kill time / run time: ")
	for i, n := range deciles {
		if i == 10 {
			fmt.Fprintf(&b, "≥1.0: %d", n)
		} else {
			fmt.Fprintf(&b, "%.1f–%.1f: %d, ", float64(i)/10, float64(i+1)/10, n)
		}
	}
	b.WriteString("\n  phase at the kill: " + countsLine(phases))
	b.WriteString("\n  warehouse after the kill: " + countsLine(outcomes))
	return b.String()
}

func countsLine(m map[string]int) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
