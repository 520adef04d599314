package sim

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Draw kinds of the ESR side (see rng.go).
const (
	drawPosition   = "esr-position"
	drawPosFault   = "esr-position-fault"
	drawStreamPick = "esr-stream-fault"
)

// Roles of a position (domain 2.5).
const (
	roleLead = "Lead Employer"
	roleHost = "Host Employer"
)

// DPN states of position_truth.
const (
	dpnOK        = "OK"
	dpnMissing   = "MISSING"
	dpnWrong     = "WRONG"
	dpnDuplicate = "DUPLICATE"
)

// Position is an ESR position made by a trust for one role of a training
// post (domain 5.6, 10.4).
type Position struct {
	ID         int64
	Number     string // 8 digits
	Post       int32
	Role       string // roleLead or roleHost
	Trust      int32
	DPN        string // as recorded in ESR; "" when missing
	State      string // dpnOK, dpnMissing, dpnWrong, dpnDuplicate
	Created    Timestamp
	Deleted    Timestamp // 0: never
	Changed    Timestamp // last change of a sent field (creation, deletion)
	Fault      int32     // fault id, 0 none
	DelFault   int32     // POSITION_DELETED fault id, 0 none
	StaffGrp   string    // POS field 6 (CSV_BACKSLASH ends it with a backslash)
	BSFault    int32     // CSV_BACKSLASH fault id
	plannedDel Date
}

// Live reports whether the position is live at t (last indicator C).
func (p *Position) Live(t Timestamp) bool {
	return p.Created <= t && (p.Deleted == 0 || p.Deleted > t)
}

// posPlan is a position the trust will create on a day.
type posPlan struct {
	on   Date
	post int32
	role int // 0 lead, i+1 host i
}

// ESR is the simulated ESR and the interface traffic between it and the
// deaneries. It runs in step with the deanery side through World.Hooks: a
// day's work happens in Day, in the order of the daily cycle (domain 5.1).
type ESR struct {
	w *World

	Positions []Position
	byPost    map[int32][]int32
	// Position indexes: by recorded DPN; by deanery of the trust (the
	// positions an update file may carry, index order); per deanery, the
	// positions changed since its last update file; by planned deletion.
	byDPN   map[string][]int32
	posDean [][]int32
	posChg  [][]int32
	delOn   map[Date][]int32
	// vpdTrust is the first trust of each VPD, made on first use.
	vpdTrust  map[string]int32
	postsSeen int
	plans     []posPlan // sorted by (on, post, role)
	nextPosID int64
	nextPosNo int64

	// CSV_BACKSLASH: target days, consumed in order by the first position
	// created on or after each.
	backslash []Date
	// VPD_UNPADDED: the trust and the month its POR carries 2 digits.
	unpadTrust         int32
	unpadFrom, unpadTo Date
	unpadFault         int32
	// SEQUENCE_GAP: (deanery, first day) of RMCs to lose.
	gaps []gapPlan

	streams map[string]int // "DDD/TYPE" → last sequence number written
	Files   []ExFile

	dean []*deanState // per deanery
	ex   *Exporter

	applicants    []applicant
	nextApplicant int
	// people holds ESR persons, assignments and pending applications.
	people *people
	// Sends are the rows of send_truth, in file order.
	Sends []SendRow
	// truth keeps what the truth tables need beyond the bookkeeping above.
	truth truthBook
	err   error
	// inSTF marks the persons some staff extract held; stfPeople counts
	// them.
	inSTF     []bool
	stfPeople int
	// sink, when set, writes the files as the world runs.
	sink *exchangeSink
	enc  fileEncoder
}

type gapPlan struct {
	deanery int
	from    Date
	done    bool
}

// ExFile is one interface file written by either side.
type ExFile struct {
	Name      string
	Deanery   string
	Type      string
	Seq       int
	Date      Date // file date
	Delivered bool
	// Deliveries are the days it appears in the exchange folder (the file
	// date, then any redelivery).
	Deliveries []Date
	Quarantine bool
	Records    int
	Data       []byte // nil when a stream writes it (see exchangeSink)
	// head is the header line of a streamed file; written is the number
	// of Deliveries a stream wrote.
	head    []byte
	written int
}

// deanState is ESR's bookkeeping per deanery for the update stream.
type deanState struct {
	lastUpdate Timestamp // previous RMC/RMF cut-off
	rmfDays    []Date    // days of RMFs written
	rmfDue     bool      // an RMF is owed (lost RMC, or moved on by the limit)
	wentLive   bool
	// sentPos: positions sent to this deanery with the image last sent.
	sentPos map[int32]bool
}

