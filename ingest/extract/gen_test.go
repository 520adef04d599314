package extract

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"deanery/ingest/codes"
)

// gen makes canonical rows that every profile can carry: values in the
// canonical form a Reader produces, names encodable in Windows-1252, and
// no forename left empty (domain 5.11).
type gen struct {
	r  *rand.Rand
	p  *Profile
	id int
}

func newGen(seed uint64, p *Profile) *gen {
	return &gen{r: rand.New(rand.NewPCG(seed, 7)), p: p}
}

func (g *gen) pick(vals ...string) string { return vals[g.r.IntN(len(vals))] }

func (g *gen) maybe(v string) string {
	if g.r.IntN(5) == 0 {
		return ""
	}
	return v
}

// ident makes an id in the profile's id format.
func (g *gen) ident() string {
	g.id++
	n := g.id*7919 + g.r.IntN(7)
	var b strings.Builder
	f := g.p.idFormat
	if f == "" {
		return fmt.Sprintf("X-%d", n)
	}
	digits := strings.Count(f, "#")
	s := fmt.Sprintf("%0*d", digits, n%pow10(digits))
	k := 0
	for i := range len(f) {
		if f[i] == '#' {
			b.WriteByte(s[k])
			k++
		} else {
			b.WriteByte(f[i])
		}
	}
	return b.String()
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}

func (g *gen) date(from, to int) string {
	y := from + g.r.IntN(to-from+1)
	m := 1 + g.r.IntN(12)
	return fmt.Sprintf("%04d-%02d-%02d", y, m, 1+g.r.IntN(daysIn(y, m)))
}

func (g *gen) timestamp() string {
	return fmt.Sprintf("%s %02d:%02d:%02d", g.date(2009, 2026), g.r.IntN(24), g.r.IntN(60), g.r.IntN(60))
}

func (g *gen) boolean() string { return g.pick("true", "false") } // deleted and withdrawn are never null

func (g *gen) grade() string {
	gs := codes.Grades()
	return gs[g.r.IntN(len(gs))].Code
}

func (g *gen) specialty() string {
	ss := codes.Specialties()
	return ss[g.r.IntN(len(ss))].Code
}

func (g *gen) country() string {
	cs := codes.Countries()
	return g.maybe(cs[g.r.IntN(len(cs))].ISO)
}

func (g *gen) title() string {
	ts := codes.Titles()
	return g.maybe(ts[g.r.IntN(len(ts))].App)
}

func (g *gen) trust() string {
	const alpha = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	return "R" + string(alpha[g.r.IntN(len(alpha))]) + string(alpha[g.r.IntN(len(alpha))])
}

// site draws from a world-sized pool: about 250 trusts with a few sites
// each, so codes repeat as they do in real extracts.
func (g *gen) site() string {
	n := g.r.IntN(1000)
	return fmt.Sprintf("R%c%c%02d", "ABCDEFGHJK"[n%10], "0123456789"[n/10%10], n/100)
}

var (
	surnames  = []string{"SHARMA", "O'Brien", "Hughes", "Okafor", "Chen", "Smith-Jones", "Müller", "DE LA CRUZ", "Ní Bhriain"}
	forenames = []string{"Priya Anjali", "Tomás", "Daniel", "Chidi", "Wei", "Zoë", "Anne-Marie", "Seán Óg"}
	addresses = []string{"14 Mill Lane", "Flat 2, 7 Orchard Close", `The "Old" Rectory`, "2 Station Road", "Doha, Qatar"}
)

func (g *gen) trainee() []string {
	return []string{
		g.ident(), g.title(), g.pick(forenames...), g.pick(surnames...), g.maybe(g.pick(surnames...)),
		g.maybe(g.date(1950, 2000)), g.maybe(g.pick("M", "F", "U")),
		g.maybe(fmt.Sprintf("J%c%06d%c", "ABCEHJ"[g.r.IntN(6)], g.r.IntN(1000000), "ABCD"[g.r.IntN(4)])),
		g.maybe(fmt.Sprintf("%d%06d", 2+g.r.IntN(6), g.r.IntN(1000000))),
		g.maybe(fmt.Sprintf("OXF/%s/%03d/C", g.specialty(), g.r.IntN(1000))),
		g.maybe(fmt.Sprintf("person%d@example.com", g.r.IntN(10000))),
		g.maybe(fmt.Sprintf("07700 900%03d", g.r.IntN(1000))), g.maybe(fmt.Sprintf("020 7946 0%03d", g.r.IntN(1000))),
		g.maybe(g.pick(addresses...)), g.maybe(g.pick(addresses...)), g.maybe(g.pick(addresses...)),
		g.maybe(g.pick("Oxford", "Abingdon", "Banbury")), g.maybe(g.pick("OX14 3PL", "OX3 9DU", "YO12 5EX,", "ox16 1ab")),
		g.country(), g.country(), g.timestamp(), g.boolean(),
	}
}

func (g *gen) post() []string {
	lead := g.trust()
	hosts := g.pick("", "", g.trust(), g.trust()+";"+g.trust())
	deans := codes.DeaneryCodes()
	dean := deans[g.r.IntN(len(deans))]
	site := fmt.Sprintf("%s%02d", lead, g.r.IntN(100))
	return []string{
		g.ident(), fmt.Sprintf("%s/%s/%s/STR/%03d", dean, site, g.specialty(), g.r.IntN(1000)), dean, lead, hosts, site,
		g.specialty(), g.grade(), g.pick("CURRENT", "INACTIVE"), g.timestamp(),
	}
}

func (g *gen) placement() []string {
	pts := codes.PlacementTypes()
	wte := fmt.Sprintf("%d.%02d", 0, 10+g.r.IntN(90))
	if g.r.IntN(2) == 0 {
		wte = "1.00"
	}
	return []string{
		g.ident(), g.ident(), g.ident(), g.site(), g.grade(), g.specialty(),
		g.date(2010, 2026), g.maybe(g.date(2010, 2027)), wte, pts[g.r.IntN(len(pts))].Code,
		g.pick("DRAFT", "APPROVED"), g.timestamp(), g.timestamp(), g.boolean(),
	}
}

func (g *gen) row(e Entity) []string {
	switch e {
	case Trainee:
		return g.trainee()
	case Post:
		return g.post()
	}
	return g.placement()
}

// writeRows writes rows in profile p and returns the file bytes.
func writeRows(t testing.TB, p *Profile, e Entity, rows [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(p, e, &buf)
	for _, r := range rows {
		if _, err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
