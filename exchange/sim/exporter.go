package sim

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"deanery/ingest/codes"
	"deanery/ingest/ident"
)

// Exporter is the deanery side of the recruitment interface as a plain
// reference model (domain 5.2, 5.7): each working day it builds the APP and
// DNC (or DNF) files of each deanery from the deanery state as of D 17:00,
// the positions the deanery learnt from RMF/RMC files and ESR's APC
// answers. It favours clarity over speed: a production exporter elsewhere
// must reproduce its files byte for byte.
type Exporter struct {
	e         *ESR
	dean      []*exDeanery
	byStart   [][]int32 // per deanery: placements sorted by (Start, index)
	byPost    [][]int32 // placements by post, then by trainee (placementsOf)
	byTrainee [][]int32
	// shiftLo and shiftHi bound the days any placement's start moves by
	// a DATE_CHANGE (0 included).
	shiftLo, shiftHi Date
	// pairs holds, per placement, the pairs sent and what the deanery
	// knows of them; pls what it knows of each placement. A placement is
	// one deanery's, so these need no deanery key.
	pairs [][]pairSlot
	pls   []exPlacement
	// recBuf holds reconciled's answer until its next call.
	recBuf []*viewPos
	// bounds holds each placement's possible dates (boundsOf).
	bounds []dateBounds
	// skip marks, beside each deanery's byStart, the placements the APP
	// loop may pass over: skipNever for good, else postVer+1 of their
	// post when every position reconciled then had a loaded pair (no APP
	// until the post's reconciled positions may change). byStartPost
	// holds their posts.
	skip        [][]uint32
	byStartPost [][]int32
	// postVer counts the changes that may change a post's reconciled
	// positions: its DPN's known positions, its trusts going live.
	postVer     []uint32
	postsOfDPN  map[string][]int32
	postsOfTrst [][]int32
	liveSeen    Date // trusts going live up to this run date are counted
}

// skipNever marks a placement no APP will ever carry.
const skipNever = ^uint32(0)

// pairSlot is a pair of a placement with its state.
type pairSlot struct {
	pos int64
	ps  *pairState
}

// viewPos is a position as the deanery knows it from update files.
type viewPos struct {
	id   int64
	num  string
	dpn  string
	vpd  string // normalised (3 digits)
	live bool
}

// pairKey is a (placement, position) pair.
type pairKey struct {
	pl  int32
	pos int64
}

// pairState is what the deanery knows of a pair's sends.
type pairState struct {
	last   []string // APP values last sent; let go on SUCCESS, never re-sent
	status string   // "" awaiting APC, SUCCESS, FAIL, NOANSWER (quarantined)
}

// appSent is an APP file awaiting its APC.
type appSent struct {
	file     string
	pairs    []pairKey
	answered bool
}

// exPlacement is what the deanery knows of a placement's sends.
type exPlacement struct {
	carried   bool // first carried by an APP file
	loaded    bool // some pair got APC SUCCESS
	sentStart Date // dates last sent (APP or type 4)
	sentEnd   Date
}

// exDeanery is the exporter's state for one deanery.
type exDeanery struct {
	positions map[int64]*viewPos
	byDPN     map[string][]*viewPos
	pending   []*appSent
	capped    bool      // a quarantine was inferred: cap 40 per DPN
	prevRun   Timestamp // previous run's 17:00 (0 before the first)
	dnfDay    Date      // 0 until the DNF is written
	deferT1   []int32   // type 1s deferred from the DNF day
	// loadedPl are the loaded placements that may still need a type 2 or
	// type 4 notification, in the order they were loaded (see changes).
	loadedPl []int32
	// postsBy are the deanery's posts by creation time (see newPosts).
	postsBy []int32
}

func newExporter(e *ESR) *Exporter {
	w := e.w
	x := &Exporter{e: e, postVer: make([]uint32, len(w.Posts)), postsOfDPN: map[string][]int32{},
		postsOfTrst: make([][]int32, len(w.Trusts)), liveSeen: Never}
	for pi := range w.Posts {
		p := &w.Posts[pi]
		x.postsOfDPN[p.DPN] = append(x.postsOfDPN[p.DPN], int32(pi))
		x.postsOfTrst[p.Lead] = append(x.postsOfTrst[p.Lead], int32(pi))
		for _, t := range p.Hosts {
			x.postsOfTrst[t] = append(x.postsOfTrst[t], int32(pi))
		}
	}
	for range e.w.Deaneries {
		x.dean = append(x.dean, &exDeanery{positions: map[int64]*viewPos{}, byDPN: map[string][]*viewPos{}})
	}
	return x
}

