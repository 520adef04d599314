package ident

import (
	"strings"
	"testing"
)

// TestMessages pins the wording of flags: each names the problem and shows
// personal values only masked.
func TestMessages(t *testing.T) {
	tests := []struct {
		rule Rule
		raw  string
		want string
	}{
		{NINO, "TN010186M", `NI number "TN****86M": temporary TN number (birth date and M/F), not an NI number`},
		{NINO, "JC123456", `NI number "JC***456": 8 characters, suffix letter missing`},
		{NINO, "JC12O456A", `NI number "JC****56A": letter O where a digit (zero) is expected`},
		{NINO, "GB123456A", `NI number "GB****56A": prefix is never allocated`},
		{NINO, "DA123456A", `NI number "DA****56A": first letter not allowed`},
		{NINO, "AO123456A", `NI number "AO****56A": second letter not allowed`},
		{NINO, "AB123456E", `NI number "AB****56E": suffix must be A–D`},
		{NINO, "AB12345", `NI number "AB**345": 7 characters, want 9`},
		{NINO, "AB12X456C", `NI number "AB****56C": characters 3–8 must be digits`},
		{PCODE, "YO12 5EX,", `postcode "YO*****,": characters other than letters and digits`},
		{PCODE, "Doha, Qatar", `postcode "DO**,*****": characters other than letters and digits`},
		{PCODE, "OX1", `postcode "OX*": 3 letters and digits, want 5–7`},
		{PCODE, "OX14 3CL", `postcode "OX** ***": not a UK postcode shape (outward code, space, digit and two letters)`},
		{DATE, "20200231", `date "2020****": not a real date`},
		{DATE, "31/02/2020", `date "**/**/****": want YYYYMMDD`},
		{DATE, "18991231", `date "1899****": year outside 1900–2099`},
		{TS, "20130611240000", `timestamp "2013**********": not a real timestamp`},
		{DPN, "OXF/R7H01/010/FY1/02", `post number "OXF/R7H01/010/FY1/02": counter part "02", want 3 digits`},
		{DPN, "OXF/R7H01/010", `post number "OXF/R7H01/010": 3 parts, want BODY/SITE/SPEC/GRADE/NNN[/SUFFIX]`},
		{GMC, "70123", `GMC number "70123": want 7 digits`},
		{GMC, "Unknown", `GMC number "Unknown" is a placeholder, read as null`},
		{VPD, "96", `VPD code "96" read as "096"`},
		{NAME, "123", `name "1**": no letter`},
		{EMAIL, "priya@example", `email "p****@*******": want one @ and a dotted domain, no spaces`},
		{PHONE, "07700 9001", `telephone "0**** ****": 9 digits, want 10–15`},
		{DEAN, "XYZ", `deanery code "XYZ": not a deanery code of domain 2.1`},
	}
	for _, tt := range tests {
		r := Check(tt.rule, tt.raw)
		if len(r.Flags) != 1 {
			t.Errorf("Check(%s, %q): %d flags, want 1: %+v", tt.rule, tt.raw, len(r.Flags), r.Flags)
			continue
		}
		if got := r.Flags[0].Message; got != tt.want {
			t.Errorf("Check(%s, %q) message\n got %s\nwant %s", tt.rule, tt.raw, got, tt.want)
		}
	}
}

func TestMessageCutsLongValues(t *testing.T) {
	r := Check(APPNO, strings.Repeat("x", 500))
	if n := len([]rune(r.Flags[0].Message)); n > 100 {
		t.Errorf("message of %d characters, want a short one: %s", n, r.Flags[0].Message)
	}
}

func TestMask(t *testing.T) {
	tests := []struct {
		rule       Rule
		value, out string
	}{
		{NINO, "AB123456C", "AB****56C"},
		{NINO, "AB1", "A**"},
		{NINO, "A", "*"},
		{PCODE, "OX14 3PL", "OX** ***"},
		{DATE, "19860214", "1986****"},
		{TS, "20130611200000", "2013**********"},
		{DATE, "1986-02-14", "****-**-**"},
		{NAME, "Zoë O'Brien-Hart", "Z** *'*****-****"},
		{EMAIL, "p.s@example.com", "p.*@*******.***"},
		{PHONE, "+44 7700 900123", "+** **** ******"},
		{DPN, "OXF/R7H01/010/FY1/002", "OXF/R7H01/010/FY1/002"},
		{GMC, "7012345", "7012345"},
	}
	for _, tt := range tests {
		if got := Mask(tt.rule, tt.value); got != tt.out {
			t.Errorf("Mask(%s, %q) = %q, want %q", tt.rule, tt.value, got, tt.out)
		}
	}
}
