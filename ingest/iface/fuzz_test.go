package iface

import (
	"deanery/ingest/ident"

	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReader: whatever the bytes, the reader does not panic, every reject
// names its file, line, code and (unless the fault is the whole line)
// field and keeps the line's raw text, lines increase, and the end is
// io.EOF or a *FileError naming the file.
func FuzzReader(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "examples", "*.DAT"))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Base(p), string(data))
	}
	f.Add(appName, wrap(appHDR, appLine, `APP,"a""b",c\"`, "APP,\"x"))
	f.Add(rmcName, wrap(rmcHDR, posLine, strings.Replace(porLine, ",057,", ",96,", 1)))
	f.Add(appName, "\xEF\xBB\xBF"+strings.ReplaceAll(wrap(appHDR, appLine), "\n", "\r\n"))
	f.Add(appName, wrap(appHDR, strings.Replace(appLine, `"Priya"`, "\"Tom\xe1s\"", 1)))
	f.Add(appName, "")
	f.Fuzz(func(t *testing.T, name, text string) {
		r, err := NewReader(name, strings.NewReader(text))
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Code == "" || fe.File != name {
				t.Fatalf("NewReader error %v is not a *FileError with the file's name and a code", err)
			}
			return
		}
		last := 1
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				var fe *FileError
				if !errors.As(err, &fe) || fe.Code == "" || fe.Line <= 0 || fe.File != name {
					t.Fatalf("Next error %v is not a *FileError with the file's name, a code and line", err)
				}
				break
			}
			if rec.Line <= last {
				t.Fatalf("line %d after line %d", rec.Line, last)
			}
			last = rec.Line
			if rj := rec.Reject; rj != nil {
				switch {
				case rj.Line != rec.Line || rj.Code == "" || rj.File != name || rj.Message == "":
					t.Fatalf("reject without its file, line, code or message: %+v", rj)
				case rj.Field == "" && !lineFaults[rj.Code]:
					t.Fatalf("%s reject names no field: %v", rj.Code, rj)
				case rj.Raw == "" || rj.Raw != rec.Raw:
					t.Fatalf("reject keeps no raw text: %+v", rj)
				}
			}
			if rec.Reject == nil && (rec.Layout() == nil || len(rec.Values) != len(rec.Layout().Fields)) {
				t.Fatalf("good record without a full set of values: %+v", rec)
			}
			for _, fl := range rec.Flags {
				if fl.Code == "" {
					t.Fatalf("flag without code: %+v", fl)
				}
			}
		}
	})
}

// lineFaults are the reject codes about a whole line, which name no field.
var lineFaults = map[string]bool{CodeFieldCount: true, CodeBadQuote: true, CodeRecordType: true}

// FuzzRoundTrip: a value the writer accepts in a field reads back as that
// field's rule would normalise it (the writer's decimals and cut applied).
func FuzzRoundTrip(f *testing.F) {
	for _, tc := range roundTripCases {
		for name, v := range tc.values {
			f.Add(tc.rt, name, v)
		}
	}
	f.Add("APP", "address1", `Medical and Dental\`)
	f.Add("APP", "postcode", "Doha, Qatar")
	f.Add("APP", "address1", `say "hi", then go`)
	f.Add("POR", "employingOrgVPDCode", "96")
	f.Add("APP", "wte", "0.655")
	f.Fuzz(func(t *testing.T, rt, field, v string) {
		ft := fileTypeFor(rt)
		l, ok := Layout(rt)
		if ft == "" || !ok {
			return
		}
		i := l.Index(field)
		if i <= 0 {
			return
		}
		// A full valid record, then the fuzzed value in one field.
		var byName map[string]string
		for _, tc := range roundTripCases {
			if tc.rt == rt {
				byName = tc.values
			}
		}
		vals := values(t, rt, byName)
		vals[i] = v
		var buf bytes.Buffer
		n := testName(ft)
		w := NewWriter(&buf, n, testHeader())
		flags, err := w.Write(rt, vals)
		if err != nil {
			return // the writer refused it: nothing to read back
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		want := expectRead(t, &l.Fields[i], v, flags)
		_, recs, err := readString(t, n.String(), buf.String())
		if err != nil {
			t.Fatalf("read: %v\n%s", err, buf.String())
		}
		if len(recs) != 1 {
			t.Fatalf("%d records from %q", len(recs), buf.String())
		}
		rec := recs[0]
		if rec.Values == nil {
			t.Fatalf("no values: %v", rec.Reject)
		}
		if got := rec.Values[i]; got != want {
			t.Errorf("%s %s: wrote %q, read %q, want %q\n%s", rt, field, v, got, want, buf.String())
		}
	})
}

// fileTypeFor names a file type that may hold records of type rt.
func fileTypeFor(rt string) string {
	for _, ft := range FileTypes() {
		if allows(ft, rt) {
			return ft
		}
	}
	return ""
}

// expectRead is what reading back a value the writer accepted should give:
// the writer's cut or decimals, then the reader's trimming and rule.
func expectRead(t *testing.T, f *Field, v string, flags []Flag) string {
	t.Helper()
	if v == "" {
		return ""
	}
	switch {
	case f.Type == N && f.Dec > 0:
		v, _ = FormatDecimal(v, f.Dec)
	case f.Type.Quoted() && len(flags) > 0:
		v = string([]rune(v)[:f.Len])
	}
	if !f.Type.Quoted() {
		v = strings.TrimSpace(v)
	}
	if f.Rule == "" || f.Type == D || f.Type == T {
		return v
	}
	if f.Rule == ident.PCODE {
		return strings.TrimSpace(v) // carried as held, only flagged
	}
	return checkRule(f, v, testName("APP").Date).Value
}
