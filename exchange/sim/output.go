package sim

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"deanery/ingest/codes"
	"deanery/ingest/extract"
	"deanery/ingest/extract/refconfig"
)

// Write writes the world to outDir: world.json, config/ (7.12), deanery/
// extracts (7.10) and truth/ (10.5).
func (w *World) Write(ctx context.Context, outDir string, progress func(stage string, done, total int)) (*Summary, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	for _, sub := range []string{"config", "deanery", "truth"} {
		if err := os.MkdirAll(filepath.Join(outDir, sub), 0o755); err != nil {
			return nil, fmt.Errorf("world output: %w", err)
		}
	}
	if err := w.Config().WriteDir(filepath.Join(outDir, "config")); err != nil {
		return nil, fmt.Errorf("world config: %w", err)
	}
	// The extracts, then the fault table (the extracts locate the faults
	// in their lines), go on a goroutine beside the other truth tables,
	// which read nothing the extracts write.
	var mu sync.Mutex
	prog := func(stage string, done, total int) {
		mu.Lock()
		defer mu.Unlock()
		progress(stage, done, total)
	}
	var others []string
	for _, t := range TruthTables() {
		if t != TableFault {
			others = append(others, t)
		}
	}
	var n int
	var extractErr error
	extracted := make(chan struct{})
	go func() {
		defer close(extracted)
		if n, extractErr = w.writeExtracts(ctx, filepath.Join(outDir, "deanery"), prog); extractErr == nil {
			extractErr = w.writeTruth(ctx, filepath.Join(outDir, "truth"), prog, []string{TableFault})
		}
	}()
	err := w.writeTruth(ctx, filepath.Join(outDir, "truth"), prog, others)
	<-extracted
	if err == nil {
		err = extractErr
	}
	if err != nil {
		return nil, err
	}
	sum := w.Summarize()
	sum.ExtractFiles = n
	if err := w.writeWorldJSON(filepath.Join(outDir, "world.json"), sum); err != nil {
		return nil, err
	}
	return sum, nil
}

// worldJSON is the document world.json.
type worldJSON struct {
	FormatVersion int      `json:"format_version"`
	Seed          uint64   `json:"seed"`
	Settings      jsonSets `json:"settings"`
	Summary       *Summary `json:"summary"`
}

type jsonSets struct {
	Settings
	From string `json:"from"`
	To   string `json:"to"`
}

