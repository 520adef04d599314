package sim

import (
	"fmt"
	"slices"

	"deanery/ingest/codes"
)

// recEvent is a change to a trainee record at a time.
type recEvent struct {
	at    Timestamp
	apply func(r *TraineeRow)
}

// recordVersions adds the later versions of the human's trainee records:
// National Training Numbers, moves told to the deanery
// (ADDRESS_CHANGE_DEANERY), APP_MANDATORY_MISSING and its fix, and
// archiving after the record's last placement.
func (w *World) recordVersions(h *Human, p *humanPlan, recIdx []int32, p0 int32, neverHired bool) {
	fr := w.Settings.Faults
	worldStart := w.Settings.From.At(0, 0, 0)
	worldEnd := w.Settings.To.At(23, 59, 59)
	for rec, ti := range recIdx {
		if ti < 0 {
			continue
		}
		t := &w.Trainees[ti]
		d := &w.Deaneries[t.Deanery]
		r := newRNG(w.Settings.Seed, drawRecord, t.key, 1)
		var evs []recEvent
		created := t.Rows[0].At
		// National Training Numbers: at specialty entry and when the
		// specialty changes (none for Foundation).
		ntnSpec := -1
		var lastEnd Date
		first := true
		for si := range p.stints {
			s := &p.stints[si]
			if int(s.rec) != rec || s.start > w.PlanEnd {
				continue
			}
			lastEnd = s.end
			if s.kind == kindFoundation || int(s.spec) == ntnSpec {
				first = false
				continue
			}
			ntnSpec = int(s.spec)
			k := [2]int{t.Deanery, ntnSpec}
			w.ntn[k] = w.ntn[k]%999 + 1
			ntn := fmt.Sprintf("%s/%s/%03d/C", d.Code, w.specs[ntnSpec].Code, w.ntn[k])
			if first {
				t.Rows[0].NTN = ntn
			} else {
				at := workTime(&r, s.start-Date(r.between(100, 200)))
				evs = append(evs, recEvent{max(at, created+60), func(row *TraineeRow) { row.NTN = ntn }})
			}
			first = false
		}
		if neverHired {
			lastEnd = t.FirstStart
		}
		// Placements of this record.
		var pls []int32
		for pi := p0; pi < int32(len(w.Placements)); pi++ {
			if w.Placements[pi].Trainee == ti {
				pls = append(pls, pi)
			}
		}
		// Moves told only to the deanery.
		lo, hi := max(created, worldStart), min(lastEnd.At(23, 0, 0), worldEnd)
		for y := lo; y < hi; y += 365 * day {
			span := min(hi-y, 365*day)
			if !r.chance(fr.AddressChangeDeanery*float64(span)/float64(365*day)) && !w.force("ADDRESS_CHANGE_DEANERY", fr.AddressChangeDeanery) {
				continue
			}
			move := y + Timestamp(r.float()*float64(span))
			a := w.drawAddress(&r, t.Deanery, move)
			h.Addresses = append(h.Addresses, a)
			told := workTimeAfter(&r, move.Date()+Date(r.between(1, 30)))
			fi := w.addFault(Fault{Kind: "ADDRESS_CHANGE_DEANERY", Side: "DEANERY", EntityType: "TRAINEE", Entity: ti,
				Field: "address", TrueValue: a.Postcode, RecordedValue: a.Postcode, At: told,
				Detail: "a move told only to the deanery"})
			evs = append(evs, recEvent{told, func(row *TraineeRow) {
				row.Addr1, row.Addr2, row.Addr3, row.Town, row.Postcode, row.Country = a.Line1, a.Line2, a.Line3, a.Town, a.Postcode, a.Country
				for _, f := range []string{"address1", "postcode"} {
					row.clearFault(f)
				}
				row.setFault("address", fi)
			}})
		}
		// APP_MANDATORY_MISSING: a new record without its date of birth (or,
		// in Intrepid, its forenames); fixed in 1–20 days after the first
		// APP could carry it, in 60% of cases.
		if created >= worldStart && len(pls) > 0 && !neverHired {
			mr := newRNG(w.Settings.Seed, drawFault, t.key, 3)
			if mr.chance(fr.AppMandatoryMissing) || w.force("APP_MANDATORY_MISSING", fr.AppMandatoryMissing) {
				pl := &w.Placements[pls[0]]
				field, truth := "date_of_birth", t.Rows[0].DOB
				if d.System != codes.Empower && mr.chance(0.5) {
					field, truth = "forenames", t.Rows[0].Forenames
				}
				row := &t.Rows[0]
				fi := w.addFault(Fault{Kind: "APP_MANDATORY_MISSING", Side: "DEANERY", EntityType: "TRAINEE", Entity: ti,
					Field: field, TrueValue: truth, At: created, Detail: "mandatory APP field empty"})
				setField(row, field, "")
				row.setFault(field, fi)
				if mr.chance(fr.AppMandatoryFixed) {
					send := nextWorkingDay(max(pl.Approved.Date(), pl.Start-90))
					fix := workTime(&mr, send+Date(mr.between(1, 20)))
					w.Faults[fi].Detail += fmt.Sprintf("; fixed on %s", fix.Date())
					evs = append(evs, recEvent{max(fix, created+60), func(row *TraineeRow) {
						setField(row, field, truth)
						row.clearFault(field)
					}})
				}
			}
		}
		// Archiving a finished record.
		if rec < len(recIdx)-1 || true {
			finished := rec < len(p.recDeanery)-1 || p.stints[len(p.stints)-1].end <= w.PlanEnd
			if finished && r.chance(0.5) {
				at := workTime(&r, lastEnd+Date(r.between(90, 365)))
				evs = append(evs, recEvent{at, func(row *TraineeRow) { row.Deleted = true }})
			}
		}
		slices.SortStableFunc(evs, func(a, b recEvent) int { return cmpTS(a.at, b.at) })
		for _, e := range evs {
			row := t.Rows[len(t.Rows)-1]
			if e.at <= row.At {
				e.at = row.At + 60
			}
			row.At = e.at
			e.apply(&row)
			t.Rows = append(t.Rows, row)
		}
	}
	slices.SortStableFunc(h.Addresses, func(a, b Address) int { return cmpTS(a.From, b.From) })
}

func cmpTS(a, b Timestamp) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// setField sets a trainee row field by its canonical column name.
func setField(r *TraineeRow, field, v string) {
	switch field {
	case "date_of_birth":
		r.DOB = v
	case "forenames":
		r.Forenames = v
	case "surname":
		r.Surname = v
	case "postcode":
		r.Postcode = v
	}
}

// EditTrainee records a change the deanery makes to trainee record ti at
// time at (for the ESR simulation: a surname change told by the trainee,
// a missing field filled after a failed APP). The change becomes a new
// version at that time and carries into every later version, which are
// full snapshots. Call it before Write; at must be after the record's
// creation.
func (w *World) EditTrainee(ti int32, at Timestamp, edit func(r *TraineeRow)) {
	t := &w.Trainees[ti]
	i := len(t.Rows)
	for i > 0 && t.Rows[i-1].At > at {
		i--
	}
	if i == 0 {
		i, at = 1, t.Rows[0].At+60
	}
	row := t.Rows[i-1]
	if row.At >= at {
		at = row.At + 1
	}
	row.At = at
	edit(&row)
	t.Rows = slices.Insert(t.Rows, i, row)
	for j := i + 1; j < len(t.Rows); j++ {
		edit(&t.Rows[j])
	}
	w.versionsChanged(ti)
}
