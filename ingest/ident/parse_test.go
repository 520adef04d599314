package ident

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseDPN(t *testing.T) {
	tests := []struct {
		in   string
		want ParsedDPN
	}{
		{"WES/J82150/800/GPST/003", ParsedDPN{"WES", "J82150", "800", "GPST", "003", ""}},
		{"EOE/RGT00/030/STR/001", ParsedDPN{"EOE", "RGT00", "030", "STR", "001", ""}},
		{"NWN/RXV06/998/GPST/001/P", ParsedDPN{"NWN", "RXV06", "998", "GPST", "001", "P"}},
		{"LDN/BDH/800/LT/001", ParsedDPN{"LDN", "BDH", "800", "LT", "001", ""}},
		{" ldn/barnet/imt3/str(h)/012 ", ParsedDPN{"LDN", "BARNET", "IMT3", "STR(H)", "012", ""}},
	}
	for _, tt := range tests {
		got, err := ParseDPN(tt.in)
		if err != nil {
			t.Errorf("ParseDPN(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseDPN(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
		if got.String() != Check(DPN, tt.in).Value {
			t.Errorf("ParseDPN(%q).String() = %q, want the normalised value", tt.in, got.String())
		}
	}
}

func TestParseDPNError(t *testing.T) {
	_, err := ParseDPN("OXF/R7H01/010/FY1/02/Q")
	var e *Error
	if !errors.Is(err, ErrInvalid) || !errors.As(err, &e) || e.Code != "DPN_INVALID" {
		t.Fatalf("ParseDPN error = %v, want an *Error DPN_INVALID under ErrInvalid", err)
	}
	want := `DPN_INVALID: post number "OXF/R7H01/010/FY1/02/Q": counter part "02", want 3 digits`
	if err.Error() != want {
		t.Errorf("error\n got %s\nwant %s", err, want)
	}
}

func TestParseDate(t *testing.T) {
	got, err := ParseDate(" 20200229 ")
	if err != nil || !got.Equal(time.Date(2020, 2, 29, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("ParseDate(20200229) = %v, %v", got, err)
	}
	for _, bad := range []string{"", "20200231", "2020-02-29", "18991231", "21000101", "２０２００２２９"} {
		if _, err := ParseDate(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseDate(%q) error = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestParseTimestamp(t *testing.T) {
	got, err := ParseTimestamp("20130611200000")
	if err != nil || !got.Equal(time.Date(2013, 6, 11, 20, 0, 0, 0, time.UTC)) {
		t.Errorf("ParseTimestamp = %v, %v", got, err)
	}
	if FormatTimestamp(got) != "2013-06-11 20:00:00" {
		t.Errorf("FormatTimestamp = %q", FormatTimestamp(got))
	}
	if _, err := ParseTimestamp("20130611250000"); !errors.Is(err, ErrInvalid) {
		t.Errorf("hour 25 accepted: %v", err)
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct {
		f       func(string) (string, error)
		in, out string
		wantErr bool
	}{
		{CanonicalDate, "19860214", "1986-02-14", false},
		{CanonicalDate, "  ", "", false},
		{CanonicalDate, "20200231", "", true},
		{CanonicalTimestamp, "20110505180000", "2011-05-05 18:00:00", false},
		{CanonicalTimestamp, "", "", false},
		{CanonicalTimestamp, "2011050518", "", true},
	}
	for _, tt := range tests {
		got, err := tt.f(tt.in)
		if got != tt.out || (err != nil) != tt.wantErr {
			t.Errorf("canonical(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.out, tt.wantErr)
		}
	}
}

func TestAge(t *testing.T) {
	d := func(s string) time.Time { t, _ := ParseDate(s); return t }
	tests := []struct {
		birth, asOf string
		age         int
	}{
		{"19860214", "20110505", 25},
		{"19860214", "20110214", 25},
		{"19860214", "20110213", 24},
		{"19840229", "20110228", 26},
		{"19840229", "20110301", 27},
	}
	for _, tt := range tests {
		if got := Age(d(tt.birth), d(tt.asOf)); got != tt.age {
			t.Errorf("Age(%s, %s) = %d, want %d", tt.birth, tt.asOf, got, tt.age)
		}
	}
}

func TestCheckBirthDate(t *testing.T) {
	asOf := time.Date(2011, 5, 5, 0, 0, 0, 0, time.UTC)
	implausible := func(v string) got {
		return got{Value: v, Valid: true, Codes: []string{"DOB_IMPLAUSIBLE"}}
	}
	tests := []struct {
		raw  string
		want got
	}{
		{"19860214", ok("19860214")},
		{"19910505", ok("19910505")},                  // 20 today
		{"19910506", implausible("19910506")},         // 19
		{"19350506", ok("19350506")},                  // 75
		{"19350505", implausible("19350505")},         // 76 today
		{"20100101", implausible("20100101")},         // a child
		{"20200231", bad("20200231", "DATE_INVALID")}, // not a date: no age
		{"", null},
	}
	for _, tt := range tests {
		r := CheckBirthDate(tt.raw, asOf)
		if diff := cmp.Diff(tt.want, summary(r)); diff != "" {
			t.Errorf("CheckBirthDate(%q) mismatch (-want +got):\n%s", tt.raw, diff)
		}
	}
	r := CheckBirthDate("20100101", asOf)
	if want := `date of birth "2010****": age on 2011-05-05 is under 20`; r.Flags[0].Message != want {
		t.Errorf("message %q, want %q", r.Flags[0].Message, want)
	}
}

func TestResultErr(t *testing.T) {
	if err := Check(GMC, "7012345").Err(); err != nil {
		t.Errorf("valid value: Err() = %v", err)
	}
	if err := Check(VPD, "96").Err(); err != nil {
		t.Errorf("padded VPD is valid: Err() = %v", err)
	}
	err := Check(NINO, "JC123456").Err()
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("invalid NINO: Err() = %v, want ErrInvalid", err)
	}
}
