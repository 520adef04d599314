package extract

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/charmap"
)

func builtin(t testing.TB, name string) *Profile {
	t.Helper()
	p, ok := ProfileByName(name)
	if !ok {
		t.Fatalf("no profile %s", name)
	}
	return p
}

const (
	intrepidPlacementHeader = "PlacementID,TraineeID,PostID,SiteCode,Grade,SpecialtyCode,DateFrom,DateTo,WTE,PlacementType,LifecycleState,CreatedAt,LastModified,Deleted"
	intrepidPlacementRow    = "000002001,000048213,000001001,R7H01,ST1,140,2011-08-03,2012-07-31,1.00,IN_POST,APPROVED,2011-04-01T09:00:00,2011-04-01T09:00:00,0"
)

// TestReaderFileErrors covers each whole-file rejection and its sentinel.
func TestReaderFileErrors(t *testing.T) {
	name := "INTREPID_OXF_PLACEMENTS_2011Q2.csv"
	tests := []struct {
		name, file, in string
		want           error
		line           int
	}{
		{"empty", name, "", ErrEmptyFile, 0},
		{"blank lines only", name, "\n\n", ErrBadHeader, 2},
		{"bad file name", "INTREPID_OXF_PLACEMENT_2011Q2.csv", intrepidPlacementHeader + "\nEOF,0\n", ErrBadFileName, 0},
		{"unknown deanery", "INTREPID_XYZ_PLACEMENTS_2011Q2.csv", intrepidPlacementHeader + "\nEOF,0\n", ErrBadFileName, 0},
		{"name of another entity", "INTREPID_OXF_POSTS_2011Q2.csv", intrepidPlacementHeader + "\nEOF,0\n", ErrBadFileName, 0},
		{"header missing a column", name, strings.Replace(intrepidPlacementHeader, ",WTE", "", 1) + "\nEOF,0\n", ErrBadHeader, 1},
		{"header repeats a column", name, intrepidPlacementHeader + ",WTE\nEOF,0\n", ErrBadHeader, 1},
		{"header is a data row", name, intrepidPlacementRow + "\nEOF,0\n", ErrBadHeader, 1},
		{"no end marker", name, intrepidPlacementHeader + "\n" + intrepidPlacementRow + "\n", ErrMissingTrailer, 2},
		{"count too high", name, intrepidPlacementHeader + "\n" + intrepidPlacementRow + "\nEOF,2\n", ErrCountMismatch, 3},
		{"count too low", name, intrepidPlacementHeader + "\n" + intrepidPlacementRow + "\nEOF,0\n", ErrCountMismatch, 3},
	}
	p := builtin(t, "INTREPID")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := NewReader(p, Placement, tt.file, strings.NewReader(tt.in)).ReadAll()
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.Code != tt.want.Error() || fe.Line != tt.line {
				t.Fatalf("FileError = %+v, want code %v line %d", fe, tt.want, tt.line)
			}
		})
	}
}

// TestReaderRows covers layout details that must not change a row.
func TestReaderRows(t *testing.T) {
	want := []string{"000002001", "000048213", "000001001", "R7H01", "ST1", "140", "2011-08-03", "2012-07-31", "1.00", "IN_POST", "APPROVED", "2011-04-01 09:00:00", "2011-04-01 09:00:00", "false"}
	reordered := "LastModified,PlacementID,TraineeID,PostID,SiteCode,Grade,SpecialtyCode,DateFrom,DateTo,WTE,PlacementType,LifecycleState,CreatedAt,Deleted\n" +
		"2011-04-01T09:00:00,000002001,000048213,000001001,R7H01,ST1,140,2011-08-03,2012-07-31,1.00,IN_POST,APPROVED,2011-04-01T09:00:00,0\nEOF,1\n"
	tests := []struct{ name, in string }{
		{"plain", intrepidPlacementHeader + "\n" + intrepidPlacementRow + "\nEOF,1\n"},
		{"CRLF and BOM", "\uFEFF" + intrepidPlacementHeader + "\r\n" + intrepidPlacementRow + "\r\nEOF,1\r\n"},
		{"no final line end", intrepidPlacementHeader + "\n" + intrepidPlacementRow + "\nEOF,1"},
		{"blank lines skipped", intrepidPlacementHeader + "\n\n" + intrepidPlacementRow + "\n\nEOF,1\n\n"},
		{"columns reordered", reordered},
		{"every value quoted and padded", intrepidPlacementHeader + "\n" + quoteAll(intrepidPlacementRow) + "\nEOF,1\n"},
		{"codes in lower case", intrepidPlacementHeader + "\n" + strings.Replace(intrepidPlacementRow, "IN_POST,APPROVED", "in_post,approved", 1) + "\nEOF,1\n"},
	}
	p := builtin(t, "INTREPID")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, rejects, err := NewReader(p, Placement, "", strings.NewReader(tt.in)).ReadAll()
			if err != nil || len(rejects) != 0 || len(rows) != 1 {
				t.Fatalf("rows %d, rejects %+v, err %v", len(rows), rejects, err)
			}
			if diff := cmp.Diff(want, rows[0].Values); diff != "" {
				t.Errorf("values (-want +got):\n%s", diff)
			}
			if len(rows[0].Flags) != 0 {
				t.Errorf("flags %+v", rows[0].Flags)
			}
		})
	}
}

