package iface

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

const (
	appName = "DE_OXF_APP_20110505_00000089.DAT"
	appHDR  = `HDR,"APP","OXF",00000089,20110505180000,"1.0",`
	// appLine is Dr Sharma's record of the 7.11 APP example.
	appLine = `APP,20110505,"OXF/R7H01/140/STR/004",2345678,"41200567",20110803,20120731,"Dr","Priya","Anjali","Sharma",,19860214,"F","JC123456A","OXF/140/012/C","General Medical Council","7012345",,"priya.sharma@example.com",,"07700 900123","14 Mill Lane",,,"Abingdon",,"OX14 3PL","GB","GB",1.00,"ST1","000048213"`
	rmcName = "DE_WES_RMC_20130612_00000311.DAT"
	rmcHDR  = `HDR,"RMC","WES",00000311,20130612143000,"1.0","CHANGE"`
	// posLine is the real POS line of the 2020-08-05 incident (7.6).
	posLine = `POS,7607373,,"C","34611829","Medical and Dental\","Specialty Registrar (Cornerways)","800","General Practice","WES/J82150/800/GPST/003","WES","RBD","NHS","MS02","Specialty Registrar ST2/ SpR2",""`
	porLine = `POR,7612045,,"C","34620918","Specialty Registrar (Cornerways Surgery)","WES/R4K52/800/GPST/003","WES","Lead Employer","R4K",057,"Westbury Primary Care Training NHS Trust","Cornerways Surgery"`
	addLine = `ADD,12345678,20130611200000,"C",057,20130601,"9 Chapel Row",,,"Winchester",,"SO23 8AB","GB"`
	stfName = "DE_WES_STF_20130630_00000014.DAT"
	stfHDR  = `HDR,"STF","WES",00000014,20130630230000,"1.0","CHANGE"`
	stfLine = `STF,12345678,"Sharma","Priya","Anjali",,"Dr.","F",19860214,"JC123456A","7012345","9 Chapel Row",,,"Winchester","SO23 8AB","priya.sharma@nhsmail.example",301377120,1,7612045,"34620918","WES/R4K52/800/GPST/003",057,"Lead Employer","Medical and Dental","MS01","800",20130807,20140204,,"ACTIVE",,1.00,20130611200000`
)

// wrap builds a file: the header, the records, and a TRL counting them.
func wrap(hdr string, recs ...string) string {
	return lines(append(append([]string{hdr}, recs...), fmt.Sprintf("TRL,%d", len(recs)))...)
}

// setField replaces field i (0-based) of a line written in the writer's
// encoding; the line must have no comma inside quotes before field i+1.
func setField(line string, i int, v string) string {
	parts := strings.Split(line, ",")
	parts[i] = v
	return strings.Join(parts, ",")
}

// readOne reads a file that must open and end cleanly, with one record.
func readOne(t *testing.T, name, text string) Record {
	t.Helper()
	_, recs, err := readString(t, name, text)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if len(recs) != 1 {
		t.Fatalf("read %d records, want 1", len(recs))
	}
	return recs[0]
}

func flagCodes(rec Record) []string {
	var codes []string
	for _, f := range rec.Flags {
		codes = append(codes, f.Field+":"+f.Code)
	}
	return codes
}

