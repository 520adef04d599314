//go:build ignore

// Command gen writes the sample files under testdata/sample: the reference
// configuration, the deanery-system extracts and the interface files of two
// deaneries, Oxford (OXF, Intrepid) and Peninsula (PEN, Empower), in May and
// June 2011. Good files come from the project's own writers; the faults a
// real exchange carries are then put in by hand, each in one place below
// (see fault), so that the sample holds every record type, both supplier
// layouts and the bad records and files the loader must survive.
//
// Run it from the module root after changing it, and commit the output:
//
//	go run testdata/sample/gen/main.go
//
// The output is the same on every run.
package main

import (
	"bytes"
	"flag"
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

	"golang.org/x/text/encoding/charmap"
)

func main() {
	out := flag.String("out", "testdata/sample", "folder to write the sample into")
	flag.Parse()
	for _, d := range []string{"config", "extracts", "exchange"} {
		if err := os.RemoveAll(filepath.Join(*out, d)); err != nil {
			log.Fatal(err)
		}
	}
	g := &gen{out: *out}
	g.config()
	g.extracts()
	g.oxford()
	g.peninsula()
	g.staff()
}

type gen struct{ out string }

// ---------------------------------------------------------------------------
// Reference configuration (domain 7.12)

var sites = []refconfig.Site{
	{Code: "R7H01", TrustCode: "R7H", Name: "Westbury General Hospital", Kind: "HOSPITAL"},
	{Code: "R7H02", TrustCode: "R7H", Name: "Banbury Road Hospital", Kind: "HOSPITAL"},
	{Code: "R7H03", TrustCode: "R7H", Name: "Iffley Park Hospital", Kind: "HOSPITAL"},
	{Code: "R7H05", TrustCode: "R7H", Name: "Headington Community Hospital", Kind: "COMMUNITY"},
	{Code: "RX301", TrustCode: "RX3", Name: "Cherwell Valley Hospital", Kind: "HOSPITAL"},
	{Code: "RX302", TrustCode: "RX3", Name: "Bicester Community Hospital", Kind: "COMMUNITY"},
	{Code: "RNU01", TrustCode: "RNU", Name: "Littlemore Mental Health Centre", Kind: "HOSPITAL"},
	{Code: "RK901", TrustCode: "RK9", Name: "Tamar General Hospital", Kind: "HOSPITAL"},
	{Code: "RK902", TrustCode: "RK9", Name: "Plymouth Community Hospital", Kind: "COMMUNITY"},
	{Code: "RA901", TrustCode: "RA9", Name: "Exe Valley Hospital", Kind: "HOSPITAL"},
	{Code: "RBZ51", TrustCode: "RBZ", Name: "Harbourside Surgery", Kind: "GP_PRACTICE"},
	{Code: "RBZ52", TrustCode: "RBZ", Name: "Moorview Practice", Kind: "GP_PRACTICE"},
}

func siteName(code string) string {
	for _, s := range sites {
		if s.Code == code {
			return s.Name
		}
	}
	log.Fatalf("no site %s", code)
	return ""
}

func (g *gen) config() {
	c := &refconfig.Config{
		Deaneries: []refconfig.Deanery{
			{Code: "OXF", Name: "Oxford", LETBName: "Health Education Thames Valley", System: "INTREPID"},
			{Code: "PEN", Name: "Peninsula", LETBName: "Health Education South West (Peninsula)", System: "EMPOWER"},
		},
		Trusts: []refconfig.Trust{
			{Code: "R7H", Name: "Westbury Hospitals NHS Foundation Trust", VPDCode: "112", DeaneryCode: "OXF", Kind: "ACUTE_TEACHING"},
			{Code: "RX3", Name: "Cherwell Valley NHS Trust", VPDCode: "096", DeaneryCode: "OXF", Kind: "ACUTE"},
			{Code: "RNU", Name: "Isis Mental Health NHS Trust", VPDCode: "207", DeaneryCode: "OXF", Kind: "MENTAL_HEALTH"},
			{Code: "RK9", Name: "Tamar Hospitals NHS Trust", VPDCode: "041", DeaneryCode: "PEN", Kind: "ACUTE_TEACHING"},
			{Code: "RA9", Name: "Exe Valley Hospitals NHS Foundation Trust", VPDCode: "064", DeaneryCode: "PEN", Kind: "ACUTE"},
			{Code: "RBZ", Name: "Kernow GP Training NHS Trust", VPDCode: "073", DeaneryCode: "PEN", Kind: "GP_LEAD_EMPLOYER"},
		},
		Sites: sites,
		Pairs: []refconfig.InterfacePair{
			{DeaneryCode: "OXF", TrustCode: "R7H", RecruitmentLiveFrom: "2010-08-04"},
			{DeaneryCode: "OXF", TrustCode: "RX3", RecruitmentLiveFrom: "2010-08-04", FullRecordsFrom: "2011-03-01"},
			{DeaneryCode: "OXF", TrustCode: "RNU"},
			{DeaneryCode: "PEN", TrustCode: "RK9", RecruitmentLiveFrom: "2011-05-03"},
			{DeaneryCode: "PEN", TrustCode: "RA9"},
			{DeaneryCode: "PEN", TrustCode: "RBZ", RecruitmentLiveFrom: "2011-05-03", FullRecordsFrom: "2011-05-03"},
		},
	}
	dir := filepath.Join(g.out, "config")
	must(os.MkdirAll(dir, 0o755))
	must(c.WriteDir(dir))
	// Fault: a site of a trust the configuration does not know.
	appendLine(filepath.Join(dir, refconfig.FileSites), "RZZ01,RZZ,Old Road Clinic,COMMUNITY")
}

// ---------------------------------------------------------------------------
// The deanery side: trainees, posts and placements (domain 4, 7.10)

type trainee struct {
	id, title, forenames, surname, prev, dob, gender, ni, gmc, ntn  string
	email, mobile, home, a1, a2, a3, town, postcode, country, natio string
	modified                                                        string
}

type post struct {
	id, dpn, deanery, lead string
	hosts                  []string
	site, specialty, grade string
	status, modified       string
}

type placement struct {
	id, trainee, post, site, grade, specialty string
	start, end, wte, ptype, lifecycle         string
	created, modified                         string
}

// Oxford, Intrepid: the people of the domain's 7.11 examples.
var oxfTrainees = []trainee{
	{id: "000031155", title: "Dr", forenames: "Chidi", surname: "Okafor", dob: "1983-02-28", gender: "M", ni: "JE482913B", gmc: "7054321", ntn: "OXF/140/009/C",
		email: "chidi.okafor@example.com", mobile: "07700 900555", a1: "21 Iffley Road", town: "Oxford", postcode: "OX4 1EA,", country: "GB", natio: "NG", modified: "2010-07-12 11:20:00"},
	{id: "000031213", title: "Dr", forenames: "Priya Anjali", surname: "Sharma", dob: "1986-02-14", gender: "F", ni: "JC123456A", gmc: "7012345", ntn: "OXF/140/012/C",
		email: "priya.sharma@example.com", mobile: "07700 900123", a1: "14 Mill Lane", town: "Abingdon", postcode: "OX14 3PL", country: "GB", natio: "GB", modified: "2011-04-01 09:30:00"},
	{id: "000031290", title: "Dr", forenames: "Daniel", surname: "Hughes", dob: "1982-06-11", gender: "M", ni: "JK246810C", gmc: "6843210", ntn: "OXF/100/031/C",
		email: "daniel.hughes@example.net", mobile: "07700 900789", a1: "7 Orchard Close", town: "Banbury", postcode: "OX16 1AB", country: "GB", natio: "GB", modified: "2011-04-02 10:00:00"},
	{id: "000031377", title: "Dr", forenames: "Tomás", surname: "O'Brien", dob: "1985-09-30", gender: "M", ni: "NP654321B", gmc: "6987654", ntn: "OXF/800/027/C",
		email: "tomas.obrien@example.org", mobile: "07700 900456", a1: "2 Station Road", a2: "Headington", town: "Oxford", postcode: "OX3 9DU", country: "GB", natio: "IE", modified: "2011-04-03 11:00:00"},
	{id: "000031402", forenames: "Wei", surname: "Chen", gender: "M", gmc: "UNKNOWN", natio: "CN", modified: "2011-04-04 08:45:00"},
	{id: "000031508", title: "Dr", forenames: "Renée", surname: "Fournier", dob: "1984-11-02", gender: "F", ni: "PR771205C", gmc: "7123456", ntn: "OXF/070/014/C",
		email: "renee.fournier@example.com", mobile: "07700 900234", a1: "Flat 3, 12 Cowley Road", town: "Oxford", postcode: "OX4 1HP", country: "GB", natio: "GB", modified: "2011-04-11 15:00:00"},
	// A later version: Dr Fournier's email changed.
	{id: "000031508", title: "Dr", forenames: "Renée", surname: "Fournier", dob: "1984-11-02", gender: "F", ni: "PR771205C", gmc: "7123456", ntn: "OXF/070/014/C",
		email: "renee.fournier@example.org", mobile: "07700 900234", a1: "Flat 3, 12 Cowley Road", town: "Oxford", postcode: "OX4 1HP", country: "GB", natio: "GB", modified: "2011-05-03 16:40:00"},
}

