package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	dsql "deanery/sql"

	"github.com/urfave/cli/v2"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// Exit codes: 0 success, 1 the work ran and found something that fails (a
// rejected file, a quality threshold crossed), 2 the command could not run.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

// exitError carries an exit code from a command to run; only main exits.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func findings(format string, a ...any) error {
	return &exitError{code: exitFindings, err: fmt.Errorf(format, a...)}
}

// env is what every command gets: the streams, the global options and a logger.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	log            *slog.Logger
}

// run builds the app, runs it with args and returns the exit code; tests
// call it with buffers.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	app := newApp(e)
	err := app.RunContext(ctx, args)
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "deanery: %v\n", err)
	if dsql.DiskFull(err) {
		fmt.Fprintln(stderr, "deanery: the disk is full (or a file size limit was reached). A writing command works on a copy of the warehouse and leaves the warehouse as it was when it fails; free room for that copy and run it again.")
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return exitUsage
}

func newApp(e *env) *cli.App {
	app := &cli.App{
		Name:      "deanery",
		Usage:     "run the ESR Deanery Interfaces and report how far ESR and the deanery systems agree",
		Version:   version,
		Writer:    e.stdout,
		ErrWriter: e.stderr,
		Reader:    e.stdin,
		Description: `deanery keeps both sides of the ESR Deanery Interfaces in one DuckDB file
(the warehouse): the deanery systems' extracts (Intrepid, Empower), every
interface file exchanged with ESR (APP, APC, DNC/DNF, DCC, RMC/RMF, STF) and
the reference configuration. From it come alignment scores, volumes,
savings, quarterly reports and per-deanery dashboards.

Start with the built-in synthetic world:
   deanery world generate --out world --scale 0.01
   deanery load world
   deanery query "SELECT deanery_code, count(*) FROM trainee GROUP BY ALL"`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "db", Value: "deanery.duckdb", EnvVars: []string{"DEANERY_DB"}, Usage: "warehouse `FILE` (DuckDB)"},
			&cli.BoolFlag{Name: "json", Usage: "print machine-readable JSON instead of text"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print no progress"},
			&cli.StringFlag{Name: "log-level", Value: "warn", Usage: "log `LEVEL` for diagnostics on stderr: debug, info, warn, error"},
			&cli.StringFlag{Name: "memory-limit", EnvVars: []string{"DEANERY_MEMORY_LIMIT"}, Usage: "cap the memory a writing command lets DuckDB use to `SIZE` (e.g. 512MB, 2GiB; beyond it DuckDB spills to disk beside the warehouse); default 80% of the machine's"},
		},
		Before: func(c *cli.Context) error {
			var lvl slog.Level
			if err := lvl.UnmarshalText([]byte(c.String("log-level"))); err != nil {
				return &exitError{code: exitUsage, err: fmt.Errorf("--log-level: %w", err)}
			}
			e.log = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: lvl}))
			if v := c.String("memory-limit"); v != "" {
				n, err := parseSize(v)
				if err != nil {
					return &exitError{code: exitUsage, err: fmt.Errorf("--memory-limit: %w", err)}
				}
				c.Context = dsql.WithMemoryLimit(c.Context, n)
			}
			return nil
		},
		Commands: []*cli.Command{
			loadCommand(e),
			queryCommand(e),
			schemaCommand(e),
			worldCommand(e),
			exchangeCommand(e),
			qualityCommand(e),
			reportCommand(e),
			exportCommand(e),
			benchCommand(e),
		},
		ExitErrHandler:         func(*cli.Context, error) {}, // run decides the exit code
		UseShortOptionHandling: true,
		Suggest:                true,
	}
	return app
}