func (w *World) writeWorldJSON(path string, sum *Summary) error {
	doc := worldJSON{FormatVersion: FormatVersion, Seed: w.Settings.Seed,
		Settings: jsonSets{Settings: w.Settings, From: w.Settings.From.String(), To: w.Settings.To.String()}, Summary: sum}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("world.json: %w", err)
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// Config returns the reference configuration of the world (domain 7.12).
func (w *World) Config() *refconfig.Config {
	c := &refconfig.Config{}
	for _, d := range w.Deaneries {
		c.Deaneries = append(c.Deaneries, refconfig.Deanery{Code: d.Code, Name: d.Name, LETBName: d.LETBName, System: string(d.System)})
	}
	for _, t := range w.Trusts {
		d := w.Deaneries[t.Deanery].Code
		c.Trusts = append(c.Trusts, refconfig.Trust{Code: t.Code, Name: t.Name, VPDCode: t.VPD, DeaneryCode: d, Kind: t.Kind})
		p := refconfig.InterfacePair{DeaneryCode: d, TrustCode: t.Code}
		if t.LiveFrom != Never {
			p.RecruitmentLiveFrom = t.LiveFrom.String()
		}
		if t.FullFrom != Never {
			p.FullRecordsFrom = t.FullFrom.String()
		}
		c.Pairs = append(c.Pairs, p)
	}
	for _, s := range w.Sites {
		c.Sites = append(c.Sites, refconfig.Site{Code: s.Code, TrustCode: w.Trusts[s.Trust].Code, Name: s.Name, Kind: s.Kind})
	}
	return c
}

// version is one row version of an extract: entity index and version
// number, at its modified_at.
type version struct {
	at  Timestamp
	idx int32
	v   uint8
}

// extractVersions lists the versions of every entity of one deanery,
// sorted by (modified_at, id).
func (w *World) extractVersions(deanery int) (tr, po, pl []version) {
	for i := range w.Trainees {
		t := &w.Trainees[i]
		if t.Deanery != deanery {
			continue
		}
		for v, r := range t.Rows {
			tr = append(tr, version{r.At, int32(i), uint8(v)})
		}
	}
	for i := range w.Posts {
		p := &w.Posts[i]
		if p.Deanery != deanery {
			continue
		}
		po = append(po, version{p.Created, int32(i), 0})
		if p.Retired != 0 {
			po = append(po, version{p.Retired, int32(i), 1})
		}
	}
	for i := range w.Placements {
		p := &w.Placements[i]
		if int(p.deanery) != deanery {
			continue
		}
		pl = append(pl, version{p.Created, int32(i), 0}, version{p.Approved, int32(i), 1})
		if p.Changed != 0 && (p.Withdrawn == 0 || p.Changed < p.Withdrawn) {
			pl = append(pl, version{p.Changed, int32(i), 2})
		}
		if p.Withdrawn != 0 {
			pl = append(pl, version{p.Withdrawn, int32(i), 3})
		}
	}
	for _, vs := range [][]version{tr, po, pl} {
		slices.SortFunc(vs, func(a, b version) int {
			if c := cmpTS(a.at, b.at); c != 0 {
				return c
			}
			if a.idx != b.idx {
				return int(a.idx - b.idx)
			}
			return int(a.v) - int(b.v)
		})
	}
	return tr, po, pl
}

// writeExtracts writes the change-log extracts of every deanery: one file
// per entity and quarter from the world's first to its last, each with
// the versions modified in the quarter; the first opens with each
// pre-existing row's last version before the world's first day.
func (w *World) writeExtracts(ctx context.Context, dir string, progress func(string, int, int)) (int, error) {
	files := 0
	q0, q1 := w.Settings.From.Quarter(), w.Settings.To.Quarter()
	start := w.Settings.From.At(0, 0, 0)
	end := w.Settings.To.At(23, 59, 59)
	for di := range w.Deaneries {
		if err := ctx.Err(); err != nil {
			return files, err
		}
		progress("extracts", di, len(w.Deaneries))
		d := &w.Deaneries[di]
		prof, ok := extract.ProfileByName(string(d.System))
		if !ok {
			return files, fmt.Errorf("deanery %s: no extract profile %s", d.Code, d.System)
		}
		ddir := filepath.Join(dir, d.Code)
		if err := os.MkdirAll(ddir, 0o755); err != nil {
			return files, fmt.Errorf("extracts: %w", err)
		}
		tr, po, pl := w.extractVersions(di)
		loc := w.faultLocator()
		for _, ent := range []struct {
			e   extract.Entity
			vs  []version
			row func(v version, vals []string)
		}{
			{extract.Trainee, tr, w.traineeValues},
			{extract.Post, po, w.postValues},
			{extract.Placement, pl, w.placementValues},
		} {
			// The first file's opening rows: each row's last version
			// before the world's first day.
			cut, _ := slices.BinarySearchFunc(ent.vs, start, func(v version, t Timestamp) int { return cmpTS(v.at, t) })
			var opening []version
			last := map[int32]int{}
			for i, v := range ent.vs[:cut] {
				if j, ok := last[v.idx]; ok {
					opening[j] = v
				} else {
					last[v.idx] = len(opening)
					opening = append(opening, v)
				}
				_ = i
			}
			slices.SortFunc(opening, func(a, b version) int {
				if c := cmpTS(a.at, b.at); c != 0 {
					return c
				}
				return int(a.idx - b.idx)
			})
			rest := ent.vs[cut:]
			vals := make([]string, len(extract.Columns(ent.e)))
			for q := q0; q <= q1; q++ {
				qEnd := min((q+1).First().At(0, 0, 0), end+1)
				n := 0
				for n < len(rest) && rest[n].at < qEnd {
					n++
				}
				rows := rest[:n]
				rest = rest[n:]
				if q == q0 {
					rows = append(opening, rows...)
				}
				name := prof.FileName(d.Code, ent.e, q.String())
				if err := writeExtractFile(filepath.Join(ddir, name), prof, ent.e, rows, vals, ent.row); err != nil {
					return files, err
				}
				for i, v := range rows {
					loc(ent.e, v, name, i+2) // line 1 is the header
				}
				files++
			}
		}
	}
	progress("extracts", len(w.Deaneries), len(w.Deaneries))
	return files, nil
}

// faultLocator returns a function that, given a row version written at
// a file line, fills File and Line of the faults that version carries
// first: identity and address faults on the trainee row that shows them,
// NEVER_HIRED on the record's first row, LATE_PLACEMENT on the approval,
// DATE_CHANGE on the change, WITHDRAWAL on the withdrawal and the bucket
// on the post's first version.
func (w *World) faultLocator() func(e extract.Entity, v version, file string, line int) {
	byEntity := map[[2]int32][]int32{} // (entity type, index) → faults
	for i := range w.Faults {
		f := &w.Faults[i]
		var et int32
		switch f.EntityType {
		case "TRAINEE":
			et = 1
		case "POST":
			et = 2
		case "PLACEMENT":
			et = 3
		default:
			continue
		}
		k := [2]int32{et, f.Entity}
		byEntity[k] = append(byEntity[k], int32(i))
	}
	mark := func(fi int32, file string, line int) {
		if f := &w.Faults[fi]; f.File == "" {
			f.File, f.Line = file, line
		}
	}
	return func(e extract.Entity, v version, file string, line int) {
		switch e {
		case extract.Trainee:
			row := &w.Trainees[v.idx].Rows[v.v]
			for _, fi := range row.Faults {
				mark(fi, file, line)
			}
			if v.v == 0 {
				for _, fi := range byEntity[[2]int32{1, v.idx}] {
					if w.Faults[fi].Kind == "NEVER_HIRED" {
						mark(fi, file, line)
					}
				}
			}
		case extract.Post:
			if v.v == 0 {
				for _, fi := range byEntity[[2]int32{2, v.idx}] {
					mark(fi, file, line)
				}
			}
		case extract.Placement:
			want := map[uint8]string{1: "LATE_PLACEMENT", 2: "DATE_CHANGE", 3: "WITHDRAWAL"}[v.v]
			for _, fi := range byEntity[[2]int32{3, v.idx}] {
				if w.Faults[fi].Kind == want {
					mark(fi, file, line)
				}
			}
		}
	}
}

func writeExtractFile(path string, prof *extract.Profile, e extract.Entity, rows []version, vals []string, fill func(version, []string)) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("extract: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("extract %s: %w", filepath.Base(path), cerr)
		}
	}()
	bw := bufio.NewWriterSize(f, 256<<10)
	wr := extract.NewWriter(prof, e, bw)
	for _, v := range rows {
		fill(v, vals)
		if _, err := wr.Write(vals); err != nil {
			return fmt.Errorf("extract %s: %w", filepath.Base(path), err)
		}
	}
	if err := wr.Close(); err != nil {
		return fmt.Errorf("extract %s: %w", filepath.Base(path), err)
	}
	return bw.Flush()
}

