package sim

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"deanery/ingest/ident"
)

// Draw kinds of ESR persons and assignments (see rng.go).
const (
	drawCheck    = "esr-check"     // check delay k per (placement, position)
	drawTrustChk = "esr-trust"     // trust checks at a hire
	drawKeying   = "esr-keying"    // keying errors at a manual hire
	drawEnding   = "esr-ending"    // LEAVER_NOT_ENDED
	drawOther    = "esr-other"     // non-trainee doctors
	drawAccent   = "esr-accent"    // accents dropped for a new person
	drawPersonCh = "esr-person-ch" // ESR-side person changes
)

// Person is an ESR person: one national record reused by IAT (domain 11).
type Person struct {
	Number                              string // 8 digits, 10000000–49999999
	Human                               int32  // true human, -1 for a doctor who never trained here
	Title, First, Middle, Surname, Prev string
	DOB                                 Date // 0: unknown
	Gender, NI, GMC                     string
	Email, Mobile, Home                 string
	Addr                                Address
	Created, Changed                    Timestamp
}

// Period is one assignment period (domain 4).
type Period struct {
	Seq       int
	Pos       int32 // index into ESR.Positions, -1 for a post without DPN
	PosID     int64
	PosNo     string
	DPN       string
	Start     Date
	ProjEnd   Date
	End       Date // 0: open
	EndReason string
	PayScale  string
	Spec      string
	WTE       uint8
	Placement int32 // -1: not a training placement
	Changed   Timestamp
	// Cancelled marks a future period of a live assignment that was
	// withdrawn (5.6, 5.11 "Withdrawal by hand"): ESR keeps it, CANCELLED
	// with end reason WITHDRAWN, and the assignment goes on in the period
	// before it. It keeps its number; a later period takes the next.
	Cancelled bool
}

// Assignment is an ESR assignment at one trust.
type Assignment struct {
	ID        int64
	Person    int32
	Trust     int32
	Role      string
	Cancelled bool
	Created   Timestamp
	Periods   []Period
	claimed   *claim // a pending transfer onto it
}

// open returns the assignment's open period: its latest one not
// cancelled (the first period is never cancelled alone: its withdrawal
// cancels the assignment).
func (a *Assignment) open() *Period {
	for k := len(a.Periods) - 1; k > 0; k-- {
		if !a.Periods[k].Cancelled {
			return &a.Periods[k]
		}
	}
	return &a.Periods[0]
}

// before returns the latest period before period seq that is not
// cancelled.
func (a *Assignment) before(seq int) *Period {
	for k := seq - 2; k > 0; k-- {
		if !a.Periods[k].Cancelled {
			return &a.Periods[k]
		}
	}
	return &a.Periods[0]
}

// Claim kinds.
const (
	claimNew      = "NEW"
	claimTransfer = "TRANSFER"
	claimManual   = "MANUAL"
)

// claim is what ESR holds for a (placement, position) pair between its
// acceptance and its start: a NEW applicant, a pending TRANSFER, or a
// future assignment period keyed by hand.
type claim struct {
	kind   string
	pair   pairKey
	trust  int32
	person int32
	asg    int32 // assignment index (transfer target, or once hired)
	asgID  int64
	appNo  string
	hireOn Date
	start  Date
	end    Date
	wte    uint8
	send   int  // index into ESR.Sends, -1 none
	hired  bool // NEW: applicant hired; TRANSFER: applied
	gone   bool // withdrawn, discarded or cancelled
	seq    int  // period seq made by the claim, once made
}

// people is ESR's person and assignment bookkeeping.
type people struct {
	persons  []Person
	asgs     []Assignment
	byNI     map[string][]int32 // NI → persons
	byGMC    map[string][]int32
	byHuman  map[int32][]int32
	asgByPsn [][]int32          // assignments by person (asgsOf)
	byDPN    map[string][]int32 // period DPN → assignments
	agenda   map[Date][]*claim  // hires, transfers and hand withdrawals due
	endings  map[Date][][2]int32
	claims   [][]*claim        // by placement
	loaded   map[[2]int32]Date // (placement, trust) → first APC SUCCESS day
	nextAsg  int64
	nextPos  int64
	// manual hire horizon: placements sorted by start, next to consider.
	byStart []int32
	horizon int
	waiting []manualItem
	humanPl [][]int32 // placements by human
	others  []otherPlan
	nextOth int
	stfLast []Timestamp // per deanery: previous STF time, 0 none
	// asgDean lists the assignments of each deanery's trusts, up to
	// asgSeen (see deaneryAssignments).
	asgDean [][]int32
	asgSeen int
	clByDPN map[string][]*claim
	events  map[Date][]personEvent
	upd     *updState // the Full Records update stream (esr_update.go)
}

