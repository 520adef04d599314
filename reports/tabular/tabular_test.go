package tabular

import (
	"bytes"
	"encoding/json"
	"math/big"
	"testing"

	"github.com/duckdb/duckdb-go/v2"
)

func TestSafeCell(t *testing.T) {
	cases := []struct{ in, want string }{
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+44 20 7946 0000", "'+44 20 7946 0000"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"-12.5", "-12.5"},
		{"Smith", "Smith"},
		{"", ""},
	}
	for _, c := range cases {
		if got := SafeCell(c.in); got != c.want {
			t.Errorf("SafeCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWriteFormats(t *testing.T) {
	tb := &Table{
		Columns: []string{"z_name", "a_count"},
		Rows:    [][]string{{"=cmd", "3"}, {"", ""}},
		Nulls:   [][]bool{{false, false}, {false, true}},
	}
	var csvOut, jsonOut, text bytes.Buffer
	if err := tb.Write(&csvOut, "csv"); err != nil {
		t.Fatal(err)
	}
	if got, want := csvOut.String(), "z_name,a_count\n'=cmd,3\n,\n"; got != want {
		t.Errorf("csv = %q, want %q", got, want)
	}
	if err := tb.Write(&jsonOut, "json"); err != nil {
		t.Fatal(err)
	}
	var decoded []map[string]any
	if err := json.Unmarshal(jsonOut.Bytes(), &decoded); err != nil {
		t.Fatalf("json does not parse: %v\n%s", err, jsonOut.String())
	}
	if decoded[1]["a_count"] != nil || decoded[1]["z_name"] != "" || decoded[0]["z_name"] != "=cmd" {
		t.Errorf("json rows = %v", decoded)
	}
	if bytes.Index(jsonOut.Bytes(), []byte("z_name")) > bytes.Index(jsonOut.Bytes(), []byte("a_count")) {
		t.Error("json keys not in column order")
	}
	if err := tb.Write(&text, "table"); err != nil {
		t.Fatal(err)
	}
	if want := "z_name  a_count\n------  -------\n=cmd    3\n        \n(2 rows)\n"; text.String() != want {
		t.Errorf("text =\n%q\nwant\n%q", text.String(), want)
	}
	if err := tb.Write(&text, "xml"); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestDecimalKeepsScale(t *testing.T) {
	cases := []struct {
		v     int64
		scale uint8
		want  string
	}{{100, 2, "1.00"}, {65, 2, "0.65"}, {-5, 1, "-0.5"}, {7, 0, "7"}, {0, 2, "0.00"}}
	for _, c := range cases {
		got, _ := Format(duckdb.Decimal{Width: 18, Scale: c.scale, Value: big.NewInt(c.v)})
		if got != c.want {
			t.Errorf("decimal %d scale %d = %q, want %q", c.v, c.scale, got, c.want)
		}
	}
}
