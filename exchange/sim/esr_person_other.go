package sim

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Non-trainee doctors (10.3, 10.4 NON_TRAINEE): ≈ 70,000 live at scale 1,
// 5% turnover a year, each on a position without DPN at one trust. A few
// share name and birth year with a trainee.
const (
	otherLive     = 70000
	otherTurnover = 0.05
	otherLookDown = 0.02 // share sharing name and birth year with a trainee
)

// otherPlan is one non-trainee doctor's stay at a trust.
type otherPlan struct {
	slot, gen int
	trust     int32
	start     Date
	end       Date // 0: beyond the world
	created   Timestamp
}

// planOthers draws the non-trainee stays: a slot per live doctor, each
// followed by a replacement when its holder leaves.
func (e *ESR) planOthers() {
	w := e.w
	ps := e.people
	for _, dn := range w.Deaneries {
		if len(dn.Areas) == 0 {
			return // a hand-made world without postcode areas
		}
	}
	if len(w.Trusts) == 0 {
		return
	}
	n := roundHalfUp(otherLive * w.Settings.Scale)
	from, to := w.Settings.From, w.Settings.To
	for slot := range n {
		start := Date(0)
		for gen := 0; ; gen++ {
			r := newRNG(w.Settings.Seed, drawOther, uint64(slot), uint64(gen))
			trust := int32(r.intn(len(w.Trusts)))
			if gen == 0 {
				start = from - Date(r.between(30, 20*365))
			}
			stay := Date(-math.Log(1-r.float()) / otherTurnover * 365.25)
			end := max(start, from) + stay
			pl := otherPlan{slot: slot, gen: gen, trust: trust, start: start, created: min(start, from).At(12, 0, 0)}
			if gen > 0 {
				pl.created = (start - 20).At(12, 0, 0)
			}
			if end <= to {
				pl.end = end
			}
			ps.others = append(ps.others, pl)
			if pl.end == 0 {
				break
			}
			start = end + Date(1+r.intn(60))
			if (start - 20) > to {
				break
			}
		}
	}
	slices.SortStableFunc(ps.others, func(a, b otherPlan) int {
		if a.created != b.created {
			return int(a.created - b.created)
		}
		return a.slot - b.slot
	})
}

// othersDay creates the non-trainee doctors keyed on d.
func (e *ESR) othersDay(d Date) {
	w := e.w
	ps := e.people
	for ; ps.nextOth < len(ps.others) && ps.others[ps.nextOth].created.Date() <= d; ps.nextOth++ {
		pl := ps.others[ps.nextOth]
		r := newRNG(w.Settings.Seed, drawOther, uint64(pl.slot), uint64(pl.gen), 1)
		h := w.otherHuman(&r, pl)
		p := Person{Human: -1, Title: h.Title, First: h.First, Middle: h.Middle, Surname: h.Surname, DOB: h.DOB,
			Gender: h.Gender, NI: h.NI, GMC: h.GMC, Email: h.Email, Mobile: h.Mobile, Home: h.Home,
			Addr: h.Addresses[0], Created: pl.created, Changed: pl.created}
		look := r.chance(otherLookDown) && len(w.Humans) > 0
		var twin *Human
		if look {
			twin = &w.Humans[r.intn(len(w.Humans))]
			y, _, _ := twin.DOB.YMD()
			_, m, dd := p.DOB.YMD()
			p.First, p.Middle, p.Surname, p.DOB = twin.First, "", twin.Surname, MakeDate(y, m, min(dd, 28))
		}
		pi := e.newPerson(p)
		if look {
			e.fault(Fault{Kind: "NON_TRAINEE", Side: "ESR", EntityType: "ESR_PERSON", EntityID: ps.persons[pi].Number,
				Field: "lastName", TrueValue: twin.Surname, RecordedValue: p.Surname, At: pl.created,
				Detail: fmt.Sprintf("a doctor not in training sharing name and birth year with human %d", twin.ID)})
		}
		ps.nextPos++
		scale := []string{"MC01", "MC01", "MH01", "MT01"}[r.intn(4)]
		per := Period{Pos: -1, PosID: ps.nextPos, PosNo: strconv.FormatInt(ps.nextPos+35000000, 10), Start: pl.start,
			ProjEnd: pl.end, PayScale: scale, Spec: "", WTE: 100, Placement: -1}
		ai := e.newAssignment(0, pi, pl.trust, "", pl.created, per)
		if pl.end != 0 {
			ps.endings[pl.end] = append(ps.endings[pl.end], [2]int32{ai, 1})
		}
	}
}

// otherHuman draws the true details of a non-trainee doctor.
func (w *World) otherHuman(r *rng, pl otherPlan) Human {
	if w.ids == nil {
		w.ids = newIdentities()
	}
	key := uint64(pl.slot)<<16 | uint64(pl.gen)
	di := w.Trusts[pl.trust].Deanery
	h := w.newHuman(key^0x5eed0f0e, max(pl.start, w.Settings.From), r.chance(0.3), 28, 60, di)
	h.Email = strings.Replace(h.Email, "@", ".md@", 1)
	return h
}
