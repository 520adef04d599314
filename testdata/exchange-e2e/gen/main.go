//go:build ignore

// Command gen writes the inputs of the exchange end-to-end cases under
// testdata/exchange-e2e: the shared reference configuration (config/) and,
// per case, the Oxford extracts (extracts/) and the files ESR sends
// (esr/<YYYYMMDD>/), with the project's own writers. Each case's cmd,
// queries.sql and want/ are kept by hand and by the test's -update.
//
// Run it from the module root after changing it, and commit the output:
//
//	go run testdata/exchange-e2e/gen/main.go
//
// One deanery, Oxford (Intrepid), goes live on Tuesday 3 May 2011 with two
// trusts: R7H (VPD 112, Part Records) and RX3 (VPD 096, Full Records);
// RNU (VPD 207) is never live. Placements start on 3 August 2011, so their
// first APP is the run of Thursday 5 May (start < D + 91).
package main

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"deanery/ingest/extract"
	"deanery/ingest/extract/refconfig"
	"deanery/ingest/iface"
)

const root = "testdata/exchange-e2e"

func main() {
	writeConfig()
	for _, c := range cases {
		dir := filepath.Join(root, c.name)
		for _, sub := range []string{"extracts", "esr"} {
			must(os.RemoveAll(filepath.Join(dir, sub)))
		}
		c.write(dir)
	}
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// ---------------------------------------------------------------------------
// Reference configuration (7.12), shared by every case.

var trustNames = map[string]string{
	"R7H": "Westbury Hospitals NHS Foundation Trust", "RX3": "Cherwell Valley NHS Trust", "RNU": "Isis Mental Health NHS Trust",
}

var vpd = map[string]string{"R7H": "112", "RX3": "096", "RNU": "207"}

var siteNames = map[string]string{
	"R7H01": "Westbury General Hospital", "R7H02": "Banbury Road Hospital",
	"RX301": "Cherwell Valley Hospital", "RNU01": "Littlemore Mental Health Centre",
}

func writeConfig() {
	c := &refconfig.Config{
		Deaneries: []refconfig.Deanery{{Code: "OXF", Name: "Oxford", LETBName: "Health Education Thames Valley", System: "INTREPID"}},
		Trusts: []refconfig.Trust{
			{Code: "R7H", Name: trustNames["R7H"], VPDCode: "112", DeaneryCode: "OXF", Kind: "ACUTE_TEACHING"},
			{Code: "RX3", Name: trustNames["RX3"], VPDCode: "096", DeaneryCode: "OXF", Kind: "ACUTE"},
			{Code: "RNU", Name: trustNames["RNU"], VPDCode: "207", DeaneryCode: "OXF", Kind: "MENTAL_HEALTH"},
		},
		Sites: []refconfig.Site{
			{Code: "R7H01", TrustCode: "R7H", Name: siteNames["R7H01"], Kind: "HOSPITAL"},
			{Code: "R7H02", TrustCode: "R7H", Name: siteNames["R7H02"], Kind: "HOSPITAL"},
			{Code: "RX301", TrustCode: "RX3", Name: siteNames["RX301"], Kind: "HOSPITAL"},
			{Code: "RNU01", TrustCode: "RNU", Name: siteNames["RNU01"], Kind: "HOSPITAL"},
		},
		Pairs: []refconfig.InterfacePair{
			{DeaneryCode: "OXF", TrustCode: "R7H", RecruitmentLiveFrom: "2011-05-03"},
			{DeaneryCode: "OXF", TrustCode: "RX3", RecruitmentLiveFrom: "2011-05-03", FullRecordsFrom: "2011-05-03"},
			{DeaneryCode: "OXF", TrustCode: "RNU"},
		},
	}
	dir := filepath.Join(root, "config")
	must(os.RemoveAll(dir))
	must(os.MkdirAll(dir, 0o755))
	must(c.WriteDir(dir))
}

// ---------------------------------------------------------------------------
// The deanery side (7.10, Intrepid layout)

type trainee struct {
	id, forenames, surname, dob, gender, ni, gmc, ntn, email, mobile, a1, town, postcode string
	modified                                                                             string
}

type post struct {
	id, dpn, lead, hosts, site, specialty, grade, modified string
}

type placement struct {
	id, trainee, post, site, grade, specialty, start, end, wte string
	created, modified                                          string
	withdrawn                                                  bool
}

// person returns a trainee with the usual details filled from a short
// description; n makes the identifiers unique.
func person(id, forenames, surname, dob, gender string, n int) trainee {
	first := strings.ToLower(strings.Fields(forenames)[0])
	return trainee{id: id, forenames: forenames, surname: surname, dob: dob, gender: gender,
		ni: fmt.Sprintf("JC%06dA", 100000+n), gmc: fmt.Sprintf("70%05d", n), ntn: fmt.Sprintf("OXF/140/%03d/C", n%1000),
		email: first + "." + strings.ToLower(surname) + "@example.com", mobile: fmt.Sprintf("07700 9%05d", n),
		a1: fmt.Sprintf("%d Mill Lane", n), town: "Abingdon", postcode: "OX14 3PL", modified: "2011-04-01 09:00:00"}
}

func traineeRows(ts []trainee) [][]string {
	var rows [][]string
	for _, t := range ts {
		rows = append(rows, row(extract.Trainee, map[string]string{
			"trainee_id": t.id, "title": "Dr", "forenames": t.forenames, "surname": t.surname,
			"date_of_birth": t.dob, "gender": t.gender, "ni_number": t.ni, "gmc_number": t.gmc, "ntn": t.ntn,
			"email": t.email, "mobile_tel": t.mobile, "address1": t.a1,
			"town": t.town, "postcode": t.postcode, "country": "GB", "nationality": "GB", "modified_at": t.modified, "deleted": "false",
		}))
	}
	return byModified(rows, extract.Trainee)
}

func postRows(ps []post) [][]string {
	var rows [][]string
	for _, p := range ps {
		rows = append(rows, row(extract.Post, map[string]string{
			"post_id": p.id, "dpn": p.dpn, "deanery_code": "OXF", "lead_trust_code": p.lead,
			"host_trust_codes": p.hosts, "site_code": p.site, "specialty_code": p.specialty,
			"approved_grade": p.grade, "status": "CURRENT", "modified_at": p.modified,
		}))
	}
	return byModified(rows, extract.Post)
}

func placementRows(ps []placement) [][]string {
	var rows [][]string
	for _, p := range ps {
		rows = append(rows, row(extract.Placement, map[string]string{
			"placement_id": p.id, "trainee_id": p.trainee, "post_id": p.post, "site_code": p.site, "grade": p.grade,
			"specialty_code": p.specialty, "start_date": p.start, "end_date": p.end, "wte": p.wte, "placement_type": "IN_POST",
			"lifecycle_state": "APPROVED", "created_at": p.created, "modified_at": p.modified, "withdrawn": fmt.Sprint(p.withdrawn),
		}))
	}
	return byModified(rows, extract.Placement)
}

func row(e extract.Entity, kv map[string]string) []string {
	vals := make([]string, len(extract.Columns(e)))
	for k, v := range kv {
		i := extract.ColumnIndex(e, k)
		if i < 0 {
			log.Fatalf("%s has no column %s", e, k)
		}
		vals[i] = v
	}
	return vals
}

func byModified(rows [][]string, e extract.Entity) [][]string {
	m := extract.ColumnIndex(e, "modified_at")
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i][m] != rows[j][m] {
			return rows[i][m] < rows[j][m]
		}
		return rows[i][0] < rows[j][0]
	})
	return rows
}

