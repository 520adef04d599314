package extract_test

import (
	"fmt"
	"os"
	"strings"

	"deanery/ingest/extract"
)

func ExampleParseName() {
	fi, ok := extract.ParseName("EMPOWER_NWN_PLACEMENTS_2011Q2.txt")
	fmt.Println(ok, fi.Profile.Name(), fi.Deanery, fi.Entity, fi.Quarter)
	_, ok = extract.ParseName("DE_OXF_APP_20110505_00000089.DAT")
	fmt.Println(ok)
	// Output:
	// true EMPOWER NWN placement 2011Q2
	// false
}

func ExampleNewReader() {
	const file = "EMPOWER_NWN_PLACEMENTS_2011Q2.txt"
	in := "PLACEMENT_REF|PERSON_REF|POST_REF|LOCATION_CODE|GRADE|SPECIALTY|START_DATE|END_DATE|FTE_PCT|PLACEMENT_TYPE|STATUS|CREATED|LAST_UPDATED|CANCELLED\n" +
		"EMP0003002|EMP0000102|EMP0002002|RXV01|Specialty Training Year 2|Cardiology|03/08/2011|31/07/2012|60|In Post|Confirmed|01/04/2011 09:00:00|02/04/2011 09:00:00|No\n" +
		"EMP0003003|EMP0000103\n" +
		"**END**|2\n"
	fi, _ := extract.ParseName(file)
	rd := extract.NewReader(fi.Profile, fi.Entity, file, strings.NewReader(in))
	for rd.Next() {
		if rej := rd.Reject(); rej != nil {
			fmt.Println("reject:", rej)
			continue
		}
		fmt.Println(strings.Join(rd.Row().Values, "|"))
	}
	if err := rd.Err(); err != nil {
		fmt.Println("file rejected:", err)
	}
	// Output:
	// EMP0003002|EMP0000102|EMP0002002|RXV01|ST2|030|2011-08-03|2012-07-31|0.60|IN_POST|APPROVED|2011-04-01 09:00:00|2011-04-02 09:00:00|false
	// reject: EMPOWER_NWN_PLACEMENTS_2011Q2.txt:3: FIELD_COUNT: 2 fields, want 14
}

func ExampleNewWriter() {
	p, _ := extract.ProfileByName("EMPOWER")
	w := extract.NewWriter(p, extract.Post, os.Stdout)
	flags, err := w.Write([]string{"EMP0002001", "NWN/RXV06/800/GPST/001", "NWN", "RXV", "RBD;R1K", "RXV06", "800", "GPST1", "CURRENT", "2011-04-01 09:00:00"})
	if err != nil || len(flags) > 0 {
		fmt.Println(err, flags)
	}
	if err := w.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// POST_REF|POST_NO|DEANERY|EMPLOYER_CODE|HOST_CODES|LOCATION_CODE|SPECIALTY|GRADE|ACTIVE|LAST_UPDATED
	// EMP0002001|NWN/RXV06/800/GPST/001|NWN|RXV|RBD,R1K|RXV06|General Practice|GP Specialty Training Year 1|Yes|01/04/2011 09:00:00
	// **END**|1
}

func ExampleColumns() {
	for _, c := range extract.Columns(extract.Post) {
		fmt.Print(c.Name, ":", c.Kind, " ")
	}
	fmt.Println()
	// Output:
	// post_id:text dpn:text deanery_code:text lead_trust_code:text host_trust_codes:list site_code:text specialty_code:text approved_grade:text status:text modified_at:timestamp
}

// A third deanery system needs only a profile: here a semicolon layout
// with its own names, dates and booleans.
func ExampleParseProfile() {
	profile := `{
	  "name": "TIS", "file_name": "tis_{deanery}_{entity}_{quarter}.csv",
	  "delimiter": ";", "quoting": "rfc4180", "charset": "utf-8",
	  "date_format": "DD.MM.YYYY", "timestamp_format": "YYYYMMDDhhmmss",
	  "true": "Y", "false": "N", "id_format": "", "end_marker": "TOTAL", "maps": {},
	  "entities": {
	    "trainee": {"word": "people", "columns": [{"name": "id", "field": "trainee_id"}, {"name": "amended", "field": "modified_at"}]},
	    "post": {"word": "posts", "columns": [{"name": "id", "field": "post_id"}, {"name": "amended", "field": "modified_at"}]},
	    "placement": {"word": "placements", "columns": [
	      {"name": "id", "field": "placement_id"}, {"name": "traineeId", "field": "trainee_id"},
	      {"name": "postId", "field": "post_id"}, {"name": "dateFrom", "field": "start_date"},
	      {"name": "amended", "field": "modified_at"}]}
	  }}`
	p, err := extract.ParseProfile([]byte(profile))
	if err != nil {
		fmt.Println(err)
		return
	}
	in := "id;traineeId;postId;dateFrom;amended\nP1;T1;42;07.08.2013;20130611200000\nTOTAL;1\n"
	name := p.FileName("WES", extract.Placement, "2013Q2")
	rows, _, err := extract.NewReader(p, extract.Placement, name, strings.NewReader(in)).ReadAll()
	fmt.Println(name, err)
	fmt.Printf("%q\n", rows[0].Values)
	// Output:
	// tis_WES_placements_2013Q2.csv <nil>
	// ["P1" "T1" "42" "" "" "" "2013-08-07" "" "" "" "" "" "2013-06-11 20:00:00" ""]
}
