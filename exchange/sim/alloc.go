package sim

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"deanery/ingest/codes"
)

// gradeParts are the DPN grade parts of domain 2.3 the world writes.
var gradeParts = []string{"FY1", "F2", "LT", "STR", "HT", "GPST"}

// allocator assigns posts to placements in start order. Pools hold a
// deanery's posts by specialty, grade part and kind (practice or not): a
// placement takes a free post at its chosen site if there is one, else at
// the same trust, else anywhere in the deanery (trainees fill vacant
// posts), and only when none is free is a new post made.
type allocator struct {
	w        *World
	nSpec    int
	partOf   []uint8
	pools    [][]int32
	counters []int16 // by DPN prefix (site, specialty, grade part)
	seq      uint64
}

func (w *World) newAllocator() *allocator {
	a := &allocator{w: w, nSpec: len(w.specs)}
	for _, g := range w.grades {
		a.partOf = append(a.partOf, uint8(slices.Index(gradeParts, g.DPNPart)))
	}
	a.pools = make([][]int32, len(w.Deaneries)*a.nSpec*len(gradeParts)*2)
	a.counters = make([]int16, len(w.Sites)*a.nSpec*len(gradeParts))
	return a
}

// prefixKey indexes the DPN counter of (site, specialty, grade part).
func (a *allocator) prefixKey(site int32, spec, grade uint8) int {
	return (int(site)*a.nSpec+int(spec))*len(gradeParts) + int(a.partOf[grade])
}

// poolKey indexes the pool of a placement.
func (a *allocator) poolKey(p *Placement) int {
	k := ((int(p.deanery)*a.nSpec+int(p.Specialty))*len(gradeParts) + int(a.partOf[p.Grade])) * 2
	if p.kind == kindGPPractice {
		k++
	}
	return k
}

// Post reissue and idle retirement: 0.3% of placements end with their
// post retired (a change that needs a new DPN); a post idle two years is
// retired. With these the world has about 60,000 posts live at a time and
// 75,000 in all at scale 1 (domain 10.2).
const (
	reissueRate = 0.003
	idleDays    = 720
)

// gpHospitalDirect is the share of GP trainees' hospital posts that the
// hospital employs itself (one position); the rest are the GP lead
// employer's with the hospital as host (two). It sets the APP fan-out per
// placement near 83 / 15 / 2% (domain 10.2).
const gpHospitalDirect = 0.25

