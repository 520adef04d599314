package sim

import "deanery/ingest/codes"

// World is the whole synthetic world: reference data, humans, the deanery
// records (trainees, posts, placements) with their histories, and the
// faults injected. Entities refer to each other by index into these
// slices; index order is id order (ids are assigned by creation time).
type World struct {
	Settings Settings
	// PlanEnd is the last start date planned: 13 weeks after Settings.To.
	PlanEnd Date

	Deaneries  []Deanery
	Trusts     []Trust
	Sites      []Site
	Humans     []Human
	Trainees   []Trainee
	Posts      []Post
	Placements []Placement
	Faults     []Fault

	// Hooks let a simulation of the other side (ESR) run in step with the
	// deanery side; see Hooks.
	Hooks Hooks
	// esr is the ESR simulation run beside the world, if any: the truth
	// tables of its side are written with the others.
	esr *ESR

	grades   []codes.Grade
	specs    []codes.Specialty
	ptypes   []codes.PlacementType
	ptypeW   []float64
	gradeIdx map[string]uint8
	specIdx  map[string]uint8
	ids      *identities
	ntn      map[[2]int]int // (deanery, specialty) → last NTN counter
	st       *siteTables
	forced   map[string]bool
	spans    []liveSpan // per trainee, made on first use (traineeLive)
}

// Trainee is a deanery trainee record: one human in one deanery. Rows are
// its versions as the deanery system holds them, in time order; the first
// is the record's creation.
type Trainee struct {
	ID      int32 // numeric id, written per the deanery system's id format
	Human   int32
	Deanery int
	Rows    []TraineeRow
	// FirstStart is the start of the record's first placement.
	FirstStart Date
	key        uint64
}

// TraineeRow is one version of a trainee record, in canonical text.
type TraineeRow struct {
	At                                     Timestamp
	Title, Forenames, Surname, PrevSurname string
	DOB                                    string
	Gender, NI, GMC, NTN, Email            string
	Mobile, Home                           string
	Addr1, Addr2, Addr3, Town, Postcode    string
	Country, Nationality                   string
	Deleted                                bool
	// Faults names the fault rows behind the values of this version, by
	// field (only fields whose value comes from a fault).
	Faults map[string]int32
}

// Created is the record's creation time.
func (t *Trainee) Created() Timestamp { return t.Rows[0].At }

// Post is a training post. A post never changes its DPN: when anything in
// it changes it is retired (INACTIVE) and a new post made.
type Post struct {
	ID        int32
	Deanery   int
	Site      int32
	Lead      int32   // lead employer trust
	Hosts     []int32 // host employer trusts
	Specialty uint8
	Grade     uint8 // approved grade
	Suffix    string
	DPN       string
	Created   Timestamp
	Retired   Timestamp // 0: still CURRENT
	Bucket    bool
	busyUntil Date
	key       uint64
}

// Placement is one placement of a trainee in a post. Start and End are the
// dates as approved; a DATE_CHANGE sets NewStart/NewEnd from Changed on.
type Placement struct {
	ID        int32
	Trainee   int32
	Post      int32
	Site      int32
	Grade     uint8
	Specialty uint8
	Type      uint8
	WTE       uint8 // hundredths
	Start     Date
	End       Date
	Created   Timestamp
	Approved  Timestamp
	Withdrawn Timestamp // 0: never
	Changed   Timestamp // 0: dates never changed
	NewStart  Date
	NewEnd    Date
	// DateChange describes a pending DATE_CHANGE: the change to make once
	// allowed (see Hooks.DateChangeReady).
	DateChange *DateChange
	human      int32
	key        uint64
	kind       uint8
	rotSpec    uint8
	deanery    uint8
	bucket     int8 // index of the bucket event, -1 none
}

// DateChange is a planned DATE_CHANGE fault.
type DateChange struct {
	Earliest, Latest Date // the window in which it may happen
	StartShift       int  // days the start moves (later)
	EndShift         int  // days the end moves (negative: earlier)
	Fault            int32
}

// Dates returns the placement's dates as held at t.
func (p *Placement) Dates(t Timestamp) (start, end Date) {
	if p.Changed != 0 && p.Changed <= t {
		return p.NewStart, p.NewEnd
	}
	return p.Start, p.End
}

// dateBounds bound the dates a placement may hold at any time: its start
// lies in [minStart, maxStart], its end is at most maxEnd.
type dateBounds struct{ minStart, maxStart, maxEnd Date }

// boundsOf returns the bounds of p's dates: as approved, as changed, or
// as a pending DATE_CHANGE would make them. Call it once the world is
// built; it holds while the world runs.
func boundsOf(p *Placement) dateBounds {
	b := dateBounds{p.Start, p.Start, p.End}
	if dc := p.DateChange; dc != nil {
		s, e := p.Start+Date(dc.StartShift), p.End+Date(dc.EndShift)
		b = dateBounds{min(b.minStart, s), max(b.maxStart, s), max(b.maxEnd, e)}
	}
	if p.Changed != 0 {
		b = dateBounds{min(b.minStart, p.NewStart), max(b.maxStart, p.NewStart), max(b.maxEnd, p.NewEnd)}
	}
	return b
}

// FinalDates returns the placement's last dates.
func (p *Placement) FinalDates() (Date, Date) {
	if p.Changed != 0 {
		return p.NewStart, p.NewEnd
	}
	return p.Start, p.End
}

// Fault is one injected fault: a row of the truth table fault.
type Fault struct {
	ID            int32
	Kind          string
	Side          string
	EntityType    string // TRAINEE, PLACEMENT, POST
	Entity        int32  // index of the entity
	Field         string
	TrueValue     string
	RecordedValue string
	At            Timestamp
	Detail        string
	// EntityID, when set, is the entity_id written (for entities this
	// side does not know, such as ESR positions).
	EntityID string
	// File and Line locate the record that carries the fault, when known.
	File string
	Line int
}

// Hooks are called by the day loop. The ESR simulation plugs in here: it
// sees the deanery state as of each day (Trainee rows and placement
// versions with times up to then) and may steer the deanery events that
// depend on what ESR did.
type Hooks struct {
	// Day is called once per day of the world, after the deanery events of
	// that day have been decided.
	Day func(w *World, d Date) error
	// DateChangeReady reports whether a planned DATE_CHANGE of placement p
	// may happen on day d (domain 10.4: after its APP was loaded). Nil:
	// any day in the window.
	DateChangeReady func(w *World, p int32, d Date) bool
}

func (w *World) grade(i uint8) *codes.Grade         { return &w.grades[i] }
func (w *World) spec(i uint8) *codes.Specialty      { return &w.specs[i] }
func (w *World) ptype(i uint8) *codes.PlacementType { return &w.ptypes[i] }