var oxfPosts = []post{
	{id: "000007101", dpn: "OXF/R7H01/010/FY1/002", lead: "R7H", site: "R7H01", specialty: "010", grade: "F1", modified: "2010-11-01 10:00:00"},
	{id: "000007102", dpn: "OXF/R7H01/140/STR/004", lead: "R7H", site: "R7H01", specialty: "140", grade: "ST1", modified: "2010-11-01 10:05:00"},
	{id: "000007103", dpn: "OXF/R7H02/100/HT/007", lead: "R7H", site: "R7H02", specialty: "100", grade: "ST5", modified: "2010-11-01 10:10:00"},
	{id: "000007104", dpn: "OXF/R7H05/800/GPST/011", lead: "R7H", hosts: []string{"RX3"}, site: "R7H05", specialty: "800", grade: "GPST1", modified: "2010-11-01 10:15:00"},
	{id: "000007105", dpn: "OXF/RX302/020/F2/003", lead: "RX3", site: "RX302", specialty: "020", grade: "F2", modified: "2010-11-01 10:20:00"},
	{id: "000007106", dpn: "OXF/R7H03/100/HT/005", lead: "R7H", site: "R7H03", specialty: "100", grade: "ST4", modified: "2010-11-01 10:25:00"},
	{id: "000007107", dpn: "OXF/R7H03/140/STR/006", lead: "R7H", site: "R7H03", specialty: "140", grade: "ST2", modified: "2010-11-01 10:30:00"},
	{id: "000007109", dpn: "OXF/RX301/070/HT/001", lead: "RX3", site: "RX301", specialty: "070", grade: "ST3", modified: "2011-02-14 09:00:00"},
	// New post: its first version makes the type 5 notification of DNC 112.
	{id: "000007108", dpn: "OXF/RX301/070/STR/002", lead: "RX3", site: "RX301", specialty: "070", grade: "ST1", modified: "2011-05-05 10:00:00"},
}

var oxfPlacements = []placement{
	{id: "000047655", trainee: "000031155", post: "000007102", site: "R7H01", grade: "ST1", specialty: "140", start: "2010-08-04", end: "2011-08-02", wte: "1.00", created: "2010-04-20 09:00:00", modified: "2010-04-20 09:00:00"},
	{id: "000047700", trainee: "000031290", post: "000007106", site: "R7H03", grade: "ST4", specialty: "100", start: "2010-08-04", end: "2011-08-02", wte: "1.00", created: "2010-04-20 09:05:00", modified: "2010-04-20 09:05:00"},
	{id: "000047980", trainee: "000031213", post: "000007105", site: "RX302", grade: "F2", specialty: "020", start: "2010-08-04", end: "2011-08-02", wte: "1.00", created: "2010-04-21 09:00:00", modified: "2010-04-21 09:00:00"},
	{id: "000048213", trainee: "000031213", post: "000007102", site: "R7H01", grade: "ST1", specialty: "140", start: "2011-08-03", end: "2012-07-31", wte: "1.00", created: "2011-04-01 09:00:00", modified: "2011-04-01 09:00:00"},
	{id: "000048290", trainee: "000031290", post: "000007103", site: "R7H02", grade: "ST5", specialty: "100", start: "2011-08-03", end: "2012-07-31", wte: "1.00", created: "2011-04-01 09:10:00", modified: "2011-04-01 09:10:00"},
	{id: "000048377", trainee: "000031377", post: "000007104", site: "R7H05", grade: "GPST1", specialty: "800", start: "2011-08-03", end: "2012-01-31", wte: "1.00", created: "2011-04-01 09:20:00", modified: "2011-04-01 09:20:00"},
	{id: "000048402", trainee: "000031402", post: "000007101", site: "R7H01", grade: "F1", specialty: "010", start: "2011-08-03", end: "2011-12-06", wte: "1.00", created: "2011-04-04 09:00:00", modified: "2011-04-04 09:00:00"},
	{id: "000048508", trainee: "000031508", post: "000007109", site: "RX301", grade: "ST3", specialty: "070", start: "2011-05-04", end: "2012-05-01", wte: "0.60", created: "2011-03-01 14:00:00", modified: "2011-03-01 14:00:00"},
	// Starts a week after the rotation, so it is not yet in the APP window on 5 May.
	{id: "000048155", trainee: "000031155", post: "000007107", site: "R7H03", grade: "ST2", specialty: "140", start: "2011-08-10", end: "2012-08-07", wte: "1.00", created: "2011-04-15 12:00:00", modified: "2011-04-15 12:00:00"},
}

// Peninsula, Empower: four trainees and the 42 foundation doctors of a
// "bucket" post, the post sharing that got an APP file quarantined.
var penTrainees = []trainee{
	{id: "EMP0000101", title: "Dr", forenames: "Jenna", surname: "PASCOE", dob: "1986-07-19", gender: "F", ni: "JG103254A", gmc: "7213456", ntn: "PEN/800/004/C",
		email: "jenna.pascoe@example.org", mobile: "07700 900311", a1: "4 Harbour View", town: "Falmouth", postcode: "TR11 3QA", country: "GB", natio: "GB", modified: "2010-07-01 09:00:00"},
	{id: "EMP0000102", title: "Mr", forenames: "Mark Alan", surname: "TREVITHICK", dob: "1981-03-02", gender: "M", ni: "JH558210D", gmc: "6931245", ntn: "PEN/110/002/C",
		email: "mark.trevithick@example.net", a1: "Rose Cottage", a2: "Lower Street", town: "Truro", postcode: "TR1 2AB", country: "GB", natio: "GB", modified: "2010-07-01 09:10:00"},
	{id: "EMP0000103", title: "Dr", forenames: "Adaeze", surname: "NWOSU", dob: "1988-10-05", gender: "F", ni: "JJ220415B", gmc: "7301122",
		email: "adaeze.nwosu@example.com", mobile: "07700 900318", a1: "Flat 2, 8 Union Street", town: "Plymouth", postcode: "PL1 3EZ", country: "GB", natio: "NG", modified: "2010-07-01 09:20:00"},
	{id: "EMP0000104", title: "Dr", forenames: "Samuel James", surname: "HALE", dob: "1987-12-11", gender: "M", ni: "JK903311A", gmc: "7311456",
		email: "sam.hale@example.com", a1: "17 Fore Street", town: "Exeter", postcode: "EX4 3AN", country: "GB", natio: "GB", modified: "2011-03-14 10:00:00"},
}

