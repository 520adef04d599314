package sim

import (
	"hash/fnv"
	"slices"
	"strconv"
	"strings"

	"deanery/ingest/codes"
)

// Person records of the update stream (domain 5.8, 7.8, 5.11 "Full
// Records switch", "Person scope", "RMF content", "RMC routing", "ASG
// status"): PER, ADD, ASG and PBD for FULL pairs only.
//
// ESR's bookkeeping (esr_person*.go) changes persons and assignments in
// place; it calls the hooks below after each change, and they journal the
// records the change sends, each the full image after the change, stamped
// with the change time and already routed to the deanery whose RMC will
// carry it. An RMC takes the journal of its window; an RMF is built from
// the current state instead.
//
// Scope (5.11 "Person scope"): a person is in scope for a trust on day d
// when they hold a period of a non-CANCELLED assignment at the trust, on a
// position with a DPN and role Lead Employer (every such position is sent,
// 5.8), whose end date is null or ≥ d (live or future). A change of a
// period is sent when the person is in scope at the trust before or after
// it, so that the change that takes someone out of scope (a cancellation,
// the end of their last period) still reaches the deanery.
//
// Order within an RMC or RMF: the POS and POR records first (the deanery
// applies positions before persons, 5.8 steps 2–4), then the person
// records by change timestamp, then person number, VPD, record type (PER,
// ADD, ASG, PBD), assignment id and period seq. Two images with the same
// key (the same record of the same change: a hire and its trust checks at
// 20:00) are sent once, the later one.

// Draw kinds of the update stream (see rng.go).
const (
	drawUpdKeyer = "esr-update-keyer" // a change keyed at the host
	drawUpdTell  = "esr-update-tell"  // NAME_CHANGE told to the deanery
	drawDupFile  = "esr-dup-file"     // DUPLICATE_FILE
)

// hostKeyShare is the share of changes keyed at the host for people with
// lead and host assignments (10.3).
const hostKeyShare = 0.3

// Person record kinds, in file order within a change.
const (
	kindPER = iota
	kindADD
	kindASG
	kindPBD
)

var personRecTypes = [...]string{"PER", "ADD", "ASG", "PBD"}

// updState is the update stream's bookkeeping.
type updState struct {
	// psn holds, per person, the hash of the last PER, ADD and PBD image
	// and when each last changed.
	psn []psnMark
	// marks holds, per assignment with a lead period at a trust that goes
	// FULL at some point, what scope depends on, as of the last hook.
	marks []*asgMark // by assignment (mark, setMark)
	// byTrust lists those assignments by trust, for the RMF.
	byTrust map[int32][]int32
	// pend holds, per deanery, the journalled records awaiting its next
	// RMC or RMF.
	pend  [][]updRec
	order int
	// trainees lists the trainee records of each human (NAME_CHANGE told
	// to the deanery), built on first use.
	trainees map[int32][]int32
}

type psnMark struct {
	hash [3]uint64    // PER, ADD, PBD
	at   [3]Timestamp // last change of each
	ok   bool
}

type asgMark struct {
	cancelled bool
	pers      []perMark // by period seq − 1
}

type perMark struct {
	end  Date
	lead bool // on a position with a DPN, role Lead Employer
}

// updRec is one journalled person record.
type updRec struct {
	at    Timestamp
	num   string // person number
	vpd   string
	kind  int
	asg   int64
	seq   int
	order int // journal order, the last wins among equal keys
	r     rec
}

// mark returns assignment ai's mark, nil when none.
func (u *updState) mark(ai int32) *asgMark {
	if int(ai) < len(u.marks) {
		return u.marks[ai]
	}
	return nil
}

// upd returns the update stream's state, made on first use.
func (e *ESR) upd() *updState {
	ps := e.people
	if ps.upd == nil {
		ps.upd = &updState{byTrust: map[int32][]int32{},
			pend: make([][]updRec, len(e.w.Deaneries))}
	}
	return ps.upd
}

// watched reports whether trust t is ever FULL within the world.
func (e *ESR) watched(t int32) bool { return e.w.Trusts[t].FullFrom <= e.w.Settings.To }