// TestHazardBackslash reads the real POS line of the 2020 incident: the
// backslash is an ordinary character and the quote after it closes the field.
func TestHazardBackslash(t *testing.T) {
	rec := readOne(t, rmcName, wrap(rmcHDR, posLine))
	if rec.Reject != nil {
		t.Fatalf("rejected: %v", rec.Reject)
	}
	if got := rec.Get("positionTitle"); got != `Medical and Dental\` {
		t.Errorf("positionTitle = %q", got)
	}
	if got := rec.Get("occupationCode"); got != "Specialty Registrar (Cornerways)" {
		t.Errorf("occupationCode = %q", got)
	}
	if got := rec.Get("workplaceOrg"); got != "" {
		t.Errorf(`workplaceOrg "" = %q, want null`, got)
	}
	if diff := cmp.Diff([]string{"positionTitle:TRAILING_BACKSLASH"}, flagCodes(rec)); diff != "" {
		t.Errorf("flags (-want +got):\n%s", diff)
	}
}

// TestHazardCommaInPostcode: RFC 4180 keeps commas inside quotes, so the
// record keeps its field count; PCODE flags the values.
func TestHazardCommaInPostcode(t *testing.T) {
	tests := []struct{ name, file, line, field, postcode string }{
		{"APP Doha", appName, "", "postcode", "Doha, Qatar"},
		{"APP YO12", appName, "", "postcode", "YO12 5EX,"},
		{"ADD Doha", rmcName, addLine, "postcode", "Doha, Qatar"},
		{"STF YO12", stfName, stfLine, "postcode", "YO12 5EX,"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var text string
			quoted := `"` + tc.postcode + `"`
			switch tc.file {
			case appName:
				text = wrap(appHDR, strings.Replace(appLine, `"OX14 3PL"`, quoted, 1))
			case rmcName:
				text = wrap(rmcHDR, strings.Replace(tc.line, `"SO23 8AB"`, quoted, 1))
			default:
				text = wrap(stfHDR, strings.Replace(tc.line, `"SO23 8AB"`, quoted, 1))
			}
			rec := readOne(t, tc.file, text)
			if rec.Reject != nil {
				t.Fatalf("rejected: %v", rec.Reject)
			}
			if !rec.HasFlag("PCODE_INVALID") {
				t.Errorf("flags %v, want PCODE_INVALID", rec.Flags)
			}
			if got := rec.Get("country"); tc.file != stfName && got != "GB" {
				t.Errorf("country = %q: fields shifted", got)
			}
			for _, f := range rec.Flags {
				if strings.Contains(f.Message, "Qatar") || strings.Contains(f.Message, "5EX") {
					t.Errorf("flag message shows the postcode in clear: %q", f.Message)
				}
			}
		})
	}
}

// TestHazardUnpaddedVPD: the 2021 incident, 96 for 096 in POR field 11.
func TestHazardUnpaddedVPD(t *testing.T) {
	rec := readOne(t, rmcName, wrap(rmcHDR, strings.Replace(porLine, ",057,", ",96,", 1)))
	if rec.Reject != nil {
		t.Fatalf("rejected: %v", rec.Reject)
	}
	if got := rec.Get("employingOrgVPDCode"); got != "096" {
		t.Errorf("employingOrgVPDCode = %q, want 096", got)
	}
	if diff := cmp.Diff([]string{"employingOrgVPDCode:VPD_UNPADDED"}, flagCodes(rec)); diff != "" {
		t.Errorf("flags (-want +got):\n%s", diff)
	}
}

// TestHazardDPNOver40: the London bucket post with 42 APP records.
func TestHazardDPNOver40(t *testing.T) {
	const bucket = "LDN/RAL01/800/GPST/001"
	var recs []string
	for i := 0; i < 42; i++ {
		l := strings.Replace(appLine, "OXF/R7H01/140/STR/004", bucket, 1)
		recs = append(recs, setField(l, 4, fmt.Sprintf("2345%03d", i)))
	}
	recs = append(recs, appLine) // another DPN, once
	r, got, err := readString(t, appName, wrap(appHDR, recs...))
	if err != nil || len(got) != 43 {
		t.Fatalf("read %d records: %v", len(got), err)
	}
	s := r.Summary()
	want := []Warning{{File: appName, Code: CodeDPNOver40, DPN: bucket, Count: 42,
		Message: "42 APP records for DPN " + bucket + ", more than 40: ESR quarantines the file"}}
	if diff := cmp.Diff(want, s.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if s.DPNCounts[bucket] != 42 || s.DPNCounts["OXF/R7H01/140/STR/004"] != 1 {
		t.Errorf("DPNCounts = %v", s.DPNCounts)
	}
}

func TestDPNAt40NoWarning(t *testing.T) {
	recs := make([]string, 40)
	for i := range recs {
		recs[i] = appLine
	}
	r, _, err := readString(t, appName, wrap(appHDR, recs...))
	if err != nil {
		t.Fatal(err)
	}
	if w := r.Summary().Warnings; len(w) != 0 {
		t.Errorf("warnings %v for exactly 40 records", w)
	}
}

// TestWholeFile covers each whole-file rejection of section 6.
func TestWholeFile(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		text     string
		code     string
		line     int
		atOpen   bool // NewReader fails, not Next
		nRecords int  // records returned before the error
	}{
		{"clean", appName, wrap(appHDR, appLine), "", 0, false, 1},
		{"clean no records", appName, wrap(appHDR), "", 0, false, 0},
		{"no bytes", appName, "", CodeEmptyFile, 0, true, 0},
		{"only a BOM and blank lines", appName, "\xEF\xBB\xBF\n\n", CodeEmptyFile, 0, true, 0},
		{"bad name", "DE_OXF_APP_20110505_0000089.DAT", wrap(appHDR, appLine), CodeBadFileName, 0, true, 0},
		{"lower-case name", "de_oxf_app_20110505_00000089.dat", wrap(appHDR, appLine), CodeBadFileName, 0, true, 0},
		{"no header", appName, lines(appLine, "TRL,1"), CodeMissingHeader, 1, true, 0},
		{"header second", appName, lines(appLine, appHDR, "TRL,1"), CodeMissingHeader, 1, true, 0},
		{"header short", appName, lines(`HDR,"APP","OXF",00000089,20110505180000,"1.0"`, "TRL,0"), CodeMissingHeader, 1, true, 0},
		{"header bad quote", appName, lines(`HDR,"APP,"OXF",00000089,20110505180000,"1.0",`, "TRL,0"), CodeMissingHeader, 1, true, 0},
		{"header type", appName, wrap(`HDR,"APC","OXF",00000089,20110505180000,"1.0",`), CodeHeaderMismatch, 1, true, 0},
		{"header deanery", appName, wrap(`HDR,"APP","WES",00000089,20110505180000,"1.0",`), CodeHeaderMismatch, 1, true, 0},
		{"header sequence", appName, wrap(`HDR,"APP","OXF",00000090,20110505180000,"1.0",`), CodeHeaderMismatch, 1, true, 0},
		{"header date", appName, wrap(`HDR,"APP","OXF",00000089,20110506000000,"1.0",`), CodeHeaderMismatch, 1, true, 0},
		{"header bad timestamp", appName, wrap(`HDR,"APP","OXF",00000089,20110505250000,"1.0",`), CodeHeaderMismatch, 1, true, 0},
		{"version 2.0", appName, wrap(`HDR,"APP","OXF",00000089,20110505180000,"2.0",`), CodeUnsupportedVersion, 1, true, 0},
		{"version empty", appName, wrap(`HDR,"APP","OXF",00000089,20110505180000,,`), CodeUnsupportedVersion, 1, true, 0},
		{"truncated: no trailer", appName, lines(appHDR, appLine), CodeMissingTrailer, 2, false, 1},
		{"truncated mid-record", appName, appHDR + "\n" + appLine[:40], CodeMissingTrailer, 2, false, 1},
		{"trailer not last", appName, lines(appHDR, "TRL,1", appLine), CodeMissingTrailer, 3, false, 0},
		{"trailer twice", appName, lines(appHDR, appLine, "TRL,1", "TRL,1"), CodeMissingTrailer, 4, false, 1},
		{"count too high", appName, lines(appHDR, appLine, "TRL,2"), CodeCountMismatch, 3, false, 1},
		{"count too low", appName, lines(appHDR, appLine, appLine, "TRL,1"), CodeCountMismatch, 4, false, 2},
		{"count not a number", appName, lines(appHDR, appLine, "TRL,one"), CodeCountMismatch, 3, false, 1},
		{"trailer extra field", appName, lines(appHDR, appLine, "TRL,1,"), CodeCountMismatch, 3, false, 1},
		{"rejects count", appName, lines(appHDR, "XYZ,1", appLine[:20], "TRL,2"), "", 0, false, 2},
		{"trailing blank lines", appName, wrap(appHDR, appLine) + "\n\n", "", 0, false, 1},
		{"no final line end", appName, strings.TrimSuffix(wrap(appHDR, appLine), "\n"), "", 0, false, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := NewReader(tc.file, strings.NewReader(tc.text))
			if tc.atOpen {
				checkFileError(t, err, tc.file, tc.code, tc.line)
				if r != nil {
					t.Error("NewReader returned a reader with an error")
				}
				return
			}
			if err != nil {
				t.Fatalf("NewReader: %v", err)
			}
			recs, err := r.ReadAll()
			if len(recs) != tc.nRecords {
				t.Errorf("%d records before the end, want %d", len(recs), tc.nRecords)
			}
			if tc.code == "" {
				if err != nil {
					t.Fatalf("ReadAll: %v", err)
				}
				return
			}
			checkFileError(t, err, tc.file, tc.code, tc.line)
			if _, err2 := r.Next(); err2 != err {
				t.Errorf("Next after the error = %v, want the same error again", err2)
			}
			if s := r.Summary(); s.Err != err {
				t.Errorf("Summary().Err = %v", s.Err)
			}
		})
	}
}

