package exchange

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	dsql "deanery/sql"

	"github.com/google/go-cmp/cmp"
)

// tiny is a hand-made warehouse: one deanery (OXF) with a lead trust R1A
// (VPD 101) and a host trust R1B (VPD 102), both live from 2011-01-03.
type tiny struct {
	t    *testing.T
	db   *stdsql.DB
	line int
}

func newTiny(t *testing.T) *tiny {
	t.Helper()
	db, _ := dsql.TestWarehouse(t)
	w := &tiny{t: t, db: db}
	w.exec(`INSERT INTO deanery VALUES ('OXF', 'Oxford', NULL, 'INTREPID')`)
	w.exec(`INSERT INTO trust VALUES ('R1A', 'Lead Trust', '101', 'OXF', 'ACUTE'), ('R1B', 'Host Trust', '102', 'OXF', 'ACUTE'),
		('R1C', 'Late Trust', '103', 'OXF', 'ACUTE')`)
	w.exec(`INSERT INTO interface_pair VALUES ('OXF', 'R1A', DATE '2011-01-03', NULL), ('OXF', 'R1B', DATE '2011-01-03', NULL),
		('OXF', 'R1C', DATE '2012-01-02', NULL)`)
	return w
}

func (w *tiny) exec(q string, args ...any) {
	w.t.Helper()
	if _, err := w.db.Exec(q, args...); err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
}

func (w *tiny) next() int { w.line++; return w.line }

// trainee adds a trainee version.
func (w *tiny) trainee(id, forenames, surname, at string) {
	w.exec(`INSERT INTO trainee_version (deanery_code, trainee_id, title, forenames, surname, date_of_birth, gender,
		ni_number, gmc_number, email, modified_at, deleted, file_name, line_number)
		VALUES ('OXF', ?, 'Dr', ?, ?, DATE '1985-01-01', 'F', 'JC123456A', ?, 'x@example.com', CAST(? AS TIMESTAMP), false, 'T.csv', ?)`,
		id, forenames, surname, fmt.Sprintf("70%05d", w.next()), at, w.line)
}

// post adds a post version; hosts is a ';' list.
func (w *tiny) post(id, dpn, lead, hosts, status, at string) {
	var hs []string
	if hosts != "" {
		hs = strings.Split(hosts, ";")
	}
	list := "[]::VARCHAR[]"
	if len(hs) > 0 {
		list = "['" + strings.Join(hs, "','") + "']"
	}
	w.exec(`INSERT INTO post_version (deanery_code, post_id, dpn, lead_trust_code, host_trust_codes, site_code, specialty_code,
		approved_grade, status, modified_at, file_name, line_number)
		VALUES ('OXF', ?, ?, ?, `+list+`, ?, '010', 'ST3', ?, CAST(? AS TIMESTAMP), 'P.csv', ?)`,
		id, dpn, lead, lead+"01", status, at, w.next())
}

// placement adds a placement version.
func (w *tiny) placement(id, trainee, post, start, end, state, typ string, withdrawn bool, at string) {
	w.exec(`INSERT INTO placement_version (deanery_code, placement_id, trainee_id, post_id, site_code, grade, specialty_code,
		start_date, end_date, wte, placement_type, lifecycle_state, created_at, modified_at, withdrawn, file_name, line_number)
		VALUES ('OXF', ?, ?, ?, 'R1A01', 'ST3', '010', CAST(? AS DATE), CAST(? AS DATE), 1.00, ?, ?, CAST(? AS TIMESTAMP),
		CAST(? AS TIMESTAMP), ?, 'L.csv', ?)`,
		id, trainee, post, start, end, typ, state, at, at, withdrawn, w.next())
}

