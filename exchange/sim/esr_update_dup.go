package sim

import (
	"bytes"
	"fmt"
	"slices"
	"time"
)

// dailyTypes are the file types of the daily cycle (5.1): the ones a
// DUPLICATE_FILE can redeliver.
var dailyTypes = []string{"RMC", "RMF", "DNC", "DNF", "APP", "APC", "DCC"}

// deaneryToESR reports whether files of type typ go from the deanery to
// ESR.
func deaneryToESR(typ string) bool { return typ == "APP" || typ == "DNC" || typ == "DNF" }

// duplicateFiles redelivers Settings.Faults.DuplicateFile daily files,
// chosen once every file of the world is written (10.4, 5.11
// "DUPLICATE_FILE"): each a delivered, non-empty file, delivered again 1–3
// working days later in the same time slot (a later day's folder holds the
// same bytes), and a fault row naming it. Picks alternate between the
// two directions, ESR to deanery first, so that both occur; a direction
// with no candidate leaves its pick to the other. The redelivery day is
// within the world.
func (e *ESR) duplicateFiles() {
	w := e.w
	var pools [2][]int // 0: ESR → deanery, 1: deanery → ESR
	for i := range e.Files {
		f := &e.Files[i]
		if !f.Delivered || f.Records == 0 || len(f.Deliveries) != 1 || !slices.Contains(dailyTypes, f.Type) ||
			addWorkingDays(f.Date, 1) > w.Settings.To {
			continue
		}
		side := 0
		if deaneryToESR(f.Type) {
			side = 1
		}
		pools[side] = append(pools[side], i)
	}
	for n := range w.Settings.Faults.DuplicateFile {
		side := n % 2
		if len(pools[side]) == 0 {
			side = 1 - side
		}
		if len(pools[side]) == 0 {
			return
		}
		r := newRNG(w.Settings.Seed, drawDupFile, uint64(n))
		j := r.intn(len(pools[side]))
		fi := pools[side][j]
		pools[side] = slices.Delete(pools[side], j, j+1)
		f := &e.Files[fi]
		k := r.between(1, 3)
		again := addWorkingDays(f.Date, k)
		for again > w.Settings.To {
			k--
			again = addWorkingDays(f.Date, k)
		}
		f.Deliveries = append(f.Deliveries, again)
		slot := headerTime(f.header())
		fside := "ESR"
		if side == 1 {
			fside = "DEANERY"
		}
		e.fault(Fault{Kind: "DUPLICATE_FILE", Side: fside, EntityType: "FILE", Entity: int32(fi), EntityID: f.Name,
			At: again.At(0, 0, 0) + slot, File: f.Name,
			Detail: fmt.Sprintf("%s delivered again on %s, %d working day(s) later", f.Type, again, k)})
	}
}

// headerTime returns the time of day of a file's HDR createdAt (its time
// slot), 0 when it cannot be read.
func headerTime(data []byte) Timestamp {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	fields := bytes.Split(line, []byte(","))
	if len(fields) < 5 {
		return 0
	}
	t, err := time.Parse("20060102150405", string(fields[4]))
	if err != nil {
		return 0
	}
	return Timestamp(t.Hour()*3600 + t.Minute()*60 + t.Second())
}
