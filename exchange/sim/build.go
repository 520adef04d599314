package sim

import (
	"fmt"
	"slices"
	"strings"

	"deanery/ingest/codes"
)

// humanKey packs (entry year, entrant kind, deanery, index) into a key.
func humanKey(y int, direct bool, deanery, i int) uint64 {
	k := uint64(y)<<24 | uint64(deanery)<<18 | uint64(i)
	if direct {
		k |= 1 << 23
	}
	return k
}

// buildPeople plans every entrant's career from 16 years before the
// world's start, so that the first day finds trainees at every grade, and
// keeps what overlaps the world.
func (w *World) buildPeople(progress func(string, int, int)) {
	shares := make([]float64, len(w.Deaneries))
	for i, d := range w.Deaneries {
		shares[i] = d.Share
	}
	y0, y1 := w.Settings.From.Year()-16, w.PlanEnd.Year()
	f1 := roundHalfUp(6700 * w.Settings.Scale)
	direct := roundHalfUp(1000 * w.Settings.Scale)
	for y := y0; y <= y1; y++ {
		for k, n := range []int{f1, direct} {
			for d, c := range largestRemainder(n, shares) {
				for i := range c {
					key := humanKey(y, k == 1, d, i)
					p := w.planCareer(key, y, k == 1, d)
					w.addHuman(&p)
				}
			}
		}
		progress("people", y-y0+1, y1-y0+1)
	}
}

// workTime returns a time in working hours on d, or on the working day
// before when d is a weekend.
func workTime(r *rng, d Date) Timestamp {
	for !d.Working() {
		d--
	}
	return d.At(8, 0, 0) + Timestamp(r.intn(9*3600+1800))
}

// workTimeAfter is workTime moving forward to a working day.
func workTimeAfter(r *rng, d Date) Timestamp {
	return nextWorkingDay(d).At(8, 0, 0) + Timestamp(r.intn(9*3600+1800))
}

const day = Timestamp(86400)

// addHuman turns a career plan into a human, trainee records and
// placements, with the deanery-side faults of records and placements.
func (w *World) addHuman(p *humanPlan) {
	from, planEnd := w.Settings.From, w.PlanEnd
	kept := p.stints[:0:0]
	firstKept := -1
	for i, s := range p.stints {
		if s.end >= from && s.start <= planEnd {
			if firstKept < 0 {
				firstKept = i
			}
			kept = append(kept, s)
		}
	}
	if len(kept) == 0 {
		return
	}
	fr := w.Settings.Faults
	hi := int32(len(w.Humans))
	p0 := int32(len(w.Placements))
	h := w.newHuman(p.key, p.entry, p.img, p.minAge, p.maxAge, p.recDeanery[kept[0].rec])
	h.ID = hi + 1
	worldStart := from.At(0, 0, 0)

	// Records: one per deanery spell with kept placements.
	recIdx := make([]int32, len(p.recDeanery))
	for i := range recIdx {
		recIdx[i] = -1
	}
	rr := newRNG(w.Settings.Seed, drawRecord, p.key)
	var recFirst []int // first stint (of all) of each record
	for i := range p.recDeanery {
		recFirst = append(recFirst, slices.IndexFunc(p.stints, func(s stint) bool { return int(s.rec) == i }))
	}
	neverHired := false
	for si := firstKept; si < len(p.stints); si++ {
		s := p.stints[si]
		if s.start > planEnd {
			break
		}
		if recIdx[s.rec] < 0 {
			first := p.stints[recFirst[s.rec]]
			created := workTime(&rr, first.start-Date(rr.between(130, 330)))
			if s.rec > 0 {
				// A move to another deanery: the human moves house first.
				h.Addresses = append(h.Addresses, w.drawAddress(&rr, p.recDeanery[s.rec], created-Timestamp(rr.between(1, 30))*day))
			}
			ti := w.newTrainee(&h, hi, p.recDeanery[s.rec], created, p.key<<3|uint64(s.rec))
			w.Trainees[ti].FirstStart = first.start
			recIdx[s.rec] = ti
			h.Records = append(h.Records, ti)
		}
		ti := recIdx[s.rec]
		nP, nF := len(w.Placements), len(w.Faults)
		pi := w.newPlacement(p, si, ti, hi, true)
		pl := &w.Placements[pi]
		// NEVER_HIRED: a new trainee whose placements are all withdrawn.
		if si == recFirst[s.rec] && pl.Created >= worldStart && len(h.Records) == 1 && !neverHired {
			r := newRNG(w.Settings.Seed, drawFault, p.key, 1)
			lo, hiD := pl.Approved.Date()+1, pl.Start-2
			if hit := r.chance(fr.NeverHired); lo <= hiD && (hit || w.force("NEVER_HIRED", fr.NeverHired)) {
				wd := workTime(&r, lo+Date(r.intn(int(hiD-lo)+1)))
				if wd > pl.Approved {
					neverHired = true
					w.neverHire(ti, nP, nF, p, si, wd)
					break
				}
			}
		}
	}
	slices.SortStableFunc(h.Addresses, func(a, b Address) int { return int(a.From - b.From) })
	w.Humans = append(w.Humans, h)
	w.recordVersions(&w.Humans[hi], p, recIdx, p0, neverHired)
}

