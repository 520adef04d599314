package sim

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// Truth tables are written as Parquet (typed columns) or CSV (text, a
// header row), domain 10.1. Either way a value has one canonical text,
// the CSV field: readers of either format (ReadTruth, TruthViews) hand
// out that text, so the two formats are interchangeable to every reader.

// colKind is the type of a truth column in Parquet.
type colKind uint8

const (
	kindText colKind = iota
	kindInt
	kindDate
	kindTimestamp
	kindBool
	kindDec2 // two decimals (money)
	kindDec4 // four decimals (scores, organisation-years)
)

// truthKinds gives the type of every column that is not text, by name:
// a column keeps one type in every table.
var truthKinds = map[string]colKind{
	"human_id": kindInt, "fault_id": kindInt, "line_number": kindInt, "sequence": kindInt, "record_count": kindInt,
	"notice_days": kindInt, "app_ordinal": kindInt, "applications": kindInt, "count": kindInt, "records_for_dpn": kindInt,
	"placements_measured": kindInt, "compliant": kindInt, "not_sent": kindInt, "records_received": kindInt,
	"fields_propagated": kindInt, "rejected_unknown_person": kindInt, "replays": kindInt, "gaps": kindInt,
	"applicants_created": kindInt, "internal_transfers": kindInt, "app_records": kindInt, "app_failed": kindInt,
	"manual_hires": kindInt, "pairs": kindInt, "compared": kindInt, "agree": kindInt, "one_null": kindInt,
	"population": kindInt, "year": kindInt,
	"dob": kindDate, "created_date": kindDate, "live_from": kindDate, "live_to": kindDate, "start_date": kindDate,
	"end_date": kindDate, "first_app_date": kindDate, "file_date": kindDate, "hire_date": kindDate, "deleted_date": kindDate,
	"created_at": kindTimestamp, "approved_at": kindTimestamp, "withdrawn_at": kindTimestamp, "effective_at": kindTimestamp,
	"notice_compliant": kindBool, "delivered": kindBool, "quarantined": kindBool, "iat_used": kindBool,
	"score": kindDec4, "link_coverage": kindDec4, "organisation_years": kindDec4,
	"rate_gbp": kindDec2, "saving_gbp": kindDec2, "per_org_year_gbp": kindDec2,
}

func arrowType(k colKind) arrow.DataType {
	switch k {
	case kindInt:
		return arrow.PrimitiveTypes.Int64
	case kindDate:
		return arrow.FixedWidthTypes.Date32
	case kindTimestamp:
		// Parquet has no seconds: milliseconds, always whole seconds.
		return &arrow.TimestampType{Unit: arrow.Millisecond}
	case kindBool:
		return arrow.FixedWidthTypes.Boolean
	case kindDec2:
		return &arrow.Decimal128Type{Precision: 18, Scale: 2}
	case kindDec4:
		return &arrow.Decimal128Type{Precision: 18, Scale: 4}
	}
	return arrow.BinaryTypes.String
}

// truthFile is the path of a table in a format.
func truthFile(dir, table string, f TruthFormat) string {
	return filepath.Join(dir, table+"."+string(f))
}

// TruthFormatOf reports the format a truth folder holds a table in:
// Parquet when its .parquet file exists, else CSV when its .csv does.
func TruthFormatOf(dir, table string) (TruthFormat, error) {
	for _, f := range []TruthFormat{TruthParquet, TruthCSV} {
		if _, err := os.Stat(truthFile(dir, table, f)); err == nil {
			return f, nil
		}
	}
	return "", fmt.Errorf("truth table %s: %w (no %s.parquet or %s.csv in %s)", table, os.ErrNotExist, table, table, dir)
}

// tableWriter takes the rows of one truth table as canonical text.
type tableWriter interface {
	row(v ...string) error
	close() error
}

func newTableWriter(dir, table string, f TruthFormat) (tableWriter, error) {
	cols, ok := truthHeaders[table]
	if !ok {
		return nil, fmt.Errorf("truth: no table %s", table)
	}
	if f == TruthParquet {
		return newParquetWriter(truthFile(dir, table, f), cols)
	}
	return newCSVWriter(truthFile(dir, table, f), cols)
}

