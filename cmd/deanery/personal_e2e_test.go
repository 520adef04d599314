package main

// Personal data never reaches logs or messages: loads and an apply of
// files full of bad personal values run with debug logging, and every
// output and every message the warehouse keeps is scanned for the values.

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	dsql "deanery/sql"
)

// personalFiles are real lines whose NI numbers, birth dates and addresses
// are spoiled, so that every reader has to write a message about them.
var personalFiles = map[string]string{
	"DE_WES_APP_20110601_00000001.DAT": `HDR,"APP","WES",00000001,20110601180000,"1.0",
APP,20110601,"WES/R4K52/800/GPST/003",7612045,"34620918",20110803,20120731,"Dr","Priya","Anjali","Sharma",,19860231,"F","QQ123456Z","WES/800/012/C","General Medical Council","7012345",,"priya.sharma@example.com",,"07700 900123","14 Mill Lane",,,"Abingdon",,"OX14 3PL","GB","GB",1.00,"GPST1","000048213"
APP,20110601,"WES/R4K52/800/GPST/003",7612045,"34620918",20110803,20120731,"Dr","Tomás",,"O'Brien",,20050214,"M","TN140286F","WES/800/027/C","General Medical Council","6987654",,"tomas.obrien@example.org",,"07700 900456","Flat 2, The Old Mill Flat 2, The Old Mill Flat 2, The Old Mill Flat 2, The Old Mill Flat 2, The Old Mill Flat 2, The Old Mill Flat 2, The Old Mill Flat 2, The Old Mill Flat 2, The Old Mill Flat 2, The Old Mill Flat 2, The Old Mill Flat 2, The Old Mill",,,"Headington",,"Doha, Qatar","GB","IE",1.00,"GPST1","000048377"
APP,20110601,"WES/R4K52/800/GPST/003",7612045,"34620918",20110803,20120731,"Dr","Daniel",,"Hughes",,1982-06-11,"M","JK246810C",,,,,,,,"7 Orchard Close",,,"Banbury",,"YO12 5EX,","GB","GB",1.00,"GPST1","000048290"
TRL,3
`,
	"DE_WES_RMC_20110601_00000001.DAT": `HDR,"RMC","WES",00000001,20110601143000,"1.0","CHANGE"
PER,12345678,20110601200000,"C",057,301377120,"QQ123456Z","Sharma","Priya","Anjali",,"Dr.","F",19860231,,,"07700 900123",,,"priya.sharma@nhsmail.example"
PER,12345679,20110601200000,"C",057,301377121,"NP 65 43 21 B","Okafor","Chidi",,,"Dr.","M",20050214,,,"07700 900789",,,"chidi.okafor@nhsmail.example"
ADD,12345679,20110601200000,"C",057,20110601,"9 Chapel Row","Flat 2, The Old Mill",,"Winchester",,"YO12 5EX,","GB"
ADD,12345678,20110601200000,"C",057,2011060,"9 Chapel Row",,,"Winchester",,"SO23 8AB","GB"
TRL,4
`,
	"DE_WES_STF_20110630_00000001.DAT": `HDR,"STF","WES",00000001,20110630230000,"1.0","FULL"
STF,12345678,"Sharma","Priya","Anjali",,"Dr.","F",19860231,"QQ123456Z","7012345","9 Chapel Row",,,"Winchester","SO23 8AB","priya.sharma@nhsmail.example",301377120,1,7612045,"34620918","WES/R4K52/800/GPST/003",057,"Lead Employer","Medical and Dental","MS01","800",20110803,20120731,,"ACTIVE",,1.00,20110601200000
STF,12345679,"Okafor","Chidi",,,"Dr.","M",20050214,"TN140286F","7054321","Flat 2, The Old Mill",,,"Winchester","Doha, Qatar","chidi.okafor@nhsmail.example",301377121,1,7612045,"34620918","WES/R4K52/800/GPST/003",057,"Lead Employer","Medical and Dental","MS01","800",20110803,20120731,,"ACTIVE",,1.00,20110601200000
TRL,2
`,
	"INTREPID_OXF_TRAINEES_2011Q3.csv": "TraineeID,Title,Forenames,Surname,PreviousSurname,DateOfBirth,Gender,NINumber,GMCNumber,NTN,Email,Mobile,HomePhone,AddressLine1,AddressLine2,AddressLine3,Town,Postcode,Country,Nationality,LastModified,Deleted\n" +
		"000048213,DR,Priya Anjali,Sharma,,1986-02-30,F,qq 12 34 56 z,7012345,,,,,\"14 Mill Lane, Flat \"\"B\"\"\",,,Abingdon,\"Doha, Qatar\",GB,GB,2011-07-01T09:30:00,0\n" +
		"000048290,MR,Daniel,Hughes,,31/02/1986,M,TN140286F,UNKNOWN,,,,,7 Orchard Close,,,Banbury,\"YO12 5EX,\",GB,IE,2011-07-02T10:00:00,x\n" +
		"EOF,2\n",
	"EMPOWER_PEN_PERSONS_2011Q3.txt": "PERSON_REF|TITLE|FULL_NAME|PREV_SURNAME|DOB|SEX|NI_NO|GMC_NO|NTN|EMAIL|MOBILE_NO|HOME_NO|ADDRESS_1|ADDRESS_2|ADDRESS_3|TOWN_CITY|POST_CODE|COUNTRY|NATIONALITY|LAST_UPDATED|ARCHIVED\n" +
		"EMP0000101|Dr|SHARMA, Priya Anjali||31/02/1986|Female|QQ123456Z|7012345||||||Flat 2, The Old Mill|||Plymouth|PL4 8AAX|United Kingdom|India|01/07/2011 09:30:00|No\n" +
		"EMP0000102|Dr|OKAFOR, Chidi||1986-02-14|Male|NP654321B|||||||9 Chapel Row|||Plymouth|Doha, Qatar|United Kingdom|India|01/07/2011 09:30:00|Maybe\n" +
		"**END**|2\n",
}

