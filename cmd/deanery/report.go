package main

import (
	"fmt"
	"path/filepath"
	"strings"

	stdsql "database/sql"

	"deanery/reports"
	"deanery/reports/browser"
	dsql "deanery/sql"

	"github.com/urfave/cli/v2"
)

func reportCommand(e *env) *cli.Command {
	rate := &cli.Float64Flag{Name: "rate", Value: reports.DefaultRate, Usage: "saving per application in `POUNDS` (domain 9)"}
	out := &cli.StringFlag{Name: "out", Required: true, Usage: "write into `DIR` (created if missing)"}
	return &cli.Command{
		Name:  "report",
		Usage: "write the report pages: volume, savings, the quarterly report and the deanery dashboards",
		Description: `Every page is one HTML file that opens offline (the charting library is
inlined); every figure is read from the report views of the warehouse
(deanery schema: report_*). Reads the warehouse only.

Examples:
   deanery report quarterly --out out/reports --quarter 2012Q4 --pdf
   deanery report dashboards --out out/dashboards`,
		Subcommands: []*cli.Command{
			{
				Name:  "volume",
				Usage: "applicants created per deanery and quarter since 2010Q1, with transfers, manual hires, rejections and adoption",
				Description: `Writes volume.html and a CSV per table.

Example:
   deanery report volume --out out/reports`,
				Flags: []cli.Flag{out},
				Action: func(c *cli.Context) error {
					return writeReport(c, e, func(db *dsqlDB) (*reports.Written, error) {
						return reports.Volume(c.Context, db, c.String("out"), reports.Options{Log: e.log})
					})
				},
			},
			{
				Name:  "savings",
				Usage: "the savings estimate (domain 9) per year, deanery and trust beside the published £1,020",
				Description: `Writes savings.html and a CSV per table.

Example:
   deanery report savings --out out/reports --rate 2.44`,
				Flags: []cli.Flag{out, rate},
				Action: func(c *cli.Context) error {
					return writeReport(c, e, func(db *dsqlDB) (*reports.Written, error) {
						return reports.Savings(c.Context, db, c.String("out"), reports.Options{Rate: c.Float64("rate"), Log: e.log})
					})
				},
			},
			{
				Name:  "quarterly",
				Usage: "the quarterly report for the central team (all deaneries, no personal details)",
				Description: `Writes quarterly-<QUARTER>.html and a CSV per table; with --pdf also
quarterly-<QUARTER>.pdf, printed by headless Chromium.

Example:
   deanery report quarterly --quarter 2012Q4 --out out/reports --pdf`,
				Flags: []cli.Flag{out, rate,
					&cli.StringFlag{Name: "quarter", Usage: "`QUARTER` to report, YYYYQn (default: the latest quarter of the data)"},
					&cli.BoolFlag{Name: "pdf", Usage: "also print the report to PDF with headless Chromium"},
				},
				Action: func(c *cli.Context) error {
					return writeReport(c, e, func(db *dsqlDB) (*reports.Written, error) {
						w, err := reports.Quarterly(c.Context, db, c.String("out"), reports.Options{Quarter: c.String("quarter"), Rate: c.Float64("rate"), Log: e.log})
						if err != nil || !c.Bool("pdf") {
							return w, err
						}
						for _, h := range w.HTML {
							pdf := strings.TrimSuffix(h, filepath.Ext(h)) + ".pdf"
							if err := browser.PrintPDF(c.Context, h, pdf); err != nil {
								return w, fmt.Errorf("--pdf: %w", err)
							}
							w.HTML = append(w.HTML, pdf)
						}
						return w, nil
					})
				},
			},
			{
				Name:  "dashboards",
				Usage: "one offline dashboard per deanery, holding that deanery's data only",
				Description: `Writes dashboard-<deanery>.html per deanery.

Example:
   deanery report dashboards --out out/dashboards`,
				Flags: []cli.Flag{out, rate},
				Action: func(c *cli.Context) error {
					return writeReport(c, e, func(db *dsqlDB) (*reports.Written, error) {
						return reports.Dashboards(c.Context, db, c.String("out"), reports.Options{Rate: c.Float64("rate"), Log: e.log})
					})
				},
			},
		},
	}
}

// writeReport opens the warehouse read-only, runs fn and prints the paths.
func writeReport(c *cli.Context, e *env, fn func(db *dsqlDB) (*reports.Written, error)) error {
	db, err := openWarehouse(c.Context, c.String("db"), dsql.ReadOnly)
	if err != nil {
		return err
	}
	defer db.Close()
	w, err := fn(db)
	if err != nil {
		return err
	}
	for _, p := range w.HTML {
		fmt.Fprintln(e.stdout, p)
	}
	if !c.Bool("quiet") && len(w.CSV) > 0 {
		fmt.Fprintf(e.stdout, "%d CSV files in %s\n", len(w.CSV), filepath.Dir(w.CSV[0]))
	}
	return nil
}

type dsqlDB = stdsql.DB