type manualItem struct {
	pl   int32
	role int // 0 lead, i+1 host i
	m    Date
	pos  int32
}

func newPeople(e *ESR) *people {
	w := e.w
	ps := &people{byNI: map[string][]int32{}, byGMC: map[string][]int32{}, byHuman: map[int32][]int32{},
		byDPN: map[string][]int32{}, agenda: map[Date][]*claim{},
		endings: map[Date][][2]int32{}, claims: make([][]*claim, len(w.Placements)), loaded: map[[2]int32]Date{},
		nextAsg: 400000000, nextPos: 5000000, clByDPN: map[string][]*claim{}, stfLast: make([]Timestamp, len(w.Deaneries))}
	humans := 0
	for i := range w.Trainees {
		humans = max(humans, int(w.Trainees[i].Human)+1)
	}
	ps.humanPl = make([][]int32, humans)
	for i := range w.Placements {
		ps.byStart = append(ps.byStart, int32(i))
		h := w.Trainees[w.Placements[i].Trainee].Human
		ps.humanPl[h] = append(ps.humanPl[h], int32(i))
	}
	slices.SortStableFunc(ps.byStart, func(a, b int32) int { return int(w.Placements[a].Start - w.Placements[b].Start) })
	return ps
}

// asgsOf returns the assignments of person pi.
func (ps *people) asgsOf(pi int32) []int32 {
	if int(pi) < len(ps.asgByPsn) {
		return ps.asgByPsn[pi]
	}
	return nil
}

// personNumber formats the n-th ESR person number.
func personNumber(n int) string { return strconv.Itoa(10000000 + n) }

// newPerson adds a person and indexes it.
func (e *ESR) newPerson(p Person) int32 {
	ps := e.people
	p.Number = personNumber(len(ps.persons) + 1)
	i := int32(len(ps.persons))
	ps.persons = append(ps.persons, p)
	e.indexPerson(i)
	e.updPersonNew(i)
	e.planChanges(i)
	if p.Human >= 0 {
		if prev := ps.byHuman[p.Human]; len(prev) > 0 {
			e.fault(Fault{Kind: "DUPLICATE_ESR_PERSON", Side: "ESR", EntityType: "ESR_PERSON", EntityID: p.Number,
				Field: "esr_person_number", TrueValue: ps.persons[prev[0]].Number, RecordedValue: p.Number, At: p.Created,
				Detail: "a second ESR person for one human, from identifiers that matched no record"})
		}
		ps.byHuman[p.Human] = append(ps.byHuman[p.Human], i)
	}
	return i
}

func (e *ESR) indexPerson(i int32) {
	ps := e.people
	p := &ps.persons[i]
	if p.NI != "" && ident.Check(ident.NINO, p.NI).Valid && !slices.Contains(ps.byNI[p.NI], i) {
		ps.byNI[p.NI] = append(ps.byNI[p.NI], i)
	}
	if p.GMC != "" && ident.Check(ident.GMC, p.GMC).Valid && !slices.Contains(ps.byGMC[p.GMC], i) {
		ps.byGMC[p.GMC] = append(ps.byGMC[p.GMC], i)
	}
}

// resolve finds the ESR person for identifiers (5.4): same valid NI and
// birth date, else same valid GMC and birth date, else the same valid GMC
// held by exactly one person; -1 when none.
func (e *ESR) resolve(ni, gmc string, dob Date) int32 {
	ps := e.people
	if ni != "" && ident.Check(ident.NINO, ni).Valid {
		for _, i := range ps.byNI[ni] {
			if ps.persons[i].DOB == dob && dob != 0 {
				return i
			}
		}
	}
	if gmc != "" && ident.Check(ident.GMC, gmc).Valid {
		l := ps.byGMC[gmc]
		for _, i := range l {
			if ps.persons[i].DOB == dob && dob != 0 {
				return i
			}
		}
		if len(l) == 1 {
			return l[0]
		}
	}
	return -1
}