// personalSecrets are the values of personalFiles that must never show in
// clear outside the records that hold them: NI numbers and their digits,
// birth dates in every form the files use, address lines and postcodes.
var personalSecrets = []string{
	"QQ123456Z", "TN140286F", "NP654321B", "NP 65 43 21 B", "JK246810C", "qq 12 34 56 z", "123456", "140286", "654321", "246810",
	"19860231", "1986-02-30", "31/02/1986", "20050214", "1982-06-11", "19860214", "1986-02-14",
	"14 Mill Lane", "Flat 2, The Old Mill", "7 Orchard Close", "9 Chapel Row", "Doha, Qatar", "YO12 5EX,", "SO23 8AB", "OX14 3PL", "PL4 8AAX",
}

// TestNoPersonalDataInLogsOrMessages loads the sample (bad records and
// broken files among them) and personalFiles with debug logging, as text
// and as JSON, applies the update files, and runs the quality rules; then
// scans every command's stdout and stderr (logs included) and every
// message and reason the warehouse keeps for the personal values of the
// input: those of personalSecrets, and every NI number, birth date,
// address line and postcode the warehouse holds as records. (Records, and
// the quality rules' offending values in quality_rule_row.detail, are the
// warehouse's data, kept in clear for those allowed to read it.)
func TestNoPersonalDataInLogsOrMessages(t *testing.T) {
	dir := t.TempDir()
	// The update file apart, so that it is applied, not loaded first.
	in, esr := filepath.Join(dir, "personal"), filepath.Join(dir, "esr")
	for name, text := range personalFiles {
		folder := in
		if strings.Contains(name, "_RMC_") {
			folder = esr
		}
		if err := os.MkdirAll(folder, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(folder, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sample, err := filepath.Abs("../../testdata/sample")
	if err != nil {
		t.Fatal(err)
	}
	db, jsonDB := filepath.Join(dir, "a.duckdb"), filepath.Join(dir, "b.duckdb")
	runs := [][]string{
		{"--log-level", "debug", "--db", db, "load", sample},
		{"--log-level", "debug", "--db", db, "load", in, esr},
		{"--log-level", "debug", "--json", "--db", jsonDB, "load", sample, in},
		{"--log-level", "debug", "--db", jsonDB, "exchange", "apply", esr},
		{"--log-level", "debug", "--db", db, "quality"},
	}
	// Commands whose library takes no logger yet: their output and
	// messages are scanned all the same.
	quiet := map[string]bool{"apply": true, "quality": true}
	var outputs []string
	for _, args := range runs {
		res := deanery(t, dir, args...)
		if res.code > 1 {
			t.Fatalf("deanery %s: exit %d: %s", strings.Join(args, " "), res.code, res.stderr)
		}
		if !strings.Contains(res.stderr, "level=DEBUG") && !quiet[args[len(args)-1]] && !quiet[args[len(args)-2]] {
			t.Errorf("deanery %s logged nothing at debug level; the scan would prove little", strings.Join(args, " "))
		}
		outputs = append(outputs, "deanery "+strings.Join(args, " ")+"\n"+res.stdout+res.stderr)
	}
	secrets := append([]string(nil), personalSecrets...)
	for _, path := range []string{db, jsonDB} {
		msgs, held := warehouseMessages(t, path)
		outputs = append(outputs, msgs...)
		secrets = append(secrets, held...)
	}
	found := 0
	for _, out := range outputs {
		for _, s := range secrets {
			if i := strings.Index(out, s); i >= 0 {
				found++
				if found <= 20 {
					head := strings.SplitN(out, "\n", 2)[0]
					t.Errorf("%q shows in clear in %s:\n  …%s…", s, head, out[max(0, i-80):min(len(out), i+len(s)+40)])
				}
			}
		}
	}
	t.Logf("scanned %d outputs and message sets for %d personal values", len(outputs), len(secrets))
}

// warehouseMessages returns, from the warehouse at path, every message
// and reason column as one text per table and column (the first line
// names it), and the personal values its records hold: NI numbers,
// birth dates (in the forms files write them), address lines, postcodes.
func warehouseMessages(t *testing.T, path string) (msgs, held []string) {
	t.Helper()
	ctx := context.Background()
	db, err := dsql.Open(ctx, path, dsql.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT table_name, column_name FROM duckdb_columns()
		WHERE schema_name = 'main' AND table_name IN (SELECT table_name FROM duckdb_tables())
		AND column_name IN ('message', 'reason') ORDER BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	var cols [][2]string
	for rows.Next() {
		var tbl, col string
		rows.Scan(&tbl, &col)
		cols = append(cols, [2]string{tbl, col})
	}
	rows.Close()
	if len(cols) < 3 {
		t.Fatalf("only %d message columns found: %v", len(cols), cols)
	}
	for _, c := range cols {
		var text string
		q := `SELECT coalesce(string_agg(` + c[1] + `, chr(10)), '') FROM ` + c[0]
		if err := db.QueryRowContext(ctx, q).Scan(&text); err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, c[0]+"."+c[1]+"\n"+text)
	}
	personal := `
		SELECT ni_number FROM trainee_version UNION SELECT address1 FROM trainee_version UNION SELECT address2 FROM trainee_version
		UNION SELECT postcode FROM trainee_version UNION SELECT strftime(date_of_birth, '%Y-%m-%d') FROM trainee_version
		UNION SELECT strftime(date_of_birth, '%d/%m/%Y') FROM trainee_version
		UNION SELECT uk_nino FROM app_record UNION SELECT address1 FROM app_record UNION SELECT postcode FROM app_record
		UNION SELECT strftime(dob, '%Y%m%d') FROM app_record
		UNION SELECT uk_nino FROM per_record UNION SELECT strftime(dob, '%Y%m%d') FROM per_record
		UNION SELECT address1 FROM add_record UNION SELECT address2 FROM add_record UNION SELECT postcode FROM add_record
		UNION SELECT ni_number FROM stf_record UNION SELECT address1 FROM stf_record UNION SELECT postcode FROM stf_record
		UNION SELECT strftime(dob, '%Y%m%d') FROM stf_record`
	rows, err = db.QueryContext(ctx, personal)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	short := regexp.MustCompile(`^.{0,5}$`)
	for rows.Next() {
		var v *string
		rows.Scan(&v)
		if v != nil && !short.MatchString(*v) {
			held = append(held, *v)
		}
	}
	return msgs, held
}