func writeExtract(dir string, e extract.Entity, rows [][]string) {
	p, _ := extract.ProfileByName("INTREPID")
	var buf bytes.Buffer
	w := extract.NewWriter(p, e, &buf)
	for _, r := range rows {
		if _, err := w.Write(r); err != nil {
			log.Fatalf("%s %s: %v", dir, e, err)
		}
	}
	must(w.Close())
	must(os.MkdirAll(dir, 0o755))
	must(os.WriteFile(filepath.Join(dir, p.FileName("OXF", e, "2011Q2")), buf.Bytes(), 0o644))
}

// ---------------------------------------------------------------------------
// The ESR side (7.3, 7.6–7.8)

type position struct {
	id, number, dpn, trust, role, site string
}

// pos makes position id with the DPN of post p at trust (lead or host).
func pos(id int, p post, trust, role string) position {
	site := p.site
	if trust != p.lead {
		site = trust + "01"
	}
	return position{id: fmt.Sprint(id), number: fmt.Sprint(41000000 + id), dpn: p.dpn, trust: trust, role: role, site: site}
}

type kv map[string]string

type rec struct {
	rt   string
	vals []string
}

func r(rt string, fields kv) rec {
	l, ok := iface.Layout(rt)
	if !ok {
		log.Fatalf("no layout %s", rt)
	}
	vals := make([]string, len(l.Fields))
	vals[0] = rt
	for k, v := range fields {
		i := l.Index(k)
		if i < 0 {
			log.Fatalf("%s has no field %s", rt, k)
		}
		vals[i] = v
	}
	return rec{rt, vals}
}

