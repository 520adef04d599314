package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"

	"deanery/exchange/sim"

	"github.com/urfave/cli/v2"
)

func worldCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "world",
		Usage: "generate and describe the built-in synthetic world",
		Description: `No live ESR exists here, so the project ships a seeded synthetic world:
both systems simulated day by day from 2010-01-01, every file they would
exchange, and a truth folder that every figure of the tool can be checked
against. The truth is for tests and these commands only; loads never read it.`,
		Subcommands: []*cli.Command{worldGenerateCommand(e), worldDescribeCommand(e), worldCheckCommand(e)},
	}
}

func worldGenerateCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "generate",
		Usage: "write a synthetic world: config, deanery extracts, interface files and truth",
		Description: `Writes world.json, config/, deanery/<DDD>/ (extracts in each deanery's
supplier layout), exchange/<YYYY>/<YYYYMMDD>/ (interface files) and truth/
(one Parquet file per table, or CSV with --truth-format csv). The same seed
and settings give byte-identical output.

Examples:
   deanery world generate --out world --scale 0.01
   deanery world generate --out world --scale 0.01 --truth-format csv
   deanery world generate --out world --seed 7 --from 2010-01-01 --to 2012-12-31`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Required: true, Usage: "output `DIR` (created)"},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "random seed"},
			&cli.Float64Flag{Name: "scale", Value: 1, Usage: "population scale: 1 = England and Wales"},
			&cli.StringFlag{Name: "from", Value: "2010-01-01", Usage: "first `DATE` (YYYY-MM-DD)"},
			&cli.StringFlag{Name: "to", Usage: "last `DATE` (default: the last day of the current quarter)"},
			&cli.StringFlag{Name: "truth-format", Value: "parquet", Usage: "truth tables as `FORMAT`: parquet or csv"},
			&cli.Float64Flag{Name: "memory-limit", Value: 5, Usage: "soft limit of the Go heap in `GiB` (the collector works harder near it; 0: no limit, or GOMEMLIMIT's)"},
		},
		Action: func(c *cli.Context) error {
			s := sim.Settings{Seed: c.Uint64("seed"), Scale: c.Float64("scale"), Faults: sim.DefaultFaultRates(), TruthFormat: sim.TruthFormat(c.String("truth-format"))}
			if c.Float64("scale") <= 0 {
				return &exitError{code: exitUsage, err: fmt.Errorf("--scale must be above 0, got %v", c.Float64("scale"))}
			}
			if s.TruthFormat != sim.TruthParquet && s.TruthFormat != sim.TruthCSV {
				return &exitError{code: exitUsage, err: fmt.Errorf("--truth-format must be parquet or csv, got %q", c.String("truth-format"))}
			}
			var err error
			if s.From, err = sim.ParseDate(c.String("from")); err != nil {
				return &exitError{code: exitUsage, err: fmt.Errorf("--from: %w", err)}
			}
			if c.String("to") != "" {
				if s.To, err = sim.ParseDate(c.String("to")); err != nil {
					return &exitError{code: exitUsage, err: fmt.Errorf("--to: %w", err)}
				}
			}
			if gib := c.Float64("memory-limit"); gib > 0 && os.Getenv("GOMEMLIMIT") == "" {
				// The national world holds about 4 GB live at its end;
				// unlimited, the heap grows to twice that before it is
				// collected. The output does not depend on it.
				debug.SetMemoryLimit(int64(gib * (1 << 30)))
			}
			prog := newProgress(e.stderr, c.Bool("quiet"), "world")
			sum, err := sim.Generate(c.Context, s, c.String("out"), func(stage string, done, total int) {
				prog.update(done, total, stage)
			})
			prog.done()
			if err != nil {
				return err
			}
			if c.Bool("json") {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(sum)
			}
			fmt.Fprintf(e.stdout, "World written to %s: %d deaneries, %d trusts (%d live), %d humans, %d trainee records, %d posts, %d placements, %d extract files\n",
				c.String("out"), sum.Deaneries, sum.Trusts, sum.LiveTrusts, sum.Humans, sum.Trainees, sum.Posts, sum.Placements, sum.ExtractFiles)
			return nil
		},
	}
}

func worldDescribeCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "describe",
		Usage:     "print a world's calibration beside the targets, flagging figures out of band",
		ArgsUsage: "DIR",
		Description: `Example:
   deanery world describe world`,
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return &exitError{code: exitUsage, err: fmt.Errorf("describe takes the world's folder")}
			}
			return describeWorld(c, e)
		},
	}
}
