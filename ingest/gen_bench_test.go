package ingest_test

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"deanery/ingest/codes"
	"deanery/ingest/extract"
	"deanery/ingest/iface"
)

// The benchmark files are made by the package writers, so that they carry
// the exact encoding of section 6 and 7.10, from a fixed seed, with the
// variety of a real deanery's file: names with accents and apostrophes,
// addresses with commas, optional fields often null, several periods per
// person. Every value passes its rule, so that the loader and DuckDB's
// read_csv load the same rows.

const (
	benchSTFName        = "DE_OXF_STF_20130630_00000001.DAT"
	benchPlacementsName = "INTREPID_OXF_PLACEMENTS_2013Q2.csv"
)

var (
	benchSurnames = []string{"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson",
		"Thomas", "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
		"Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner",
		"Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison",
		"O'Brien", "O'Connor", "Müller", "Nuñez", "Shah", "Khan", "Ahmed", "Singh", "Chen", "Wang",
		"Okafor", "Adeyemi", "Sharma", "Kumar", "Begum", "Ali", "Hussain", "Smith-Jones", "Fitzgerald",
		"MacDonald", "Kowalski", "Nowak", "Ionescu", "Papadopoulos", "Rossi", "García", "Ó Súilleabháin"}
	benchForenames = []string{"Oliver", "Jack", "Harry", "George", "Charlie", "Thomas", "James", "William",
		"Daniel", "Samuel", "Joseph", "Mohammed", "Amelia", "Olivia", "Emily", "Isla", "Ava", "Jessica",
		"Sophie", "Grace", "Lily", "Chloe", "Priya", "Aisha", "Fatima", "Chidi", "Ngozi", "Wei", "Mei",
		"Tomás", "Zoë", "Anna", "Katarzyna", "Ioana", "Giulia", "Sean", "Siobhán", "Rhys", "Cerys",
		"Hannah", "Rebecca", "Rachel", "Matthew", "Andrew", "Jean-Luc", "Mary Anne"}
	benchMiddle  = []string{"James", "Elizabeth", "Anne", "John", "Marie", "Louise", "David", "Kumar", "Rose", "Alexander"}
	benchTitles  = []string{"Dr.", "Dr.", "Dr.", "Dr.", "Dr.", "Dr.", "Dr.", "Mr.", "Mrs.", "Ms.", "Miss", "Prof."}
	benchStreets = []string{"Chapel Row", "High Street", "Church Lane", "Station Road", "Banbury Road",
		"Woodstock Road", "London Road", "Cowley Road", "Iffley Road", "Mill Lane", "The Green", "Park Avenue"}
	benchLocality = []string{"Headington", "Jericho", "Summertown", "Cowley", "Botley", "Marston", "Kidlington",
		"Caversham", "Tilehurst", "Earley", "Wolverton", "Bletchley"}
	benchTowns = []string{"Oxford", "Reading", "Banbury", "Milton Keynes", "High Wycombe", "Aylesbury",
		"Slough", "Witney", "Abingdon", "Bicester", "Newbury", "Wokingham"}
	benchAreas    = codesAreas("OXF")
	benchVPDs     = []string{"057", "096", "123", "214", "310", "405"}
	benchSites    = []string{"RTH05", "RTH08", "RHW01", "RXQ02", "RXQ50", "RN3", "RWX", "RNU", "RD816", "RYE"}
	benchGrades   = codes.Grades()
	benchSpecs    = codes.Specialties()
	benchWTEs     = []string{"1.00", "1.00", "1.00", "1.00", "1.00", "1.00", "1.00", "0.80", "0.60", "0.50"}
	benchEndWhy   = []string{"ROTATION", "ROTATION", "ROTATION", "TRANSFER", "COMPLETED"}
	benchNIFirst  = "ABCEHJKLMPRSWY"
	benchNISecond = "ABCEHJLMPRSWXY"
	benchInward   = "ABDEFGHJLNPQRSTUWXYZ"
)

