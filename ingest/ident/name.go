package ident

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NameKey is the comparison form of a name or address line (domain 8.2):
// Unicode NFKD, combining marks dropped, upper-case, hyphens (any dash) to
// spaces, every character but A-Z, 0-9 and space dropped, spaces collapsed
// and trimmed. "Zoë O'Brien-Hart" and "ZOE OBRIEN HART" share a key, since
// ESR drops accents and apostrophes that deanery systems keep.
func NameKey(s string) string {
	s = norm.NFKD.String(strings.ToValidUTF8(s, ""))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining mark: the accent of the letter before it
		case unicode.Is(unicode.Dash, r) || unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			r = unicode.ToUpper(r)
			if ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9') {
				b.WriteRune(r)
			}
		}
	}
	return collapseSpace(b.String())
}

// FirstToken is the text before the first space of s, trimmed: the first
// forename of a forenames field, which is all that 8.2 compares because one
// side often holds middle names and the other not. Apply it to a NameKey.
func FirstToken(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}
