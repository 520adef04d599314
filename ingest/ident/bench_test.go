package ident

import (
	"strings"
	"testing"
)

func BenchmarkCheck(b *testing.B) {
	inputs := map[Rule]string{
		NINO: "jc 12 34 56 a", DPN: "OXF/R7H01/140/STR/004", PCODE: "ox14 3pl",
		DATE: "19860214", NAME: "  Zoë   O'Brien-Hart ", EMAIL: "Priya.Sharma@Example.com",
	}
	b.ReportAllocs()
	for b.Loop() {
		for rule, raw := range inputs {
			Check(rule, raw)
		}
	}
}

func BenchmarkCheckLong(b *testing.B) {
	raw := strings.Repeat("Zoë O'Brien-Hart\xff/ ", 5000)
	b.ReportAllocs()
	for b.Loop() {
		for _, rule := range Rules() {
			Check(rule, raw)
		}
		NameKey(raw)
	}
}