var penPosts = []post{
	{id: "EMP0002001", dpn: "PEN/RK901/010/FY1/001", lead: "RK9", site: "RK901", specialty: "010", grade: "F1", modified: "2010-06-01 09:00:00"},
	{id: "EMP0002002", dpn: "PEN/RK902/060/F2/002", lead: "RK9", site: "RK902", specialty: "060", grade: "F2", modified: "2010-06-01 09:05:00"},
	// Fault: a grade description Empower's value map does not know.
	{id: "EMP0002003", dpn: "PEN/RK901/110/HT/003", lead: "RK9", site: "RK901", specialty: "110", grade: "Specialty Training Yr 3", modified: "2010-06-01 09:10:00"},
	{id: "EMP0002004", dpn: "PEN/RBZ51/800/GPST/004", lead: "RBZ", site: "RBZ51", specialty: "800", grade: "GPST2", modified: "2010-06-01 09:15:00"},
	{id: "EMP0002005", dpn: "PEN/RK901/080/LT/005", lead: "RK9", hosts: []string{"RA9"}, site: "RK901", specialty: "080", grade: "CT1", modified: "2010-06-01 09:20:00"},
	{id: "EMP0002006", dpn: "PEN/RK902/010/FY1/006", lead: "RK9", site: "RK902", specialty: "010", grade: "F1", modified: "2010-06-01 09:25:00"},
}

var penPlacements = []placement{
	{id: "EMP0003101", trainee: "EMP0000101", post: "EMP0002004", site: "RBZ51", grade: "GPST2", specialty: "800", start: "2010-08-04", end: "2011-08-02", wte: "1.00", created: "2010-05-10 09:00:00", modified: "2010-05-10 09:00:00"},
	{id: "EMP0003102", trainee: "EMP0000102", post: "EMP0002003", site: "RK901", grade: "ST3", specialty: "110", start: "2010-08-04", end: "2011-08-02", wte: "1.00", created: "2010-05-10 09:05:00", modified: "2010-05-10 09:05:00"},
	{id: "EMP0003103", trainee: "EMP0000103", post: "EMP0002006", site: "RK902", grade: "F1", specialty: "010", start: "2010-08-04", end: "2011-08-02", wte: "1.00", created: "2010-05-10 09:10:00", modified: "2010-05-10 09:10:00"},
	{id: "EMP0003104", trainee: "EMP0000103", post: "EMP0002002", site: "RK902", grade: "F2", specialty: "060", start: "2011-08-03", end: "2012-08-01", wte: "1.00", created: "2011-04-05 10:00:00", modified: "2011-04-05 10:00:00"},
	{id: "EMP0003105", trainee: "EMP0000104", post: "EMP0002005", site: "RK901", grade: "CT1", specialty: "080", start: "2011-08-03", end: "2012-08-01", wte: "0.80", created: "2011-04-05 10:05:00", modified: "2011-04-05 10:05:00"},
	// Not yet confirmed (Provisional = DRAFT): never sent.
	{id: "EMP0003106", trainee: "EMP0000101", post: "EMP0002004", site: "RBZ52", grade: "GPST3", specialty: "800", start: "2011-08-03", end: "2012-08-01", wte: "1.00", lifecycle: "DRAFT", created: "2011-04-20 14:00:00", modified: "2011-04-20 14:00:00"},
}

// The bucket post's foundation doctors; their numbers pick the faults.
const (
	bucketSize   = 42
	bucketBadDOB = 7  // born "31/02/1987": read as null, so the APP misses a mandatory dob
	bucketBadNI  = 13 // temporary NI number TN + birth date + sex
	bucketBadGMC = 21 // six-digit GMC number
	bucketBadPC  = 30 // postcode that is not one
)

var (
	firstNames = []string{"Oliver", "Amelia", "Harry", "Isla", "Jack", "Ava", "George", "Mia", "Noah", "Emily", "Charlie",
		"Grace", "Jacob", "Sophia", "Alfie", "Lily", "Freddie", "Ella", "Oscar", "Evie", "Leo", "Chloe"}
	surnames = []string{"ROWE", "TREGEAR", "PENROSE", "KEMP", "HOSKING", "NANCARROW", "JULYAN", "RICHARDS", "EDDY", "PAYNTER",
		"TONKIN", "ANGOVE", "POLGLASE", "CHENOWETH", "TREMAYNE", "BOLITHO", "CURNOW", "JAGO", "KITTO", "LAITY", "MOYLE"}
	streets = []string{"Fore Street", "Mutley Plain", "Lipson Road", "North Hill", "Citadel Road", "Alma Road", "Embankment Road"}
)

func init() {
	day := time.Date(1988, 1, 4, 0, 0, 0, 0, time.UTC)
	for n := 1; n <= bucketSize; n++ {
		i := n - 1
		t := trainee{
			id: fmt.Sprintf("EMP%07d", 200+n), title: "Dr", forenames: firstNames[i%len(firstNames)], surname: surnames[i%len(surnames)],
			dob: day.AddDate(0, 0, 8*i).Format("2006-01-02"), gender: []string{"M", "F"}[i%2],
			ni: fmt.Sprintf("JL%06dA", 300100+n), gmc: fmt.Sprintf("71400%02d", n),
			a1: fmt.Sprintf("%d %s", 10+n, streets[i%len(streets)]), town: "Plymouth", postcode: fmt.Sprintf("PL4 %dAB", n%10),
			country: "GB", natio: []string{"GB", "GB", "IN", "GB", "IE", "MY", "GB"}[i%7], modified: "2011-03-01 09:00:00",
		}
		t.email = strings.ToLower(t.forenames+"."+t.surname) + "@example.com"
		switch n {
		case bucketBadDOB:
			t.dob = "" // see fault "31/02/1987" in extracts
		case bucketBadNI:
			t.ni = "TN120388F"
		case bucketBadGMC:
			t.gmc = "714002"
		case bucketBadPC:
			t.postcode = "PL4 8AAX"
		}
		penTrainees = append(penTrainees, t)
		penPlacements = append(penPlacements, placement{
			id: fmt.Sprintf("EMP%07d", 3200+n), trainee: t.id, post: "EMP0002001", site: "RK901", grade: "F1", specialty: "010",
			start: "2011-08-03", end: "2011-12-06", wte: "1.00", created: "2011-03-02 09:00:00", modified: "2011-03-02 09:00:00",
		})
	}
}

func (g *gen) extracts() {
	dir := filepath.Join(g.out, "extracts")
	must(os.MkdirAll(dir, 0o755))
	intrepid, _ := extract.ProfileByName("INTREPID")
	empower, _ := extract.ProfileByName("EMPOWER")

	// Fault: a birth date that is no day (29 February 1983); Intrepid
	// writes ISO dates.
	writeExtract(dir, intrepid, "OXF", extract.Trainee, traineeRows(oxfTrainees),
		fault{"1983-02-28", "1983-02-29"})
	writeExtract(dir, intrepid, "OXF", extract.Post, postRows("OXF", oxfPosts))
	writeExtract(dir, intrepid, "OXF", extract.Placement, placementRows(oxfPlacements))

	// Fault: 31/02 in Empower's dd/mm/yyyy.
	bad := &penTrainees[4+bucketBadDOB-1]
	bad.dob = "1987-02-28"
	rows := traineeRows(penTrainees)
	bad.dob = ""
	writeExtract(dir, empower, "PEN", extract.Trainee, rows, fault{"28/02/1987", "31/02/1987"})
	writeExtract(dir, empower, "PEN", extract.Post, postRows("PEN", penPosts))
	writeExtract(dir, empower, "PEN", extract.Placement, placementRows(penPlacements))
}

