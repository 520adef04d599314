package extract

import (
	"fmt"
	"path"
	"strings"

	"deanery/ingest/ident"
)

// FileInfo is what a file name tells: which supplier layout, deanery
// (one of domain 2.1), entity and quarter.
type FileInfo struct {
	Profile *Profile
	Deanery string // 3 upper-case letters
	Entity  Entity
	Quarter string // YYYYQn
}

// nameTemplate is a profile's file-name pattern: literals and the
// placeholders {deanery}, {entity} and {quarter}, each once.
type nameTemplate struct {
	parts []namePart
}

type namePart struct {
	literal string
	slot    string // "deanery", "entity", "quarter", or "" for a literal
}

func compileNameTemplate(t string) (nameTemplate, error) {
	var nt nameTemplate
	seen := map[string]bool{}
	for rest := t; rest != ""; {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			nt.parts = append(nt.parts, namePart{literal: rest})
			break
		}
		if open > 0 {
			nt.parts = append(nt.parts, namePart{literal: rest[:open]})
		}
		end := strings.IndexByte(rest, '}')
		if end < open {
			return nt, fmt.Errorf("file_name %q: unclosed {", t)
		}
		slot := rest[open+1 : end]
		if (slot != "deanery" && slot != "entity" && slot != "quarter") || seen[slot] {
			return nt, fmt.Errorf("file_name %q: placeholder {%s} unknown or repeated", t, slot)
		}
		seen[slot] = true
		nt.parts = append(nt.parts, namePart{slot: slot})
		rest = rest[end+1:]
	}
	if len(seen) != 3 {
		return nt, fmt.Errorf("file_name %q: needs {deanery}, {entity} and {quarter}", t)
	}
	return nt, nil
}

// ParseName detects the built-in profile of a file from its base name
// (a directory part is ignored).
func ParseName(name string) (FileInfo, bool) {
	for _, p := range Profiles() {
		if fi, ok := p.ParseName(name); ok {
			return fi, true
		}
	}
	return FileInfo{}, false
}

// ParseName reads a file name of this profile.
func (p *Profile) ParseName(name string) (FileInfo, bool) {
	fi := FileInfo{Profile: p}
	rest := path.Base(strings.ReplaceAll(name, "\\", "/"))
	for _, part := range p.fileName.parts {
		var ok bool
		switch part.slot {
		case "":
			rest, ok = strings.CutPrefix(rest, part.literal)
		case "deanery":
			fi.Deanery, rest, ok = cutShape(rest, "AAA")
			ok = ok && ident.Check(ident.DEAN, fi.Deanery).Valid
		case "quarter":
			fi.Quarter, rest, ok = cutShape(rest, "9999Q4")
		case "entity":
			fi.Entity, rest, ok = p.cutEntity(rest)
		}
		if !ok {
			return FileInfo{}, false
		}
	}
	return fi, rest == ""
}

// cutShape takes len(shape) characters: A an upper-case letter, 9 a digit,
// 4 a digit 1–4, anything else itself.
func cutShape(s, shape string) (string, string, bool) {
	if len(s) < len(shape) {
		return "", s, false
	}
	for i := range len(shape) {
		c := s[i]
		var ok bool
		switch shape[i] {
		case 'A':
			ok = c >= 'A' && c <= 'Z'
		case '9':
			ok = c >= '0' && c <= '9'
		case '4':
			ok = c >= '1' && c <= '4'
		default:
			ok = c == shape[i]
		}
		if !ok {
			return "", s, false
		}
	}
	return s[:len(shape)], s[len(shape):], true
}

// cutEntity takes the longest entity word that prefixes s, so that one
// word may start another.
func (p *Profile) cutEntity(s string) (Entity, string, bool) {
	best := ""
	for w := range p.entityWord {
		if strings.HasPrefix(s, w) && len(w) > len(best) {
			best = w
		}
	}
	if best == "" {
		return "", s, false
	}
	return p.entityWord[best], s[len(best):], true
}

// FileName builds the name of an extract file of this profile; quarter is
// YYYYQn.
func (p *Profile) FileName(deanery string, e Entity, quarter string) string {
	var b strings.Builder
	for _, part := range p.fileName.parts {
		switch part.slot {
		case "":
			b.WriteString(part.literal)
		case "deanery":
			b.WriteString(deanery)
		case "quarter":
			b.WriteString(quarter)
		case "entity":
			if l := p.layouts[e]; l != nil {
				b.WriteString(l.word)
			}
		}
	}
	return b.String()
}
