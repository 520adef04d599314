package extract

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestWriterIntrepid pins the exact bytes: minimal RFC 4180 quoting, LF,
// codes, upper-case titles, ISO dates, T in timestamps, 0/1.
func TestWriterIntrepid(t *testing.T) {
	p := builtin(t, "INTREPID")
	row := []string{"000048213", "Dr", "Priya Anjali", "Sharma", "", "1986-02-14", "F", "JC123456A", "7012345", "OXF/140/012/C",
		"priya.sharma@example.com", "07700 900123", "", `Flat "B", 14 Mill Lane`, "Line one\nLine two", "", "Abingdon", "OX14 3PL",
		"GB", "IN", "2011-04-01 09:30:00", "false"}
	want := strings.Join(p.Header(Trainee), ",") + "\n" +
		`000048213,DR,Priya Anjali,Sharma,,1986-02-14,F,JC123456A,7012345,OXF/140/012/C,priya.sharma@example.com,07700 900123,,"Flat ""B"", 14 Mill Lane","Line one` + "\n" +
		`Line two",,Abingdon,OX14 3PL,GB,IN,2011-04-01T09:30:00,0` + "\nEOF,1\n"
	got, flags := writeOne(t, p, Trainee, row)
	if got != want || len(flags) != 0 {
		t.Errorf("got\n%s\nwant\n%s\nflags %+v", got, want, flags)
	}
}

// TestWriterEmpower pins the Empower form: pipes, no quoting, Windows-1252,
// FULL_NAME, descriptions, dd/mm/yyyy, percent, Yes/No, **END**.
func TestWriterEmpower(t *testing.T) {
	p := builtin(t, "EMPOWER")
	row := []string{"EMP0000102", "Mr", "Tomás", "O'BRIEN", "", "1985-09-30", "M", "", "", "", "", "", "",
		"Unit 3|4 Mill Lane", "", "", "Łódź", "BL1 1AA", "IE", "PL", "2011-04-02 10:00:00", "true"}
	got, flags := writeOne(t, p, Trainee, row)
	want := cp1252(t, strings.Join(p.Header(Trainee), "|")+"\n"+
		"EMP0000102|Mr|O'BRIEN, Tomás||30/09/1985|Male|||||||Unit 3/4 Mill Lane|||?ód?|BL1 1AA|Ireland|Poland|02/04/2011 10:00:00|Yes\n**END**|1\n")
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	if !hasFlag(flags, "DELIMITER_REPLACED") || !hasFlag(flags, "CHAR_REPLACED") || len(flags) != 2 {
		t.Errorf("flags %+v", flags)
	}
	placement := []string{"EMP0003002", "EMP0000102", "EMP0002002", "RXV01", "ST2", "030", "2011-08-03", "", "0.60",
		"OOPR", "DRAFT", "2011-04-01 09:00:00", "2011-04-02 09:00:00", "false"}
	got, _ = writeOne(t, p, Placement, placement)
	wantRow := "EMP0003002|EMP0000102|EMP0002002|RXV01|Specialty Training Year 2|Cardiology|03/08/2011||60|Out of Programme - Research|Provisional|01/04/2011 09:00:00|02/04/2011 09:00:00|No\n"
	if !strings.Contains(got, "\n"+wantRow+"**END**|1\n") {
		t.Errorf("got\n%s\nwant row\n%s", got, wantRow)
	}
}

func writeOne(t *testing.T, p *Profile, e Entity, row []string) (string, []Flag) {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(p, e, &buf)
	flags, err := w.Write(row)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String(), flags
}

// TestWriterValueErrors: values the layout cannot carry are refused, and
// nothing of the row is written.
func TestWriterValueErrors(t *testing.T) {
	empower, intrepid := builtin(t, "EMPOWER"), builtin(t, "INTREPID")
	good := newGen(1, empower).trainee()
	with := func(field, v string) []string {
		r := append([]string(nil), good...)
		r[ColumnIndex(Trainee, field)] = v
		return r
	}
	tests := []struct {
		name  string
		p     *Profile
		e     Entity
		row   []string
		field string
	}{
		{"empty Empower forename", empower, Trainee, with("forenames", ""), "FULL_NAME"},
		{"separator in a surname", empower, Trainee, with("surname", "SMITH, JONES"), "FULL_NAME"},
		{"date not canonical", empower, Trainee, with("date_of_birth", "14/02/1986"), "date_of_birth"},
		{"boolean not canonical", intrepid, Trainee, with("deleted", "yes"), "deleted"},
		{"timestamp not canonical", intrepid, Trainee, with("modified_at", "2011-04-01T09:30:00"), "modified_at"},
		{"decimal not a number", empower, Placement, withPlacement(empower, "wte", "sixty"), "wte"},
		{"list item holds the separator", empower, Post, withPost(empower, "host_trust_codes", "RBD,R1K"), "host_trust_codes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(tt.p, tt.e, &buf)
			_, err := w.Write(tt.row)
			var ve *ValueError
			if !errors.Is(err, ErrValue) || !errors.As(err, &ve) || ve.Field != tt.field || ve.Row != 1 {
				t.Fatalf("err = %v, want a ValueError on %s", err, tt.field)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if strings.Count(buf.String(), "\n") != 2 {
				t.Errorf("a refused row was written:\n%s", buf.String())
			}
		})
	}
}

func withPlacement(p *Profile, field, v string) []string {
	r := newGen(1, p).placement()
	r[ColumnIndex(Placement, field)] = v
	return r
}

func withPost(p *Profile, field, v string) []string {
	r := newGen(1, p).post()
	r[ColumnIndex(Post, field)] = v
	return r
}

func TestWriterMisuse(t *testing.T) {
	p := builtin(t, "INTREPID")
	var buf bytes.Buffer
	w := NewWriter(p, Post, &buf)
	if _, err := w.Write([]string{"too", "few"}); !errors.Is(err, ErrValue) {
		t.Errorf("short row: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if buf.String() != strings.Join(p.Header(Post), ",")+"\nEOF,0\n" {
		t.Errorf("empty file %q", buf.String())
	}
	if _, err := w.Write(newGen(1, p).post()); !errors.Is(err, ErrClosed) {
		t.Errorf("write after close: %v", err)
	}
	if _, err := NewWriter(p, Entity("person"), &buf).Write(nil); !errors.Is(err, ErrValue) {
		t.Errorf("unknown entity: %v", err)
	}
}

// TestWriterUnknownCode: a code missing from a value map is written as it
// is, flagged, and reads back as the same value.
func TestWriterUnknownCode(t *testing.T) {
	p := builtin(t, "EMPOWER")
	row := withPost(p, "approved_grade", "STR(H)")
	got, flags := writeOne(t, p, Post, row)
	if !hasFlag(flags, "VALUE_UNKNOWN") || !strings.Contains(got, "|STR(H)|") {
		t.Fatalf("flags %+v\n%s", flags, got)
	}
	rows, _, err := NewReader(p, Post, "", strings.NewReader(got)).ReadAll()
	if err != nil || rows[0].Values[ColumnIndex(Post, "approved_grade")] != "STR(H)" {
		t.Fatalf("%v %+v", err, rows)
	}
}
