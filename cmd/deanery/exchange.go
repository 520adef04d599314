package main

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"deanery/exchange"
	dsql "deanery/sql"

	"github.com/urfave/cli/v2"
)

func exchangeCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "exchange",
		Usage: "run the recruitment and update interfaces: build what the deanery sends, apply what ESR sends",
		Description: `The hub between each deanery system and ESR (domain section 5), on real
files and the warehouse alone: "recruitment" builds a run date's APP and
DNC/DNF files, "apply" takes ESR's APC, DCC, RMC/RMF and STF files, "run"
replays a world's delivered history and compares the files, "status"
summarises every stream.`,
		Subcommands: []*cli.Command{
			exchangeRecruitmentCommand(e),
			exchangeApplyCommand(e),
			exchangeRunCommand(e),
			exchangeStatusCommand(e),
		},
	}
}

func parseDay(flag, s string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, &exitError{code: exitUsage, err: fmt.Errorf("--%s: want YYYY-MM-DD, got %q", flag, s)}
	}
	return d, nil
}

func exchangeRecruitmentCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "recruitment",
		Usage: "build a run date's APP and DNC/DNF files for each live deanery",
		Description: `Builds, from the warehouse as of DATE 17:00, each live deanery's APP file
(eligible placements fanned out over reconciled positions, re-sends, in
file order) and its DNC notifications, or the DNF on its go-live day, with
the next sequence numbers. Quarantines of earlier APP files are inferred
first. Before sending it reports what ESR is expected to refuse and any DPN
over 40 records. Every record is kept against its placement and position
(app_send, notification_send) and the files are loaded as sent.

Example:
   deanery exchange recruitment --date 2011-05-05 --deanery OXF --out outbox`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "date", Required: true, Usage: "run `DATE` (YYYY-MM-DD, a working day)"},
			&cli.StringFlag{Name: "deanery", Usage: "only this deanery `CODE`"},
			&cli.StringFlag{Name: "out", Required: true, Usage: "folder `DIR` for the files written"},
		},
		Action: func(c *cli.Context) error {
			d, err := parseDay("date", c.String("date"))
			if err != nil {
				return err
			}
			w, err := dsql.OpenWriter(c.Context, c.String("db"))
			if err != nil {
				return err
			}
			defer w.Close()
			db := w.DB()
			res, err := exchange.BuildRecruitment(c.Context, db, d, exchange.Options{
				Deanery: strings.ToUpper(c.String("deanery")), OutDir: c.String("out")})
			if err == nil {
				err = w.Publish(c.Context)
			}
			if err != nil {
				return err
			}
			printDay(e, res)
			return nil
		},
	}
}

func printDay(e *env, res *exchange.DayResult) {
	if len(res.Deaneries) == 0 {
		fmt.Fprintf(e.stdout, "%s: no deanery to run\n", res.Date.Format(time.DateOnly))
		return
	}
	for _, dr := range res.Deaneries {
		var parts []string
		if dr.APP != nil {
			parts = append(parts, fmt.Sprintf("%s (%d records)", dr.APP.Name, dr.APP.Records))
		}
		if dr.Notifications != nil {
			parts = append(parts, fmt.Sprintf("%s (%d records)", dr.Notifications.Name, dr.Notifications.Records))
		}
		if len(parts) == 0 {
			parts = append(parts, "nothing to send")
		}
		fmt.Fprintf(e.stdout, "%s %s: %s\n", res.Date.Format(time.DateOnly), dr.Deanery, strings.Join(parts, ", "))
		for _, q := range dr.Quarantined {
			fmt.Fprintf(e.stdout, "  quarantined: %s got no APC; its records are re-sent, at most 40 per DPN\n", q)
		}
		if dr.Deferred > 0 {
			fmt.Fprintf(e.stdout, "  deferred: %d records over 40 for one DPN wait for the next run\n", dr.Deferred)
		}
		for _, x := range dr.Expected {
			if x.Ordinal == 0 {
				fmt.Fprintf(e.stdout, "  expected quarantine: %s %s: %s\n", x.File, x.DPN, x.Message)
				continue
			}
			fmt.Fprintf(e.stdout, "  expected refusal: %s:%d placement %s position %d: %s: %s\n",
				x.File, x.Ordinal, x.PlacementID, x.PositionID, x.Reason, x.Message)
		}
	}
}

func exchangeApplyCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "apply",
		Usage:     "take ESR's files (APC, DCC, RMC/RMF, STF) into the warehouse and apply them",
		ArgsUsage: "FILE|DIR...",
		Description: `Loads what ESR sent through the loader (replays, name conflicts,
out-of-order numbers and gaps follow 5.9), then applies it: APC answers tie
back to the APP records by file and ordinal, position records update the
deanery's view of positions, person records resolve to trainees and
propagate field by field in ESR's timestamp order (5.8); a record for an
unknown person is rejected UNKNOWN_PERSON and kept.

Example:
   deanery exchange apply inbox/DE_OXF_APC_20110505_00000089.DAT inbox/DE_OXF_RMC_20110506_00000311.DAT`,
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return &exitError{code: exitUsage, err: fmt.Errorf("apply takes the files (or folders) ESR sent")}
			}
			w, err := dsql.OpenWriter(c.Context, c.String("db"))
			if err != nil {
				return err
			}
			defer w.Close()
			db := w.DB()
			res, err := exchange.Apply(c.Context, db, c.Args().Slice(), exchange.ApplyOptions{})
			if err == nil {
				err = w.Publish(c.Context)
			}
			if err != nil {
				return err
			}
			rejected := 0
			for _, f := range res.Files {
				line := fmt.Sprintf("%s: %s", f.Name, f.Status)
				if f.ReasonCode != "" {
					line += " " + f.ReasonCode
					rejected++
				}
				if len(f.Gaps) > 0 {
					line += fmt.Sprintf(", gap before it: %v", f.Gaps)
				}
				if f.OutOfOrder {
					line += ", out of order"
				}
				fmt.Fprintln(e.stdout, line)
			}
			p := res.Persons
			if p.Records > 0 {
				fmt.Fprintf(e.stdout, "person records: %d, applied %d, fields propagated %d, links made %d", p.Records, p.Applied, p.FieldsPropagated, p.LinksMade)
				var keys []string
				for k := range p.Rejected {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					fmt.Fprintf(e.stdout, ", rejected %s %d", k, p.Rejected[k])
				}
				fmt.Fprintln(e.stdout)
			}
			if rejected > 0 {
				return findings("%d file(s) rejected whole", rejected)
			}
			return nil
		},
	}
}

func exchangeRunCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "run",
		Usage: "replay a world's whole history through the hub and compare the hub's files with the world's",
		Description: `Loads the world's configuration, deanery extracts and every ESR file it
delivered (RMC/RMF, APC, DCC, STF) in one load, then builds every run
date's APP and DNC/DNF files at once: the day-by-day order of 5.1,
computed set-based in a few passes that settle what depends on ESR's
answers to the hub's own sends (re-sends, the cap of 40 per DPN, loads,
person updates). The hub reads each ESR file as of its header time, so
loading early changes nothing it sees. The files are written under
--out/<YYYY>/<YYYYMMDD>/, loaded as sent, and compared record for record
with those the world delivered under DIR/exchange/<YYYY>/<YYYYMMDD>/.
The passes are printed (and kept in exchange_pass); every difference is
printed (file, record, field, both values) and kept in
exchange_difference; any difference exits 1. The world's truth folder is
never read, and the world's deanery files decide nothing. Use a fresh
warehouse.

Example:
   deanery --db replay.duckdb exchange run --world world --through 2011-06-30 --out hub`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "world", Required: true, Usage: "world folder `DIR`"},
			&cli.StringFlag{Name: "through", Usage: "last `DATE` played (default: the last delivered day)"},
			&cli.StringFlag{Name: "out", Value: "exchange-out", Usage: "folder `DIR` for the hub's files"},
			&cli.IntFlag{Name: "show", Value: 50, Usage: "print at most `N` differences (all are kept)"},
			&cli.BoolFlag{Name: "profile", Usage: "print the time of each phase and of each SQL step"},
			&cli.IntFlag{Name: "max-passes", Value: exchange.DefaultMaxPasses, Usage: "fail when the send set has not settled after `N` passes"},
		},
		Action: func(c *cli.Context) error {
			opt := exchange.ReplayOptions{OutDir: c.String("out"), MaxPasses: c.Int("max-passes"), Log: e.log}
			if s := c.String("through"); s != "" {
				d, err := parseDay("through", s)
				if err != nil {
					return err
				}
				opt.Through = d
			}
			w, err := dsql.OpenWriter(c.Context, c.String("db"))
			if err != nil {
				return err
			}
			defer w.Close()
			db := w.DB()
			prog := newProgress(e.stderr, c.Bool("quiet"), "exchange run")
			prog.update(0, 0, "loading the world's files, then building every run")
			res, err := exchange.Replay(c.Context, db, c.String("world"), opt)
			prog.done()
			if err == nil {
				err = w.Publish(c.Context)
			}
			if res != nil && len(res.Passes) > 0 {
				printPasses(e, res.Passes)
			}
			if err != nil {
				return err
			}
			for i, d := range res.Differences {
				if i >= c.Int("show") {
					break
				}
				fmt.Fprintf(e.stdout, "%s %s\n", d.Date.Format(time.DateOnly), d)
			}
			if c.Bool("profile") {
				printProfile(e, res)
			}
			fmt.Fprintf(e.stdout, "%d days played (%d deanery runs) in %d passes, %d files built, %d agreeing with the world's, %d differences\n",
				res.Days, res.Runs, len(res.Passes), res.FilesBuilt, res.FilesAgreed, len(res.Differences))
			if len(res.Differences) > 0 {
				return findings("%d differences from the world's files (see exchange_difference)", len(res.Differences))
			}
			return nil
		},
	}
}

// printPasses shows the passes of the set-based replay's fixed point.
func printPasses(e *env, ps []exchange.Pass) {
	fmt.Fprintln(e.stdout, "pass  sends  changed  first change  time")
	for _, p := range ps {
		first := "-"
		if !p.FirstChange.IsZero() {
			first = p.FirstChange.Format(time.DateOnly)
		}
		fmt.Fprintf(e.stdout, "%4d %6d %8d  %-12s  %.1fs\n", p.N, p.Sends, p.Changed, first, p.Time.Seconds())
	}
}

// printProfile shows where a replay's time went.
func printProfile(e *env, res *exchange.ReplayResult) {
	fmt.Fprintf(e.stdout, "load the world's files: %.1fs (%d files)\nbuild: %.1fs\ncompare: %.1fs\nload the hub's files: %.1fs\n",
		res.LoadTime.Seconds(), res.FilesLoaded, res.BuildTime.Seconds(), res.CompareTime.Seconds(), res.SentTime.Seconds())
	steps := append([]exchange.StepTime(nil), res.Steps...)
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].Time > steps[j].Time })
	for _, s := range steps {
		if s.Time < 10*time.Millisecond {
			break
		}
		fmt.Fprintf(e.stdout, "  %-55s %7.2fs\n", s.Step, s.Time.Seconds())
	}
}
