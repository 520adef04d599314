package extract

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
)

// Profile describes one supplier's extract layout. It is built only from
// data (a JSON document, see profiles/*.json), never from code: the one
// Reader and the one Writer interpret it, so a third deanery system needs
// a new profile and nothing else.
type Profile struct {
	name       string
	fileName   nameTemplate
	delim      byte
	quoted     bool // RFC 4180 quoting; else none, and delimRepl stands in for the delimiter in values
	delimRepl  string
	cp1252     bool
	date, ts   *timeFormat
	trueWord   string
	falseWord  string
	idFormat   string
	endMarker  string
	layouts    map[Entity]*layout
	entityWord map[string]Entity
}

// Name is the profile's system name (INTREPID, EMPOWER), as in the
// system column of config/deaneries.csv.
func (p *Profile) Name() string { return p.name }

// Header returns the file column names of an entity, in file order.
func (p *Profile) Header(e Entity) []string {
	l := p.layouts[e]
	if l == nil {
		return nil
	}
	out := make([]string, len(l.cols))
	for i, c := range l.cols {
		out[i] = c.name
	}
	return out
}

// layout is one entity of a profile, compiled.
type layout struct {
	entity  Entity
	word    string // entity word of the file name: TRAINEES, PERSONS
	cols    []fileCol
	canon   []Column
	sources []int // canonical column -> file column, -1 when the profile lacks it
}

// fileCol is one column of the file and how it becomes canonical values.
type fileCol struct {
	name    string
	targets []int  // canonical columns; two for a composite name column
	sep     string // composite separator (", ")
	vmap    *valueMap
	listSep string
	scale   int // decimal places the file value is shifted by (2: percent)
	format  *timeFormat
}

// profileSpec is the JSON document of a profile.
type profileSpec struct {
	Name                 string                `json:"name"`
	Description          string                `json:"description"` // for people: JSON has no comments
	FileName             string                `json:"file_name"`
	Delimiter            string                `json:"delimiter"`
	Quoting              string                `json:"quoting"`
	DelimiterReplacement string                `json:"delimiter_replacement"`
	Charset              string                `json:"charset"`
	DateFormat           string                `json:"date_format"`
	TimestampFormat      string                `json:"timestamp_format"`
	True                 string                `json:"true"`
	False                string                `json:"false"`
	IDFormat             string                `json:"id_format"`
	EndMarker            string                `json:"end_marker"`
	Maps                 map[string]mapSpec    `json:"maps"`
	Entities             map[string]entitySpec `json:"entities"`
}

type entitySpec struct {
	Word    string       `json:"word"`
	Columns []columnSpec `json:"columns"`
}

type columnSpec struct {
	Name      string   `json:"name"`
	Field     string   `json:"field"`
	Fields    []string `json:"fields"`    // a composite column: first part, rest
	Separator string   `json:"separator"` // of a composite column
	Map       string   `json:"map"`
	List      string   `json:"list"`  // item separator of a list column
	Scale     int      `json:"scale"` // the file value is the canonical one times 10^scale
	Format    string   `json:"format"`
}

// mapSpec is a value map: pairs of [file value, canonical value], or codes
// that are the same on both sides. For writing, the first pair naming a
// canonical value wins, so a map may accept several spellings.
type mapSpec struct {
	Pairs [][2]string `json:"pairs"`
	Codes []string    `json:"codes"`
}

// ParseProfile reads and checks a profile document. Unknown keys are an
// error, since a misspelt key would otherwise silently change a layout.
func ParseProfile(data []byte) (*Profile, error) {
	var spec profileSpec
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&spec); err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	p, err := spec.compile()
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", spec.Name, err)
	}
	return p, nil
}

//go:embed profiles/*.json
var builtinFS embed.FS

var builtins = sync.OnceValues(func() ([]*Profile, error) {
	return LoadProfiles(builtinFS, "profiles")
})

