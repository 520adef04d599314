package sim

import (
	"slices"
	"strconv"
	"strings"

	"deanery/ingest/ident"
	"deanery/ingest/iface"
)

// Alignment truth (domain 8): the expected scores and field agreement,
// per deanery and quarter, using the true links (8.1). Both sides are
// taken as of each quarter end, end of day: the deanery side from the
// extracts merged with the updates applied (5.8, the update model), the
// ESR side from the most recent STF row of each person and period. They
// are computed at each quarter end, once that day's STF files are
// written.

// scoreUnit is a common multiple of every possible compared count (at
// most 9 fields): a person record score agree/compared is a whole number
// of 1/scoreUnit, so means are exact.
const scoreUnit = 2520

// Score columns of the score tally.
const (
	scPopulation = iota
	scNum        // score numerator
	scDen        // score denominator
	scLinked
)

// alignBook holds what STF files told, and the tallies of 8.3.
type alignBook struct {
	// persons: the person fields of each person's most recent STF row.
	persons map[string]*stfPerson
	// byPerson holds the most recent STF row of each period, by person
	// number (an assignment is one person's), in order of first sight.
	byPerson map[string][]stfPeriod
	// fields per (deanery, quarter, entity, field): pairs, compared,
	// agree, one_null.
	fields tally
	// scores per (deanery, quarter, entity).
	scores tally
	// dnorm holds, per trainee, each compared field's last deanery value
	// and its normalised form (normField).
	dnorm []*[len(personFields)][2]string
	// The placements quarterPlacements hands out: bounds of their start
	// and of their end or start, those by the first bound, the next to
	// take, those taken and not yet over.
	qMinStart, qMaxEnd []Date
	qOrder, qActive    []int32
	qNext              int
}

// stfPerson holds the compared ESR fields (8.2) of a person.
type stfPerson struct {
	vals [len(personFields)]string
	norm [len(personFields)]string // vals normalised (normField)
}

// stfPeriod is an assignment period as the last STF showed it.
type stfPeriod struct {
	asg                  int64
	seq                  int
	dpn, status, payband string
	start, projEnd, end  string // YYYYMMDD
	wte                  string
}

// personFields are the compared person fields of 8.2: the table's name,
// the trainee field (5.8 names) and the STF field.
var personFields = [...][3]string{
	{"last_name", "surname", "lastName"},
	{"first_name", "forenames", "firstName"},
	{"date_of_birth", "date_of_birth", "dob"},
	{"gender", "gender", "gender"},
	{"ni_number", "ni_number", "niNumber"},
	{"gmc_number", "gmc_number", "gmcNumber"},
	{"email", "email", "emailAddress"},
	{"postcode", "postcode", "postcode"},
	{"address_line1", "address1", "address1"},
}

// stfIndexes are the value indexes (as recVal finds them) of the fields
// onSTF reads from records of one type.
type stfIndexes struct {
	person                                                    [len(personFields)]int
	number, asg, seq, dpn, status, pay, start, proj, end, wte int
}

func stfIndexesOf(typ string) *stfIndexes {
	x := &stfIndexes{}
	l, ok := iface.Layout(typ)
	idx := func(name string) int {
		if !ok {
			return -1
		}
		return l.Index(name) - 1
	}
	for i, f := range personFields {
		x.person[i] = idx(f[2])
	}
	x.number, x.asg, x.seq = idx("esrPersonNumber"), idx("assignmentId"), idx("periodSeq")
	x.dpn, x.status, x.pay = idx("deaneryNumber"), idx("assignmentStatus"), idx("gradePayscale")
	x.start, x.proj, x.end, x.wte = idx("startDate"), idx("projectedEndDate"), idx("endDate"), idx("wte")
	return x
}

var stfIdx = stfIndexesOf("STF")

// val returns the value at index i of a record's values, "" when none
// (recVal with the index looked up).
func (r *rec) val(i int) string {
	if i < 0 || i >= len(r.vals) {
		return ""
	}
	return r.vals[i]
}