// applyUpdate applies the positions of a delivered RMC/RMF to deanery di's
// view; an RMF also deletes every known position it does not hold.
func (x *Exporter) applyUpdate(di int, sent []int32, full bool, at Timestamp) {
	st := x.dean[di]
	inFile := map[int64]bool{}
	for _, i := range sent {
		p := &x.e.Positions[i]
		inFile[p.ID] = true
		v := st.positions[p.ID]
		if v == nil {
			v = &viewPos{id: p.ID}
			st.positions[p.ID] = v
		}
		dpn := strings.ToUpper(strings.TrimSpace(p.DPN))
		if v.dpn != dpn {
			st.byDPN[dpn] = append(st.byDPN[dpn], v)
		}
		vpd, live := x.e.w.Trusts[p.Trust].VPD, p.Live(at)
		if v.dpn != dpn || v.vpd != vpd || v.live != live {
			x.bumpDPN(v.dpn)
			x.bumpDPN(dpn)
		}
		v.num, v.dpn, v.vpd, v.live = p.Number, dpn, vpd, live
	}
	if full {
		for id, v := range st.positions {
			if !inFile[id] {
				if v.live {
					x.bumpDPN(v.dpn)
				}
				v.live = false
			}
		}
	}
}

// bumpDPN counts a change of the known positions with DPN dpn.
func (x *Exporter) bumpDPN(dpn string) {
	for _, pi := range x.postsOfDPN[dpn] {
		x.postVer[pi]++
	}
}

// bumpLive counts the trusts going live by run date d.
func (x *Exporter) bumpLive(d Date) {
	w := x.e.w
	for t := range w.Trusts {
		if lf := w.Trusts[t].LiveFrom; lf <= d && (x.liveSeen == Never || lf > x.liveSeen) {
			for _, pi := range x.postsOfTrst[t] {
				x.postVer[pi]++
			}
		}
	}
	x.liveSeen = d
}

// index builds the per-deanery start-date index of placements.
func (x *Exporter) index() {
	w := x.e.w
	x.byStart = make([][]int32, len(w.Deaneries))
	for i := range w.Placements {
		di := w.Trainees[w.Placements[i].Trainee].Deanery
		x.byStart[di] = append(x.byStart[di], int32(i))
	}
	for _, l := range x.byStart {
		slices.SortStableFunc(l, func(a, b int32) int { return int(w.Placements[a].Start - w.Placements[b].Start) })
	}
	// Starts move only by a DATE_CHANGE: planned (its shift) or made.
	for i := range w.Placements {
		p := &w.Placements[i]
		if p.DateChange != nil {
			x.shiftLo, x.shiftHi = min(x.shiftLo, Date(p.DateChange.StartShift)), max(x.shiftHi, Date(p.DateChange.StartShift))
		}
		if p.Changed != 0 {
			x.shiftLo, x.shiftHi = min(x.shiftLo, p.NewStart-p.Start), max(x.shiftHi, p.NewStart-p.Start)
		}
	}
	x.pairs = make([][]pairSlot, len(w.Placements))
	x.pls = make([]exPlacement, len(w.Placements))
	x.bounds = make([]dateBounds, len(w.Placements))
	for i := range w.Placements {
		x.bounds[i] = boundsOf(&w.Placements[i])
	}
	x.skip = make([][]uint32, len(w.Deaneries))
	x.byStartPost = make([][]int32, len(w.Deaneries))
	for di, l := range x.byStart {
		x.skip[di] = make([]uint32, len(l))
		x.byStartPost[di] = make([]int32, len(l))
		for j, pi := range l {
			x.byStartPost[di][j] = w.Placements[pi].Post
		}
	}
}

// pair returns the state of pair k, nil when never sent.
func (x *Exporter) pair(k pairKey) *pairState {
	for _, s := range x.pairs[k.pl] {
		if s.pos == k.pos {
			return s.ps
		}
	}
	return nil
}

// setPair sets the state of pair k.
func (x *Exporter) setPair(k pairKey, ps *pairState) {
	l := x.pairs[k.pl]
	for i := range l {
		if l[i].pos == k.pos {
			l[i].ps = ps
			return
		}
	}
	x.pairs[k.pl] = append(l, pairSlot{k.pos, ps})
}

