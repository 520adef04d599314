package sim

import (
	"fmt"
	"math"
	"slices"
	"time"

	"deanery/ingest/codes"
)

// Never is the date of something that never happens (a trust never live).
const Never Date = math.MaxInt32

// Deanery is one deanery of domain 2.1 with its place in the world.
type Deanery struct {
	codes.Deanery
	Index     int
	Trusts    []int32 // indices into World.Trusts, in creation order
	GPLead    int32   // its GP_LEAD_EMPLOYER trust
	Practices []int32 // GP practice sites of the lead employer
}

// Trust is an employing organisation (domain 2.2) and its interface pair
// with its deanery (5.10).
type Trust struct {
	Code, Name, VPD string
	Deanery         int
	Kind            string
	Weight          float64 // expected share of its deanery's trainees, relative
	Sites           []int32 // indices into World.Sites; hospital/community sites first
	// LiveFrom is the recruitment go-live (Never: never live); FullFrom the
	// day Full Records start (Never: never).
	LiveFrom, FullFrom Date
}

// Mode returns the pair mode on day d: NONE, PART or FULL.
func (t *Trust) Mode(d Date) string {
	switch {
	case d < t.LiveFrom:
		return "NONE"
	case d < t.FullFrom:
		return "PART"
	}
	return "FULL"
}

// Site is a hospital, community site or GP practice of a trust.
type Site struct {
	Code, Name, Kind string
	Trust            int32
	Weight           float64
}

// trustCodeChars are the characters of a trust code after the R.
const trustCodeChars = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// buildReference makes the deaneries, trusts, sites and interface pairs.
func (w *World) buildReference() error {
	ds := codes.Deaneries()
	kinds := codes.TrustKinds()
	var hospitalKinds []codes.TrustKind
	var shares []float64
	for _, k := range kinds {
		if !k.OnePerDeanery {
			hospitalKinds = append(hospitalKinds, k)
			shares = append(shares, k.Share)
		}
	}
	usedCodes := map[string]bool{}
	vr := newRNG(w.Settings.Seed, drawVPD)
	vpds := make([]int, 999)
	for i := range vpds {
		vpds[i] = i + 1
	}
	vr.shuffle(len(vpds), func(i, j int) { vpds[i], vpds[j] = vpds[j], vpds[i] })
	usedNames := map[string]bool{}
	for di, cd := range ds {
		d := Deanery{Deanery: cd, Index: di}
		n := cd.Trusts
		if w.Settings.Scale < 1 {
			n = max(2, roundHalfUp(float64(cd.Trusts)*w.Settings.Scale))
		}
		counts := largestRemainder(n-1, shares)
		var kindOf []string
		kindOf = append(kindOf, codes.GPLeadEmployer)
		for ki, c := range counts {
			for range c {
				kindOf = append(kindOf, hospitalKinds[ki].Code)
			}
		}
		for ti, kind := range kindOf {
			r := newRNG(w.Settings.Seed, drawTrust, uint64(di), uint64(ti))
			t := Trust{Deanery: di, Kind: kind, LiveFrom: Never, FullFrom: Never}
			for attempt := uint64(0); ; attempt++ {
				cr := newRNG(w.Settings.Seed, drawTrustCode, uint64(di), uint64(ti), attempt)
				c := "R" + string(trustCodeChars[cr.intn(len(trustCodeChars))]) + string(trustCodeChars[cr.intn(len(trustCodeChars))])
				if !usedCodes[c] {
					usedCodes[c] = true
					t.Code = c
					break
				}
				if attempt > 10000 {
					return fmt.Errorf("trust codes exhausted")
				}
			}
			t.VPD = fmt.Sprintf("%03d", vpds[len(w.Trusts)%len(vpds)])
			place := uniqueName(&r, usedNames, placeName)
			t.Name = trustName(&r, kind, place, cd.Code == "WAL")
			ti32 := int32(len(w.Trusts))
			tk, _ := codes.TrustKindByCode(kind)
			var nSites int
			switch kind {
			case codes.GPLeadEmployer:
				t.Weight = 0 // set from the GP share below
			default:
				nSites = r.between(tk.MinSites, tk.MaxSites)
				t.Weight = tk.Weight * (1 + 0.15*float64(nSites-1)) * math.Exp(0.3*r.normal())
			}
			for s := range nSites {
				site := Site{Code: fmt.Sprintf("%s%02d", t.Code, s+1), Trust: ti32, Kind: "HOSPITAL"}
				if kind == codes.Community || (kind == codes.MentalHealth && s > 0) || (kind == codes.Acute && s > 1) {
					site.Kind = "COMMUNITY"
				}
				site.Name = siteName(&r, kind, site.Kind, place, s)
				site.Weight = 1 / float64(s+1)
				if site.Kind == "COMMUNITY" {
					site.Weight *= 0.5
				}
				t.Sites = append(t.Sites, int32(len(w.Sites)))
				w.Sites = append(w.Sites, site)
			}
			if kind == codes.GPLeadEmployer {
				d.GPLead = ti32
			}
			d.Trusts = append(d.Trusts, ti32)
			w.Trusts = append(w.Trusts, t)
		}
		// GP practices: enough for the deanery's GPST3 trainees at scale, 2–50.
		gp := &w.Trusts[d.GPLead]
		r := newRNG(w.Settings.Seed, drawSite, uint64(di), 9999)
		np := min(50, max(2, roundHalfUp(3000*cd.Share/100*w.Settings.Scale/2)))
		for s := range np {
			site := Site{Code: fmt.Sprintf("%s%02d", gp.Code, 50+s), Trust: d.GPLead, Kind: "GP_PRACTICE", Weight: 0.5 + r.float()}
			site.Name = practiceName(&r)
			gp.Sites = append(gp.Sites, int32(len(w.Sites)))
			d.Practices = append(d.Practices, int32(len(w.Sites)))
			w.Sites = append(w.Sites, site)
		}
		// The lead employer's weight for adoption order: the GP trainees.
		var sum float64
		for _, ti := range d.Trusts {
			sum += w.Trusts[ti].Weight
		}
		gp.Weight = sum * 0.2
		w.Deaneries = append(w.Deaneries, d)
	}
	w.adopt()
	return nil
}