// allocatePosts gives every placement a post.
func (w *World) allocatePosts() error {
	a := w.newAllocator()
	order := make([]int32, len(w.Placements))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		px, py := &w.Placements[x], &w.Placements[y]
		if px.Start != py.Start {
			return int(px.Start - py.Start)
		}
		return cmpU64(px.key, py.key)
	})
	if err := w.planBuckets(a, order); err != nil {
		return err
	}
	for _, pi := range order {
		p := &w.Placements[pi]
		if p.bucket >= 0 {
			continue
		}
		k := a.poolKey(p)
		chosen, rank := int32(-1), 3
		trust := w.Sites[p.Site].Trust
		pool := a.pools[k]
		kept := pool[:0]
		for _, po := range pool {
			post := &w.Posts[po]
			if post.Retired != 0 {
				continue
			}
			if post.busyUntil < p.Start-idleDays {
				r := newRNG(w.Settings.Seed, drawPost, post.key, 1)
				post.Retired = workTime(&r, post.busyUntil+Date(r.between(30, 180)))
				continue
			}
			kept = append(kept, po)
			if rank == 0 || post.busyUntil >= p.Start {
				continue
			}
			switch {
			case post.Site == p.Site:
				chosen, rank = po, 0
			case rank > 1 && w.Sites[post.Site].Trust == trust:
				chosen, rank = po, 1
			case rank > 2:
				chosen, rank = po, 2
			}
		}
		a.pools[k] = kept
		if chosen < 0 {
			var err error
			if chosen, err = a.newPost(p, k); err != nil {
				return err
			}
		}
		post := &w.Posts[chosen]
		post.busyUntil = max(post.busyUntil, p.End)
		p.Post = chosen
		p.Site = post.Site
		r := newRNG(w.Settings.Seed, drawPost, p.key, 2)
		if r.chance(reissueRate) {
			post.Retired = workTime(&r, p.End+Date(r.between(1, 30)))
		}
	}
	// Posts idle for good at the end are retired as a later placement
	// would have found them.
	for i := range w.Posts {
		post := &w.Posts[i]
		if post.Retired == 0 && post.busyUntil < w.PlanEnd-idleDays {
			r := newRNG(w.Settings.Seed, drawPost, post.key, 1)
			post.Retired = workTime(&r, post.busyUntil+Date(r.between(30, 180)))
		}
	}
	return nil
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// newPost creates a post for placement p in pool k.
func (a *allocator) newPost(p *Placement, k int) (int32, error) {
	w := a.w
	a.seq++
	r := newRNG(w.Settings.Seed, drawPost, uint64(k), uint64(a.counters[k]))
	d := &w.Deaneries[p.deanery]
	site := &w.Sites[p.Site]
	post := Post{Deanery: int(p.deanery), Site: p.Site, Lead: site.Trust, Specialty: p.Specialty, Grade: p.Grade,
		key: a.seq, busyUntil: p.Start - 1}
	others := func(not ...int32) []int32 {
		var out []int32
		for _, ti := range d.Trusts {
			if w.Trusts[ti].Kind != codes.GPLeadEmployer && !slices.Contains(not, ti) {
				out = append(out, ti)
			}
		}
		return out
	}
	switch p.kind {
	case kindGPHospital:
		if r.chance(gpHospitalDirect) {
			break // the hospital employs: post.Lead is the site's trust
		}
		post.Lead = d.GPLead
		post.Hosts = []int32{site.Trust}
		if o := others(site.Trust); len(o) > 0 && r.chance(0.05) {
			post.Hosts = append(post.Hosts, o[r.intn(len(o))])
		}
	case kindGPPractice:
		post.Lead = d.GPLead
	default:
		o := others(site.Trust)
		switch x := r.float(); {
		case x < 0.022 && len(o) >= 2:
			i := r.intn(len(o))
			j := (i + 1 + r.intn(len(o)-1)) % len(o)
			post.Hosts = []int32{o[i], o[j]}
		case x < 0.05 && len(o) >= 1:
			post.Hosts = []int32{o[r.intn(len(o))]}
		}
		if part := gradeParts[a.partOf[p.Grade]]; part == "STR" || part == "HT" {
			switch x := r.float(); {
			case x < 0.02:
				post.Suffix = "A"
			case x < 0.025:
				post.Suffix = "S"
			case x < 0.027:
				post.Suffix = "M"
			}
		}
	}
	dpn, err := a.dpn(a.prefixKey(p.Site, p.Specialty, p.Grade), d.Code, site.Code, w.specs[p.Specialty].Code, p.Grade, post.Suffix)
	if err != nil {
		return 0, err
	}
	post.DPN = dpn
	post.Created = workTime(&r, p.Created.Date()-Date(r.between(7, 60)))
	idx := int32(len(w.Posts))
	w.Posts = append(w.Posts, post)
	a.pools[k] = append(a.pools[k], idx)
	return idx, nil
}

// dpn issues the next DPN of a prefix: <DDD>/<SITE>/<SPEC>/<GRADE>/<NNN>[/<SUFFIX>].
func (a *allocator) dpn(k int, deanery, site, spec string, grade uint8, suffix string) (string, error) {
	a.counters[k]++
	if a.counters[k] > 999 {
		return "", fmt.Errorf("more than 999 posts for %s/%s/%s/%s", deanery, site, spec, gradeParts[a.partOf[grade]])
	}
	s := fmt.Sprintf("%s/%s/%s/%s/%03d", deanery, site, spec, gradeParts[a.partOf[grade]], a.counters[k])
	if suffix != "" {
		s += "/" + suffix
	}
	return s, nil
}