// placementID formats a placement id per the deanery system (7.10).
func (x *Exporter) placementID(di int, id int32) string {
	if x.e.w.Deaneries[di].System == codes.Empower {
		return "EMP" + pad(int64(id), 7)
	}
	return pad(int64(id), 9)
}

func pad(v int64, n int) string {
	s := strconv.FormatInt(v, 10)
	if len(s) < n {
		return strings.Repeat("0", n-len(s)) + s
	}
	return s
}

// traineeAt returns the trainee version held at t (nil before creation).
func (w *World) traineeAt(ti int32, t Timestamp) *TraineeRow {
	rows := w.Trainees[ti].Rows
	var r *TraineeRow
	for i := range rows {
		if rows[i].At > t {
			break
		}
		r = &rows[i]
	}
	return r
}

// liveSpan is when a trainee record is held and not deleted (see
// traineeLive): from its first version to its first deleted one.
type liveSpan struct {
	from, to Timestamp
	ok       bool // the versions fit: in time order, deleted for good
}

// traineeLive reports whether trainee ti's version held at t exists and
// is not deleted, as traineeAt would tell.
func (w *World) traineeLive(ti int32, t Timestamp) bool {
	w.makeSpans()
	if int(ti) < len(w.spans) {
		if s := &w.spans[ti]; s.ok {
			return s.from <= t && t < s.to
		}
	}
	tr := w.traineeAt(ti, t)
	return tr != nil && !tr.Deleted
}

// makeSpans makes what traineeLive keeps, once.
func (w *World) makeSpans() {
	if w.spans == nil {
		w.spans = make([]liveSpan, len(w.Trainees))
		for i := range w.Trainees {
			w.spans[i] = spanOf(w.Trainees[i].Rows)
		}
	}
}

// spanOf returns the live span of a record's versions; not ok when they
// are out of time order or come back from deletion.
func spanOf(rows []TraineeRow) liveSpan {
	if len(rows) == 0 {
		return liveSpan{}
	}
	s := liveSpan{from: rows[0].At, to: math.MaxInt64, ok: true}
	for k := range rows {
		switch {
		case k > 0 && rows[k].At <= rows[k-1].At:
			return liveSpan{}
		case rows[k].Deleted && s.to == math.MaxInt64:
			s.to = rows[k].At
		case !rows[k].Deleted && s.to != math.MaxInt64:
			return liveSpan{}
		}
	}
	return s
}

// versionsChanged updates what traineeLive keeps of trainee ti after its
// versions changed.
func (w *World) versionsChanged(ti int32) {
	if int(ti) < len(w.spans) {
		w.spans[ti] = spanOf(w.Trainees[ti].Rows)
	}
	if w.esr != nil && w.esr.truth.upd != nil && w.esr.truth.upd.holders != nil {
		w.esr.truth.upd.versionHolders(ti)
	}
}

// deaneryTrainee is trainee ti as the deanery holds it at t (5.11 "APP
// content source"): the extract version held at t, each field a person
// record propagated taking the 5.8 deanery value (the latest of the
// extract's own last change of it and the last update applied by t; ties
// go to the extract). The applied updates are the truth's model of the
// deanery side of the update interface, fed with every delivered RMC/RMF.
func (x *Exporter) deaneryTrainee(ti int32, t Timestamp) *TraineeRow {
	r := x.e.w.traineeAt(ti, t)
	m := x.e.truth.upd
	if r == nil || m == nil || len(m.prop[ti]) == 0 {
		return r
	}
	c := *r
	for name := range m.prop[ti] { // each field apart: the order is free
		if v := propagatedField(&c, name); v != nil {
			*v, _ = m.deaneryValue(ti, name, t)
		}
	}
	return &c
}

// propagatedField is the field of r that a propagated value of the named
// trainee field takes (5.11 "APP content source"), nil for others.
func propagatedField(r *TraineeRow, name string) *string {
	switch name {
	case "title":
		return &r.Title
	case "forenames":
		return &r.Forenames
	case "surname":
		return &r.Surname
	case "previous_surname":
		return &r.PrevSurname
	case "date_of_birth":
		return &r.DOB
	case "gender":
		return &r.Gender
	case "ni_number":
		return &r.NI
	case "gmc_number":
		return &r.GMC
	case "email":
		return &r.Email
	case "mobile_tel":
		return &r.Mobile
	case "home_tel":
		return &r.Home
	case "address1":
		return &r.Addr1
	case "address2":
		return &r.Addr2
	case "address3":
		return &r.Addr3
	case "town":
		return &r.Town
	case "postcode":
		return &r.Postcode
	case "country":
		return &r.Country
	}
	return nil
}