// NewESR makes the ESR simulation for w and installs it in w.Hooks.
func NewESR(w *World) *ESR {
	e := &ESR{w: w, byPost: map[int32][]int32{}, streams: map[string]int{},
		nextPosID: 2000000, nextPosNo: 30000000, unpadTrust: -1,
		byDPN: map[string][]int32{}, posDean: make([][]int32, len(w.Deaneries)),
		posChg: make([][]int32, len(w.Deaneries)), delOn: map[Date][]int32{}}
	for range w.Deaneries {
		e.dean = append(e.dean, &deanState{sentPos: map[int32]bool{}})
	}
	e.planStreamFaults()
	e.people = newPeople(e)
	e.planOthers()
	e.ex = newExporter(e)
	w.Hooks.Day = func(w *World, d Date) error { return e.Day(d) }
	w.esr = e
	return e
}

// dropRunState lets go of what only the day-by-day run needs, once the
// world has run: the exporter, ESR's assignments, claims and indexes, the
// update stream's journal, the update model's person images and links,
// and the STF rows the alignment truth scored. The truth tables, the
// interface files' list, the sends, persons and positions stay: they are
// what Write and writeExchange read.
func (e *ESR) dropRunState() {
	e.ex, e.inSTF = nil, nil
	e.byPost, e.byDPN, e.posDean, e.posChg, e.delOn = nil, nil, nil, nil, nil
	ps := e.people
	ps.asgs, ps.byNI, ps.byGMC, ps.asgByPsn, ps.byDPN = nil, nil, nil, nil, nil
	ps.agenda, ps.endings, ps.claims, ps.loaded, ps.clByDPN = nil, nil, nil, nil, nil
	ps.byStart, ps.waiting, ps.humanPl, ps.asgDean, ps.events, ps.upd = nil, nil, nil, nil, nil, nil
	a := &e.truth.align
	a.persons, a.byPerson, a.dnorm = nil, nil, nil
	a.qMinStart, a.qMaxEnd, a.qOrder, a.qActive = nil, nil, nil, nil
	if m := e.truth.upd; m != nil {
		m.prop, m.fileDate, m.holders = nil, nil, nil
		for _, dd := range m.dean {
			dd.links, dd.asgTrainee, dd.images = nil, nil, nil
		}
	}
}

// planStreamFaults picks the per-world faults of the ESR side.
func (e *ESR) planStreamFaults() {
	w := e.w
	fr := w.Settings.Faults
	from, to := w.Settings.From, w.Settings.To
	span := int(to - from + 1)
	r := newRNG(w.Settings.Seed, drawStreamPick, 1)
	for range fr.CSVBackslash {
		e.backslash = append(e.backslash, from+Date(r.intn(span)))
	}
	slices.Sort(e.backslash)
	for i := range fr.SequenceGap {
		gr := newRNG(w.Settings.Seed, drawStreamPick, 2, uint64(i))
		e.gaps = append(e.gaps, gapPlan{deanery: gr.intn(len(w.Deaneries)), from: from + Date(gr.intn(span))})
	}
	if fr.VPDUnpadded > 0 {
		// A trust whose VPD has one leading zero (e.g. 096), live at some point.
		var cands []int32
		for i, t := range w.Trusts {
			if t.LiveFrom <= to && strings.HasPrefix(t.VPD, "0") && !strings.HasPrefix(t.VPD, "00") {
				cands = append(cands, int32(i))
			}
		}
		if len(cands) > 0 {
			t := cands[r.intn(len(cands))]
			lo := max(from, w.Trusts[t].LiveFrom)
			e.unpadTrust = t
			e.unpadFrom = lo + Date(r.intn(int(max(1, to-lo+1))))
			e.unpadTo = e.unpadFrom + 30
			e.unpadFault = e.fault(Fault{Kind: "VPD_UNPADDED", Side: "ESR", EntityType: "TRUST", Entity: t,
				Field: "employingOrgVPDCode", TrueValue: w.Trusts[t].VPD, RecordedValue: strings.TrimPrefix(w.Trusts[t].VPD, "0"),
				At: e.unpadFrom.At(0, 0, 0), Detail: fmt.Sprintf("POR field 11 unpadded %s to %s", e.unpadFrom, e.unpadTo)})
		}
	}
}

// fault appends a fault row and returns its id.
func (e *ESR) fault(f Fault) int32 {
	f.ID = int32(len(e.w.Faults) + 1)
	e.w.Faults = append(e.w.Faults, f)
	return f.ID
}

