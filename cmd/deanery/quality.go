package main

import (
	"encoding/json"
	"fmt"
	"io"

	"deanery/quality"
	dsql "deanery/sql"

	"github.com/urfave/cli/v2"
)

func qualityCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "quality",
		Usage: "link trainees to ESR persons, score alignment per quarter and run the data-quality rules",
		Description: `Runs quality over the warehouse (domain section 8) and records it as a new
run: person linkage (keys, then probabilistic), person, post and placement
alignment per quarter, deanery and trust, and every data-quality rule
(sql/queries/quality_rule_*.sql). Prints the linkage figures, the scores of
the latest quarter beside the previous quarter and the same quarter a year
earlier, and every rule's finding; exits 1 when any rule crosses its fail
threshold. Results stay in the quality_* tables (see docs/schema.md).

Examples:
   deanery quality
   deanery --json quality > quality.json
   deanery query "SELECT * FROM quality_rule_row WHERE rule = 'trainee_ni_valid'"`,
		Flags: []cli.Flag{
			&cli.Float64Flag{Name: "link-threshold", Value: 0.5, Usage: "match `PROBABILITY` from which the probabilistic tier links"},
			&cli.Float64Flag{Name: "review-threshold", Value: 0.9, Usage: "match `PROBABILITY` below which a probabilistic link is held for review"},
		},
		Action: func(c *cli.Context) error {
			lt, rt := c.Float64("link-threshold"), c.Float64("review-threshold")
			if lt <= 0 || lt >= 1 || rt < lt || rt >= 1 {
				return &exitError{code: exitUsage, err: fmt.Errorf("thresholds: want 0 < --link-threshold <= --review-threshold < 1, got %v and %v", lt, rt)}
			}
			w, err := dsql.OpenWriter(c.Context, c.String("db"))
			if err != nil {
				return err
			}
			defer w.Close()
			db := w.DB()
			res, err := quality.Run(c.Context, db, quality.Options{LinkThreshold: lt, ReviewThreshold: rt, ToolVersion: version, Log: e.log})
			if err != nil {
				return err
			}
			sum, err := quality.ReadSummary(c.Context, db, res.RunID)
			if err == nil {
				err = w.Publish(c.Context)
			}
			if err != nil {
				return err
			}
			if c.Bool("json") {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(struct {
					*quality.Result
					*quality.Summary
				}{res, sum}); err != nil {
					return err
				}
			} else {
				printQuality(e.stdout, res, sum)
			}
			if res.Failed() {
				n := 0
				for _, f := range res.Findings {
					if f.Deanery == "ALL" && f.Level == "FAIL" {
						n++
					}
				}
				return findings("%d data-quality rule(s) crossed their fail threshold (quality run %d)", n, res.RunID)
			}
			return nil
		},
	}
}

func printQuality(w io.Writer, res *quality.Result, sum *quality.Summary) {
	fmt.Fprintf(w, "quality run %d: quarters %s to %s, deanery values from %s\n\n", res.RunID, res.FirstQuarter, res.LastQuarter, sourceWords(res.TraineeSource))
	l := res.Linkage
	fmt.Fprintf(w, "person linkage: %d trainees, %d ESR persons, %d pairs scored; links by assignment id %d, GMC and birth date %d, NI and birth date %d, probabilistic %d; %d held for review\n",
		l.Trainees, l.Persons, l.Candidates, l.Links["ASSIGNMENT_ID"], l.Links["GMC_DOB"], l.Links["NI_DOB"], l.Links["PROBABILISTIC"], l.Review)
	fmt.Fprintf(w, "%-4s %10s %8s %16s %16s\n", "DEAN", "POPULATION", "LINKS", "EST. FALSE LINKS", "EST. MISSED")
	for _, e := range sum.Estimates {
		fmt.Fprintf(w, "%-4s %10d %8d %16s %16s\n", e.Deanery, e.Population, e.Links, pct(e.FalseMatchRate), pct(e.MissedMatchRate))
	}
	fmt.Fprintf(w, "\nalignment, %s (previous quarter, same quarter a year earlier):\n", res.LastQuarter)
	fmt.Fprintf(w, "%-4s %-9s %10s %8s %8s %8s\n", "DEAN", "SCORE", "POPULATION", "NOW", "PREV Q", "YEAR AGO")
	for _, s := range sum.Scores {
		fmt.Fprintf(w, "%-4s %-9s %10d %8s %8s %8s\n", s.Deanery, s.Entity, s.Population, pct(s.Score), pct(s.PreviousQuarter), pct(s.YearEarlier))
	}
	fmt.Fprintf(w, "\ndata-quality rules:\n")
	for _, f := range res.Findings {
		if f.Deanery != "ALL" && f.Level == "OK" {
			continue
		}
		fmt.Fprintf(w, "%-4s %-4s %-31s %7d of %8d (%6.2f%%)  %s\n", f.Level, f.Deanery, f.Rule, f.Offending, f.Checked, f.Percent, ruleWords(f))
	}
}

func sourceWords(s string) string {
	if s == "MERGED" {
		return "the extracts merged with the updates applied (5.8)"
	}
	return "the extracts only (no merged view in this warehouse)"
}

func ruleWords(f quality.Finding) string {
	if f.Deanery != "ALL" {
		return ""
	}
	return f.Description
}

func pct(p *float64) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprintf("%.2f%%", *p*100)
}
