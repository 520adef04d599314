package sim

import (
	"slices"
	"strings"
)

// note is one DNC record (fields 2–31) with its sort keys (7.4: type,
// DPN, placement id).
type note struct {
	typ  int
	dpn  string
	plID string
	pl   int32 // placement concerned, -1 none
	vals []string
}

// newNote fills the header fields 2–7 and 10 for post pi.
func (x *Exporter) newNote(di int, typ int, pi int32) note {
	w := x.e.w
	post := &w.Posts[pi]
	v := make([]string, 30)
	v[0] = string(rune('0' + typ))
	v[1] = w.Deaneries[di].Code
	v[2] = post.DPN
	v[3], _, _ = strings.Cut(post.DPN, "/")
	v[4] = w.Trusts[post.Lead].VPD
	v[5] = roleLead
	v[8] = "N"
	return note{typ: typ, dpn: post.DPN, pl: -1, vals: v}
}

// byPost returns the placements of post pi in index (id) order.
func (x *Exporter) placementsOf(pi int32) []int32 {
	if x.byPost == nil {
		x.byPost = make([][]int32, len(x.e.w.Posts))
		x.byTrainee = make([][]int32, len(x.e.w.Trainees))
		for i := range x.e.w.Placements {
			p := &x.e.w.Placements[i]
			x.byPost[p.Post] = append(x.byPost[p.Post], int32(i))
			x.byTrainee[p.Trainee] = append(x.byTrainee[p.Trainee], int32(i))
		}
	}
	return x.byPost[pi]
}

// current returns the current placement of post pi on d (5.7): active at
// T, start ≤ d ≤ end, at site (any site when site < 0); lowest id on ties.
func (x *Exporter) current(pi int32, d Date, site int32) int32 {
	w := x.e.w
	T := d.At(17, 0, 0)
	for _, q := range x.placementsOf(pi) {
		if b := &x.bounds[q]; b.minStart > d || b.maxEnd < d {
			continue // never holds d
		}
		s, ok := w.activeAt(q, T)
		if ok && s.start <= d && d <= s.end && (site < 0 || w.Placements[q].Site == site) {
			return q
		}
	}
	return -1
}

// siteAfter is field 15: the site of the trainee's earliest active
// placement starting after placement q ends, else NOT KNOWN.
func (x *Exporter) siteAfter(q int32, d Date) string {
	w := x.e.w
	T := d.At(17, 0, 0)
	x.placementsOf(0)
	_, end := w.Placements[q].Dates(T)
	best, bs := int32(-1), Date(0)
	for _, o := range x.byTrainee[w.Placements[q].Trainee] {
		if x.bounds[o].maxStart <= end {
			continue // never starts after q ends
		}
		s, ok := w.activeAt(o, T)
		if ok && s.start > end && (best < 0 || s.start < bs) {
			best, bs = o, s.start
		}
	}
	if best < 0 {
		return "NOT KNOWN"
	}
	return w.Sites[w.Placements[best].Site].Code
}

// siteNow is field 20: the site of the trainee's active placement live on
// d, else NOT KNOWN.
func (x *Exporter) siteNow(q int32, d Date) string {
	w := x.e.w
	T := d.At(17, 0, 0)
	x.placementsOf(0)
	for _, o := range x.byTrainee[w.Placements[q].Trainee] {
		if b := &x.bounds[o]; b.minStart > d || b.maxEnd < d {
			continue // never holds d
		}
		s, ok := w.activeAt(o, T)
		if ok && s.start <= d && d <= s.end {
			return w.Sites[w.Placements[o].Site].Code
		}
	}
	return "NOT KNOWN"
}

// fillCurrent fills block 11–16 with placement q.
func (x *Exporter) fillCurrent(v []string, q int32, d Date) {
	w := x.e.w
	T := d.At(17, 0, 0)
	p := &w.Placements[q]
	tr := x.deaneryTrainee(p.Trainee, T)
	first, _ := splitForenames(tr.Forenames)
	_, end := p.Dates(T)
	v[9], v[10], v[11] = tr.Surname, first, gmcValue(tr.GMC)
	v[12] = end.Compact()
	v[13] = x.siteAfter(q, d)
	v[14] = wteText(p.WTE, 1)
}

// fillNext fills field 8 and block 17–24 with placement q.
func (x *Exporter) fillNext(v []string, q int32, d Date) {
	w := x.e.w
	T := d.At(17, 0, 0)
	p := &w.Placements[q]
	tr := x.deaneryTrainee(p.Trainee, T)
	first, _ := splitForenames(tr.Forenames)
	start, _ := p.Dates(T)
	v[6] = w.Sites[p.Site].Code
	v[15], v[16], v[17] = tr.Surname, first, gmcValue(tr.GMC)
	v[18] = x.siteNow(q, d)
	v[19] = start.Compact()
	v[20] = tr.Email
	v[21] = w.grade(p.Grade).Code
	v[22] = wteText(p.WTE, 1)
}

// type1 is the rotation notification for next placement q, first sent.
func (x *Exporter) type1(di int, q int32, d Date) (note, bool) {
	w := x.e.w
	if _, ok := w.activeAt(q, d.At(17, 0, 0)); !ok {
		return note{}, false
	}
	p := &w.Placements[q]
	n := x.newNote(di, 1, p.Post)
	x.fillNext(n.vals, q, d)
	n.vals[7] = "N" // field 9: q is the next placement (7.4)
	if c := x.current(p.Post, d, p.Site); c >= 0 {
		x.fillCurrent(n.vals, c, d)
	}
	n.pl = q
	n.plID = x.placementID(di, p.ID)
	n.vals[29] = n.plID
	return n, true
}

