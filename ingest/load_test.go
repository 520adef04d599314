package ingest_test

import (
	"context"
	stdsql "database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"deanery/ingest"
	"deanery/ingest/iface"
	dsql "deanery/sql"
)

const examples = "iface/testdata/examples"

func load(t *testing.T, db *stdsql.DB, paths ...string) *ingest.Result {
	t.Helper()
	res, err := ingest.Load(context.Background(), db, paths, ingest.Options{})
	if err != nil {
		t.Fatalf("load %v: %v", paths, err)
	}
	return res
}

func count(t *testing.T, db *stdsql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func fileStatus(res *ingest.Result, name string) ingest.FileResult {
	for _, f := range res.Files {
		if f.Name == name {
			return f
		}
	}
	return ingest.FileResult{}
}

func TestLoadExamplesEveryRecordType(t *testing.T) {
	db, _ := dsql.TestWarehouse(t)
	load(t, db, examples)
	want := map[string]int{"app_record": 5, "apc_record": 5, "dnc_record": 1, "dcc_record": 1, "pos_record": 1,
		"por_record": 1, "per_record": 1, "add_record": 1, "asg_record": 1, "pbd_record": 1, "stf_record": 1}
	for table, n := range want {
		if got := count(t, db, "SELECT count(*) FROM "+table); got != n {
			t.Errorf("%s: %d rows, want %d", table, got, n)
		}
	}
	// Typed values: dates, timestamps, decimals and zero-padded codes.
	var dob, changed, vpd string
	var wte float64
	err := db.QueryRow(`SELECT strftime(a.dob, '%Y-%m-%d'), a.wte::DOUBLE, strftime(p.change_timestamp, '%Y-%m-%d %H:%M:%S'), p.employing_org_vpd_code
		FROM app_record a, per_record p WHERE a.ordinal = 2`).Scan(&dob, &wte, &changed, &vpd)
	if err != nil {
		t.Fatal(err)
	}
	if dob != "1986-02-14" || wte != 1 || changed != "2013-06-11 20:00:00" || vpd != "057" {
		t.Errorf("typed values = %s %v %s %s", dob, wte, changed, vpd)
	}
	// The APP record without a birth date is kept (ESR answers it) and flagged.
	if n := count(t, db, `SELECT count(*) FROM app_record WHERE ordinal = 1 AND dob IS NULL`); n != 1 {
		t.Error("APP record with a missing mandatory field was not kept for its APC answer")
	}
	if n := count(t, db, `SELECT count(*) FROM value_flag WHERE flag_code = 'MANDATORY_MISSING' AND field = 'dob'`); n != 1 {
		t.Error("missing birth date not flagged")
	}
}

func TestReplayChangesNothingAndConflictIsRefused(t *testing.T) {
	db, _ := dsql.TestWarehouse(t)
	load(t, db, examples)
	before := count(t, db, "SELECT count(*) FROM app_record")
	res := load(t, db, examples)
	for _, f := range res.Files {
		if f.Status != ingest.StatusReplay {
			t.Errorf("%s: status %s on second load, want REPLAY", f.Name, f.Status)
		}
	}
	if after := count(t, db, "SELECT count(*) FROM app_record"); after != before {
		t.Errorf("replay changed app_record: %d -> %d", before, after)
	}
	// Same name, other content.
	dir := t.TempDir()
	src, _ := os.ReadFile(filepath.Join(examples, "DE_OXF_APP_20110505_00000089.DAT"))
	changed := strings.Replace(string(src), "Priya", "Priyanka", 1)
	os.WriteFile(filepath.Join(dir, "DE_OXF_APP_20110505_00000089.DAT"), []byte(changed), 0o644)
	res = load(t, db, dir)
	f := fileStatus(res, "DE_OXF_APP_20110505_00000089.DAT")
	if f.Status != ingest.StatusRejected || f.ReasonCode != "NAME_CONFLICT" {
		t.Errorf("same name, other content: %s %s, want REJECTED NAME_CONFLICT", f.Status, f.ReasonCode)
	}
	if after := count(t, db, "SELECT count(*) FROM app_record"); after != before {
		t.Errorf("conflicting file changed app_record: %d -> %d", before, after)
	}
}

// writeFile writes lines as one interface file and returns its folder.
func writeFile(t *testing.T, dir, name string, lines ...string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

const porLine = `POR,7612045,,"C","34620918","Specialty Registrar (Cornerways Surgery)","WES/R4K52/800/GPST/003","WES","Lead Employer","R4K",57,"Westbury Primary Care Training NHS Trust","Cornerways Surgery"`

func rmc(seq, date string, body ...string) []string {
	lines := []string{`HDR,"RMC","WES",` + seq + `,` + date + `143000,"1.0","CHANGE"`}
	lines = append(lines, body...)
	return append(lines, "TRL,"+itoa(len(body)))
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestWholeFileRejectionsLeaveNoRecord(t *testing.T) {
	cases := []struct {
		name, file, code string
		lines            []string
	}{
		{"truncated", "DE_WES_RMC_20130612_00000001.DAT", "MISSING_TRAILER", rmc("00000001", "20130612", porLine)[:2]},
		{"count", "DE_WES_RMC_20130612_00000001.DAT", "COUNT_MISMATCH", append(rmc("00000001", "20130612", porLine)[:2], "TRL,2")},
		{"header", "DE_WES_RMC_20130612_00000002.DAT", "HEADER_MISMATCH", rmc("00000001", "20130612", porLine)},
		{"bad name", "DE_WES_RMC_20130612_0000001.DAT", "BAD_FILE_NAME", rmc("00000001", "20130612", porLine)},
		{"empty", "DE_WES_RMC_20130612_00000001.DAT", "EMPTY_FILE", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db, _ := dsql.TestWarehouse(t)
			dir := t.TempDir()
			if c.lines == nil {
				os.WriteFile(filepath.Join(dir, c.file), nil, 0o644)
			} else {
				writeFile(t, dir, c.file, c.lines...)
			}
			res := load(t, db, dir)
			f := fileStatus(res, c.file)
			if f.Status != ingest.StatusRejected || f.ReasonCode != c.code {
				t.Fatalf("status %s %s (%s), want REJECTED %s", f.Status, f.ReasonCode, f.Reason, c.code)
			}
			if n := count(t, db, "SELECT count(*) FROM por_record"); n != 0 {
				t.Errorf("rejected file left %d records", n)
			}
			if n := count(t, db, "SELECT count(*) FROM source_file WHERE status = 'REJECTED' AND reason_code = ?", c.code); n != 1 {
				t.Errorf("rejection not recorded in source_file")
			}
		})
	}
}

func TestBadRecordIsKeptAndTheRestLoads(t *testing.T) {
	db, _ := dsql.TestWarehouse(t)
	dir := t.TempDir()
	short := `POR,7612046,,"C","34620919"`
	writeFile(t, dir, "DE_WES_RMC_20130612_00000001.DAT", rmc("00000001", "20130612", porLine, short, porLine)...)
	res := load(t, db, dir)
	f := res.Files[0]
	if f.Status != ingest.StatusLoaded || f.Rejected != 1 || f.RejectsBy["FIELD_COUNT"] != 1 {
		t.Fatalf("file result %+v", f)
	}
	if n := count(t, db, "SELECT count(*) FROM por_record"); n != 2 {
		t.Errorf("por_record has %d rows, want the 2 good ones", n)
	}
	var raw string
	var line int
	if err := db.QueryRow(`SELECT raw_text, line_number FROM rejected_record WHERE reason_code = 'FIELD_COUNT'`).Scan(&raw, &line); err != nil {
		t.Fatal(err)
	}
	if raw != short || line != 3 {
		t.Errorf("reject kept as line %d %q, want line 3 %q", line, raw, short)
	}
	// VPD 57 was unpadded in the file: normalised and flagged.
	if n := count(t, db, "SELECT count(*) FROM por_record WHERE employing_org_vpd_code = '057'"); n != 2 {
		t.Error("unpadded VPD not normalised")
	}
	if n := count(t, db, "SELECT count(*) FROM value_flag WHERE flag_code = 'VPD_UNPADDED'"); n != 2 {
		t.Error("unpadded VPD not flagged")
	}
}

func TestSequenceGapsAndOutOfOrder(t *testing.T) {
	db, _ := dsql.TestWarehouse(t)
	dir := t.TempDir()
	writeFile(t, dir, "DE_WES_RMC_20130610_00000001.DAT", rmc("00000001", "20130610", porLine)...)
	writeFile(t, dir, "DE_WES_RMC_20130612_00000004.DAT", rmc("00000004", "20130612", porLine)...)
	res := load(t, db, dir)
	if gaps := fileStatus(res, "DE_WES_RMC_20130612_00000004.DAT").Gaps; len(gaps) != 2 || gaps[0] != 2 || gaps[1] != 3 {
		t.Errorf("gaps = %v, want [2 3]", gaps)
	}
	if n := count(t, db, "SELECT count(*) FROM sequence_gap WHERE deanery_code = 'WES' AND file_type = 'RMC'"); n != 2 {
		t.Errorf("sequence_gap rows = %d, want 2", n)
	}
	late := t.TempDir()
	writeFile(t, late, "DE_WES_RMC_20130611_00000003.DAT", rmc("00000003", "20130611", porLine)...)
	res = load(t, db, late)
	f := res.Files[0]
	if f.Status != ingest.StatusLoaded || !f.OutOfOrder {
		t.Errorf("late file: %s out_of_order=%v, want LOADED and flagged", f.Status, f.OutOfOrder)
	}
	if n := count(t, db, "SELECT count(*) FROM por_record"); n != 3 {
		t.Errorf("por_record = %d, want 3 (a late file still loads)", n)
	}
}

func TestFailedLoadLeavesWarehouseUnchanged(t *testing.T) {
	db, _ := dsql.TestWarehouse(t)
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	_, err := ingest.Load(ctx, db, []string{examples}, ingest.Options{Progress: func(ingest.Progress) {
		calls++
		if calls == 3 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("load error = %v, want context.Canceled", err)
	}
	for _, table := range []string{"source_file", "load_run", "app_record", "apc_record"} {
		if n := count(t, db, "SELECT count(*) FROM "+table); n != 0 {
			t.Errorf("%s has %d rows after a failed load", table, n)
		}
	}
}

// The record tables of the schema must carry exactly the layouts' fields,
// typed by field type, so that loads and analysts agree with domain 7.
func TestRecordTablesMatchLayouts(t *testing.T) {
	db, _ := dsql.TestWarehouse(t)
	for _, rt := range iface.RecordTypes() {
		if rt == "HDR" || rt == "TRL" {
			continue
		}
		l, _ := iface.Layout(rt)
		table := strings.ToLower(rt) + "_record"
		rows, err := db.Query(`SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index`, table)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var c, ty string
			rows.Scan(&c, &ty)
			got = append(got, c+" "+ty)
		}
		rows.Close()
		want := []string{"file_name VARCHAR", "line_number INTEGER", "ordinal INTEGER"}
		for _, f := range l.Fields[1:] {
			ty := "VARCHAR"
			switch {
			case f.Type == iface.D:
				ty = "DATE"
			case f.Type == iface.T:
				ty = "TIMESTAMP"
			case f.Type == iface.N && f.Dec > 0:
				ty = "DECIMAL(18," + string(rune('0'+f.Dec)) + ")"
			case f.Type == iface.N:
				ty = "BIGINT"
			}
			want = append(want, f.Column()+" "+ty)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s columns:\n%s\nwant:\n%s", table, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

func TestConfigReplacesItsTables(t *testing.T) {
	db, _ := dsql.TestWarehouse(t)
	dir := t.TempDir()
	writeFile(t, dir, "deaneries.csv", "deanery_code,name,letb_name,system", "OXF,Oxford,Health Education Thames Valley,INTREPID", "PEN,Peninsula,,EMPOWER")
	writeFile(t, dir, "trusts.csv", "trust_code,name,vpd_code,deanery_code,kind", "R7H,Westbury Hospitals NHS Foundation Trust,112,OXF,ACUTE", "RZZ,Nowhere Trust,12,XXX,ACUTE", "RA1,Moorland Trust,57,PEN,ACUTE")
	writeFile(t, dir, "sites.csv", "site_code,trust_code,name,kind", "R7H01,R7H,Westbury General,HOSPITAL")
	writeFile(t, dir, "interface_pairs.csv", "deanery_code,trust_code,recruitment_live_from,full_records_from", "OXF,R7H,2010-05-04,", "PEN,RA1,,")
	res := load(t, db, dir)
	for _, f := range res.Files {
		if f.Status != ingest.StatusLoaded {
			t.Errorf("%s: %s %s", f.Name, f.Status, f.Reason)
		}
	}
	if n := count(t, db, "SELECT count(*) FROM trust"); n != 2 {
		t.Errorf("trusts = %d, want 2 (the one of an unknown deanery rejected)", n)
	}
	if n := count(t, db, "SELECT count(*) FROM rejected_record WHERE file_name = 'trusts.csv'"); n != 1 {
		t.Errorf("rejected trusts = %d, want 1", n)
	}
	if n := count(t, db, "SELECT count(*) FROM trust WHERE trust_code = 'RA1' AND vpd_code = '057'"); n != 1 {
		t.Error("two-digit VPD not padded")
	}
	if n := count(t, db, "SELECT count(*) FROM interface_pair WHERE recruitment_live_from = DATE '2010-05-04'"); n != 1 {
		t.Error("go-live date not loaded")
	}
	// A new version of one file replaces its table; the others stay.
	writeFile(t, dir, "interface_pairs.csv", "deanery_code,trust_code,recruitment_live_from,full_records_from", "OXF,R7H,2010-05-04,2012-01-02")
	res = load(t, db, dir)
	if f := fileStatus(res, "interface_pairs.csv"); f.Status != ingest.StatusLoaded {
		t.Errorf("changed config file: %s %s", f.Status, f.Reason)
	}
	if f := fileStatus(res, "trusts.csv"); f.Status != ingest.StatusReplay {
		t.Errorf("unchanged config file: %s, want REPLAY", f.Status)
	}
	if n := count(t, db, "SELECT count(*) FROM interface_pair"); n != 1 {
		t.Errorf("interface_pair rows = %d, want 1 after replacement", n)
	}
	if n := count(t, db, "SELECT count(*) FROM trust"); n != 2 {
		t.Errorf("trust rows = %d, want 2 kept", n)
	}
}