// csvTruthWriter writes a table as CSV with a header row.
type csvTruthWriter struct {
	f  *os.File
	bw *bufio.Writer
	cw *csv.Writer
}

func newCSVWriter(path string, cols []string) (*csvTruthWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("truth: %w", err)
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	t := &csvTruthWriter{f: f, bw: bw, cw: csv.NewWriter(bw)}
	return t, t.row(cols...)
}

func (t *csvTruthWriter) row(v ...string) error { return t.cw.Write(v) }

func (t *csvTruthWriter) close() error {
	t.cw.Flush()
	if err := t.cw.Error(); err != nil {
		t.f.Close()
		return fmt.Errorf("truth: %w", err)
	}
	if err := t.bw.Flush(); err != nil {
		t.f.Close()
		return fmt.Errorf("truth: %w", err)
	}
	return t.f.Close()
}

// parquetBatch is how many rows make one row group.
const parquetBatch = 128 << 10

// parquetTruthWriter writes a table as Parquet: one row group per
// parquetBatch rows, Snappy pages, no timestamps in the metadata, so the
// same rows give the same bytes. An empty text is written as null, as a
// CSV reader reads an empty field.
type parquetTruthWriter struct {
	path  string
	f     *os.File
	bw    *bufio.Writer
	fw    *pqarrow.FileWriter
	rb    *array.RecordBuilder
	cols  []string
	kinds []colKind
	n     int
	line  int
}

func truthSchema(cols []string) (*arrow.Schema, []colKind) {
	fields := make([]arrow.Field, len(cols))
	kinds := make([]colKind, len(cols))
	for i, c := range cols {
		kinds[i] = truthKinds[c]
		fields[i] = arrow.Field{Name: c, Type: arrowType(kinds[i]), Nullable: true}
	}
	return arrow.NewSchema(fields, nil), kinds
}

func newParquetWriter(path string, cols []string) (*parquetTruthWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("truth: %w", err)
	}
	schema, kinds := truthSchema(cols)
	bw := bufio.NewWriterSize(f, 256<<10)
	// A column chunk whose dictionary outgrows its limit falls back to
	// plain pages, and the writer then lists the chunk's two page encodings
	// in the footer in map order, so the bytes would vary from run to run:
	// the limit is set above anything a row group can hold.
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy),
		parquet.WithCreatedBy("deanery world generate"), parquet.WithMaxRowGroupLength(parquetBatch),
		parquet.WithDictionaryDefault(true), parquet.WithDictionaryPageSizeLimit(1<<40))
	fw, err := pqarrow.NewFileWriter(schema, bw, props, pqarrow.NewArrowWriterProperties())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("truth %s: %w", filepath.Base(path), err)
	}
	return &parquetTruthWriter{path: path, f: f, bw: bw, fw: fw, rb: array.NewRecordBuilder(memory.DefaultAllocator, schema),
		cols: cols, kinds: kinds, line: 1}, nil
}

func (t *parquetTruthWriter) row(v ...string) error {
	t.line++
	if len(v) != len(t.cols) {
		return fmt.Errorf("%s:%d: %d values for %d columns", filepath.Base(t.path), t.line, len(v), len(t.cols))
	}
	for i, s := range v {
		if err := appendValue(t.rb.Field(i), t.kinds[i], s); err != nil {
			return fmt.Errorf("%s:%d: %s: %w", filepath.Base(t.path), t.line, t.cols[i], err)
		}
	}
	if t.n++; t.n == parquetBatch {
		return t.flush()
	}
	return nil
}

func (t *parquetTruthWriter) flush() error {
	if t.n == 0 {
		return nil
	}
	rec := t.rb.NewRecordBatch()
	defer rec.Release()
	t.n = 0
	if err := t.fw.Write(rec); err != nil {
		return fmt.Errorf("truth %s: %w", filepath.Base(t.path), err)
	}
	return nil
}

func (t *parquetTruthWriter) close() error {
	err := t.flush()
	t.rb.Release()
	if cerr := t.fw.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("truth %s: %w", filepath.Base(t.path), cerr)
	}
	if ferr := t.bw.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("truth %s: %w", filepath.Base(t.path), ferr)
	}
	if cerr := t.f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("truth %s: %w", filepath.Base(t.path), cerr)
	}
	return err
}