func (p position) recs() []rec {
	return []rec{
		r("POS", kv{"positionID": p.id, "changeDeleteIndicator": "C", "positionNumber": p.number,
			"positionTitle": "Medical and Dental", "occupationCode": "Specialty Registrar (" + siteNames[p.site] + ")",
			"deaneryNumber": p.dpn, "managingOffice": p.dpn[:3], "odsCode": p.trust, "gradeTrust": "NHS", "workplaceOrg": p.site}),
		r("POR", kv{"positionID": p.id, "changeDeleteIndicator": "C", "positionNumber": p.number,
			"positionTitle": "Specialty Registrar (" + siteNames[p.site] + ")", "deaneryNumber": p.dpn, "managingOffice": p.dpn[:3],
			"hostLeadIndicator": p.role, "odsCode": p.trust, "employingOrgVPDCode": vpd[p.trust],
			"esrOrganisation": trustNames[p.trust], "esrLocation": siteNames[p.site]}),
	}
}

func positions(ps ...position) []rec {
	var out []rec
	for _, p := range ps {
		out = append(out, p.recs()...)
	}
	return out
}

// answer is ESR's APC answer to one APP record.
type answer struct {
	ord                     int
	p                       position
	status, text            string
	applicant, asg, appType string
}

func ok(ord int, p position, applicant, asg string) answer {
	return answer{ord: ord, p: p, status: "SUCCESS", text: "OK: applicant created", applicant: applicant, asg: asg, appType: "NEW"}
}

func apcs(appFile string, as ...answer) []rec {
	var out []rec
	for _, a := range as {
		typ := "INFO"
		if a.status == "FAIL" {
			typ = "ERROR"
		}
		out = append(out, r("APC", kv{"appFileName": appFile, "esrVacancyId": fmt.Sprint(a.ord), "deaneryNumber": a.p.dpn,
			"positionId": a.p.id, "positionNumber": a.p.number, "loadStatusCode": a.status, "messageType": typ,
			"messageText": a.text, "applicantNumber": a.applicant, "assignmentId": a.asg, "applicationType": a.appType}))
	}
	return out
}

func head(number, changed, vpdCode string) kv {
	return kv{"esrPersonNumber": number, "changeTimestamp": changed, "changeDeleteIndicator": "C", "employingOrgVPDCode": vpdCode}
}

func with(base kv, more kv) kv {
	for k, v := range more {
		base[k] = v
	}
	return base
}

// file is one ESR file; the name comes from its type, sequence and
// createdAt. replace, when set, changes bytes the writer produced (a fault).
type file struct {
	typ     string
	seq     int
	created string // YYYYMMDDHHMMSS
	mode    string
	recs    []rec
	replace [2]string
}

func writeESR(dir string, f file) string {
	created, err := time.Parse("20060102150405", f.created)
	must(err)
	name := iface.Name{Deanery: "OXF", Type: f.typ, Date: created.Truncate(24 * time.Hour), Seq: f.seq}
	var buf bytes.Buffer
	w := iface.NewWriter(&buf, name, iface.Header{CreatedAt: created, Mode: f.mode})
	for _, rc := range f.recs {
		if _, err := w.Write(rc.rt, rc.vals); err != nil {
			log.Fatalf("%s: %v", name, err)
		}
	}
	must(w.Close())
	data := buf.Bytes()
	if f.replace[0] != "" {
		if bytes.Count(data, []byte(f.replace[0])) != 1 {
			log.Fatalf("%s: %q does not occur once", name, f.replace[0])
		}
		data = bytes.Replace(data, []byte(f.replace[0]), []byte(f.replace[1]), 1)
	}
	d := filepath.Join(dir, "esr", f.created[:8])
	must(os.MkdirAll(d, 0o755))
	must(os.WriteFile(filepath.Join(d, name.String()), data, 0o644))
	return name.String()
}

