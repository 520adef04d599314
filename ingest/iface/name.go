package iface

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// nameRe is the file-name pattern of section 6.
var nameRe = regexp.MustCompile(`^DE_([A-Z]{3})_([A-Z]{3})_([0-9]{8})_([0-9]{8})\.DAT$`)

// Name is a parsed interface file name DE_<DDD>_<TYPE>_<YYYYMMDD>_<NNNNNNNN>.DAT.
type Name struct {
	Deanery string    // DDD, the deanery code
	Type    string    // APP APC DNF DNC DCC RMF RMC STF
	Date    time.Time // the file date, midnight UTC (a civil date)
	Seq     int       // sequence number in its stream
}

// ParseName parses a base name (no directory). Any other name, including
// the 7-digit placeholders of design documents, is a *FileError with code
// BAD_FILE_NAME.
func ParseName(base string) (Name, error) {
	m := nameRe.FindStringSubmatch(base)
	if m == nil {
		return Name{}, fileErr(base, 0, CodeBadFileName,
			"want DE_<DDD>_<TYPE>_<YYYYMMDD>_<NNNNNNNN>.DAT")
	}
	if _, ok := allowed[m[2]]; !ok {
		return Name{}, fileErr(base, 0, CodeBadFileName, "unknown file type %q", m[2])
	}
	date, ok := parseDate(m[3])
	if !ok {
		return Name{}, fileErr(base, 0, CodeBadFileName, "%q is not a date", m[3])
	}
	seq, _ := strconv.Atoi(m[4]) // 8 digits: cannot fail
	return Name{Deanery: m[1], Type: m[2], Date: date, Seq: seq}, nil
}

// String formats the name; ParseName(n.String()) == n for a valid n.
func (n Name) String() string {
	return fmt.Sprintf("DE_%s_%s_%s_%08d.DAT", n.Deanery, n.Type, n.Date.Format("20060102"), n.Seq)
}

// Valid reports whether n formats to a name ParseName accepts.
func (n Name) Valid() bool {
	p, err := ParseName(n.String())
	return err == nil && p.Seq == n.Seq
}

// parseDate reads YYYYMMDD as a real calendar day, without allocating.
func parseDate(s string) (time.Time, bool) {
	if len(s) != 8 || !allDigits(s) {
		return time.Time{}, false
	}
	y, mo, d := atoi(s[0:4]), atoi(s[4:6]), atoi(s[6:8])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// validDate reports whether s is YYYYMMDD naming a real calendar day. It
// is parseDate without building a time.Time, for the reader's hot path.
func validDate(s string) bool {
	if len(s) != 8 || !allDigits(s) {
		return false
	}
	y, m, d := atoi(s[0:4]), atoi(s[4:6]), atoi(s[6:8])
	return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(m, y)
}

// validTimestamp reports whether s is YYYYMMDDHHMMSS naming a real time.
func validTimestamp(s string) bool {
	return len(s) == 14 && validDate(s[:8]) && allDigits(s[8:]) &&
		atoi(s[8:10]) <= 23 && atoi(s[10:12]) <= 59 && atoi(s[12:14]) <= 59
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// parseTimestamp reads YYYYMMDDHHMMSS as a real wall-clock time (UK local
// time, carried as UTC so that no zone rule shifts it).
func parseTimestamp(s string) (time.Time, bool) {
	if len(s) != 14 {
		return time.Time{}, false
	}
	day, ok := parseDate(s[:8])
	if !ok || !allDigits(s[8:]) {
		return time.Time{}, false
	}
	h, mi, sec := atoi(s[8:10]), atoi(s[10:12]), atoi(s[12:14])
	if h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	return day.Add(time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(sec)*time.Second), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// atoi converts a short run of ASCII digits already checked by allDigits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