func uniqueName(r *rng, used map[string]bool, make func(*rng) string) string {
	for i := 0; ; i++ {
		s := make(r)
		if !used[s] || i > 50 {
			used[s] = true
			return s
		}
	}
}

func placeName(r *rng) string {
	return placeStems[r.intn(len(placeStems))] + placeEnds[r.intn(len(placeEnds))]
}

func trustName(r *rng, kind, place string, wales bool) string {
	if wales {
		switch kind {
		case codes.GPLeadEmployer:
			return place + " GP Training Lead Employer"
		case codes.MentalHealth:
			return place + " Mental Health Services NHS Trust"
		}
		return place + " University Health Board"
	}
	switch kind {
	case codes.AcuteTeaching:
		if r.chance(0.5) {
			return "University Hospitals of " + place + " NHS Foundation Trust"
		}
		return place + " Teaching Hospitals NHS Foundation Trust"
	case codes.Acute:
		switch r.intn(3) {
		case 0:
			return place + " Hospitals NHS Foundation Trust"
		case 1:
			return place + " and " + placeName(r) + " NHS Trust"
		}
		return place + " General Hospital NHS Trust"
	case codes.MentalHealth:
		if r.chance(0.5) {
			return place + " Partnership NHS Foundation Trust"
		}
		return place + " Mental Health NHS Trust"
	case codes.Community:
		return place + " Community Healthcare NHS Trust"
	}
	return place + " Primary Care Training NHS Trust"
}

func siteName(r *rng, kind, siteKind, place string, i int) string {
	if i == 0 && siteKind == "HOSPITAL" {
		switch kind {
		case codes.AcuteTeaching:
			return place + " Royal Infirmary"
		case codes.MentalHealth:
			return place + " House"
		}
		return place + " General Hospital"
	}
	other := placeName(r)
	switch {
	case siteKind == "COMMUNITY" && kind == codes.MentalHealth:
		return other + " Centre"
	case siteKind == "COMMUNITY":
		return other + " Community Hospital"
	case r.chance(0.3):
		return "St " + saints[r.intn(len(saints))] + "'s Hospital"
	}
	return other + " Hospital"
}

func practiceName(r *rng) string {
	switch r.intn(4) {
	case 0:
		return streetNames[r.intn(len(streetNames))] + " Surgery"
	case 1:
		return placeName(r) + " Medical Centre"
	case 2:
		return streetNames[r.intn(len(streetNames))] + " Street Practice"
	}
	return placeName(r) + " Health Centre"
}

// milestone is one row of the adoption table of domain 5.10: the share of
// each deanery's trusts live by a date (exact counts where given).
type milestone struct {
	by     Date
	pct    map[string]float64 // deanery code → share; "*" for the others
	counts map[string]int     // deanery code → absolute number
}

