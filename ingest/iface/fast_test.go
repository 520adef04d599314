package iface

import (
	"testing"
	"time"

	"deanery/ingest/ident"
	"github.com/google/go-cmp/cmp"
)

var fastSamples = map[Rule][]string{
	ident.POSID: {"1", "2345678", "0123", "123456789012345", "1234567890123456", "12a", "", " 1"},
	ident.ASGID: {"301234567", "0", "9"},
	ident.PERNO: {"12345678", "1234567890", "12345678901", "0123"},
	ident.POSNO: {"0", "41200601", "12345678901"},
	ident.GMC:   {"7012345", "701234", "70123456", "UNKNOWN", "7012 345"},
	ident.VPD:   {"057", "96", "0096", "1234", "05a"},
	ident.NINO:  {"JC123456A", "jc123456a", "TN140286F", "JC123456", "QQ123456A", "AO123456A", "OA123456A", "GB123456A", "ZZ123456D", "JC123456E", "JC12345OA", "JC 123456A"},
	ident.DPN: {"OXF/R7H01/140/STR/004", "NWN/RXV06/998/GPST/001/P", "WES/J82150/800/GPST/003", "LDN/BDH/800/LT/001",
		"O/R7H01/140/STR/004", "OXF/R7H01/140/STR/04", "OXF/R7H01/140/STR/004/X", "OXF/R7H01/140/STR/004/S/1",
		"OXF/R7H01/140/ST(R)/004", "oxf/r7h01/140/str/004", "OXFD/ABCDEFGHIJ/ABCDEF/ABCDEFGH/001", "A/B/C/D/E", "////"},
	ident.PCODE: {"OX14 3PL", "SO23 8AB", "OX3 9DU", "M1 1AE", "W1A 1AA", "EC1A 1BB", "GIR 0AA", "YO12 5EX,", "Doha, Qatar",
		"OX143PL", "ox14 3pl", "OX14 3CL", "1X14 3PL", "OX14  3PL", "OXX 3PL", "OX14 3P", "ABC1D 3PL"},
	ident.EMAIL: {"priya.sharma@example.com", "a@b.c", "a@.c", "a@b.", "@b.c", "a@@b.c", "A@b.c", "a b@c.d", "a@b", "a@b..c", "a@b.c@d"},
	ident.PHONE: {"07700 900123", "+44 7700 900123", "020 7946 0123", "0770090012", "077009001", "0770090012345678", " 07700900123", "+", "+ 07700 900123", "07700-900123"},
	ident.NAME:  {"Sharma", "O'Brien", "Tomás", "Mary  Ann", " Ann", "Ann ", "123", "-", "Smith-Jones", "de la Cruz", "Ann\tLee"},
	ident.TRUST: {"R7H", "RBD", "R1", "R7H01X", "r7h"},
	ident.SITE:  {"R7H01", "J82150", "BARNET", "NOT KNOWN", "r7h01", "ABCDEFGHIJK"},
}

// TestFastAgreesWithIdent holds the fast paths to their promise: whenever
// one says yes, ident agrees that the value is unchanged, valid, unflagged.
func TestFastAgreesWithIdent(t *testing.T) {
	for rule, vs := range fastSamples {
		yes := 0
		for _, v := range vs {
			if checkFast(t, rule, v) {
				yes++
			}
		}
		if yes == 0 {
			t.Errorf("%s: the fast path never says yes", rule)
		}
	}
}

func checkFast(t testing.TB, rule Rule, v string) bool {
	if !fastValid(rule, v) {
		return false
	}
	if got, want := ident.Check(rule, v), (ident.Result{Value: v, Valid: true}); !cmp.Equal(got, want) {
		t.Errorf("fastValid(%s, %q) = true, but ident.Check = %+v", rule, v, got)
	}
	return true
}

func TestFastBirthDate(t *testing.T) {
	asOf := time.Date(2011, 5, 5, 0, 0, 0, 0, time.UTC)
	for _, v := range []string{"19860214", "19910505", "19910506", "19360505", "19360504", "20200231", "18991231"} {
		if fastBirthDate(v, civilOf(asOf)) {
			if res := ident.CheckBirthDate(v, asOf); !res.Valid || len(res.Flags) != 0 {
				t.Errorf("fastBirthDate(%s) = true, ident says %+v", v, res)
			}
		}
	}
}

func FuzzFastValid(f *testing.F) {
	for rule, vs := range fastSamples {
		for _, v := range vs {
			f.Add(string(rule), v)
		}
	}
	f.Fuzz(func(t *testing.T, rule, v string) {
		r, ok := ident.ParseRule(rule)
		if !ok {
			return
		}
		checkFast(t, r, v)
	})
}