// plState is a placement as the deanery holds it at t.
type plState struct {
	approved, withdrawn, sentType bool
	start, end                    Date
}

func (w *World) placementAt(pi int32, t Timestamp) (plState, bool) {
	p := &w.Placements[pi]
	if p.Created > t {
		return plState{}, false
	}
	s := plState{approved: p.Approved != 0 && p.Approved <= t, withdrawn: p.Withdrawn != 0 && p.Withdrawn <= t,
		sentType: codes.IsSentType(w.ptype(p.Type).Code)}
	s.start, s.end = p.Dates(t)
	return s, true
}

// active reports an approved, not withdrawn placement whose trainee is not
// deleted at t.
func (w *World) activeAt(pi int32, t Timestamp) (plState, bool) {
	s, ok := w.placementAt(pi, t)
	if !ok || !s.approved || s.withdrawn {
		return s, false
	}
	return s, w.traineeLive(w.Placements[pi].Trainee, t)
}

// postCurrent reports whether post pi exists and is CURRENT at t.
func (w *World) postCurrent(pi int32, t Timestamp) bool {
	p := &w.Posts[pi]
	return p.Created <= t && (p.Retired == 0 || p.Retired > t)
}

// roleTrusts returns the post's trusts, lead first.
func (w *World) roleTrusts(pi int32) []int32 {
	p := &w.Posts[pi]
	return append([]int32{p.Lead}, p.Hosts...)
}

// reconciled returns the live known positions of post pi at trusts live
// on d, in position id order (conditions 3 and 4 of 5.2). The slice is
// reused by the next call.
func (x *Exporter) reconciled(di int, pi int32, d Date, liveOnly bool) []*viewPos {
	w := x.e.w
	st := x.dean[di]
	post := &w.Posts[pi]
	out := x.recBuf[:0]
	for _, v := range st.byDPN[post.DPN] {
		if !v.live || v.dpn != post.DPN || slices.Contains(out, v) {
			continue
		}
		for r := 0; r <= len(post.Hosts); r++ {
			t := post.Lead
			if r > 0 {
				t = post.Hosts[r-1]
			}
			if (!liveOnly || w.Trusts[t].LiveFrom <= d) && v.vpd == w.Trusts[t].VPD {
				out = append(out, v)
				break
			}
		}
	}
	slices.SortFunc(out, func(a, b *viewPos) int { return int(a.id - b.id) })
	x.recBuf = out
	return out
}

// appRecord builds the APP values (fields 2–33) of placement pi on
// position v, as of run date d (state at d 17:00; 5.11 "APP values").
func (x *Exporter) appRecord(di int, pi int32, v *viewPos, d Date, s plState) []string {
	w := x.e.w
	t := d.At(17, 0, 0)
	p := &w.Placements[pi]
	tr := x.deaneryTrainee(p.Trainee, t)
	first, middle := splitForenames(tr.Forenames)
	title, _ := codes.TitleToApp(tr.Title)
	ni := ""
	if tr.NI != "" {
		ni = ident.Check(ident.NINO, tr.NI).Value
	}
	gmc := gmcValue(tr.GMC)
	body := ""
	if gmc != "" {
		body = "General Medical Council"
	}
	end := ""
	if s.end != 0 {
		end = s.end.Compact()
	}
	return []string{d.Compact(), w.Posts[p.Post].DPN, strconv.FormatInt(v.id, 10), v.num,
		s.start.Compact(), end, title, first, middle, tr.Surname, tr.PrevSurname, compactDate(tr.DOB), tr.Gender,
		ni, strings.ToUpper(strings.TrimSpace(tr.NTN)), body, gmc, "", tr.Email, tr.Home, tr.Mobile,
		tr.Addr1, tr.Addr2, tr.Addr3, tr.Town, "", tr.Postcode, tr.Country, tr.Nationality,
		wteText(p.WTE, 2), w.grade(p.Grade).Code, x.placementID(di, p.ID)}
}

