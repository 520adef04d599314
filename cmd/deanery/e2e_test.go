package main

// End-to-end tests: the real binary, real files and a real warehouse file.
//
// TestMain builds the binary once. Each folder under testdata/e2e is one
// case:
//
//	cmd          one deanery command line per line, run in order from the
//	             case folder; $DB is a fresh warehouse in a temporary folder,
//	             $CASE the case folder, $TMP the temporary folder; quotes
//	             group words as in a shell. A line "!hold-write" makes the
//	             test process hold $DB open for writing from then on, as
//	             another deanery command would (dsql.OpenWriter);
//	             "!release" abandons that write.
//	queries.sql  optional: SQL statements ending in ";", each run after the
//	             commands with "deanery query --format csv"; the outputs
//	             form want/tables.txt
//	want/        stdout.txt, stderr.txt and exit.txt of the commands, and
//	             tables.txt; temporary paths are written as $DB, $TMP, $CASE
//
// go test -tags=duckdb_arrow ./cmd/deanery -run TestEndToEnd -update
// rewrites the want/ files from what the binary does now.

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	dsql "deanery/sql"

	"github.com/google/go-cmp/cmp"
	"github.com/urfave/cli/v2"
)

var update = flag.Bool("update", false, "rewrite the want/ files of the end-to-end cases under testdata/e2e")

// binary is the deanery binary TestMain builds.
var binary string

const caseRoot = "../../testdata/e2e"

func TestMain(m *testing.M) {
	if limit := os.Getenv(fileSizeLimitEnv); limit != "" {
		os.Exit(execWithFileSizeLimit(limit)) // a child of TestAFullDisk..., not a test run
	}
	flag.Parse()
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "deanery-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "deanery")
	build := exec.Command("go", "build", "-tags=duckdb_arrow", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "build the deanery binary: %v\n", err)
		return 2
	}
	return m.Run()
}

// result is what one run of the binary did.
type result struct {
	stdout, stderr string
	code           int
}

// deanery runs the binary in dir with args.
func deanery(t *testing.T, dir string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = dir
	cmd.Env = environ()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
	default:
		t.Fatalf("run deanery %s: %v", strings.Join(args, " "), err)
	}
	return result{out.String(), errOut.String(), cmd.ProcessState.ExitCode()}
}

// environ is the test's environment without the settings that would make
// the binary's output depend on the machine.
func environ() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "DEANERY_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TZ=UTC", "LC_ALL=C")
}

func TestEndToEnd(t *testing.T) {
	entries, err := os.ReadDir(caseRoot)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n++
		dir := filepath.Join(caseRoot, e.Name())
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			runCase(t, dir)
		})
	}
	if n == 0 {
		t.Fatalf("no cases under %s", caseRoot)
	}
}

