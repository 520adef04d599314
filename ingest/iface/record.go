package iface

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"deanery/ingest/ident"
)

// record builds the Record of one line between HDR and TRL: it splits,
// finds the layout, checks and normalises every field, and counts it.
func (r *Reader) record(raw string, notUTF8 bool, spans []span, bad int) Record {
	r.sum.Records++
	rec := Record{Line: r.sum.Lines, Ordinal: r.sum.Records, Raw: raw}
	if notUTF8 {
		rec.Flags = append(rec.Flags, Flag{Code: CodeNotUTF8, Message: "line is not UTF-8: read as Windows-1252"})
	}
	if bad > 0 {
		if len(spans) > 0 {
			rec.Type = spans[0].val
		}
		r.reject(&rec, "", CodeBadQuote, fmt.Sprintf("bad quote at column %d: a quoted field must close before a comma or the line end", bad))
		return r.count(rec)
	}
	rec.Type = strings.TrimSpace(spans[0].val)
	l, ok := layouts[rec.Type]
	switch {
	case !ok:
		r.reject(&rec, "", CodeRecordType, fmt.Sprintf("unknown record type %s", quoteShort(rec.Type)))
		return r.count(rec)
	case !allows(r.name.Type, rec.Type):
		r.reject(&rec, "", CodeRecordType, fmt.Sprintf("record type %s is not allowed in a %s file", rec.Type, r.name.Type))
		return r.count(rec)
	}
	rec.layout, rec.Type = l, l.RecordType // the layout's copy pins no line
	if len(spans) != len(l.Fields) {
		r.reject(&rec, "", CodeFieldCount, fmt.Sprintf("%d fields, want %d", len(spans), len(l.Fields)))
		return r.count(rec)
	}
	rec.Values = r.values(len(l.Fields))
	rec.Values[0] = rec.Type
	for i := 1; i < len(l.Fields); i++ {
		rec.Values[i] = r.field(&rec, &l.Fields[i], spans[i])
	}
	return r.count(rec)
}

// values returns a slice for n values, carved from a larger block so that
// a file costs one allocation per few hundred records, not one per record.
// Full slice expressions keep a caller's append from spilling into the
// next record.
func (r *Reader) values(n int) []string {
	const block = 4096
	if len(r.slab) < n {
		r.slab = make([]string, max(block, n))
	}
	v := r.slab[:n:n]
	r.slab = r.slab[n:]
	return v
}

// count updates the summary with a finished record.
func (r *Reader) count(rec Record) Record {
	if _, seen := r.sum.ByType[rec.Type]; !seen {
		rec.Type = strings.Clone(rec.Type) // an unknown type: do not pin the line
	}
	r.sum.ByType[rec.Type]++
	if rec.Reject != nil {
		r.sum.Rejected++
	}
	if len(rec.Flags) > 0 {
		r.sum.Flagged++
	}
	if r.sum.DPNCounts != nil && rec.Type == "APP" && rec.Values != nil {
		if dpn := rec.Values[r.dpnIdx]; dpn != "" {
			if _, seen := r.sum.DPNCounts[dpn]; !seen {
				dpn = strings.Clone(dpn) // do not pin the whole line
			}
			r.sum.DPNCounts[dpn]++
		}
	}
	return rec
}

// reject sets the record's reject unless an earlier field already did:
// the first fault in field order is the one reported.
func (r *Reader) reject(rec *Record, field, code, msg string) {
	if rec.Reject != nil {
		return
	}
	rec.Reject = &Reject{File: r.file, Line: rec.Line, RecordType: rec.Type, Field: field,
		Code: code, Message: msg, Raw: rec.Raw}
}

func (r *Reader) flag(rec *Record, f *Field, code, msg string) {
	rec.Flags = append(rec.Flags, Flag{Field: f.Name, Code: code, Message: msg})
}

// field checks one value against its field: quoting hazards, the
// identifier rule, mandatory, type and length. It returns the value to
// keep, normalised. It runs for every field of every record, so each
// check is guarded by the cheapest test that can rule it out.
func (r *Reader) field(rec *Record, f *Field, sp span) string {
	v := sp.val
	if sp.stray {
		r.flag(rec, f, CodeStrayQuote, "a quote inside an unquoted field is kept as text")
	}
	if len(v) > 0 && v[len(v)-1] == '\\' {
		r.flag(rec, f, CodeTrailingBackslash, "value ends in a backslash, kept as text")
	}
	switch f.Type {
	case D, T:
		return r.temporal(rec, f, strings.TrimSpace(v))
	case N, L:
		v = strings.TrimSpace(v)
		// A number that is not one is rejected before its rule runs, so
		// that the reject is not echoed by a POSID_INVALID flag.
		if v != "" && !r.numeric(rec, f, v) {
			return v
		}
	}
	if v != "" && f.Rule != "" && !fastCheck(f.fast, v) {
		v = r.rule(rec, f, v)
	}
	if v == "" {
		if f.Mandatory {
			r.reject(rec, f.Name, CodeMandatoryMissing, f.Name+" is mandatory")
		}
		return ""
	}
	if len(v) > f.Len-f.Dec || f.Type == F { // else it cannot be too long or short
		r.length(rec, f, v)
	}
	if f.list != 0 && !f.inList(v) {
		r.flag(rec, f, CodeUnknown, fmt.Sprintf("%s %s is not in the %s code list", f.Name, show(f, v), f.List))
	}
	return v
}