// splitForenames returns the first forename token and the rest.
func splitForenames(s string) (string, string) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return "", ""
	}
	return f[0], strings.Join(f[1:], " ")
}

// compactDate turns YYYY-MM-DD into YYYYMMDD ("" stays "").
func compactDate(s string) string { return strings.ReplaceAll(s, "-", "") }

// wteText formats hundredths with dec decimals, rounding half up.
func wteText(h uint8, dec int) string {
	if dec == 2 {
		return strconv.Itoa(int(h)/100) + "." + pad(int64(h)%100, 2)
	}
	tenths := (int(h) + 5) / 10
	return strconv.Itoa(tenths/10) + "." + strconv.Itoa(tenths%10)
}

// appCand is one APP record about to be written.
type appCand struct {
	key   pairKey
	start Date
	dpn   string
	plID  string
	vals  []string
}

// run writes the DNC/DNF and APP files of every deanery for run date d,
// then lets ESR answer them.
func (x *Exporter) run(d Date) error {
	if x.byStart == nil {
		x.index()
	}
	x.bumpLive(d)
	for di := range x.e.w.Deaneries {
		if err := x.runDeanery(di, d); err != nil {
			return err
		}
	}
	return nil
}

func (x *Exporter) runDeanery(di int, d Date) error {
	w := x.e.w
	st := x.dean[di]
	dean := &w.Deaneries[di]
	firstLive := Never
	for _, t := range dean.Trusts {
		firstLive = min(firstLive, w.Trusts[t].LiveFrom)
	}
	if d < firstLive {
		return nil
	}
	T := d.At(17, 0, 0)

	// Quarantine inference: an APP file no APC answered by now.
	for _, f := range st.pending {
		if !f.answered {
			st.capped = true
			for _, k := range f.pairs {
				if ps := x.pair(k); ps != nil && ps.status == "" {
					ps.status = "NOANSWER"
				}
			}
		}
	}
	st.pending = nil

	// APP candidates (5.2).
	var cands []appCand
	l, skip, posts := x.byStart[di], x.skip[di], x.byStartPost[di]
	lo, hi := x.window(di, d)
	for j := lo; j < hi; j++ {
		if sk := skip[j]; sk == skipNever || sk != 0 && sk == x.postVer[posts[j]]+1 {
			continue
		}
		pi := l[j]
		s, ok := w.placementAt(pi, T)
		p := &w.Placements[pi]
		if ok && (s.withdrawn || !s.sentType || s.start < d+2 && datesFinal(p, T)) {
			skip[j] = skipNever // for good: withdrawn, never sent, or started
		}
		if !ok || !s.approved || s.withdrawn || !s.sentType || s.start < d+2 || s.start >= d+91 {
			continue
		}
		if !w.postCurrent(p.Post, T) {
			continue
		}
		if !w.traineeLive(p.Trainee, T) {
			continue // not active (see activeAt)
		}
		loaded := true // every pair loaded: nothing to send until postVer moves
		for _, v := range x.reconciled(di, p.Post, d, true) {
			k := pairKey{pi, v.id}
			ps := x.pair(k)
			if ps == nil || ps.status != "SUCCESS" {
				loaded = false
			}
			if ps != nil && ps.status != "NOANSWER" && ps.status != "FAIL" {
				continue // sent, and not to be sent again: no values needed
			}
			vals := x.appRecord(di, pi, v, d, s)
			if ps != nil && ps.status == "FAIL" && slices.Equal(ps.last[1:], vals[1:]) {
				continue // a FAIL is re-sent only with changed values
			}
			cands = append(cands, appCand{key: k, start: s.start, dpn: w.Posts[p.Post].DPN,
				plID: x.placementID(di, p.ID), vals: vals})
		}
		if loaded {
			skip[j] = x.postVer[posts[j]] + 1
		}
	}
	slices.SortStableFunc(cands, func(a, b appCand) int {
		switch {
		case a.start != b.start:
			return int(a.start - b.start)
		case a.dpn != b.dpn:
			return strings.Compare(a.dpn, b.dpn)
		case a.plID != b.plID:
			return strings.Compare(a.plID, b.plID)
		}
		return int(a.key.pos - b.key.pos)
	})
	if st.capped {
		n := map[string]int{}
		kept := cands[:0]
		for _, c := range cands {
			if n[c.dpn] < 40 {
				n[c.dpn]++
				kept = append(kept, c)
			}
		}
		cands = kept
	}

	// Notifications (5.7).
	dnfDay := st.dnfDay == 0
	var notes []note
	var newlyCarried []int32
	for _, c := range cands {
		xp := &x.pls[c.key.pl]
		if !xp.carried && !slices.Contains(newlyCarried, c.key.pl) {
			newlyCarried = append(newlyCarried, c.key.pl)
		}
	}
	if dnfDay {
		for pi := range w.Posts {
			if w.postCurrent(int32(pi), T) && len(x.reconciled(di, int32(pi), d, false)) > 0 && w.Posts[pi].Deanery == di {
				if n, ok := x.type1Full(di, int32(pi), d); ok {
					notes = append(notes, n)
				}
			}
		}
		st.deferT1 = append(st.deferT1, newlyCarried...)
	} else {
		for _, pi := range append(st.deferT1, newlyCarried...) {
			if n, ok := x.type1(di, pi, d); ok {
				notes = append(notes, n)
			}
		}
		st.deferT1 = nil
		notes = append(notes, x.changes(di, d)...)
		notes = append(notes, x.newPosts(di, d)...)
	}
	for _, pi := range newlyCarried {
		xp := &x.pls[pi]
		xp.carried = true
		s, _ := w.placementAt(pi, T)
		xp.sentStart, xp.sentEnd = s.start, s.end
	}
	slices.SortStableFunc(notes, func(a, b note) int {
		switch {
		case a.typ != b.typ:
			return a.typ - b.typ
		case a.dpn != b.dpn:
			return strings.Compare(a.dpn, b.dpn)
		}
		return strings.Compare(a.plID, b.plID)
	})
	st.prevRun = T // the withdrawal memory of type 2 (see wdPrev)

	if len(notes) > 0 || dnfDay || w.Settings.EmptyFiles {
		typ, mode := "DNC", "CHANGE"
		if dnfDay {
			typ, mode = "DNF", "FULL"
			st.dnfDay = d
		}
		recs := make([]rec, len(notes))
		for i, n := range notes {
			recs[i] = rec{"DNC", n.vals}
		}
		f, err := x.e.writeFile(dean.Code, typ, d.At(17, 30, 0), mode, recs)
		if err != nil {
			return err
		}
		x.e.answerDNC(di, f, notes)
	}
	if len(cands) == 0 && !w.Settings.EmptyFiles {
		return nil
	}
	recs := make([]rec, len(cands))
	sent := &appSent{}
	for i, c := range cands {
		recs[i] = rec{"APP", c.vals}
		sent.pairs = append(sent.pairs, c.key)
		x.setPair(c.key, &pairState{last: c.vals})
	}
	f, err := x.e.writeFile(dean.Code, "APP", d.At(18, 0, 0), "", recs)
	if err != nil {
		return err
	}
	sent.file = f.Name
	st.pending = append(st.pending, sent)
	return x.e.answerAPP(di, f, cands, sent)
}