// wteCanon is the canonical text of a WTE in hundredths (0.60, 1.00).
var wteCanon = func() []string {
	out := make([]string, 101)
	for i := range out {
		out[i] = fmt.Sprintf("%d.%02d", i/100, i%100)
	}
	return out
}()

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// Column positions of the canonical extract rows.
var (
	trCols = colIndex(extract.Trainee)
	poCols = colIndex(extract.Post)
	plCols = colIndex(extract.Placement)
)

func colIndex(e extract.Entity) map[string]int {
	m := map[string]int{}
	for i, c := range extract.Columns(e) {
		m[c.Name] = i
	}
	return m
}

func set(vals []string, cols map[string]int, name, v string) {
	if i, ok := cols[name]; ok {
		vals[i] = v
	}
}

func (w *World) traineeValues(v version, vals []string) {
	t := &w.Trainees[v.idx]
	r := &t.Rows[v.v]
	c := trCols
	set(vals, c, "trainee_id", w.idText(t.Deanery, t.ID))
	set(vals, c, "title", r.Title)
	set(vals, c, "forenames", r.Forenames)
	set(vals, c, "surname", r.Surname)
	set(vals, c, "previous_surname", r.PrevSurname)
	set(vals, c, "date_of_birth", r.DOB)
	set(vals, c, "gender", r.Gender)
	set(vals, c, "ni_number", r.NI)
	set(vals, c, "gmc_number", r.GMC)
	set(vals, c, "ntn", r.NTN)
	set(vals, c, "email", r.Email)
	set(vals, c, "mobile_tel", r.Mobile)
	set(vals, c, "home_tel", r.Home)
	set(vals, c, "address1", r.Addr1)
	set(vals, c, "address2", r.Addr2)
	set(vals, c, "address3", r.Addr3)
	set(vals, c, "town", r.Town)
	set(vals, c, "postcode", r.Postcode)
	set(vals, c, "country", r.Country)
	set(vals, c, "nationality", r.Nationality)
	set(vals, c, "modified_at", r.At.String())
	set(vals, c, "deleted", boolText(r.Deleted))
}