// fillEmpty is IAT: the person's empty fields take the incoming values.
func (e *ESR) fillEmpty(pi int32, in *Person, at Timestamp) {
	p := &e.people.persons[pi]
	changed := false
	set := func(dst *string, v string) {
		if *dst == "" && v != "" {
			*dst, changed = v, true
		}
	}
	set(&p.Title, in.Title)
	set(&p.First, in.First)
	set(&p.Middle, in.Middle)
	set(&p.Surname, in.Surname)
	set(&p.Prev, in.Prev)
	set(&p.Gender, in.Gender)
	set(&p.NI, in.NI)
	set(&p.GMC, in.GMC)
	set(&p.Email, in.Email)
	set(&p.Mobile, in.Mobile)
	set(&p.Home, in.Home)
	if p.DOB == 0 && in.DOB != 0 {
		p.DOB, changed = in.DOB, true
	}
	if p.Addr.Line1 == "" && p.Addr.Postcode == "" && (in.Addr.Line1 != "" || in.Addr.Postcode != "") {
		p.Addr, changed = in.Addr, true
	}
	if changed {
		p.Changed = at
		e.indexPerson(pi)
	}
}

// personFromAPP is the person an APP record carries (fields 2–33).
func personFromAPP(v []string, human int32, at Timestamp) Person {
	dob, _ := ParseDate(dashed(v[11]))
	return Person{Human: human, Title: v[6], First: v[7], Middle: v[8], Surname: v[9], Prev: v[10], DOB: dob,
		Gender: v[12], NI: v[13], GMC: v[16], Email: v[18], Home: v[19], Mobile: v[20],
		Addr:    Address{From: at, Line1: v[21], Line2: v[22], Line3: v[23], Town: v[24], Postcode: v[26], Country: v[27]},
		Created: at, Changed: at}
}

// dashed turns YYYYMMDD into YYYY-MM-DD.
func dashed(s string) string {
	if len(s) != 8 {
		return s
	}
	return s[:4] + "-" + s[4:6] + "-" + s[6:]
}

// dropAccents replaces Latin-1 accented letters by their plain letter.
func dropAccents(s string) string {
	var b strings.Builder
	for _, c := range s {
		f, ok := accentFold[unicode.ToLower(c)]
		switch {
		case !ok:
			b.WriteRune(c)
		case unicode.IsUpper(c):
			b.WriteString(strings.ToUpper(f[:1]) + f[1:])
		default:
			b.WriteString(f)
		}
	}
	return b.String()
}

// humanOf returns the human behind placement pi.
func (w *World) humanOf(pi int32) int32 { return w.Trainees[w.Placements[pi].Trainee].Human }

// acceptAPP is ESR's work on an APP record that passed validation (5.3,
// 5.4): person resolution, ALREADY_HIRED, then TRANSFER or NEW. It
// returns the applicant number ("" for a transfer), the assignment id,
// the application type, or fail = true for ALREADY_HIRED.
func (e *ESR) acceptAPP(di int, d Date, c appCand, sendIdx int) (appNo string, asgID int64, appType string, fail bool) {
	w := e.w
	ps := e.people
	v := c.vals
	at := d.At(19, 0, 0)
	pl := c.key.pl
	pos := e.positionByID(v[2], v[3])
	posIdx := int32(pos.ID - 2000001)
	start, _ := ParseDate(dashed(v[4]))
	end, _ := ParseDate(dashed(v[5]))
	dob, _ := ParseDate(dashed(v[11]))
	ni, gmc := v[13], v[16]
	pi := e.resolve(ni, gmc, dob)
	if pi >= 0 {
		for _, ai := range ps.asgsOf(pi) {
			a := &ps.asgs[ai]
			if a.Cancelled {
				continue
			}
			for _, p := range a.Periods {
				if !p.Cancelled && p.Pos == posIdx && p.Start == start {
					return "", 0, "", true
				}
			}
		}
	}
	in := personFromAPP(v, w.humanOf(pl), at)
	if !ident.Check(ident.GMC, in.GMC).Valid {
		in.GMC = "" // GMC_INVALID: not stored
	}
	if pi < 0 {
		r := newRNG(w.Settings.Seed, drawAccent, uint64(w.Placements[pl].ID), uint64(pos.ID))
		if r.chance(0.5) {
			in.First, in.Middle, in.Surname, in.Prev = dropAccents(in.First), dropAccents(in.Middle), dropAccents(in.Surname), dropAccents(in.Prev)
		}
		pi = e.newPerson(in)
	} else {
		e.fillEmpty(pi, &in, at)
		e.updPerson(pi, at, pos.Role == roleHost)
	}
	r := newRNG(w.Settings.Seed, drawCheck, uint64(w.Placements[pl].ID), uint64(pos.ID))
	k := r.between(5, 60)
	cl := &claim{pair: c.key, trust: pos.Trust, person: pi, asg: -1, start: start, end: end,
		wte: w.Placements[pl].WTE, send: sendIdx}
	if ai := e.transferTarget(pi, pos.Trust, d, start); ai >= 0 {
		a := &ps.asgs[ai]
		cl.kind, cl.asg, cl.asgID = claimTransfer, ai, a.ID
		a.claimed = cl
		ps.agenda[start] = append(ps.agenda[start], cl)
	} else {
		e.nextApplicant++
		cl.kind = claimNew
		cl.appNo = strconv.Itoa(60000000 + e.nextApplicant)
		cl.asgID = int64(300000000 + e.nextApplicant)
		cl.hireOn = min(start, max(start-Date(k), d+1))
		ps.agenda[cl.hireOn] = append(ps.agenda[cl.hireOn], cl)
	}
	if start-1 != cl.hireOn {
		ps.agenda[start-1] = append(ps.agenda[start-1], cl)
	}
	ps.claims[pl] = append(ps.claims[pl], cl)
	ps.clByDPN[pos.DPN] = append(ps.clByDPN[pos.DPN], cl)
	key := [2]int32{pl, pos.Trust}
	if _, ok := ps.loaded[key]; !ok {
		ps.loaded[key] = d
	}
	return cl.appNo, cl.asgID, cl.kind, false
}

