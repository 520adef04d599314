package sim

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"deanery/ingest/codes"
	"deanery/ingest/ident"
)

// imgShare is the expected share of international graduates among trainee
// records, used to split the NI_MISSING rate between home and
// international graduates.
const imgShare = 0.13

// addFault appends a fault row and returns its index.
func (w *World) addFault(f Fault) int32 {
	f.ID = int32(len(w.Faults) + 1)
	w.Faults = append(w.Faults, f)
	return int32(len(w.Faults) - 1)
}

// force reports, once per fault kind with a non-zero rate, that the
// first eligible entity (in the deterministic processing order) must take
// the fault, so that every kind occurs in a world of a year or more
// (domain 10.1).
func (w *World) force(kind string, rate float64) bool {
	if rate <= 0 || w.forced[kind] {
		return false
	}
	w.forced[kind] = true
	return true
}

// setFault records on a row that a field's value comes from fault fi.
func (r *TraineeRow) setFault(field string, fi int32) {
	m := make(map[string]int32, len(r.Faults)+1)
	maps.Copy(m, r.Faults)
	m[field] = fi
	r.Faults = m
}

// clearFault notes that a field's value no longer comes from a fault.
func (r *TraineeRow) clearFault(field string) {
	if _, ok := r.Faults[field]; !ok {
		return
	}
	m := maps.Clone(r.Faults)
	delete(m, field)
	r.Faults = m
}

// identityFaults applies NAME_TYPO, DOB_SWAP, NI_MISSING, NI_INVALID,
// GMC_WRONG and GMC_MISSING (deanery side) to a new record's first row.
func (w *World) identityFaults(t *Trainee, ti int32, h *Human) {
	fr := w.Settings.Faults
	row := &t.Rows[0]
	at := row.At
	r := newRNG(w.Settings.Seed, drawFault, t.key, 2)
	inWorld := at >= w.Settings.From.At(0, 0, 0)
	forcedOne := false
	forceHit := func(kind string, rate float64) bool {
		if inWorld && !forcedOne && w.force(kind, rate) {
			forcedOne = true
			return true
		}
		return false
	}
	hit := func(kind string, rate float64) bool { return r.chance(rate) || forceHit(kind, rate) }
	add := func(kind, field, truth, recorded, detail string) {
		fi := w.addFault(Fault{Kind: kind, Side: "DEANERY", EntityType: "TRAINEE", Entity: ti, Field: field,
			TrueValue: truth, RecordedValue: recorded, At: at, Detail: detail})
		row.setFault(field, fi)
	}
	if hit("NAME_TYPO", fr.NameTypoDeanery) {
		if r.chance(0.6) {
			old := row.Surname
			row.Surname = typo(&r, old)
			add("NAME_TYPO", "surname", old, row.Surname, "one edit keyed in the deanery system")
		} else {
			old := row.Forenames
			row.Forenames = typo(&r, old)
			add("NAME_TYPO", "forenames", old, row.Forenames, "one edit keyed in the deanery system")
		}
	}
	_, m, dd := h.DOB.YMD()
	if dd <= 12 && dd != int(m) && hit("DOB_SWAP", fr.DOBSwapDeanery*365.25/132) {
		y, _, _ := h.DOB.YMD()
		row.DOB = MakeDate(y, time.Month(dd), int(m)).String()
		add("DOB_SWAP", "date_of_birth", h.DOB.String(), row.DOB, "day and month swapped")
	}
	missing := max(0, (fr.NIMissing-imgShare*fr.NIMissingIMG)/(1-imgShare))
	if h.IMG {
		missing = fr.NIMissingIMG
	}
	switch x := r.float(); {
	case x < missing || x >= missing+fr.NIInvalid && forceHit("NI_MISSING", missing):
		row.NI = ""
		add("NI_MISSING", "ni_number", h.NI, "", "")
	case x < missing+fr.NIInvalid || forceHit("NI_INVALID", fr.NIInvalid):
		row.NI = badNINO(&r, h)
		add("NI_INVALID", "ni_number", h.NI, row.NI, "")
	}
	switch x := r.float(); {
	case x < fr.GMCWrong || x >= fr.GMCWrong+fr.GMCMissing && forceHit("GMC_WRONG", fr.GMCWrong):
		row.GMC = wrongGMC(&r, h.GMC)
		add("GMC_WRONG", "gmc_number", h.GMC, row.GMC, "")
	case x < fr.GMCWrong+fr.GMCMissing || forceHit("GMC_MISSING", fr.GMCMissing):
		row.GMC = []string{"", "", "", "UNKNOWN", "N/A"}[r.intn(5)]
		add("GMC_MISSING", "gmc_number", h.GMC, row.GMC, "")
	}
}