// Day runs one day of ESR and of the interface traffic.
func (e *ESR) Day(d Date) error {
	e.discoverPosts(d)
	if d.Working() {
		e.createPositions(d)
	}
	e.deletePositions(d)
	e.personDay(d)
	if d.Working() {
		for di := range e.w.Deaneries {
			if err := e.updateFile(di, d); err != nil {
				return err
			}
		}
		if err := e.ex.run(d); err != nil {
			return err
		}
		if e.err != nil {
			return e.err
		}
	}
	e.eveningDay(d)
	if err := e.stfDay(d); err != nil {
		return err
	}
	if d == e.w.Settings.To {
		if e.sink != nil {
			e.fileHeads()
		}
		e.duplicateFiles() // every file is written
	}
	if e.sink != nil {
		e.flushFiles()
		return e.sink.failure()
	}
	return nil
}

// discoverPosts plans the positions of posts that appeared up to d: one
// per role, 5–40 working days after the post (domain 5.6).
func (e *ESR) discoverPosts(d Date) {
	w := e.w
	for ; e.postsSeen < len(w.Posts) && w.Posts[e.postsSeen].Created.Date() <= d; e.postsSeen++ {
		pi := int32(e.postsSeen)
		p := &w.Posts[pi]
		for role := 0; role <= len(p.Hosts); role++ {
			r := newRNG(w.Settings.Seed, drawPosition, uint64(p.ID), uint64(role))
			on := addWorkingDays(p.Created.Date(), r.between(5, 40))
			if p.Created < w.Settings.From.At(0, 0, 0) {
				// A post of the first day: its positions already exist.
				on = p.Created.Date() + 1
			}
			e.plans = append(e.plans, posPlan{on: on, post: pi, role: role})
		}
	}
	slices.SortFunc(e.plans, func(a, b posPlan) int {
		if a.on != b.on {
			return int(a.on - b.on)
		}
		if a.post != b.post {
			return int(a.post - b.post)
		}
		return a.role - b.role
	})
}

// addWorkingDays returns the n-th working day after d.
func addWorkingDays(d Date, n int) Date {
	for n > 0 {
		d++
		if d.Working() {
			n--
		}
	}
	return d
}

