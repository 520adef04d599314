package sim

import (
	"slices"
	"strconv"
	"strings"

	"deanery/ingest/ident"
	"deanery/ingest/iface"
)

// updateModel is the deanery side of the update interface as the truth
// sees it (5.8): each delivered RMC/RMF is applied, in delivery order, to
// a view of ESR positions and to the person links and stored images, and
// what that does is counted. It is written from the rules, apart from the
// exporter's own view, so that each checks the other.
type updateModel struct {
	e    *ESR
	dean []*updDeanery
	// counts per (deanery, quarter of the file date): records received,
	// fields propagated, person records rejected UNKNOWN_PERSON.
	counts tally
	// rejections per (deanery, quarter, UPDATE_APPLY, UNKNOWN_PERSON).
	rejections tally
	// posts per (deanery, trust, quarter, state) (8.4).
	posts tally
	// prop holds, per trainee and field, the last propagated value.
	prop map[int32]map[string]propVal
	// APC answers seen so far, for resolution by assignment id.
	sendsSeen int
	filesSeen int
	fileDate  map[string]Date
	trainees  [][]int32 // per deanery, trainee indices
	// holders lists, per valid GMC number, the trainees that held it in
	// some version or were sent it (gmcHolders); made on first use.
	holders map[string][]int32
}

// propVal is a value that reached the deanery through the interface.
type propVal struct {
	value string
	at    Timestamp // apply time: the file's createdAt
}

// updDeanery is one deanery's side.
type updDeanery struct {
	positions map[int64]*updPos
	byDPN     map[string][]*updPos
	// links: ESR person number → trainee, made by resolution (5.8 step 3).
	links map[string]int32
	// asgTrainee: assignment id returned by APC SUCCESS → trainee.
	asgTrainee map[int64]int32
	// images: last stored image per person number and record type, as
	// the values of its imageFields.
	images map[imageKey][]string
	// nextQ is the next quarter whose post states are still to be taken.
	nextQ Quarter
}

// updPos is a position as the deanery knows it from update files.
type updPos struct {
	id         int64
	dpn, vpd   string
	trust      string // odsCode of the POR
	live, seen bool
}

func newUpdateModel(e *ESR) *updateModel {
	w := e.w
	m := &updateModel{e: e, prop: map[int32]map[string]propVal{}, fileDate: map[string]Date{},
		trainees: make([][]int32, len(w.Deaneries))}
	for range w.Deaneries {
		m.dean = append(m.dean, &updDeanery{positions: map[int64]*updPos{}, byDPN: map[string][]*updPos{},
			links: map[string]int32{}, asgTrainee: map[int64]int32{}, images: map[imageKey][]string{},
			nextQ: w.Settings.From.Quarter()})
	}
	for i := range w.Trainees {
		m.trainees[w.Trainees[i].Deanery] = append(m.trainees[w.Trainees[i].Deanery], int32(i))
	}
	return m
}

// recVal returns the value of a named field of a record built for a file
// (r.vals starts at field 2).
func recVal(r *rec, name string) string {
	l, ok := iface.Layout(r.typ)
	if !ok {
		return ""
	}
	i := l.Index(name) - 1
	if i < 0 || i >= len(r.vals) {
		return ""
	}
	return r.vals[i]
}

// padVPD restores a VPD code to 3 digits (VPD_UNPADDED).
func padVPD(v string) string {
	v = strings.TrimSpace(v)
	for v != "" && len(v) < 3 {
		v = "0" + v
	}
	return v
}