// planBuckets makes the QUARANTINE_BUCKET posts: each holds 41–60
// placements of one deanery starting on one August changeover, all
// approved before they can be sent, at a trust live by then, so that
// the first APP file carrying them has more than 40 records for the DPN.
func (w *World) planBuckets(a *allocator, order []int32) error {
	k := w.Settings.Faults.QuarantineBucket
	if k <= 0 {
		return nil
	}
	type cand struct {
		day     Date
		deanery int
		trust   int32
		pls     []int32
		h       uint64
	}
	var cands []cand
	for y := w.Settings.From.Year(); y <= w.Settings.To.Year(); y++ {
		day := firstWednesday(y, time.August)
		if day-91 < w.Settings.From || day > w.Settings.To {
			continue
		}
		lo, _ := slices.BinarySearchFunc(order, day, func(pi int32, d Date) int { return int(w.Placements[pi].Start - d) })
		for di := range w.Deaneries {
			var trust int32 = -1
			for _, ti := range w.Deaneries[di].Trusts {
				t := &w.Trusts[ti]
				if t.Kind != codes.GPLeadEmployer && t.LiveFrom <= day-91 && (trust < 0 || t.Weight > w.Trusts[trust].Weight) {
					trust = ti
				}
			}
			if trust < 0 {
				continue
			}
			var f1, rest []int32
			for _, pi := range order[lo:] {
				p := &w.Placements[pi]
				if p.Start != day {
					break
				}
				if int(p.deanery) != di || p.Withdrawn != 0 || p.DateChange != nil || p.Approved.Date() >= day-91 ||
					!w.ptypes[p.Type].Sent || p.kind == kindGPPractice {
					continue
				}
				if w.grades[p.Grade].Code == "F1" {
					f1 = append(f1, pi)
				} else {
					rest = append(rest, pi)
				}
			}
			if len(f1)+len(rest) < 41 {
				continue
			}
			r := newRNG(w.Settings.Seed, drawFault, uint64(day), uint64(di), 4)
			cands = append(cands, cand{day, di, trust, append(f1, rest...), r.u64()})
		}
	}
	slices.SortFunc(cands, func(x, y cand) int { return cmpU64(x.h, y.h) })
	var chosen []cand
	usedDay := map[Date]bool{}
	for pass := 0; pass < 2 && len(chosen) < k; pass++ {
		for _, c := range cands {
			if len(chosen) == k {
				break
			}
			if usedDay[c.day] && pass == 0 || slices.ContainsFunc(chosen, func(x cand) bool { return x.day == c.day && x.deanery == c.deanery }) {
				continue
			}
			usedDay[c.day] = true
			chosen = append(chosen, c)
		}
	}
	slices.SortFunc(chosen, func(x, y cand) int {
		if x.day != y.day {
			return int(x.day - y.day)
		}
		return x.deanery - y.deanery
	})
	for bi, c := range chosen {
		r := newRNG(w.Settings.Seed, drawFault, uint64(c.day), uint64(c.deanery), 5)
		n := min(len(c.pls), r.between(41, 60))
		pls := c.pls[:n]
		t := &w.Trusts[c.trust]
		site := t.Sites[0]
		f1 := w.gradeIdx["F1"]
		spec := w.specIdx["010"]
		kk := a.prefixKey(site, spec, f1)
		dpn, err := a.dpn(kk, w.Deaneries[c.deanery].Code, w.Sites[site].Code, "010", f1, "")
		if err != nil {
			return err
		}
		a.seq++
		post := Post{Deanery: c.deanery, Site: site, Lead: c.trust, Specialty: spec, Grade: f1, DPN: dpn, Bucket: true, key: a.seq}
		first := w.Placements[pls[0]].Created
		var end Date
		for _, pi := range pls {
			p := &w.Placements[pi]
			first = min(first, p.Created)
			end = max(end, p.End)
			p.bucket = int8(bi)
			p.Site = site
		}
		post.Created = workTime(&r, first.Date()-Date(r.between(7, 30)))
		post.busyUntil = end
		post.Retired = workTime(&r, end+Date(r.between(1, 30)))
		pidx := int32(len(w.Posts))
		w.Posts = append(w.Posts, post)
		for _, pi := range pls {
			w.Placements[pi].Post = pidx
		}
		w.addFault(Fault{Kind: "QUARANTINE_BUCKET", Side: "DEANERY", EntityType: "POST", Entity: pidx, Field: "dpn",
			RecordedValue: dpn, At: post.Created,
			Detail: fmt.Sprintf("bucket post with %d placements starting %s", n, c.day)})
	}
	return nil
}