// row builds a canonical row of entity e from column values by name.
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

// byModified orders rows as the extracts do: (modified_at, id).
func byModified(rows [][]string, e extract.Entity) [][]string {
	m, id := extract.ColumnIndex(e, "modified_at"), 0
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i][m] != rows[j][m] {
			return rows[i][m] < rows[j][m]
		}
		return rows[i][id] < rows[j][id]
	})
	return rows
}

func traineeRows(ts []trainee) [][]string {
	var rows [][]string
	for _, t := range ts {
		rows = append(rows, row(extract.Trainee, map[string]string{
			"trainee_id": t.id, "title": t.title, "forenames": t.forenames, "surname": t.surname, "previous_surname": t.prev,
			"date_of_birth": t.dob, "gender": t.gender, "ni_number": t.ni, "gmc_number": t.gmc, "ntn": t.ntn,
			"email": t.email, "mobile_tel": t.mobile, "home_tel": t.home, "address1": t.a1, "address2": t.a2, "address3": t.a3,
			"town": t.town, "postcode": t.postcode, "country": t.country, "nationality": t.natio, "modified_at": t.modified, "deleted": "false",
		}))
	}
	return byModified(rows, extract.Trainee)
}

func postRows(deanery string, ps []post) [][]string {
	var rows [][]string
	for _, p := range ps {
		rows = append(rows, row(extract.Post, map[string]string{
			"post_id": p.id, "dpn": p.dpn, "deanery_code": deanery, "lead_trust_code": p.lead,
			"host_trust_codes": strings.Join(p.hosts, extract.ListSeparator), "site_code": p.site, "specialty_code": p.specialty,
			"approved_grade": p.grade, "status": "CURRENT", "modified_at": p.modified,
		}))
	}
	return byModified(rows, extract.Post)
}

func placementRows(ps []placement) [][]string {
	var rows [][]string
	for _, p := range ps {
		life := p.lifecycle
		if life == "" {
			life = "APPROVED"
		}
		rows = append(rows, row(extract.Placement, map[string]string{
			"placement_id": p.id, "trainee_id": p.trainee, "post_id": p.post, "site_code": p.site, "grade": p.grade,
			"specialty_code": p.specialty, "start_date": p.start, "end_date": p.end, "wte": p.wte, "placement_type": "IN_POST",
			"lifecycle_state": life, "created_at": p.created, "modified_at": p.modified, "withdrawn": "false",
		}))
	}
	return byModified(rows, extract.Placement)
}

func writeExtract(dir string, p *extract.Profile, deanery string, e extract.Entity, rows [][]string, faults ...fault) {
	var buf bytes.Buffer
	w := extract.NewWriter(p, e, &buf)
	for _, r := range rows {
		if _, err := w.Write(r); err != nil {
			log.Fatalf("%s %s %s: %v", p.Name(), deanery, e, err)
		}
	}
	must(w.Close())
	data := buf.Bytes()
	for _, f := range faults {
		data = f.apply(data)
	}
	must(os.WriteFile(filepath.Join(dir, p.FileName(deanery, e, "2011Q2")), data, 0o644))
}

// ---------------------------------------------------------------------------
// The ESR side: positions (7.6, 7.7)

type position struct {
	id, number, dpn, trust, vpd, role, site, specialty, specName, grade string
}

var specialtyNames = map[string]string{
	"010": "General (Internal) Medicine", "020": "Acute Internal Medicine", "060": "Geriatric Medicine", "070": "Emergency Medicine",
	"080": "Anaesthetics", "100": "General Surgery", "110": "Trauma and Orthopaedic Surgery", "140": "Paediatrics", "800": "General Practice",
}

// payScale gives the pay scale and its description of a grade (domain 2.3).
func payScale(grade string) (string, string) {
	switch grade {
	case "F1":
		return "MF01", "Foundation Doctor Year 1"
	case "F2":
		return "MF02", "Foundation Doctor Year 2"
	}
	n := grade[len(grade)-1:]
	return "MS0" + n, fmt.Sprintf("Specialty Registrar ST%s/ SpR%s", n, n)
}

var oxfPositions = []position{
	{"2345702", "41200601", "OXF/R7H01/010/FY1/002", "R7H", "112", "Lead Employer", "R7H01", "010", "", "F1"},
	{"2345678", "41200567", "OXF/R7H01/140/STR/004", "R7H", "112", "Lead Employer", "R7H01", "140", "", "ST1"},
	{"2345755", "41200644", "OXF/R7H02/100/HT/007", "R7H", "112", "Lead Employer", "R7H02", "100", "", "ST5"},
	{"2345901", "41200890", "OXF/R7H05/800/GPST/011", "R7H", "112", "Lead Employer", "R7H05", "800", "", "GPST1"},
	{"2346120", "41201304", "OXF/R7H05/800/GPST/011", "RX3", "096", "Host Employer", "RX301", "800", "", "GPST1"},
	{"2346377", "41201566", "OXF/RX301/070/HT/001", "RX3", "096", "Lead Employer", "RX301", "070", "", "ST3"},
}

var penPositions = []position{
	{"3100001", "51000001", "PEN/RK901/010/FY1/001", "RK9", "041", "Lead Employer", "RK901", "010", "", "F1"},
	{"3100002", "51000002", "PEN/RK902/060/F2/002", "RK9", "041", "Lead Employer", "RK902", "060", "", "F2"},
	{"3100003", "51000003", "PEN/RK901/110/HT/003", "RK9", "041", "Lead Employer", "RK901", "110", "", "ST3"},
	{"3100004", "51000004", "PEN/RBZ51/800/GPST/004", "RBZ", "073", "Lead Employer", "RBZ51", "800", "", "GPST2"},
	{"3100005", "51000005", "PEN/RK901/080/LT/005", "RK9", "041", "Lead Employer", "RK901", "080", "", "CT1"},
	{"3100006", "51000006", "PEN/RK902/010/FY1/006", "RK9", "041", "Lead Employer", "RK902", "010", "", "F1"},
}

func positionByDPN(ps []position, dpn, trust string) position {
	for _, p := range ps {
		if p.dpn == dpn && (trust == "" || p.trust == trust) {
			return p
		}
	}
	log.Fatalf("no position %s %s", dpn, trust)
	return position{}
}

var trustNames = map[string]string{
	"R7H": "Westbury Hospitals NHS Foundation Trust", "RX3": "Cherwell Valley NHS Trust",
	"RK9": "Tamar Hospitals NHS Trust", "RBZ": "Kernow GP Training NHS Trust",
}

func (p position) occupation() string {
	if strings.HasPrefix(p.grade, "F") {
		return "Foundation Doctor (" + siteName(p.site) + ")"
	}
	return "Specialty Registrar (" + siteName(p.site) + ")"
}

func (p position) pos() rec {
	scale, desc := payScale(p.grade)
	return r("POS", kv{"positionID": p.id, "changeDeleteIndicator": "C", "positionNumber": p.number,
		"positionTitle": "Medical and Dental", "occupationCode": p.occupation(), "areaOfWork": p.specialty,
		"secondSpeciality": specialtyNames[p.specialty], "deaneryNumber": p.dpn, "managingOffice": p.dpn[:3],
		"odsCode": p.trust, "gradeTrust": "NHS", "gradePayscale": scale, "gradeDesc": desc, "workplaceOrg": p.site})
}

func (p position) por() rec {
	title := p.occupation()
	if len(title) > 60 {
		title = title[:60]
	}
	return r("POR", kv{"positionID": p.id, "changeDeleteIndicator": "C", "positionNumber": p.number,
		"positionTitle": title, "deaneryNumber": p.dpn, "managingOffice": p.dpn[:3], "hostLeadIndicator": p.role,
		"odsCode": p.trust, "employingOrgVPDCode": p.vpd, "esrOrganisation": trustNames[p.trust], "esrLocation": siteName(p.site)})
}

