package main

import (
	"fmt"

	"deanery/exchange"
	dsql "deanery/sql"

	"github.com/urfave/cli/v2"
)

func exchangeStatusCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "status",
		Usage: "per deanery and stream: last file and sequence, records sent, accepted, failed, quarantines, gaps, replays, backlog",
		Description: `Reads the warehouse only.

Example:
   deanery exchange status`,
		Action: func(c *cli.Context) error {
			db, err := dsql.Open(c.Context, c.String("db"), dsql.ReadOnly)
			if err != nil {
				return err
			}
			defer db.Close()
			rows, err := exchange.ReadStatus(c.Context, db)
			if err != nil {
				return err
			}
			if len(rows) == 0 {
				fmt.Fprintln(e.stdout, "no interface file in the warehouse")
				return nil
			}
			fmt.Fprintf(e.stdout, "%-4s %-4s %-36s %8s %8s %8s %8s %-30s %5s %5s %5s %7s\n",
				"DEAN", "TYPE", "LAST FILE", "FILES", "RECORDS", "ACCEPTED", "FAILED", "FAILED BY REASON", "QUAR", "GAPS", "REPL", "BACKLOG")
			for _, r := range rows {
				fmt.Fprintf(e.stdout, "%-4s %-4s %-36s %8d %8d %8d %8d %-30s %5d %5d %5d %7d\n",
					r.Deanery, r.Stream, r.LastFile, r.Files, r.Records, r.Accepted, r.Failed, r.FailedByReason,
					r.Quarantined, r.Gaps, r.Replays, r.Backlog)
			}
			return nil
		},
	}
}