func runCase(t *testing.T, caseDir string) {
	dir, err := filepath.Abs(caseDir)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := readLines(filepath.Join(dir, "cmd"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	vars := map[string]string{"DB": filepath.Join(tmp, "warehouse.duckdb"), "CASE": dir, "TMP": tmp}
	var stdout, stderr, exits strings.Builder
	var held *dsql.Writer
	release := func() {
		if held != nil {
			held.Close()
			held = nil
		}
	}
	defer release()
	for _, line := range lines {
		switch line {
		case "!hold-write":
			if held, err = dsql.OpenWriter(context.Background(), vars["DB"]); err != nil {
				t.Fatalf("hold %s: %v", vars["DB"], err)
			}
			continue
		case "!release":
			release()
			continue
		}
		args, err := splitArgs(line)
		if err != nil {
			t.Fatalf("cmd: %q: %v", line, err)
		}
		for i := range args {
			args[i] = os.Expand(args[i], func(k string) string {
				if v, ok := vars[k]; ok {
					return v
				}
				t.Fatalf("cmd: %q: unknown variable $%s", line, k)
				return ""
			})
		}
		res := deanery(t, dir, args...)
		fmt.Fprintf(&stdout, "$ deanery %s\n%s", line, withNewline(res.stdout))
		fmt.Fprintf(&stderr, "$ deanery %s\n%s", line, withNewline(res.stderr))
		fmt.Fprintf(&exits, "%d\t%s\n", res.code, line)
	}
	release()
	got := map[string]string{"stdout.txt": stdout.String(), "stderr.txt": stderr.String(), "exit.txt": exits.String()}
	if queries, err := readQueries(filepath.Join(dir, "queries.sql")); err == nil {
		got["tables.txt"] = tables(t, dir, vars["DB"], queries)
	} else if !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	for name, text := range got {
		checkGolden(t, filepath.Join(dir, "want", name), scrub(text, vars))
	}
}

// tables runs each query read-only on db and returns the outputs.
func tables(t *testing.T, dir, db string, queries []string) string {
	var b strings.Builder
	for i, q := range queries {
		if i > 0 {
			b.WriteString("\n")
		}
		res := deanery(t, dir, "--db", db, "query", "--format", "csv", q)
		fmt.Fprintf(&b, "%s;\n%s", q, withNewline(res.stdout))
		if res.code != 0 {
			fmt.Fprintf(&b, "exit %d: %s", res.code, withNewline(res.stderr))
		}
	}
	return b.String()
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

// pid matches a process id in a lock message.
var pid = regexp.MustCompile(`(?i)\bpid [0-9]+`)

// scrub writes the temporary paths of a run as their variable names.
func scrub(s string, vars map[string]string) string {
	for _, k := range []string{"DB", "CASE", "TMP"} {
		s = strings.ReplaceAll(s, vars[k], "$"+k)
	}
	return pid.ReplaceAllStringFunc(s, func(m string) string { return m[:3] + " $PID" })
}

func withNewline(s string) string {
	if s != "" && !strings.HasSuffix(s, "\n") {
		return s + "\n"
	}
	return s
}

// readLines returns the non-blank lines of a file that are not comments (#).
func readLines(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	return lines, nil
}

// readQueries splits a file of SQL statements at each ";" that ends a
// line; comment lines (--) are dropped, and each statement is put on one
// line.
func readQueries(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var queries, cur []string
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "--") {
			continue
		}
		end := strings.HasSuffix(l, ";")
		cur = append(cur, strings.TrimSuffix(l, ";"))
		if end {
			queries = append(queries, strings.Join(cur, " "))
			cur = nil
		}
	}
	if len(cur) > 0 {
		return nil, fmt.Errorf("%s: last statement does not end in ;", path)
	}
	return queries, nil
}

// splitArgs splits a command line into words: spaces separate them,
// single quotes keep everything literally, double quotes keep spaces and
// take \" and \\ as escapes.
func splitArgs(line string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'':
			j := strings.IndexByte(line[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("unclosed '")
			}
			cur.WriteString(line[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(line) && line[i] != '"'; i++ {
				if line[i] == '\\' && i+1 < len(line) && (line[i+1] == '"' || line[i+1] == '\\') {
					i++
				}
				cur.WriteByte(line[i])
			}
			if i == len(line) {
				return nil, errors.New(`unclosed "`)
			}
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}

func TestSplitArgs(t *testing.T) {
	cases := []struct {
		line string
		want []string
	}{
		{`--db $DB load ../../sample`, []string{"--db", "$DB", "load", "../../sample"}},
		{`query "SELECT 'a b', \"x\""`, []string{"query", `SELECT 'a b', "x"`}},
		{`query 'SELECT "a"'  x`, []string{"query", `SELECT "a"`, "x"}},
		{`a""b ''`, []string{"ab", ""}},
	}
	for _, c := range cases {
		got, err := splitArgs(c.line)
		if err != nil {
			t.Errorf("%q: %v", c.line, err)
			continue
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", c.line, diff)
		}
	}
	for _, bad := range []string{`query "SELECT`, `query 'x`} {
		if _, err := splitArgs(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// The schema command prints the schema document the repository keeps.
func TestSchemaCommandPrintsTheSchemaDocument(t *testing.T) {
	want, err := os.ReadFile("../../docs/schema.md")
	if err != nil {
		t.Fatal(err)
	}
	res := deanery(t, t.TempDir(), "schema")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	if diff := cmp.Diff(string(want), res.stdout); diff != "" {
		t.Errorf("deanery schema differs from docs/schema.md (-file +command):\n%s", diff)
	}
}

// Every command that does something shows an example in its help.
func TestEveryCommandHelpShowsAnExample(t *testing.T) {
	var walk func(path []string, cmds []*cli.Command)
	n := 0
	walk = func(path []string, cmds []*cli.Command) {
		for _, c := range cmds {
			if c.Hidden || c.Name == "help" {
				continue
			}
			p := append(append([]string(nil), path...), c.Name)
			walk(p, c.Subcommands)
			if c.Action == nil {
				continue
			}
			n++
			res := deanery(t, t.TempDir(), append(p, "--help")...)
			if res.code != 0 || !strings.Contains(res.stdout, "Example") {
				t.Errorf("deanery %s --help: exit %d, no example:\n%s%s", strings.Join(p, " "), res.code, res.stdout, res.stderr)
			}
		}
	}
	walk(nil, newApp(&env{}).Commands)
	if n == 0 {
		t.Fatal("no commands found")
	}
}