// ---------------------------------------------------------------------------
// Interface files (domain 6, 7.1–7.9)

type kv map[string]string

type rec struct {
	rt   string
	vals []string
}

// r builds a record of type rt from field values by camelCase name.
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

// file is one interface file to write, and the faults to put in it.
type file struct {
	deanery, typ string
	seq          int
	created      string // YYYYMMDDHHMMSS
	mode         string
	recs         []rec
	faults       []fault
	saveAs       string // a name other than the file's own (a bad name)
	folder       string // delivery folder date, when not the file's own date
}

func (g *gen) write(f file) {
	created, err := time.Parse("20060102150405", f.created)
	must(err)
	name := iface.Name{Deanery: f.deanery, Type: f.typ, Date: created.Truncate(24 * time.Hour), Seq: f.seq}
	var buf bytes.Buffer
	w := iface.NewWriter(&buf, name, iface.Header{CreatedAt: created, Mode: f.mode})
	for _, rc := range f.recs {
		flags, err := w.Write(rc.rt, rc.vals)
		if err != nil {
			log.Fatal(err)
		}
		if len(flags) > 0 {
			log.Fatalf("%s: %s: writer flagged %v", name, rc.rt, flags)
		}
	}
	must(w.Close())
	data := buf.Bytes()
	for _, ft := range f.faults {
		data = ft.apply(data)
	}
	folder := f.folder
	if folder == "" {
		folder = f.created[:8]
	}
	base := name.String()
	if f.saveAs != "" {
		base = f.saveAs
	}
	dir := filepath.Join(g.out, "exchange", folder[:4], folder)
	must(os.MkdirAll(dir, 0o755))
	must(os.WriteFile(filepath.Join(dir, base), data, 0o644))
}

// fault changes the bytes a writer produced: old (which must occur exactly
// once) becomes new. The helpers below make the common ones.
type fault struct{ old, new string }

func (f fault) apply(data []byte) []byte {
	switch f.old {
	case "\n":
		return bytes.ReplaceAll(data, []byte("\n"), []byte(f.new))
	case "":
		return append([]byte(f.new), data...)
	}
	if n := bytes.Count(data, []byte(f.old)); n != 1 {
		log.Fatalf("fault %q: found %d times, want once", f.old, n)
	}
	return bytes.Replace(data, []byte(f.old), []byte(f.new), 1)
}

// withCRLF ends every line in CR LF.
var withCRLF = fault{"\n", "\r\n"}

// withBOM starts the file with a UTF-8 byte order mark.
var withBOM = fault{"", "\uFEFF"}

// insertBefore puts raw lines before the line that starts with anchor.
func insertBefore(anchor string, lines ...string) fault {
	return fault{"\n" + anchor, "\n" + strings.Join(lines, "\n") + "\n" + anchor}
}

// trailer replaces the TRL count.
func trailer(from, to int) fault {
	return fault{fmt.Sprintf("\nTRL,%d\n", from), fmt.Sprintf("\nTRL,%d\n", to)}
}

// latin1 re-encodes the line holding s in Windows-1252.
func latin1(s string) fault {
	enc, err := charmap.Windows1252.NewEncoder().String(s)
	must(err)
	return fault{s, enc}
}

func d(iso string) string { return strings.ReplaceAll(iso, "-", "") }

func findTrainee(ts []trainee, id string) trainee {
	for _, t := range ts {
		if t.id == id {
			return t // the first version: callers want the details as sent
		}
	}
	log.Fatalf("no trainee %s", id)
	return trainee{}
}

func findPost(ps []post, id string) post {
	for _, p := range ps {
		if p.id == id {
			return p
		}
	}
	log.Fatalf("no post %s", id)
	return post{}
}

// app builds the APP record of a placement on a position, as of run date
// (5.2, 5.11): names as held, NI and GMC normalised, the postcode as held.
func app(run string, t trainee, p placement, pos position) rec {
	first, middle, _ := strings.Cut(t.forenames, " ")
	gmc, body := t.gmc, "General Medical Council"
	if strings.EqualFold(gmc, "UNKNOWN") || gmc == "" {
		gmc, body = "", ""
	}
	wte, err := iface.FormatDecimal(p.wte, 2)
	must(err)
	return r("APP", kv{"effectiveDate": run, "deaneryNumber": pos.dpn, "positionId": pos.id, "positionNumber": pos.number,
		"projectedHireDate": d(p.start), "projectedEndDate": d(p.end), "title": t.title, "firstName": first, "middleNames": middle,
		"lastName": t.surname, "previousLastName": t.prev, "dob": d(t.dob), "gender": t.gender, "ukNino": t.ni,
		"nationalTrainingNumber": t.ntn, "professionalBody": body, "registrationNumber": gmc, "applicantEmailAddress": t.email,
		"homeTel": t.home, "mobileTel": t.mobile, "address1": t.a1, "address2": t.a2, "address3": t.a3, "town": t.town,
		"postcode": t.postcode, "country": t.country, "nationality": t.natio, "wte": wte, "grade": p.grade, "deaneryPlacementId": p.id})
}

// apc answers the APP record at ordinal n of appFile.
func apc(appFile string, n int, a rec, status, msgType, text, applicant, assignment, kind string) rec {
	l, _ := iface.Layout("APP")
	get := func(f string) string { return a.vals[l.Index(f)] }
	return r("APC", kv{"appFileName": appFile, "esrVacancyId": fmt.Sprint(n), "deaneryNumber": get("deaneryNumber"),
		"positionId": get("positionId"), "positionNumber": get("positionNumber"), "loadStatusCode": status, "messageType": msgType,
		"messageText": text, "applicantNumber": applicant, "assignmentId": assignment, "applicationType": kind})
}

func dcc(dncFile string, n int, d rec) rec {
	return r("DCC", kv{"dncFileName": dncFile, "recordOrdinal": fmt.Sprint(n), "notificationType": d.vals[1],
		"deaneryPostNumber": d.vals[3], "loadStatusCode": "SUCCESS", "messageType": "INFO", "messageText": "OK: notification loaded"})
}

// person is an ESR person's details (PER, ADD, PBD, STF).
type person struct {
	number, last, first, middle, prev, title, gender, dob, ni, gmc string
	a1, a2, a3, town, postcode, country, email, mobile             string
}

func (p person) head(changed, vpd string) kv {
	return kv{"esrPersonNumber": p.number, "changeTimestamp": changed, "changeDeleteIndicator": "C", "employingOrgVPDCode": vpd}
}

func with(base kv, more kv) kv {
	for k, v := range more {
		base[k] = v
	}
	return base
}

func (p person) per(changed, vpd, asg string) rec {
	return r("PER", with(p.head(changed, vpd), kv{"assignmentId": asg, "ukNino": p.ni, "lastName": p.last, "firstName": p.first,
		"middleNames": p.middle, "previousLastName": p.prev, "title": p.title, "gender": p.gender, "dob": p.dob,
		"mobileTel": p.mobile, "emailAddress": p.email}))
}

func (p person) add(changed, vpd, from string) rec {
	return r("ADD", with(p.head(changed, vpd), kv{"addressDateFrom": from, "address1": p.a1, "address2": p.a2, "address3": p.a3,
		"town": p.town, "postcode": p.postcode, "country": p.country}))
}

func (p person) pbd(changed, vpd string) rec {
	return r("PBD", with(p.head(changed, vpd), kv{"professionalBody": "General Medical Council", "registrationNumber": p.gmc}))
}

// period is an assignment period in ESR (ASG, STF).
type period struct {
	asg, seq string
	pos      position
	start    string
	end      string // projected
	scale    string
	wte      string
	changed  string
}