// personFieldNames are the trainee fields of personFields.
var personFieldNames = func() (out [len(personFields)]string) {
	for i, f := range personFields {
		out[i] = f[1]
	}
	return out
}()

// onSTF takes in the records of an STF file.
func (b *truthBook) onSTF(recs []rec) {
	a := &b.align
	if a.persons == nil {
		a.persons = map[string]*stfPerson{}
		a.byPerson = map[string][]stfPeriod{}
	}
	for k := range recs {
		r := &recs[k]
		fx := stfIdx
		if r.typ != "STF" {
			fx = stfIndexesOf(r.typ)
		}
		n := r.val(fx.number)
		var vals [len(personFields)]string
		for i := range personFields {
			vals[i] = r.val(fx.person[i])
		}
		if p := a.persons[n]; p == nil || p.vals != vals {
			p = &stfPerson{vals: vals}
			for i, f := range personFields {
				p.norm[i] = normField(f[0], vals[i])
			}
			a.persons[n] = p
		}
		asg, err := strconv.ParseInt(r.val(fx.asg), 10, 64)
		seq, err2 := strconv.Atoi(r.val(fx.seq))
		if err != nil || err2 != nil {
			continue
		}
		per := stfPeriod{asg: asg, seq: seq, dpn: r.val(fx.dpn), status: r.val(fx.status),
			payband: r.val(fx.pay), start: r.val(fx.start), projEnd: r.val(fx.proj),
			end: r.val(fx.end), wte: r.val(fx.wte)}
		l := a.byPerson[n]
		i := slices.IndexFunc(l, func(p stfPeriod) bool { return p.asg == asg && p.seq == seq })
		if i >= 0 {
			l[i] = per
			continue
		}
		a.byPerson[n] = append(l, per)
	}
}

// onQuarterEnd computes the person and placement alignment of the
// quarter ending on d, after that day's STF files.
func (b *truthBook) onQuarterEnd(e *ESR, d Date) {
	m := b.model(e)
	a := &b.align
	w := e.w
	q := d.Quarter()
	qs := q.String()
	end := (d+1).At(0, 0, 0) - 1
	cands := a.quarterPlacements(w, q.First(), d)
	// Each trainee's placements, as a range of cands.
	var groups [][2]int
	for i := 0; i < len(cands); {
		ti := w.Placements[cands[i]].Trainee
		j := i + 1
		for j < len(cands) && w.Placements[cands[j]].Trainee == ti {
			j++
		}
		groups = append(groups, [2]int{i, j})
		i = j
	}
	// Two halves of the trainees are scored side by side: the scoring
	// reads the world, ESR and the STF rows and writes only its own
	// tallies (the second half's are added in after) and its trainees'
	// dnorm entries.
	if a.dnorm == nil {
		a.dnorm = make([]*[len(personFields)][2]string, len(w.Trainees))
	}
	w.makeSpans() // before the halves share them
	acc := &quarterTally{a: a, qs: qs, memo: map[[3]string]func(int, int64){}}
	half := len(groups)
	var other *alignBook
	done := make(chan struct{})
	if len(groups) >= 256 {
		half = len(groups) / 2
		other = &alignBook{}
		go func() {
			defer close(done)
			a.scoreTrainees(e, m, &quarterTally{a: other, qs: qs, memo: map[[3]string]func(int, int64){}}, cands, groups[half:], d, end)
		}()
	} else {
		close(done)
	}
	a.scoreTrainees(e, m, acc, cands, groups[:half], d, end)
	<-done
	if other != nil {
		a.scores.merge(&other.scores)
		a.fields.merge(&other.fields)
	}
}