func created(w *World, ti int32) Timestamp { return w.Trainees[ti].Rows[0].At }

// newTrainee creates a trainee record with its first version, applying
// the deanery-side identity faults of domain 10.4.
func (w *World) newTrainee(h *Human, hi int32, deanery int, at Timestamp, key uint64) int32 {
	ti := int32(len(w.Trainees))
	d := &w.Deaneries[deanery]
	a := h.addressAt(at)
	row := TraineeRow{
		At: at, Title: h.Title, Forenames: joinNames(h.First, h.Middle), Surname: h.Surname,
		DOB: h.DOB.String(), Gender: h.Gender, NI: h.NI, GMC: h.GMC, Email: h.Email,
		Mobile: h.Mobile, Home: h.Home, Addr1: a.Line1, Addr2: a.Line2, Addr3: a.Line3,
		Town: a.Town, Postcode: a.Postcode, Country: a.Country, Nationality: h.Nationality,
	}
	if d.System == codes.Empower {
		row.Surname = strings.ToUpper(row.Surname) // Empower users key surnames in capitals
	}
	w.Trainees = append(w.Trainees, Trainee{Human: hi, Deanery: deanery, key: key})
	t := &w.Trainees[ti]
	t.Rows = []TraineeRow{row}
	w.identityFaults(t, ti, h)
	return ti
}

func joinNames(first, middle string) string {
	if middle == "" {
		return first
	}
	return first + " " + middle
}