func rmf(created string, recs []rec) file {
	return file{typ: "RMF", seq: 1, created: created, mode: "FULL", recs: recs}
}

// app is the name of the hub's APP file of a run date with a sequence.
func app(date string, seq int) string { return fmt.Sprintf("DE_OXF_APP_%s_%08d.DAT", date, seq) }

// ---------------------------------------------------------------------------
// The cases

type tcase struct {
	name       string
	trainees   []trainee
	posts      []post
	placements []placement
	esr        []file
}

func (c tcase) write(dir string) {
	ex := filepath.Join(dir, "extracts")
	writeExtract(ex, extract.Trainee, traineeRows(c.trainees))
	writeExtract(ex, extract.Post, postRows(c.posts))
	writeExtract(ex, extract.Placement, placementRows(c.placements))
	for _, f := range c.esr {
		writeESR(dir, f)
	}
}

const (
	start = "2011-08-03"
	end   = "2012-08-01"
	made  = "2011-04-01 09:00:00"
)

// next is a placement starting on 3 August 2011 on post p for trainee t.
func next(id string, t trainee, p post) placement {
	return placement{id: id, trainee: t.id, post: p.id, site: p.site, grade: p.grade, specialty: p.specialty,
		start: start, end: end, wte: "1.00", created: made, modified: made}
}

var cases = []tcase{rotation(), resend(), transfer(), late(), withdrawal(), dateChange(), newPost(), quarantine(),
	replay(), sequenceGap(), unknownPerson(), hostChange(), vpd96()}

// rotation: a GP post with a lead (R7H) and a host (RX3) position; the
// current trainee moves on to another post, the next one arrives.
func rotation() tcase {
	gp := post{id: "000000101", dpn: "OXF/R7H01/800/GPST/001", lead: "R7H", hosts: "RX3", site: "R7H01", specialty: "800", grade: "GPST1", modified: "2010-11-01 10:00:00"}
	other := post{id: "000000102", dpn: "OXF/R7H02/100/HT/002", lead: "R7H", site: "R7H02", specialty: "100", grade: "ST2", modified: "2010-11-01 10:00:00"}
	okafor := person("000001011", "Chidi", "Okafor", "1983-02-28", "M", 1011)
	sharma := person("000001012", "Priya Anjali", "Sharma", "1986-02-14", "F", 1012)
	cur := placement{id: "000010101", trainee: okafor.id, post: gp.id, site: "R7H01", grade: "GPST1", specialty: "800",
		start: "2010-08-04", end: "2011-08-02", wte: "1.00", created: "2010-04-20 09:00:00", modified: "2010-04-20 09:00:00"}
	onward := next("000010102", okafor, other)
	incoming := next("000010103", sharma, gp)
	incoming.wte = "0.65"
	lead, host := pos(1001, gp, "R7H", "Lead Employer"), pos(1002, gp, "RX3", "Host Employer")
	return tcase{name: "rotation", trainees: []trainee{okafor, sharma}, posts: []post{gp, other},
		placements: []placement{cur, onward, incoming},
		esr: []file{
			rmf("20110503143000", positions(lead, host)),
			{typ: "APC", seq: 1, created: "20110505190000", recs: apcs(app("20110505", 1),
				ok(1, lead, "60010001", "301000001"), ok(2, host, "60010002", "301000002"))},
		}}
}

// resend: ESR refuses a record with no date of birth; the unchanged record
// is not sent again; the deanery fixes the date and the next run re-sends.
func resend() tcase {
	p := post{id: "000000201", dpn: "OXF/R7H01/140/STR/002", lead: "R7H", site: "R7H01", specialty: "140", grade: "ST1", modified: "2010-11-01 10:00:00"}
	chen := person("000002011", "Wei", "Chen", "", "M", 2011)
	fixed := chen
	fixed.dob, fixed.modified = "1988-07-21", "2011-05-08 10:00:00"
	pos := pos(2001, p, "R7H", "Lead Employer")
	return tcase{name: "resend", trainees: []trainee{chen, fixed}, posts: []post{p},
		placements: []placement{next("000020101", chen, p)},
		esr: []file{
			rmf("20110503143000", positions(pos)),
			{typ: "APC", seq: 1, created: "20110505190000", recs: apcs(app("20110505", 1),
				answer{ord: 1, p: pos, status: "FAIL", text: "MANDATORY_MISSING: dob is mandatory"})},
			{typ: "APC", seq: 2, created: "20110509190000", recs: apcs(app("20110509", 2),
				ok(1, pos, "60020001", "301000201"))},
		}}
}