// full reports whether trust t's pair is FULL on d.
func (e *ESR) full(t int32, d Date) bool { return e.w.Trusts[t].Mode(d) == codes.PairFull }

// leadPeriod reports whether p is on a sent Lead Employer position.
func (e *ESR) leadPeriod(p *Period) bool {
	if p.Pos < 0 {
		return false
	}
	pos := &e.Positions[p.Pos]
	return pos.DPN != "" && pos.Role == roleLead
}

// personHashes returns the hashes of person pi's PER, ADD and PBD images.
func (e *ESR) personHashes(pi int32) [3]uint64 {
	p := &e.people.persons[pi]
	h := func(vals ...string) uint64 {
		f := fnv.New64a()
		for _, v := range vals {
			f.Write([]byte(v))
			f.Write([]byte{0})
		}
		return f.Sum64()
	}
	dob := ""
	if p.DOB != 0 {
		dob = p.DOB.Compact()
	}
	a := &p.Addr
	return [3]uint64{
		h(p.NI, p.Surname, p.First, p.Middle, p.Prev, p.Title, p.Gender, dob, p.Home, p.Mobile, p.Email),
		h(strconv.FormatInt(int64(a.From), 10), a.Line1, a.Line2, a.Line3, a.Town, a.Postcode, a.Country),
		h(p.GMC),
	}
}

// psnMark returns person pi's mark, made from its current images (as of
// its creation) when it has none.
func (e *ESR) psnMark(pi int32) *psnMark {
	u := e.upd()
	for int(pi) >= len(u.psn) {
		u.psn = append(u.psn, psnMark{})
	}
	m := &u.psn[pi]
	if !m.ok {
		c := e.people.persons[pi].Created
		*m = psnMark{hash: e.personHashes(pi), at: [3]Timestamp{c, c, c}, ok: true}
	}
	return m
}

// updPersonNew is the hook of a new person: its images as created.
func (e *ESR) updPersonNew(pi int32) { e.psnMark(pi) }

// inScope reports whether person pi is in scope for trust t on d, from
// the marks (the state as of the last hook).
func (e *ESR) inScope(pi, t int32, d Date) bool {
	u := e.upd()
	ps := e.people
	for _, ai := range ps.asgsOf(pi) {
		if ps.asgs[ai].Trust != t {
			continue
		}
		m := u.mark(ai)
		if m == nil || m.cancelled {
			continue
		}
		for _, pm := range m.pers {
			if pm.lead && (pm.end == 0 || pm.end >= d) {
				return true
			}
		}
	}
	return false
}

