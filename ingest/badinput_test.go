package ingest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"deanery/ingest"
	dsql "deanery/sql"
)

// Real lines: Dr Sharma's APP record and the position records of domain
// 7.11, the real POS line of the 2020 backslash incident (7.6), and an
// Intrepid and an Empower trainee row of the readers' fixtures.
const (
	appRecord   = `APP,20110505,"OXF/R7H01/140/STR/004",2345678,"41200567",20110803,20120731,"Dr","Priya","Anjali","Sharma",,19860214,"F","JC123456A","OXF/140/012/C","General Medical Council","7012345",,"priya.sharma@example.com",,"07700 900123","14 Mill Lane",,,"Abingdon",,"OX14 3PL","GB","GB",1.00,"ST1","000048213"`
	posIncident = `POS,7607373,,"C","34611829","Medical and Dental\","Specialty Registrar (Cornerways)","800","General Practice","WES/J82150/800/GPST/003","WES","RBD","NHS","MS02","Specialty Registrar ST2/ SpR2",""`
	addRecord   = `ADD,12345678,20130611200000,"C",057,20130601,"9 Chapel Row",,,"Winchester",,"SO23 8AB","GB"`
	porRecord   = `POR,7612045,,"C","34620918","Specialty Registrar (Cornerways Surgery)","WES/R4K52/800/GPST/003","WES","Lead Employer","R4K",057,"Westbury Primary Care Training NHS Trust","Cornerways Surgery"`

	intrepidTraineeHeader = "TraineeID,Title,Forenames,Surname,PreviousSurname,DateOfBirth,Gender,NINumber,GMCNumber,NTN,Email,Mobile,HomePhone,AddressLine1,AddressLine2,AddressLine3,Town,Postcode,Country,Nationality,LastModified,Deleted"
	intrepidTrainee       = "000048213,DR,Priya Anjali,Sharma,,1986-02-14,F,JC123456A,7012345,OXF/140/012/C,priya.sharma@example.com,07700 900123,,14 Mill Lane,,,Abingdon,OX14 3PL,GB,GB,2011-04-01T09:30:00,0"
	empowerPersonHeader   = "PERSON_REF|TITLE|FULL_NAME|PREV_SURNAME|DOB|SEX|NI_NO|GMC_NO|NTN|EMAIL|MOBILE_NO|HOME_NO|ADDRESS_1|ADDRESS_2|ADDRESS_3|TOWN_CITY|POST_CODE|COUNTRY|NATIONALITY|LAST_UPDATED|ARCHIVED"
	empowerPerson         = "EMP0000101|Dr|SHARMA, Priya Anjali||14/02/1986|Female|JC123456A|7012345|NWN/140/012/C|priya.sharma@example.com|07700 900123||The Old Rectory|||Manchester|M1 1AA|United Kingdom|India|01/04/2011 09:30:00|No"
)

// field replaces field i (0-based) of a comma line written without commas
// inside quotes before field i+1.
func field(line string, i int, v string) string {
	parts := strings.Split(line, ",")
	parts[i] = v
	return strings.Join(parts, ",")
}

// badCase is one bad file and what the loader must make of it: rejected
// whole with its reason, or loaded with its good rows, each bad record in
// rejected_record ("line:field:CODE", field empty for a whole-line fault)
// and each finding in value_flag.
type badCase struct {
	name    string
	file    string
	text    string
	code    string // whole-file reason; "" when the file loads
	table   string // where its good rows go
	rows    int
	rejects []string
	flags   []string // must all be among the file's flags
	check   string   // a query returning one value, given the file name for a ?
	want    string
}

// names hands out the file names of one stream in sequence order, so that
// no case is out of order or leaves a gap for another.
type names struct{ next map[string]int }

