package ident

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// got is the part of a Result the tables compare: messages are checked
// apart (TestMessages), so that rewording one does not touch every row.
type got struct {
	Value string
	Null  bool
	Valid bool
	Codes []string
}

func summary(r Result) got {
	g := got{Value: r.Value, Null: r.Null, Valid: r.Valid}
	for _, f := range r.Flags {
		g.Codes = append(g.Codes, f.Code)
	}
	return g
}

func ok(v string) got        { return got{Value: v, Valid: true} }
func bad(v, code string) got { return got{Value: v, Codes: []string{code}} }

var null = got{Null: true, Valid: true}

type checkCase struct {
	raw  string
	want got
}

// checkTable holds the examples of domain section 3 and the faults of 10.4,
// valid and invalid, for every rule.
var checkTable = map[Rule][]checkCase{
	GMC: {
		{"7012345", ok("7012345")},
		{" 70 12 345 ", ok("7012345")},
		{"", null},
		{"   ", null},
		{"UNKNOWN", got{Null: true, Valid: true, Codes: []string{"GMC_PLACEHOLDER"}}},
		{" unknown ", got{Null: true, Valid: true, Codes: []string{"GMC_PLACEHOLDER"}}},
		{"n/a", got{Null: true, Valid: true, Codes: []string{"GMC_PLACEHOLDER"}}},
		{"N/A", got{Null: true, Valid: true, Codes: []string{"GMC_PLACEHOLDER"}}},
		{"701234", bad("701234", "GMC_INVALID")},
		{"70123456", bad("70123456", "GMC_INVALID")},
		{"G701234", bad("G701234", "GMC_INVALID")},
	},
	NINO: {
		{"JC123456A", ok("JC123456A")},
		{"jc 12 34 56 a", ok("JC123456A")},
		{"AB123456C", ok("AB123456C")},
		{"OA123456D", ok("OA123456D")},
		{"TN010186M", bad("TN010186M", "NINO_INVALID")}, // temporary form
		{"TN010186F", bad("TN010186F", "NINO_INVALID")},
		{"JC123456", bad("JC123456", "NINO_INVALID")},   // no suffix
		{"JC12O456A", bad("JC12O456A", "NINO_INVALID")}, // O for zero
		{"BG123456A", bad("BG123456A", "NINO_INVALID")},
		{"GB123456A", bad("GB123456A", "NINO_INVALID")},
		{"KN123456A", bad("KN123456A", "NINO_INVALID")},
		{"NK123456A", bad("NK123456A", "NINO_INVALID")},
		{"NT123456A", bad("NT123456A", "NINO_INVALID")},
		{"TN123456A", bad("TN123456A", "NINO_INVALID")},
		{"ZZ123456A", bad("ZZ123456A", "NINO_INVALID")},
		{"DA123456A", bad("DA123456A", "NINO_INVALID")}, // first letter D
		{"FA123456A", bad("FA123456A", "NINO_INVALID")},
		{"IA123456A", bad("IA123456A", "NINO_INVALID")},
		{"QA123456A", bad("QA123456A", "NINO_INVALID")},
		{"UA123456A", bad("UA123456A", "NINO_INVALID")},
		{"VA123456A", bad("VA123456A", "NINO_INVALID")},
		{"AO123456A", bad("AO123456A", "NINO_INVALID")}, // second letter O
		{"AD123456A", bad("AD123456A", "NINO_INVALID")},
		{"AB123456E", bad("AB123456E", "NINO_INVALID")}, // suffix
		{"AB1234567", bad("AB1234567", "NINO_INVALID")},
		{"ÄB123456C", bad("ÄB123456C", "NINO_INVALID")},
		{"", null},
	},
	DPN: {
		{"WES/J82150/800/GPST/003", ok("WES/J82150/800/GPST/003")},
		{"EOE/RGT00/030/STR/001", ok("EOE/RGT00/030/STR/001")},
		{"NWN/RXV06/998/GPST/001/P", ok("NWN/RXV06/998/GPST/001/P")},
		{"LDN/BDH/800/LT/001", ok("LDN/BDH/800/LT/001")},
		{" oxf/r7h01/140/str/004 ", ok("OXF/R7H01/140/STR/004")},
		{"LDN/BARNET/IMT3/STR(H)/012/A", ok("LDN/BARNET/IMT3/STR(H)/012/A")},
		{"OUTH/R7H01/010/FY1/002", ok("OUTH/R7H01/010/FY1/002")},
		{"OXF/R7H01/010/FY1/02", bad("OXF/R7H01/010/FY1/02", "DPN_INVALID")},
		{"OXF/R7H01/010/FY1", bad("OXF/R7H01/010/FY1", "DPN_INVALID")},
		{"OXF/R7H01/010/FY1/002/X", bad("OXF/R7H01/010/FY1/002/X", "DPN_INVALID")},
		{"O/R7H01/010/FY1/002", bad("O/R7H01/010/FY1/002", "DPN_INVALID")},
		{"OXF/R7H01234567/010/FY1/002", bad("OXF/R7H01234567/010/FY1/002", "DPN_INVALID")},
		{"OXFD/ABCDEFGHIJ/ABCDEF/ABCDEFGH/001/S", bad("OXFD/ABCDEFGHIJ/ABCDEF/ABCDEFGH/001/S", "DPN_INVALID")}, // 37 > 30
		{"OXF R7H01 010", bad("OXF R7H01 010", "DPN_INVALID")},
	},
	POSID: {
		{"7612045", ok("7612045")},
		{" 2345702 ", ok("2345702")},
		{"123456789012345", ok("123456789012345")},
		{"0612045", bad("0612045", "POSID_INVALID")},
		{"1234567890123456", bad("1234567890123456", "POSID_INVALID")},
		{"76A2045", bad("76A2045", "POSID_INVALID")},
	},
	POSNO: {
		{"34620918", ok("34620918")},
		{"0041200601", ok("0041200601")},
		{"41200601 ", ok("41200601")},
		{"12345678901", bad("12345678901", "POSNO_INVALID")},
		{"3462-0918", bad("3462-0918", "POSNO_INVALID")},
	},
	PERNO: {
		{"12345678", ok("12345678")},
		{"1", ok("1")},
		{"012345678", bad("012345678", "PERNO_INVALID")},
		{"12345678901", bad("12345678901", "PERNO_INVALID")},
	},
	APPNO: {
		{"60012345", ok("60012345")},
		{"APP-0001", ok("APP-0001")},
		{"app-0001", bad("app-0001", "APPNO_INVALID")}, // trim only: case is kept
		{strings.Repeat("9", 31), bad(strings.Repeat("9", 31), "APPNO_INVALID")},
		{"6001 2345", bad("6001 2345", "APPNO_INVALID")},
	},
	ASGID: {
		{"301234567", ok("301234567")},
		{"0301234567", bad("0301234567", "ASGID_INVALID")},
		{"30123456x", bad("30123456x", "ASGID_INVALID")},
	},
	VPD: {
		{"057", ok("057")},
		{" 112 ", ok("112")},
		{"96", got{Value: "096", Valid: true, Codes: []string{"VPD_UNPADDED"}}},
		{"7", got{Value: "007", Valid: true, Codes: []string{"VPD_UNPADDED"}}},
		{"0096", got{Value: "096", Valid: true, Codes: []string{"VPD_UNPADDED"}}},
		{"1096", bad("1096", "VPD_INVALID")},
		{"00096", bad("00096", "VPD_INVALID")},
		{"9A", bad("9A", "VPD_INVALID")},
	},
	NTN: {
		{"OXF/140/012/C", ok("OXF/140/012/C")},
		{" oxf/140/012/c ", ok("OXF/140/012/C")},
		{"LDN 800 27-C", ok("LDN 800 27-C")},
		{"OXF/140/012/C/EXTRA/TOO", bad("OXF/140/012/C/EXTRA/TOO", "NTN_INVALID")},
		{"OXF.140.012.C", bad("OXF.140.012.C", "NTN_INVALID")},
	},
	PCODE: {
		{"OX14 3PL", ok("OX14 3PL")},
		{"ox143pl", ok("OX14 3PL")},
		{" SO23  8AB ", ok("SO23 8AB")},
		{"M1 1AE", ok("M1 1AE")},
		{"m11ae", ok("M1 1AE")},
		{"EC1A 1BB", ok("EC1A 1BB")},
		{"W1A 0AX", ok("W1A 0AX")},
		{"GIR0AA", ok("GIR 0AA")},
		{"YO12 5EX,", bad("YO125EX,", "PCODE_INVALID")},
		{"Doha, Qatar", bad("DOHA,QATAR", "PCODE_INVALID")},
		{"OX14 3CL", bad("OX14 3CL", "PCODE_INVALID")}, // C is not an inward letter
		{"1X14 3PL", bad("1X14 3PL", "PCODE_INVALID")},
		{"OX1", bad("OX1", "PCODE_INVALID")},
	},
	EMAIL: {
		{"priya.sharma@example.com", ok("priya.sharma@example.com")},
		{" Priya.Sharma@NHSmail.example ", ok("priya.sharma@nhsmail.example")},
		{"priya.sharma@example", bad("priya.sharma@example", "EMAIL_INVALID")},
		{"priya sharma@example.com", bad("priya sharma@example.com", "EMAIL_INVALID")},
		{"a@b@example.com", bad("a@b@example.com", "EMAIL_INVALID")},
		{strings.Repeat("a", 230) + "@example.com", bad(strings.Repeat("a", 230)+"@example.com", "EMAIL_INVALID")},
	},
	DATE: {
		{"19860214", ok("19860214")},
		{" 20200229 ", ok("20200229")},
		{"19000101", ok("19000101")},
		{"20991231", ok("20991231")},
		{"20200231", bad("20200231", "DATE_INVALID")},
		{"20190229", bad("20190229", "DATE_INVALID")},
		{"18991231", bad("18991231", "DATE_INVALID")},
		{"21000101", bad("21000101", "DATE_INVALID")},
		{"31/02/2020", bad("31/02/2020", "DATE_INVALID")},
		{"1986-02-14", bad("1986-02-14", "DATE_INVALID")},
		{"2020021", bad("2020021", "DATE_INVALID")},
	},
	TS: {
		{"20110505180000", ok("20110505180000")},
		{"20130611235959", ok("20130611235959")},
		{"20130611240000", bad("20130611240000", "TS_INVALID")},
		{"20130611200060", bad("20130611200060", "TS_INVALID")},
		{"20200231120000", bad("20200231120000", "TS_INVALID")},
		{"201306112000", bad("201306112000", "TS_INVALID")},
	},
	DEAN: {
		{"OXF", ok("OXF")},
		{" wal ", ok("WAL")},
		{"LDN", ok("LDN")},
		{"SW", bad("SW", "DEAN_INVALID")},
		{"XYZ", bad("XYZ", "DEAN_INVALID")},
	},
	TRUST: {
		{"R7H", ok("R7H")},
		{"r1k", ok("R1K")},
		{"RGT00", ok("RGT00")},
		{"R7", bad("R7", "TRUST_INVALID")},
		{"R7H001", bad("R7H001", "TRUST_INVALID")},
		{"R-7H", bad("R-7H", "TRUST_INVALID")},
	},
	SITE: {
		{"R7H01", ok("R7H01")},
		{"J82150", ok("J82150")},
		{"barnet", ok("BARNET")},
		{"NOT KNOWN", bad("NOT KNOWN", "SITE_INVALID")},
		{"ABCDEFGHIJK", bad("ABCDEFGHIJK", "SITE_INVALID")},
	},
	NAME: {
		{"Sharma", ok("Sharma")},
		{"  Zoë   O'Brien-Hart ", ok("Zoë O'Brien-Hart")},
		{"Tomás", ok("Tomás")},
		{"Priya\tAnjali", ok("Priya Anjali")},
		{"X", ok("X")},
		{"14 Mill Lane", ok("14 Mill Lane")},
		{"123", bad("123", "NAME_INVALID")},
		{"--", bad("--", "NAME_INVALID")},
		{strings.Repeat("a", 151), bad(strings.Repeat("a", 151), "NAME_INVALID")},
	},
	PHONE: {
		{"07700 900123", ok("07700 900123")},
		{"+44 7700 900123", ok("+44 7700 900123")},
		{"020 7946 0000", ok("020 7946 0000")},
		{"0161 496 0999", ok("0161 496 0999")},
		{"07700 9001", bad("07700 9001", "PHONE_INVALID")},
		{"0770-090-0123", bad("0770-090-0123", "PHONE_INVALID")},
		{"4407700900123456", bad("4407700900123456", "PHONE_INVALID")},
		{"07700 +900123", bad("07700 +900123", "PHONE_INVALID")},
	},
}

