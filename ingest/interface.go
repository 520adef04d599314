package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"deanery/ingest/extract"
	"deanery/ingest/iface"
)

// recordTable is the warehouse table of a record type: app_record, ...
func recordTable(recordType string) string { return strings.ToLower(recordType) + "_record" }

// recordSink is the sink of one record type: file_name, line_number,
// ordinal, then the layout's fields after recordType, typed by SQL.
func (st *loadState) recordSink(l *iface.RecordLayout) *sink {
	table := recordTable(l.RecordType)
	if s, ok := st.sinks[table]; ok {
		return s
	}
	cols := []string{"file_name", "line_number", "ordinal"}
	exprs := []string{"", "", ""}
	for _, f := range l.Fields[1:] {
		cols = append(cols, f.Column())
		switch f.Type {
		case iface.D:
			exprs = append(exprs, "try_strptime({}, '%Y%m%d')::DATE")
		case iface.T:
			exprs = append(exprs, "try_strptime({}, '%Y%m%d%H%M%S')")
		default:
			exprs = append(exprs, "")
		}
	}
	return st.sink(table, cols, exprs)
}

// direction of each file type, as source_file records it.
func direction(fileType string) string {
	switch fileType {
	case "APP", "DNC", "DNF":
		return "TO_ESR"
	}
	return "FROM_ESR"
}

// describe fills what the name alone tells of a file.
func (st *loadState) describe(in input, m *fileMeta) {
	switch in.kind {
	case KindInterface:
		if n, err := iface.ParseName(in.base); err == nil {
			m.fileType, m.deanery, m.seq = n.Type, n.Deanery, n.Seq
			m.date = n.Date.Format("2006-01-02")
			m.direction = direction(n.Type)
		}
	case KindExtract:
		st.describeExtract(in, m)
	case KindConfig:
		m.fileType = strings.TrimSuffix(in.base, ".csv")
	}
}

// fileBatch is one file's rows for every table it touches. A small file's
// rows reach the warehouse only once the whole file has been read and
// accepted; a big one's are spilled as they fill a batch, and discarded by
// name if the file is rejected whole.
type fileBatch struct {
	st   *loadState
	rows map[string]*fileRows
	keep []string
}

func (st *loadState) newBatch() *fileBatch { return &fileBatch{st: st, rows: map[string]*fileRows{}} }

func (b *fileBatch) of(s *sink) *fileRows {
	fr, ok := b.rows[s.table]
	if !ok {
		fr = s.newFileRows()
		b.rows[s.table] = fr
		b.keep = append(b.keep, s.table)
	}
	return fr
}

func (b *fileBatch) commit() {
	for _, t := range b.keep {
		b.rows[t].commit()
	}
}

func (b *fileBatch) release() {
	for _, t := range b.keep {
		b.rows[t].release()
	}
}

// spill writes the rows of any table that holds a full batch of this file,
// so that a big file streams instead of waiting whole in memory.
func (b *fileBatch) spill(ctx context.Context) error {
	for _, t := range b.keep {
		if fr := b.rows[t]; fr.full() {
			if err := fr.spill(ctx, b.st.conn); err != nil {
				return err
			}
		}
	}
	return nil
}

// discard drops a file rejected whole: the rows still held, and those
// already spilled, found by the file's name. Nothing else can hold rows of
// that name: a name already loaded is a replay or a conflict and is never
// read, and a file rejected whole leaves no row.
func (b *fileBatch) discard(ctx context.Context, name string) error {
	b.release()
	for _, t := range b.keep {
		if !b.rows[t].spilled {
			continue
		}
		// t is a sink's table, one of the loader's fixed list; the name is a parameter.
		res, err := b.st.conn.ExecContext(ctx, "DELETE FROM "+t+" WHERE file_name = ?", name)
		if err != nil {
			return fmt.Errorf("undo the rows of %s in %s: %w", name, t, err)
		}
		if n, err := res.RowsAffected(); err == nil {
			b.rows[t].s.written -= n
		}
	}
	return nil
}