// positions adds an RMF (or RMC) file created at `at` holding POR records
// "id:dpn:vpd:C" (or :D).
func (w *tiny) positions(file, typ, at string, recs ...string) {
	w.exec(`INSERT INTO source_file (file_name, file_kind, file_type, deanery_code, sequence_number, file_date, direction,
		created_at, sha256, status, load_id, loaded_at) VALUES (?, 'INTERFACE', ?, 'OXF', ?, CAST(? AS DATE), 'FROM_ESR',
		CAST(? AS TIMESTAMP), ?, 'LOADED', 1, now())`, file, typ, w.next(), at[:10], at, file)
	for i, r := range recs {
		p := strings.Split(r, ":")
		w.exec(`INSERT INTO por_record (file_name, line_number, ordinal, position_id, change_delete_indicator, position_number,
			deanery_number, employing_org_vpd_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			file, i+2, i+1, p[0], p[3], "3"+p[0], p[1], p[2])
	}
}

// answer adds an APC file answering the given ordinals of an APP file.
func (w *tiny) answer(appFile, at string, answers map[int]string) {
	file := "APC_" + appFile
	w.exec(`INSERT INTO source_file (file_name, file_kind, file_type, deanery_code, sequence_number, file_date, direction,
		created_at, sha256, status, load_id, loaded_at) VALUES (?, 'INTERFACE', 'APC', 'OXF', ?, CAST(? AS DATE), 'FROM_ESR',
		CAST(? AS TIMESTAMP), ?, 'LOADED', 1, now())`, file, w.next(), at[:10], at, file)
	for ord, status := range answers {
		w.exec(`INSERT INTO apc_record (file_name, line_number, ordinal, app_file_name, esr_vacancy_id, load_status_code,
			message_text, assignment_id, application_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'NEW')`,
			file, ord+1, ord, appFile, ord, status, status+": words", 300000000+ord)
	}
}

func (w *tiny) build(day string) *DayResult {
	w.t.Helper()
	d, _ := time.Parse(time.DateOnly, day)
	res, err := BuildRecruitment(context.Background(), w.db, d, Options{OutDir: w.t.TempDir(), NoLoad: true,
		Now: func() time.Time { return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		w.t.Fatalf("build %s: %v", day, err)
	}
	// Number the next files as a load would.
	for _, dr := range res.Deaneries {
		for _, f := range []*SentFile{dr.APP, dr.Notifications} {
			if f == nil {
				continue
			}
			typ := strings.Split(f.Name, "_")[2]
			w.exec(`INSERT INTO source_file (file_name, file_kind, file_type, deanery_code, sequence_number, file_date,
				direction, sha256, status, load_id, loaded_at) VALUES (?, 'INTERFACE', ?, 'OXF', ?, CAST(? AS DATE), 'TO_ESR',
				?, 'LOADED', 1, now())`, f.Name, typ, seqOf(f.Name), day, f.Name)
		}
	}
	return res
}

func seqOf(name string) int {
	var n int
	fmt.Sscanf(strings.TrimSuffix(strings.Split(name, "_")[4], ".DAT"), "%d", &n)
	return n
}

// appKeys lists the APP records of a run as "placement/position".
func appKeys(res *DayResult) []string {
	var out []string
	for _, dr := range res.Deaneries {
		if dr.APP == nil {
			continue
		}
		for _, v := range dr.APP.Values {
			out = append(out, v[32]+"/"+v[3])
		}
	}
	return out
}

func noteKeys(res *DayResult) []string {
	var out []string
	for _, dr := range res.Deaneries {
		if dr.Notifications == nil {
			continue
		}
		for _, v := range dr.Notifications.Values {
			out = append(out, v[1]+":"+v[3]+":"+v[30])
		}
	}
	return out
}

// base is a small deanery: two posts, the second with a host; positions
// for both roles of both posts, known from an RMF on 2011-01-03.
func base(t *testing.T) *tiny {
	w := newTiny(t)
	w.trainee("000000001", "Anna Maria", "Able", "2010-06-01 09:00:00")
	w.trainee("000000002", "Ben", "Baker", "2010-06-01 09:00:00")
	w.trainee("000000003", "Cleo", "Carter", "2010-06-01 09:00:00")
	w.post("000000010", "OXF/R1A01/010/HT/001", "R1A", "", "CURRENT", "2010-06-01 09:00:00")
	w.post("000000020", "OXF/R1A01/010/HT/002", "R1A", "R1B", "CURRENT", "2010-06-01 09:00:00")
	w.positions("RMF1", "RMF", "2011-01-03 14:30:00",
		"2000001:OXF/R1A01/010/HT/001:101:C", "2000002:OXF/R1A01/010/HT/002:101:C", "2000003:OXF/R1A01/010/HT/002:102:C")
	return w
}

func TestEligibilityOrderAndFanOut(t *testing.T) {
	tests := []struct {
		name string
		add  func(w *tiny)
		day  string
		want []string
	}{
		{"lead and host give two records, ordered by start, DPN, placement, position", func(w *tiny) {
			w.placement("000000101", "000000001", "000000020", "2011-03-02", "2011-08-02", "APPROVED", "IN_POST", false, "2010-12-01 10:00:00")
			w.placement("000000102", "000000002", "000000010", "2011-03-02", "2011-08-02", "APPROVED", "IN_POST", false, "2010-12-01 10:00:00")
			w.placement("000000103", "000000003", "000000010", "2011-02-02", "2011-08-02", "APPROVED", "IN_POST", false, "2010-12-01 10:00:00")
		}, "2011-01-05", []string{"000000103/2000001", "000000102/2000001", "000000101/2000002", "000000101/2000003"}},
		{"draft, withdrawn and out of programme are not sent", func(w *tiny) {
			w.placement("000000101", "000000001", "000000010", "2011-03-02", "2011-08-02", "DRAFT", "IN_POST", false, "2010-12-01 10:00:00")
			w.placement("000000102", "000000002", "000000010", "2011-03-02", "2011-08-02", "APPROVED", "IN_POST", true, "2010-12-01 10:00:00")
			w.placement("000000103", "000000003", "000000010", "2011-03-02", "2011-08-02", "APPROVED", "OOPR", false, "2010-12-01 10:00:00")
		}, "2011-01-05", nil},
		{"window is D+2 to before D+91", func(w *tiny) {
			w.placement("000000101", "000000001", "000000010", "2011-01-06", "2011-08-02", "APPROVED", "IN_POST", false, "2010-12-01 10:00:00")
			w.placement("000000102", "000000002", "000000010", "2011-01-07", "2011-08-02", "APPROVED", "IN_POST", false, "2010-12-01 10:00:00")
			w.placement("000000103", "000000003", "000000010", "2011-04-06", "2011-08-02", "APPROVED", "IN_POST", false, "2010-12-01 10:00:00")
		}, "2011-01-05", []string{"000000102/2000001"}},
		{"state as of 17:00: a later approval waits", func(w *tiny) {
			w.placement("000000101", "000000001", "000000010", "2011-03-02", "2011-08-02", "APPROVED", "IN_POST", false, "2011-01-05 17:00:01")
		}, "2011-01-05", nil},
		{"an inactive post or a deleted trainee sends nothing", func(w *tiny) {
			w.post("000000010", "OXF/R1A01/010/HT/001", "R1A", "", "INACTIVE", "2011-01-04 09:00:00")
			w.placement("000000101", "000000001", "000000010", "2011-03-02", "2011-08-02", "APPROVED", "IN_POST", false, "2010-12-01 10:00:00")
			w.exec(`INSERT INTO trainee_version (deanery_code, trainee_id, forenames, surname, modified_at, deleted, file_name, line_number)
				VALUES ('OXF', '000000002', 'Ben', 'Baker', TIMESTAMP '2011-01-04 09:00:00', true, 'T.csv', 99)`)
			w.placement("000000102", "000000002", "000000020", "2011-03-02", "2011-08-02", "APPROVED", "IN_POST", false, "2010-12-01 10:00:00")
		}, "2011-01-05", nil},
		{"a deleted position and a trust not live yet are not reconciled", func(w *tiny) {
			w.exec(`UPDATE interface_pair SET recruitment_live_from = DATE '2012-01-02' WHERE trust_code = 'R1B'`)
			w.positions("RMC2", "RMC", "2011-01-04 14:30:00", "2000001:OXF/R1A01/010/HT/001:101:D")
			w.placement("000000101", "000000001", "000000010", "2011-03-02", "2011-08-02", "APPROVED", "IN_POST", false, "2010-12-01 10:00:00")
			w.placement("000000102", "000000002", "000000020", "2011-03-02", "2011-08-02", "APPROVED", "IN_POST", false, "2010-12-01 10:00:00")
		}, "2011-01-05", []string{"000000102/2000002"}},
		{"a position an RMF left out is deleted", func(w *tiny) {
			w.positions("RMF2", "RMF", "2011-01-04 14:30:00", "2000002:OXF/R1A01/010/HT/002:101:C")
			w.placement("000000101", "000000001", "000000010", "2011-03-02", "2011-08-02", "APPROVED", "IN_POST", false, "2010-12-01 10:00:00")
			w.placement("000000102", "000000002", "000000020", "2011-03-02", "2011-08-02", "APPROVED", "IN_POST", false, "2010-12-01 10:00:00")
		}, "2011-01-05", []string{"000000102/2000002"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := base(t)
			tt.add(w)
			got := appKeys(w.build(tt.day))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("APP records (-want +got):\n%s", diff)
			}
		})
	}
}

func TestResendsAndQuarantineCap(t *testing.T) {
	w := base(t)
	w.placement("000000101", "000000001", "000000020", "2011-03-02", "2011-08-02", "APPROVED", "IN_POST", false, "2010-12-01 10:00:00")
	first := w.build("2011-01-04")
	if diff := cmp.Diff([]string{"000000101/2000002", "000000101/2000003"}, appKeys(first)); diff != "" {
		t.Fatalf("first run (-want +got):\n%s", diff)
	}
	if !first.Deaneries[0].Full || first.Deaneries[0].Notifications == nil {
		t.Fatalf("the first run writes a DNF: %+v", first.Deaneries[0])
	}
	app := first.Deaneries[0].APP.Name
	w.answer(app, "2011-01-04 19:00:00", map[int]string{1: "SUCCESS", 2: "FAIL"})
	// A FAIL is re-sent only once its record changed.
	if got := appKeys(w.build("2011-01-05")); len(got) != 0 {
		t.Fatalf("unchanged failed record re-sent: %v", got)
	}
	w.trainee("000000001", "Anna Maria", "Able-Smith", "2011-01-06 09:00:00")
	second := w.build("2011-01-06")
	if diff := cmp.Diff([]string{"000000101/2000003"}, appKeys(second)); diff != "" {
		t.Fatalf("re-send after the fix (-want +got):\n%s", diff)
	}
	// An unanswered file is quarantined at the next run and its pairs re-sent.
	third := w.build("2011-01-07")
	dr := third.Deaneries[0]
	if len(dr.Quarantined) != 1 || dr.Quarantined[0] != second.Deaneries[0].APP.Name || !dr.Capped {
		t.Fatalf("quarantine not inferred: %+v", dr)
	}
	if diff := cmp.Diff([]string{"000000101/2000003"}, appKeys(third)); diff != "" {
		t.Fatalf("re-send after quarantine (-want +got):\n%s", diff)
	}
}

func TestCapDefersTheLastInFileOrder(t *testing.T) {
	w := base(t)
	for i := range 45 {
		id := fmt.Sprintf("0000010%02d", i)
		tr := fmt.Sprintf("0000005%02d", i)
		w.trainee(tr, "Tess", fmt.Sprintf("Trainee%02d", i), "2010-06-01 09:00:00")
		w.placement(id, tr, "000000010", "2011-03-02", "2011-08-02", "APPROVED", "IN_POST", false, "2010-12-01 10:00:00")
	}
	first := w.build("2011-01-04")
	dr := first.Deaneries[0]
	if dr.APP.Records != 45 || len(dr.Expected) != 1 || dr.Expected[0].Reason != "DPN_OVER_40" {
		t.Fatalf("first file: %d records, expected %+v", dr.APP.Records, dr.Expected)
	}
	second := w.build("2011-01-05") // no APC came: quarantined, capped re-send
	dr = second.Deaneries[0]
	if !dr.Capped || dr.APP.Records != 40 || dr.Deferred != 5 {
		t.Fatalf("capped re-send: capped %v, %d records, %d deferred", dr.Capped, dr.APP.Records, dr.Deferred)
	}
	if last := dr.APP.Values[39][32]; last != "000001039" {
		t.Errorf("last record sent is %s, want 000001039", last)
	}
}

func TestNotificationTypes(t *testing.T) {
	w := base(t)
	w.placement("000000101", "000000001", "000000010", "2011-03-02", "2011-08-02", "APPROVED", "IN_POST", false, "2010-12-01 10:00:00")
	w.placement("000000100", "000000002", "000000010", "2010-08-04", "2011-03-01", "APPROVED", "IN_POST", false, "2010-06-01 10:00:00")
	first := w.build("2011-01-04") // DNF: one type 1 per reconciled post
	if diff := cmp.Diff([]string{"1:OXF/R1A01/010/HT/001:000000101", "1:OXF/R1A01/010/HT/002:"}, noteKeys(first)); diff != "" {
		t.Fatalf("DNF (-want +got):\n%s", diff)
	}
	w.answer(first.Deaneries[0].APP.Name, "2011-01-04 19:00:00", map[int]string{1: "SUCCESS"})
	// The type 1 of the placement first sent on the DNF day goes in the next DNC;
	// a new post gets a type 5.
	w.post("000000030", "OXF/R1A01/010/HT/003", "R1A", "", "CURRENT", "2011-01-05 10:00:00")
	second := w.build("2011-01-05")
	if diff := cmp.Diff([]string{"1:OXF/R1A01/010/HT/001:000000101", "5:OXF/R1A01/010/HT/003:"}, noteKeys(second)); diff != "" {
		t.Fatalf("first DNC (-want +got):\n%s", diff)
	}
	rec := second.Deaneries[0].Notifications.Values[0]
	if rec[8] != "N" || rec[10] != "Baker" || rec[16] != "Able" || rec[11] != "Ben" || rec[17] != "Anna" {
		t.Errorf("type 1 blocks: %q", rec)
	}
	// A date change, then a withdrawal, of the loaded placement.
	w.placement("000000101", "000000001", "000000010", "2011-03-09", "2011-08-02", "APPROVED", "IN_POST", false, "2011-01-06 10:00:00")
	third := w.build("2011-01-06")
	if diff := cmp.Diff([]string{"4:OXF/R1A01/010/HT/001:000000101"}, noteKeys(third)); diff != "" {
		t.Fatalf("date change (-want +got):\n%s", diff)
	}
	if rec := third.Deaneries[0].Notifications.Values[0]; rec[28] != "20110309" || rec[29] != "" {
		t.Errorf("type 4 change block: %q %q", rec[28], rec[29])
	}
	if got := noteKeys(w.build("2011-01-07")); len(got) != 0 {
		t.Fatalf("type 4 repeated: %v", got)
	}
	w.placement("000000101", "000000001", "000000010", "2011-03-09", "2011-08-02", "APPROVED", "IN_POST", true, "2011-01-10 10:00:00")
	fifth := w.build("2011-01-10")
	if diff := cmp.Diff([]string{"2:OXF/R1A01/010/HT/001:000000101"}, noteKeys(fifth)); diff != "" {
		t.Fatalf("withdrawal (-want +got):\n%s", diff)
	}
	if got := noteKeys(w.build("2011-01-11")); len(got) != 0 {
		t.Fatalf("type 2 repeated: %v", got)
	}
}