func (p person) asg(pd period) rec {
	return r("ASG", with(p.head(pd.changed, pd.pos.vpd), kv{"assignmentId": pd.asg, "periodSeq": pd.seq, "positionId": pd.pos.id,
		"positionNumber": pd.pos.number, "deaneryNumber": pd.pos.dpn, "hostLeadIndicator": pd.pos.role, "startDate": pd.start,
		"projectedEndDate": pd.end, "assignmentStatus": "ACTIVE", "gradePayscale": pd.scale, "wte": pd.wte}))
}

func (p person) stf(pd period) rec {
	return r("STF", kv{"esrPersonNumber": p.number, "lastName": p.last, "firstName": p.first, "middleNames": p.middle,
		"previousLastName": p.prev, "title": p.title, "gender": p.gender, "dob": p.dob, "niNumber": p.ni, "gmcNumber": p.gmc,
		"address1": p.a1, "address2": p.a2, "address3": p.a3, "town": p.town, "postcode": p.postcode, "emailAddress": p.email,
		"assignmentId": pd.asg, "periodSeq": pd.seq, "positionId": pd.pos.id, "positionNumber": pd.pos.number,
		"deaneryNumber": pd.pos.dpn, "employingOrgVPDCode": pd.pos.vpd, "hostLeadIndicator": pd.pos.role,
		"staffGroup": "Medical and Dental", "gradePayscale": pd.scale, "specialtyCode": pd.pos.specialty, "startDate": pd.start,
		"projectedEndDate": pd.end, "assignmentStatus": "ACTIVE", "wte": pd.wte, "lastUpdated": pd.changed})
}

// ESR's people.
var (
	okafor = person{number: "10255155", last: "Okafor", first: "Chidi", title: "Dr.", gender: "M", dob: "19830228", ni: "JE482913B",
		gmc: "705432", a1: "21 Iffley Road", town: "Oxford", postcode: "OXON 1AA", email: "chidi.okafor@nhsmail.example"}
	sharma = person{number: "10311213", last: "Sharma", first: "Priya", middle: "Anjali", title: "Dr.", gender: "F", dob: "19860214",
		ni: "JC123456A", gmc: "7012345", a1: "14 Mill Lane", town: "Abingdon", postcode: "OX14 3PL", email: "priya.sharma@nhsmail.example"}
	hughes = person{number: "10290290", last: "Hughes", first: "Daniel", title: "Dr.", gender: "M", dob: "19820611", ni: "TN110682M",
		gmc: "6843210", a1: "7 Orchard Close", town: "Banbury", postcode: "OX16 1AB"}
	fournier = person{number: "10234567", last: "Fournier", first: "Renée", title: "Dr.", gender: "F", dob: "19841102", ni: "PR771205C",
		gmc: "7123456", a1: "Villa 14, Al Waab Street", town: "Doha", postcode: "Doha, Qatar", country: "QA",
		email: "renee.fournier@example.com", mobile: "07700 900234"}
	ellis = person{number: "10012345", last: "Ellis", first: "Margaret", title: "Dr.", gender: "F", dob: "19650312", ni: "AB123456C",
		gmc: "3456789", a1: "The Old Vicarage", a2: "Church Lane", town: "Woodstock", postcode: "OX20 1SX"}
	pascoe = person{number: "10400101", last: "Pascoe", first: "Jenna", title: "Dr.", gender: "F", dob: "19860719", ni: "JG103254A",
		gmc: "7213456", a1: "4 Harbour View", town: "Falmouth", postcode: "TR11 3QA", country: "GB",
		email: "jenna.pascoe@nhsmail.example", mobile: "07700 900311"}
	trevithick = person{number: "10400102", last: "Trevithick", first: "Mark", middle: "Alan", title: "Mr.", gender: "M", dob: "19810302",
		ni: "JH558210D", gmc: "6931245", a1: "Rose Cottage", a2: "Lower Street", town: "Truro", postcode: "TR1 2AB"}
	nwosu = person{number: "10400103", last: "Nwosu", first: "Adaeze", title: "Dr.", gender: "F", dob: "19881005", ni: "JJ220415B",
		gmc: "7301122", a1: "Flat 2, 8 Union Street", town: "Plymouth", postcode: "PL1 3EZ"}
	rowe = person{number: "10400999", last: "Rowe", first: "Kenneth", title: "Dr.", gender: "M", dob: "19620904", ni: "CE654321A",
		gmc: "2987654", a1: "Polwhele House", town: "Truro", postcode: "TR4 9AD"}
)

// Positions ESR holds that no RMC of the sample sends.
var (
	sharmaF2  = position{"2344980", "41199870", "OXF/RX302/020/F2/003", "RX3", "096", "Lead Employer", "RX302", "020", "", "F2"}
	hughesST4 = position{"2343310", "41198112", "OXF/R7H03/100/HT/005", "R7H", "112", "Lead Employer", "R7H03", "100", "", "ST4"}
	ellisPost = position{"2301234", "40987654", "", "R7H", "112", "", "R7H01", "030", "", ""}
	rowePost  = position{"3099999", "50999999", "", "RK9", "041", "", "RK901", "110", "", ""}
)

var fournierPeriod = period{"301377455", "1", positionByDPN(oxfPositions, "OXF/RX301/070/HT/001", ""), "20110504", "20120501", "MS03", "0.60", "20110503200000"}