// transfer: the trainee already holds an assignment at RX3 (VPD 096), so
// ESR answers TRANSFER with that assignment id and no applicant number;
// ESR's next update then resolves the person through that assignment id.
func transfer() tcase {
	p := post{id: "000000301", dpn: "OXF/RX301/100/HT/001", lead: "RX3", site: "RX301", specialty: "100", grade: "ST5", modified: "2010-11-01 10:00:00"}
	hughes := person("000003011", "Daniel", "Hughes", "1982-06-11", "M", 3011)
	pos := pos(3001, p, "RX3", "Lead Employer")
	per := r("PER", with(head("12345678", "20110505200000", "096"), kv{"assignmentId": "301198876", "ukNino": hughes.ni,
		"lastName": "Hughes", "firstName": "Daniel", "title": "Dr.", "gender": "M", "dob": "19820611",
		"emailAddress": "daniel.hughes@nhs.example"}))
	asg := r("ASG", with(head("12345678", "20110505200000", "096"), kv{"assignmentId": "301198876", "periodSeq": "2",
		"positionId": pos.id, "positionNumber": pos.number, "deaneryNumber": pos.dpn, "hostLeadIndicator": "Lead Employer",
		"startDate": "20110803", "projectedEndDate": "20120801", "assignmentStatus": "ACTIVE", "gradePayscale": "MS05", "wte": "1.00"}))
	return tcase{name: "transfer", trainees: []trainee{hughes}, posts: []post{p},
		placements: []placement{next("000030101", hughes, p)},
		esr: []file{
			rmf("20110503143000", positions(pos)),
			{typ: "APC", seq: 1, created: "20110505190000", recs: apcs(app("20110505", 1),
				answer{ord: 1, p: pos, status: "SUCCESS", text: "OK: internal transfer", asg: "301198876", appType: "TRANSFER"})},
			{typ: "RMC", seq: 1, created: "20110506143000", mode: "CHANGE", recs: []rec{per, asg}},
		}}
}

// late: placements approved late. One starts 63 days after its first APP
// (sent, not compliant); one starts the next day (never eligible: start
// before D + 2); one is approved in time (90 days).
func late() tcase {
	p := post{id: "000000401", dpn: "OXF/R7H01/010/FY1/004", lead: "R7H", site: "R7H01", specialty: "010", grade: "F1", modified: "2010-11-01 10:00:00"}
	a := person("000004011", "Amara", "Nwosu", "1989-01-05", "F", 4011)
	b := person("000004012", "Ben", "Carter", "1989-03-17", "M", 4012)
	c := person("000004013", "Cara", "Doyle", "1989-08-30", "F", 4013)
	inTime := next("000040101", c, p)
	lateOne := next("000040102", a, p)
	lateOne.created, lateOne.modified = "2011-06-01 09:00:00", "2011-06-01 09:00:00"
	tooLate := next("000040103", b, p)
	tooLate.start, tooLate.end = "2011-06-02", "2011-08-02"
	tooLate.created, tooLate.modified = "2011-06-01 09:00:00", "2011-06-01 09:00:00"
	pos := pos(4001, p, "R7H", "Lead Employer")
	return tcase{name: "late", trainees: []trainee{a, b, c}, posts: []post{p},
		placements: []placement{inTime, lateOne, tooLate},
		esr: []file{
			rmf("20110503143000", positions(pos)),
			{typ: "APC", seq: 1, created: "20110505190000", recs: apcs(app("20110505", 1), ok(1, pos, "60040001", "301000401"))},
			{typ: "APC", seq: 2, created: "20110601190000", recs: apcs(app("20110601", 2), ok(1, pos, "60040002", "301000402"))},
		}}
}

