package sim

import (
	"time"

	"deanery/ingest/codes"
)

// Post kinds of a stint: where its post is and who employs.
const (
	kindFoundation uint8 = iota
	kindSpecialty
	kindGPHospital // GP trainee in a hospital post: lead = GP lead employer, host = the hospital's trust
	kindGPPractice // GPST3 in a training practice of the GP lead employer
)

// stint is one planned placement of a career.
type stint struct {
	rec     uint8 // index into humanPlan.recDeanery
	grade   uint8
	spec    uint8
	rotSpec uint8 // the hospital specialty that picks the site of a GP hospital post
	kind    uint8
	ptype   uint8
	wte     uint8
	start   Date
	end     Date
}

// humanPlan is a planned career: the deanery of each trainee record the
// human will have, and the placements in time order.
type humanPlan struct {
	key        uint64
	entry      Date
	img        bool
	minAge     float64
	maxAge     float64
	recDeanery []int
	stints     []stint
}

// careerParams are the career rules of domain 10.3, with the calibration
// knobs.
type careerParams struct {
	gp, core, runThrough, leave float64 // after F2
	returnShare                 float64 // of leavers, coming back 1–2 years later
	changeAtEntry, changeLater  float64 // deanery changes (new trainee record)
	attrition                   float64 // specialty trainees leaving training, a year
	ltft                        float64 // share working less than full time
	coreToHigher                float64 // core trainees going on to higher training
	higherYears                 int     // ST3 onwards
	runThroughYears             int     // ST1 onwards
	longHigher                  float64 // share of higher programmes a year longer (ST3–ST8)
	repeat                      float64 // a specialty year repeated (ARCP outcome 3)
	twoYear                     float64 // higher-training (ST3+) placements covering two training years in one post
	longRunThrough              float64 // share of run-through programmes to ST8
	directGP, directCore        float64 // direct entrants' grades; the rest ST1
}

var defaultCareer = careerParams{
	gp: 0.45, core: 0.35, runThrough: 0.10, leave: 0.10,
	returnShare: 0.30, changeAtEntry: 0.25, changeLater: 0.006,
	attrition: 0.02, ltft: 0.10, coreToHigher: 0.70,
	higherYears: 5, runThroughYears: 6, longHigher: 0.7, repeat: 0.08,
	twoYear: 0.9, longRunThrough: 0.5,
	directGP: 0.4, directCore: 0.35,
}

// Specialty mixes by training stage (codes of domain 2.4).
var (
	foundationSpecs = map[string]float64{"010": 25, "020": 5, "030": 3, "050": 3, "060": 10, "070": 10, "080": 4, "100": 15, "110": 5, "130": 5, "140": 7, "150": 8}
	gpRotationSpecs = map[string]float64{"010": 20, "060": 20, "070": 20, "130": 10, "140": 15, "150": 15}
	coreFamilies    = []struct {
		core   string
		weight float64
		higher map[string]float64
	}{
		{"010", 45, map[string]float64{"010": 15, "020": 15, "030": 20, "040": 15, "050": 15, "060": 20}},
		{"100", 25, map[string]float64{"100": 40, "110": 30, "120": 15, "190": 5, "200": 10}},
		{"080", 12, map[string]float64{"080": 80, "090": 20}},
		{"150", 12, map[string]float64{"150": 75, "160": 25}},
		{"070", 6, map[string]float64{"070": 100}},
	}
	runThroughSpecs = map[string]float64{"140": 35, "130": 25, "170": 20, "180": 10, "190": 10}
)

// typeCredit is how much of a placement counts towards progression, in
// percent, by placement type: time out and extensions do not count.
var typeCredit = map[string]int{
	codes.InPost: 100, codes.InPostActingUp: 100, codes.InPostExtension: 0,
	codes.ParentalLeave: 0, codes.LongTermSick: 0, codes.Suspended: 0, codes.PhasedReturn: 50,
	codes.OOPC: 0, codes.OOPE: 0, codes.OOPR: 0, codes.OOPT: 100,
}

// slot is a nominal changeover: the first Wednesday of a month.
type slot struct {
	y int
	m time.Month
}

func (s slot) add(months int) slot {
	n := s.y*12 + int(s.m) - 1 + months
	return slot{n / 12, time.Month(n%12 + 1)}
}

func (s slot) date() Date { return firstWednesday(s.y, s.m) }

