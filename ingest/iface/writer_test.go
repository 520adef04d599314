package iface

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func appTestName() Name {
	return Name{Deanery: "OXF", Type: "APP", Date: time.Date(2011, 5, 5, 0, 0, 0, 0, time.UTC), Seq: 89}
}

func TestWriterHeaderAndTrailer(t *testing.T) {
	tests := []struct {
		name string
		mode string
		want string
	}{
		{"no mode", "", "HDR,\"APP\",\"OXF\",00000089,20110505180000,\"1.0\",\nTRL,0\n"},
		{"full", "FULL", "HDR,\"APP\",\"OXF\",00000089,20110505180000,\"1.0\",\"FULL\"\nTRL,0\n"},
		{"change", "CHANGE", "HDR,\"APP\",\"OXF\",00000089,20110505180000,\"1.0\",\"CHANGE\"\nTRL,0\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf, appTestName(), Header{CreatedAt: time.Date(2011, 5, 5, 18, 0, 0, 0, time.UTC), Mode: tc.mode})
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tc.want {
				t.Errorf("got %q, want %q", buf.String(), tc.want)
			}
			if err := w.Close(); err != nil {
				t.Errorf("second Close: %v", err)
			}
			if _, err := w.Write("APP", make([]string, 33)); err == nil {
				t.Error("Write after Close succeeded")
			}
		})
	}
}

func TestWriterHeaderErrors(t *testing.T) {
	tests := []struct {
		name string
		n    Name
		hdr  Header
	}{
		{"no createdAt", appTestName(), Header{}},
		{"createdAt another day", appTestName(), Header{CreatedAt: time.Date(2011, 5, 6, 0, 0, 0, 0, time.UTC)}},
		{"bad mode", appTestName(), Header{CreatedAt: time.Date(2011, 5, 5, 18, 0, 0, 0, time.UTC), Mode: "PART"}},
		{"bad name", Name{Deanery: "OX", Type: "APP", Date: time.Date(2011, 5, 5, 0, 0, 0, 0, time.UTC)}, Header{CreatedAt: time.Date(2011, 5, 5, 18, 0, 0, 0, time.UTC)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf, tc.n, tc.hdr)
			if err := w.Close(); !errors.Is(err, ErrInvalidValue) {
				t.Errorf("Close = %v, want ErrInvalidValue", err)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %q", buf.String())
			}
		})
	}
}

