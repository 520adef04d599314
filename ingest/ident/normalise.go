package ident

import (
	"strings"
	"unicode"
)

// stripSpace removes every whitespace character, inside the value too:
// identifiers keyed as "JC 12 34 56 A" mean "JC123456A".
func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// upperASCII upper-cases a-z only. Identifiers are ASCII when valid; full
// Unicode case mapping could turn an invalid character into a valid one
// (dotless ı into I) and so silently change a value.
func upperASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

func upperTrimmed(s string) string  { return upperASCII(strings.TrimSpace(s)) }
func upperStripped(s string) string { return upperASCII(stripSpace(s)) }

// lowerTrimmed is the EMAIL and 8.2 email normalisation.
func lowerTrimmed(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// collapseSpace trims and turns every run of whitespace into one space.
func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