func (st *loadState) loadInterface(ctx context.Context, in input, fr *FileResult, m *fileMeta) error {
	st.describe(in, m)
	if _, err := iface.ParseName(in.base); err != nil {
		fr.rejectWhole(iface.CodeBadFileName, err.Error())
		return nil
	}
	f, err := os.Open(in.path)
	if err != nil {
		return err
	}
	defer f.Close()
	rd, err := iface.NewReader(in.base, f)
	if err != nil {
		return rejectOnFileError(fr, err)
	}
	h := rd.Header()
	m.createdAt = h.CreatedAt.Format("2006-01-02 15:04:05")
	m.version, m.mode = h.Version, h.Mode
	b := st.newBatch()
	if err := st.readRecords(ctx, rd, b, fr); err != nil {
		return b.abandon(ctx, in.base, fr, err)
	}
	fr.Status = StatusLoaded
	st.sequence(in.base, m, fr, b)
	st.fileWarnings(in.base, rd.Warnings(), fr, b)
	b.commit()
	return nil
}

// rejectOnFileError turns a reader's whole-file error into a rejection;
// any other error (I/O) is returned.
func rejectOnFileError(fr *FileResult, err error) error {
	if code, reason := wholeFileError(err); code != "" {
		fr.rejectWhole(code, reason)
		return nil
	}
	return err
}

// wholeFileError returns the code and reason of a reader's whole-file
// error, or "" for any other error.
func wholeFileError(err error) (code, reason string) {
	var fe *iface.FileError
	if errors.As(err, &fe) {
		return fe.Code, fe.Error()
	}
	var ee *extract.FileError
	if errors.As(err, &ee) {
		return ee.Code, ee.Error()
	}
	return "", ""
}

// abandon drops a file whose reading ended in err: a whole-file rejection
// discards what the file spilled and records the reason; any other error
// (I/O, the warehouse, a cancelled load) is returned and fails the load.
func (b *fileBatch) abandon(ctx context.Context, name string, fr *FileResult, err error) error {
	code, reason := wholeFileError(err)
	if code == "" {
		b.release()
		return err
	}
	if err := b.discard(ctx, name); err != nil {
		return err
	}
	fr.rejectWhole(code, reason)
	return nil
}

func (st *loadState) readRecords(ctx context.Context, rd *iface.Reader, b *fileBatch, fr *FileResult) error {
	name := rd.Name().String()
	for n := 0; ; n++ {
		if n%256 == 0 && n > 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := b.spill(ctx); err != nil {
				return err
			}
		}
		rec, err := rd.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		fr.Records++
		if rec.Reject != nil && !answeredByESR(rd.Name().Type, rec) {
			st.addReject(b, name, rec.Line, rec.Type, rec.Reject.Field, rec.Reject.Code, rec.Reject.Message, rec.Raw)
			fr.Rejected++
			fr.RejectsBy[rec.Reject.Code]++
			continue
		}
		st.addRecord(b, name, rec, fr)
	}
}

// answeredByESR reports whether a faulty record must still be kept as a
// record: an APP record with a missing mandatory field is what the deanery
// sent, and ESR answers it with an APC FAIL tied back by ordinal, so the
// record is stored (with a flag) for the answer to find.
func answeredByESR(fileType string, rec iface.Record) bool {
	return fileType == "APP" && rec.Layout() != nil && rec.Values != nil &&
		rec.Reject.Code == iface.CodeMandatoryMissing
}