// apply applies one delivered RMC or RMF of deanery di created at at.
func (m *updateModel) apply(di int, f *ExFile, recs []rec, full bool, at Timestamp) {
	w := m.e.w
	dd := m.dean[di]
	m.snapshot(di, f.Date)
	add := m.counts.addNational(w.Deaneries[di].Code, f.Date.Quarter().String())
	add(0, int64(len(recs)))

	// Positions (step 2); an RMF deletes every known position it lacks.
	inFile := map[int64]bool{}
	for k := range recs {
		r := &recs[k]
		if r.typ != "POS" && r.typ != "POR" {
			continue
		}
		id, err := strconv.ParseInt(recVal(r, "positionID"), 10, 64)
		if err != nil {
			continue
		}
		inFile[id] = true
		p := dd.positions[id]
		if p == nil {
			p = &updPos{id: id}
			dd.positions[id] = p
		}
		dpn := strings.ToUpper(strings.TrimSpace(recVal(r, "deaneryNumber")))
		if dpn != p.dpn || !p.seen {
			dd.byDPN[dpn] = append(dd.byDPN[dpn], p)
		}
		p.dpn, p.seen = dpn, true
		p.live = recVal(r, "changeDeleteIndicator") == "C"
		if r.typ == "POR" {
			p.vpd, p.trust = padVPD(recVal(r, "employingOrgVPDCode")), recVal(r, "odsCode")
		}
	}
	if full {
		for id, p := range dd.positions {
			if !inFile[id] {
				p.live = false
			}
		}
	}
	m.applyPersons(di, f, recs, at, add)
}

// personRec is a person record with its line order in the file.
type personRec struct {
	line int
	r    *rec
	ts   string
}

// applyPersons applies the person records of a file (steps 3 and 4).
func (m *updateModel) applyPersons(di int, f *ExFile, recs []rec, at Timestamp, add func(int, int64)) {
	w := m.e.w
	dd := m.dean[di]
	byNumber := map[string][]personRec{}
	var numbers []string
	for k := range recs {
		r := &recs[k]
		switch r.typ {
		case "PER", "ADD", "ASG", "PBD":
		default:
			continue
		}
		n := recVal(r, "esrPersonNumber")
		if _, ok := byNumber[n]; !ok {
			numbers = append(numbers, n)
		}
		byNumber[n] = append(byNumber[n], personRec{line: k, r: r, ts: recVal(r, "changeTimestamp")})
	}
	if len(numbers) == 0 {
		return
	}
	m.catchUpAnswers(f.Date)
	var gmcs map[string][]int32 // holders at at, by GMC number, as asked
	resolved := map[string]int32{}
	var apply []personRec
	for _, n := range numbers {
		prs := byNumber[n]
		ti, ok := dd.links[n]
		if !ok {
			ti = -1
			for _, pr := range prs {
				if pr.r.typ != "PER" && pr.r.typ != "ASG" {
					continue
				}
				id, err := strconv.ParseInt(recVal(pr.r, "assignmentId"), 10, 64)
				if t, found := dd.asgTrainee[id]; err == nil && found {
					ti = t
					break
				}
			}
		}
		if ti < 0 {
			for _, pr := range prs {
				if pr.r.typ != "PBD" {
					continue
				}
				g := ident.Check(ident.GMC, recVal(pr.r, "registrationNumber"))
				if !g.Valid || g.Null {
					continue
				}
				if gmcs == nil {
					gmcs = map[string][]int32{}
				}
				l, seen := gmcs[g.Value]
				if !seen {
					l = m.gmcHolders(di, g.Value, at)
					gmcs[g.Value] = l
				}
				if len(l) == 1 {
					ti = l[0]
					break
				}
			}
		}
		if ti < 0 {
			add(2, int64(len(prs)))
			m.rejections.add(w.Deaneries[di].Code, f.Date.Quarter().String(), "UPDATE_APPLY", "UNKNOWN_PERSON")(0, int64(len(prs)))
			continue
		}
		resolved[n] = ti
		apply = append(apply, prs...)
	}
	for n, ti := range resolved {
		dd.links[n] = ti
	}
	slices.SortStableFunc(apply, func(a, b personRec) int {
		if c := strings.Compare(a.ts, b.ts); c != 0 {
			return c
		}
		return a.line - b.line
	})
	type tf struct {
		ti    int32
		field string
	}
	propagated := map[tf]bool{}
	for _, pr := range apply {
		r := pr.r
		if r.typ == "ASG" {
			continue // ASG updates the deanery's copy of the assignment only
		}
		n := recVal(r, "esrPersonNumber")
		ti := resolved[n]
		key := imageKey{n, r.typ}
		prev := dd.images[key]
		fields := imageFields[r.typ]
		changed := func(name string) (string, bool) {
			v := recVal(r, name)
			if v == "" {
				return "", false
			}
			if prev == nil {
				return v, true
			}
			return v, prev[slices.Index(fields, name)] != v
		}
		set := func(field, v string) {
			if m.prop[ti] == nil {
				m.prop[ti] = map[string]propVal{}
			}
			m.prop[ti][field] = propVal{value: v, at: at}
			if field == "gmc_number" {
				m.maybeHolder(ti, v)
			}
			propagated[tf{ti, field}] = true
		}
		for _, fm := range personFieldMap[r.typ] {
			if v, ok := changed(fm[0]); ok {
				if fm[0] == "dob" {
					v = dashed(v)
				}
				set(fm[1], v)
			}
		}
		if r.typ == "PER" {
			_, f1 := changed("firstName")
			_, f2 := changed("middleNames")
			if f1 || f2 {
				v := recVal(r, "firstName")
				if mid := recVal(r, "middleNames"); mid != "" {
					v += " " + mid
				}
				set("forenames", v)
			}
		}
		img := make([]string, len(fields))
		for j, name := range fields {
			img[j] = recVal(r, name)
		}
		dd.images[key] = img
	}
	add(1, int64(len(propagated)))
}

