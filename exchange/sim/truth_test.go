package sim

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"deanery/ingest/iface"
)

// tableRows returns the rows of one of the ESR side's truth tables.
func tableRows(t *testing.T, w *World, table string) [][]string {
	t.Helper()
	var out [][]string
	err := w.esrTruthRows(table, func(v ...string) error {
		if len(v) != len(truthHeaders[table]) {
			return fmt.Errorf("%s: %d values for %d columns: %q", table, len(v), len(truthHeaders[table]), v)
		}
		out = append(out, slices.Clone(v))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// joined renders rows one per line, values separated by commas.
func joined(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, ","))
		b.WriteByte('\n')
	}
	return b.String()
}

func wantRows(t *testing.T, table string, got [][]string, want string) {
	t.Helper()
	if g := joined(got); g != want {
		t.Errorf("%s:\n got:\n%s want:\n%s", table, g, want)
	}
}

// volumeFromFiles counts expected_volume's interface columns from the
// files themselves: APC records by loadStatusCode and applicationType,
// APP records per file, by deanery and quarter of the file date.
func volumeFromFiles(t *testing.T, e *ESR) map[string][4]int64 {
	t.Helper()
	out := map[string][4]int64{}
	add := func(dn string, d Date, col int, n int64) {
		for _, k := range []string{dn, "ALL"} {
			k += "," + d.Quarter().String()
			v := out[k]
			v[col] += n
			out[k] = v
		}
	}
	for _, f := range e.Files {
		switch f.Type {
		case "APP":
			add(f.Deanery, f.Date, 2, int64(len(readAll(t, f))))
		case "APC":
			for _, r := range readAll(t, f) {
				switch {
				case r.Get("loadStatusCode") == "FAIL":
					add(f.Deanery, f.Date, 3, 1)
				case r.Get("applicationType") == "NEW":
					add(f.Deanery, f.Date, 0, 1)
				case r.Get("applicationType") == "TRANSFER":
					add(f.Deanery, f.Date, 1, 1)
				}
			}
		}
	}
	return out
}

// checkVolume compares expected_volume with the files and the manual
// hires with ESR's send rows.
func checkVolume(t *testing.T, e *ESR) {
	t.Helper()
	files := volumeFromFiles(t, e)
	manual := map[string]int64{}
	for _, s := range e.Sends {
		if s.Route == "MANUAL" && s.HireDate >= e.w.Settings.From && s.HireDate <= e.w.Settings.To {
			dn := e.w.Deaneries[e.w.Trusts[e.trustByVPD(s.VPD)].Deanery].Code
			manual[dn+","+s.HireDate.Quarter().String()]++
			manual["ALL,"+s.HireDate.Quarter().String()]++
		}
	}
	seen := map[string]bool{}
	for _, r := range tableRows(t, e.w, TableExpectedVolume) {
		k := r[0] + "," + r[1]
		seen[k] = true
		want := files[k]
		for i, c := range []int{0, 1, 2, 3} {
			if got, _ := strconv.ParseInt(r[2+c], 10, 64); got != want[i] {
				t.Errorf("%s %s: %d, files say %d", k, truthHeaders[TableExpectedVolume][2+c], got, want[i])
			}
		}
		if got, _ := strconv.ParseInt(r[6], 10, 64); got != manual[k] {
			t.Errorf("%s manual_hires: %d, send rows say %d", k, got, manual[k])
		}
	}
	for k, v := range files {
		if v != [4]int64{} && !seen[k] {
			t.Errorf("%s: no expected_volume row for %v", k, v)
		}
	}
}

func TestExpectedVolumeCountsAPC(t *testing.T) {
	e := runTinyTo(t, MakeDate(2011, time.September, 30))
	checkVolume(t, e)
	wantRows(t, TableExpectedVolume, tableRows(t, e.w, TableExpectedVolume), ""+
		"ALL,2011Q1,0,1,1,0,0\n"+
		"ALL,2011Q2,2,1,3,0,0\n"+
		"OXF,2011Q1,0,1,1,0,0\n"+
		"OXF,2011Q2,2,1,3,0,0\n")
}

// handESR is an ESR that never ran: the tests fill its files and send
// rows by hand.
func handESR(w *World) *ESR {
	e := &ESR{w: w, people: &people{}}
	w.esr = e
	return e
}