// scoreTrainees adds to acc the person and placement scores of the
// trainees whose placements are the given ranges of cands.
func (a *alignBook) scoreTrainees(e *ESR, m *updateModel, acc *quarterTally, cands []int32, groups [][2]int, d Date, end Timestamp) {
	w := e.w
	q := d.Quarter()
	for _, g := range groups {
		mine := cands[g[0]:g[1]]
		ti := w.Placements[mine[0]].Trainee
		tr := &w.Trainees[ti]
		if !w.traineeLive(ti, end) {
			continue
		}
		dn := w.Deaneries[tr.Deanery].Code
		var inPop, starting []int32
		for _, pi := range mine {
			s, ok := w.placementAt(pi, end)
			if !ok || !s.approved || s.withdrawn || !s.sentType {
				continue
			}
			if s.start <= d && s.end >= q.First() {
				inPop = append(inPop, pi)
			}
			if s.start >= q.First() && s.start <= d {
				starting = append(starting, pi)
			}
		}
		if len(inPop) == 0 && len(starting) == 0 {
			continue
		}
		person := a.trueTarget(e, tr.Human, d)
		if len(inPop) > 0 {
			a.personScore(acc, m, dn, ti, person, end)
		}
		for _, pi := range starting {
			a.placementScore(acc, w, dn, pi, person, end)
		}
	}
}

// quarterPlacements returns, by (trainee, index), the placements that may
// be in a quarter's populations: those whose start may fall by its last
// day d and whose end or start may fall on or after its first day, any
// DATE_CHANGE allowed for. Quarters come in order: a placement ending
// before one is never looked at again.
func (a *alignBook) quarterPlacements(w *World, first, d Date) []int32 {
	if a.qOrder == nil {
		a.qMinStart = make([]Date, len(w.Placements))
		a.qMaxEnd = make([]Date, len(w.Placements))
		a.qOrder = make([]int32, len(w.Placements))
		for i := range w.Placements {
			b := boundsOf(&w.Placements[i])
			a.qMinStart[i], a.qMaxEnd[i], a.qOrder[i] = b.minStart, max(b.maxStart, b.maxEnd), int32(i)
		}
		slices.SortStableFunc(a.qOrder, func(x, y int32) int { return int(a.qMinStart[x] - a.qMinStart[y]) })
	}
	for a.qNext < len(a.qOrder) && a.qMinStart[a.qOrder[a.qNext]] <= d {
		a.qActive = append(a.qActive, a.qOrder[a.qNext])
		a.qNext++
	}
	kept := a.qActive[:0]
	for _, pi := range a.qActive {
		if a.qMaxEnd[pi] >= first {
			kept = append(kept, pi)
		}
	}
	a.qActive = kept
	out := slices.Clone(kept)
	slices.SortFunc(out, func(x, y int32) int {
		if tx, ty := w.Placements[x].Trainee, w.Placements[y].Trainee; tx != ty {
			return int(tx - ty)
		}
		return int(x - y)
	})
	return out
}

// quarterTally adds to the alignment tallies of one quarter, keeping the
// adder of each row at hand.
type quarterTally struct {
	a    *alignBook
	qs   string
	memo map[[3]string]func(int, int64)
	pf   map[string]*[len(personFields)]func(int, int64)
}

// score returns the adder of the (deanery, entity) score row.
func (q *quarterTally) score(dn, entity string) func(int, int64) {
	k := [3]string{dn, entity, "\x00"}
	f := q.memo[k]
	if f == nil {
		f = q.a.scores.addNational(dn, q.qs, entity)
		q.memo[k] = f
	}
	return f
}

// personFields returns the adders of the (deanery, PERSON, field) rows of
// every compared person field.
func (q *quarterTally) personFields(dn string) *[len(personFields)]func(int, int64) {
	if q.pf == nil {
		q.pf = map[string]*[len(personFields)]func(int, int64){}
	}
	fas := q.pf[dn]
	if fas == nil {
		fas = &[len(personFields)]func(int, int64){}
		for i, f := range personFields {
			fas[i] = q.field(dn, "PERSON", f[0])
		}
		q.pf[dn] = fas
	}
	return fas
}