func TestCheck(t *testing.T) {
	for _, rule := range Rules() {
		cases := checkTable[rule]
		if len(cases) == 0 {
			t.Errorf("%s: no test cases", rule)
		}
		for _, c := range cases {
			if diff := cmp.Diff(c.want, summary(Check(rule, c.raw))); diff != "" {
				t.Errorf("Check(%s, %q) mismatch (-want +got):\n%s", rule, c.raw, diff)
			}
		}
	}
}

func TestCheckBlankIsNull(t *testing.T) {
	for _, rule := range Rules() {
		for _, raw := range []string{"", " ", "\t \r\n"} {
			if diff := cmp.Diff(null, summary(Check(rule, raw))); diff != "" {
				t.Errorf("Check(%s, %q) mismatch (-want +got):\n%s", rule, raw, diff)
			}
		}
	}
}

func TestCheckUnknownRule(t *testing.T) {
	r := Check(Rule("NOPE"), "x")
	if r.Valid || !r.HasFlag("RULE_UNKNOWN") || r.Value != "x" {
		t.Errorf("Check(NOPE, x) = %+v, want kept, invalid, RULE_UNKNOWN", r)
	}
}

func TestCheckInvalidUTF8(t *testing.T) {
	r := Check(NAME, "Ab\xffc")
	want := got{Value: "Ab\uFFFDc", Codes: []string{"NAME_INVALID"}}
	if diff := cmp.Diff(want, summary(r)); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestParseRule(t *testing.T) {
	for _, r := range Rules() {
		if got, ok := ParseRule(string(r)); !ok || got != r {
			t.Errorf("ParseRule(%q) = %q, %v", r, got, ok)
		}
	}
	if _, ok := ParseRule("gmc"); ok {
		t.Error(`ParseRule("gmc") accepted a lower-case name`)
	}
}
