// Package refconfig reads and writes the reference configuration of
// domain 7.12: the four CSV files of config/ that say which deaneries,
// trusts and sites exist and which deanery–trust pairs are live on the
// interfaces.
//
// The files are RFC 4180, UTF-8, with one header row of exactly the
// documented names; dates are ISO and empty means null. A bad row is
// rejected with its line and a code and the rest is read; a bad header or
// an empty file rejects the whole file (*extract.FileError). Rows are
// checked against the files read before them (a trust of an unknown
// deanery is rejected), which is why Load reads them in a fixed order.
package refconfig

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"deanery/ingest/extract"
	"golang.org/x/text/encoding/charmap"
)

// The file names inside the config directory.
const (
	FileDeaneries = "deaneries.csv"
	FileTrusts    = "trusts.csv"
	FileSites     = "sites.csv"
	FilePairs     = "interface_pairs.csv"
)

// Deanery is a row of deaneries.csv. System is a profile name of package
// extract (INTREPID, EMPOWER).
type Deanery struct {
	Code     string
	Name     string
	LETBName string
	System   string
}

// Trust is a row of trusts.csv. VPDCode is 3 digits, kept as text.
type Trust struct {
	Code        string
	Name        string
	VPDCode     string
	DeaneryCode string
	Kind        string
}

// Site is a row of sites.csv.
type Site struct {
	Code      string
	TrustCode string
	Name      string
	Kind      string
}

// InterfacePair is a row of interface_pairs.csv. The dates are canonical
// YYYY-MM-DD; "" means never.
type InterfacePair struct {
	DeaneryCode         string
	TrustCode           string
	RecruitmentLiveFrom string
	FullRecordsFrom     string
}

// Config is the whole reference configuration.
type Config struct {
	Deaneries []Deanery
	Trusts    []Trust
	Sites     []Site
	Pairs     []InterfacePair
}

// Flag is a finding on a row that was kept (a VPD code written with two
// digits, padded and flagged VPD_UNPADDED).
type Flag struct {
	File string
	Line int
	extract.Flag
}

// Report holds the findings of reading: rows rejected and rows flagged.
type Report struct {
	Rejects []extract.Reject
	Flags   []Flag
}

func (r *Report) add(o Report) {
	r.Rejects = append(r.Rejects, o.Rejects...)
	r.Flags = append(r.Flags, o.Flags...)
}

// Headers are the exact header rows of the four files.
var Headers = map[string][]string{
	FileDeaneries: {"deanery_code", "name", "letb_name", "system"},
	FileTrusts:    {"trust_code", "name", "vpd_code", "deanery_code", "kind"},
	FileSites:     {"site_code", "trust_code", "name", "kind"},
	FilePairs:     {"deanery_code", "trust_code", "recruitment_live_from", "full_records_from"},
}

// Load reads the four files from fsys (the config directory) in the
// order their checks need, each against those read before it.
func Load(fsys fs.FS) (*Config, Report, error) {
	c := &Config{}
	var rep Report
	steps := []struct {
		name string
		read func(string, io.Reader) (Report, error)
	}{
		{FileDeaneries, c.readDeaneries},
		{FileTrusts, c.readTrusts},
		{FileSites, c.readSites},
		{FilePairs, c.readPairs},
	}
	for _, s := range steps {
		f, err := fsys.Open(s.name)
		if err != nil {
			return c, rep, fmt.Errorf("config: %w", err)
		}
		r, err := s.read(s.name, f)
		f.Close()
		rep.add(r)
		if err != nil {
			return c, rep, err
		}
	}
	return c, rep, nil
}

// ReadDeaneries reads deaneries.csv.
func ReadDeaneries(file string, r io.Reader) ([]Deanery, Report, error) {
	var c Config
	rep, err := c.readDeaneries(file, r)
	return c.Deaneries, rep, err
}

// ReadTrusts reads trusts.csv; ref supplies the known deaneries.
func ReadTrusts(file string, r io.Reader, ref *Config) ([]Trust, Report, error) {
	c := Config{Deaneries: ref.Deaneries}
	rep, err := c.readTrusts(file, r)
	return c.Trusts, rep, err
}

// ReadSites reads sites.csv; ref supplies the known trusts.
func ReadSites(file string, r io.Reader, ref *Config) ([]Site, Report, error) {
	c := Config{Trusts: ref.Trusts}
	rep, err := c.readSites(file, r)
	return c.Sites, rep, err
}

// ReadPairs reads interface_pairs.csv; ref supplies deaneries and trusts.
func ReadPairs(file string, r io.Reader, ref *Config) ([]InterfacePair, Report, error) {
	c := Config{Deaneries: ref.Deaneries, Trusts: ref.Trusts}
	rep, err := c.readPairs(file, r)
	return c.Pairs, rep, err
}

// WriteDir writes the four files into dir, which must exist.
func (c *Config) WriteDir(dir string) error {
	for _, name := range []string{FileDeaneries, FileTrusts, FileSites, FilePairs} {
		if err := c.writeFile(filepath.Join(dir, name), name); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) writeFile(path, name string) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("config: %w", cerr)
		}
	}()
	return c.Write(name, f)
}