// LoadProfiles reads every *.json profile in dir of fsys, in name order.
func LoadProfiles(fsys fs.FS, dir string) ([]*Profile, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []*Profile
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		p, err := ParseProfile(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// Profiles returns the built-in profiles (Empower, Intrepid).
func Profiles() []*Profile {
	ps, err := builtins()
	if err != nil {
		// The embedded profiles are checked by the package tests; a
		// failure here is a broken build, not bad input.
		panic(err)
	}
	return append([]*Profile(nil), ps...)
}

// ProfileByName returns the built-in profile of a system name (INTREPID),
// case-insensitively.
func ProfileByName(name string) (*Profile, bool) {
	for _, p := range Profiles() {
		if strings.EqualFold(p.name, name) {
			return p, true
		}
	}
	return nil, false
}

func (s *profileSpec) compile() (*Profile, error) {
	p := &Profile{name: s.Name, trueWord: s.True, falseWord: s.False, idFormat: s.IDFormat, endMarker: s.EndMarker}
	if s.Name == "" {
		return nil, errors.New("no name")
	}
	steps := []func(*Profile) error{s.compileSyntax, s.compileValues, s.compileEntities}
	for _, step := range steps {
		if err := step(p); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (s *profileSpec) compileSyntax(p *Profile) error {
	if len(s.Delimiter) != 1 || s.Delimiter[0] >= 0x80 || strings.ContainsAny(s.Delimiter, "\"\r\n") {
		return fmt.Errorf("delimiter %q: want one ASCII character other than a quote or line end", s.Delimiter)
	}
	p.delim = s.Delimiter[0]
	switch s.Quoting {
	case "rfc4180":
		p.quoted = true
	case "none":
		if s.DelimiterReplacement == "" || strings.Contains(s.DelimiterReplacement, s.Delimiter) {
			return fmt.Errorf("quoting none needs a delimiter_replacement other than the delimiter")
		}
		p.delimRepl = s.DelimiterReplacement
	default:
		return fmt.Errorf("quoting %q: want rfc4180 or none", s.Quoting)
	}
	switch strings.ToLower(s.Charset) {
	case "utf-8":
	case "windows-1252":
		p.cp1252 = true
	default:
		return fmt.Errorf("charset %q: want utf-8 or windows-1252", s.Charset)
	}
	if s.EndMarker == "" || strings.ContainsAny(s.EndMarker, s.Delimiter+"\r\n\"") {
		return fmt.Errorf("end_marker %q: want text without the delimiter, quotes or line ends", s.EndMarker)
	}
	return nil
}

func (s *profileSpec) compileValues(p *Profile) error {
	var err error
	if p.date, err = compileTimeFormat(s.DateFormat, true); err != nil {
		return fmt.Errorf("date_format: %w", err)
	}
	if p.ts, err = compileTimeFormat(s.TimestampFormat, false); err != nil {
		return fmt.Errorf("timestamp_format: %w", err)
	}
	p.date.alignWith(canonicalDate)
	p.ts.alignWith(canonicalTimestamp)
	if s.True == "" || s.False == "" || strings.EqualFold(s.True, s.False) {
		return fmt.Errorf("true %q and false %q: want two different words", s.True, s.False)
	}
	return nil
}

func (s *profileSpec) compileEntities(p *Profile) error {
	maps := make(map[string]*valueMap, len(s.Maps))
	for name, m := range s.Maps {
		vm, err := newValueMap(m)
		if err != nil {
			return fmt.Errorf("map %s: %w", name, err)
		}
		maps[name] = vm
	}
	p.layouts = map[Entity]*layout{}
	p.entityWord = map[string]Entity{}
	for name := range s.Entities {
		if !validEntity(Entity(name)) {
			return fmt.Errorf("entity %q: want trainee, post or placement", name)
		}
	}
	for _, e := range Entities() {
		es, ok := s.Entities[string(e)]
		if !ok {
			return fmt.Errorf("entity %s: missing", e)
		}
		l, err := compileLayout(p, e, es, maps)
		if err != nil {
			return fmt.Errorf("entity %s: %w", e, err)
		}
		if _, dup := p.entityWord[es.Word]; dup || es.Word == "" {
			return fmt.Errorf("entity %s: word %q empty or used twice", e, es.Word)
		}
		p.layouts[e] = l
		p.entityWord[es.Word] = e
	}
	var err error
	p.fileName, err = compileNameTemplate(s.FileName)
	return err
}

func compileLayout(p *Profile, e Entity, es entitySpec, maps map[string]*valueMap) (*layout, error) {
	l := &layout{entity: e, word: es.Word, canon: columns[e]}
	l.sources = make([]int, len(l.canon))
	for i := range l.sources {
		l.sources[i] = -1
	}
	names := map[string]bool{}
	for i, cs := range es.Columns {
		if cs.Name == "" || names[cs.Name] {
			return nil, fmt.Errorf("column %d: name %q empty or used twice", i+1, cs.Name)
		}
		names[cs.Name] = true
		fc, err := compileColumn(p, l, i, cs, maps)
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", cs.Name, err)
		}
		l.cols = append(l.cols, fc)
	}
	for i, src := range l.sources {
		if src < 0 && l.canon[i].Required {
			return nil, fmt.Errorf("no column for required field %s", l.canon[i].Name)
		}
	}
	return l, nil
}

func compileColumn(p *Profile, l *layout, pos int, cs columnSpec, maps map[string]*valueMap) (fileCol, error) {
	fc := fileCol{name: cs.Name, sep: cs.Separator, listSep: cs.List, scale: cs.Scale}
	fields := cs.Fields
	if cs.Field != "" {
		if len(fields) > 0 {
			return fc, errors.New("both field and fields")
		}
		fields = []string{cs.Field}
	}
	if len(fields) == 0 || len(fields) > 2 || (len(fields) == 2) != (cs.Separator != "") {
		return fc, errors.New("want one field, or two fields with a separator")
	}
	for _, f := range fields {
		i := ColumnIndex(l.entity, f)
		if i < 0 || l.sources[i] >= 0 {
			return fc, fmt.Errorf("field %q unknown or mapped twice", f)
		}
		l.sources[i] = pos
		fc.targets = append(fc.targets, i)
	}
	if cs.Map != "" {
		if fc.vmap = maps[cs.Map]; fc.vmap == nil {
			return fc, fmt.Errorf("map %q not defined", cs.Map)
		}
	}
	return fc, checkColumnKind(p, l, &fc, cs)
}

// checkColumnKind makes sure each option fits the canonical kind, and
// picks the time format.
func checkColumnKind(p *Profile, l *layout, fc *fileCol, cs columnSpec) error {
	c := l.canon[fc.targets[0]]
	if len(fc.targets) == 2 && (c.Kind != Text || l.canon[fc.targets[1]].Kind != Text || fc.vmap != nil) {
		return errors.New("a composite column joins two text fields without a map")
	}
	if (fc.vmap != nil) && (c.Kind != Text || c.ID) {
		return fmt.Errorf("a map needs a text field that is not an id, not %s", c.Kind)
	}
	if (fc.listSep != "") != (c.Kind == List) || strings.ContainsAny(fc.listSep, "\r\n") {
		return fmt.Errorf("list separator %q: needed by list fields only", fc.listSep)
	}
	if fc.scale != 0 && (c.Kind != Decimal || fc.scale < 0 || fc.scale > 6) {
		return fmt.Errorf("scale %d: only for decimal fields, 0–6", fc.scale)
	}
	switch c.Kind {
	case Date, Timestamp:
		fc.format = p.date
		if c.Kind == Timestamp {
			fc.format = p.ts
		}
		if cs.Format != "" {
			f, err := compileTimeFormat(cs.Format, c.Kind == Date)
			if err != nil {
				return err
			}
			if c.Kind == Date {
				f.alignWith(canonicalDate)
			} else {
				f.alignWith(canonicalTimestamp)
			}
			fc.format = f
		}
	default:
		if cs.Format != "" {
			return errors.New("format is for date and timestamp fields only")
		}
	}
	return nil
}

// valueMap translates between file values and canonical values.
type valueMap struct {
	toCanon map[string]string
	folded  map[string]string // lower-cased file value -> canonical, tried on a miss
	toFile  map[string]string
}

func newValueMap(m mapSpec) (*valueMap, error) {
	vm := &valueMap{toCanon: map[string]string{}, folded: map[string]string{}, toFile: map[string]string{}}
	pairs := m.Pairs
	for _, c := range m.Codes {
		pairs = append(pairs, [2]string{c, c})
	}
	if len(pairs) == 0 {
		return nil, errors.New("no pairs or codes")
	}
	for _, pr := range pairs {
		file, canon := pr[0], pr[1]
		if file == "" || canon == "" || strings.TrimSpace(file) != file {
			return nil, fmt.Errorf("pair %q: empty or padded value", pr)
		}
		if _, dup := vm.toCanon[file]; dup {
			return nil, fmt.Errorf("file value %q twice", file)
		}
		vm.toCanon[file] = canon
		if _, dup := vm.folded[strings.ToLower(file)]; !dup {
			vm.folded[strings.ToLower(file)] = canon
		}
		if _, dup := vm.toFile[canon]; !dup {
			vm.toFile[canon] = file
		}
	}
	return vm, nil
}

// canonical maps a file value; a miss tries the value's lower case, since
// suppliers' users do not always keep the case of a description.
func (vm *valueMap) canonical(v string) (string, bool) {
	if c, ok := vm.toCanon[v]; ok {
		return c, true
	}
	c, ok := vm.folded[strings.ToLower(v)]
	return c, ok
}
