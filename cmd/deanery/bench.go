package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"deanery/bench"

	"github.com/urfave/cli/v2"
)

// Markers around the pipeline table in bench/README.md.
const (
	pipelineBegin = "<!-- pipeline:begin -->"
	pipelineEnd   = "<!-- pipeline:end -->"
)

func benchCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "bench",
		Usage: "measure the whole pipeline on synthetic worlds of several sizes and record the figures",
		Description: `Generates a synthetic world at each scale, then runs the product on it
stage by stage, each stage a deanery process of its own: load, exchange
run, quality, report quarterly, report dashboards, and (with --incremental)
adding the world's last quarter to a warehouse holding the rest. For each
stage it records wall time, CPU time, peak memory and what the stage did
(records loaded, files built, pairs scored, pages written), judges the
largest scale against the targets (national world generated in 120 s,
exchanges in 20 s, reports in 5 s, dashboards under 3 MB, whole pipeline in
60 s and 3 GB, a quarter added in a tenth of the time) and shows how each
stage grows with the scale. The figures go into the "pipeline" part of
--results and the table between the pipeline markers of --readme; the
other parts of both (the Go benchmarks') are kept.

Examples:
   deanery bench                                   # scales 0.1, 0.33 and 1
   deanery bench --scales 0.01 --to 2011-06-30 --no-record   # a quick check
   deanery bench --scales 1 --reuse-worlds --stage-timeout 20m`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "scales", Value: "0.1,0.33,1", Usage: "comma-separated world `SCALES`, smallest first; targets are judged on the last"},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "world seed"},
			&cli.StringFlag{Name: "to", Usage: "world end `DATE` (default: the generator's, the end of the current quarter)"},
			&cli.StringFlag{Name: "work", Value: "bench/tmp/pipeline", Usage: "`DIR` for the worlds, warehouses and pages"},
			&cli.BoolFlag{Name: "reuse-worlds", Usage: "keep a world already generated in --work with the same settings (its generation is then not measured)"},
			&cli.DurationFlag{Name: "stage-timeout", Value: 0, Usage: "stop a stage after `DURATION` (e.g. 30m) and record it as timed out; 0 never stops one"},
			&cli.BoolFlag{Name: "incremental", Value: true, Usage: "also measure adding the last quarter to a warehouse holding the rest"},
			&cli.StringFlag{Name: "results", Value: "bench/results.json", Usage: "results `FILE` whose pipeline part is rewritten"},
			&cli.StringFlag{Name: "readme", Value: "bench/README.md", Usage: "Markdown `FILE` whose pipeline table is rewritten"},
			&cli.BoolFlag{Name: "no-record", Usage: "print the figures only; write neither file"},
		},
		Action: func(c *cli.Context) error {
			scales, err := parseScales(c.String("scales"))
			if err != nil {
				return &exitError{code: exitUsage, err: fmt.Errorf("--scales: %w", err)}
			}
			binary, err := os.Executable()
			if err != nil {
				return err
			}
			p, err := bench.Run(c.Context, bench.Options{
				Binary: binary, WorkDir: c.String("work"), Scales: scales, Seed: c.Uint64("seed"), To: c.String("to"),
				ReuseWorlds: c.Bool("reuse-worlds"), StageTimeout: c.Duration("stage-timeout"), Incremental: c.Bool("incremental"),
				Log: e.log,
				Progress: func(scale float64, s bench.Stage) {
					if c.Bool("quiet") {
						return
					}
					state := "done"
					if !s.OK() {
						state = "FAILED: " + s.Error
					}
					fmt.Fprintf(e.stderr, "scale %g  %-18s %8.1f s  %6.0f MB  %s\n", scale, s.Name, s.WallSec, s.PeakMB, state)
				},
			})
			if err != nil {
				return err
			}
			p.Judge()
			if !c.Bool("no-record") {
				if err := recordPipeline(p, c.String("results"), c.String("readme")); err != nil {
					return err
				}
			}
			if c.Bool("json") {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(p)
			}
			fmt.Fprint(e.stdout, p.Markdown())
			if !c.Bool("no-record") {
				fmt.Fprintf(e.stdout, "\nrecorded in %s and %s\n", c.String("results"), c.String("readme"))
			}
			return nil
		},
	}
}

func parseScales(s string) ([]float64, error) {
	var out []float64
	for part := range strings.SplitSeq(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("%q is not a scale above 0", part)
		}
		if len(out) > 0 && v <= out[len(out)-1] {
			return nil, fmt.Errorf("scales must grow: %v after %v", v, out[len(out)-1])
		}
		out = append(out, v)
	}
	return out, nil
}

// recordPipeline writes the pipeline part of the results file and the
// pipeline table of the README, keeping everything else in both.
func recordPipeline(p *bench.Pipeline, results, readme string) error {
	if err := bench.UpdateJSON(results, map[string]any{"pipeline": p}); err != nil {
		return fmt.Errorf("record %s: %w", results, err)
	}
	text, err := os.ReadFile(readme)
	if err != nil {
		return fmt.Errorf("record %s: %w", readme, err)
	}
	out, err := bench.ReplaceBetween(text, pipelineBegin, pipelineEnd, p.Markdown())
	if err != nil {
		return fmt.Errorf("record %s: %w", readme, err)
	}
	return os.WriteFile(readme, out, 0o644)
}