// appendValue parses the canonical text s of a column of kind k into b.
func appendValue(b array.Builder, k colKind, s string) error {
	if s == "" {
		b.AppendNull()
		return nil
	}
	switch k {
	case kindInt:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("%q: want an integer", s)
		}
		b.(*array.Int64Builder).Append(n)
	case kindDate:
		d, err := ParseDate(s)
		if err != nil {
			return err
		}
		b.(*array.Date32Builder).Append(arrow.Date32(d))
	case kindTimestamp:
		ts, err := parseTS(s)
		if err != nil {
			return fmt.Errorf("%q: want YYYY-MM-DD HH:MM:SS", s)
		}
		b.(*array.TimestampBuilder).Append(arrow.Timestamp(ts) * 1000)
	case kindBool:
		switch s {
		case "true":
			b.(*array.BooleanBuilder).Append(true)
		case "false":
			b.(*array.BooleanBuilder).Append(false)
		default:
			return fmt.Errorf("%q: want true or false", s)
		}
	case kindDec2, kindDec4:
		scale := 2
		if k == kindDec4 {
			scale = 4
		}
		n, err := parseFixed(s, scale)
		if err != nil {
			return err
		}
		b.(*array.Decimal128Builder).Append(decimal128.FromI64(n))
	default:
		b.(*array.StringBuilder).Append(s)
	}
	return nil
}

// parseFixed reads a decimal with exactly scale digits after the point
// (the canonical text) as an integer of that many hundredths or
// ten-thousandths.
func parseFixed(s string, scale int) (int64, error) {
	i := strings.IndexByte(s, '.')
	if i < 0 || len(s)-i-1 != scale {
		return 0, fmt.Errorf("%q: want %d decimals", s, scale)
	}
	n, err := strconv.ParseInt(s[:i]+s[i+1:], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q: want a decimal", s)
	}
	return n, nil
}

func formatFixed(n *big.Int, scale int) string {
	neg := n.Sign() < 0
	s := new(big.Int).Abs(n).String()
	for len(s) <= scale {
		s = "0" + s
	}
	s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	if neg {
		s = "-" + s
	}
	return s
}

// ReadTruth streams a truth table of the world's truth folder dir,
// Parquet or CSV, handing each row's values as their canonical text (the
// CSV field; "" for null) in the order of cols, which fn must not keep.
func ReadTruth(ctx context.Context, dir, table string, fn func(cols, row []string) error) error {
	f, err := TruthFormatOf(dir, table)
	if err != nil {
		return err
	}
	if f == TruthParquet {
		return readParquetTruth(ctx, truthFile(dir, table, f), fn)
	}
	return readCSVTruth(truthFile(dir, table, f), fn)
}

// ReadTruthMaps reads a whole truth table as maps by column name.
func ReadTruthMaps(ctx context.Context, dir, table string) ([]map[string]string, error) {
	var out []map[string]string
	err := ReadTruth(ctx, dir, table, func(cols, row []string) error {
		m := make(map[string]string, len(cols))
		for i, c := range cols {
			m[c] = row[i]
		}
		out = append(out, m)
		return nil
	})
	return out, err
}

func readCSVTruth(path string, fn func(cols, row []string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("truth: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(bufio.NewReaderSize(f, 256<<10))
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return fmt.Errorf("truth %s: %w", filepath.Base(path), err)
	}
	head = slices.Clone(head)
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("truth %s:%d: %w", filepath.Base(path), line, err)
		}
		if err := fn(head, rec); err != nil {
			return fmt.Errorf("truth %s:%d: %w", filepath.Base(path), line, err)
		}
	}
}