// transferTarget is the transfer test of 5.3: a hired assignment of the
// person at the trust, not claimed by another pending transfer, whose open
// period is live on d and ends no earlier than start − 1.
func (e *ESR) transferTarget(pi, trust int32, d, start Date) int32 {
	ps := e.people
	for _, ai := range ps.asgsOf(pi) {
		a := &ps.asgs[ai]
		if a.Cancelled || a.Trust != trust || a.claimed != nil {
			continue
		}
		op := a.open()
		if op.Start <= d && (op.End == 0 || op.End >= d) && (op.End == 0 || op.End >= start-1) {
			return ai
		}
	}
	return -1
}

// newAssignment makes an assignment with its first period.
func (e *ESR) newAssignment(id int64, person, trust int32, role string, at Timestamp, p Period) int32 {
	ps := e.people
	if id == 0 {
		ps.nextAsg++
		id = ps.nextAsg
	}
	p.Seq, p.Changed = 1, at
	ai := int32(len(ps.asgs))
	ps.asgs = append(ps.asgs, Assignment{ID: id, Person: person, Trust: trust, Role: role, Created: at, Periods: []Period{p}})
	for int(person) >= len(ps.asgByPsn) {
		ps.asgByPsn = append(ps.asgByPsn, nil)
	}
	ps.asgByPsn[person] = append(ps.asgByPsn[person], ai)
	e.indexPeriod(ai, &p)
	e.updAssignment(ai, at)
	return ai
}

func (e *ESR) indexPeriod(ai int32, p *Period) {
	ps := e.people
	if p.DPN != "" && !slices.Contains(ps.byDPN[p.DPN], ai) {
		ps.byDPN[p.DPN] = append(ps.byDPN[p.DPN], ai)
	}
	if p.ProjEnd != 0 && p.Placement >= 0 {
		ps.endings[p.ProjEnd] = append(ps.endings[p.ProjEnd], [2]int32{ai, int32(p.Seq)})
	}
}

// trainingPeriod is the period a placement makes on a position.
func (e *ESR) trainingPeriod(pl int32, posIdx int32, start, end Date, wte uint8) Period {
	w := e.w
	pos := &e.Positions[posIdx]
	p := &w.Placements[pl]
	scale, _ := e.payScale(p.Grade)
	return Period{Pos: posIdx, PosID: pos.ID, PosNo: pos.Number, DPN: pos.DPN, Start: start, ProjEnd: end,
		PayScale: scale, Spec: w.spec(p.Specialty).Code, WTE: wte, Placement: pl}
}

// addPeriod opens a new period on assignment ai (a transfer): the open
// period closes on the new start − 1 with reason TRANSFER.
func (e *ESR) addPeriod(ai int32, p Period, at Timestamp) int {
	a := &e.people.asgs[ai]
	op := a.open()
	op.End, op.EndReason, op.Changed = p.Start-1, "TRANSFER", at
	p.Seq, p.Changed = len(a.Periods)+1, at
	a.Periods = append(a.Periods, p)
	e.indexPeriod(ai, &p)
	e.updAssignment(ai, at)
	return p.Seq
}

