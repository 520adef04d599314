package extract

import (
	"fmt"
	"strconv"
	"strings"

	"deanery/ingest/ident"
)

// convert turns the fields of a record into the current row, or into a
// reject when a required value is missing or unusable.
func (r *Reader) convert(rec record, fields []string) {
	r.arena, r.spans = r.arena[:0], r.spans[:0]
	// Values go straight into the slab; a rejected row wastes its slice,
	// which is cheaper than copying every good row.
	r.vals = r.slab.take(len(r.lay.canon))
	r.flags = append(r.flags[:0], rec.flags...)
	for pos, f := range fields {
		fc := &r.lay.cols[r.order[pos]]
		if rej := r.field(fc, strings.TrimSpace(f)); rej != nil {
			rej.Line, rej.Raw = rec.line, rec.raw
			r.rej = rej
			return
		}
	}
	vals := r.vals
	if len(r.spans) > 0 {
		s := r.text.string(r.arena)
		for _, sp := range r.spans {
			vals[sp.idx] = s[sp.start:sp.end]
		}
	}
	r.checkOrder(vals, rec.line)
	var flags []Flag
	if len(r.flags) > 0 {
		flags = append(flags, r.flags...)
	}
	r.row = Row{Line: rec.line, Values: vals, Raw: rec.raw, Flags: flags}
}

// checkOrder flags a row that comes before the previous one in
// (modified_at, id) order. The id is the first column of every entity;
// ids of one profile have a fixed width, so text order is id order.
func (r *Reader) checkOrder(vals []string, line int) {
	mod, id := vals[r.modIdx], vals[0]
	if mod < r.lastModified || (mod == r.lastModified && id < r.lastID) {
		r.flag("modified_at", "OUT_OF_ORDER", fmt.Sprintf("row comes before line %d's in (modified_at, id) order", r.lastLine))
	}
	r.lastModified, r.lastID, r.lastLine = mod, id, line
}

// field converts one file value (trimmed) into its canonical value(s).
func (r *Reader) field(fc *fileCol, v string) *Reject {
	if len(fc.targets) == 2 {
		return r.composite(fc, v)
	}
	c := &r.lay.canon[fc.targets[0]]
	switch c.Kind {
	case Date, Timestamp:
		return r.timeValue(fc, c, v)
	case Bool:
		return r.boolValue(fc, c, v)
	case Decimal:
		r.decimalValue(fc, c, v)
	case List:
		r.listValue(fc, c, v)
	default:
		return r.textValue(fc, c, fc.targets[0], v)
	}
	return nil
}

func (r *Reader) flag(field, code, msg string) {
	r.flags = append(r.flags, Flag{Field: field, Code: code, Message: msg})
}

// shown is how a message names a value: masked when it is personal.
func shown(c *Column, v string) string {
	if c.Personal {
		v = mask(c.Rule, v)
	}
	return fmt.Sprintf("%q", short(v))
}

// textValue maps, normalises and checks a text value. A value missing
// from a value map is kept as it is and flagged: the map may lag behind
// the supplier's list, and the raw text is the finding.
func (r *Reader) textValue(fc *fileCol, c *Column, idx int, v string) *Reject {
	if fc.vmap != nil && v != "" {
		if m, ok := fc.vmap.canonical(v); ok {
			v = m
		} else {
			r.flag(c.Name, "VALUE_UNKNOWN", fmt.Sprintf("%s %s not in the %s list", fc.name, shown(c, v), r.p.name))
		}
	}
	if c.Rule != "" && v != "" {
		norm, flags := r.check(c, v)
		for _, f := range flags {
			r.flag(c.Name, f.Code, f.Message)
		}
		if !c.AsHeld {
			v = norm
		}
	}
	if c.ID && v != "" && !matchID(r.p.idFormat, v) {
		return &Reject{File: r.file, Field: c.Name, Code: "ID_INVALID", Message: fmt.Sprintf("%s %q does not match %s", fc.name, short(v), r.p.idFormat)}
	}
	if c.Required && v == "" {
		return &Reject{File: r.file, Field: c.Name, Code: "MANDATORY_MISSING", Message: fc.name + " is empty"}
	}
	r.vals[idx] = v
	return nil
}

// matchID checks an id against a profile's id format: '#' a digit, any
// other character itself; an empty format takes any id.
func matchID(format, v string) bool {
	if format == "" {
		return true
	}
	if len(v) != len(format) {
		return false
	}
	for i := range len(format) {
		if f := format[i]; f == '#' {
			if v[i] < '0' || v[i] > '9' {
				return false
			}
		} else if v[i] != f {
			return false
		}
	}
	return true
}

