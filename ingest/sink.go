package ingest

import (
	"context"
	stdsql "database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/duckdb/duckdb-go/v2"
)

// batchRows is the number of rows a table collects before it is written:
// DuckDB's own row-group size, so that each INSERT fills whole row groups.
const batchRows = 122880

// sink collects rows for one warehouse table as Arrow record batches of
// text columns and writes them with one INSERT … SELECT per batch; DuckDB
// casts the text to each column's type, set-based. Rows of a file reach the
// sink once the whole file has been accepted, or a batch at a time while a
// big file is read (see fileRows).
type sink struct {
	table   string
	columns []string // target columns, in the order rows carry them
	exprs   []string // select expression per column over the text column
	schema  *arrow.Schema
	pending []arrow.RecordBatch
	rows    int
	written int64
	// small gathers the rows of small files into shared builders, so that
	// thousands of daily files of a few records make a few row-group-sized
	// batches instead of thousands of tiny ones, which DuckDB's Arrow scan
	// handles slowly and with much memory.
	small     []*array.StringBuilder
	smallRows int
}

// smallFile is the row count below which a file's rows are copied into the
// sink's shared batch rather than handed over as batches of their own.
const smallFile = 8192

// newSink makes a sink; exprs may be nil (each column as is) or hold, per
// column, an SQL expression over {} (the text value), e.g. strptime(c, '%Y%m%d').
func newSink(table string, columns, exprs []string) *sink {
	fields := make([]arrow.Field, len(columns))
	for i, c := range columns {
		fields[i] = arrow.Field{Name: c, Type: arrow.BinaryTypes.String, Nullable: true}
	}
	if exprs == nil {
		exprs = make([]string, len(columns))
	}
	for i, e := range exprs {
		col := `"` + columns[i] + `"`
		if e == "" {
			exprs[i] = col
		} else {
			exprs[i] = strings.ReplaceAll(e, "{}", col)
		}
	}
	return &sink{table: table, columns: columns, exprs: exprs, schema: arrow.NewSchema(fields, nil)}
}

// fileRows gathers one file's rows for a sink; commit hands them over.
// A big file's rows do not wait for its end: spill writes them batch by
// batch, so that a file larger than memory streams through, and the loader
// deletes what was spilled if the file is then rejected whole.
type fileRows struct {
	s        *sink
	builders []*array.StringBuilder
	n        int
	bytes    int  // text bytes held in the builders
	spilled  bool // some of the file's rows are already written
}

// spillRows and spillBytes bound what one file holds before its rows are
// written: a row-group-sized batch, or less when rows are wide. Variables
// so that tests can make a small file spill.
var (
	spillRows  = batchRows
	spillBytes = 32 << 20
)

func (s *sink) newFileRows() *fileRows {
	b := make([]*array.StringBuilder, len(s.columns))
	for i := range b {
		b[i] = array.NewStringBuilder(memory.DefaultAllocator)
	}
	return &fileRows{s: s, builders: b}
}

// add appends one row; an empty string is stored as NULL.
func (f *fileRows) add(values ...string) {
	for i, v := range values {
		if v == "" {
			f.builders[i].AppendNull()
		} else {
			f.builders[i].Append(v)
			f.bytes += len(v)
		}
	}
	f.n++
}

// full reports whether the rows held should be spilled.
func (f *fileRows) full() bool { return f.n >= spillRows || f.bytes >= spillBytes }

// spill writes the rows held so far, before the file has been accepted,
// and keeps the builders for the rest of the file.
func (f *fileRows) spill(ctx context.Context, conn *stdsql.Conn) error {
	cols := make([]arrow.Array, len(f.builders))
	for i, b := range f.builders {
		cols[i] = b.NewArray() // resets the builder for reuse
	}
	f.s.pending = append(f.s.pending, array.NewRecordBatch(f.s.schema, cols, int64(f.n)))
	for _, c := range cols {
		c.Release()
	}
	f.s.rows += f.n
	f.n, f.bytes, f.spilled = 0, 0, true
	return f.s.flush(ctx, conn)
}