// withdrawal: a loaded placement is withdrawn before it starts (type 2);
// a placement whose only APP failed is withdrawn too and gets no type 2.
func withdrawal() tcase {
	p := post{id: "000000501", dpn: "OXF/R7H01/100/HT/005", lead: "R7H", site: "R7H01", specialty: "100", grade: "ST3", modified: "2010-11-01 10:00:00"}
	q := post{id: "000000502", dpn: "OXF/R7H02/100/HT/006", lead: "R7H", site: "R7H02", specialty: "100", grade: "ST3", modified: "2010-11-01 10:00:00"}
	evans := person("000005011", "Gareth", "Evans", "1985-05-05", "M", 5011)
	ford := person("000005012", "Hannah", "Ford", "1986-06-06", "F", 5012)
	loaded := next("000050101", evans, p)
	failed := next("000050102", ford, q)
	gone, gone2 := loaded, failed
	gone.withdrawn, gone.modified = true, "2011-05-09 09:00:00"
	gone2.withdrawn, gone2.modified = true, "2011-05-09 09:05:00"
	pp, qp := pos(5001, p, "R7H", "Lead Employer"), pos(5002, q, "R7H", "Lead Employer")
	return tcase{name: "withdrawal", trainees: []trainee{evans, ford}, posts: []post{p, q},
		placements: []placement{loaded, failed, gone, gone2},
		esr: []file{
			rmf("20110503143000", positions(pp, qp)),
			{typ: "APC", seq: 1, created: "20110505190000", recs: apcs(app("20110505", 1),
				ok(1, pp, "60050001", "301000501"),
				answer{ord: 2, p: qp, status: "FAIL", text: "ALREADY_HIRED: the person already has this position from 20110803"})},
		}}
}

// date-change: a loaded placement's start moves (type 4 with the new start),
// then its end moves (type 4 with the new end only: the start was sent).
func dateChange() tcase {
	p := post{id: "000000601", dpn: "OXF/R7H01/140/STR/006", lead: "R7H", site: "R7H01", specialty: "140", grade: "ST2", modified: "2010-11-01 10:00:00"}
	gray := person("000006011", "Isla", "Gray", "1987-07-07", "F", 6011)
	pl := next("000060101", gray, p)
	moved := pl
	moved.start, moved.modified = "2011-08-10", "2011-05-09 09:00:00"
	longer := moved
	longer.end, longer.modified = "2012-08-08", "2011-05-10 09:00:00"
	pp := pos(6001, p, "R7H", "Lead Employer")
	return tcase{name: "date-change", trainees: []trainee{gray}, posts: []post{p},
		placements: []placement{pl, moved, longer},
		esr: []file{
			rmf("20110503143000", positions(pp)),
			{typ: "APC", seq: 1, created: "20110505190000", recs: apcs(app("20110505", 1), ok(1, pp, "60060001", "301000601"))},
		}}
}

// new-post: posts first seen after go-live. One at a live lead trust gets a
// type 5; one at a trust never live does not; one first seen on the DNF
// day never does.
func newPost() tcase {
	old := post{id: "000000701", dpn: "OXF/R7H01/080/LT/001", lead: "R7H", site: "R7H01", specialty: "080", grade: "CT1", modified: "2010-11-01 10:00:00"}
	dnfDay := post{id: "000000702", dpn: "OXF/R7H01/080/LT/002", lead: "R7H", site: "R7H01", specialty: "080", grade: "CT1", modified: "2011-05-03 10:00:00"}
	fresh := post{id: "000000703", dpn: "OXF/R7H02/080/LT/003", lead: "R7H", site: "R7H02", specialty: "080", grade: "CT2", modified: "2011-05-06 10:00:00"}
	notLive := post{id: "000000704", dpn: "OXF/RNU01/080/LT/004", lead: "RNU", site: "RNU01", specialty: "080", grade: "CT1", modified: "2011-05-06 11:00:00"}
	t := person("000007011", "Jack", "Hale", "1990-01-01", "M", 7011)
	cur := placement{id: "000070101", trainee: t.id, post: old.id, site: old.site, grade: "CT1", specialty: "080",
		start: "2010-08-04", end: "2011-08-02", wte: "0.80", created: "2010-04-20 09:00:00", modified: "2010-04-20 09:00:00"}
	return tcase{name: "new-post", trainees: []trainee{t}, posts: []post{old, dnfDay, fresh, notLive},
		placements: []placement{cur},
		esr:        []file{rmf("20110503143000", positions(pos(7001, old, "R7H", "Lead Employer")))}}
}

