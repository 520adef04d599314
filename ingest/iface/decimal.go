package iface

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// FormatDecimal writes the decimal text v with exactly m decimals, rounding
// half up (0.65 → "0.7" for m = 1; "1" → "1.00" for m = 2). It works on
// the text, never through a float, so that 0.15 rounds to 0.2. v is digits
// with an optional decimal point and fraction; a leading '-' is allowed.
func FormatDecimal(v string, m int) (string, error) {
	s := strings.TrimSpace(v)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" {
		intPart = "0"
	}
	if m < 0 || !allDigits(intPart) || !allDigits(frac) || (s == "" || s == ".") {
		return "", fmt.Errorf("%q is not a decimal number: %w", v, ErrInvalidValue)
	}
	digits := []byte(intPart + padRight(frac, m)[:m])
	if len(frac) > m && frac[m] >= '5' {
		digits = roundUp(digits)
	}
	digits = trimLeadingZeros(digits, m+1)
	out := string(digits[:len(digits)-m])
	if m > 0 {
		out += "." + string(digits[len(digits)-m:])
	}
	if neg && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return out, nil
}

// FormatFloat writes f with exactly m decimals, rounding half up on its
// shortest decimal text (0.65 → "0.7"), not on its binary value.
func FormatFloat(f float64, m int) (string, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", fmt.Errorf("%v is not a decimal number: %w", f, ErrInvalidValue)
	}
	return FormatDecimal(strconv.FormatFloat(f, 'f', -1, 64), m)
}

func padRight(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return s + strings.Repeat("0", n-len(s))
}

// roundUp adds one unit in the last place of a digit string.
func roundUp(d []byte) []byte {
	for i := len(d) - 1; i >= 0; i-- {
		if d[i] < '9' {
			d[i]++
			return d
		}
		d[i] = '0'
	}
	return append([]byte{'1'}, d...)
}

// trimLeadingZeros drops leading zeros but keeps at least keep digits.
func trimLeadingZeros(d []byte, keep int) []byte {
	for len(d) > keep && d[0] == '0' {
		d = d[1:]
	}
	return d
}