// personFieldMap maps the fields of PER, ADD and PBD to the trainee
// fields they update (5.8 mapping; forenames apart).
var personFieldMap = map[string][][2]string{
	"PER": {{"ukNino", "ni_number"}, {"lastName", "surname"}, {"previousLastName", "previous_surname"}, {"title", "title"},
		{"gender", "gender"}, {"dob", "date_of_birth"}, {"homeTel", "home_tel"}, {"mobileTel", "mobile_tel"},
		{"emailAddress", "email"}},
	"ADD": {{"address1", "address1"}, {"address2", "address2"}, {"address3", "address3"}, {"town", "town"},
		{"postcode", "postcode"}, {"country", "country"}},
	"PBD": {{"registrationNumber", "gmc_number"}},
}

// imageKey names a stored person image: person number, record type.
type imageKey struct{ num, typ string }

// imageFields are the fields of each record type a stored image keeps:
// those the next record of the type is compared on.
var imageFields = func() map[string][]string {
	out := map[string][]string{}
	for typ, fm := range personFieldMap {
		for _, f := range fm {
			out[typ] = append(out[typ], f[0])
		}
	}
	out["PER"] = append(out["PER"], "firstName", "middleNames")
	return out
}()

// catchUpAnswers takes in the APC answers of files dated before d: the
// assignment ids they returned on SUCCESS, by trainee of the deanery.
func (m *updateModel) catchUpAnswers(d Date) {
	e := m.e
	for ; m.filesSeen < len(e.Files); m.filesSeen++ {
		m.fileDate[e.Files[m.filesSeen].Name] = e.Files[m.filesSeen].Date
	}
	for ; m.sendsSeen < len(e.Sends); m.sendsSeen++ {
		s := &e.Sends[m.sendsSeen]
		if s.Route == "MANUAL" {
			continue
		}
		if m.fileDate[s.AppFile] >= d {
			break
		}
		if s.Status != "SUCCESS" || s.Assignment == 0 {
			continue
		}
		t := e.w.Placements[s.Placement].Trainee
		dd := m.dean[e.w.Trainees[t].Deanery]
		if _, ok := dd.asgTrainee[s.Assignment]; !ok {
			dd.asgTrainee[s.Assignment] = t
		}
	}
}

// gmcHolders returns the trainees of deanery di, in index order, whose
// GMC number as the deanery holds it at t is valid and normalises to gmc.
// It asks only the trainees that ever held gmc (see maybeHolder).
func (m *updateModel) gmcHolders(di int, gmc string, t Timestamp) []int32 {
	if m.holders == nil {
		m.holders = map[string][]int32{}
		for ti := range m.e.w.Trainees {
			m.versionHolders(int32(ti))
		}
	}
	var out []int32
	for _, ti := range m.holders[gmc] {
		if m.e.w.Trainees[ti].Deanery != di {
			continue
		}
		v, ok := m.deaneryValue(ti, "gmc_number", t)
		if !ok {
			continue
		}
		if g := ident.Check(ident.GMC, v); g.Valid && !g.Null && g.Value == gmc {
			out = append(out, ti)
		}
	}
	return out
}