// quarantine: 42 placements on one "bucket" DPN. ESR quarantines the file
// (no APC at all); the next run infers it, re-sends 40 and defers 2, which
// go the run after.
func quarantine() tcase {
	p := post{id: "000000801", dpn: "OXF/R7H01/010/FY1/099", lead: "R7H", site: "R7H01", specialty: "010", grade: "F1", modified: "2010-11-01 10:00:00"}
	pp := pos(8001, p, "R7H", "Lead Employer")
	var ts []trainee
	var pls []placement
	var first, second []answer
	for i := 1; i <= 42; i++ {
		t := person(fmt.Sprintf("%09d", 8000+i), "Foundation", fmt.Sprintf("Doctor%02d", i), "1990-02-01", "U", 8000+i)
		ts = append(ts, t)
		pls = append(pls, next(fmt.Sprintf("%09d", 80000+i), t, p))
		if i <= 40 {
			first = append(first, ok(i, pp, fmt.Sprint(60080000+i), fmt.Sprint(301080000+i)))
		} else {
			second = append(second, ok(i-40, pp, fmt.Sprint(60080000+i), fmt.Sprint(301080000+i)))
		}
	}
	return tcase{name: "quarantine", trainees: ts, posts: []post{p}, placements: pls,
		esr: []file{
			rmf("20110503143000", positions(pp)),
			{typ: "APC", seq: 1, created: "20110506190000", recs: apcs(app("20110506", 2), first...)},
			{typ: "APC", seq: 2, created: "20110509190000", recs: apcs(app("20110509", 3), second...)},
		}}
}

// replay: ESR's RMF and APC delivered twice each; a third APC under the
// same name with other content is a name conflict.
func replay() tcase {
	p := post{id: "000000901", dpn: "OXF/R7H01/070/HT/009", lead: "R7H", site: "R7H01", specialty: "070", grade: "ST3", modified: "2010-11-01 10:00:00"}
	t := person("000009011", "Kofi", "Mensah", "1984-04-04", "M", 9011)
	pp := pos(9001, p, "R7H", "Lead Employer")
	c := tcase{name: "replay", trainees: []trainee{t}, posts: []post{p}, placements: []placement{next("000090101", t, p)},
		esr: []file{
			rmf("20110503143000", positions(pp)),
			{typ: "APC", seq: 1, created: "20110505190000", recs: apcs(app("20110505", 1), ok(1, pp, "60090001", "301000901"))},
		}}
	return c
}

// sequence-gap: RMC 1, then RMC 3 (RMC 2 never came): a gap is recorded and
// RMC 3 loads; the position it brings makes its post eligible.
func sequenceGap() tcase {
	p := post{id: "000001001", dpn: "OXF/R7H01/110/HT/010", lead: "R7H", site: "R7H01", specialty: "110", grade: "ST4", modified: "2010-11-01 10:00:00"}
	q := post{id: "000001002", dpn: "OXF/R7H02/110/HT/011", lead: "R7H", site: "R7H02", specialty: "110", grade: "ST4", modified: "2010-11-01 10:00:00"}
	a := person("000010011", "Lena", "Novak", "1985-10-10", "F", 10011)
	b := person("000010012", "Marek", "Olsen", "1984-11-11", "M", 10012)
	pp, qp := pos(10001, p, "R7H", "Lead Employer"), pos(10002, q, "R7H", "Lead Employer")
	return tcase{name: "sequence-gap", trainees: []trainee{a, b}, posts: []post{p, q},
		placements: []placement{next("000100101", a, p), next("000100102", b, q)},
		esr: []file{
			rmf("20110503143000", positions(pp)),
			{typ: "RMC", seq: 1, created: "20110504143000", mode: "CHANGE", recs: positions(pp)},
			{typ: "RMC", seq: 3, created: "20110505143000", mode: "CHANGE", recs: positions(qp)},
		}}
}