// composite splits a name column written "SURNAME, Forenames" at the first
// separator. Without one the whole text is taken as the surname, the
// forenames are null, and the row is flagged: the name is kept, not lost.
func (r *Reader) composite(fc *fileCol, v string) *Reject {
	first, rest, found := strings.Cut(v, fc.sep)
	if !found {
		// "SHARMA, " arrives trimmed to "SHARMA,": the separator is there,
		// only its trailing space went with the trim.
		if bare := strings.TrimRight(fc.sep, " "); bare != "" && bare != fc.sep {
			first, found = strings.CutSuffix(v, bare)
		}
	}
	firstCol, restCol := &r.lay.canon[fc.targets[0]], &r.lay.canon[fc.targets[1]]
	if v != "" && strings.TrimSpace(rest) == "" {
		why := fmt.Sprintf("has no %q", fc.sep)
		if found {
			why = "has nothing after " + strconv.Quote(fc.sep)
		}
		r.flag(restCol.Name, "NAME_UNSPLIT", fmt.Sprintf("%s %s: %s is null", fc.name, why, restCol.Name))
	}
	if rej := r.textValue(fc, firstCol, fc.targets[0], strings.TrimSpace(first)); rej != nil {
		return rej
	}
	return r.textValue(fc, restCol, fc.targets[1], strings.TrimSpace(rest))
}

// timeValue reads a date or timestamp in the profile's format. An
// unparseable one is null and flagged, or rejects the row when the column
// is required (modified_at orders the versions).
func (r *Reader) timeValue(fc *fileCol, c *Column, v string) *Reject {
	code := "DATE_INVALID"
	canon := canonicalDate
	if c.Kind == Timestamp {
		code, canon = "TS_INVALID", canonicalTimestamp
	}
	if v == "" {
		if c.Required {
			return &Reject{File: r.file, Field: c.Name, Code: "MANDATORY_MISSING", Message: fc.name + " is empty"}
		}
		return nil
	}
	t, ok := fc.format.parse(v)
	if !ok {
		msg := fmt.Sprintf("%s %s is not a real %s in %s", fc.name, shown(c, v), c.Kind, fc.format.pattern)
		if c.Required {
			return &Reject{File: r.file, Field: c.Name, Code: code, Message: msg}
		}
		r.flag(c.Name, code, msg)
		return nil
	}
	if fc.format.pattern == canon.pattern {
		r.vals[fc.targets[0]] = v
		return nil
	}
	start := len(r.arena)
	r.arena = fc.format.convert(r.arena, v, t, canon)
	r.spans = append(r.spans, span{fc.targets[0], start, len(r.arena)})
	return nil
}

// boolValue reads a boolean word. An unreadable one is null and flagged,
// or rejects the row when the column may not be null: a version must say
// whether the record is deleted or withdrawn, and guessing could send a
// withdrawn placement to ESR.
func (r *Reader) boolValue(fc *fileCol, c *Column, v string) *Reject {
	switch {
	case v == "":
		if c.Required || c.NotNull {
			return &Reject{File: r.file, Field: c.Name, Code: "MANDATORY_MISSING", Message: fc.name + " is empty"}
		}
	case v == r.p.trueWord || strings.EqualFold(v, r.p.trueWord):
		r.vals[fc.targets[0]] = "true"
	case v == r.p.falseWord || strings.EqualFold(v, r.p.falseWord):
		r.vals[fc.targets[0]] = "false"
	default:
		msg := fmt.Sprintf("%s %q is neither %s nor %s", fc.name, short(v), r.p.trueWord, r.p.falseWord)
		if c.Required || c.NotNull {
			return &Reject{File: r.file, Field: c.Name, Code: "BOOL_INVALID", Message: msg}
		}
		r.flag(c.Name, "BOOL_INVALID", msg)
	}
	return nil
}

func (r *Reader) decimalValue(fc *fileCol, c *Column, v string) {
	switch {
	case v == "":
	case !validDecimal(v):
		r.flag(c.Name, "DECIMAL_INVALID", fmt.Sprintf("%s %q is not a decimal number", fc.name, short(v)))
	case c.Whole > 0 && wholeDigits(v)-fc.scale > c.Whole:
		r.flag(c.Name, "DECIMAL_INVALID", fmt.Sprintf("%s %q is too large: at most %d digits before the point once read", fc.name, short(v), c.Whole))
	case fc.scale == 0:
		r.vals[fc.targets[0]] = v
	default:
		start := len(r.arena)
		r.arena = shiftLeft(r.arena, v, fc.scale)
		r.spans = append(r.spans, span{fc.targets[0], start, len(r.arena)})
	}
}

// wholeDigits counts the digits of a valid decimal before its point,
// leading zeros left out.
func wholeDigits(v string) int {
	whole, _, _ := strings.Cut(v, ".")
	return len(strings.TrimLeft(whole, "0"))
}

// listValue splits a list on the profile's separator, normalises each
// item and joins them with the canonical ';'. Empty items are dropped.
func (r *Reader) listValue(fc *fileCol, c *Column, v string) {
	if v == "" {
		return
	}
	start := len(r.arena)
	n := 0
	for item := range strings.SplitSeq(v, fc.listSep) {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if c.Rule != "" {
			var flags []ident.Flag
			item, flags = r.check(c, item)
			for _, f := range flags {
				r.flag(c.Name, f.Code, f.Message)
			}
		}
		if n > 0 {
			r.arena = append(r.arena, ListSeparator...)
		}
		r.arena = append(r.arena, item...)
		n++
	}
	r.spans = append(r.spans, span{fc.targets[0], start, len(r.arena)})
}
