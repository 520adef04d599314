package sim

import (
	"fmt"
	"time"
)

// Date is a civil date: days since 1970-01-01. The world has no time zones:
// every date and timestamp is UK local wall-clock time.
type Date int32

// MakeDate returns the date y-m-d; out-of-range days roll over as in
// time.Date.
func MakeDate(y int, m time.Month, d int) Date {
	return daysFromCivil(y, int(m), 1) + Date(d-1)
}

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return 0, fmt.Errorf("date %q: want YYYY-MM-DD: %w", s, err)
	}
	return MakeDate(t.Year(), t.Month(), t.Day()), nil
}

// daysFromCivil is Howard Hinnant's algorithm: proleptic Gregorian date to
// days since 1970-01-01.
func daysFromCivil(y, m, d int) Date {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Date(era*146097 + doe - 719468)
}

// YMD returns the calendar parts of d.
func (d Date) YMD() (y int, m time.Month, day int) {
	z := int(d) + 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = doy - (153*mp+2)/5 + 1
	mm := mp + 3
	if mm > 12 {
		mm -= 12
	}
	if mm <= 2 {
		y++
	}
	return y, time.Month(mm), day
}

// Year returns the calendar year of d.
func (d Date) Year() int { y, _, _ := d.YMD(); return y }

// Weekday returns the day of the week (1970-01-01 was a Thursday).
func (d Date) Weekday() time.Weekday {
	return time.Weekday(((int(d) % 7) + 7 + 4) % 7)
}

// Working reports whether d is Monday to Friday (bank holidays are not
// modelled).
func (d Date) Working() bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	if i := int(d - textFrom); i >= 0 && i < textDays {
		return dateText.dashed[i*10 : i*10+10]
	}
	var b [10]byte
	return string(d.append(b[:0]))
}

// The text of the dates from textFrom on and of their quarters is cut
// from strings made once, so that formatting them allocates nothing.
const textDays = 200 * 366

var textFrom = MakeDate(1900, time.January, 1)

var dateText = func() (t struct{ dashed, compact, quarters string }) {
	dashed := make([]byte, 0, textDays*10)
	compact := make([]byte, 0, textDays*8)
	for i := range textDays {
		d := textFrom + Date(i)
		dashed = d.append(dashed)
		y, m, day := d.YMD()
		compact = append2(append2(append4(compact, y), int(m)), day)
	}
	var quarters []byte
	for q := range textDays / 365 * 4 {
		quarters = append(append(append4(quarters, 1900+q/4), 'Q'), byte('1'+q%4))
	}
	t.dashed, t.compact, t.quarters = string(dashed), string(compact), string(quarters)
	return t
}()

func (d Date) append(b []byte) []byte {
	y, m, day := d.YMD()
	b = append4(b, y)
	b = append(b, '-')
	b = append2(b, int(m))
	b = append(b, '-')
	return append2(b, day)
}

// Compact formats d as YYYYMMDD.
func (d Date) Compact() string {
	if i := int(d - textFrom); i >= 0 && i < textDays {
		return dateText.compact[i*8 : i*8+8]
	}
	y, m, day := d.YMD()
	var b [8]byte
	return string(append2(append2(append4(b[:0], y), int(m)), day))
}

// At returns the timestamp of d at h:mm:ss.
func (d Date) At(h, mi, s int) Timestamp {
	return Timestamp(int64(d)*86400 + int64(h*3600+mi*60+s))
}

// Quarter returns the quarter holding d.
func (d Date) Quarter() Quarter {
	y, m, _ := d.YMD()
	return Quarter(y*4 + (int(m)-1)/3)
}

// Timestamp is seconds since 1970-01-01 00:00:00, UK local wall-clock time.
type Timestamp int64

// Date returns the day of t.
func (t Timestamp) Date() Date {
	if t < 0 {
		return Date((int64(t) - 86399) / 86400)
	}
	return Date(int64(t) / 86400)
}

// String formats t as YYYY-MM-DD HH:MM:SS, the canonical timestamp.
func (t Timestamp) String() string {
	if t == 0 {
		return ""
	}
	var b [19]byte
	return string(t.append(b[:0]))
}

func (t Timestamp) append(b []byte) []byte {
	d := t.Date()
	s := int(int64(t) - int64(d)*86400)
	b = d.append(b)
	b = append(b, ' ')
	b = append2(b, s/3600)
	b = append(b, ':')
	b = append2(b, s/60%60)
	b = append(b, ':')
	return append2(b, s%60)
}

// Quarter is a calendar quarter: year*4 + (quarter-1).
type Quarter int

// MakeQuarter returns quarter q (1–4) of year y.
func MakeQuarter(y, q int) Quarter { return Quarter(y*4 + q - 1) }

// String formats q as YYYYQn.
func (q Quarter) String() string {
	if i := int(q) - 1900*4; i >= 0 && i*6+6 <= len(dateText.quarters) {
		return dateText.quarters[i*6 : i*6+6]
	}
	return fmt.Sprintf("%04dQ%d", int(q)/4, int(q)%4+1)
}

// First returns the first day of q.
func (q Quarter) First() Date { return MakeDate(int(q)/4, time.Month(int(q)%4*3+1), 1) }

// Last returns the last day of q.
func (q Quarter) Last() Date { return (q + 1).First() - 1 }

func append2(b []byte, v int) []byte { return append(b, byte('0'+v/10%10), byte('0'+v%10)) }

func append4(b []byte, v int) []byte {
	return append(b, byte('0'+v/1000%10), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
}

// firstWeekday returns the first day of month m of year y falling on wd.
func firstWeekday(y int, m time.Month, wd time.Weekday) Date {
	d := MakeDate(y, m, 1)
	return d + Date((int(wd)-int(d.Weekday())+7)%7)
}

// firstWednesday returns the changeover day of month m: its first Wednesday.
func firstWednesday(y int, m time.Month) Date { return firstWeekday(y, m, time.Wednesday) }

// nextWorkingDay returns d if it is a working day, else the next one.
func nextWorkingDay(d Date) Date {
	for !d.Working() {
		d++
	}
	return d
}

// lastDayOfQuarter returns the last day of the quarter holding t.
func lastDayOfQuarter(t time.Time) Date {
	return MakeDate(t.Year(), t.Month(), t.Day()).Quarter().Last()
}
