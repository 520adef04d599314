package ident

import (
	"testing"
	"unicode/utf8"
)

// FuzzCheck holds every rule to three properties: no panic, Check is
// idempotent on its own output, and nothing it returns is invalid UTF-8.
func FuzzCheck(f *testing.F) {
	for _, cases := range checkTable {
		for _, c := range cases {
			f.Add(c.raw)
		}
	}
	f.Add("a\xffb")
	f.Add("0096")
	f.Add("ıd123456a")
	f.Fuzz(func(t *testing.T, raw string) {
		for _, rule := range Rules() {
			first := Check(rule, raw)
			second := Check(rule, first.Value)
			if second.Value != first.Value {
				t.Errorf("%s: not idempotent: %q → %q → %q", rule, raw, first.Value, second.Value)
			}
			if first.Null != (first.Value == "") {
				t.Errorf("%s: %q: Null=%v with value %q", rule, raw, first.Null, first.Value)
			}
			if !utf8.ValidString(first.Value) {
				t.Errorf("%s: %q: value %q is not UTF-8", rule, raw, first.Value)
			}
			for _, fl := range first.Flags {
				if !utf8.ValidString(fl.Message) || !utf8.ValidString(fl.Code) {
					t.Errorf("%s: %q: flag %q is not UTF-8", rule, raw, fl.Message)
				}
			}
		}
		if k := NameKey(raw); NameKey(k) != k {
			t.Errorf("NameKey not idempotent: %q → %q → %q", raw, k, NameKey(k))
		}
		_, _ = ParseDPN(raw)
		_, _ = ParseDate(raw)
		_, _ = ParseTimestamp(raw)
	})
}