func (n *names) iface(deanery, typ, date string) (name, hdr string) {
	k := deanery + typ
	n.next[k]++
	seq := fmt.Sprintf("%08d", n.next[k])
	mode := map[string]string{"RMC": "CHANGE", "STF": "CHANGE"}[typ]
	return fmt.Sprintf("DE_%s_%s_%s_%s.DAT", deanery, typ, date, seq),
		fmt.Sprintf(`HDR,"%s","%s",%s,%s180000,"1.0","%s"`, typ, deanery, seq, date, mode)
}

// file joins lines with LF and a trailer counting the records.
func file(hdr string, recs ...string) string {
	return strings.Join(append(append([]string{hdr}, recs...), fmt.Sprintf("TRL,%d", len(recs))), "\n") + "\n"
}

func badCases() []badCase {
	n := &names{next: map[string]int{}}
	app := func() (string, string) { return n.iface("OXF", "APP", "20110505") }
	rmc := func() (string, string) { return n.iface("WES", "RMC", "20130612") }
	long := strings.TrimSpace(strings.Repeat("Flat 2, The Old Mill ", 500_000)) // a 10 MB value
	var cases []badCase
	add := func(c badCase) { cases = append(cases, c) }

	name, hdr := app()
	add(badCase{name: "truncated mid-record", file: name, code: "MISSING_TRAILER",
		text: hdr + "\n" + appRecord + "\n" + appRecord[:60]})
	name, hdr = app()
	add(badCase{name: "trailer counts one record too many", file: name, code: "COUNT_MISMATCH",
		text: strings.Replace(file(hdr, appRecord, appRecord), "TRL,2", "TRL,3", 1)})
	name, hdr = app()
	add(badCase{name: "Latin-1 name", file: name, table: "app_record", rows: 2,
		text:  file(hdr, appRecord, strings.Replace(appRecord, `"Priya"`, "\"Tom\xe1s\"", 1)),
		flags: []string{"3::NOT_UTF8"}, check: `SELECT first_name FROM app_record WHERE file_name = ? AND line_number = 3`, want: "Tomás"})
	name, hdr = app()
	add(badCase{name: "BOM and CRLF", file: name, table: "app_record", rows: 2,
		text:  "\xEF\xBB\xBF" + strings.ReplaceAll(file(hdr, appRecord, appRecord), "\n", "\r\n"),
		check: `SELECT count(*) FROM app_record WHERE file_name = ? AND deanery_placement_id = '000048213'`, want: "2"})
	name, hdr = app()
	add(badCase{name: "stray delimiter", file: name, table: "app_record", rows: 2,
		text:    file(hdr, appRecord, field(appRecord, 22, `14 Mill Lane, Flat B`), appRecord),
		rejects: []string{"3::FIELD_COUNT"}})
	name, hdr = app()
	add(badCase{name: "stray quote inside an unquoted value", file: name, table: "app_record", rows: 1,
		text: file(hdr, field(appRecord, 22, `14 "Mill" Lane`)), flags: []string{"2:address1:STRAY_QUOTE"},
		check: `SELECT address1 FROM app_record WHERE file_name = ?`, want: `14 "Mill" Lane`})
	name, hdr = app()
	add(badCase{name: "text after a closing quote", file: name, table: "app_record", rows: 1,
		text: file(hdr, field(appRecord, 22, `"14 Mill"Lane`), appRecord), rejects: []string{"2::BAD_QUOTE"}})
	name, hdr = app()
	add(badCase{name: "quote never closed", file: name, table: "app_record", rows: 1,
		text: file(hdr, appRecord, appRecord[:len(appRecord)-1]), rejects: []string{"3::BAD_QUOTE"}})
	name, hdr = app()
	add(badCase{name: "31 February", file: name, table: "app_record", rows: 1,
		text: file(hdr, field(appRecord, 5, "20110231"), appRecord), rejects: []string{"2:projectedHireDate:BAD_FORMAT"}})
	name, hdr = app()
	add(badCase{name: "10 MB value", file: name, table: "app_record", rows: 1,
		text: file(hdr, field(appRecord, 22, `"`+long+`"`)), flags: []string{"2:address1:TOO_LONG"},
		check: `SELECT length(address1) FROM app_record WHERE file_name = ?`, want: fmt.Sprint(len(long))})
	name, hdr = app()
	add(badCase{name: "10 MB line of junk", file: name, table: "app_record", rows: 1,
		text: file(hdr, "XYZ,"+long, appRecord), rejects: []string{"2::RECORD_TYPE"},
		check: `SELECT length(raw_text) FROM rejected_record WHERE file_name = ?`, want: fmt.Sprint(len(long) + 4)})
	name, hdr = app()
	add(badCase{name: "duplicate records", file: name, table: "app_record", rows: 2,
		text:  file(hdr, appRecord, appRecord),
		check: `SELECT count(DISTINCT ordinal) FROM app_record WHERE file_name = ?`, want: "2"})
	name, hdr = app()
	add(badCase{name: "number larger than the warehouse holds", file: name, table: "app_record", rows: 1,
		text: file(hdr, field(appRecord, 3, "23456789012345678901"), appRecord), rejects: []string{"2:positionId:BAD_FORMAT"}})
	name, hdr = app()
	add(badCase{name: "hazard: comma in a postcode", file: name, table: "app_record", rows: 2,
		text:  file(hdr, strings.Replace(appRecord, `"OX14 3PL"`, `"Doha, Qatar"`, 1), strings.Replace(appRecord, `"OX14 3PL"`, `"YO12 5EX,"`, 1)),
		flags: []string{"2:postcode:PCODE_INVALID", "3:postcode:PCODE_INVALID"},
		check: `SELECT string_agg(postcode || '/' || country, ';' ORDER BY line_number) FROM app_record WHERE file_name = ?`, want: "Doha, Qatar/GB;YO12 5EX,/GB"})
	name, hdr = rmc()
	add(badCase{name: "hazard: backslash before a closing quote", file: name, table: "pos_record", rows: 1,
		text: file(hdr, posIncident), flags: []string{"2:positionTitle:TRAILING_BACKSLASH"},
		check: `SELECT position_title || '|' || occupation_code FROM pos_record WHERE file_name = ?`, want: `Medical and Dental\|Specialty Registrar (Cornerways)`})
	name, hdr = rmc()
	add(badCase{name: "hazard: VPD 96", file: name, table: "por_record", rows: 1,
		text: file(hdr, strings.Replace(porRecord, ",057,", ",96,", 1)), flags: []string{"2:employingOrgVPDCode:VPD_UNPADDED"},
		check: `SELECT employing_org_vpd_code FROM por_record WHERE file_name = ?`, want: "096"})
	name, hdr = rmc()
	add(badCase{name: "hazard: comma after an ADD postcode", file: name, table: "add_record", rows: 1,
		text: file(hdr, strings.Replace(addRecord, `"SO23 8AB"`, `"YO12 5EX,"`, 1)), flags: []string{"2:postcode:PCODE_INVALID"},
		check: `SELECT postcode || '/' || country FROM add_record WHERE file_name = ?`, want: "YO12 5EX,/GB"})

	// Deanery-system extracts: each case its own quarter, so every name is new.
	q := 0
	intrepid := func() string { q++; return fmt.Sprintf("INTREPID_OXF_TRAINEES_%dQ%d.csv", 2011+q/4, 1+q%4) }
	empower := func() string { q++; return fmt.Sprintf("EMPOWER_NWN_PERSONS_%dQ%d.txt", 2011+q/4, 1+q%4) }
	ext := func(header, marker string, rows ...string) string {
		return header + "\n" + strings.Join(append(rows, fmt.Sprintf("%s%d", marker, len(rows))), "\n") + "\n"
	}
	in := func(rows ...string) string { return ext(intrepidTraineeHeader, "EOF,", rows...) }
	em := func(rows ...string) string { return ext(empowerPersonHeader, "**END**|", rows...) }
	add(badCase{name: "extract: empty file", file: empower(), code: "EMPTY_FILE"})
	add(badCase{name: "extract: truncated", file: intrepid(), code: "MISSING_TRAILER",
		text: intrepidTraineeHeader + "\n" + intrepidTrainee + "\n" + intrepidTrainee[:50]})
	add(badCase{name: "extract: end marker counts wrong", file: empower(), code: "COUNT_MISMATCH",
		text: strings.Replace(em(empowerPerson), "**END**|1", "**END**|2", 1)})
	add(badCase{name: "extract: quote never closed swallows the end marker", file: intrepid(), code: "MISSING_TRAILER",
		text: in(intrepidTrainee, field(intrepidTrainee, 13, `"14 Mill Lane`))})
	add(badCase{name: "extract: BOM and CRLF", file: intrepid(), table: "trainee_version", rows: 1,
		text:  "\xEF\xBB\xBF" + strings.ReplaceAll(in(intrepidTrainee), "\n", "\r\n"),
		check: `SELECT trainee_id || '/' || deleted FROM trainee_version WHERE file_name = ?`, want: "000048213/false"})
	add(badCase{name: "extract: Latin-1 bytes in a UTF-8 layout", file: intrepid(), table: "trainee_version", rows: 1,
		text:  in(strings.Replace(intrepidTrainee, "Priya Anjali", "Tom\xe1s", 1)),
		flags: []string{"2::NOT_UTF8"}, check: `SELECT forenames FROM trainee_version WHERE file_name = ?`, want: "Tomás"})
	add(badCase{name: "extract: Windows-1252 is Empower's own", file: empower(), table: "trainee_version", rows: 1,
		text:  em(strings.Replace(empowerPerson, "SHARMA, Priya Anjali", "O'BRIEN, Tom\xe1s", 1)),
		check: `SELECT surname || '/' || forenames FROM trainee_version WHERE file_name = ?`, want: "O'BRIEN/Tomás"})
	add(badCase{name: "extract: 31/02", file: empower(), table: "trainee_version", rows: 1,
		text: em(strings.Replace(empowerPerson, "14/02/1986", "31/02/1986", 1)), flags: []string{"2:date_of_birth:DATE_INVALID"},
		check: `SELECT count(*) FROM trainee_version WHERE file_name = ? AND date_of_birth IS NULL`, want: "1"})
	add(badCase{name: "extract: stray delimiter", file: empower(), table: "trainee_version", rows: 1,
		text: em(strings.Replace(empowerPerson, "The Old Rectory", "The Old Rectory|Flat 2", 1), empowerPerson), rejects: []string{"2::FIELD_COUNT"}})
	dup := strings.Replace(intrepidTrainee, "000048213", "000099999", 1)
	add(badCase{name: "extract: duplicate rows", file: intrepid(), table: "trainee_version", rows: 2,
		text:  in(dup, dup),
		check: `SELECT count(*) FROM trainee WHERE trainee_id = '000099999'`, want: "1"})
	add(badCase{name: "extract: Deleted neither 0 nor 1", file: intrepid(), table: "trainee_version", rows: 1,
		text: in(strings.TrimSuffix(intrepidTrainee, "0")+"2", intrepidTrainee), rejects: []string{"2:deleted:BOOL_INVALID"}})
	add(badCase{name: "extract: 10 MB line", file: intrepid(), table: "trainee_version", rows: 1,
		text:  in(field(intrepidTrainee, 13, `"`+long+`"`)),
		check: `SELECT length(address1) FROM trainee_version WHERE file_name = ?`, want: fmt.Sprint(len(long))})
	add(badCase{name: "extract: comma in a postcode", file: intrepid(), table: "trainee_version", rows: 1,
		text: in(field(intrepidTrainee, 17, `"YO12 5EX,"`)), flags: []string{"2:postcode:PCODE_INVALID"},
		check: `SELECT postcode FROM trainee_version WHERE file_name = ?`, want: "YO12 5EX,"})
	return cases
}