// Write writes one of the four files, named by its base name.
func (c *Config) Write(name string, w io.Writer) error {
	var rows [][]string
	switch name {
	case FileDeaneries:
		for _, d := range c.Deaneries {
			rows = append(rows, []string{d.Code, d.Name, d.LETBName, d.System})
		}
	case FileTrusts:
		for _, t := range c.Trusts {
			rows = append(rows, []string{t.Code, t.Name, t.VPDCode, t.DeaneryCode, t.Kind})
		}
	case FileSites:
		for _, s := range c.Sites {
			rows = append(rows, []string{s.Code, s.TrustCode, s.Name, s.Kind})
		}
	case FilePairs:
		for _, p := range c.Pairs {
			rows = append(rows, []string{p.DeaneryCode, p.TrustCode, p.RecruitmentLiveFrom, p.FullRecordsFrom})
		}
	default:
		return fmt.Errorf("config: no file named %q", name)
	}
	return writeCSV(w, Headers[name], rows)
}

// writeCSV writes RFC 4180 with LF line ends, quoting only where needed.
func writeCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return nil
}

// table reads one file: header check, then each row through fn, which
// returns a reject code and message, or "" to keep the row.
type table struct {
	file    string
	data    []byte       // the file, every line valid UTF-8
	notUTF8 map[int]bool // lines read as Windows-1252
	cr      *csv.Reader
	rep     Report
	width   int
	offset  int64 // where the next row starts in data
}

type rowFunc func(line int, f []string) (field, code, msg string)

func readTable(file string, r io.Reader, fn rowFunc) (Report, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return Report{}, fmt.Errorf("%s: %w", file, err)
	}
	t := &table{file: file}
	t.data, t.notUTF8 = decodeLines(raw)
	t.cr = csv.NewReader(bytes.NewReader(t.data))
	t.cr.FieldsPerRecord = -1
	header, err := t.cr.Read()
	switch {
	case errors.Is(err, io.EOF):
		return t.rep, &extract.FileError{File: file, Code: "EMPTY_FILE", Message: "no header row", Err: extract.ErrEmptyFile}
	case err != nil:
		return t.rep, &extract.FileError{File: file, Line: 1, Code: "BAD_HEADER", Message: err.Error(), Err: extract.ErrBadHeader}
	}
	t.offset = t.cr.InputOffset()
	want := Headers[file]
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	}
	if strings.Join(header, ",") != strings.Join(want, ",") {
		return t.rep, &extract.FileError{File: file, Line: 1, Code: "BAD_HEADER",
			Message: fmt.Sprintf("header %q, want %q", short(strings.Join(header, ",")), strings.Join(want, ",")), Err: extract.ErrBadHeader}
	}
	t.width = len(want)
	err = t.rows(fn)
	return t.rep, err
}

// decodeLines returns data with each line that is not UTF-8 decoded as
// Windows-1252 (as the interface readers do, domain 6), and the numbers of
// those lines.
func decodeLines(data []byte) ([]byte, map[int]bool) {
	if utf8.Valid(data) {
		return data, nil
	}
	var out []byte
	bad := map[int]bool{}
	dec := charmap.Windows1252.NewDecoder()
	for n := 1; len(data) > 0; n++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line = data[:i+1]
		}
		data = data[len(line):]
		if !utf8.Valid(line) {
			line, _ = dec.Bytes(line) // cannot fail: every byte maps
			bad[n] = true
		}
		out = append(out, line...)
	}
	return out, bad
}

func (t *table) rows(fn rowFunc) error {
	for {
		rec, err := t.cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		raw := t.raw()
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			t.reject(pe.StartLine, "", "BAD_QUOTE", pe.Err.Error(), raw)
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", t.file, err)
		}
		line, _ := t.cr.FieldPos(0)
		last, _ := t.cr.FieldPos(len(rec) - 1)
		if len(rec) != t.width {
			t.reject(line, "", "FIELD_COUNT", fmt.Sprintf("%d fields, want %d", len(rec), t.width), raw)
			continue
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if field, code, msg := fn(line, rec); code != "" {
			t.reject(line, field, code, msg, raw)
			continue
		}
		for n := line; n <= last; n++ {
			if t.notUTF8[n] {
				t.rep.Flags = append(t.rep.Flags, Flag{File: t.file, Line: line,
					Flag: extract.Flag{Code: "NOT_UTF8", Message: "row is not UTF-8: read as Windows-1252"}})
				break
			}
		}
	}
}

// raw is the text of the row just read, as in the file (decoded), without
// its line end.
func (t *table) raw() string {
	end := t.cr.InputOffset()
	text := string(t.data[t.offset:end])
	t.offset = end
	return strings.TrimRight(text, "\r\n")
}

// short cuts text for messages so that a runaway field cannot flood them.
func short(s string) string {
	const max = 80
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max]) + "…"
}

func (t *table) reject(line int, field, code, msg, raw string) {
	t.rep.Rejects = append(t.rep.Rejects, extract.Reject{File: t.file, Line: line, Field: field, Code: code, Message: msg, Raw: raw})
}
