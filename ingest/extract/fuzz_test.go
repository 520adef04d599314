package extract

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func FuzzIntrepid(f *testing.F) { fuzzProfile(f, "INTREPID") }
func FuzzEmpower(f *testing.F)  { fuzzProfile(f, "EMPOWER") }

// fuzzProfile feeds any bytes to the reader of each entity. Properties:
// no panic; every reject and file error carries a line and a code; rows
// have one value per column; and a row the writer takes without a flag
// reads back as the same values.
func fuzzProfile(f *testing.F, name string) {
	p := builtin(f, name)
	files, _ := filepath.Glob("testdata/extracts/" + name + "_*")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		fi, _ := ParseName(filepath.Base(file))
		f.Add(data, uint8(entityIndex(fi.Entity)))
	}
	for i, e := range Entities() {
		g := newGen(uint64(i), p)
		f.Add(writeRows(f, p, e, [][]string{g.row(e), g.row(e)}), uint8(i))
	}
	f.Fuzz(func(t *testing.T, data []byte, ei uint8) {
		e := Entities()[int(ei)%len(Entities())]
		file := p.FileName("OXF", e, "2011Q2")
		rows, rejects, err := NewReader(p, e, file, bytes.NewReader(data)).ReadAll()
		checkFuzzResult(t, file, e, rows, rejects, err)
		rewrite(t, p, e, rows)
	})
}

// lineFaults are the reject codes about a whole line, which name no field.
var lineFaults = map[string]bool{"FIELD_COUNT": true, "BAD_QUOTE": true, "BAD_TRAILER": true}

func entityIndex(e Entity) int {
	for i, x := range Entities() {
		if x == e {
			return i
		}
	}
	return 0
}

func checkFuzzResult(t *testing.T, file string, e Entity, rows []Row, rejects []Reject, err error) {
	t.Helper()
	for _, r := range rejects {
		switch {
		case r.Line < 1 || r.Code == "" || r.Message == "" || r.File != file:
			t.Fatalf("reject without its file, line, code or message: %+v", r)
		case r.Field == "" && !lineFaults[r.Code]:
			t.Fatalf("%s reject names no field: %v", r.Code, r.Error())
		case r.Raw == "":
			t.Fatalf("reject keeps no raw text: %+v", r)
		}
	}
	for _, r := range rows {
		if r.Line < 2 || len(r.Values) != len(Columns(e)) {
			t.Fatalf("bad row %+v", r)
		}
	}
	var fe *FileError
	if err != nil && (!errors.As(err, &fe) || fe.Code == "" || fe.Err == nil || fe.File != file) {
		t.Fatalf("error is not a *FileError with the file's name and a code: %v", err)
	}
}

// rewrite writes the rows read and reads them again: a row the writer
// takes comes back unchanged, unless a flag says the format changed it.
func rewrite(t *testing.T, p *Profile, e Entity, rows []Row) {
	var want [][]string // nil where the writer changed the row
	var buf bytes.Buffer
	w := NewWriter(p, e, &buf)
	for _, r := range rows {
		flags, err := w.Write(r.Values)
		if err != nil {
			continue
		}
		if hasFlag(flags, "DELIMITER_REPLACED") || hasFlag(flags, "CHAR_REPLACED") {
			want = append(want, nil)
			continue
		}
		want = append(want, r.Values)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	written := buf.String()
	again, rejects, err := NewReader(p, e, "", strings.NewReader(written)).ReadAll()
	if err != nil || len(rejects) > 0 || len(again) != len(want) {
		t.Fatalf("re-read: %d rows of %d, rejects %+v, err %v\n%q", len(again), len(want), rejects, err, written)
	}
	for i := range want {
		if want[i] != nil && strings.Join(want[i], "\x00") != strings.Join(again[i].Values, "\x00") {
			t.Fatalf("row %d changed:\n%q\n%q\n%q", i, want[i], again[i].Values, written)
		}
	}
}

// FuzzProfile feeds any document to ParseProfile (a profile is data a
// user may write: domain 7.10, "a third system must need only a new
// profile"). It never panics, and a profile it accepts carries canonical
// rows of every entity it defines: a row its writer takes without a flag
// reads back unchanged. Seeds: the built-in profiles and the third, TIS.
func FuzzProfile(f *testing.F) {
	paths, _ := filepath.Glob("profiles/*.json")
	for _, p := range append(paths, "testdata/tis.json") {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseProfile(data)
		if err != nil {
			return
		}
		for i, e := range Entities() {
			if p.layouts[e] == nil {
				continue
			}
			g := newGen(uint64(i), p)
			var rows []Row
			for range 5 {
				rows = append(rows, Row{Values: g.row(e)})
			}
			rewrite(t, p, e, rows)
		}
	})
}