func codesAreas(deanery string) []string {
	d, ok := codes.DeaneryByCode(deanery)
	if !ok {
		panic("unknown deanery " + deanery)
	}
	return d.Areas
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

var benchFold = strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ü", "u", "ñ", "n", "ë", "e", "Ó", "o")

// emailPart keeps the letters a-z of a name, lower-cased, accents dropped.
func emailPart(s string) string {
	var b strings.Builder
	for _, c := range benchFold.Replace(strings.ToLower(s)) {
		if c >= 'a' && c <= 'z' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// writeSTF writes a FULL STF file of rows records: people with one to four
// assignment periods each, the latest period live, earlier ones ended by
// rotation.
func writeSTF(w io.Writer, rows int) error {
	r := rand.New(rand.NewPCG(2013, 630))
	name, err := iface.ParseName(benchSTFName)
	if err != nil {
		return err
	}
	fw := iface.NewWriter(w, name, iface.Header{CreatedAt: time.Date(2013, 6, 30, 22, 0, 0, 0, time.UTC), Mode: "FULL"})
	l, _ := iface.Layout("STF")
	idx := func(f string) int {
		i := l.Index(f)
		if i < 0 {
			panic("STF has no field " + f)
		}
		return i
	}
	var (
		fPerson, fLast, fFirst, fMiddle, fPrev = idx("esrPersonNumber"), idx("lastName"), idx("firstName"), idx("middleNames"), idx("previousLastName")
		fTitle, fGender, fDOB, fNINO, fGMC     = idx("title"), idx("gender"), idx("dob"), idx("niNumber"), idx("gmcNumber")
		fAddr1, fAddr2, fAddr3, fTown, fPCode  = idx("address1"), idx("address2"), idx("address3"), idx("town"), idx("postcode")
		fEmail, fAsg, fPeriod, fPosID, fPosNo  = idx("emailAddress"), idx("assignmentId"), idx("periodSeq"), idx("positionId"), idx("positionNumber")
		fDPN, fVPD, fHostLead, fStaff, fPay    = idx("deaneryNumber"), idx("employingOrgVPDCode"), idx("hostLeadIndicator"), idx("staffGroup"), idx("gradePayscale")
		fSpec, fStart, fProjEnd, fEnd, fStatus = idx("specialtyCode"), idx("startDate"), idx("projectedEndDate"), idx("endDate"), idx("assignmentStatus")
		fEndWhy, fWTE, fUpdated                = idx("endReason"), idx("wte"), idx("lastUpdated")
	)
	extractDay := time.Date(2013, 6, 30, 0, 0, 0, 0, time.UTC)
	vals := make([]string, len(l.Fields))
	vals[0] = "STF"
	written := 0
	for person := 0; written < rows; person++ {
		clear(vals[1:])
		// Person fields: the same on each of the person's periods.
		first, last := pick(r, benchForenames), pick(r, benchSurnames)
		vals[fPerson] = strconv.Itoa(10000000 + person*3 + r.IntN(3))
		vals[fLast], vals[fFirst] = last, first
		if chance(r, 0.4) {
			vals[fMiddle] = pick(r, benchMiddle)
		}
		if chance(r, 0.08) {
			vals[fPrev] = pick(r, benchSurnames)
		}
		vals[fTitle] = pick(r, benchTitles)
		vals[fGender] = pick(r, []string{"M", "F"})
		if chance(r, 0.01) {
			vals[fGender] = "U"
		}
		vals[fDOB] = time.Date(1955+r.IntN(38), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC).Format("20060102")
		if chance(r, 0.95) {
			vals[fNINO] = fmt.Sprintf("%c%c%06d%c", benchNIFirst[r.IntN(len(benchNIFirst))],
				benchNISecond[r.IntN(len(benchNISecond))], person%1000000, "ABCD"[r.IntN(4)])
		}
		if chance(r, 0.97) {
			vals[fGMC] = strconv.Itoa(2000000 + person%8000000)
		}
		n := 1 + r.IntN(180)
		if chance(r, 0.12) {
			vals[fAddr1] = fmt.Sprintf("Flat %d, %d %s", 1+r.IntN(12), n, pick(r, benchStreets))
		} else {
			vals[fAddr1] = fmt.Sprintf("%d %s", n, pick(r, benchStreets))
		}
		if chance(r, 0.6) {
			vals[fAddr2] = pick(r, benchLocality)
		}
		if chance(r, 0.15) {
			vals[fAddr3] = "Oxfordshire"
		}
		vals[fTown] = pick(r, benchTowns)
		vals[fPCode] = fmt.Sprintf("%s%d %d%c%c", pick(r, benchAreas), 1+r.IntN(20), r.IntN(10),
			benchInward[r.IntN(len(benchInward))], benchInward[r.IntN(len(benchInward))])
		if chance(r, 0.9) {
			domain := "nhsmail.example"
			if chance(r, 0.3) {
				domain = "example.com"
			}
			vals[fEmail] = fmt.Sprintf("%s.%s%d@%s", emailPart(first), emailPart(last), person%100, domain)
		}
		vals[fAsg] = strconv.Itoa(300000000 + person)
		vals[fVPD] = pick(r, benchVPDs)
		vals[fStaff] = "Medical and Dental"
		trainee := chance(r, 0.75)
		periods := 1 + r.IntN(4)
		start := extractDay.AddDate(0, -6*periods+r.IntN(3), 0)
		for p := 1; p <= periods && written < rows; p++ {
			months := 6
			if chance(r, 0.3) {
				months = 12
			}
			end := start.AddDate(0, months, -1)
			vals[fPeriod] = strconv.Itoa(p)
			vals[fPosID] = strconv.Itoa(1000000 + r.IntN(9000000))
			vals[fPosNo] = strconv.Itoa(10000000 + r.IntN(90000000))
			vals[fHostLead] = ""
			if chance(r, 0.5) {
				vals[fHostLead] = pick(r, []string{"Lead Employer", "Host Employer"})
			}
			spec := pick(r, benchSpecs).Code
			vals[fSpec] = spec
			if trainee {
				g := pick(r, benchGrades)
				vals[fPay] = g.PayScale
				vals[fDPN] = fmt.Sprintf("OXF/%s/%s/%s/%03d", pick(r, benchSites), spec, g.DPNPart, 1+r.IntN(40))
			} else {
				vals[fPay] = pick(r, []string{"MC01", "MH01", "MT01"})
				vals[fDPN] = ""
			}
			vals[fStart] = start.Format("20060102")
			vals[fProjEnd] = end.Format("20060102")
			vals[fEnd], vals[fEndWhy] = "", ""
			vals[fStatus] = "ACTIVE"
			if p < periods {
				vals[fEnd], vals[fEndWhy], vals[fStatus] = vals[fProjEnd], pick(r, benchEndWhy), "ENDED"
			}
			if chance(r, 0.9) {
				vals[fWTE] = pick(r, benchWTEs)
			} else {
				vals[fWTE] = ""
			}
			updated := start.AddDate(0, 0, -r.IntN(60)).Add(time.Duration(r.IntN(86400)) * time.Second)
			if updated.After(extractDay) {
				updated = extractDay.Add(time.Duration(r.IntN(79200)) * time.Second)
			}
			vals[fUpdated] = updated.Format("20060102150405")
			if _, err := fw.Write("STF", vals); err != nil {
				return err
			}
			written++
			start = end.AddDate(0, 0, 1)
		}
	}
	return fw.Close()
}

// writePlacements writes an Intrepid change-log extract of placements for
// 2013Q2: rows versions in modified_at order, some placements saved as a
// draft and approved later in the quarter.
func writePlacements(w io.Writer, rows int) error {
	r := rand.New(rand.NewPCG(2013, 2))
	p, ok := extract.ProfileByName("intrepid")
	if !ok {
		return fmt.Errorf("no intrepid profile")
	}
	fi, ok := p.ParseName(benchPlacementsName)
	if !ok {
		return fmt.Errorf("%s is not an intrepid name", benchPlacementsName)
	}
	ew := extract.NewWriter(p, fi.Entity, w)
	cols := extract.Columns(fi.Entity)
	idx := func(name string) int {
		i := extract.ColumnIndex(fi.Entity, name)
		if i < 0 {
			panic("placement has no column " + name)
		}
		return i
	}
	var (
		cID, cTrainee, cPost, cSite, cGrade = idx("placement_id"), idx("trainee_id"), idx("post_id"), idx("site_code"), idx("grade")
		cSpec, cStart, cEnd, cWTE, cType    = idx("specialty_code"), idx("start_date"), idx("end_date"), idx("wte"), idx("placement_type")
		cState, cCreated, cModified, cGone  = idx("lifecycle_state"), idx("created_at"), idx("modified_at"), idx("withdrawn")
	)
	types := []struct {
		code string
		per  int // per thousand
	}{{"IN_POST", 930}, {"IN_POST_ACTING_UP", 5}, {"IN_POST_EXTENSION", 15}, {"PARENTAL_LEAVE", 25},
		{"LONG_TERM_SICK", 5}, {"SUSPENDED", 1}, {"PHASED_RETURN", 4}, {"OOPC", 4}, {"OOPE", 4}, {"OOPR", 4}, {"OOPT", 3}}
	placementType := func() string {
		n := r.IntN(1000)
		for _, t := range types {
			if n < t.per {
				return t.code
			}
			n -= t.per
		}
		return "IN_POST"
	}
	grades := []string{"F1", "F2", "CT1", "CT2", "CT3", "ST1", "ST2", "ST3", "ST4", "ST5", "ST6", "ST7", "ST8", "GPST1", "GPST2", "GPST3"}
	quarter := time.Date(2013, 4, 1, 0, 0, 0, 0, time.UTC)
	span := time.Date(2013, 7, 1, 0, 0, 0, 0, time.UTC).Sub(quarter)
	step := span / time.Duration(rows+1)
	drafts := make([][]string, 0, 256) // drafts waiting for their approval
	next := 0
	var last time.Time
	for i := 0; i < rows; i++ {
		// Strictly later than the row before, so that the (modified_at,
		// id) order holds when an older draft is approved.
		modified := quarter.Add(step*time.Duration(i) + time.Duration(r.Int64N(int64(step)+1))).Truncate(time.Second)
		if !modified.After(last) {
			modified = last.Add(time.Second)
		}
		last = modified
		var vals []string
		if len(drafts) > 0 && chance(r, 0.1) {
			// A draft saved earlier in the quarter, now approved.
			k := r.IntN(len(drafts))
			vals = drafts[k]
			drafts[k] = drafts[len(drafts)-1]
			drafts = drafts[:len(drafts)-1]
			vals[cState] = "APPROVED"
		} else {
			next++
			vals = make([]string, len(cols))
			vals[cID] = fmt.Sprintf("%09d", 100000+next)
			vals[cTrainee] = fmt.Sprintf("%09d", 200000+r.IntN(rows/2+10))
			vals[cPost] = fmt.Sprintf("%09d", 500000+r.IntN(rows/4+10))
			vals[cSite] = pick(r, benchSites)
			vals[cGrade] = pick(r, grades)
			vals[cSpec] = pick(r, benchSpecs).Code
			start := time.Date(2013, pick(r, []time.Month{8, 8, 8, 10, 12, 2}), pick(r, []int{1, 7}), 0, 0, 0, 0, time.UTC)
			vals[cStart] = start.Format("2006-01-02")
			if chance(r, 0.97) {
				vals[cEnd] = start.AddDate(0, pick(r, []int{4, 6, 6, 12}), -1).Format("2006-01-02")
			}
			if chance(r, 0.98) {
				vals[cWTE] = pick(r, benchWTEs)
			}
			vals[cType] = placementType()
			vals[cState] = "APPROVED"
			vals[cCreated] = modified.Add(-time.Duration(r.IntN(3600)) * time.Second).Format("2006-01-02 15:04:05")
			vals[cGone] = "false"
			if chance(r, 0.02) {
				vals[cGone] = "true"
			}
			if chance(r, 0.15) && len(drafts) < cap(drafts) {
				vals[cState] = "DRAFT"
				drafts = append(drafts, vals)
			}
		}
		vals[cModified] = modified.Format("2006-01-02 15:04:05")
		if _, err := ew.Write(vals); err != nil {
			return err
		}
	}
	return ew.Close()
}