func TestExpectedSavingsByHand(t *testing.T) {
	w := tinyWorld(0)
	w.Settings.From, w.Settings.To = MakeDate(2010, time.January, 1), MakeDate(2011, time.December, 31)
	w.Trusts[0].LiveFrom = MakeDate(2010, time.June, 1) // 214 days of 2010, all of 2011
	w.Trusts[1].LiveFrom = Never
	e := handESR(w)
	e.Files = []ExFile{
		{Name: "A1", Deanery: "OXF", Type: "APP", Date: MakeDate(2010, time.September, 1)},
		{Name: "A2", Deanery: "OXF", Type: "APP", Date: MakeDate(2011, time.March, 1)},
		{Name: "A3", Deanery: "OXF", Type: "APP", Date: MakeDate(2011, time.May, 2)},
	}
	e.Sends = []SendRow{
		{Placement: 0, Position: 2000001, VPD: "112", AppFile: "A1", Status: "SUCCESS", Route: "INTERFACE_NEW"},
		{Placement: 1, Position: 2000001, VPD: "112", AppFile: "A2", Status: "SUCCESS", Route: "INTERFACE_TRANSFER"},
		{Placement: 2, Position: 2000002, VPD: "112", AppFile: "A2", Status: "FAIL", Route: "NONE"},
		{Placement: 2, Position: 2000002, VPD: "112", AppFile: "A3", Status: "SUCCESS", Route: "INTERFACE_NEW"},
		{Placement: 3, Position: 2000001, VPD: "112", Route: "MANUAL", HireDate: MakeDate(2011, time.April, 1)},
		// The same pair again: one application.
		{Placement: 1, Position: 2000001, VPD: "112", AppFile: "A3", Status: "SUCCESS", Route: "INTERFACE_NEW"},
	}
	// 2010: 1 × £2.44; 214/365 = 0.5863 organisation-years; 2.44 × 365/214 = 4.1617.
	// 2011: 2 × £2.44 over a trust live all year: 1 organisation-year.
	wantRows(t, TableExpectedSavings, tableRows(t, w, TableExpectedSavings), ""+
		"2010,ALL,1,0.5863,2.44,2.44,4.16\n"+
		"2010,OXF,1,0.5863,2.44,2.44,4.16\n"+
		"2011,ALL,2,1.0000,2.44,4.88,4.88\n"+
		"2011,OXF,2,1.0000,2.44,4.88,4.88\n")

	// Savings = applications × 2.44 in a world that ran.
	r := runTinyTo(t, MakeDate(2011, time.December, 30))
	pairs := map[pairKey]bool{}
	for _, s := range r.Sends {
		if s.Status == "SUCCESS" {
			pairs[pairKey{s.Placement, s.Position}] = true
		}
	}
	var apps int64
	for _, row := range tableRows(t, r.w, TableExpectedSavings) {
		n, _ := strconv.ParseInt(row[2], 10, 64)
		if row[5] != decimalText(n*244, 2) {
			t.Errorf("%v: saving %s for %d applications", row, row[5], n)
		}
		if row[1] == "ALL" {
			apps += n
		}
	}
	if apps == 0 || apps != int64(len(pairs)) {
		t.Errorf("%d applications, %d pairs with APC SUCCESS", apps, len(pairs))
	}
}

