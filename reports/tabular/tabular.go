// Package tabular holds a result table and writes it as aligned text, CSV
// or JSON, for the CLI and the reports alike. CSV output neutralises cells
// that a spreadsheet would run as a formula.
package tabular

import (
	stdsql "database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duckdb/duckdb-go/v2"
)

// Table is a header and rows of display text; Nulls marks SQL NULLs so that
// JSON can tell them from empty strings.
type Table struct {
	Columns []string
	Rows    [][]string
	Nulls   [][]bool
}

// FromRows reads every row of rows into a Table.
func FromRows(rows *stdsql.Rows) (*Table, error) {
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	t := &Table{Columns: cols}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]string, len(cols))
		nulls := make([]bool, len(cols))
		for i, v := range vals {
			row[i], nulls[i] = Format(v)
		}
		t.Rows = append(t.Rows, row)
		t.Nulls = append(t.Nulls, nulls)
	}
	return t, rows.Err()
}

// Format renders one scanned SQL value; the bool reports NULL.
func Format(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case []byte:
		return string(x), false
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02"), false
		}
		return x.Format("2006-01-02 15:04:05"), false
	case *big.Int:
		return x.String(), false
	case duckdb.Decimal:
		return decimalText(x), false
	case fmt.Stringer:
		return x.String(), false
	default:
		return fmt.Sprint(x), false
	}
}

// decimalText keeps a decimal's scale (1.00, not 1), as the files write it.
func decimalText(d duckdb.Decimal) string {
	s := new(big.Int).Abs(d.Value).String()
	sign := ""
	if d.Value.Sign() < 0 {
		sign = "-"
	}
	scale := int(d.Scale)
	if scale == 0 {
		return sign + s
	}
	if len(s) <= scale {
		s = strings.Repeat("0", scale-len(s)+1) + s
	}
	return sign + s[:len(s)-scale] + "." + s[len(s)-scale:]
}

// Write writes the table in format: table, csv or json.
func (t *Table) Write(w io.Writer, format string) error {
	switch format {
	case "table":
		return t.WriteText(w)
	case "csv":
		return t.WriteCSV(w)
	case "json":
		return t.WriteJSON(w)
	}
	return fmt.Errorf("unknown format %q (table, csv or json)", format)
}

// WriteText writes aligned columns for a terminal.
func (t *Table) WriteText(w io.Writer) error {
	width := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		width[i] = utf8.RuneCountInString(c)
	}
	for _, r := range t.Rows {
		for i, v := range r {
			width[i] = max(width[i], utf8.RuneCountInString(v))
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		b.Reset()
		for i, v := range cells {
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(v)
			if i < len(cells)-1 {
				b.WriteString(strings.Repeat(" ", width[i]-utf8.RuneCountInString(v)))
			}
		}
		b.WriteByte('\n')
		io.WriteString(w, b.String())
	}
	line(t.Columns)
	sep := make([]string, len(t.Columns))
	for i := range sep {
		sep[i] = strings.Repeat("-", width[i])
	}
	line(sep)
	for _, r := range t.Rows {
		line(r)
	}
	_, err := fmt.Fprintf(w, "(%d rows)\n", len(t.Rows))
	return err
}

// WriteCSV writes RFC 4180 CSV with a header row. A cell that starts with
// = + - @ (or a tab or carriage return) gets a leading apostrophe, so that a
// spreadsheet shows it as text instead of running it as a formula.
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	out := make([]string, len(t.Columns))
	for _, r := range t.Rows {
		for i, v := range r {
			out[i] = SafeCell(v)
		}
		if err := cw.Write(out); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// SafeCell neutralises a value a spreadsheet would treat as a formula.
func SafeCell(v string) string {
	if v == "" {
		return v
	}
	switch v[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if isNumber(v) {
			return v // a negative number is data, not a formula
		}
		return "'" + v
	}
	return v
}

func isNumber(v string) bool {
	_, ok := new(big.Float).SetString(v)
	return ok
}

// WriteJSON writes an array of objects, one per row, keys in column order,
// NULL as null.
func (t *Table) WriteJSON(w io.Writer) error {
	var b strings.Builder
	b.WriteString("[")
	for i, r := range t.Rows {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  {")
		for j, v := range r {
			if j > 0 {
				b.WriteString(", ")
			}
			k, _ := json.Marshal(t.Columns[j])
			b.Write(k)
			b.WriteString(": ")
			if t.Nulls[i][j] {
				b.WriteString("null")
				continue
			}
			s, _ := json.Marshal(v)
			b.Write(s)
		}
		b.WriteString("}")
	}
	if len(t.Rows) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	_, err := io.WriteString(w, b.String())
	return err
}