func readParquetTruth(ctx context.Context, path string, fn func(cols, row []string) error) error {
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return fmt.Errorf("truth %s: %w", filepath.Base(path), err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: parquetBatch}, memory.DefaultAllocator)
	if err != nil {
		return fmt.Errorf("truth %s: %w", filepath.Base(path), err)
	}
	schema, err := fr.Schema()
	if err != nil {
		return fmt.Errorf("truth %s: %w", filepath.Base(path), err)
	}
	cols := make([]string, schema.NumFields())
	for i, fd := range schema.Fields() {
		cols[i] = fd.Name
	}
	row := make([]string, len(cols))
	all := make([]int, len(cols))
	for i := range all {
		all[i] = i
	}
	line := 1
	for g := 0; g < pf.NumRowGroups(); g++ {
		tbl, err := fr.RowGroup(g).ReadTable(ctx, all)
		if err != nil {
			return fmt.Errorf("truth %s: row group %d: %w", filepath.Base(path), g, err)
		}
		tr := array.NewTableReader(tbl, parquetBatch)
		for tr.Next() {
			rec := tr.RecordBatch()
			fmts := make([]func(int) string, rec.NumCols())
			for c := range fmts {
				fmts[c] = textOf(rec.Column(c))
			}
			for r := 0; r < int(rec.NumRows()); r++ {
				line++
				for c := range row {
					row[c] = fmts[c](r)
				}
				if err := fn(cols, row); err != nil {
					tr.Release()
					tbl.Release()
					return fmt.Errorf("truth %s:%d: %w", filepath.Base(path), line, err)
				}
			}
		}
		err = tr.Err()
		tr.Release()
		tbl.Release()
		if err != nil {
			return fmt.Errorf("truth %s: %w", filepath.Base(path), err)
		}
	}
	return nil
}

// textOf returns the canonical text of each value of a column.
func textOf(a arrow.Array) func(int) string {
	null := func(i int) bool { return a.IsNull(i) }
	switch c := a.(type) {
	case *array.String:
		return func(i int) string { return c.Value(i) }
	case *array.Int64:
		return func(i int) string {
			if null(i) {
				return ""
			}
			return strconv.FormatInt(c.Value(i), 10)
		}
	case *array.Date32:
		return func(i int) string {
			if null(i) {
				return ""
			}
			return Date(c.Value(i)).String()
		}
	case *array.Timestamp:
		return func(i int) string {
			if null(i) {
				return ""
			}
			return Timestamp(c.Value(i) / 1000).String()
		}
	case *array.Boolean:
		return func(i int) string {
			if null(i) {
				return ""
			}
			return strconv.FormatBool(c.Value(i))
		}
	case *array.Decimal128:
		scale := int(c.DataType().(*arrow.Decimal128Type).Scale)
		return func(i int) string {
			if null(i) {
				return ""
			}
			return formatFixed(c.Value(i).BigInt(), scale)
		}
	}
	return func(i int) string {
		if null(i) {
			return ""
		}
		return a.ValueStr(i)
	}
}

// TruthViews returns the statements that make, in a DuckDB session, one
// temporary view truth_<table> per truth table of dir whose columns are
// the canonical text of the values (VARCHAR, null for an empty field),
// whichever format the world wrote: SQL that checks a warehouse against
// the truth reads these views.
func TruthViews(dir string) ([]string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("truth: %w", err)
	}
	var out []string
	for _, table := range TruthTableNames() {
		f, err := TruthFormatOf(abs, table)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		path := sqlString(truthFile(abs, table, f))
		var src string
		if f == TruthCSV {
			src = "SELECT * FROM read_csv(" + path + ", all_varchar = true, header = true, delim = ',', quote = '\"', escape = '\"')"
		} else {
			var cols []string
			for _, c := range truthHeaders[table] {
				cols = append(cols, fmt.Sprintf("CAST(%s AS VARCHAR) AS %s", c, c))
			}
			src = "SELECT " + strings.Join(cols, ", ") + " FROM read_parquet(" + path + ")"
		}
		out = append(out, "CREATE OR REPLACE TEMP VIEW truth_"+table+" AS "+src)
	}
	return out, nil
}

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// TruthTableNames lists every truth table of domain 10.5 the world writes,
// by name.
func TruthTableNames() []string { return slices.Sorted(maps.Keys(truthHeaders)) }

// TruthColumns returns the columns of a truth table, in order.
func TruthColumns(table string) []string { return slices.Clone(truthHeaders[table]) }
