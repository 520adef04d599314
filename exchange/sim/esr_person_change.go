package sim

import (
	"math"
	"strings"
)

// ESR-side person changes (10.3, 10.4): per person-year an address move
// (ADDRESS_CHANGE_ESR, 8%), an email change (5%) and a surname change
// after marriage (NAME_CHANGE, 0.8%), keyed in ESR at 12:00.
type personEvent struct {
	person int32
	kind   int // 0 address, 1 email, 2 name
	n      int
}

// planChanges draws the change days of person pi from its creation to the
// world's end, each kind as a Poisson process.
func (e *ESR) planChanges(pi int32) {
	w := e.w
	ps := e.people
	p := &ps.persons[pi]
	fr := w.Settings.Faults
	if ps.events == nil {
		ps.events = map[Date][]personEvent{}
	}
	for kind, rate := range []float64{fr.AddressChangeESR, 0.05, fr.NameChange} {
		if rate <= 0 {
			continue
		}
		r := newRNG(w.Settings.Seed, drawPersonCh, uint64(pi), uint64(kind))
		d := max(p.Created.Date(), w.Settings.From)
		for n := 0; ; n++ {
			d += 1 + Date(-math.Log(1-r.float())/rate*365.25)
			if d > w.Settings.To {
				break
			}
			ps.events[d] = append(ps.events[d], personEvent{pi, kind, n})
		}
	}
}

// changesDay keys the person changes due on d.
func (e *ESR) changesDay(d Date) {
	w := e.w
	ps := e.people
	at := d.At(12, 0, 0)
	for _, ev := range ps.events[d] {
		p := &ps.persons[ev.person]
		asgs := ps.asgsOf(ev.person)
		if len(asgs) == 0 {
			continue
		}
		r := newRNG(w.Settings.Seed, drawPersonCh, uint64(ev.person), uint64(ev.kind), uint64(ev.n)+1)
		switch ev.kind {
		case 0:
			dn := w.Trusts[ps.asgs[asgs[len(asgs)-1]].Trust].Deanery
			if len(w.Deaneries[dn].Areas) == 0 {
				continue
			}
			old := p.Addr.Postcode
			p.Addr = w.drawAddress(&r, dn, at)
			e.fault(Fault{Kind: "ADDRESS_CHANGE_ESR", Side: "ESR", EntityType: "ESR_PERSON", EntityID: p.Number,
				Field: "postcode", TrueValue: p.Addr.Postcode, RecordedValue: old, At: at,
				Detail: "a move keyed in ESR"})
		case 1:
			local, _, _ := strings.Cut(p.Email, "@")
			p.Email = local + "." + []string{"a", "b", "c", "d"}[r.intn(4)] + "@" + []string{"example.com", "example.org", "nhsmail.example"}[r.intn(3)]
		case 2:
			if p.Prev != "" {
				continue
			}
			sn := nameGroups[0].surnames
			ns := strings.ReplaceAll(sn[r.intn(len(sn))], "_", " ")
			if ns == p.Surname {
				continue
			}
			p.Prev, p.Surname = p.Surname, ns
			e.fault(Fault{Kind: "NAME_CHANGE", Side: "ESR", EntityType: "ESR_PERSON", EntityID: p.Number,
				Field: "lastName", TrueValue: ns, RecordedValue: p.Prev, At: at, Detail: "surname changed after hire, previous kept"})
		}
		p.Changed = at
		e.updESRChange(ev.person, ev.kind, at)
	}
	delete(ps.events, d)
}