func TestNotice(t *testing.T) {
	// Placement 2 (index 1) starts 2011-08-03, approved long before: the
	// first working day on or after start − 90 sends it, 90 days ahead.
	e := runTinyTo(t, MakeDate(2011, time.September, 30))
	got := e.w.placementNotice(1)
	if got[1] != "2011-05-05" || got[2] != "90" || got[3] != "true" || !strings.HasPrefix(got[0], "DE_OXF_APP_20110505_") {
		t.Errorf("notice of placement 2: %q", got)
	}
	if got := e.w.placementNotice(0); got != [4]string{} {
		t.Errorf("placement 1, never sent: %q", got)
	}

	// By hand: sent 90 days ahead, 60 days ahead, and carried only by a
	// quarantined file.
	w := tinyWorld(0)
	w.Settings.To = MakeDate(2011, time.December, 31)
	aug := MakeDate(2011, time.August, 3)
	w.Placements = append(w.Placements, w.Placements[2])
	w.Placements[4].ID = 5
	h := handESR(w)
	h.Positions = []Position{{ID: 2000001, Trust: 0}, {ID: 2000002, Trust: 1}}
	h.Files = []ExFile{
		{Name: "Q", Deanery: "OXF", Type: "APP", Date: aug - 100, Quarantine: true},
		{Name: "A", Deanery: "OXF", Type: "APP", Date: aug - 90},
		{Name: "B", Deanery: "OXF", Type: "APP", Date: aug - 60},
	}
	h.truth.quarantined = []quarantinedFile{{name: "Q", deanery: "OXF", date: aug - 100,
		pairs: []pairKey{{1, 2000001}, {2, 2000002}, {4, 2000002}}, dpns: []string{"d", "d", "d"}}}
	h.Sends = []SendRow{
		{Placement: 1, Position: 2000001, VPD: "112", AppFile: "A", Ordinal: 1, Status: "FAIL", Reason: "NI_INVALID", Route: "NONE"},
		{Placement: 2, Position: 2000002, VPD: "096", AppFile: "B", Ordinal: 1, Status: "SUCCESS", Reason: "OK", Route: "INTERFACE_NEW"},
	}
	if got := w.placementNotice(1); got != [4]string{"A", (aug - 90).String(), "90", "true"} {
		t.Errorf("sent 90 days ahead: %q", got)
	}
	if got := w.placementNotice(2); got != [4]string{"B", (aug - 60).String(), "60", "false"} {
		t.Errorf("sent 60 days ahead: %q", got)
	}
	if got := w.placementNotice(4); got != [4]string{} {
		t.Errorf("carried only by a quarantined file: %q", got)
	}
	// Placement 4 (index 3) is withdrawn: out of scope.
	wantRows(t, TableExpectedNotice, tableRows(t, w, TableExpectedNotice), ""+
		"ALL,2011Q3,2,1,1\n"+
		"OXF,2011Q3,2,1,1\n")
	wantRows(t, TableSendTruth, tableRows(t, w, TableSendTruth), ""+
		"000000002,2000001,112,NONE,A,1,FAIL,NI_INVALID,,,,,\n"+
		"000000003,2000002,096,INTERFACE_NEW,B,1,SUCCESS,OK,,,,false,\n"+
		"000000005,2000002,096,NONE,Q,3,,,,,,,\n")
}

func TestExpectedQuarantine(t *testing.T) {
	e := runTiny(t, 45)
	var q []string
	for _, f := range e.Files {
		if f.Quarantine {
			q = append(q, f.Name)
		}
	}
	// The files themselves: DPNs with more than 40 records.
	var want [][]string
	for _, f := range e.Files {
		if !f.Quarantine {
			continue
		}
		n := map[string]int{}
		for _, r := range readAll(t, f) {
			n[r.Get("deaneryNumber")]++
		}
		for dpn, c := range n {
			if c > 40 {
				want = append(want, []string{f.Name, f.Deanery, dpn, strconv.Itoa(c)})
			}
		}
	}
	rows := tableRows(t, e.w, TableExpectedQuarantine)
	// The bucket's 45 placements and the post's withdrawn placement.
	if len(want) == 0 || want[0][2] != "OXF/R7H02/100/HT/001" || want[0][3] != "46" {
		t.Errorf("quarantined files: %v", want)
	}
	wantRows(t, TableExpectedQuarantine, rows, joined(want))

	// By hand: only the DPN with more than 40 records is listed.
	h := handESR(tinyWorld(0))
	var cands []appCand
	for _, c := range []struct {
		dpn string
		n   int
	}{{"A", 41}, {"B", 3}, {"C", 40}} {
		for range c.n {
			cands = append(cands, appCand{dpn: c.dpn})
		}
	}
	h.truth.onQuarantine(&ExFile{Name: "F", Deanery: "OXF"}, cands)
	wantRows(t, TableExpectedQuarantine, tableRows(t, h.w, TableExpectedQuarantine), "F,OXF,A,41\n")
}

// mkRec builds a record of the given type from field names and values.
func mkRec(typ string, kv ...string) rec {
	l, _ := iface.Layout(typ)
	vals := make([]string, len(l.Fields)-1)
	for i := 0; i+1 < len(kv); i += 2 {
		k := l.Index(kv[i])
		if k < 1 {
			panic(typ + " " + kv[i])
		}
		vals[k-1] = kv[i+1]
	}
	return rec{typ, vals}
}