// field returns the adder of the (deanery, entity, field) row.
func (q *quarterTally) field(dn, entity, field string) func(int, int64) {
	k := [3]string{dn, entity, field}
	f := q.memo[k]
	if f == nil {
		f = q.a.fields.addNational(dn, q.qs, entity, field)
		q.memo[k] = f
	}
	return f
}

// trueTarget is the true link of a human at quarter end d (8.1): of the
// ESR persons of the human known from STF files so far, the one holding
// the latest period starting by d, lower person number on ties (and when
// none has one); "" when ESR holds none.
func (a *alignBook) trueTarget(e *ESR, human int32, d Date) string {
	best, bestStart := "", ""
	dc := d.Compact()
	for _, pi := range e.people.byHuman[human] {
		n := e.people.persons[pi].Number
		if _, ok := a.persons[n]; !ok {
			continue
		}
		latest := ""
		for _, per := range a.byPerson[n] {
			if s := per.start; s <= dc && s > latest {
				latest = s
			}
		}
		if best == "" || latest > bestStart || latest == bestStart && n < best {
			best, bestStart = n, latest
		}
	}
	return best
}

// personScore compares one trainee of the person population with its
// true ESR person (8.2, 8.3).
func (a *alignBook) personScore(acc *quarterTally, m *updateModel, dn string, ti int32, person string, end Timestamp) {
	add := acc.score(dn, "PERSON")
	add(scPopulation, 1)
	if person == "" {
		return
	}
	add(scLinked, 1)
	esr := a.persons[person]
	var dv [len(personFields)]string
	m.deaneryValues(ti, personFieldNames[:], end, dv[:])
	memo := a.dnorm[ti]
	if memo == nil {
		memo = &[len(personFields)][2]string{}
		for i, f := range personFields {
			memo[i] = [2]string{dv[i], normField(f[0], dv[i])}
		}
		a.dnorm[ti] = memo
	}
	fas := acc.personFields(dn)
	agree, compared := 0, 0
	for i, f := range personFields {
		if memo[i][0] != dv[i] {
			memo[i] = [2]string{dv[i], normField(f[0], dv[i])}
		}
		x, y := memo[i][1], esr.norm[i]
		fa := fas[i]
		fa(0, 1)
		switch {
		case x == "" && y == "":
			continue
		case x == "" || y == "":
			fa(1, 1)
			fa(3, 1)
		case x == y && !strings.HasPrefix(x, "\x00"):
			fa(1, 1)
			fa(2, 1)
			agree++
		default:
			fa(1, 1)
		}
		compared++
	}
	if compared > 0 {
		add(scNum, int64(scoreUnit*agree/compared))
		add(scDen, scoreUnit)
	}
}

// normField is the 8.2 normalisation of a compared person field; "" is
// null. A date that does not parse comes back marked, so that it never
// agrees.
func normField(field, v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	switch field {
	case "last_name", "address_line1":
		return ident.NameKey(v)
	case "first_name":
		return ident.FirstToken(ident.NameKey(v))
	case "date_of_birth":
		d, err := ParseDate(dashed(v))
		if err != nil {
			return "\x00" + v
		}
		return d.String()
	case "gender":
		if v = strings.ToUpper(v); v == "U" {
			return ""
		}
		return v
	case "ni_number":
		return ident.Check(ident.NINO, v).Value
	case "gmc_number":
		return ident.Check(ident.GMC, v).Value
	case "email":
		return strings.ToLower(v)
	case "postcode":
		return ident.Check(ident.PCODE, v).Value
	}
	return v
}

