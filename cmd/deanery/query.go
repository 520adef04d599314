package main

import (
	"errors"
	"fmt"
	"strings"

	"deanery/reports/tabular"
	dsql "deanery/sql"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/urfave/cli/v2"
)

func queryCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "query",
		Usage:     "run SQL on the warehouse, read-only",
		ArgsUsage: "SQL",
		Description: `Runs one SQL statement on the warehouse opened read-only, so it cannot
change anything. Queries run side by side, and while a load or an exchange
command writes: a writer works on a copy and renames it into place when it
succeeds, so a query sees the warehouse as it was when the query opened it.
Tables and views are described by "deanery schema" and docs/schema.md.

Examples:
   deanery query "SELECT deanery_code, count(*) AS trainees FROM trainee GROUP BY ALL ORDER BY 1"
   deanery query --format csv "SELECT * FROM rejected_record" > rejects.csv
   deanery --json query "SELECT * FROM source_file WHERE status = 'REJECTED'"`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "table", Usage: "output `FORMAT`: table, csv or json (--json implies json)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return &exitError{code: exitUsage, err: fmt.Errorf("query takes one SQL statement in quotes, got %d arguments", c.NArg())}
			}
			format := c.String("format")
			if c.Bool("json") {
				format = "json"
			}
			db, err := openWarehouse(c.Context, c.String("db"), dsql.ReadOnly)
			if err != nil {
				return err
			}
			defer db.Close()
			rows, err := db.QueryContext(c.Context, c.Args().First())
			if err != nil {
				if refusedReadOnly(err) {
					return fmt.Errorf("query: the warehouse is open read-only here, so a statement that would change it is refused; only deanery load writes it: %w", err)
				}
				return fmt.Errorf("query: %w", err)
			}
			defer rows.Close()
			t, err := tabular.FromRows(rows)
			if err != nil {
				return fmt.Errorf("query: %w", err)
			}
			return t.Write(e.stdout, format)
		},
	}
}

// refusedReadOnly reports whether DuckDB refused a statement because the
// database is attached read-only.
func refusedReadOnly(err error) bool {
	var de *duckdb.Error
	return errors.As(err, &de) && de.Type == duckdb.ErrorTypeInvalidInput && strings.Contains(de.Msg, "read-only mode")
}
