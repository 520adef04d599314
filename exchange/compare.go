package exchange

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"deanery/ingest/iface"
)

// Difference is one way the hub's file differs from the file a world
// delivered: a whole file, a record or one field.
type Difference struct {
	Date     time.Time // the day compared (the world's delivery day)
	Deanery  string
	File     string // the world's file name, or the hub's when the world has none
	Ordinal  int    // record (1 = first after HDR); 0 for a whole file or the HDR
	Field    string // layout field name; empty for a whole record or file
	Kind     string // MISSING_FILE, EXTRA_FILE, MISSING_RECORD, EXTRA_RECORD, FIELD, HEADER, ORDER
	Expected string // the world's value
	Actual   string // the hub's value
}

func (d Difference) String() string {
	loc := d.File
	if d.Ordinal > 0 {
		loc += ":" + strconv.Itoa(d.Ordinal)
	}
	if d.Field != "" {
		loc += ": " + d.Field
	}
	return fmt.Sprintf("%s: %s: world %q, hub %q", loc, d.Kind, d.Expected, d.Actual)
}

// fileLines reads an interface file's HDR, records and TRL as fields.
type fileLines struct {
	header  []string
	records [][]string
	raw     []string
}

func readFields(path string) (*fileLines, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := &fileLines{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		r := csv.NewReader(strings.NewReader(text))
		r.LazyQuotes = true
		r.FieldsPerRecord = -1
		vals, err := r.Read()
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		switch {
		case len(vals) > 0 && vals[0] == "HDR":
			out.header = vals
		case len(vals) > 0 && vals[0] == "TRL":
		default:
			out.records = append(out.records, vals)
			out.raw = append(out.raw, text)
		}
	}
	return out, sc.Err()
}

// recordKey identifies a record across the two files, so that a missing
// record does not make every later one differ: APP by (placement,
// position), DNC by (type, DPN, placement).
func recordKey(vals []string) string {
	switch {
	case len(vals) == 33 && vals[0] == "APP":
		return vals[32] + "\x1f" + vals[3]
	case len(vals) == 31 && vals[0] == "DNC":
		return vals[1] + "\x1f" + vals[3] + "\x1f" + vals[30]
	}
	return strings.Join(vals, "\x1f")
}

// compareFiles compares the world's file (want) with the hub's (got),
// record for record and field by field.
func compareFiles(deanery, wantPath, gotPath string) ([]Difference, error) {
	want, err := readFields(wantPath)
	if err != nil {
		return nil, err
	}
	got, err := readFields(gotPath)
	if err != nil {
		return nil, err
	}
	name := baseName(wantPath)
	var diffs []Difference
	hdr, _ := iface.Layout("HDR")
	for i := 1; i < max(len(want.header), len(got.header)); i++ {
		w, g := at(want.header, i), at(got.header, i)
		if w != g {
			fn := strconv.Itoa(i + 1)
			if hdr != nil && i < len(hdr.Fields) {
				fn = hdr.Fields[i].Name
			}
			diffs = append(diffs, Difference{Deanery: deanery, File: name, Field: fn, Kind: "HEADER", Expected: w, Actual: g})
		}
	}
	gotAt := map[string]int{}
	for i, r := range got.records {
		gotAt[recordKey(r)] = i
	}
	wantKeys := map[string]bool{}
	for i, w := range want.records {
		k := recordKey(w)
		wantKeys[k] = true
		j, ok := gotAt[k]
		if !ok {
			diffs = append(diffs, Difference{Deanery: deanery, File: name, Ordinal: i + 1, Kind: "MISSING_RECORD", Expected: want.raw[i]})
			continue
		}
		if j != i {
			diffs = append(diffs, Difference{Deanery: deanery, File: name, Ordinal: i + 1, Kind: "ORDER",
				Expected: strconv.Itoa(i + 1), Actual: strconv.Itoa(j + 1)})
		}
		g := got.records[j]
		l, _ := iface.Layout(w[0])
		for f := 1; f < max(len(w), len(g)); f++ {
			if at(w, f) == at(g, f) {
				continue
			}
			fn := strconv.Itoa(f + 1)
			if l != nil && f < len(l.Fields) {
				fn = l.Fields[f].Name
			}
			diffs = append(diffs, Difference{Deanery: deanery, File: name, Ordinal: i + 1, Field: fn, Kind: "FIELD",
				Expected: at(w, f), Actual: at(g, f)})
		}
	}
	for j, g := range got.records {
		if !wantKeys[recordKey(g)] {
			diffs = append(diffs, Difference{Deanery: deanery, File: name, Ordinal: j + 1, Kind: "EXTRA_RECORD", Actual: got.raw[j]})
		}
	}
	return diffs, nil
}

func at(v []string, i int) string {
	if i < len(v) {
		return v[i]
	}
	return ""
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