// personDay runs ESR's morning on d: hand withdrawals, manual hires at
// 09:00 and endings at 10:00.
func (e *ESR) personDay(d Date) {
	ps := e.people
	e.othersDay(d)
	for _, cl := range ps.agenda[d] {
		if cl.start-1 == d {
			e.handWithdraw(cl, d)
		}
	}
	e.manualHires(d)
	e.endings(d)
	e.changesDay(d)
	_ = ps
}

// eveningDay runs ESR's 20:00 on d: hires and transfers due.
func (e *ESR) eveningDay(d Date) {
	ps := e.people
	at := d.At(20, 0, 0)
	for _, cl := range ps.agenda[d] {
		if cl.gone || cl.hired {
			continue
		}
		switch {
		case cl.kind == claimNew && cl.hireOn == d:
			e.hire(cl, d, at)
		case cl.kind == claimTransfer && cl.start == d:
			e.transfer(cl, at)
		}
	}
	delete(ps.agenda, d)
}

// withdrawnAt reports whether the placement is withdrawn at t.
func (w *World) withdrawnAt(pl int32, t Timestamp) bool {
	p := &w.Placements[pl]
	return p.Withdrawn != 0 && p.Withdrawn <= t
}

// hire makes a NEW applicant an employee on its hire day (5.4) with the
// trust checks of 5.11.
func (e *ESR) hire(cl *claim, d Date, at Timestamp) {
	w := e.w
	ps := e.people
	if w.withdrawnAt(cl.pair.pl, at) {
		cl.gone = true
		return
	}
	pos := e.positionByID(strconv.FormatInt(cl.pair.pos, 10), e.Positions[cl.pair.pos-2000001].Number)
	posIdx := int32(pos.ID - 2000001)
	cl.asg = e.newAssignment(cl.asgID, cl.person, pos.Trust, pos.Role, at, e.trainingPeriod(cl.pair.pl, posIdx, cl.start, cl.end, cl.wte))
	cl.hired, cl.seq = true, 1
	if cl.send >= 0 {
		e.Sends[cl.send].HireDate = d
	}
	e.trustChecks(cl.person, cl.pair.pl, pos.ID, at)
	_ = ps
}

// trustChecks: names differing from the true ones after NAME
// normalisation are corrected, a missing NI is filled (0.8), and the NHS
// email is set for 70% of people.
func (e *ESR) trustChecks(pi, pl int32, posID int64, at Timestamp) {
	w := e.w
	p := &e.people.persons[pi]
	if p.Human < 0 {
		return
	}
	h := w.trueHuman(pl)
	r := newRNG(w.Settings.Seed, drawTrustChk, uint64(w.Placements[pl].ID), uint64(posID))
	changed := false
	if ident.NameKey(p.Surname) != ident.NameKey(h.Surname) && p.Prev == "" {
		p.Surname, changed = h.Surname, true
	}
	if ident.NameKey(p.First) != ident.NameKey(h.First) {
		p.First, changed = h.First, true
	}
	if p.NI == "" && r.chance(0.8) {
		p.NI, changed = h.NI, true
	}
	if !strings.HasSuffix(p.Email, "@nhsmail.example") && r.chance(0.7) {
		p.Email, changed = foldASCII(h.First)+"."+foldASCII(h.Surname)+"@nhsmail.example", true
	}
	if changed {
		p.Changed = at
		e.indexPerson(pi)
		e.updPerson(pi, at, e.Positions[posID-2000001].Role == roleHost)
	}
}

// transfer applies a pending TRANSFER on its start day.
func (e *ESR) transfer(cl *claim, at Timestamp) {
	w := e.w
	a := &e.people.asgs[cl.asg]
	a.claimed = nil
	if w.withdrawnAt(cl.pair.pl, at) || a.Cancelled {
		cl.gone = true
		return
	}
	posIdx := int32(cl.pair.pos - 2000001)
	cl.seq = e.addPeriod(cl.asg, e.trainingPeriod(cl.pair.pl, posIdx, cl.start, cl.end, cl.wte), at)
	cl.hired = true
	if cl.send >= 0 {
		e.Sends[cl.send].HireDate = cl.start
	}
}