// planner builds one career with its own generator.
type planner struct {
	w      *World
	cp     *careerParams
	r      rng
	p      humanPlan
	cur    slot
	rec    uint8
	wte    uint8
	credit []int // credit units by placement type index
	carry  int   // credit beyond the last grade's year, carried to the next
}

// pickSpec draws a specialty index from a weighted map, in code order so
// that map iteration never decides.
func (pl *planner) pickSpec(m map[string]float64) uint8 {
	var ws [32]float64
	var idx [32]uint8
	n := 0
	for i, s := range pl.w.specs {
		if v, ok := m[s.Code]; ok {
			ws[n], idx[n] = v, uint8(i)
			n++
		}
	}
	return idx[pl.r.pick(ws[:n])]
}

// emit adds a placement at the current slot and moves the slot on.
func (pl *planner) emit(grade, spec, rotSpec, kind uint8, months int) int {
	start := pl.cur.date()
	if kind != kindFoundation && pl.r.chance(0.10) {
		k := pl.r.between(1, 6)
		if pl.r.chance(0.5) {
			k = -k
		}
		start += Date(7 * k)
	}
	n := len(pl.p.stints)
	if n > 0 {
		prev := &pl.p.stints[n-1]
		if prev.end == pl.cur.date()-1 { // contiguous: the previous ends the day before
			if start-1 <= prev.start+28 {
				start = pl.cur.date()
			}
			prev.end = start - 1
		}
	}
	pt := uint8(pl.r.pick(pl.w.ptypeW))
	wte := pl.wte
	if kind == kindFoundation {
		wte = 100
	}
	if wte < 100 {
		// Less than full time: the post runs longer, to the next changeover.
		months = (months*100/int(wte) + 3) / 6 * 6
	}
	if kind == kindSpecialty && months == 12 && pl.r.chance(pl.cp.twoYear) {
		months = 24
	}
	pl.cur = pl.cur.add(months)
	pl.p.stints = append(pl.p.stints, stint{
		rec: pl.rec, grade: grade, spec: spec, rotSpec: rotSpec, kind: kind,
		ptype: pt, wte: wte, start: start, end: pl.cur.date() - 1,
	})
	return months * int(wte) * pl.credit[pt] / 100
}

// runGrade places the trainee at one grade until a training year is
// credited; it reports false when the trainee leaves training.
func (pl *planner) runGrade(grade, kind uint8, months int, spec func() (uint8, uint8), specialty bool) bool {
	credit := pl.carry
	defer func() { pl.carry = max(0, credit-1200) }()
	for n := 0; credit < 1200 && n < 12; n++ {
		s, rot := spec()
		credit += pl.emit(grade, s, rot, kind, months)
		if specialty {
			if pl.r.chance(pl.cp.attrition * float64(months) / 12) {
				return false
			}
			if pl.r.chance(pl.cp.changeLater * float64(months) / 12) {
				pl.newRecord()
			}
		}
	}
	if specialty && pl.r.chance(pl.cp.repeat) {
		s, rot := spec()
		pl.emit(grade, s, rot, kind, months)
	}
	return true
}

// newRecord moves the trainee to another deanery: a new trainee record.
func (pl *planner) newRecord() {
	cur := pl.p.recDeanery[pl.rec]
	ws := make([]float64, len(pl.w.Deaneries))
	for i, d := range pl.w.Deaneries {
		if i != cur {
			ws[i] = d.Share
		}
	}
	pl.p.recDeanery = append(pl.p.recDeanery, pl.r.pick(ws))
	pl.rec = uint8(len(pl.p.recDeanery) - 1)
}

func (w *World) gradeOf(code string) uint8 { return w.gradeIdx[code] }

// foundation runs F1 and F2 in 4-month rotations.
func (pl *planner) foundation() {
	for _, g := range []string{"F1", "F2"} {
		gi := pl.w.gradeOf(g)
		pl.runGrade(gi, kindFoundation, 4, func() (uint8, uint8) { s := pl.pickSpec(foundationSpecs); return s, s }, false)
	}
}