func posRecs(id, dpn, vpd, trust, ind string) []rec {
	return []rec{
		mkRec("POS", "positionID", id, "changeDeleteIndicator", ind, "deaneryNumber", dpn),
		mkRec("POR", "positionID", id, "changeDeleteIndicator", ind, "deaneryNumber", dpn, "employingOrgVPDCode", vpd, "odsCode", trust),
	}
}

func TestExpectedPostStates(t *testing.T) {
	w := tinyWorld(0)
	w.Posts[2].Hosts = []int32{1}
	w.Trusts[1].LiveFrom = MakeDate(2011, time.April, 1)
	e := handESR(w)
	apply := func(d Date, full bool, recs ...[]rec) {
		f := &ExFile{Deanery: "OXF", Date: d}
		e.truth.onUpdate(e, 0, f, slices.Concat(recs...), full, d.At(14, 30, 0))
	}
	p0, p1, p2 := w.Posts[0].DPN, w.Posts[1].DPN, w.Posts[2].DPN
	apply(MakeDate(2011, time.January, 10), true,
		posRecs("1", p0, "112", "R7H", "C"),
		posRecs("4", p2, "555", "RZZ", "C"), // at a trust of none of the post's roles
		posRecs("5", "OXF/ZZZ01/999/XX/001", "112", "R7H", "C"))
	apply(MakeDate(2011, time.April, 5), false,
		posRecs("1", p0, "112", "R7H", "D"),
		posRecs("2", p1, "96", "RX3", "C"), // VPD unpadded
		posRecs("3", p1, "096", "RX3", "C"))
	// 2011Q1: RX3 not live, so post 2 (lead RX3) is out of scope and post 3's
	// host role is NOT_LIVE. 2011Q2: position 1 deleted; post 2 has two
	// positions at RX3 and none at its host R7H.
	wantRows(t, TableExpectedPostStates, tableRows(t, w, TableExpectedPostStates), ""+
		"ALL,,2011Q1,MATCHED,1\n"+
		"ALL,,2011Q1,MISSING_IN_DEANERY,1\n"+
		"ALL,,2011Q1,NOT_LIVE,1\n"+
		"ALL,,2011Q1,WRONG_TRUST,1\n"+
		"ALL,,2011Q2,DELETED,1\n"+
		"ALL,,2011Q2,DUPLICATE_DPN,1\n"+
		"ALL,,2011Q2,MISSING_IN_DEANERY,1\n"+
		"ALL,,2011Q2,MISSING_IN_ESR,1\n"+
		"ALL,,2011Q2,WRONG_TRUST,2\n"+
		"OXF,R7H,2011Q1,MATCHED,1\n"+
		"OXF,R7H,2011Q1,MISSING_IN_DEANERY,1\n"+
		"OXF,R7H,2011Q1,WRONG_TRUST,1\n"+
		"OXF,R7H,2011Q2,DELETED,1\n"+
		"OXF,R7H,2011Q2,MISSING_IN_DEANERY,1\n"+
		"OXF,R7H,2011Q2,MISSING_IN_ESR,1\n"+
		"OXF,R7H,2011Q2,WRONG_TRUST,1\n"+
		"OXF,RX3,2011Q1,NOT_LIVE,1\n"+
		"OXF,RX3,2011Q2,DUPLICATE_DPN,1\n"+
		"OXF,RX3,2011Q2,WRONG_TRUST,1\n")
	// Post alignment: 2011Q1, post 1 aligned, post 3 not (post 2 out of
	// scope); 2011Q2, none of the three.
	wantRows(t, TableExpectedAlignmentScore, tableRows(t, w, TableExpectedAlignmentScore), ""+
		"ALL,2011Q1,POST,2,0.5000,\n"+
		"ALL,2011Q2,POST,3,0.0000,\n"+
		"OXF,2011Q1,POST,2,0.5000,\n"+
		"OXF,2011Q2,POST,3,0.0000,\n")
	wantRows(t, TableExpectedUpdates, tableRows(t, w, TableExpectedUpdates), ""+
		"ALL,2011Q1,6,0,0,0,0\n"+
		"ALL,2011Q2,6,0,0,0,0\n"+
		"OXF,2011Q1,6,0,0,0,0\n"+
		"OXF,2011Q2,6,0,0,0,0\n")
}

