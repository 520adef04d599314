package main

import (
	"fmt"
	"strings"

	"deanery/reports/export"
	dsql "deanery/sql"

	"github.com/urfave/cli/v2"
)

func exportCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "export",
		Usage: "write the warehouse out for analysts",
		Subcommands: []*cli.Command{{
			Name:  "parquet",
			Usage: "every table and report view as Parquet, hive-partitioned by deanery and quarter where those columns exist",
			Description: `Writes DIR/<table>.parquet, or DIR/<table>/deanery_code=XXX/quarter=YYYYQn/*.parquet
for a relation with those columns. Reads the warehouse only.

Example:
   deanery export parquet --out out/parquet
   duckdb -c "SELECT count(*) FROM read_parquet('out/parquet/apc_record.parquet')"`,
			Flags: []cli.Flag{&cli.StringFlag{Name: "out", Required: true, Usage: "write into `DIR`"}},
			Action: func(c *cli.Context) error {
				db, err := openWarehouse(c.Context, c.String("db"), dsql.ReadOnly)
				if err != nil {
					return err
				}
				defer db.Close()
				ws, err := export.Parquet(c.Context, db, c.String("out"))
				if err != nil {
					return err
				}
				if !c.Bool("quiet") {
					for _, w := range ws {
						fmt.Fprintf(e.stdout, "%-30s %-5s %9d rows  %s %s\n", w.Name, w.Kind, w.Rows, w.Path, strings.Join(w.PartitionBy, ","))
					}
				}
				return nil
			},
		}},
	}
}