// specialtyTraining runs one programme from its first grade; path is
// "GP", "CORE", "CORE_ONLY" (direct entrant at CT1 is the same as CORE) or
// "RT".
func (pl *planner) specialtyTraining(path string) {
	cp := pl.cp
	pl.wte = 100
	pl.carry = 0
	if pl.r.chance(cp.ltft) {
		pl.wte = uint8(60 + 5*pl.r.intn(5))
	}
	gpSpec := pl.w.specIdx[codes.GeneralPractice]
	switch path {
	case "GP":
		for _, g := range []string{"GPST1", "GPST2"} {
			if !pl.runGrade(pl.w.gradeOf(g), kindGPHospital, 6, func() (uint8, uint8) { return gpSpec, pl.pickSpec(gpRotationSpecs) }, true) {
				return
			}
		}
		pl.runGrade(pl.w.gradeOf("GPST3"), kindGPPractice, 12, func() (uint8, uint8) { return gpSpec, gpSpec }, true)
	case "CORE":
		ws := make([]float64, len(coreFamilies))
		for i, f := range coreFamilies {
			ws[i] = f.weight
		}
		fam := coreFamilies[pl.r.pick(ws)]
		core := pl.w.specIdx[fam.core]
		for _, g := range []string{"CT1", "CT2"} {
			if !pl.runGrade(pl.w.gradeOf(g), kindSpecialty, 12, func() (uint8, uint8) { return core, core }, true) {
				return
			}
		}
		if !pl.r.chance(cp.coreToHigher) {
			return
		}
		higher := pl.pickSpec(fam.higher)
		years := cp.higherYears
		if pl.r.chance(cp.longHigher) {
			years++
		}
		for y := 3; y < 3+years && y <= 8; y++ {
			if !pl.runGrade(pl.w.gradeOf("ST"+string(rune('0'+y))), kindSpecialty, 12, func() (uint8, uint8) { return higher, higher }, true) {
				return
			}
		}
	case "RT":
		s := pl.pickSpec(runThroughSpecs)
		years := cp.runThroughYears
		if pl.r.chance(cp.longRunThrough) {
			years = 8
		}
		for y := 1; y <= years && y <= 8; y++ {
			if !pl.runGrade(pl.w.gradeOf("ST"+string(rune('0'+y))), kindSpecialty, 12, func() (uint8, uint8) { return s, s }, true) {
				return
			}
		}
	}
}

// afterFoundation decides the path after F2 (domain 10.3).
func (pl *planner) afterFoundation() {
	cp := pl.cp
	paths := []string{"GP", "CORE", "RT", "LEAVE"}
	i := pl.r.pick([]float64{cp.gp, cp.core, cp.runThrough, cp.leave})
	if paths[i] == "LEAVE" {
		if !pl.r.chance(cp.returnShare) {
			return
		}
		pl.cur = pl.cur.add(12 * pl.r.between(1, 2))
		i = pl.r.pick([]float64{cp.gp, cp.core, cp.runThrough})
	}
	if pl.r.chance(cp.changeAtEntry) {
		pl.newRecord()
	}
	pl.specialtyTraining(paths[i])
}

// planCareer plans the career of one entrant: an F1 entrant starting in
// August of year y, or a direct entrant at CT1, ST1 or GPST1.
func (w *World) planCareer(key uint64, y int, direct bool, deanery int) humanPlan {
	pl := &planner{w: w, cp: &defaultCareer, r: newRNG(w.Settings.Seed, drawCareer, key), wte: 100, credit: w.typeCredits()}
	pl.p = humanPlan{key: key, recDeanery: []int{deanery}}
	pl.cur = slot{y, time.August}
	if !direct {
		pl.p.minAge, pl.p.maxAge = 22.5, 31
		pl.p.img = pl.r.chance(0.06)
		pl.p.entry = pl.cur.date()
		pl.foundation()
		pl.afterFoundation()
		return pl.p
	}
	if pl.r.chance(0.3) {
		pl.cur = slot{y, time.February}
	}
	pl.p.entry = pl.cur.date()
	pl.p.minAge, pl.p.maxAge = 26, 40
	pl.p.img = pl.r.chance(0.6)
	switch i := pl.r.pick([]float64{pl.cp.directGP, pl.cp.directCore, 1 - pl.cp.directGP - pl.cp.directCore}); i {
	case 0:
		pl.specialtyTraining("GP")
	case 1:
		pl.specialtyTraining("CORE")
	default:
		pl.specialtyTraining("RT")
	}
	return pl.p
}

func (w *World) typeCredits() []int {
	out := make([]int, len(w.ptypes))
	for i, t := range w.ptypes {
		out[i] = typeCredit[t.Code]
	}
	return out
}
