package ident

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mask hides the personal part of a value for messages and logs while
// keeping its shape: letters and digits become '*', punctuation and spaces
// stay, so "YO12 5EX," still shows its stray comma.
//
//   - NINO keeps the first 2 and last 3 characters: AB****56C.
//   - PCODE keeps the first 2 characters (the postcode area): YO** ***,
//   - DATE and TS keep the year of a well-formed value: 1986****.
//   - NAME, EMAIL and PHONE keep the first character.
//
// Values of other rules are not personal and are returned unchanged.
func Mask(rule Rule, value string) string {
	value = strings.ToValidUTF8(value, "\uFFFD")
	switch rule {
	case NINO:
		n := utf8.RuneCountInString(value)
		switch {
		case n >= 6:
			return maskBetween(value, 2, 3)
		case n >= 3:
			return maskBetween(value, 1, 0)
		default:
			return maskBetween(value, 0, 0)
		}
	case PCODE:
		return maskBetween(value, 2, 0)
	case DATE, TS:
		if digits.MatchString(value) && (len(value) == 8 || len(value) == 14) {
			return maskBetween(value, 4, 0)
		}
		return maskBetween(value, 0, 0)
	case NAME, EMAIL, PHONE:
		return maskBetween(value, 1, 0)
	}
	return value
}

// maskBetween keeps the first head and last tail characters and masks
// letters and digits in between.
func maskBetween(v string, head, tail int) string {
	r := []rune(v)
	if head+tail >= len(r) {
		head, tail = 0, 0
	}
	for i := head; i < len(r)-tail; i++ {
		if unicode.IsLetter(r[i]) || unicode.IsDigit(r[i]) {
			r[i] = '*'
		}
	}
	return string(r)
}