// oxford writes OXF's exchange of 4–6 May 2011: the 7.11 examples and
// what surrounds them.
func (g *gen) oxford() {
	// RMC 201, 4 May 14:30: the positions of the posts sent the next day,
	// and Dr Fournier, hired by RX3 (a Full Records trust) the evening
	// before, coming into scope with all four person records.
	var recs []rec
	for _, p := range oxfPositions {
		recs = append(recs, p.pos(), p.por())
	}
	stamp := "20110503200000"
	recs = append(recs, fournier.per(stamp, "096", fournierPeriod.asg), fournier.add(stamp, "096", "20110503"),
		fournier.asg(fournierPeriod), fournier.pbd(stamp, "096"))
	rmc201 := file{deanery: "OXF", typ: "RMC", seq: 201, created: "20110504143000", mode: "CHANGE", recs: recs, faults: []fault{
		// The 2020 incident: a backslash before the closing quote.
		{`POS,2346120,,"C","41201304","Medical and Dental"`, `POS,2346120,,"C","41201304","Medical and Dental\"`},
		// The 2021 incident: VPD 96 for 096.
		{`"Host Employer","RX3",096,`, `"Host Employer","RX3",96,`},
		// Bad records among good ones: a letter O in a position id, a POR
		// one field short, a record type this interface does not carry.
		insertBefore("PER,",
			`POS,23464O1,,"C","41201567","Medical and Dental","Specialty Registrar (Cherwell Valley Hospital)","070","Emergency Medicine","OXF/RX301/070/STR/002","OXF","RX3","NHS","MS01","Specialty Registrar ST1/ SpR1","RX301"`,
			`POR,2346378,,"C","41201567","Specialty Registrar (Cherwell Valley Hospital)","OXF/RX301/070/STR/002","OXF","Lead Employer","RX3",096,"Cherwell Valley NHS Trust"`,
			`ABS,10234567,20110503200000,"C",096,"ANNUAL",20110801,20110805`),
		trailer(16, 19),
	}}
	g.write(rmc201)

	// APP 89, 5 May 18:00 (7.11): every placement starting 3 August that
	// is now in the 13-week window, one record per reconciled position.
	run := "20110505"
	appName := "DE_OXF_APP_20110505_00000089.DAT"
	sent := []struct {
		placement, trust string
	}{{"000048402", "R7H"}, {"000048213", "R7H"}, {"000048290", "R7H"}, {"000048377", "R7H"}, {"000048377", "RX3"}}
	var apps []rec
	for _, s := range sent {
		p := findPlacement(oxfPlacements, s.placement)
		pos := positionByDPN(oxfPositions, findPost(oxfPosts, p.post).dpn, s.trust)
		apps = append(apps, app(run, findTrainee(oxfTrainees, p.trainee), p, pos))
	}
	g.write(file{deanery: "OXF", typ: "APP", seq: 89, created: "20110505180000", recs: apps})

	// APC 89, 19:00: one answer per APP record, by ordinal. CRLF line ends.
	apcs := []rec{
		apc(appName, 1, apps[0], "FAIL", "ERROR", "MANDATORY_MISSING: dob is mandatory", "", "", ""),
		apc(appName, 2, apps[1], "SUCCESS", "INFO", "OK: applicant created", "60012345", "301234567", "NEW"),
		apc(appName, 3, apps[2], "SUCCESS", "INFO", "OK: internal transfer", "", "301198876", "TRANSFER"),
		apc(appName, 4, apps[3], "SUCCESS", "INFO", "OK: applicant created", "60012346", "301234568", "NEW"),
		apc(appName, 5, apps[4], "SUCCESS", "INFO", "OK: applicant created", "60012347", "301234569", "NEW"),
	}
	g.write(file{deanery: "OXF", typ: "APC", seq: 89, created: "20110505190000", recs: apcs, faults: []fault{withCRLF}})

	// DNC 112, 17:30: a type 1 for each post whose next placement the APP
	// carries (record 2 is the 7.11 example), and a type 5 for the new post.
	dnc := func(typ, dpn, vpd string, more kv) rec {
		return r("DNC", with(kv{"notificationType": typ, "deaneryBody": "OXF", "deaneryPostNumber": dpn, "managingDeaneryBodyCode": "OXF",
			"employingOrgVPDCode": vpd, "hostLeadEmployerStatus": "Lead Employer", "postDeleteIndicator": "N"}, more))
	}
	next := func(last, first, gmc, site, email, grade, id, newSite string) kv {
		return kv{"newTrainingPositionLocation": newSite, "postVacantAtNextRotation": "N", "nextLastName": last, "nextFirstName": first,
			"nextGmcNumber": gmc, "nextCurrentPlacementSite": site, "nextProjectedStartDate": "20110803", "nextEmailAddress": email,
			"nextGrade": grade, "nextWorkingHours": "1.0", "deaneryPlacementId": id}
	}
	dncs := []rec{
		dnc("1", "OXF/R7H01/010/FY1/002", "112", next("Chen", "Wei", "", "NOT KNOWN", "", "F1", "000048402", "R7H01")),
		dnc("1", "OXF/R7H01/140/STR/004", "112", with(next("Sharma", "Priya", "7012345", "RX302", "priya.sharma@example.com", "ST1", "000048213", "R7H01"),
			kv{"currentLastName": "Okafor", "currentFirstName": "Chidi", "currentGmcNumber": "7054321", "currentProjectedEndDate": "20110802",
				"currentNextPlacementSite": "R7H03", "currentWorkingHours": "1.0"})),
		dnc("1", "OXF/R7H02/100/HT/007", "112", next("Hughes", "Daniel", "6843210", "R7H03", "daniel.hughes@example.net", "ST5", "000048290", "R7H02")),
		dnc("1", "OXF/R7H05/800/GPST/011", "112", next("O'Brien", "Tomás", "6987654", "NOT KNOWN", "tomas.obrien@example.org", "GPST1", "000048377", "R7H05")),
		dnc("5", "OXF/RX301/070/STR/002", "096", kv{"postVacantAtNextRotation": "Y"}),
	}
	g.write(file{deanery: "OXF", typ: "DNC", seq: 112, created: "20110505173000", mode: "CHANGE", recs: dncs})

	// DCC 113, 19:15: one answer per DNC record. Starts with a BOM.
	dncName := "DE_OXF_DNC_20110505_00000112.DAT"
	var dccs []rec
	for i, x := range dncs {
		dccs = append(dccs, dcc(dncName, i+1, x))
	}
	g.write(file{deanery: "OXF", typ: "DCC", seq: 113, created: "20110505191500", recs: dccs, faults: []fault{withBOM}})

	// RMC 202, 5 May: its trailer counts one record too many.
	hughesPos := positionByDPN(oxfPositions, "OXF/R7H02/100/HT/007", "")
	g.write(file{deanery: "OXF", typ: "RMC", seq: 202, created: "20110505143000", mode: "CHANGE",
		recs: []rec{hughesPos.pos(), hughesPos.por()}, faults: []fault{trailer(2, 3)}})

	// RMC 201 again, redelivered two days later in the same slot: a replay.
	replay := rmc201
	replay.folder = "20110506"
	g.write(replay)

	// APP 90, 6 May, saved under a design document's 7-digit placeholder
	// name: rejected whole, BAD_FILE_NAME.
	chen := findPlacement(oxfPlacements, "000048402")
	g.write(file{deanery: "OXF", typ: "APP", seq: 90, created: "20110506180000", saveAs: "DE_OXF_APP_20110506_0000090.DAT",
		recs: []rec{app("20110506", findTrainee(oxfTrainees, chen.trainee), chen, positionByDPN(oxfPositions, "OXF/R7H01/010/FY1/002", ""))}})
}

func findPlacement(ps []placement, id string) placement {
	for _, p := range ps {
		if p.id == id {
			return p
		}
	}
	log.Fatalf("no placement %s", id)
	return placement{}
}

var pascoePeriod = period{"301100101", "1", positionByDPN(penPositions, "PEN/RBZ51/800/GPST/004", ""), "20100804", "20110802", "MS02", "1.00", "20100803200000"}