// withdraw removes whatever ESR holds for a claim: the applicant, the
// pending transfer, or the future assignment or period (5.6, 5.11).
func (e *ESR) withdraw(cl *claim, at Timestamp) {
	if cl.gone {
		return
	}
	ps := e.people
	switch {
	case cl.kind == claimTransfer && !cl.hired:
		if a := &ps.asgs[cl.asg]; a.claimed == cl {
			a.claimed = nil
		}
	case cl.hired && cl.seq == 1:
		a := &ps.asgs[cl.asg]
		if a.open().Start <= at.Date() {
			return // already started: nothing future to remove
		}
		a.Cancelled = true
		op := a.open()
		op.EndReason, op.Changed = "WITHDRAWN", at
		e.updAssignment(cl.asg, at)
	case cl.hired:
		a := &ps.asgs[cl.asg]
		if op := a.open(); op.Seq != cl.seq || op.Start <= at.Date() {
			return
		}
		p := &a.Periods[cl.seq-1]
		p.Cancelled, p.EndReason, p.Changed = true, "WITHDRAWN", at
		op := a.open()
		op.End, op.EndReason, op.Changed = 0, "", at
		e.updAssignment(cl.asg, at)
	}
	cl.gone = true
}

// handWithdraw: on start − 1 the trust removes what ESR still holds for a
// withdrawn placement.
func (e *ESR) handWithdraw(cl *claim, d Date) {
	at := d.At(9, 0, 0)
	if e.w.withdrawnAt(cl.pair.pl, at) {
		e.withdraw(cl, at)
	}
}

// noteEffect applies a successful type 2 or type 4 notification (5.6).
func (e *ESR) noteEffect(n note, d Date) {
	if n.pl < 0 || (n.typ != 2 && n.typ != 4) {
		return
	}
	ps := e.people
	at := d.At(19, 15, 0)
	for _, cl := range ps.claims[n.pl] {
		if cl.gone {
			continue
		}
		if n.typ == 2 {
			e.withdraw(cl, at)
			continue
		}
		start, end := cl.start, cl.end
		if s, err := ParseDate(dashed(n.vals[27])); err == nil && n.vals[27] != "" {
			start = s
		}
		if x, err := ParseDate(dashed(n.vals[28])); err == nil && n.vals[28] != "" {
			end = x
		}
		if cl.hired {
			a := &ps.asgs[cl.asg]
			if cl.seq > len(a.Periods) || a.Periods[cl.seq-1].Cancelled {
				continue
			}
			p := &a.Periods[cl.seq-1]
			if p.Start != start && cl.seq > 1 {
				b := a.before(cl.seq)
				b.End, b.Changed = start-1, at
			}
			p.Start, p.ProjEnd, p.Changed = start, end, at
			e.indexPeriod(cl.asg, p)
			e.updAssignment(cl.asg, at)
			cl.start, cl.end = start, end
			continue
		}
		if start != cl.start {
			ps.agenda[start] = append(ps.agenda[start], cl)
			ps.agenda[start-1] = append(ps.agenda[start-1], cl)
			if cl.kind == claimNew && cl.hireOn > start {
				cl.hireOn = start
				ps.agenda[start] = append(ps.agenda[start], cl)
			}
		}
		cl.start, cl.end = start, end
	}
}

// endings keys at 10:00 the end of every open training period whose
// projected end is d (5.4), unless a pending transfer will close it or
// the leaver is not ended (LEAVER_NOT_ENDED).
func (e *ESR) endings(d Date) {
	w := e.w
	ps := e.people
	at := d.At(10, 0, 0)
	for _, k := range ps.endings[d] {
		a := &ps.asgs[k[0]]
		if a.Cancelled || a.claimed != nil || int(k[1]) != a.open().Seq {
			continue
		}
		p := a.open()
		if p.End != 0 || p.ProjEnd != d {
			continue
		}
		if p.Placement < 0 {
			p.End, p.EndReason, p.Changed = d, "OTHER", at
			continue
		}
		r := newRNG(w.Settings.Seed, drawEnding, uint64(a.ID), uint64(p.Seq))
		if r.chance(w.Settings.Faults.LeaverNotEnded) {
			e.fault(Fault{Kind: "LEAVER_NOT_ENDED", Side: "ESR", EntityType: "ASSIGNMENT", EntityID: strconv.FormatInt(a.ID, 10),
				Field: "endDate", TrueValue: d.String(), At: at, Detail: fmt.Sprintf("period %d left open", p.Seq)})
			continue
		}
		p.End, p.EndReason, p.Changed = d, e.endReason(p.Placement, d), at
		e.updAssignment(k[0], at)
	}
	delete(ps.endings, d)
}