func TestUpdatePersonRecords(t *testing.T) {
	w := tinyWorld(0)
	e := handESR(w)
	e.Files = []ExFile{{Name: "A1", Deanery: "OXF", Type: "APP", Date: MakeDate(2011, time.May, 5)}}
	e.Sends = []SendRow{{Placement: 1, Position: 2000001, AppFile: "A1", Status: "SUCCESS", Route: "INTERFACE_NEW", Assignment: 300000001}}
	head := func(n, ts string) []string {
		return []string{"esrPersonNumber", n, "changeTimestamp", ts, "changeDeleteIndicator", "C", "employingOrgVPDCode", "112"}
	}
	per := func(n, ts string, kv ...string) rec { return mkRec("PER", append(head(n, ts), kv...)...) }
	add := func(n, ts string, kv ...string) rec { return mkRec("ADD", append(head(n, ts), kv...)...) }
	pbd := func(n, ts string, kv ...string) rec { return mkRec("PBD", append(head(n, ts), kv...)...) }
	apply := func(d Date, recs ...rec) {
		e.truth.onUpdate(e, 0, &ExFile{Deanery: "OXF", Date: d}, recs, false, d.At(14, 30, 0))
	}
	d1, d2 := MakeDate(2011, time.May, 6), MakeDate(2011, time.May, 9)
	apply(d1,
		// Trainee 1 (placement 2 got assignment 300000001): 7 PER fields,
		// 4 ADD fields, the GMC: 12 propagations.
		per("10000001", "20110505200000", "assignmentId", "300000001", "ukNino", "JC123456A", "lastName", "Sharma",
			"firstName", "Priya", "title", "Dr.", "gender", "F", "dob", "19850214", "emailAddress", "priya@nhsmail.example"),
		add("10000001", "20110505200000", "address1", "1 High Street", "town", "Oxford", "postcode", "OX1 1AA", "country", "GB"),
		pbd("10000001", "20110505200000", "professionalBody", "General Medical Council", "registrationNumber", "7012345"),
		// Unknown: rejected, two records.
		per("10000002", "20110505200000", "assignmentId", "999", "lastName", "Nobody"),
		add("10000002", "20110505200000", "postcode", "ZZ1 1ZZ"),
		// Trainee 2 by the GMC on its PBD: one propagation.
		pbd("10000003", "20110505200000", "professionalBody", "General Medical Council", "registrationNumber", "7054321"))
	apply(d2,
		// Trainee 1 by the stored link: email (twice, in timestamp order)
		// and forenames (a middle name appears): 2 propagations.
		per("10000001", "20110508120000", "lastName", "Sharma", "firstName", "Priya", "middleNames", "Anjali",
			"emailAddress", "p.b@example.org"),
		per("10000001", "20110507120000", "lastName", "Sharma", "firstName", "Priya", "emailAddress", "p.a@example.org"),
		add("10000002", "20110508120000", "postcode", "ZZ2 2ZZ"))
	m := e.truth.upd
	if v, _ := m.deaneryValue(0, "email", d2.At(17, 0, 0)); v != "p.b@example.org" {
		t.Errorf("email after the second file: %q", v)
	}
	if v, _ := m.deaneryValue(0, "email", d1.At(12, 0, 0)); v != "x@example.com" {
		t.Errorf("email before any file: %q", v)
	}
	if v, _ := m.deaneryValue(0, "forenames", d2.At(17, 0, 0)); v != "Priya Anjali" {
		t.Errorf("forenames: %q", v)
	}
	if v, _ := m.deaneryValue(0, "date_of_birth", d2.At(17, 0, 0)); v != "1985-02-14" {
		t.Errorf("date_of_birth: %q", v)
	}
	if m.dean[0].links["10000003"] != 1 || m.dean[0].links["10000001"] != 0 {
		t.Errorf("links %v", m.dean[0].links)
	}
	wantRows(t, TableExpectedUpdates, tableRows(t, w, TableExpectedUpdates), ""+
		"ALL,2011Q2,9,15,3,0,0\n"+
		"OXF,2011Q2,9,15,3,0,0\n")
	wantRows(t, TableExpectedRejections, tableRows(t, w, TableExpectedRejections), ""+
		"ALL,2011Q2,UPDATE_APPLY,UNKNOWN_PERSON,3\n"+
		"OXF,2011Q2,UPDATE_APPLY,UNKNOWN_PERSON,3\n")
}