// unknown-person: an RMC with the images of a person the deanery can link
// (through the assignment id ESR returned) and of one it cannot (no APC
// assignment, a GMC no trainee holds): the latter are rejected
// UNKNOWN_PERSON and kept, and stay rejected when they come again.
func unknownPerson() tcase {
	p := post{id: "000001101", dpn: "OXF/RX301/070/HT/011", lead: "RX3", site: "RX301", specialty: "070", grade: "ST3", modified: "2010-11-01 10:00:00"}
	t := person("000011011", "Nadia", "Patel", "1986-12-12", "F", 11011)
	pp := pos(11001, p, "RX3", "Lead Employer")
	known := func(changed string) []rec {
		return []rec{
			r("PER", with(head("20000001", changed, "096"), kv{"assignmentId": "301001101", "ukNino": t.ni,
				"lastName": "Patel", "firstName": "Nadia", "title": "Dr.", "gender": "F", "dob": "19861212",
				"emailAddress": "nadia.patel@nhs.example"})),
		}
	}
	stranger := func(changed string) []rec {
		return []rec{
			r("PER", with(head("20000002", changed, "096"), kv{"lastName": "Quinn", "firstName": "Owen", "gender": "M", "dob": "19800101"})),
			r("ADD", with(head("20000002", changed, "096"), kv{"addressDateFrom": "20110401", "address1": "1 High Street", "town": "Bicester", "postcode": "OX26 6AA", "country": "GB"})),
			r("PBD", with(head("20000002", changed, "096"), kv{"professionalBody": "General Medical Council", "registrationNumber": "7999999"})),
		}
	}
	return tcase{name: "unknown-person", trainees: []trainee{t}, posts: []post{p}, placements: []placement{next("000110101", t, p)},
		esr: []file{
			rmf("20110503143000", positions(pp)),
			{typ: "APC", seq: 1, created: "20110505190000", recs: apcs(app("20110505", 1), ok(1, pp, "60110001", "301001101"))},
			{typ: "RMC", seq: 1, created: "20110506143000", mode: "CHANGE", recs: append(known("20110505200000"), stranger("20110505210000")...)},
			{typ: "RMC", seq: 2, created: "20110509143000", mode: "CHANGE", recs: stranger("20110506110000")},
		}}
}

// host-change: the host employer (R7H) shortens the host period and cuts
// its hours in ESR; the change arrives as an ASG record of the host
// assignment and must not flow back to the placement (5.8 step 5): no
// type 4, the placement keeps its dates and hours.
func hostChange() tcase {
	p := post{id: "000001201", dpn: "OXF/RX301/800/GPST/012", lead: "RX3", hosts: "R7H", site: "RX301", specialty: "800", grade: "GPST2", modified: "2010-11-01 10:00:00"}
	t := person("000012011", "Oliver", "Reid", "1987-03-03", "M", 12011)
	lead, host := pos(12001, p, "RX3", "Lead Employer"), pos(12002, p, "R7H", "Host Employer")
	asg := r("ASG", with(head("20000012", "20110506100000", "112"), kv{"assignmentId": "301001202", "periodSeq": "1",
		"positionId": host.id, "positionNumber": host.number, "deaneryNumber": host.dpn, "hostLeadIndicator": "Host Employer",
		"startDate": "20110803", "projectedEndDate": "20120201", "assignmentStatus": "ACTIVE", "gradePayscale": "MS02", "wte": "0.50"}))
	return tcase{name: "host-change", trainees: []trainee{t}, posts: []post{p}, placements: []placement{next("000120101", t, p)},
		esr: []file{
			rmf("20110503143000", positions(lead, host)),
			{typ: "APC", seq: 1, created: "20110505190000", recs: apcs(app("20110505", 1),
				ok(1, lead, "60120001", "301001201"), ok(2, host, "60120002", "301001202"))},
			{typ: "RMC", seq: 1, created: "20110506143000", mode: "CHANGE", recs: []rec{asg}},
		}}
}

// vpd-96: ESR writes the RX3 VPD unpadded (`96`, the 2021 incident) in POR
// field 11; the reader pads it, flags VPD_UNPADDED, and the post reconciles.
func vpd96() tcase {
	p := post{id: "000001301", dpn: "OXF/RX301/020/F2/013", lead: "RX3", site: "RX301", specialty: "020", grade: "F2", modified: "2010-11-01 10:00:00"}
	t := person("000013011", "Rosa", "Silva", "1989-09-09", "F", 13011)
	pp := pos(13001, p, "RX3", "Lead Employer")
	f := rmf("20110503143000", positions(pp))
	f.replace = [2]string{`"Lead Employer","RX3",096,`, `"Lead Employer","RX3",96,`}
	return tcase{name: "vpd-96", trainees: []trainee{t}, posts: []post{p}, placements: []placement{next("000130101", t, p)},
		esr: []file{f}}
}