func milestones() []milestone {
	return []milestone{
		{by: MakeDate(2010, time.May, 4), pct: map[string]float64{"OXF": 0.70, "WES": 0.70}},
		{by: MakeDate(2010, time.October, 1), counts: map[string]int{"EOE": 1, "KSS": 1, "WMD": 1, "YHD": 1}},
		{by: MakeDate(2011, time.May, 3), pct: map[string]float64{"EMD": 0.4, "EOE": 0.4, "KSS": 0.4, "NTH": 0.4, "PEN": 0.4, "SEV": 0.4, "WMD": 0.4, "YHD": 0.4, "OXF": 0.85, "WES": 0.85}},
		{by: MakeDate(2012, time.June, 30), pct: map[string]float64{"LDN": 0.3, "NWN": 0.3, "MER": 0.3, "WAL": 0.3, "*": 0.6}},
		{by: MakeDate(2013, time.September, 30), pct: map[string]float64{"EOE": 22.0 / 23.0, "*": 0.7}},
		{by: MakeDate(2016, time.March, 31), pct: map[string]float64{"*": 0.75}},
	}
}

// adoptionStart opens the window of the first milestone.
var adoptionStart = MakeDate(2010, time.February, 1)

// fullRecordsEngland is the day every live English pair is FULL.
var fullRecordsEngland = MakeDate(2021, time.February, 1)

// milestoneTarget is the number of live trusts of a deanery with n trusts
// required by milestone m (before applying "live stays live").
func (m milestone) target(code string, n int) int {
	if c, ok := m.counts[code]; ok {
		return min(c, n)
	}
	p, ok := m.pct[code]
	if !ok {
		p, ok = m.pct["*"]
	}
	if !ok {
		return 0
	}
	return roundHalfUp(p * float64(n))
}

// adopt sets each trust's recruitment go-live and Full Records dates.
func (w *World) adopt() {
	ms := milestones()
	for di := range w.Deaneries {
		d := &w.Deaneries[di]
		n := len(d.Trusts)
		r := newRNG(w.Settings.Seed, drawAdoption, uint64(di))
		targets := make([]int, len(ms))
		for i, m := range ms {
			targets[i] = m.target(d.Code, n)
			if i > 0 {
				targets[i] = max(targets[i], targets[i-1])
			}
		}
		final := targets[len(targets)-1]
		// Never-live trusts come from the smallest 40%.
		bySize := slices.Clone(d.Trusts)
		slices.SortStableFunc(bySize, func(a, b int32) int { return cmpFloat(w.Trusts[b].Weight, w.Trusts[a].Weight) })
		never := map[int32]bool{}
		if k := n - final; k > 0 {
			small := bySize[n-max(k, int(math.Ceil(0.4*float64(n)))):]
			small = slices.Clone(small)
			r.shuffle(len(small), func(i, j int) { small[i], small[j] = small[j], small[i] })
			for _, t := range small[:k] {
				never[t] = true
			}
		}
		// Live ones: larger first, with jitter.
		type cand struct {
			t   int32
			key float64
		}
		var order []cand
		for _, t := range bySize {
			if !never[t] {
				order = append(order, cand{t, math.Log(w.Trusts[t].Weight+1e-9) + 0.5*r.normal()})
			}
		}
		slices.SortStableFunc(order, func(a, b cand) int { return cmpFloat(b.key, a.key) })
		next := 0
		prev := adoptionStart
		live := 0
		for i, m := range ms {
			k := targets[i] - live
			days := workingDaysBetween(prev, m.by)
			dates := make([]Date, k)
			for j := range dates {
				dates[j] = days[r.intn(len(days))]
			}
			slices.Sort(dates)
			for _, dt := range dates {
				w.Trusts[order[next].t].LiveFrom = dt
				next++
			}
			live = targets[i]
			prev = m.by
		}
		// Full Records: 40% of live pairs switch 180–720 days after go-live;
		// every live English pair is FULL from 2021-02-01.
		var liveTrusts []int32
		for _, t := range d.Trusts {
			if w.Trusts[t].LiveFrom != Never {
				liveTrusts = append(liveTrusts, t)
			}
		}
		switchers := slices.Clone(liveTrusts)
		r.shuffle(len(switchers), func(i, j int) { switchers[i], switchers[j] = switchers[j], switchers[i] })
		switchers = switchers[:roundHalfUp(0.4*float64(len(switchers)))]
		for _, t := range switchers {
			tr := &w.Trusts[t]
			tr.FullFrom = nextWorkingDay(tr.LiveFrom + Date(r.between(180, 720)))
		}
		if d.Code != "WAL" {
			for _, t := range liveTrusts {
				tr := &w.Trusts[t]
				tr.FullFrom = min(tr.FullFrom, fullRecordsEngland)
			}
		}
	}
}

// workingDaysBetween returns the working days in (a, b].
func workingDaysBetween(a, b Date) []Date {
	var out []Date
	for d := a + 1; d <= b; d++ {
		if d.Working() {
			out = append(out, d)
		}
	}
	return out
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