func TestExpectedUpdatesReplaysAndGaps(t *testing.T) {
	w := tinyWorld(0)
	e := handESR(w)
	d := MakeDate(2011, time.March, 1)
	e.Files = []ExFile{
		{Name: "R1", Deanery: "OXF", Type: "RMC", Seq: 1, Date: d, Delivered: true, Deliveries: []Date{d}},
		{Name: "R2", Deanery: "OXF", Type: "RMC", Seq: 2, Date: d + 1},
		{Name: "A1", Deanery: "OXF", Type: "APP", Seq: 1, Date: d + 1, Delivered: true, Deliveries: []Date{d + 1, d + 3}},
		{Name: "R3", Deanery: "OXF", Type: "RMC", Seq: 3, Date: d + 35, Delivered: true, Deliveries: []Date{d + 35}},
	}
	wantRows(t, TableExpectedUpdates, tableRows(t, w, TableExpectedUpdates), ""+
		"ALL,2011Q1,0,0,0,1,0\n"+
		"ALL,2011Q2,0,0,0,0,1\n"+
		"OXF,2011Q1,0,0,0,1,0\n"+
		"OXF,2011Q2,0,0,0,0,1\n")
}

// allTruth renders every table of the ESR side and the notice columns of
// placement_truth.
func allTruth(t *testing.T, w *World) string {
	t.Helper()
	var b strings.Builder
	for _, table := range esrTruthTables {
		b.WriteString("== " + table + "\n" + joined(tableRows(t, w, table)))
	}
	b.WriteString("== " + TablePlacementTruth + "\n")
	for i := range w.Placements {
		n := w.placementNotice(int32(i))
		b.WriteString(strings.Join(n[:], ",") + "\n")
	}
	return b.String()
}

func TestTruthDeterminism(t *testing.T) {
	a, b := runTiny(t, 45), runTiny(t, 45)
	ta, tb := allTruth(t, a.w), allTruth(t, b.w)
	if ta != tb {
		t.Fatalf("two runs differ:\n%s\n----\n%s", ta, tb)
	}
	for _, table := range esrTruthTables {
		if table != TableExpectedQuarantine && !strings.Contains(ta, "== "+table+"\n") {
			t.Errorf("%s missing", table)
		}
	}
}