// TestBadInputThroughTheLoader loads each bad file of badCases, real lines
// spoiled one way each, through the real readers and the loader into a
// real warehouse, all in one load, and checks what became of each: a file
// rejected whole is recorded with its reason and leaves no row; otherwise
// its good records load, each bad one is kept in rejected_record with its
// file, line, field, reason and raw text, and each finding is flagged.
// (Whole-file rules of interface files one by one, bad names and empty
// interface files are TestWholeFileRejectionsLeaveNoRecord's; the readers'
// own tables go further, record by record.)
func TestBadInputThroughTheLoader(t *testing.T) {
	cases := badCases()
	db, _ := dsql.TestWarehouse(t)
	dir := t.TempDir()
	for _, c := range cases {
		if err := os.WriteFile(filepath.Join(dir, c.file), []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := load(t, db, dir)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := fileStatus(res, c.file)
			if c.code != "" {
				if f.Status != ingest.StatusRejected || f.ReasonCode != c.code || !strings.HasPrefix(f.Reason, c.file) {
					t.Fatalf("%s %s %q, want REJECTED %s with a reason naming the file", f.Status, f.ReasonCode, f.Reason, c.code)
				}
				if n := count(t, db, `SELECT count(*) FROM source_file WHERE file_name = ? AND status = 'REJECTED' AND reason_code = ? AND reason = ?`, c.file, c.code, f.Reason); n != 1 {
					t.Errorf("source_file does not keep the rejection and its reason")
				}
				for table, n := range rowsOfFile(t, db, c.file) {
					if n > 0 {
						t.Errorf("the rejected file left %d rows in %s", n, table)
					}
				}
				return
			}
			if f.Status != ingest.StatusLoaded {
				t.Fatalf("%s %s %s, want LOADED", f.Status, f.ReasonCode, f.Reason)
			}
			if n := count(t, db, `SELECT count(*) FROM `+c.table+` WHERE file_name = ?`, c.file); n != c.rows {
				t.Errorf("%s holds %d good rows of the file, want %d", c.table, n, c.rows)
			}
			lines := strings.Split(strings.ReplaceAll(strings.TrimPrefix(c.text, "\xEF\xBB\xBF"), "\r\n", "\n"), "\n")
			var rejects []string
			rows, err := db.Query(`SELECT line_number, coalesce(field, ''), reason_code, message, raw_text FROM rejected_record WHERE file_name = ? ORDER BY line_number`, c.file)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var line int
				var fld, code, msg, raw string
				if err := rows.Scan(&line, &fld, &code, &msg, &raw); err != nil {
					t.Fatal(err)
				}
				rejects = append(rejects, fmt.Sprintf("%d:%s:%s", line, fld, code))
				if want := lines[line-1]; utf8.ValidString(want) && raw != want {
					t.Errorf("line %d kept as %.60q, want its raw text %.60q", line, raw, want)
				}
				if msg == "" {
					t.Errorf("line %d: %s without a message", line, code)
				}
			}
			rows.Close()
			if !slices.Equal(rejects, c.rejects) {
				t.Errorf("rejected records %v, want %v", rejects, c.rejects)
			}
			var flags []string
			rows, err = db.Query(`SELECT coalesce(line_number, 0), coalesce(field, ''), flag_code FROM value_flag WHERE file_name = ?`, c.file)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var line int
				var fld, code string
				rows.Scan(&line, &fld, &code)
				flags = append(flags, fmt.Sprintf("%d:%s:%s", line, fld, code))
			}
			rows.Close()
			for _, want := range c.flags {
				if !slices.Contains(flags, want) {
					t.Errorf("flags %v, want %s among them", flags, want)
				}
			}
			if c.check != "" {
				var got string
				var args []any
				if strings.Contains(c.check, "?") {
					args = append(args, c.file)
				}
				if err := db.QueryRow(c.check, args...).Scan(&got); err != nil {
					t.Fatalf("%s: %v", c.check, err)
				}
				if got != c.want {
					t.Errorf("%s = %.80q, want %.80q", c.check, got, c.want)
				}
			}
		})
	}
}