// scopeTrusts returns the trusts FULL on d for which person pi is in
// scope, in index order.
func (e *ESR) scopeTrusts(pi int32, d Date) []int32 {
	ps := e.people
	var out []int32
	for _, ai := range ps.asgsOf(pi) {
		t := ps.asgs[ai].Trust
		if !slices.Contains(out, t) && e.watched(t) && e.full(t, d) && e.inScope(pi, t, d) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// updPerson is the hook of a change to person pi's fields keyed at at.
// The records whose image changed go to every FULL trust where the person
// is in scope, unless the change was keyed at an organisation where the
// person's assignment is Host Employer. It returns the deaneries reached.
func (e *ESR) updPerson(pi int32, at Timestamp, hostKeyed bool) []int {
	m := e.psnMark(pi)
	h := e.personHashes(pi)
	var kinds []int
	for k, kind := range [3]int{kindPER, kindADD, kindPBD} {
		if h[k] != m.hash[k] {
			m.hash[k], m.at[k] = h[k], at
			kinds = append(kinds, kind)
		}
	}
	if len(kinds) == 0 || hostKeyed {
		return nil
	}
	var reached []int
	for _, t := range e.scopeTrusts(pi, at.Date()) {
		for _, kind := range kinds {
			if kind == kindPBD && e.people.persons[pi].GMC == "" {
				continue
			}
			e.journal(t, e.personRec(kind, pi, t, at, at.Date()))
		}
		if di := e.w.Trusts[t].Deanery; !slices.Contains(reached, di) {
			reached = append(reached, di)
		}
	}
	return reached
}

// updESRChange is the hook of an ESR-side person change (address move,
// email change, NAME_CHANGE; esr_person_change.go): for people with live
// or future lead and host assignments, 30% are keyed at the host and do
// not flow (10.3). A NAME_CHANGE that reached no deanery of the person's
// trainee record may be told by the trainee (esr_update_tell.go).
func (e *ESR) updESRChange(pi int32, kind int, at Timestamp) {
	reached := e.updPerson(pi, at, e.keyedAtHost(pi, at))
	if kind == 2 {
		e.tellNameChange(pi, at, reached)
	}
}

// keyedAtHost draws whether an ESR-side change of person pi at at is
// keyed at the host: 30% for people with lead and host assignments.
func (e *ESR) keyedAtHost(pi int32, at Timestamp) bool {
	if !e.leadAndHost(pi, at.Date()) {
		return false
	}
	r := newRNG(e.w.Settings.Seed, drawUpdKeyer, uint64(pi), uint64(at))
	return r.chance(hostKeyShare)
}

// leadAndHost reports whether person pi holds, on d, a live or future
// period as Lead Employer and another as Host Employer.
func (e *ESR) leadAndHost(pi int32, d Date) bool {
	ps := e.people
	lead, host := false, false
	for _, ai := range ps.asgsOf(pi) {
		a := &ps.asgs[ai]
		if a.Cancelled {
			continue
		}
		for k := range a.Periods {
			p := &a.Periods[k]
			if p.Cancelled || p.End != 0 && p.End < d {
				continue
			}
			role := a.Role
			if p.Pos >= 0 {
				role = e.Positions[p.Pos].Role
			}
			lead = lead || role == roleLead
			host = host || role == roleHost
		}
	}
	return lead && host
}

// setMarks records assignment ai's scope state; it returns the previous
// number of periods marked and whether the assignment is marked.
func (e *ESR) setMarks(ai int32) (prev int, marked bool) {
	u := e.upd()
	a := &e.people.asgs[ai]
	m := u.mark(ai)
	if m != nil {
		prev = len(m.pers)
	}
	pers := make([]perMark, len(a.Periods))
	anyLead := false
	for k := range a.Periods {
		p := &a.Periods[k]
		pers[k] = perMark{end: p.End, lead: e.leadPeriod(p) && !p.Cancelled}
		anyLead = anyLead || pers[k].lead
	}
	if m == nil {
		if !anyLead {
			return 0, false
		}
		m = &asgMark{}
		for int(ai) >= len(u.marks) {
			u.marks = append(u.marks, nil)
		}
		u.marks[ai] = m
		u.byTrust[a.Trust] = append(u.byTrust[a.Trust], ai)
	}
	m.cancelled, m.pers = a.Cancelled, pers
	return prev, true
}

// updAssignment is the hook of a change to assignment ai's periods at at
// (hire, transfer, ending, cancellation, date change): one ASG per period
// changed at at. A hire or transfer that brings the person into scope
// sends the full set instead: PER, ADD, every lead ASG period at the VPD
// and PBD (unless ESR holds no GMC), all stamped at.
func (e *ESR) updAssignment(ai int32, at Timestamp) {
	a := &e.people.asgs[ai]
	if !e.watched(a.Trust) {
		return
	}
	d := at.Date()
	before := e.inScope(a.Person, a.Trust, d)
	prev, marked := e.setMarks(ai)
	if !marked || !e.full(a.Trust, d) {
		return
	}
	after := e.inScope(a.Person, a.Trust, d)
	switch {
	case !before && !after:
		return
	case !before && len(a.Periods) > prev:
		e.scopeEntry(a.Person, a.Trust, at)
		return
	}
	for k := range a.Periods {
		if p := &a.Periods[k]; p.Changed == at && e.leadPeriod(p) {
			e.journal(a.Trust, e.asgRec(ai, k, at, d, "C"))
		}
	}
}

// scopeEntry journals the full set of person pi at trust t.
func (e *ESR) scopeEntry(pi, t int32, at Timestamp) {
	for _, r := range e.fullSet(pi, t, at, at.Date(), nil) {
		e.journal(t, r)
	}
}

// fullSet returns PER, ADD, every ASG period on a lead position at trust
// t and PBD (unless no GMC) of person pi: stamped at, or, when stamps is
// given, each with its last change time (the RMF). ASG status is as on d.
func (e *ESR) fullSet(pi, t int32, at Timestamp, d Date, stamps *psnMark) []updRec {
	ps := e.people
	stamp := func(k int) Timestamp {
		if stamps == nil {
			return at
		}
		return stamps.at[k]
	}
	out := []updRec{e.personRec(kindPER, pi, t, stamp(0), d), e.personRec(kindADD, pi, t, stamp(1), d)}
	for _, ai := range ps.asgsOf(pi) {
		a := &ps.asgs[ai]
		if a.Trust != t {
			continue
		}
		for k := range a.Periods {
			p := &a.Periods[k]
			if !e.leadPeriod(p) {
				continue
			}
			ts := at
			if stamps != nil {
				ts = p.Changed
			}
			out = append(out, e.asgRec(ai, k, ts, d, "C"))
		}
	}
	if ps.persons[pi].GMC != "" {
		out = append(out, e.personRec(kindPBD, pi, t, stamp(2), d))
	}
	return out
}

// journal queues a record for the deanery of trust t.
func (e *ESR) journal(t int32, r updRec) {
	u := e.upd()
	u.order++
	r.order = u.order
	di := e.w.Trusts[t].Deanery
	u.pend[di] = append(u.pend[di], r)
}

// personHead is the five fields every person record starts with (7.8),
// without the record type: the VPD always has 3 digits (5.11
// "VPD_UNPADDED").
func personHead(num string, at Timestamp, ind, vpd string) []string {
	return []string{num, tsTime(at).Format("20060102150405"), ind, vpd}
}

// personRec renders a PER, ADD or PBD image of person pi for trust t,
// stamped at; PER's assignment is the one in scope on d.
func (e *ESR) personRec(kind int, pi, t int32, at Timestamp, d Date) updRec {
	p := &e.people.persons[pi]
	vpd := e.w.Trusts[t].VPD
	vals := personHead(p.Number, at, "C", vpd)
	switch kind {
	case kindPER:
		title := p.Title
		if x, ok := codes.TitleToESR(title); ok {
			title = x
		}
		dob := ""
		if p.DOB != 0 {
			dob = p.DOB.Compact()
		}
		asg := ""
		if ai := e.leadAssignment(pi, t, d); ai >= 0 {
			asg = strconv.FormatInt(e.people.asgs[ai].ID, 10)
		}
		vals = append(vals, asg, p.NI, p.Surname, p.First, p.Middle, p.Prev, title, p.Gender, dob, "",
			p.Home, p.Mobile, "", "", p.Email)
	case kindADD:
		a := &p.Addr
		from := ""
		if a.From != 0 {
			from = a.From.Date().Compact()
		}
		vals = append(vals, from, a.Line1, a.Line2, a.Line3, a.Town, "", a.Postcode, a.Country)
	case kindPBD:
		vals = append(vals, "General Medical Council", p.GMC, "")
	}
	return updRec{at: at, num: p.Number, vpd: vpd, kind: kind, r: rec{personRecTypes[kind], vals}}
}

// leadAssignment is PER field 6: the person's non-cancelled assignment at
// trust t with a lead period live or future on d, the latest started
// (then the highest id); else the latest with any lead period; -1 none.
func (e *ESR) leadAssignment(pi, t int32, d Date) int32 {
	ps := e.people
	best, bestLive := int32(-1), false
	var bestStart Date
	for _, ai := range ps.asgsOf(pi) {
		a := &ps.asgs[ai]
		if a.Trust != t {
			continue
		}
		for k := range a.Periods {
			p := &a.Periods[k]
			if !e.leadPeriod(p) {
				continue
			}
			live := !a.Cancelled && !p.Cancelled && (p.End == 0 || p.End >= d)
			better := best < 0 || live && !bestLive ||
				live == bestLive && (p.Start > bestStart || p.Start == bestStart && a.ID > ps.asgs[best].ID)
			if better {
				best, bestLive, bestStart = ai, live, p.Start
			}
		}
	}
	return best
}

// asgRec renders the ASG image of period k of assignment ai, status as on
// d (5.11 "ASG status").
func (e *ESR) asgRec(ai int32, k int, at Timestamp, d Date, ind string) updRec {
	ps := e.people
	a := &ps.asgs[ai]
	p := &a.Periods[k]
	pr := &ps.persons[a.Person]
	vpd := e.w.Trusts[a.Trust].VPD
	proj, end := "", ""
	if p.ProjEnd != 0 {
		proj = p.ProjEnd.Compact()
	}
	if p.End != 0 {
		end = p.End.Compact()
	}
	role := a.Role
	if p.Pos >= 0 {
		role = e.Positions[p.Pos].Role
	}
	vals := append(personHead(pr.Number, at, ind, vpd), strconv.FormatInt(a.ID, 10), strconv.Itoa(p.Seq),
		strconv.FormatInt(p.PosID, 10), p.PosNo, p.DPN, role, p.Start.Compact(), proj, end,
		periodStatus(a, p, d), p.EndReason, p.PayScale, wteText(p.WTE, 2))
	return updRec{at: at, num: pr.Number, vpd: vpd, kind: kindASG, asg: a.ID, seq: p.Seq, r: rec{"ASG", vals}}
}

// cmpUpdRec is the order of person records within a file.
func cmpUpdRec(x, y *updRec) int {
	switch {
	case x.at != y.at:
		return cmpTS(x.at, y.at)
	case x.num != y.num:
		return strings.Compare(x.num, y.num)
	case x.vpd != y.vpd:
		return strings.Compare(x.vpd, y.vpd)
	case x.kind != y.kind:
		return x.kind - y.kind
	case x.asg != y.asg:
		if x.asg < y.asg {
			return -1
		}
		return 1
	}
	return x.seq - y.seq
}

// personRecords returns the person records of deanery di's RMC or RMF of
// day d (cut-off cut), in file order. An RMC takes the journalled changes
// in (previous RMC/RMF, cut]; an RMF the current image of every person in
// scope at the deanery's FULL trusts. Either way the journal up to cut is
// consumed: a change stamped before the previous file (a hand hire keyed
// on the world's first day for an earlier date) is never sent.
func (e *ESR) personRecords(di int, d Date, cut Timestamp, full bool) []rec {
	u := e.people.upd
	if u == nil {
		return nil
	}
	prev := e.dean[di].lastUpdate
	var take, keep []updRec
	for _, r := range u.pend[di] {
		switch {
		case r.at > cut:
			keep = append(keep, r)
		case r.at > prev:
			take = append(take, r)
		}
	}
	u.pend[di] = keep
	if full {
		take = e.rmfPersons(di, d)
	}
	// Sorted stably, through their positions: the records are large.
	idx := make([]int32, len(take))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int {
		x, y := &take[a], &take[b]
		if c := cmpUpdRec(x, y); c != 0 {
			return c
		}
		if x.order != y.order {
			return x.order - y.order
		}
		return int(a - b)
	})
	out := make([]rec, 0, len(take))
	for i, k := range idx {
		if i+1 < len(idx) && cmpUpdRec(&take[k], &take[idx[i+1]]) == 0 {
			continue // the later image of the same record wins
		}
		out = append(out, take[k].r)
	}
	return out
}

// rmfPersons returns the current image of every person in scope on d at
// deanery di's FULL trusts (5.11 "RMF content").
func (e *ESR) rmfPersons(di int, d Date) []updRec {
	u := e.people.upd
	ps := e.people
	var out []updRec
	for _, t := range e.w.Deaneries[di].Trusts {
		if !e.full(t, d) {
			continue
		}
		persons := make([]int32, 0, len(u.byTrust[t]))
		for _, ai := range u.byTrust[t] {
			persons = append(persons, ps.asgs[ai].Person)
		}
		slices.Sort(persons)
		for _, pi := range slices.Compact(persons) {
			if e.inScope(pi, t, d) {
				out = append(out, e.fullSet(pi, t, 0, d, e.psnMark(pi))...)
			}
		}
	}
	return out
}
