package sim

import (
	"slices"
	"strconv"
)

// savingRatePence is the published saving per application, £2.44
// (domain 9).
const savingRatePence = 244

// trustsByVPD maps each VPD code to its trust.
func (w *World) trustsByVPD() map[string]int32 {
	m := make(map[string]int32, len(w.Trusts))
	for i := range w.Trusts {
		m[w.Trusts[i].VPD] = int32(i)
	}
	return m
}

// expectedVolume counts expected_volume (10.5, 5.11 "Counting bases"):
// APC answers SUCCESS NEW, SUCCESS TRANSFER and FAIL by quarter of the
// APC file date (the APP's: ESR answers the same evening); APP records by
// quarter of the APP file date, quarantined files included, each file
// once; manual hires by quarter of their keying date, within the world's
// days (the hires that set up its first day are its starting state).
func (e *ESR) expectedVolume() tallyOut {
	w := e.w
	var t tally
	for i := range e.Files {
		f := &e.Files[i]
		if f.Type == "APP" {
			t.addNational(f.Deanery, f.Date.Quarter().String())(2, int64(f.Records))
		}
	}
	dates, deans := e.fileDates(), e.fileDeaneries()
	vpds := w.trustsByVPD()
	for i := range e.Sends {
		s := &e.Sends[i]
		if s.Route == "MANUAL" {
			if s.HireDate < w.Settings.From || s.HireDate > w.Settings.To {
				continue
			}
			dn := w.Deaneries[w.Trusts[vpds[s.VPD]].Deanery].Code
			t.addNational(dn, s.HireDate.Quarter().String())(4, 1)
			continue
		}
		col := -1
		switch {
		case s.Status == "SUCCESS" && s.Route == "INTERFACE_NEW":
			col = 0
		case s.Status == "SUCCESS" && s.Route == "INTERFACE_TRANSFER":
			col = 1
		case s.Status == "FAIL":
			col = 3
		}
		if col >= 0 {
			t.addNational(deans[s.AppFile], dates[s.AppFile].Quarter().String())(col, 1)
		}
	}
	return t.columns(5)
}

// expectedRejections counts failures only (5.11 "expected_rejections"):
// APC FAIL by its reason, DCC FAIL by its reason, person records of
// applied update files rejected UNKNOWN_PERSON, and whole-file rejections
// (the world delivers none). A redelivered file is counted once: every
// count here is per file written.
func (e *ESR) expectedRejections() tallyOut {
	var t tally
	dates, deans := e.fileDates(), e.fileDeaneries()
	for i := range e.Sends {
		s := &e.Sends[i]
		if s.Route != "MANUAL" && s.Status == "FAIL" {
			t.addNational(deans[s.AppFile], dates[s.AppFile].Quarter().String(), "APC", s.Reason)(0, 1)
		}
	}
	merge := func(src *tally) {
		if src == nil {
			return
		}
		for _, r := range src.rows {
			if r.key[0] == "ALL" {
				continue
			}
			for i, v := range r.counts {
				t.addNational(r.key[0], r.key[1:]...)(i, v)
			}
		}
	}
	merge(&e.truth.dccFails)
	if u := e.truth.upd; u != nil {
		merge(&u.rejections)
	}
	return t.columns(1)
}

// expectedQuarantine lists, per quarantined APP file, each DPN with more
// than 40 of its records (5.2, 5.11 "expected_quarantine").
func (e *ESR) expectedQuarantine(emit func(...string) error) error {
	for _, q := range e.truth.quarantined {
		n := map[string]int{}
		for _, d := range q.dpns {
			n[d]++
		}
		var dpns []string
		for d, c := range n {
			if c > 40 {
				dpns = append(dpns, d)
			}
		}
		slices.Sort(dpns)
		for _, d := range dpns {
			if err := emit(q.name, q.deanery, d, strconv.Itoa(n[d])); err != nil {
				return err
			}
		}
	}
	return nil
}

