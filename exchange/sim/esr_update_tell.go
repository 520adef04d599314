package sim

import (
	"slices"

	"deanery/ingest/ident"
)

// NAME_CHANGE without Full Records (10.4): a surname change keyed in ESR
// that no RMC carried to the trainee's deanery reaches it, with
// probability 0.4, from the trainee 30–180 days later: a new version of
// the trainee record, keyed at a working time, with its own modified_at.
const (
	tellShare        = 0.4
	tellMin, tellMax = 30, 180
)

// tellNameChange draws whether the trainee behind person pi tells the
// deanery about the surname change keyed at at, and writes the new row
// version when they do. reached lists the deaneries the change reached
// through Full Records.
func (e *ESR) tellNameChange(pi int32, at Timestamp, reached []int) {
	w := e.w
	p := &e.people.persons[pi]
	if p.Human < 0 {
		return
	}
	r := newRNG(w.Settings.Seed, drawUpdTell, uint64(pi), uint64(at))
	if !r.chance(tellShare) {
		return
	}
	tell := workTimeAfter(&r, at.Date()+Date(r.between(tellMin, tellMax)))
	if tell.Date() > w.Settings.To {
		return
	}
	ti := e.traineeRecordAt(p.Human, tell)
	if ti < 0 || slices.Contains(reached, w.Trainees[ti].Deanery) {
		return
	}
	if w.tellSurname(ti, tell, p.Surname) {
		if f := &w.Faults[len(w.Faults)-1]; f.Kind == "NAME_CHANGE" && f.EntityID == p.Number {
			f.Detail += "; told to " + w.Deaneries[w.Trainees[ti].Deanery].Code + " on " + tell.Date().String()
		}
	}
}

// traineeRecordAt returns the human's trainee record the trainee would
// tell at t: the latest created by then and not deleted at t; -1 none.
func (e *ESR) traineeRecordAt(human int32, t Timestamp) int32 {
	u := e.upd()
	w := e.w
	if u.trainees == nil {
		u.trainees = map[int32][]int32{}
		for i := range w.Trainees {
			h := w.Trainees[i].Human
			u.trainees[h] = append(u.trainees[h], int32(i))
		}
	}
	best := int32(-1)
	for _, ti := range u.trainees[human] {
		if !w.traineeLive(ti, t) {
			continue
		}
		if best < 0 || w.Trainees[ti].Created() > w.Trainees[best].Created() {
			best = ti
		}
	}
	return best
}

// tellSurname inserts a version of trainee record ti at t whose surname
// is sur, the previous surname kept; later versions that still hold the
// old surname take the new one too. It reports whether a version was
// written (none when the record already holds the surname).
func (w *World) tellSurname(ti int32, t Timestamp, sur string) bool {
	tr := &w.Trainees[ti]
	k, _ := slices.BinarySearchFunc(tr.Rows, t, func(r TraineeRow, t Timestamp) int { return cmpTS(r.At, t) })
	if k == 0 || k < len(tr.Rows) && tr.Rows[k].At == t {
		return false
	}
	old := tr.Rows[k-1].Surname
	if ident.NameKey(old) == ident.NameKey(sur) {
		return false
	}
	row := tr.Rows[k-1]
	row.At = t
	row.Surname, row.PrevSurname = sur, old
	row.clearFault("surname")
	tr.Rows = slices.Insert(tr.Rows, k, row)
	for j := k + 1; j < len(tr.Rows); j++ {
		if r := &tr.Rows[j]; r.Surname == old {
			r.Surname, r.PrevSurname = sur, old
			r.clearFault("surname")
		}
	}
	w.versionsChanged(ti)
	return true
}
