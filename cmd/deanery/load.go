package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"deanery/ingest"
	dsql "deanery/sql"

	"github.com/urfave/cli/v2"
)

func loadCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "load",
		Usage:     "load configuration, deanery extracts and interface files into the warehouse",
		ArgsUsage: "PATH...",
		Description: `Reads every file under each PATH (files or folders, recursively), works
out what it is from its name and content, and loads it in one transaction:
   config/*.csv                                 reference configuration
   INTREPID_<DDD>_<ENTITY>_<YYYYQn>.csv          Intrepid extract
   EMPOWER_<DDD>_<ENTITY>_<YYYYQn>.txt           Empower extract
   DE_<DDD>_<TYPE>_<YYYYMMDD>_<NNNNNNNN>.DAT     ESR interface file
A bad record is kept in rejected_record with its reason and the rest of its
file loads; a file that fails a whole-file rule (header, trailer, count,
name) is rejected whole and recorded in source_file. Loading a file again
changes nothing (REPLAY); a file of the same name with other content is
refused (NAME_CONFLICT). A "truth" folder is never read.

Exits 0 when every file loaded or replayed, 1 when a file was rejected
whole, 2 when the load could not run (nothing was changed then).

Examples:
   deanery load world/
   deanery --db test.duckdb load config/ DE_OXF_APP_20110505_00000089.DAT`,
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return &exitError{code: exitUsage, err: fmt.Errorf("load needs at least one PATH (a file or a folder)")}
			}
			w, err := dsql.OpenWriter(c.Context, c.String("db"))
			if err != nil {
				return err
			}
			defer w.Close()
			db := w.DB()
			prog := newProgress(e.stderr, c.Bool("quiet"), "load")
			res, err := ingest.Load(c.Context, db, c.Args().Slice(), ingest.Options{
				Log:         e.log,
				ToolVersion: version,
				Progress: func(p ingest.Progress) {
					prog.update(p.FilesDone, p.FilesTotal, fmt.Sprintf("%d records, %s", p.Records, p.Current))
				},
			})
			prog.done()
			if err == nil {
				err = w.Publish(c.Context)
			}
			if err != nil {
				return err
			}
			if c.Bool("json") {
				err = writeLoadJSON(e.stdout, res)
			} else {
				err = writeLoadText(e.stdout, res)
			}
			if err != nil {
				return err
			}
			if n := countStatus(res, ingest.StatusRejected); n > 0 {
				return findings("%d file(s) rejected whole; see the list above and source_file", n)
			}
			return nil
		},
	}
}

func countStatus(res *ingest.Result, status string) int {
	n := 0
	for _, f := range res.Files {
		if f.Status == status {
			n++
		}
	}
	return n
}

func writeLoadJSON(w io.Writer, res *ingest.Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(res)
}

// writeLoadText prints, per file, what was loaded and what was rejected and
// why, then the totals per table.
func writeLoadText(w io.Writer, res *ingest.Result) error {
	fmt.Fprintf(w, "Load %d: %s\n", res.LoadID, plural(len(res.Files), "file"))
	if len(res.Files) > 0 {
		fmt.Fprintln(w)
	}
	// A whole world is thousands of files: past a screenful, list only the
	// files that need a look and count the clean ones.
	clean := 0
	for _, f := range res.Files {
		if len(res.Files) > maxListed && isClean(f) {
			clean++
			continue
		}
		fmt.Fprintf(w, "%-9s %s", f.Status, f.Name)
		switch f.Status {
		case ingest.StatusRejected:
			fmt.Fprintf(w, "\n          rejected whole: %s\n", f.Reason)
			continue
		case ingest.StatusReplay:
			fmt.Fprintf(w, "  (%s)\n", f.Reason)
			continue
		}
		fmt.Fprintf(w, "  %s", plural(f.Records-f.Rejected, "record"))
		if f.Rejected > 0 {
			fmt.Fprintf(w, ", %d rejected (%s)", f.Rejected, countsText(f.RejectsBy))
		}
		if f.Flags > 0 {
			fmt.Fprintf(w, ", %s flagged", plural(f.Flags, "value"))
		}
		fmt.Fprintln(w)
		for _, g := range f.Warnings {
			fmt.Fprintf(w, "          warning: %s\n", g)
		}
		if len(f.Gaps) > 0 {
			fmt.Fprintf(w, "          sequence gap: %s missing\n", intsText(f.Gaps))
		}
	}
	if clean > 0 {
		fmt.Fprintf(w, "LOADED    %s with no rejected record, warning or gap\n", plural(clean, "more file"))
	}
	if len(res.Skipped) > 0 {
		fmt.Fprintf(w, "\nSkipped %s that the loader does not read (not configuration, an extract or an interface file).\n", plural(len(res.Skipped), "file"))
	}
	names := make([]string, 0, len(res.Tables))
	for n, rows := range res.Tables {
		if rows > 0 { // a table touched only by files rejected whole got nothing
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		fmt.Fprintf(w, "\nNo rows written.\n")
		return nil
	}
	sort.Strings(names)
	fmt.Fprintf(w, "\nRows written per table:\n")
	for _, n := range names {
		fmt.Fprintf(w, "  %-20s %9d\n", n, res.Tables[n])
	}
	return nil
}

// maxListed is how many files a load lists one by one.
const maxListed = 40

func isClean(f ingest.FileResult) bool {
	return f.Status == ingest.StatusLoaded && f.Rejected == 0 && len(f.Warnings) == 0 && len(f.Gaps) == 0
}

// plural writes "1 file", "2 files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func countsText(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

func intsText(xs []int) string {
	if len(xs) > 6 {
		return fmt.Sprintf("%d numbers, %d to %d", len(xs), xs[0], xs[len(xs)-1])
	}
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ", ")
}