func TestTruthSmallWorld(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a world")
	}
	run := func() *ESR {
		s := testSettings(5, 0.005, 2010)
		s.To = MakeDate(2011, time.June, 30)
		w, err := Build(context.Background(), s, time.Time{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		e := NewESR(w)
		if err := w.Run(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		return e
	}
	a, b := run(), run()
	checkVolume(t, a)
	ta, tb := allTruth(t, a.w), allTruth(t, b.w)
	if ta != tb {
		t.Fatal("two runs of the same settings give different truth")
	}
	// Every send_truth pair is once; notice days agree with send rows.
	seen := map[string]bool{}
	for _, r := range tableRows(t, a.w, TableSendTruth) {
		k := r[0] + "/" + r[1]
		if seen[k] {
			t.Errorf("pair %s twice", k)
		}
		seen[k] = true
	}
	for _, table := range esrTruthTables {
		t.Logf("%s: %d rows", table, len(tableRows(t, a.w, table)))
	}
}

func TestExpectedAlignment(t *testing.T) {
	w := tinyWorld(0)
	w.Settings.To = MakeDate(2011, time.September, 30)
	for i := range w.Trainees {
		w.Trainees[i].Human = int32(i)
	}
	e := handESR(w)
	e.people.persons = []Person{{Number: "10000001", Human: 0}, {Number: "10000002", Human: 1}}
	e.people.byHuman = map[int32][]int32{0: {0}, 1: {1}}
	dpn := w.Posts[0].DPN
	pay := w.grade(w.Placements[1].Grade).PayScale
	stf := func(asg, seq, status, start, end string) rec {
		return mkRec("STF", "esrPersonNumber", "10000001", "lastName", "SHARMA", "firstName", "Priya", "dob", "19850214",
			"gender", "F", "gmcNumber", "7012345", "emailAddress", "priya@nhsmail.example", "postcode", "ox1 1aa",
			"assignmentId", asg, "periodSeq", seq, "deaneryNumber", dpn, "assignmentStatus", status, "gradePayscale", pay,
			"startDate", start, "projectedEndDate", end, "wte", "0.96")
	}
	// Person 10000002 (trainee 2's human) is in no STF: not known, so
	// trainee 2 is not linked.
	e.truth.onSTF([]rec{
		stf("300000005", "1", "CANCELLED", "20110803", "20111206"), // cancelled: never compared
		stf("300000002", "1", "ACTIVE", "20110806", "20111206"),    // within tolerance, 3 days off
		stf("300000003", "1", "ACTIVE", "20110803", "20111206"),    // the closest
		stf("300000004", "1", "ACTIVE", "20110813", "20111206"),    // 10 days off
	})
	e.truth.onQuarterEnd(e, w.Settings.To)
	// 2011Q3: trainees 1 and 2 hold placements overlapping the quarter
	// (trainee 3's only one is withdrawn); placements 2 and 3 start in it.
	// Trainee 1 against person 10000001: 8 fields compared (both
	// address lines empty), the NI one-null, the email different: 6/8.
	wantRows(t, TableExpectedAlignmentField, tableRows(t, w, TableExpectedAlignmentField), ""+
		"ALL,2011Q3,PERSON,address_line1,1,0,0,0\n"+
		"ALL,2011Q3,PERSON,date_of_birth,1,1,1,0\n"+
		"ALL,2011Q3,PERSON,email,1,1,0,0\n"+
		"ALL,2011Q3,PERSON,first_name,1,1,1,0\n"+
		"ALL,2011Q3,PERSON,gender,1,1,1,0\n"+
		"ALL,2011Q3,PERSON,gmc_number,1,1,1,0\n"+
		"ALL,2011Q3,PERSON,last_name,1,1,1,0\n"+
		"ALL,2011Q3,PERSON,ni_number,1,1,0,1\n"+
		"ALL,2011Q3,PERSON,postcode,1,1,1,0\n"+
		"ALL,2011Q3,PLACEMENT,end_date,1,1,1,0\n"+
		"ALL,2011Q3,PLACEMENT,grade,1,1,1,0\n"+
		"ALL,2011Q3,PLACEMENT,start_date,1,1,1,0\n"+
		"ALL,2011Q3,PLACEMENT,wte,1,1,1,0\n"+
		"OXF,2011Q3,PERSON,address_line1,1,0,0,0\n"+
		"OXF,2011Q3,PERSON,date_of_birth,1,1,1,0\n"+
		"OXF,2011Q3,PERSON,email,1,1,0,0\n"+
		"OXF,2011Q3,PERSON,first_name,1,1,1,0\n"+
		"OXF,2011Q3,PERSON,gender,1,1,1,0\n"+
		"OXF,2011Q3,PERSON,gmc_number,1,1,1,0\n"+
		"OXF,2011Q3,PERSON,last_name,1,1,1,0\n"+
		"OXF,2011Q3,PERSON,ni_number,1,1,0,1\n"+
		"OXF,2011Q3,PERSON,postcode,1,1,1,0\n"+
		"OXF,2011Q3,PLACEMENT,end_date,1,1,1,0\n"+
		"OXF,2011Q3,PLACEMENT,grade,1,1,1,0\n"+
		"OXF,2011Q3,PLACEMENT,start_date,1,1,1,0\n"+
		"OXF,2011Q3,PLACEMENT,wte,1,1,1,0\n")
	var scores [][]string
	for _, r := range tableRows(t, w, TableExpectedAlignmentScore) {
		if r[2] != "POST" {
			scores = append(scores, r)
		}
	}
	wantRows(t, TableExpectedAlignmentScore, scores, ""+
		"ALL,2011Q3,PERSON,2,0.7500,0.5000\n"+
		"ALL,2011Q3,PLACEMENT,2,0.5000,0.5000\n"+
		"OXF,2011Q3,PERSON,2,0.7500,0.5000\n"+
		"OXF,2011Q3,PLACEMENT,2,0.5000,0.5000\n")
}