// commit moves the rows into the sink as record batches of at most
// batchRows rows: zero-copy slices of one batch, since DuckDB's scan of a
// single batch of a million rows costs much more than of the same rows in
// row-group-sized batches.
func (f *fileRows) commit() {
	if f.n == 0 {
		f.release()
		return
	}
	cols := make([]arrow.Array, len(f.builders))
	for i, b := range f.builders {
		cols[i] = b.NewArray()
		b.Release()
	}
	if f.n < smallFile {
		f.s.addSmall(cols, f.n)
		return
	}
	rec := array.NewRecordBatch(f.s.schema, cols, int64(f.n))
	for _, c := range cols {
		c.Release()
	}
	for i := int64(0); i < int64(f.n); i += batchRows {
		f.s.pending = append(f.s.pending, rec.NewSlice(i, min(i+batchRows, int64(f.n))))
	}
	rec.Release()
	f.s.rows += f.n
}

// addSmall copies a small file's columns into the shared builders and
// seals them into a batch once it is full.
func (s *sink) addSmall(cols []arrow.Array, n int) {
	if s.small == nil {
		s.small = make([]*array.StringBuilder, len(s.columns))
		for i := range s.small {
			s.small[i] = array.NewStringBuilder(memory.DefaultAllocator)
		}
	}
	for i, c := range cols {
		col := c.(*array.String)
		for j := 0; j < n; j++ {
			if col.IsNull(j) {
				s.small[i].AppendNull()
			} else {
				s.small[i].Append(col.Value(j))
			}
		}
		c.Release()
	}
	s.smallRows += n
	s.rows += n
	if s.smallRows >= batchRows {
		s.sealSmall()
	}
}

// sealSmall turns the shared builders into one pending batch.
func (s *sink) sealSmall() {
	if s.smallRows == 0 {
		return
	}
	cols := make([]arrow.Array, len(s.small))
	for i, b := range s.small {
		cols[i] = b.NewArray() // resets the builder for reuse
	}
	s.pending = append(s.pending, array.NewRecordBatch(s.schema, cols, int64(s.smallRows)))
	for _, c := range cols {
		c.Release()
	}
	s.smallRows = 0
}

// release drops the rows of a file that was rejected whole.
func (f *fileRows) release() {
	for _, b := range f.builders {
		b.Release()
	}
}

var viewSeq atomic.Int64

// flush writes the pending batches with one INSERT.
func (s *sink) flush(ctx context.Context, conn *stdsql.Conn) error {
	s.sealSmall()
	if len(s.pending) == 0 {
		return nil
	}
	defer func() {
		for _, r := range s.pending {
			r.Release()
		}
		s.pending, s.rows = nil, 0
	}()
	rdr, err := array.NewRecordReader(s.schema, s.pending)
	if err != nil {
		return fmt.Errorf("%s: %w", s.table, err)
	}
	defer rdr.Release()
	view := fmt.Sprintf("ingest_%s_%d", s.table, viewSeq.Add(1))
	quoted := make([]string, len(s.columns))
	for i, c := range s.columns {
		quoted[i] = `"` + c + `"`
	}
	insert := fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s", s.table,
		strings.Join(quoted, ", "), strings.Join(s.exprs, ", "), view)
	var n int64
	err = conn.Raw(func(dc any) error {
		ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		release, err := ar.RegisterView(rdr, view)
		if err != nil {
			return err
		}
		defer release()
		res, err := dc.(driver.ExecerContext).ExecContext(ctx, insert, nil)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return fmt.Errorf("write %s: %w", s.table, err)
	}
	s.written += n
	return nil
}

// maybeFlush writes once a batch is full.
func (s *sink) maybeFlush(ctx context.Context, conn *stdsql.Conn) error {
	if s.rows < batchRows {
		return nil
	}
	return s.flush(ctx, conn)
}