// endReason: ROTATION when the human has a later placement, else
// COMPLETED after specialty or GP training, LEFT_TRAINING otherwise.
func (e *ESR) endReason(pl int32, end Date) string {
	w := e.w
	for _, q := range e.people.humanPl[w.humanOf(pl)] {
		s, _ := w.Placements[q].FinalDates()
		if s > end && w.Placements[q].Withdrawn == 0 {
			return "ROTATION"
		}
	}
	code := w.grade(w.Placements[pl].Grade).Code
	if strings.HasPrefix(code, "F") || strings.HasPrefix(code, "CT") {
		return "LEFT_TRAINING"
	}
	return "COMPLETED"
}

// manualHires keys at 09:00 the (placement, trust) pairs with no
// successful APP by M = min(start, max(start − k, approval + 3)) (5.4).
func (e *ESR) manualHires(d Date) {
	w := e.w
	ps := e.people
	first := d == w.Settings.From
	for ; ps.horizon < len(ps.byStart); ps.horizon++ {
		pl := ps.byStart[ps.horizon]
		p := &w.Placements[pl]
		if p.Start > d+60 {
			break
		}
		if _, end := p.FinalDates(); end < w.Settings.From {
			continue
		}
		for role := 0; role <= len(w.Posts[p.Post].Hosts); role++ {
			ps.waiting = append(ps.waiting, manualItem{pl: pl, role: role, pos: -1})
		}
	}
	kept := ps.waiting[:0]
	var due []manualItem
	for _, it := range ps.waiting {
		p := &w.Placements[it.pl]
		if it.pos < 0 {
			it.pos = e.realPosition(p.Post, it.role, d.At(9, 0, 0))
			if it.pos >= 0 {
				r := newRNG(w.Settings.Seed, drawCheck, uint64(p.ID), uint64(e.Positions[it.pos].ID))
				k := Date(r.between(5, 60))
				it.m = min(p.Start, max(p.Start-k, p.Approved.Date()+3))
			}
		}
		switch {
		case it.pos < 0 && p.Start < d:
			// no position ever made before the start: nothing to key
		case it.pos < 0:
			kept = append(kept, it)
		case it.m == d || (first && it.m < d):
			due = append(due, it)
		case it.m > d:
			kept = append(kept, it)
		}
	}
	ps.waiting = kept
	for _, it := range due {
		e.manualHire(it, d)
	}
}

// realPosition is the trust's own position for a role of the post, live
// at t (a duplicate is never the real one); -1 when none yet.
func (e *ESR) realPosition(post int32, role int, t Timestamp) int32 {
	w := e.w
	trust, rname := w.Posts[post].Lead, roleLead
	if role > 0 {
		trust, rname = w.Posts[post].Hosts[role-1], roleHost
	}
	for _, i := range e.byPost[post] {
		p := &e.Positions[i]
		if p.Trust == trust && p.Role == rname && p.State != dpnDuplicate && p.Live(t) {
			return i
		}
	}
	return -1
}