func (st *loadState) addRecord(b *fileBatch, name string, rec iface.Record, fr *FileResult) {
	l := rec.Layout()
	s := st.recordSink(l)
	vals := make([]string, 0, len(l.Fields)+2)
	vals = append(vals, name, strconv.Itoa(rec.Line), strconv.Itoa(rec.Ordinal))
	vals = append(vals, rec.Values[1:]...)
	b.of(s).add(vals...)
	fr.ByTable[s.table]++
	if rec.Reject != nil {
		st.addFlag(b, name, strconv.Itoa(rec.Line), rec.Type, rec.Reject.Field, rec.Reject.Code, rec.Reject.Message)
		fr.Flags++
	}
	for _, f := range rec.Flags {
		st.addFlag(b, name, strconv.Itoa(rec.Line), rec.Type, f.Field, f.Code, f.Message)
		fr.Flags++
	}
}

func (st *loadState) addReject(b *fileBatch, file string, line int, recType, field, code, msg, raw string) {
	b.of(st.rejectSink()).add(file, strconv.Itoa(line), recType, field, code, msg, raw, st.id())
	if st.debug {
		// The message, never the raw text: messages show personal values
		// only masked.
		st.opt.Log.Debug("record rejected", "file", file, "line", line, "record_type", recType, "field", field, "code", code, "message", msg)
	}
}

func (st *loadState) addFlag(b *fileBatch, file, line, recType, field, code, msg string) {
	b.of(st.flagSink()).add(file, line, recType, field, code, msg, st.id())
	if st.debug {
		st.opt.Log.Debug("value flagged", "file", file, "line", line, "record_type", recType, "field", field, "code", code, "message", msg)
	}
}

// sequence applies the last two rules of 5.9 to a loaded file: a number
// above the last + 1 records each missing number as a gap; a number at or
// below the last is loaded and flagged OUT_OF_ORDER. Every stream numbers
// its files from 00000001 (5.9), so before its first file the last is 0: a
// stream whose first file is 00000003 has missed 1 and 2 (docs/decisions.md).
func (st *loadState) sequence(name string, m *fileMeta, fr *FileResult, b *fileBatch) {
	k := stream{m.deanery, m.fileType}
	last := st.lastSeq[k]
	switch {
	case m.seq > last+1:
		for missing := last + 1; missing < m.seq; missing++ {
			b.of(st.gapSink()).add(m.deanery, m.fileType, strconv.Itoa(missing), name, st.id())
			fr.Gaps = append(fr.Gaps, missing)
		}
	case m.seq <= last:
		fr.OutOfOrder = true
		msg := fmt.Sprintf("sequence %d is at or below %d, already loaded for %s %s", m.seq, last, m.deanery, m.fileType)
		st.addFlag(b, name, "", "", "", "OUT_OF_ORDER", msg)
		fr.Warnings = append(fr.Warnings, "OUT_OF_ORDER: "+msg)
	}
	st.lastSeq[k] = max(last, m.seq)
}

// fileWarnings records the reader's whole-file warnings (DPN_OVER_40) and
// the RMF rate warning of section 6: more than 3 RMF per deanery in 7 days.
func (st *loadState) fileWarnings(name string, ws []iface.Warning, fr *FileResult, b *fileBatch) {
	for _, w := range ws {
		st.addFlag(b, name, "", "", "", w.Code, w.Message)
		fr.Warnings = append(fr.Warnings, w.Code+": "+w.Message)
	}
	n, err := iface.ParseName(name)
	if err != nil || n.Type != "RMF" {
		return
	}
	date := n.Date.Format("20060102")
	week := n.Date.AddDate(0, 0, -6).Format("20060102")
	count := 1
	for _, d := range st.rmfDates[n.Deanery] {
		if d >= week && d <= date {
			count++
		}
	}
	st.rmfDates[n.Deanery] = append(st.rmfDates[n.Deanery], date)
	if count > 3 {
		msg := fmt.Sprintf("%d RMF files for %s in the 7 days to %s; ESR sends at most 3 full files a week", count, n.Deanery, n.Date.Format("2006-01-02"))
		st.addFlag(b, name, "", "", "", "RMF_OVER_3", msg)
		fr.Warnings = append(fr.Warnings, "RMF_OVER_3: "+msg)
	}
}