// peninsula writes PEN's first days on the interface, 3–6 May 2011.
func (g *gen) peninsula() {
	// RMF 1, go-live 3 May 14:30: every position, and Dr Pascoe, the one
	// person at the Full Records trust RBZ.
	var recs []rec
	for _, p := range penPositions {
		recs = append(recs, p.pos(), p.por())
	}
	recs = append(recs, pascoe.per(pascoePeriod.changed, "073", pascoePeriod.asg), pascoe.add(pascoePeriod.changed, "073", "20100801"),
		pascoe.asg(pascoePeriod), pascoe.pbd(pascoePeriod.changed, "073"))
	g.write(file{deanery: "PEN", typ: "RMF", seq: 1, created: "20110503143000", mode: "FULL", recs: recs})

	// DNF 1, 17:30: a type 1 per reconciled post; nothing starts within 91
	// days yet, so no next block anywhere.
	dnf := func(dpn, vpd string, cur kv) rec {
		return r("DNC", with(kv{"notificationType": "1", "deaneryBody": "PEN", "deaneryPostNumber": dpn, "managingDeaneryBodyCode": "PEN",
			"employingOrgVPDCode": vpd, "hostLeadEmployerStatus": "Lead Employer", "postVacantAtNextRotation": "Y", "postDeleteIndicator": "N"}, cur))
	}
	current := func(last, first, gmc, nextSite, id string) kv {
		return kv{"currentLastName": last, "currentFirstName": first, "currentGmcNumber": gmc, "currentProjectedEndDate": "20110802",
			"currentNextPlacementSite": nextSite, "currentWorkingHours": "1.0", "deaneryPlacementId": id}
	}
	dnfs := []rec{
		dnf("PEN/RBZ51/800/GPST/004", "073", current("PASCOE", "Jenna", "7213456", "NOT KNOWN", "EMP0003101")),
		dnf("PEN/RK901/010/FY1/001", "041", nil),
		dnf("PEN/RK901/080/LT/005", "041", nil),
		dnf("PEN/RK901/110/HT/003", "041", current("TREVITHICK", "Mark", "6931245", "NOT KNOWN", "EMP0003102")),
		dnf("PEN/RK902/010/FY1/006", "041", current("NWOSU", "Adaeze", "7301122", "RK902", "EMP0003103")),
		dnf("PEN/RK902/060/F2/002", "041", nil),
	}
	g.write(file{deanery: "PEN", typ: "DNF", seq: 1, created: "20110503173000", mode: "FULL", recs: dnfs})
	var dccs []rec
	for i, x := range dnfs {
		dccs = append(dccs, dcc("DE_PEN_DNF_20110503_00000001.DAT", i+1, x))
	}
	g.write(file{deanery: "PEN", typ: "DCC", seq: 1, created: "20110503191500", recs: dccs})

	// RMC 1, 4 May: Dr Pascoe's new mobile number, a position's new grade.
	p2 := pascoe
	p2.mobile = "07700 900312"
	trauma := positionByDPN(penPositions, "PEN/RK901/110/HT/003", "")
	g.write(file{deanery: "PEN", typ: "RMC", seq: 1, created: "20110504143000", mode: "CHANGE",
		recs: []rec{trauma.pos(), p2.per("20110504091200", "073", pascoePeriod.asg)}})

	// APP 1, 5 May 18:00: 42 records for the bucket post, more than 40:
	// flagged DPN_OVER_40, quarantined by ESR, so no APC answers it.
	run := "20110505"
	var sendable []placement
	for _, p := range penPlacements {
		if p.start == "2011-08-03" && p.lifecycle == "" {
			sendable = append(sendable, p)
		}
	}
	sort.SliceStable(sendable, func(i, j int) bool {
		a, b := findPost(penPosts, sendable[i].post).dpn, findPost(penPosts, sendable[j].post).dpn
		if a != b {
			return a < b
		}
		return sendable[i].id < sendable[j].id
	})
	build := func(run string, ps []placement) []rec {
		var out []rec
		for _, p := range ps {
			pos := positionByDPN(penPositions, findPost(penPosts, p.post).dpn, "")
			out = append(out, app(run, findTrainee(penTrainees, p.trainee), p, pos))
		}
		return out
	}
	g.write(file{deanery: "PEN", typ: "APP", seq: 1, created: "20110505180000", recs: build(run, sendable)})

	// RMC 2, 5 May: truncated in transit, no TRL.
	newPos := position{"3100007", "51000007", "PEN/RK901/070/STR/007", "RK9", "041", "Lead Employer", "RK901", "070", "", "ST1"}
	g.write(file{deanery: "PEN", typ: "RMC", seq: 2, created: "20110505143000", mode: "CHANGE",
		recs: []rec{newPos.pos(), newPos.por()}, faults: []fault{{"TRL,2\n", ""}}})

	// RMC 3, 6 May: the new position again and a deleted one; number 2
	// never loaded, so it is recorded as a gap.
	gone := r("POS", kv{"positionID": "3100009", "changeDeleteIndicator": "D", "positionNumber": "51000009", "deaneryNumber": "PEN/RK902/150/HT/009"})
	goneR := r("POR", kv{"positionID": "3100009", "changeDeleteIndicator": "D", "positionNumber": "51000009", "deaneryNumber": "PEN/RK902/150/HT/009", "employingOrgVPDCode": "041"})
	g.write(file{deanery: "PEN", typ: "RMC", seq: 3, created: "20110506143000", mode: "CHANGE",
		recs: []rec{newPos.pos(), newPos.por(), gone, goneR}})

	// APP 2, 6 May: the quarantined file's records re-sent, capped at 40
	// per DPN; the last two of the bucket post wait for the next run.
	var capped []placement
	bucket := 0
	for _, p := range sendable {
		if p.post == "EMP0002001" {
			if bucket++; bucket > 40 {
				continue
			}
		}
		capped = append(capped, p)
	}
	apps := build("20110506", capped)
	g.write(file{deanery: "PEN", typ: "APP", seq: 2, created: "20110506180000", recs: apps})

	// APC 1, 6 May 19:00: answers APP 2 record by record.
	appName := "DE_PEN_APP_20110506_00000002.DAT"
	var apcs []rec
	newApplicant := 0
	for i, a := range apps {
		p := capped[i]
		n := i + 1
		switch {
		case p.trainee == fmt.Sprintf("EMP%07d", 200+bucketBadDOB):
			apcs = append(apcs, apc(appName, n, a, "FAIL", "ERROR", "MANDATORY_MISSING: dob is mandatory", "", "", ""))
		case p.trainee == fmt.Sprintf("EMP%07d", 200+bucketBadNI):
			apcs = append(apcs, apc(appName, n, a, "FAIL", "ERROR", "NI_INVALID: ukNino is not a valid NI number", "", "", ""))
		case p.trainee == "EMP0000103":
			apcs = append(apcs, apc(appName, n, a, "SUCCESS", "INFO", "OK: internal transfer", "", "301100103", "TRANSFER"))
		default:
			newApplicant++
			msgType, text := "INFO", "OK: applicant created"
			if p.trainee == fmt.Sprintf("EMP%07d", 200+bucketBadGMC) {
				msgType, text = "WARNING", "GMC_INVALID: registrationNumber is not a GMC number, not stored"
			}
			apcs = append(apcs, apc(appName, n, a, "SUCCESS", msgType, text,
				fmt.Sprintf("6002%04d", newApplicant), fmt.Sprintf("30150%04d", newApplicant), "NEW"))
		}
	}
	g.write(file{deanery: "PEN", typ: "APC", seq: 1, created: "20110506190000", recs: apcs})
}

// staff writes each deanery's quarter-end staff extract (STF), 30 June.
func (g *gen) staff() {
	r7h := func(dpn string) position { return positionByDPN(oxfPositions, dpn, "R7H") }
	oxf := []rec{
		sharma.stf(period{"301198400", "1", sharmaF2, "20100804", "20110802", "MF02", "1.00", "20110412101500"}),
		sharma.stf(period{"301234567", "1", r7h("OXF/R7H01/140/STR/004"), "20110803", "20120731", "MS01", "1.00", "20110615200000"}),
		hughes.stf(period{"301198876", "1", hughesST4, "20100804", "20110802", "MS04", "1.00", "20110520101000"}),
		okafor.stf(period{"301187654", "1", r7h("OXF/R7H01/140/STR/004"), "20100804", "20110802", "MS01", "1.00", "20110601093000"}),
		fournier.stf(fournierPeriod),
		ellis.stf(period{"300912345", "3", ellisPost, "20050301", "", "MC01", "1.00", "20110407120000"}),
	}
	g.write(file{deanery: "OXF", typ: "STF", seq: 6, created: "20110630230000", mode: "CHANGE", recs: oxf,
		faults: []fault{latin1(`"Fournier","Renée"`)}})

	pen := []rec{
		pascoe.stf(period{"301100101", "1", pascoePeriod.pos, "20100804", "20110802", "MS02", "1.00", "20110504091200"}),
		trevithick.stf(period{"301100102", "1", positionByDPN(penPositions, "PEN/RK901/110/HT/003", ""), "20100804", "20110802", "MS03", "1.00", "20110418110000"}),
		nwosu.stf(period{"301100103", "1", positionByDPN(penPositions, "PEN/RK902/010/FY1/006", ""), "20100804", "20110802", "MF01", "1.00", "20110509150000"}),
		rowe.stf(period{"301099999", "2", rowePost, "19990901", "", "MC01", "1.00", "20110502080000"}),
	}
	g.write(file{deanery: "PEN", typ: "STF", seq: 6, created: "20110630230000", mode: "CHANGE", recs: pen})
}

func appendLine(path, line string) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	must(err)
	_, err = fmt.Fprintln(f, line)
	must(err)
	must(f.Close())
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