// numeric rejects an N or L value that is not a number (BAD_FORMAT) and
// reports whether the value may go on; other types always may. An N value
// longer than its field is kept and flagged (TOO_LONG), unless it has more
// digits before the point than the warehouse column holds (BIGINT, or
// DECIMAL(18,m)): such a value could not be stored, and one record must
// not fail a load.
func (r *Reader) numeric(rec *Record, f *Field, v string) bool {
	switch f.Type {
	case N:
		if !isNumber(v, f.Dec > 0) {
			break
		}
		if whole := wholeDigits(v); whole > maxWholeDigits-f.Dec {
			r.reject(rec, f.Name, CodeBadFormat, fmt.Sprintf("%s has %d digits before the point, more than the warehouse holds (%d)", f.Name, whole, maxWholeDigits-f.Dec))
			return false
		}
		return true
	case L:
		if allDigits(v) {
			return true
		}
	default:
		return true
	}
	r.reject(rec, f.Name, CodeBadFormat, fmt.Sprintf("%s %s is not a number %s", f.Name, show(f, v), f.TypeString()))
	return false
}

// length flags a value longer than its field allows (and an F value
// shorter than its n): the value is kept whole.
func (r *Reader) length(rec *Record, f *Field, v string) {
	switch f.Type {
	case N:
		// N(n,m) as in SQL: at most n-m digits before the point, m after.
		whole, frac := len(v), 0
		if dot := strings.IndexByte(v, '.'); dot >= 0 {
			whole, frac = dot, len(v)-dot-1
		}
		if whole > f.Len-f.Dec || frac > f.Dec {
			r.flag(rec, f, CodeTooLong, fmt.Sprintf("%s %s has more digits than %s allows", f.Name, show(f, v), f.TypeString()))
		}
	case L:
		if len(v) > f.Len {
			r.flag(rec, f, CodeTooLong, fmt.Sprintf("%s has %d digits, %s allows %d", f.Name, len(v), f.TypeString(), f.Len))
		}
	default:
		r.text(rec, f, v)
	}
}

// rule applies the field's identifier rule and keeps its flags.
func (r *Reader) rule(rec *Record, f *Field, v string) string {
	res := checkRule(f, v, r.name.Date)
	for _, fl := range res.Flags {
		r.flag(rec, f, fl.Code, fl.Message)
	}
	if f.Rule == ident.PCODE {
		// A postcode is carried as held (5.11 "APP values", 7.8 ADD "as held,
		// may be invalid"): the deanery keeps what ESR sent and sends what it
		// holds, so the rule flags it and comparisons normalise it (8.2).
		return strings.TrimSpace(v)
	}
	return res.Value
}

// temporal checks a D or T value: a value that is not a real date or
// time is a BAD_FORMAT reject; a real one still goes through its rule (a
// year outside 1900–2099, an implausible birth date).
func (r *Reader) temporal(rec *Record, f *Field, v string) string {
	if v == "" {
		if f.Mandatory {
			r.reject(rec, f.Name, CodeMandatoryMissing, f.Name+" is mandatory")
		}
		return ""
	}
	if !(f.Type == D && validDate(v) || f.Type == T && validTimestamp(v)) {
		want := "YYYYMMDD"
		if f.Type == T {
			want = "YYYYMMDDHHMMSS"
		}
		r.reject(rec, f.Name, CodeBadFormat, fmt.Sprintf("%s %s is not a real %s", f.Name, show(f, v), want))
		return v
	}
	// Only birth dates and years outside 1900–2099 can add a flag;
	// skipping ident for the rest keeps a million-line file fast.
	if y := atoi(v[:4]); y < 1900 || y > 2099 || f.birth && !fastBirthDate(v, r.asOf) {
		v = r.rule(rec, f, v)
	}
	return v
}

// text checks the length of an X or F value in characters; a byte length
// within n cannot be more characters, so most values cost nothing.
func (r *Reader) text(rec *Record, f *Field, v string) {
	if len(v) <= f.Len && f.Type == X {
		return
	}
	n := utf8.RuneCountInString(v)
	switch {
	case n > f.Len:
		r.flag(rec, f, CodeTooLong, fmt.Sprintf("%s has %d characters, %s allows %d", f.Name, n, f.TypeString(), f.Len))
	case f.Type == F && n < f.Len:
		r.flag(rec, f, CodeTooShort, fmt.Sprintf("%s has %d characters, %s wants %d", f.Name, n, f.TypeString(), f.Len))
	}
}

// show renders a value for a message, masked when it is personal.
func show(f *Field, v string) string {
	if f.Rule != "" {
		return quoteShort(mask(f.Rule, v))
	}
	if personal[f.Name] {
		return quoteShort(mask(ruleNAME, v))
	}
	return quoteShort(v)
}

// personal lists the fields without an identifier rule whose values are
// personal data and never appear in clear in a message.
var personal = map[string]bool{
	"address1": true, "address2": true, "address3": true, "town": true, "county": true,
}

// maxWholeDigits is the digits an N value may have before its point and
// still fit its warehouse column: BIGINT holds every 18-digit number,
// DECIMAL(18,m) 18-m digits.
const maxWholeDigits = 18

// wholeDigits counts the digits of a number before its point, leading
// zeros left out.
func wholeDigits(v string) int {
	whole, _, _ := strings.Cut(v, ".")
	return len(strings.TrimLeft(whole, "0"))
}

// isNumber reports whether v is digits, with one decimal point followed by
// digits when point is allowed.
func isNumber(v string, point bool) bool {
	dot := -1
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case isDigit(c):
		case c == '.' && point && dot < 0:
			dot = i
		default:
			return false
		}
	}
	return dot != 0 && dot != len(v)-1 && v != ""
}