// window returns the range [lo, hi) of deanery di's byStart whose start
// may fall in [d+2, d+91), date changes allowed for: those approved to
// start in [d−120, d+211] (the reference's reach) and, given the largest
// DATE_CHANGE shifts, able to start in the range.
func (x *Exporter) window(di int, d Date) (lo, hi int) {
	w := x.e.w
	l := x.byStart[di]
	from, to := max(d-120, d+2-x.shiftHi), min(d+211, d+90-x.shiftLo)
	lo, _ = slices.BinarySearchFunc(l, from, func(pi int32, t Date) int { return int(w.Placements[pi].Start - t) })
	hi = lo
	for hi < len(l) && w.Placements[l[hi]].Start <= to {
		hi++
	}
	return lo, hi
}

// recordAnswer stores ESR's APC answer for a pair (called by the APC
// reader side of the model).
func (x *Exporter) recordAnswer(di int, k pairKey, status string) {
	st := x.dean[di]
	if ps := x.pair(k); ps != nil {
		ps.status = status
		if status == "SUCCESS" {
			ps.last = nil // a loaded pair is never sent again
		}
	}
	if status == "SUCCESS" {
		xp := &x.pls[k.pl]
		if !xp.loaded {
			xp.loaded = true
			st.loadedPl = append(st.loadedPl, k.pl)
		}
	}
}
