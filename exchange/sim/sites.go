package sim

import "deanery/ingest/codes"

// compat is how much a trust kind trains in a specialty, by specialty
// code: the weight multiplies the trust's own weight.
func compat(kind, spec string) float64 {
	psych := spec == "150" || spec == "160"
	switch kind {
	case codes.AcuteTeaching:
		if psych {
			return 0.1
		}
		return 1
	case codes.Acute:
		switch {
		case psych:
			return 0.05
		case spec == "170" || spec == "180" || spec == "190" || spec == "200" || spec == "090":
			return 0.6
		}
		return 1
	case codes.MentalHealth:
		if psych {
			return 12
		}
		return 0
	case codes.Community:
		switch spec {
		case "060", "140":
			return 2
		case "150", "160":
			return 1
		}
		return 0
	}
	return 0
}

// siteTables holds, per deanery and specialty, the weights of the
// deanery's trusts, and per trust the weights of its sites.
type siteTables struct {
	trusts [][][]float64 // [deanery][spec] → weight per Deanery.Trusts entry
	sites  [][]float64   // [trust] → weight per Trust.Sites entry
	pracW  [][]float64   // [deanery] → weight per practice
}

func (w *World) buildSiteTables() *siteTables {
	st := &siteTables{}
	for _, d := range w.Deaneries {
		per := make([][]float64, len(w.specs))
		for si, s := range w.specs {
			ws := make([]float64, len(d.Trusts))
			any := false
			for i, ti := range d.Trusts {
				t := &w.Trusts[ti]
				if t.Kind == codes.GPLeadEmployer {
					continue
				}
				ws[i] = t.Weight * compat(t.Kind, s.Code)
				any = any || ws[i] > 0
			}
			if !any { // a small deanery: any hospital trust will do
				for i, ti := range d.Trusts {
					if w.Trusts[ti].Kind != codes.GPLeadEmployer {
						ws[i] = 1
					}
				}
			}
			per[si] = ws
		}
		st.trusts = append(st.trusts, per)
		pw := make([]float64, len(d.Practices))
		for i, s := range d.Practices {
			pw[i] = w.Sites[s].Weight
		}
		st.pracW = append(st.pracW, pw)
	}
	for _, t := range w.Trusts {
		ws := make([]float64, len(t.Sites))
		for i, s := range t.Sites {
			if w.Sites[s].Kind != "GP_PRACTICE" {
				ws[i] = w.Sites[s].Weight
			}
		}
		st.sites = append(st.sites, ws)
	}
	return st
}

// chooseSite picks the site of a placement's post: a practice of the GP
// lead employer for GPST3, else a site of a trust that trains in the
// specialty (for GP hospital posts, the rotation's specialty).
func (w *World) chooseSite(r *rng, deanery int, kind, spec uint8) int32 {
	d := &w.Deaneries[deanery]
	if kind == kindGPPractice {
		return d.Practices[r.pick(w.st.pracW[deanery])]
	}
	ti := d.Trusts[r.pick(w.st.trusts[deanery][spec])]
	t := &w.Trusts[ti]
	return t.Sites[r.pick(w.st.sites[ti])]
}
