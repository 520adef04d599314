package sim

import (
	"fmt"
	"strings"
)

// Human is a real person behind one or more trainee records (and, in the
// ESR simulation, ESR persons). Its fields are the true values.
type Human struct {
	ID          int32 // human_id, 1-based, in order of entry
	Key         uint64
	First       string
	Middle      string
	Surname     string
	DOB         Date
	Gender      string // M F U
	NI, GMC     string
	Nationality string
	IMG         bool // international medical graduate
	Title       string
	Email       string
	Mobile      string
	Home        string
	// Addresses is the true address history, in time order.
	Addresses []Address
	Records   []int32 // trainee records, in creation order
}

// Address is a postal address from a moment on.
type Address struct {
	From                    Timestamp
	Line1, Line2, Line3     string
	Town, Postcode, Country string
}

// addressAt returns the true address at t.
func (h *Human) addressAt(t Timestamp) Address {
	a := h.Addresses[0]
	for _, x := range h.Addresses[1:] {
		if x.From > t {
			break
		}
		a = x
	}
	return a
}

// ninoFirst and ninoSecond are the letters an NI prefix may use (domain 3).
const (
	ninoFirst  = "ABCEGHJKLMNOPRSTWXYZ"
	ninoSecond = "ABCEGHJKLMNPRSTWXYZ"
	// inwardLetters are the letters of a postcode's inward part.
	inwardLetters = "ABDEFGHJLNPQRSTUWXYZ"
)

var badNinoPrefix = map[string]bool{"BG": true, "GB": true, "KN": true, "NK": true, "NT": true, "TN": true, "ZZ": true}

// identities draws unique NI and GMC numbers.
type identities struct {
	ni, gmc map[string]bool
}

func newIdentities() *identities {
	return &identities{ni: map[string]bool{}, gmc: map[string]bool{}}
}

func (ids *identities) drawNI(r *rng) string {
	for {
		p := string(ninoFirst[r.intn(len(ninoFirst))]) + string(ninoSecond[r.intn(len(ninoSecond))])
		if badNinoPrefix[p] {
			continue
		}
		s := fmt.Sprintf("%s%06d%c", p, r.intn(1000000), 'A'+r.intn(4))
		if !ids.ni[s] {
			ids.ni[s] = true
			return s
		}
	}
}

// drawGMC draws a unique GMC number whose first digit follows the year of
// first registration (older registrants have lower numbers).
func (ids *identities) drawGMC(r *rng, regYear int) string {
	first := 7
	switch {
	case regYear < 1995:
		first = 3 + r.intn(2)
	case regYear < 2005:
		first = 5 + r.intn(2)
	case regYear < 2008:
		first = 6 + r.intn(2)
	}
	for {
		s := fmt.Sprintf("%d%06d", first, r.intn(1000000))
		if !ids.gmc[s] {
			ids.gmc[s] = true
			return s
		}
		if r.chance(0.1) {
			first = 2 + r.intn(6)
		}
	}
}

// newHuman draws a person entering training on entry.
func (w *World) newHuman(key uint64, entry Date, img bool, minAge, maxAge float64, deanery int) Human {
	r := newRNG(w.Settings.Seed, drawHuman, key)
	h := Human{Key: key, IMG: img}
	switch x := r.float(); {
	case x < 0.52:
		h.Gender = "F"
	case x < 0.995:
		h.Gender = "M"
	default:
		h.Gender = "U"
	}
	gw := ukGroupWeights
	if img {
		gw = imgGroupWeights
	}
	g := &nameGroups[r.pick(gw)]
	pickFirst := func() string {
		female := h.Gender == "F" || (h.Gender == "U" && r.chance(0.5))
		if female {
			return g.female[r.intn(len(g.female))]
		}
		return g.male[r.intn(len(g.male))]
	}
	h.First = strings.ReplaceAll(pickFirst(), "_", " ")
	if r.chance(0.3) {
		if m := strings.ReplaceAll(pickFirst(), "_", " "); m != h.First {
			h.Middle = m
		}
	}
	h.Surname = strings.ReplaceAll(g.surnames[r.intn(len(g.surnames))], "_", " ")
	if img {
		h.Nationality = g.nationalities[r.pick(g.natWeights)]
		if h.Nationality == "GB" {
			h.Nationality = g.nationalities[len(g.nationalities)-1]
		}
	} else {
		h.Nationality = "GB"
		if r.chance(0.15) {
			h.Nationality = g.nationalities[r.pick(g.natWeights)]
		}
	}
	age := minAge + (maxAge-minAge)*r.float()*r.float()
	h.DOB = entry - Date(age*365.25)
	regYear := entry.Year()
	if img {
		regYear -= r.between(0, 8)
	}
	h.NI = w.ids.drawNI(&r)
	h.GMC = w.ids.drawGMC(&r, regYear)
	switch x := r.float(); {
	case x < 0.86:
		h.Title = "Dr"
	case x < 0.995:
		switch h.Gender {
		case "M":
			h.Title = "Mr"
		case "F":
			h.Title = []string{"Ms", "Miss", "Mrs"}[r.intn(3)]
		default:
			h.Title = "Mx"
		}
	default:
		h.Title = "Mx"
	}
	local := foldASCII(h.First) + "." + foldASCII(h.Surname)
	if r.chance(0.4) {
		local += fmt.Sprint(r.between(1, 99))
	}
	h.Email = local + "@" + []string{"example.com", "example.org", "example.net"}[r.intn(3)]
	h.Mobile = fmt.Sprintf("%s%03d", mobilePrefix, r.intn(1000))
	if r.chance(0.5) {
		h.Home = fmt.Sprintf("%s%03d", landPrefixes[r.intn(len(landPrefixes))], r.intn(1000))
	}
	h.Addresses = []Address{w.drawAddress(&r, deanery, 0)}
	return h
}

// drawAddress draws an address in one of the deanery's postcode areas.
func (w *World) drawAddress(r *rng, deanery int, from Timestamp) Address {
	areas := w.Deaneries[deanery].Areas
	area := areas[r.intn(len(areas))]
	a := Address{From: from, Country: "GB", Town: postTowns[area]}
	a.Line1 = fmt.Sprintf("%d %s %s", r.between(1, 199), streetNames[r.intn(len(streetNames))], streetSuffix[r.intn(len(streetSuffix))])
	if r.chance(0.3) {
		a.Line2 = localities[r.intn(len(localities))]
	}
	if r.chance(0.1) {
		a.Line1 = fmt.Sprintf("Flat %d", r.between(1, 40))
		a.Line2 = fmt.Sprintf("%d %s %s", r.between(1, 199), streetNames[r.intn(len(streetNames))], streetSuffix[r.intn(len(streetSuffix))])
	}
	district := r.between(1, 20)
	if r.chance(0.3) {
		district = r.between(1, 9)
	}
	a.Postcode = fmt.Sprintf("%s%d %d%c%c", area, district, r.intn(10),
		inwardLetters[r.intn(len(inwardLetters))], inwardLetters[r.intn(len(inwardLetters))])
	return a
}

// foldASCII lower-cases s for an email local part: Latin-1 accents dropped,
// anything but letters and digits removed.
func foldASCII(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
		default:
			if f, ok := accentFold[c]; ok {
				b.WriteString(f)
			}
		}
	}
	return b.String()
}

var accentFold = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ä': "a", 'ã': "a", 'å': "a", 'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'ö': "o", 'õ': "o", 'ø': "o",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y", 'ÿ': "y", 'ß': "ss", 'š': "s", 'ž': "z",
}