func quoteAll(row string) string {
	parts := strings.Split(row, ",")
	for i, p := range parts {
		parts[i] = `" ` + p + ` "`
	}
	return strings.Join(parts, ",")
}

// TestNameSplit is the FULL_NAME rule of domain 7.10: split at the first
// ", ", surnames never re-cased, no separator means no forenames.
func TestNameSplit(t *testing.T) {
	tests := []struct {
		full, surname, forenames string
		flagged                  bool
	}{
		{"SHARMA, Priya Anjali", "SHARMA", "Priya Anjali", false},
		{"O'BRIEN, Tomás", "O'BRIEN", "Tomás", false},
		{"Sharma, Priya", "Sharma", "Priya", false},
		{"DE LA CRUZ, María, José", "DE LA CRUZ", "María, José", false},
		{"  SHARMA ,   Priya  ", "SHARMA", "Priya", false},
		{"SMITH,JONES", "SMITH,JONES", "", true},
		{"OKAFOR", "OKAFOR", "", true},
		{"SHARMA, ", "SHARMA", "", true},
		{", Priya", "", "Priya", false},
		{"", "", "", false},
	}
	p := builtin(t, "EMPOWER")
	header := strings.Join(p.Header(Trainee), "|")
	for _, tt := range tests {
		t.Run(tt.full, func(t *testing.T) {
			fields := make([]string, len(p.Header(Trainee)))
			fields[0], fields[2], fields[19], fields[20] = "EMP0000001", tt.full, "01/04/2011 09:30:00", "No"
			in := cp1252(t, header+"\n"+strings.Join(fields, "|")+"\n**END**|1\n")
			rows, rejects, err := NewReader(p, Trainee, "", strings.NewReader(in)).ReadAll()
			if err != nil || len(rejects) != 0 {
				t.Fatalf("rejects %+v, err %v", rejects, err)
			}
			v := rows[0].Values
			if v[ColumnIndex(Trainee, "surname")] != tt.surname || v[ColumnIndex(Trainee, "forenames")] != tt.forenames {
				t.Errorf("surname %q forenames %q, want %q %q", v[3], v[2], tt.surname, tt.forenames)
			}
			if got := hasFlag(rows[0].Flags, "NAME_UNSPLIT"); got != tt.flagged {
				t.Errorf("NAME_UNSPLIT %v, want %v (%+v)", got, tt.flagged, rows[0].Flags)
			}
		})
	}
}