// versionHolders notes the GMC numbers of trainee ti's versions.
func (m *updateModel) versionHolders(ti int32) {
	for k := range m.e.w.Trainees[ti].Rows {
		m.maybeHolder(ti, m.e.w.Trainees[ti].Rows[k].GMC)
	}
}

// maybeHolder notes that trainee ti may hold GMC number v (as given),
// keeping each list in index order without repeats.
func (m *updateModel) maybeHolder(ti int32, v string) {
	if m.holders == nil {
		return // made, from the versions, on first use
	}
	g := ident.Check(ident.GMC, v)
	if !g.Valid || g.Null {
		return
	}
	l := m.holders[g.Value]
	i, found := slices.BinarySearch(l, ti)
	if !found {
		m.holders[g.Value] = slices.Insert(l, i, ti)
	}
}

// deaneryValue is a trainee field as the deanery holds it at t (5.8): the
// latest of the extract version that last changed it and the last value
// propagated through the interface; ties go to the extract. ok is false
// before the record exists.
func (m *updateModel) deaneryValue(ti int32, field string, t Timestamp) (string, bool) {
	rows := m.e.w.Trainees[ti].Rows
	if len(rows) == 0 || rows[0].At > t {
		return "", false
	}
	v, at := rowField(&rows[0], field), rows[0].At
	for k := 1; k < len(rows) && rows[k].At <= t; k++ {
		if x := rowField(&rows[k], field); x != v {
			v, at = x, rows[k].At
		}
	}
	if p, ok := m.prop[ti][field]; ok && p.at <= t && p.at > at {
		v = p.value
	}
	return v, true
}

// deaneryValues is deaneryValue of several fields at once: out[i] takes
// field fields[i]. ok is false before the record exists (out untouched).
func (m *updateModel) deaneryValues(ti int32, fields []string, t Timestamp, out []string) bool {
	rows := m.e.w.Trainees[ti].Rows
	if len(rows) == 0 || rows[0].At > t {
		return false
	}
	n := 1
	for n < len(rows) && rows[n].At <= t {
		n++
	}
	prop := m.prop[ti]
	for i, f := range fields {
		get := rowGetter(f)
		v, at := get(&rows[0]), rows[0].At
		for k := 1; k < n; k++ {
			if x := get(&rows[k]); x != v {
				v, at = x, rows[k].At
			}
		}
		if p, ok := prop[f]; ok && p.at <= t && p.at > at {
			v = p.value
		}
		out[i] = v
	}
	return true
}

// snapshot takes the post states of deanery di for every quarter that
// ended before d (8.4: the view after every delivered file dated in or
// before the quarter).
func (m *updateModel) snapshot(di int, d Date) {
	dd := m.dean[di]
	for dd.nextQ.Last() < d && dd.nextQ <= m.e.w.Settings.To.Quarter() {
		m.postStates(di, dd.nextQ)
		dd.nextQ++
	}
}

// Post states of 8.4.
const (
	stateDuplicate  = "DUPLICATE_DPN"
	stateMatched    = "MATCHED"
	stateWrongTrust = "WRONG_TRUST"
	stateDeleted    = "DELETED"
	stateMissingESR = "MISSING_IN_ESR"
	stateNotLive    = "NOT_LIVE"
	stateMissingDea = "MISSING_IN_DEANERY"
)