// expectedNotice counts expected_notice (5.5, 10.5): placements approved,
// not withdrawn, of a sent type, as the deanery holds them at the world's
// end, by quarter of their latest start date, within the world's days;
// deleted trainees' placements stay in (5.11). A placement is measured
// when a loaded APP file carried it, compliant when its notice is at
// least 84 days, not sent otherwise.
func (e *ESR) expectedNotice() tallyOut {
	w := e.w
	var t tally
	end := (w.Settings.To+1).At(0, 0, 0) - 1
	notices := e.notices()
	for i := range w.Placements {
		s, ok := w.placementAt(int32(i), end)
		if !ok || !s.approved || s.withdrawn || !s.sentType || s.start < w.Settings.From || s.start > w.Settings.To {
			continue
		}
		add := t.addNational(w.Deaneries[w.Placements[i].deanery].Code, s.start.Quarter().String())
		n, sent := notices[int32(i)]
		switch {
		case !sent:
			add(2, 1)
		case n.days >= noticeCompliant:
			add(0, 1)
			add(1, 1)
		default:
			add(0, 1)
		}
	}
	return t.columns(3)
}

// expectedSavings writes expected_savings (domain 9, 5.11 "Savings,
// partial years"): per year and deanery, the distinct (placement,
// position) pairs with APC SUCCESS, NEW or TRANSFER, by year of the APC
// file date and deanery of the position's trust; organisation-years are
// Σ over the deanery's trusts of the days its pair is live for recruitment
// in the year, up to the world's end date, over the days of the year. The
// national row (ALL) pools applications and organisation-years. Money is
// rounded half up to pence, organisation-years to 4 decimals; a year
// without organisation-years has an empty per-organisation value.
func (e *ESR) expectedSavings(emit func(...string) error, ratePence int64) error {
	w := e.w
	dates := e.fileDates()
	vpds := w.trustsByVPD()
	type key struct {
		year int
		dn   string
	}
	apps := map[key]int64{}
	days := map[key]int64{}
	seen := map[pairKey]bool{}
	for i := range e.Sends {
		s := &e.Sends[i]
		k := pairKey{s.Placement, s.Position}
		if s.Route == "MANUAL" || s.Status != "SUCCESS" || seen[k] {
			continue
		}
		seen[k] = true
		ti, ok := vpds[s.VPD]
		if !ok {
			continue
		}
		y := dates[s.AppFile].Year()
		apps[key{y, w.Deaneries[w.Trusts[ti].Deanery].Code}]++
		apps[key{y, "ALL"}]++
	}
	y0, y1 := w.Settings.From.Year(), w.Settings.To.Year()
	for y := y0; y <= y1; y++ {
		lo, hi := MakeDate(y, 1, 1), min(MakeDate(y, 12, 31), w.Settings.To)
		for i := range w.Trusts {
			t := &w.Trusts[i]
			if from := max(lo, t.LiveFrom); from <= hi && t.LiveFrom != Never {
				n := int64(hi - from + 1)
				days[key{y, w.Deaneries[t.Deanery].Code}] += n
				days[key{y, "ALL"}] += n
			}
		}
	}
	var keys []key
	for k := range apps {
		keys = append(keys, k)
	}
	for k := range days {
		if _, ok := apps[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.year != b.year {
			return a.year - b.year
		}
		switch {
		case a.dn < b.dn:
			return -1
		case a.dn > b.dn:
			return 1
		}
		return 0
	})
	for _, k := range keys {
		a, d := apps[k], days[k]
		if a == 0 && d == 0 {
			continue
		}
		diy := int64(MakeDate(k.year+1, 1, 1) - MakeDate(k.year, 1, 1))
		per := ""
		if d > 0 {
			// saving / (d / diy), in pence, rounded half up.
			per = decimalText(roundDiv(a*ratePence*diy, d), 2)
		}
		if err := emit(strconv.Itoa(k.year), k.dn, strconv.FormatInt(a, 10), decimalText(roundDiv(d*10000, diy), 4),
			decimalText(ratePence, 2), decimalText(a*ratePence, 2), per); err != nil {
			return err
		}
	}
	return nil
}
