package main

import (
	dsql "deanery/sql"

	"github.com/urfave/cli/v2"
)

func schemaCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "schema",
		Usage: "print the warehouse schema document (Markdown)",
		Description: `Prints every table and view of the warehouse with the meaning of each
column, as docs/schema.md holds it. The text comes from the COMMENT ON
statements of the migrations embedded in this binary.

Example:
   deanery schema > schema.md`,
		Action: func(c *cli.Context) error {
			return dsql.Document(c.Context, e.stdout)
		},
	}
}