// otherSites moves 5% of placements to another site of their post's
// trust (domain 10.3).
func (w *World) otherSites() {
	for i := range w.Placements {
		p := &w.Placements[i]
		if p.bucket >= 0 || p.kind == kindGPPractice {
			continue
		}
		r := newRNG(w.Settings.Seed, drawPlacement, p.key, 7)
		if !r.chance(0.05) {
			continue
		}
		post := &w.Posts[p.Post]
		t := &w.Trusts[w.Sites[post.Site].Trust]
		var alts []int32
		for _, s := range t.Sites {
			if s != post.Site && w.Sites[s].Kind != "GP_PRACTICE" {
				alts = append(alts, s)
			}
		}
		if len(alts) > 0 {
			p.Site = alts[r.intn(len(alts))]
		}
	}
}

// assignIDs orders trainees, posts and placements by creation time and
// numbers them from 1, remapping every reference.
func (w *World) assignIDs() {
	// Trainees.
	tperm := sortedPerm(len(w.Trainees), func(i, j int) int {
		a, b := &w.Trainees[i], &w.Trainees[j]
		if c := cmpTS(a.Created(), b.Created()); c != 0 {
			return c
		}
		return cmpU64(a.key, b.key)
	})
	tnew := inverse(tperm)
	w.Trainees = permute(w.Trainees, tperm)
	for i := range w.Trainees {
		w.Trainees[i].ID = int32(i + 1)
	}
	for i := range w.Humans {
		for j, r := range w.Humans[i].Records {
			w.Humans[i].Records[j] = tnew[r]
		}
	}
	// Posts.
	pperm := sortedPerm(len(w.Posts), func(i, j int) int {
		a, b := &w.Posts[i], &w.Posts[j]
		if c := cmpTS(a.Created, b.Created); c != 0 {
			return c
		}
		return cmpU64(a.key, b.key)
	})
	pnew := inverse(pperm)
	w.Posts = permute(w.Posts, pperm)
	for i := range w.Posts {
		w.Posts[i].ID = int32(i + 1)
	}
	// Placements.
	lperm := sortedPerm(len(w.Placements), func(i, j int) int {
		a, b := &w.Placements[i], &w.Placements[j]
		if c := cmpTS(a.Created, b.Created); c != 0 {
			return c
		}
		return cmpU64(a.key, b.key)
	})
	lnew := inverse(lperm)
	w.Placements = permute(w.Placements, lperm)
	for i := range w.Placements {
		p := &w.Placements[i]
		p.ID = int32(i + 1)
		p.Trainee = tnew[p.Trainee]
		p.Post = pnew[p.Post]
	}
	for i := range w.Faults {
		f := &w.Faults[i]
		switch f.EntityType {
		case "TRAINEE":
			f.Entity = tnew[f.Entity]
		case "POST":
			f.Entity = pnew[f.Entity]
		case "PLACEMENT":
			f.Entity = lnew[f.Entity]
		}
	}
}

func sortedPerm(n int, cmp func(i, j int) int) []int32 {
	p := make([]int32, n)
	for i := range p {
		p[i] = int32(i)
	}
	slices.SortFunc(p, func(a, b int32) int { return cmp(int(a), int(b)) })
	return p
}

func inverse(perm []int32) []int32 {
	inv := make([]int32, len(perm))
	for newI, old := range perm {
		inv[old] = int32(newI)
	}
	return inv
}

func permute[T any](s []T, perm []int32) []T {
	out := make([]T, len(s))
	for i, old := range perm {
		out[i] = s[old]
	}
	return out
}

// idText formats a record id in the deanery system's id format.
func (w *World) idText(deanery int, id int32) string {
	var b [10]byte
	if w.Deaneries[deanery].System == codes.Empower {
		return string(appendPadded(append(b[:0], "EMP"...), int(id), 7))
	}
	return string(appendPadded(b[:0], int(id), 9))
}

// appendPadded appends v zero-padded to width digits.
func appendPadded(b []byte, v, width int) []byte {
	var d [20]byte
	i := len(d)
	for v > 0 || i == len(d) {
		i--
		d[i] = byte('0' + v%10)
		v /= 10
	}
	for n := len(d) - i; n < width; n++ {
		b = append(b, '0')
	}
	return append(b, d[i:]...)
}

var _ = strings.Join