func (w *World) postValues(v version, vals []string) {
	p := &w.Posts[v.idx]
	c := poCols
	hosts := make([]string, len(p.Hosts))
	for i, h := range p.Hosts {
		hosts[i] = w.Trusts[h].Code
	}
	set(vals, c, "post_id", w.idText(p.Deanery, p.ID))
	set(vals, c, "dpn", p.DPN)
	set(vals, c, "deanery_code", w.Deaneries[p.Deanery].Code)
	set(vals, c, "lead_trust_code", w.Trusts[p.Lead].Code)
	set(vals, c, "host_trust_codes", strings.Join(hosts, extract.ListSeparator))
	set(vals, c, "site_code", w.Sites[p.Site].Code)
	set(vals, c, "specialty_code", w.specs[p.Specialty].Code)
	set(vals, c, "approved_grade", w.grades[p.Grade].Code)
	status, at := "CURRENT", p.Created
	if v.v == 1 {
		status, at = "INACTIVE", p.Retired
	}
	set(vals, c, "status", status)
	set(vals, c, "modified_at", at.String())
}

func (w *World) placementValues(v version, vals []string) {
	p := &w.Placements[v.idx]
	c := plCols
	dn := int(p.deanery)
	set(vals, c, "placement_id", w.idText(dn, p.ID))
	set(vals, c, "trainee_id", w.idText(dn, w.Trainees[p.Trainee].ID))
	set(vals, c, "post_id", w.idText(dn, w.Posts[p.Post].ID))
	set(vals, c, "site_code", w.Sites[p.Site].Code)
	set(vals, c, "grade", w.grades[p.Grade].Code)
	set(vals, c, "specialty_code", w.specs[p.Specialty].Code)
	start, end := p.Start, p.End
	state, at, withdrawn := "APPROVED", p.Approved, false
	switch v.v {
	case 0:
		state, at = "DRAFT", p.Created
	case 2:
		start, end, at = p.NewStart, p.NewEnd, p.Changed
	case 3:
		start, end = p.Dates(p.Withdrawn)
		at, withdrawn = p.Withdrawn, true
	}
	set(vals, c, "start_date", start.String())
	set(vals, c, "end_date", end.String())
	set(vals, c, "wte", wteCanon[p.WTE])
	set(vals, c, "placement_type", w.ptypes[p.Type].Code)
	set(vals, c, "lifecycle_state", state)
	set(vals, c, "created_at", p.Created.String())
	set(vals, c, "modified_at", at.String())
	set(vals, c, "withdrawn", boolText(withdrawn))
}

var _ = codes.Empower