// postStates counts the states of deanery di's posts at the end of q:
// one per employing trust of each post CURRENT at the quarter end whose
// lead trust is live then, and MISSING_IN_DEANERY per live known position
// whose DPN is no post of the deanery. National rows (ALL) pool every
// deanery, trust code empty.
func (m *updateModel) postStates(di int, q Quarter) {
	w := m.e.w
	dd := m.dean[di]
	end := (q+1).First().At(0, 0, 0) - 1
	qe, qs := q.Last(), q.String()
	dn := w.Deaneries[di].Code
	count := func(trust, state string) {
		m.posts.add(dn, trust, qs, state)(0, 1)
		m.posts.add("ALL", "", qs, state)(0, 1)
	}
	known := map[string]bool{}
	for pi := range w.Posts {
		post := &w.Posts[pi]
		if post.Deanery != di || post.Created > end {
			continue
		}
		known[post.DPN] = true
		if !w.postCurrent(int32(pi), end) || w.Trusts[post.Lead].LiveFrom > qe {
			continue
		}
		var withDPN []*updPos // P of 8.4
		for _, p := range dd.byDPN[post.DPN] {
			if p.dpn == post.DPN && !slices.Contains(withDPN, p) {
				withDPN = append(withDPN, p)
			}
		}
		roles := w.roleTrusts(int32(pi))
		ofPost := func(vpd string) bool {
			for _, t := range roles {
				if w.Trusts[t].VPD == vpd {
					return true
				}
			}
			return false
		}
		aligned := true
		for _, t := range roles {
			tr := &w.Trusts[t]
			if tr.LiveFrom > qe {
				count(tr.Code, stateNotLive)
				continue
			}
			here, elsewhere, live, deletedHere := 0, 0, 0, false
			for _, p := range withDPN {
				switch {
				case p.live && p.vpd == tr.VPD:
					here++
				case p.live && !ofPost(p.vpd):
					elsewhere++
				case !p.live && p.vpd == tr.VPD:
					deletedHere = true
				}
				if p.live {
					live++
				}
			}
			state := stateMissingESR
			switch {
			case here >= 2:
				state = stateDuplicate
			case here == 1:
				state = stateMatched
			case elsewhere >= 1:
				state = stateWrongTrust
			case live == 0 && deletedHere:
				state = stateDeleted
			}
			count(tr.Code, state)
			aligned = aligned && state == stateMatched
		}
		m.postScore(dn, qs, aligned)
	}
	vpds := w.trustsByVPD()
	ids := make([]int64, 0, len(dd.positions))
	for id, p := range dd.positions {
		if p.live && !known[p.dpn] {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		p := dd.positions[id]
		trust := p.trust
		if t, ok := vpds[p.vpd]; ok {
			trust = w.Trusts[t].Code
		}
		count(trust, stateMissingDea)
	}
}

// expectedUpdates counts expected_updates (10.5) by deanery and quarter
// of the file date: records received and fields propagated in applied
// RMC/RMF files, person records rejected UNKNOWN_PERSON, files of the
// deanery delivered again (replays, every file type), and sequence
// numbers missing when a file of the same stream arrives (gaps, counted
// in the quarter of the file that shows them).
func (e *ESR) expectedUpdates() tallyOut {
	var t tally
	if u := e.truth.upd; u != nil {
		for _, r := range u.counts.rows {
			for i, v := range r.counts {
				t.add(r.key...)(i, v)
			}
		}
	}
	last := map[string]int{}
	order := make([]int, 0, len(e.Files))
	for i := range e.Files {
		if e.Files[i].Delivered && len(e.Files[i].Deliveries) > 0 {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return int(e.Files[a].Deliveries[0] - e.Files[b].Deliveries[0])
	})
	for _, i := range order {
		f := &e.Files[i]
		add := t.addNational(f.Deanery, f.Date.Quarter().String())
		if n := len(f.Deliveries) - 1; n > 0 {
			add(3, int64(n))
		}
		k := f.Deanery + "/" + f.Type
		if f.Seq > last[k]+1 {
			add(4, int64(f.Seq-last[k]-1))
		}
		last[k] = max(last[k], f.Seq)
	}
	return t.columns(5)
}

// expectedPostStates takes the post states of the quarters not yet taken
// and returns them all.
func (e *ESR) expectedPostStates() tallyOut {
	m := e.truth.model(e)
	for di := range e.w.Deaneries {
		m.snapshot(di, e.w.Settings.To.Quarter().Last()+1)
	}
	return m.posts.columns(1)
}