// typo makes one edit in a name: substitute, insert, delete or swap a
// letter, keeping the case of the neighbours.
func typo(r *rng, s string) string {
	rs := []rune(s)
	if len(rs) < 2 {
		return s + "e"
	}
	upper := string(rs) == stringsToUpper(s)
	letter := func() rune {
		c := rune('a' + r.intn(26))
		if upper {
			c -= 'a' - 'A'
		}
		return c
	}
	i := 1 + r.intn(len(rs)-1)
	for k := 0; k < 4; k++ {
		switch r.intn(4) {
		case 0:
			c := letter()
			if c != rs[i] {
				rs[i] = c
				return string(rs)
			}
		case 1:
			return string(slices.Insert(rs, i, letter()))
		case 2:
			if len(rs) > 2 {
				return string(slices.Delete(rs, i, i+1))
			}
		default:
			if rs[i] != rs[i-1] {
				rs[i], rs[i-1] = rs[i-1], rs[i]
				return string(rs)
			}
		}
	}
	return string(slices.Insert(rs, i, letter()))
}

// badNINO makes an invalid NI number of one of the shapes of 10.4.
func badNINO(r *rng, h *Human) string {
	ni := h.NI
	for k := 0; k < 8; k++ {
		var v string
		switch r.intn(4) {
		case 0:
			v = []string{"BG", "GB", "NK", "KN", "NT", "ZZ"}[r.intn(6)] + ni[2:]
		case 1:
			v = ni[:8]
		case 2:
			if i := lastIndexByte(ni[2:8], '0'); i >= 0 {
				v = ni[:2+i] + "O" + ni[3+i:]
			}
		default:
			y, m, d := h.DOB.YMD()
			sex := "M"
			if h.Gender == "F" {
				sex = "F"
			}
			v = fmt.Sprintf("TN%02d%02d%02d%s", d, int(m), y%100, sex)
		}
		if v != "" && !ident.Check(ident.NINO, v).Valid {
			return v
		}
	}
	return ni[:8]
}

func lastIndexByte(s string, c byte) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// wrongGMC changes one digit or swaps two neighbours.
func wrongGMC(r *rng, g string) string {
	b := []byte(g)
	for {
		if r.chance(0.5) {
			i := 1 + r.intn(len(b)-1)
			b[i] = byte('0' + (int(b[i]-'0')+1+r.intn(9))%10)
		} else {
			i := 1 + r.intn(len(b)-2)
			b[i], b[i+1] = b[i+1], b[i]
		}
		if string(b) != g {
			return string(b)
		}
	}
}

// csvCommaFaults gives CSVComma in-world records a postcode holding a
// comma (YO12 5EX, or Doha, Qatar), kept until the address changes.
func (w *World) csvCommaFaults() {
	n := w.Settings.Faults.CSVComma
	cands := w.pickRecords(n, "csv-comma", func(t *Trainee) bool { return t.Created() >= w.Settings.From.At(0, 0, 0) })
	for k, ti := range cands {
		t := &w.Trainees[ti]
		orig := t.Rows[0].Postcode
		bad := orig + ","
		if k == len(cands)-1 && n >= 5 {
			bad = "Doha, Qatar"
		}
		fi := w.addFault(Fault{Kind: "CSV_COMMA", Side: "DEANERY", EntityType: "TRAINEE", Entity: ti, Field: "postcode",
			TrueValue: orig, RecordedValue: bad, At: t.Rows[0].At, Detail: "a comma inside the postcode"})
		for i := range t.Rows {
			if t.Rows[i].Postcode != orig {
				break
			}
			t.Rows[i].Postcode = bad
			t.Rows[i].setFault("postcode", fi)
		}
	}
}

// pickRecords picks n trainee records passing ok, ranked by a seeded hash
// of their key, so that the choice does not depend on processing order.
func (w *World) pickRecords(n int, kind string, ok func(*Trainee) bool) []int32 {
	type cand struct {
		ti int32
		h  uint64
	}
	var cs []cand
	for i := range w.Trainees {
		if ok(&w.Trainees[i]) {
			r := newRNG(w.Settings.Seed, kind, w.Trainees[i].key)
			cs = append(cs, cand{int32(i), r.u64()})
		}
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if a.h < b.h {
			return -1
		}
		if a.h > b.h {
			return 1
		}
		return 0
	})
	var out []int32
	for _, c := range cs[:min(n, len(cs))] {
		out = append(out, c.ti)
	}
	slices.Sort(out)
	return out
}

func stringsToUpper(s string) string {
	b := []rune(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - ('a' - 'A')
		}
	}
	return string(b)
}

var _ = codes.Empower