// placementScore finds the state of one placement starting in the quarter
// (8.5) and, when ALIGNED, compares its fields with the closest period.
func (a *alignBook) placementScore(acc *quarterTally, w *World, dn string, pi int32, person string, end Timestamp) {
	add := acc.score(dn, "PLACEMENT")
	add(scPopulation, 1)
	add(scDen, 1)
	if person == "" {
		return // NO_LINK
	}
	add(scLinked, 1)
	p := &w.Placements[pi]
	s, _ := w.placementAt(pi, end)
	dpn := w.Posts[p.Post].DPN
	var best *stfPeriod
	bestGap := 0
	l := a.byPerson[person]
	for i := range l {
		per := &l[i]
		if per.dpn != dpn || per.status == "CANCELLED" {
			continue
		}
		ps, err1 := ParseDate(dashed(per.start))
		pe, err2 := ParseDate(dashed(periodEnd(per)))
		if err1 != nil || err2 != nil {
			continue
		}
		ds, de := absDays(ps-s.start), absDays(pe-s.end)
		if ds > 7 || de > 7 {
			continue
		}
		if best == nil || ds < bestGap || ds == bestGap && (per.asg < best.asg || per.asg == best.asg && per.seq < best.seq) {
			best, bestGap = per, ds
		}
	}
	if best == nil {
		return // NO_ASSIGNMENT or DATES_DIFFER
	}
	add(scNum, 1)
	cmp := func(field string, x, y string, agree func() bool) {
		fa := acc.field(dn, "PLACEMENT", field)
		fa(0, 1)
		switch {
		case x == "" && y == "":
		case x == "" || y == "":
			fa(1, 1)
			fa(3, 1)
		default:
			fa(1, 1)
			if agree() {
				fa(2, 1)
			}
		}
	}
	start, endText := s.start.Compact(), ""
	if s.end != 0 {
		endText = s.end.Compact()
	}
	pe := periodEnd(best)
	cmp("start_date", start, best.start, func() bool { return start == best.start })
	cmp("end_date", endText, pe, func() bool { return endText == pe })
	grade := w.grade(p.Grade).PayScale
	cmp("grade", grade, best.payband, func() bool { return grade == best.payband })
	cmp("wte", wteText(p.WTE, 2), best.wte, func() bool {
		h, ok := hundredths(best.wte)
		return ok && absDays(Date(h-int(p.WTE))) <= 5
	})
}

// periodEnd is a period's end for 8.5: endDate, else projectedEndDate.
func periodEnd(p *stfPeriod) string {
	if p.end != "" {
		return p.end
	}
	return p.projEnd
}

func absDays(d Date) int {
	if d < 0 {
		return int(-d)
	}
	return int(d)
}

// hundredths reads a WTE such as 0.60 or 1 as whole hundredths.
func hundredths(s string) (int, bool) {
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	w, err := strconv.Atoi(whole)
	if err != nil {
		return 0, false
	}
	frac = (frac + "00")[:2]
	f, err := strconv.Atoi(frac)
	if err != nil {
		return 0, false
	}
	return w*100 + f, true
}

// postScore counts one post of the post population (8.3).
func (m *updateModel) postScore(dn, qs string, aligned bool) {
	add := m.e.truth.align.scores.addNational(dn, qs, "POST")
	add(scPopulation, 1)
	add(scDen, 1)
	if aligned {
		add(scNum, 1)
	}
}

// expectedAlignmentScores writes expected_alignment_score: the score
// rounded half up to 4 decimals (empty when nothing is scored), link
// coverage for PERSON and PLACEMENT.
func (e *ESR) expectedAlignmentScores(emit func(...string) error) error {
	e.expectedPostStates() // the post quarters not yet taken
	t := &e.truth.align.scores
	keys := make([]string, 0, len(t.rows))
	for k := range t.rows {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		r := t.rows[k]
		c := make([]int64, 4)
		copy(c, r.counts)
		if c[scPopulation] == 0 {
			continue
		}
		score, cov := "", ""
		if c[scDen] > 0 {
			score = decimalText(roundDiv(c[scNum]*10000, c[scDen]), 4)
		}
		if r.key[2] != "POST" {
			cov = decimalText(roundDiv(c[scLinked]*10000, c[scPopulation]), 4)
		}
		if err := emit(r.key[0], r.key[1], r.key[2], strconv.FormatInt(c[scPopulation], 10), score, cov); err != nil {
			return err
		}
	}
	return nil
}