// type1Full is the DNF record of post pi.
func (x *Exporter) type1Full(di int, pi int32, d Date) (note, bool) {
	w := x.e.w
	T := d.At(17, 0, 0)
	next, ns := int32(-1), Date(0)
	for _, q := range x.placementsOf(pi) {
		s, ok := w.activeAt(q, T)
		if ok && s.start > d && (next < 0 || s.start < ns) {
			next, ns = q, s.start
		}
	}
	if next >= 0 && ns >= d+91 {
		next = -1
	}
	n := x.newNote(di, 1, pi)
	site := int32(-1)
	if next >= 0 {
		x.fillNext(n.vals, next, d)
		site = w.Placements[next].Site
		n.pl = next
	} else {
		n.vals[7] = "Y"
	}
	if next >= 0 {
		n.vals[7] = "N"
	}
	c := x.current(pi, d, site)
	if c >= 0 {
		x.fillCurrent(n.vals, c, d)
		if n.pl < 0 {
			n.pl = c
		}
	}
	if n.pl >= 0 {
		n.plID = x.placementID(di, w.Placements[n.pl].ID)
		n.vals[29] = n.plID
	}
	return n, true
}

// changes are the type 2 and type 4 notifications of loaded placements.
// A placement leaves st.loadedPl once no later run can notify it: it was
// withdrawn by this run (the next run remembers it withdrawn), or it has
// started with its final dates, which were sent.
func (x *Exporter) changes(di int, d Date) []note {
	w := x.e.w
	st := x.dean[di]
	T := d.At(17, 0, 0)
	var out []note
	kept := st.loadedPl[:0]
	for _, q := range st.loadedPl {
		xp := &x.pls[q]
		p := &w.Placements[q]
		s, _ := w.placementAt(q, T)
		typ := 0
		switch {
		case s.withdrawn:
			if !st.wdPrev(p) && s.start > d {
				typ = 2
			}
		case s.start != xp.sentStart || s.end != xp.sentEnd:
			typ = 4
		}
		var tr *TraineeRow
		if typ != 0 {
			if tr = x.deaneryTrainee(p.Trainee, T); tr == nil || tr.Deleted {
				typ = 0
			}
		}
		switch typ {
		case 2:
			first, _ := splitForenames(tr.Forenames)
			id := x.placementID(di, p.ID)
			n := x.newNote(di, 2, p.Post)
			n.vals[23], n.vals[24], n.vals[25], n.vals[26] = tr.Surname, first, gmcValue(tr.GMC), "3"
			n.pl, n.plID, n.vals[29] = q, id, id
			out = append(out, n)
		case 4:
			id := x.placementID(di, p.ID)
			n := x.newNote(di, 4, p.Post)
			if s.start <= d {
				x.fillCurrent(n.vals, q, d)
			} else {
				x.fillNext(n.vals, q, d)
			}
			if s.start != xp.sentStart {
				n.vals[27] = s.start.Compact()
			}
			if s.end != xp.sentEnd {
				n.vals[28] = s.end.Compact()
			}
			xp.sentStart, xp.sentEnd = s.start, s.end
			n.pl, n.plID, n.vals[29] = q, id, id
			out = append(out, n)
		}
		settled := !s.withdrawn && s.start <= d && datesFinal(p, T) && s.start == xp.sentStart && s.end == xp.sentEnd
		if !s.withdrawn && !settled {
			kept = append(kept, q)
		}
	}
	clear(st.loadedPl[len(kept):])
	st.loadedPl = kept
	return out
}

// wdPrev reports whether placement p was withdrawn at the previous run's
// 17:00 (every loaded placement was known to the deanery then).
func (st *exDeanery) wdPrev(p *Placement) bool {
	return p.Created <= st.prevRun && p.Withdrawn != 0 && p.Withdrawn <= st.prevRun
}

// datesFinal reports whether placement p's dates can no longer change
// after t: a DATE_CHANGE made by t, or none pending.
func datesFinal(p *Placement, t Timestamp) bool {
	if p.Changed != 0 {
		return p.Changed <= t
	}
	return p.DateChange == nil
}

// newPosts are the type 5 notifications: posts first seen in (previous
// run 17:00, d 17:00] whose lead trust is live on d.
func (x *Exporter) newPosts(di int, d Date) []note {
	w := x.e.w
	st := x.dean[di]
	T := d.At(17, 0, 0)
	if st.postsBy == nil {
		st.postsBy = []int32{}
		for pi := range w.Posts {
			if w.Posts[pi].Deanery == di {
				st.postsBy = append(st.postsBy, int32(pi))
			}
		}
		slices.SortStableFunc(st.postsBy, func(a, b int32) int { return cmpTS(w.Posts[a].Created, w.Posts[b].Created) })
	}
	l := st.postsBy
	lo, _ := slices.BinarySearchFunc(l, st.prevRun+1, func(pi int32, t Timestamp) int { return cmpTS(w.Posts[pi].Created, t) })
	var due []int32
	for _, pi := range l[lo:] {
		if w.Posts[pi].Created > T {
			break
		}
		if w.Trusts[w.Posts[pi].Lead].LiveFrom <= d {
			due = append(due, pi)
		}
	}
	slices.Sort(due) // post index order
	var out []note
	for _, pi := range due {
		n := x.newNote(di, 5, pi)
		n.vals[7] = "Y"
		out = append(out, n)
	}
	return out
}

// gmcValue is the GMC-normalised registration number (placeholders empty).
func gmcValue(s string) string {
	s = strings.Join(strings.Fields(s), "")
	if u := strings.ToUpper(s); u == "UNKNOWN" || u == "N/A" {
		return ""
	}
	return s
}

var _ = slices.Contains[[]int, int]