// TestWriterEncoding checks the exact encoding of section 6, field by field.
func TestWriterEncoding(t *testing.T) {
	base := map[string]string{
		"effectiveDate": "20110505", "deaneryNumber": "OXF/R7H01/140/STR/004", "positionId": "2345678",
		"positionNumber": "41200567", "projectedHireDate": "20110803", "firstName": "Priya", "lastName": "Sharma",
		"dob": "19860214",
	}
	const prefix = `APP,20110505,"OXF/R7H01/140/STR/004",2345678,"41200567",20110803,,,"Priya",,"Sharma",,19860214,`
	tests := []struct {
		name  string
		set   map[string]string
		want  string // the line after prefix
		flags []string
		err   bool
	}{
		{"nulls unquoted", nil, ",,,,,,,,,,,,,,,,,,,", nil, false},
		{"quote doubled", map[string]string{"address1": `The "Old" Mill`}, `,,,,,,,,,"The ""Old"" Mill",,,,,,,,,,`, nil, false},
		{"comma kept in quotes", map[string]string{"postcode": "YO12 5EX,"}, `,,,,,,,,,,,,,,"YO12 5EX,",,,,,`, nil, false},
		{"backslash plain", map[string]string{"address1": `Mill\`}, `,,,,,,,,,"Mill\",,,,,,,,,,`, nil, false},
		{"wte two decimals", map[string]string{"wte": "1"}, `,,,,,,,,,,,,,,,,,1.00,,`, nil, false},
		{"wte kept", map[string]string{"wte": "0.65"}, `,,,,,,,,,,,,,,,,,0.65,,`, nil, false},
		{"wte rounded half up", map[string]string{"wte": "0.655"}, `,,,,,,,,,,,,,,,,,0.66,,`, nil, false},
		{"truncated", map[string]string{"gender": "Female"}, `"F",,,,,,,,,,,,,,,,,,,`, []string{"gender:TRUNCATED"}, false},
		{"truncated by characters", map[string]string{"nationality": "ÉÉÉ"}, `,,,,,,,,,,,,,,,,"ÉÉ",,,`, []string{"nationality:TRUNCATED"}, false},
		{"line break refused", map[string]string{"address1": "a\nb"}, "", nil, true},
		{"bad UTF-8 refused", map[string]string{"address1": "\xff"}, "", nil, true},
		{"bad date refused", map[string]string{"registrationExpiryDate": "20200231"}, "", nil, true},
		{"bad number refused", map[string]string{"wte": "1,0"}, "", nil, true},
		{"negative refused", map[string]string{"wte": "-1"}, "", nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vals := map[string]string{}
			for k, v := range base {
				vals[k] = v
			}
			for k, v := range tc.set {
				vals[k] = v
			}
			var buf bytes.Buffer
			w := NewWriter(&buf, appTestName(), Header{CreatedAt: time.Date(2011, 5, 5, 18, 0, 0, 0, time.UTC)})
			flags, err := w.Write("APP", values(t, "APP", vals))
			if tc.err {
				if !errors.Is(err, ErrInvalidValue) {
					t.Fatalf("Write = %v, want ErrInvalidValue", err)
				}
				if !strings.HasPrefix(err.Error(), "DE_OXF_APP_20110505_00000089.DAT:2: APP ") {
					t.Errorf("error %q has no position", err)
				}
				if w.Count() != 0 {
					t.Error("a refused record was counted")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, f := range flags {
				codes = append(codes, f.Field+":"+f.Code)
			}
			if diff := cmp.Diff(tc.flags, codes); diff != "" {
				t.Errorf("flags (-want +got):\n%s", diff)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			got := strings.Split(buf.String(), "\n")[1]
			if got != prefix+tc.want {
				t.Errorf("line\n got %s\nwant %s", got, prefix+tc.want)
			}
		})
	}
}

func TestWriterRecordErrors(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, appTestName(), Header{CreatedAt: time.Date(2011, 5, 5, 18, 0, 0, 0, time.UTC)})
	for name, write := range map[string]func() error{
		"type not allowed": func() error { _, err := w.Write("POS", make([]string, 16)); return err },
		"unknown type":     func() error { _, err := w.Write("XYZ", nil); return err },
		"value count":      func() error { _, err := w.Write("APP", make([]string, 32)); return err },
		"recordType value": func() error { _, err := w.Write("APP", append([]string{"APC"}, make([]string, 32)...)); return err },
	} {
		if err := write(); !errors.Is(err, ErrInvalidValue) {
			t.Errorf("%s: %v, want ErrInvalidValue", name, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(buf.String(), "\nTRL,0\n") {
		t.Errorf("refused records reached the file: %q", buf.String())
	}
}

// TestWriterFaults: the writer writes the faults of real files as given.
func TestWriterFaults(t *testing.T) {
	var buf bytes.Buffer
	n := Name{Deanery: "WES", Type: "RMC", Date: time.Date(2013, 6, 12, 0, 0, 0, 0, time.UTC), Seq: 311}
	w := NewWriter(&buf, n, Header{CreatedAt: time.Date(2013, 6, 12, 14, 30, 0, 0, time.UTC), Mode: "CHANGE"})
	_, recs, err := readString(t, rmcName, wrap(rmcHDR, porLine))
	if err != nil {
		t.Fatal(err)
	}
	vals := append([]string(nil), recs[0].Values...)
	vals[10] = "96"
	if _, err := w.Write("POR", vals); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := wrap(rmcHDR, strings.Replace(porLine, ",057,", ",96,", 1))
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestFormatDecimal(t *testing.T) {
	tests := []struct {
		in   string
		m    int
		want string
		err  bool
	}{
		{"1", 2, "1.00", false},
		{"0.65", 2, "0.65", false},
		{"0.65", 1, "0.7", false},
		{"0.15", 1, "0.2", false},
		{"0.05", 1, "0.1", false},
		{"0.649", 1, "0.6", false},
		{"0.95", 1, "1.0", false},
		{"9.96", 1, "10.0", false},
		{"1.0", 0, "1", false},
		{"1.5", 0, "2", false},
		{".5", 2, "0.50", false},
		{"007.5", 1, "7.5", false},
		{" 1 ", 2, "1.00", false},
		{"-0.65", 1, "-0.7", false},
		{"-0.01", 1, "0.0", false},
		{"", 1, "", true},
		{".", 1, "", true},
		{"1.2.3", 1, "", true},
		{"1e3", 1, "", true},
		{"abc", 1, "", true},
	}
	for _, tc := range tests {
		got, err := FormatDecimal(tc.in, tc.m)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("FormatDecimal(%q, %d) = %q, %v; want %q, error %v", tc.in, tc.m, got, err, tc.want, tc.err)
		}
	}
	for _, tc := range []struct {
		f    float64
		m    int
		want string
	}{{0.65, 1, "0.7"}, {0.15, 1, "0.2"}, {1, 2, "1.00"}, {0.6, 2, "0.60"}, {1e-7, 2, "0.00"}} {
		if got, err := FormatFloat(tc.f, tc.m); err != nil || got != tc.want {
			t.Errorf("FormatFloat(%v, %d) = %q, %v; want %q", tc.f, tc.m, got, err, tc.want)
		}
	}
}