func checkFileError(t *testing.T, err error, file, code string, line int) {
	t.Helper()
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v, want a *FileError %s", err, code)
	}
	if fe.Code != code || fe.Line != line || fe.File != file {
		t.Errorf("error %+v, want code %s line %d", fe, code, line)
	}
	if !errors.Is(err, ErrFileRejected) {
		t.Errorf("%v does not wrap ErrFileRejected", err)
	}
}

// TestRecords covers per-record findings: rejects that never stop the file
// and flags that keep the value.
func TestRecords(t *testing.T) {
	tests := []struct {
		name   string
		line   string
		reject string // "field:CODE" or ":CODE"
		flags  []string
		check  map[string]string // field → value wanted
	}{
		{"good", appLine, "", nil, map[string]string{"lastName": "Sharma", "dob": "19860214", "wte": "1.00"}},
		{"unquoted text", setField(appLine, 10, "Sharma"), "", nil, map[string]string{"lastName": "Sharma"}},
		{"quoted number", setField(appLine, 3, `"2345678"`), "", nil, map[string]string{"positionId": "2345678"}},
		{"quoted empty is null", setField(appLine, 9, `""`), "", nil, map[string]string{"middleNames": ""}},
		{"doubled quotes", setField(appLine, 22, `"The ""Old"" Mill"`), "", nil, map[string]string{"address1": `The "Old" Mill`}},
		{"comma in quotes", setField(appLine, 22, `"1, Mill Lane"`), "", nil, map[string]string{"address1": "1, Mill Lane", "country": "GB"}},
		{"stray quote in unquoted field", setField(appLine, 22, `O"Brien House`), "", []string{"address1:STRAY_QUOTE"}, map[string]string{"address1": `O"Brien House`}},
		{"text after closing quote", setField(appLine, 22, `"Mill"Lane`), ":BAD_QUOTE", nil, nil},
		{"quote never closed", appLine[:len(appLine)-1], ":BAD_QUOTE", nil, nil},
		{"31 February", setField(appLine, 5, "20200231"), "projectedHireDate:BAD_FORMAT", nil, map[string]string{"projectedHireDate": "20200231"}},
		{"date with dashes", setField(appLine, 12, "1986-02-14"), "dob:BAD_FORMAT", nil, nil},
		{"position id not numeric", setField(appLine, 3, "23456X8"), "positionId:BAD_FORMAT", nil, nil},
		{"decimal in integer", setField(appLine, 3, "2345678.0"), "positionId:BAD_FORMAT", nil, nil},
		{"number larger than the warehouse holds", setField(appLine, 3, "1234567890123456789"), "positionId:BAD_FORMAT", nil, nil},
		{"wte larger than the warehouse holds", setField(appLine, 30, "12345678901234567.00"), "wte:BAD_FORMAT", nil, nil},
		{"wte not a number", setField(appLine, 30, "full"), "wte:BAD_FORMAT", nil, nil},
		{"wte too many decimals", setField(appLine, 30, "0.655"), "", []string{"wte:TOO_LONG"}, map[string]string{"wte": "0.655"}},
		{"first failure wins", setField(setField(appLine, 3, "x"), 5, "x"), "positionId:BAD_FORMAT", nil, nil},
		{"mandatory missing", setField(appLine, 12, ""), "dob:MANDATORY_MISSING", nil, map[string]string{"lastName": "Sharma"}},
		{"mandatory blank", setField(appLine, 10, `"  "`), "lastName:MANDATORY_MISSING", nil, nil},
		{"too many fields", appLine + ",", ":FIELD_COUNT", nil, nil},
		{"too few fields", appLine[:strings.LastIndex(appLine, ",")], ":FIELD_COUNT", nil, nil},
		{"unknown record type", "XYZ,1,2", ":RECORD_TYPE", nil, nil},
		{"record type of another file", posLine, ":RECORD_TYPE", nil, nil},
		{"second header", appHDR, ":RECORD_TYPE", nil, nil},
		{"too long", setField(appLine, 21, `"07700 900123 extension 4567 ask for the registrar on call please thanks"`), "",
			[]string{"mobileTel:PHONE_INVALID", "mobileTel:TOO_LONG"}, nil},
		{"F too short", setField(appLine, 28, `"G"`), "", []string{"country:TOO_SHORT"}, nil},
		{"NINO normalised", setField(appLine, 14, `"jc 12 34 56 a"`), "", nil, map[string]string{"ukNino": "JC123456A"}},
		{"NINO invalid kept", setField(appLine, 14, `"TN140286F"`), "", []string{"ukNino:NINO_INVALID"}, map[string]string{"ukNino": "TN140286F"}},
		{"GMC placeholder", setField(appLine, 17, `"UNKNOWN"`), "", []string{"registrationNumber:GMC_PLACEHOLDER"}, map[string]string{"registrationNumber": ""}},
		{"DPN upper-cased", setField(appLine, 2, `"oxf/r7h01/140/str/004"`), "", nil, map[string]string{"deaneryNumber": "OXF/R7H01/140/STR/004"}},
		{"implausible birth date", setField(appLine, 12, "20050214"), "", []string{"dob:DOB_IMPLAUSIBLE"}, nil},
		{"spaces around a number", setField(appLine, 3, " 2345678 "), "", nil, map[string]string{"positionId": "2345678"}},
		{"gender outside its list", setField(appLine, 13, `"X"`), "", []string{"gender:CODE_UNKNOWN"}, map[string]string{"gender": "X"}},
		{"title outside its list", setField(appLine, 7, `"Sir"`), "", []string{"title:CODE_UNKNOWN"}, nil},
		{"dotted title known", setField(appLine, 7, `"Dr."`), "", nil, nil},
		{"grade outside its list", setField(appLine, 31, `"SHO"`), "", []string{"grade:CODE_UNKNOWN"}, nil},
		{"trailing backslash unquoted", setField(appLine, 22, `Mill Lane\`), "", []string{"address1:TRAILING_BACKSLASH"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// The bad record sits between two good ones: it never stops the file.
			_, recs, err := readString(t, appName, wrap(appHDR, appLine, tc.line, appLine))
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if len(recs) != 3 || recs[0].Reject != nil || recs[2].Reject != nil {
				t.Fatalf("neighbours disturbed: %d records", len(recs))
			}
			rec := recs[1]
			if rec.Line != 3 || rec.Ordinal != 2 || rec.Raw != tc.line {
				t.Errorf("line %d ordinal %d raw %q", rec.Line, rec.Ordinal, rec.Raw)
			}
			var reject string
			if rec.Reject != nil {
				reject = rec.Reject.Field + ":" + rec.Reject.Code
				if rec.Reject.Line != 3 || rec.Reject.Raw != tc.line || rec.Reject.File != appName {
					t.Errorf("reject %+v", rec.Reject)
				}
				if !errors.Is(rec.Reject, ErrRecordRejected) {
					t.Error("reject does not wrap ErrRecordRejected")
				}
			}
			if reject != tc.reject {
				t.Errorf("reject %q (%v), want %q", reject, rec.Reject, tc.reject)
			}
			if diff := cmp.Diff(tc.flags, flagCodes(rec)); diff != "" {
				t.Errorf("flags (-want +got):\n%s\n%v", diff, rec.Flags)
			}
			for field, want := range tc.check {
				if got := rec.Get(field); got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
		})
	}
}

// TestEncodings: BOM, CRLF, a Windows-1252 line, and reads in tiny pieces.
func TestEncodings(t *testing.T) {
	latin := strings.Replace(appLine, `"Priya"`, "\"Tom\xe1s\"", 1) // á in Windows-1252
	tests := []struct {
		name  string
		text  string
		first string // firstName of the record
		flags []string
	}{
		{"BOM", "\xEF\xBB\xBF" + wrap(appHDR, appLine), "Priya", nil},
		{"CRLF", strings.ReplaceAll(wrap(appHDR, appLine), "\n", "\r\n"), "Priya", nil},
		{"BOM and CRLF", "\xEF\xBB\xBF" + strings.ReplaceAll(wrap(appHDR, appLine), "\n", "\r\n"), "Priya", nil},
		{"UTF-8 accent", wrap(appHDR, strings.Replace(appLine, `"Priya"`, `"Tomás"`, 1)), "Tomás", nil},
		{"Windows-1252 line", wrap(appHDR, latin), "Tomás", []string{":NOT_UTF8"}},
		{"Windows-1252 euro", wrap(appHDR, strings.Replace(appLine, `"Priya"`, "\"\x80uro\"", 1)), "€uro", []string{":NOT_UTF8"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, small := range []bool{false, true} {
				var src io.Reader = strings.NewReader(tc.text)
				if small {
					src = iotest.OneByteReader(src)
				}
				r, err := NewReader(appName, src)
				if err != nil {
					t.Fatal(err)
				}
				recs, err := r.ReadAll()
				if err != nil || len(recs) != 1 {
					t.Fatalf("%d records: %v", len(recs), err)
				}
				if got := recs[0].Get("firstName"); got != tc.first {
					t.Errorf("firstName = %q, want %q", got, tc.first)
				}
				if diff := cmp.Diff(tc.flags, flagCodes(recs[0])); diff != "" {
					t.Errorf("flags (-want +got):\n%s", diff)
				}
				if got := recs[0].Get("grade"); got != "ST1" {
					t.Errorf("grade = %q: CR left in the last field?", got)
				}
			}
		})
	}
}

// TestLongLine reads a line longer than the read buffer.
func TestLongLine(t *testing.T) {
	long := strings.Repeat("x", 200<<10)
	rec := readOne(t, appName, wrap(appHDR, setField(appLine, 22, `"`+long+`"`)))
	if rec.Get("address1") != long || !rec.HasFlag(CodeTooLong) {
		t.Errorf("long value not kept whole and flagged: %d chars, flags %v", len(rec.Get("address1")), rec.Flags)
	}
}

// TestMessagesMasked: no message shows a birth date, NI number or address in clear.
func TestMessagesMasked(t *testing.T) {
	bad := setField(setField(setField(appLine, 12, "19860231"), 14, `"QQ123456Z"`), 22, `"`+strings.Repeat("Long Address ", 30)+`"`)
	_, recs, err := readString(t, appName, wrap(appHDR, bad))
	if err != nil || len(recs) != 1 {
		t.Fatal(err)
	}
	rec := recs[0]
	msgs := []string{rec.Reject.Error()}
	for _, f := range rec.Flags {
		msgs = append(msgs, f.Message)
	}
	for _, m := range msgs {
		for _, secret := range []string{"19860231", "0231", "QQ123456Z", "123456", "Long Address"} {
			if strings.Contains(m, secret) {
				t.Errorf("message %q shows %q", m, secret)
			}
		}
	}
	if want := appName + ":2: dob: BAD_FORMAT: "; !strings.HasPrefix(rec.Reject.Error(), want) {
		t.Errorf("reject error %q, want prefix %q", rec.Reject.Error(), want)
	}
}

func TestOrdinalsCountRejects(t *testing.T) {
	_, recs, err := readString(t, appName, wrap(appHDR, appLine, "junk", appLine))
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, r := range recs {
		got = append(got, r.Ordinal)
	}
	if diff := cmp.Diff([]int{1, 2, 3}, got); diff != "" {
		t.Errorf("ordinals (-want +got):\n%s", diff)
	}
}

func TestSummary(t *testing.T) {
	r, _, err := readString(t, rmcName, wrap(rmcHDR, posLine, porLine, addLine, "POS,1"))
	if err != nil {
		t.Fatal(err)
	}
	s := r.Summary()
	if s.Records != 4 || s.Rejected != 1 || s.Flagged != 1 || s.Trailer != 4 || s.Lines != 6 {
		t.Errorf("summary %+v", s)
	}
	if diff := cmp.Diff(map[string]int{"POS": 2, "POR": 1, "ADD": 1}, s.ByType); diff != "" {
		t.Errorf("ByType (-want +got):\n%s", diff)
	}
	if h := r.Header(); h.Mode != "CHANGE" || h.CreatedAt.Hour() != 14 {
		t.Errorf("header %+v", h)
	}
}

type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n > 0 {
		f.n--
		return copy(p, appHDR+"\n"), nil
	}
	return 0, errors.New("disk on fire")
}

func TestReadError(t *testing.T) {
	r, err := NewReader(appName, &failingReader{n: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Next()
	var fe *FileError
	if err == nil || errors.As(err, &fe) || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("Next = %v, want the read error", err)
	}
}