// cp1252 encodes test text as an Empower file is.
func cp1252(t testing.TB, s string) string {
	t.Helper()
	out, err := charmap.Windows1252.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func hasFlag(flags []Flag, code string) bool {
	for _, f := range flags {
		if f.Code == code {
			return true
		}
	}
	return false
}

// TestRejects covers each row-level reject code: the row is dropped, the
// line and raw text kept, and the next row is still read.
func TestRejects(t *testing.T) {
	good := intrepidPlacementRow
	tests := []struct {
		name, row, code, field string
	}{
		{"too few fields", "000002001,000048213", "FIELD_COUNT", ""},
		{"too many fields", good + ",x", "FIELD_COUNT", ""},
		{"text after a closing quote", `"000002001"x` + good[9:], "BAD_QUOTE", ""},
		{"id of the wrong shape", "2001" + good[9:], "ID_INVALID", "placement_id"},
		{"missing post id", strings.Replace(good, "000001001", "", 1), "MANDATORY_MISSING", "post_id"},
		{"missing modified_at", strings.Replace(good, "2011-04-01T09:00:00,0", ",0", 1), "MANDATORY_MISSING", "modified_at"},
		{"modified_at not a timestamp", strings.Replace(good, "2011-04-01T09:00:00,0", "2011-04-31T09:00:00,0", 1), "TS_INVALID", "modified_at"},
		{"withdrawn neither 0 nor 1", strings.Replace(good, "09:00:00,0", "09:00:00,yes", 1), "BOOL_INVALID", "withdrawn"},
		{"withdrawn empty", strings.TrimSuffix(good, "0"), "MANDATORY_MISSING", "withdrawn"},
		{"malformed end marker", "EOF,two", "BAD_TRAILER", ""},
	}
	p := builtin(t, "INTREPID")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := intrepidPlacementHeader + "\n" + tt.row + "\n" + good + "\nEOF,2\n"
			if tt.code == "BAD_TRAILER" {
				in = intrepidPlacementHeader + "\n" + tt.row + "\n" + good + "\nEOF,1\n"
			}
			rows, rejects, err := NewReader(p, Placement, "", strings.NewReader(in)).ReadAll()
			if err != nil || len(rows) != 1 || len(rejects) != 1 {
				t.Fatalf("rows %d, rejects %+v, err %v", len(rows), rejects, err)
			}
			r := rejects[0]
			if r.Code != tt.code || r.Field != tt.field || r.Line != 2 || r.Raw != tt.row {
				t.Errorf("reject %+v, want code %s field %q line 2", r, tt.code, tt.field)
			}
		})
	}
}

// TestFlags covers values kept with a flag.
func TestFlags(t *testing.T) {
	tests := []struct {
		name, from, to, field, code, value string
	}{
		{"unknown grade", ",ST1,", ",ST9,", "grade", "VALUE_UNKNOWN", "ST9"},
		{"bad end date", "2012-07-31", "2012-02-30", "end_date", "DATE_INVALID", ""},
		{"bad WTE", ",1.00,", ",1,0,", "", "", ""},
		{"WTE too large for the warehouse", ",1.00,", ",1000.00,", "wte", "DECIMAL_INVALID", ""},
		{"bad created_at", "APPROVED,2011-04-01T09:00:00", "APPROVED,yesterday", "created_at", "TS_INVALID", ""},
		{"site code upper-cased", "R7H01", "r7h01", "site_code", "", "R7H01"},
		{"bad site code", "R7H01", "R7H-01", "site_code", "SITE_INVALID", "R7H-01"},
	}
	p := builtin(t, "INTREPID")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := strings.Replace(intrepidPlacementRow, tt.from, tt.to, 1)
			rows, rejects, err := NewReader(p, Placement, "", strings.NewReader(intrepidPlacementHeader+"\n"+row+"\nEOF,1\n")).ReadAll()
			if tt.field == "" { // a shifted row: one field too many
				if len(rejects) != 1 || rejects[0].Code != "FIELD_COUNT" {
					t.Fatalf("rejects %+v", rejects)
				}
				return
			}
			if err != nil || len(rows) != 1 {
				t.Fatalf("rows %d, rejects %+v, err %v", len(rows), rejects, err)
			}
			if got := rows[0].Values[ColumnIndex(Placement, tt.field)]; got != tt.value {
				t.Errorf("%s = %q, want %q", tt.field, got, tt.value)
			}
			if tt.code != "" && !hasFlag(rows[0].Flags, tt.code) {
				t.Errorf("flags %+v, want %s", rows[0].Flags, tt.code)
			}
			if tt.code == "" && len(rows[0].Flags) != 0 {
				t.Errorf("flags %+v, want none", rows[0].Flags)
			}
		})
	}
}

// TestMessagesMaskPersonalValues: a bad birth date or NI number never
// shows in clear in a flag, only in the row's raw text.
func TestMessagesMaskPersonalValues(t *testing.T) {
	p := builtin(t, "INTREPID")
	header := strings.Join(p.Header(Trainee), ",")
	row := "000000001,DR,Priya,Sharma,,1986-02-30,F,JC12345,,,,,,,,,,,GB,GB,2011-04-01T09:30:00,0"
	rows, _, err := NewReader(p, Trainee, "", strings.NewReader(header+"\n"+row+"\nEOF,1\n")).ReadAll()
	if err != nil || len(rows) != 1 {
		t.Fatal(err)
	}
	for _, f := range rows[0].Flags {
		if strings.Contains(f.Message, "1986-02-30") || strings.Contains(f.Message, "JC12345") {
			t.Errorf("message shows a personal value: %+v", f)
		}
	}
	if !hasFlag(rows[0].Flags, "DATE_INVALID") || !hasFlag(rows[0].Flags, "NINO_INVALID") {
		t.Errorf("flags %+v", rows[0].Flags)
	}
}