// manualHire keys one pair by hand on M at 09:00 from the true details
// with keying errors (10.4), using resolution and the transfer test.
func (e *ESR) manualHire(it manualItem, d Date) {
	w := e.w
	ps := e.people
	at := it.m.At(9, 0, 0)
	p := &w.Placements[it.pl]
	s, ok := w.activeAt(it.pl, at)
	if !ok || !s.sentType {
		return
	}
	pos := &e.Positions[it.pos]
	if l, ok := ps.loaded[[2]int32{it.pl, pos.Trust}]; ok && l < it.m {
		return
	}
	hi := w.humanOf(it.pl)
	h := w.trueHuman(it.pl)
	r := newRNG(w.Settings.Seed, drawKeying, uint64(p.ID), uint64(pos.ID))
	in := Person{Human: hi, Title: h.Title, First: h.First, Middle: h.Middle, Surname: h.Surname, DOB: h.DOB,
		Gender: h.Gender, NI: h.NI, GMC: h.GMC, Email: h.Email, Mobile: h.Mobile, Home: h.Home,
		Addr: h.addressAt(at), Created: at, Changed: at}
	fr := w.Settings.Faults
	if r.chance(fr.NameTypoESR) {
		old := in.Surname
		in.Surname = typo(&r, old)
		e.fault(Fault{Kind: "NAME_TYPO", Side: "ESR", EntityType: "PLACEMENT", Entity: it.pl, Field: "lastName",
			TrueValue: old, RecordedValue: in.Surname, At: at, Detail: "one edit keyed at a manual hire"})
	}
	if _, m, dd := h.DOB.YMD(); dd <= 12 && dd != int(m) && r.chance(fr.DOBSwapESR*365.25/132) {
		y, _, _ := h.DOB.YMD()
		in.DOB = MakeDate(y, time.Month(dd), int(m))
		e.fault(Fault{Kind: "DOB_SWAP", Side: "ESR", EntityType: "PLACEMENT", Entity: it.pl, Field: "dob",
			TrueValue: h.DOB.String(), RecordedValue: in.DOB.String(), At: at, Detail: "day and month swapped at a manual hire"})
	}
	pi := e.resolve(in.NI, in.GMC, in.DOB)
	if pi < 0 {
		pi = e.newPerson(in)
	} else {
		e.fillEmpty(pi, &in, at)
		e.updPerson(pi, at, pos.Role == roleHost)
	}
	per := e.trainingPeriod(it.pl, it.pos, s.start, s.end, p.WTE)
	cl := &claim{kind: claimManual, pair: pairKey{it.pl, pos.ID}, trust: pos.Trust, person: pi, start: s.start,
		end: s.end, wte: p.WTE, hired: true, send: len(e.Sends)}
	ai := int32(-1)
	for _, x := range ps.asgsOf(pi) {
		a := &ps.asgs[x]
		if a.Cancelled || a.Trust != pos.Trust || a.claimed != nil {
			continue
		}
		if op := a.open(); op.Start <= it.m && (op.End == 0 || op.End >= it.m) {
			ai = x
		}
	}
	if ai >= 0 && ps.asgs[ai].open().Start < s.start {
		cl.asg, cl.asgID = ai, ps.asgs[ai].ID
		cl.seq = e.addPeriod(ai, per, at)
	} else {
		cl.asg = e.newAssignment(0, pi, pos.Trust, pos.Role, at, per)
		cl.asgID, cl.seq = ps.asgs[cl.asg].ID, 1
	}
	ps.claims[it.pl] = append(ps.claims[it.pl], cl)
	if s.start-1 > d {
		ps.agenda[s.start-1] = append(ps.agenda[s.start-1], cl)
	}
	e.Sends = append(e.Sends, SendRow{Placement: it.pl, Position: pos.ID, VPD: w.Trusts[pos.Trust].VPD, Route: "MANUAL",
		Assignment: cl.asgID, HireDate: it.m, Person: ps.persons[pi].Number})
}

// heldOnDPN reports whether ESR holds an applicant, pending transfer or
// assignment period on the DPN for the GMC number, else for the
// normalised names (DCC TRAINEE_NOT_FOUND, 5.7).
func (e *ESR) heldOnDPN(dpn, gmc, sur, first string) bool {
	ps := e.people
	match := func(pi int32) bool {
		p := &ps.persons[pi]
		if gmc != "" {
			return p.GMC == gmc
		}
		return ident.NameKey(p.Surname) == ident.NameKey(sur) && ident.NameKey(p.First) == ident.NameKey(first)
	}
	for _, ai := range ps.byDPN[dpn] {
		a := &ps.asgs[ai]
		if !a.Cancelled && match(a.Person) {
			return true
		}
	}
	for _, cl := range ps.clByDPN[dpn] {
		if !cl.gone && !cl.hired && match(cl.person) {
			return true
		}
	}
	return false
}

// trueHuman returns the human behind placement pl; a hand-made world
// without humans takes the trainee record's first version as the truth.
func (w *World) trueHuman(pl int32) *Human {
	t := &w.Trainees[w.Placements[pl].Trainee]
	if int(t.Human) < len(w.Humans) {
		return &w.Humans[t.Human]
	}
	r := t.Rows[0]
	dob, _ := ParseDate(r.DOB)
	first, middle := splitForenames(r.Forenames)
	return &Human{ID: t.Human + 1, First: first, Middle: middle, Surname: r.Surname, DOB: dob, Gender: r.Gender,
		NI: r.NI, GMC: gmcValue(r.GMC), Title: "Dr", Email: r.Email, Mobile: r.Mobile, Home: r.Home,
		Addresses: []Address{{Line1: r.Addr1, Line2: r.Addr2, Line3: r.Addr3, Town: r.Town, Postcode: r.Postcode, Country: r.Country}}}
}
