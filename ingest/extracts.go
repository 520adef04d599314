package ingest

import (
	"context"
	"os"
	"strconv"
	"strings"

	"deanery/ingest/codes"
	"deanery/ingest/extract"
)

// extractTables maps each extract entity to its warehouse table.
var extractTables = map[extract.Entity]string{
	extract.Trainee:   "trainee_version",
	extract.Post:      "post_version",
	extract.Placement: "placement_version",
}

func (st *loadState) describeExtract(in input, m *fileMeta) {
	fi, ok := extract.ParseName(in.base)
	if !ok {
		return
	}
	m.fileType = strings.ToUpper(string(fi.Entity))
	m.deanery, m.quarter = fi.Deanery, fi.Quarter
}

// extractSink is the sink of an entity: deanery_code, the canonical
// columns, then (posts) the derived npn_grade, then the source location.
func (st *loadState) extractSink(e extract.Entity) *sink {
	table := extractTables[e]
	if s, ok := st.sinks[table]; ok {
		return s
	}
	var cols, exprs []string
	if extract.ColumnIndex(e, "deanery_code") < 0 {
		cols, exprs = []string{"deanery_code"}, []string{""}
	}
	for _, c := range extract.Columns(e) {
		cols = append(cols, c.Name)
		if c.Kind == extract.List {
			exprs = append(exprs, "CASE WHEN {} IS NULL THEN []::VARCHAR[] ELSE string_split({}, ';') END")
		} else {
			exprs = append(exprs, "")
		}
	}
	if e == extract.Post {
		cols, exprs = append(cols, "npn_grade"), append(exprs, "")
	}
	cols = append(cols, "file_name", "line_number")
	exprs = append(exprs, "", "")
	return st.sink(table, cols, exprs)
}

func (st *loadState) loadExtract(ctx context.Context, in input, fr *FileResult, m *fileMeta) error {
	st.describeExtract(in, m)
	fi, _ := extract.ParseName(in.base)
	f, err := os.Open(in.path)
	if err != nil {
		return err
	}
	defer f.Close()
	rd := extract.NewReader(fi.Profile, fi.Entity, in.base, f)
	s := st.extractSink(fi.Entity)
	b := st.newBatch()
	rows := b.of(s)
	gradeCol := extract.ColumnIndex(fi.Entity, "approved_grade")
	hasDeanery := extract.ColumnIndex(fi.Entity, "deanery_code") >= 0
	for n := 0; rd.Next(); n++ {
		if n%256 == 0 && n > 0 {
			err := ctx.Err()
			if err == nil {
				err = b.spill(ctx)
			}
			if err != nil {
				b.release()
				return err
			}
		}
		fr.Records++
		if rej := rd.Reject(); rej != nil {
			st.addReject(b, in.base, rej.Line, m.fileType, rej.Field, rej.Code, rej.Message, rej.Raw)
			fr.Rejected++
			fr.RejectsBy[rej.Code]++
			continue
		}
		row := rd.Row()
		vals := make([]string, 0, len(row.Values)+4)
		if !hasDeanery {
			vals = append(vals, fi.Deanery)
		}
		vals = append(vals, row.Values...)
		if fi.Entity == extract.Post {
			part, _ := codes.DPNGradePart(row.Values[gradeCol])
			vals = append(vals, part)
		}
		vals = append(vals, in.base, strconv.Itoa(row.Line))
		rows.add(vals...)
		fr.ByTable[s.table]++
		for _, fl := range row.Flags {
			st.addFlag(b, in.base, strconv.Itoa(row.Line), m.fileType, fl.Field, fl.Code, fl.Message)
			fr.Flags++
		}
	}
	if err := rd.Err(); err != nil {
		return b.abandon(ctx, in.base, fr, err)
	}
	fr.Status = StatusLoaded
	b.commit()
	return nil
}