// createPositions creates the positions planned on or before d, with the
// DPN faults of domain 10.4.
func (e *ESR) createPositions(d Date) {
	w := e.w
	fr := w.Settings.Faults
	n := 0
	for n < len(e.plans) && e.plans[n].on <= d {
		n++
	}
	due := e.plans[:n]
	e.plans = e.plans[n:]
	for _, pl := range due {
		p := &w.Posts[pl.post]
		trust, role := p.Lead, roleLead
		if pl.role > 0 {
			trust, role = p.Hosts[pl.role-1], roleHost
		}
		r := newRNG(w.Settings.Seed, drawPosFault, uint64(p.ID), uint64(pl.role))
		at := d.At(9, 0, 0) + Timestamp(r.intn(5*3600))
		if at < w.Settings.From.At(0, 0, 0) || pl.on < w.Settings.From {
			at = p.Created + 3600
		}
		pos := Position{Post: pl.post, Role: role, Trust: trust, DPN: p.DPN, State: dpnOK,
			Created: at, Changed: at, StaffGrp: "Medical and Dental"}
		x := r.float()
		switch {
		case x < fr.PositionNoDPN:
			pos.DPN, pos.State = "", dpnMissing
			pos.Fault = e.fault(Fault{Kind: "POSITION_NO_DPN", Side: "ESR", EntityType: "POSITION",
				Field: "deaneryNumber", TrueValue: p.DPN, At: at, Detail: "position keyed without its DPN"})
		case x < fr.PositionNoDPN+fr.PositionWrongDPN:
			pos.DPN, pos.State = wrongDPN(&r, p.DPN), dpnWrong
			pos.Fault = e.fault(Fault{Kind: "POSITION_WRONG_DPN", Side: "ESR", EntityType: "POSITION",
				Field: "deaneryNumber", TrueValue: p.DPN, RecordedValue: pos.DPN, At: at, Detail: "one DPN part wrong"})
		}
		if len(e.backslash) > 0 && e.backslash[0] <= d && pos.DPN != "" {
			e.backslash = e.backslash[1:]
			pos.StaffGrp += `\`
			pos.BSFault = e.fault(Fault{Kind: "CSV_BACKSLASH", Side: "ESR", EntityType: "POSITION",
				Field: "positionTitle", TrueValue: "Medical and Dental", RecordedValue: pos.StaffGrp, At: at,
				Detail: "POS field 6 ends in a backslash"})
		}
		dup := pos.State == dpnOK && r.chance(fr.PositionDupDPN)
		if pos.State == dpnOK && r.chance(fr.PositionDeleted) {
			end := w.Settings.To
			if p.Retired != 0 {
				end = min(end, p.Retired.Date()-1)
			}
			if end > d+1 {
				pos.plannedDel = nextWorkingDay(d + 1 + Date(r.intn(int(end-d-1))))
				if pos.plannedDel > end {
					pos.plannedDel = 0
				}
			}
		}
		e.addPosition(pos)
		if dup {
			dp := pos
			dp.State = dpnDuplicate
			dp.Created += 1800
			dp.Changed = dp.Created
			dp.plannedDel, dp.BSFault = 0, 0
			dp.StaffGrp = "Medical and Dental"
			dp.Fault = e.fault(Fault{Kind: "POSITION_DUP_DPN", Side: "ESR", EntityType: "POSITION",
				Field: "deaneryNumber", TrueValue: p.DPN, RecordedValue: p.DPN, At: dp.Created,
				Detail: "a second live position with the DPN at the trust"})
			e.addPosition(dp)
		}
	}
}

func (e *ESR) addPosition(pos Position) {
	e.nextPosID++
	e.nextPosNo++
	pos.ID, pos.Number = e.nextPosID, strconv.FormatInt(e.nextPosNo, 10)
	idx := int32(len(e.Positions))
	for _, id := range []int32{pos.Fault, pos.BSFault} {
		if id > 0 {
			e.w.Faults[id-1].Entity = idx
		}
	}
	e.Positions = append(e.Positions, pos)
	e.byPost[pos.Post] = append(e.byPost[pos.Post], idx)
	if pos.DPN != "" {
		e.byDPN[pos.DPN] = append(e.byDPN[pos.DPN], idx)
		di := e.w.Trusts[pos.Trust].Deanery
		e.posDean[di] = append(e.posDean[di], idx)
		e.posChg[di] = append(e.posChg[di], idx)
	}
	if pos.plannedDel != 0 {
		e.delOn[pos.plannedDel] = append(e.delOn[pos.plannedDel], idx)
	}
}

// deletePositions deletes the positions of fault POSITION_DELETED due on d.
func (e *ESR) deletePositions(d Date) {
	for _, i := range e.delOn[d] {
		p := &e.Positions[i]
		if p.plannedDel != 0 && p.plannedDel == d && p.Deleted == 0 {
			r := newRNG(e.w.Settings.Seed, drawPosFault, uint64(p.ID), 99)
			p.Deleted = d.At(9, 0, 0) + Timestamp(r.intn(5*3600))
			p.Changed = p.Deleted
			p.DelFault = e.fault(Fault{Kind: "POSITION_DELETED", Side: "ESR", EntityType: "POSITION", Entity: i,
				Field: "changeDeleteIndicator", TrueValue: "C", RecordedValue: "D", At: p.Deleted,
				Detail: "deleted while the post is current"})
			if p.DPN != "" {
				di := e.w.Trusts[p.Trust].Deanery
				e.posChg[di] = append(e.posChg[di], i)
			}
		}
	}
	delete(e.delOn, d)
}

// changedSince returns, in index order, deanery di's positions changed in
// (from, to], and forgets those changed by to.
func (e *ESR) changedSince(di int, from, to Timestamp) []int32 {
	var out []int32
	kept := e.posChg[di][:0]
	for _, i := range e.posChg[di] {
		switch c := e.Positions[i].Changed; {
		case c > to:
			kept = append(kept, i)
		case c > from:
			out = append(out, i)
		}
	}
	e.posChg[di] = kept
	slices.Sort(out)
	return slices.Compact(out)
}

// wrongDPN changes one part of a DPN: the counter, the grade or the site.
func wrongDPN(r *rng, dpn string) string {
	parts := strings.Split(dpn, "/")
	if len(parts) < 5 {
		return dpn + "X"
	}
	n, _ := strconv.Atoi(parts[4])
	parts[4] = fmt.Sprintf("%03d", (n+1+r.intn(8))%1000)
	return strings.Join(parts, "/")
}

// positionTruth emits the rows of position_truth: every position ESR
// made, training posts' and the rest, with its DPN as recorded.
func (e *ESR) positionTruth(emit func(...string) error) error {
	for _, p := range e.Positions {
		del := ""
		if p.Deleted != 0 {
			del = p.Deleted.Date().String()
		}
		f := ""
		if p.Fault > 0 {
			f = strconv.Itoa(int(p.Fault))
		} else if p.DelFault > 0 {
			f = strconv.Itoa(int(p.DelFault))
		}
		if err := emit(strconv.FormatInt(p.ID, 10), p.Number, e.w.Trusts[p.Trust].VPD, e.w.idText(e.w.Posts[p.Post].Deanery, e.w.Posts[p.Post].ID),
			p.Role, p.DPN, p.State, p.Created.Date().String(), del, f); err != nil {
			return err
		}
	}
	return nil
}

// payScale returns the pay scale code and description of an approved grade.
func (e *ESR) payScale(g uint8) (string, string) {
	gr := e.w.grade(g)
	return gr.PayScale, gr.PayScaleDesc
}