// newPlacement creates the placement of stint si with its times and the
// placement faults (LATE_PLACEMENT, WITHDRAWAL with its replacement,
// DATE_CHANGE planned).
func (w *World) newPlacement(p *humanPlan, si int, ti, hi int32, faults bool) int32 {
	s := p.stints[si]
	r := newRNG(w.Settings.Seed, drawPlacement, p.key, uint64(si))
	fr := w.Settings.Faults
	pl := Placement{
		Trainee: ti, Post: -1, Grade: s.grade, Specialty: s.spec, Type: s.ptype, WTE: s.wte,
		Start: s.start, End: s.end, human: hi, key: p.key<<8 | uint64(si), kind: s.kind,
		rotSpec: s.rotSpec, deanery: uint8(p.recDeanery[s.rec]), bucket: -1,
	}
	pl.Created = workTime(&r, s.start-Date(r.between(120, 240)))
	pl.Approved = workTime(&r, s.start-Date(r.between(95, 180)))
	inWorld := faults && pl.Created >= w.Settings.From.At(0, 0, 0)
	if inWorld && (r.chance(fr.LatePlacement) || w.force("LATE_PLACEMENT", fr.LatePlacement)) {
		pl.Approved = workTimeAfter(&r, s.start-Date(r.between(3, 81)))
	}
	pl.Approved = max(pl.Approved, pl.Created+day)
	pl.Site = w.chooseSite(&r, int(pl.deanery), s.kind, s.rotSpec)
	pi := int32(len(w.Placements))
	w.Placements = append(w.Placements, pl)
	if !inWorld {
		return pi
	}
	w.lateFault(pi, "")
	// WITHDRAWAL: withdrawn after it could have been sent, before its
	// start; the trainee gets a replacement placement in another post.
	lo := max(pl.Approved.Date(), pl.Start-90) + 1
	hiD := pl.Start - 2
	if lo <= hiD && (r.chance(fr.Withdrawal) || w.force("WITHDRAWAL", fr.Withdrawal)) {
		{
			wd := workTime(&r, lo+Date(r.intn(int(hiD-lo)+1)))
			if wd > w.Placements[pi].Approved {
				w.Placements[pi].Withdrawn = wd
				w.addFault(Fault{Kind: "WITHDRAWAL", Side: "DEANERY", EntityType: "PLACEMENT", Entity: pi, Field: "withdrawn",
					TrueValue: "false", RecordedValue: "true", At: wd, Detail: "withdrawn before start; replaced"})
				rep := pl
				rep.key |= 128
				rep.Created = wd + Timestamp(r.between(1, 3*86400))
				rep.Approved = rep.Created + Timestamp(r.between(86400, 10*86400))
				if rep.Approved.Date() >= rep.Start {
					rep.Approved = (rep.Start - 1).At(9, 0, 0)
				}
				if rep.Created+day <= rep.Approved {
					rep.Site = w.chooseSite(&r, int(pl.deanery), s.kind, s.rotSpec)
					w.Placements = append(w.Placements, rep)
					w.lateFault(int32(len(w.Placements)-1), "replacement after a withdrawal")
				}
				return pi
			}
		}
	}
	if pl.Approved.Date()+1 <= pl.Start-1 && pl.End-pl.Start > 42 && (r.chance(fr.DateChange) || w.force("DATE_CHANGE", fr.DateChange)) {
		dc := &DateChange{Earliest: pl.Approved.Date() + 1, Latest: pl.Start - 1, Fault: -1}
		length := int(pl.End - pl.Start)
		if r.chance(0.6) && length > 70 {
			dc.EndShift = -r.between(7, 56)
		} else if length > 42 {
			dc.StartShift = r.between(7, 28)
		} else {
			dc = nil
		}
		if dc != nil && dc.Earliest <= dc.Latest {
			w.Placements[pi].DateChange = dc
		}
	}
	return pi
}

// lateFault records LATE_PLACEMENT for a placement approved less than 84
// days before its start.
func (w *World) lateFault(pi int32, detail string) {
	p := &w.Placements[pi]
	if lead := int(p.Start - p.Approved.Date()); lead < 84 {
		if detail == "" {
			detail = fmt.Sprintf("approved %d days before start", lead)
		}
		w.addFault(Fault{Kind: "LATE_PLACEMENT", Side: "DEANERY", EntityType: "PLACEMENT", Entity: pi, Field: "approved_at",
			RecordedValue: p.Approved.String(), At: p.Approved, Detail: detail})
	}
}

// neverHire withdraws every placement of the new trainee made before wd
// and drops the rest of the career (NEVER_HIRED). Placements and faults
// made for the record so far (from nP, nF on) are made again without
// faults.
func (w *World) neverHire(ti int32, nP, nF int, p *humanPlan, si int, wd Timestamp) {
	hi := w.Placements[nP].human
	w.Placements = w.Placements[:nP]
	w.Faults = w.Faults[:nF]
	w.addFault(Fault{Kind: "NEVER_HIRED", Side: "DEANERY", EntityType: "TRAINEE", Entity: ti,
		At: wd, Detail: "all placements withdrawn before the first start"})
	for sj := si; sj < len(p.stints) && p.stints[sj].rec == p.stints[si].rec; sj++ {
		pi := w.newPlacement(p, sj, ti, hi, false)
		pl := &w.Placements[pi]
		if pl.Created >= wd {
			w.Placements = w.Placements[:pi]
			break
		}
		pl.Withdrawn = max(wd, pl.Approved+3600)
	}
}