func TestMisplacedEndMarker(t *testing.T) {
	p := builtin(t, "INTREPID")
	in := intrepidPlacementHeader + "\n" + intrepidPlacementRow + "\nEOF,1\n" + intrepidPlacementRow + "\nEOF,2\n"
	rows, rejects, err := NewReader(p, Placement, "", strings.NewReader(in)).ReadAll()
	if err != nil || len(rows) != 2 || len(rejects) != 1 || rejects[0].Code != "BAD_TRAILER" || rejects[0].Line != 3 {
		t.Fatalf("rows %d, rejects %+v, err %v", len(rows), rejects, err)
	}
}

func TestNotUTF8(t *testing.T) {
	p := builtin(t, "INTREPID")
	header := strings.Join(p.Header(Trainee), ",")
	row := "000000001,MS,Zo\xEB,N\xFA\xF1ez,,,,,,,,,,,,,,,,,2011-04-01T09:30:00,0"
	rows, _, err := NewReader(p, Trainee, "", strings.NewReader(header+"\n"+row+"\nEOF,1\n")).ReadAll()
	if err != nil || len(rows) != 1 {
		t.Fatal(err)
	}
	if got := rows[0].Values[2] + " " + rows[0].Values[3]; got != "Zoë Núñez" || !hasFlag(rows[0].Flags, "NOT_UTF8") {
		t.Errorf("names %q, flags %+v", got, rows[0].Flags)
	}
}

// TestRowsOutliveReader: values handed out stay intact while the reader
// goes on, since the loader batches rows.
func TestRowsOutliveReader(t *testing.T) {
	p := builtin(t, "EMPOWER")
	g := newGen(3, p)
	var want [][]string
	for range 5000 {
		want = append(want, g.row(Trainee))
	}
	data := writeRows(t, p, Trainee, want)
	rd := NewReader(p, Trainee, "", strings.NewReader(string(data)))
	var got [][]string
	for rd.Next() {
		got = append(got, rd.Row().Values)
	}
	if rd.Err() != nil {
		t.Fatal(rd.Err())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatal(diff)
	}
}

func TestOutOfOrder(t *testing.T) {
	p := builtin(t, "INTREPID")
	later := strings.Replace(intrepidPlacementRow, "2011-04-01T09:00:00,0", "2011-04-02T09:00:00,0", 1)
	smallerID := strings.Replace(intrepidPlacementRow, "000002001", "000002000", 1)
	in := intrepidPlacementHeader + "\n" + intrepidPlacementRow + "\n" + later + "\n" + intrepidPlacementRow + "\n" + smallerID + "\nEOF,4\n"
	rows, _, err := NewReader(p, Placement, "", strings.NewReader(in)).ReadAll()
	if err != nil || len(rows) != 4 {
		t.Fatal(err)
	}
	for i, want := range []bool{false, false, true, true} {
		if got := hasFlag(rows[i].Flags, "OUT_OF_ORDER"); got != want {
			t.Errorf("row %d: OUT_OF_ORDER %v, want %v", i, got, want)
		}
	}
}

func TestReadError(t *testing.T) {
	p := builtin(t, "INTREPID")
	boom := errors.New("disk gone")
	src := io.MultiReader(strings.NewReader(intrepidPlacementHeader+"\n"+intrepidPlacementRow+"\n"), iotest.ErrReader(boom))
	rows, _, err := NewReader(p, Placement, "INTREPID_OXF_PLACEMENTS_2011Q2.csv", src).ReadAll()
	var fe *FileError
	if !errors.Is(err, boom) || errors.As(err, &fe) || len(rows) != 1 || !strings.HasPrefix(err.Error(), "INTREPID_OXF_PLACEMENTS_2011Q2.csv:3: ") {
		t.Fatalf("rows %d, err %v", len(rows), err)
	}
}
