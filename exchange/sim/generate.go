package sim

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"time"

	"deanery/ingest/codes"
)

// Summary counts what a world holds; it is also written to world.json.
type Summary struct {
	Deaneries    int            `json:"deaneries"`
	Trusts       int            `json:"trusts"`
	Sites        int            `json:"sites"`
	LiveTrusts   int            `json:"live_trusts"`
	Humans       int            `json:"humans"`
	Trainees     int            `json:"trainee_records"`
	Posts        int            `json:"posts"`
	Placements   int            `json:"placements"`
	Faults       map[string]int `json:"faults"`
	ExtractFiles int            `json:"extract_files"`
	// STFPeople counts the ESR persons any staff extract held.
	STFPeople      int            `json:"stf_people"`
	InPostNovember map[string]int `json:"in_post_1_november"`
}

// Build makes a world from settings without writing anything: reference
// data, careers, posts and placements with their planned faults. Run
// then plays it day by day. now fixes the default end date.
func Build(ctx context.Context, s Settings, now time.Time, progress func(stage string, done, total int)) (*World, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	s = s.withDefaults(now)
	if err := s.validate(); err != nil {
		return nil, fmt.Errorf("world settings: %w", err)
	}
	w := &World{Settings: s, PlanEnd: s.To + 91, ids: newIdentities(), ntn: map[[2]int]int{}, forced: map[string]bool{}}
	w.initCodes()
	progress("reference", 0, 1)
	if err := w.buildReference(); err != nil {
		return nil, err
	}
	w.st = w.buildSiteTables()
	progress("reference", 1, 1)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	w.buildPeople(progress)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	w.csvCommaFaults()
	progress("posts", 0, 1)
	if err := w.allocatePosts(); err != nil {
		return nil, err
	}
	w.otherSites()
	w.assignIDs()
	progress("posts", 1, 1)
	return w, ctx.Err()
}

func (w *World) initCodes() {
	w.grades = codes.Grades()
	w.specs = codes.Specialties()
	w.ptypes = codes.PlacementTypes()
	w.gradeIdx = map[string]uint8{}
	w.specIdx = map[string]uint8{}
	for i, g := range w.grades {
		w.gradeIdx[g.Code] = uint8(i)
	}
	for i, s := range w.specs {
		w.specIdx[s.Code] = uint8(i)
	}
	for _, t := range w.ptypes {
		w.ptypeW = append(w.ptypeW, t.Share)
	}
}

// Run plays the world day by day from its first to its last day: the
// deanery events that depend on the day (DATE_CHANGE) are decided, then
// Hooks.Day runs.
func (w *World) Run(ctx context.Context, progress func(stage string, done, total int)) error {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	var pending []int32
	for i := range w.Placements {
		if w.Placements[i].DateChange != nil {
			pending = append(pending, int32(i))
		}
	}
	slices.SortStableFunc(pending, func(a, b int32) int {
		return int(w.Placements[a].DateChange.Earliest - w.Placements[b].DateChange.Earliest)
	})
	var active []int32
	total := int(w.Settings.To-w.Settings.From) + 1
	for d := w.Settings.From; d <= w.Settings.To; d++ {
		if int(d-w.Settings.From)%92 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			progress("days", int(d-w.Settings.From), total)
		}
		for len(pending) > 0 && w.Placements[pending[0]].DateChange.Earliest <= d {
			active = append(active, pending[0])
			pending = pending[1:]
		}
		kept := active[:0]
		for _, pi := range active {
			p := &w.Placements[pi]
			dc := p.DateChange
			switch {
			case d > dc.Latest || (p.Withdrawn != 0 && p.Withdrawn.Date() <= d):
				p.DateChange = nil // the window closed: no change
			case w.Hooks.DateChangeReady == nil || w.Hooks.DateChangeReady(w, pi, d):
				w.changeDates(pi, d)
			default:
				kept = append(kept, pi)
			}
		}
		active = kept
		if w.Hooks.Day != nil {
			if err := w.Hooks.Day(w, d); err != nil {
				return fmt.Errorf("%s: %w", d, err)
			}
		}
	}
	progress("days", total, total)
	return nil
}

// changeDates makes a planned DATE_CHANGE happen on d.
func (w *World) changeDates(pi int32, d Date) {
	p := &w.Placements[pi]
	dc := p.DateChange
	r := newRNG(w.Settings.Seed, drawChange, p.key)
	at := workTimeAfter(&r, d)
	if at.Date() > dc.Latest || at <= p.Approved {
		at = max(p.Approved+60, d.At(12, 0, 0))
	}
	p.Changed = at
	p.NewStart = p.Start + Date(dc.StartShift)
	p.NewEnd = p.End + Date(dc.EndShift)
	field, old, nv := "end_date", p.End.String(), p.NewEnd.String()
	if dc.StartShift != 0 {
		field, old, nv = "start_date", p.Start.String(), p.NewStart.String()
	}
	dc.Fault = w.addFault(Fault{Kind: "DATE_CHANGE", Side: "DEANERY", EntityType: "PLACEMENT", Entity: pi, Field: field,
		TrueValue: old, RecordedValue: nv, At: at, Detail: "dates changed after approval, before start"})
}

// Generate builds a world, plays it and writes it to outDir: world.json,
// config/, deanery/ and truth/ (domain 10.1).
func Generate(ctx context.Context, s Settings, outDir string, progress func(stage string, done, total int)) (*Summary, error) {
	w, err := Build(ctx, s, time.Now(), progress)
	if err != nil {
		return nil, err
	}
	esr := NewESR(w)
	esr.streamTo(outDir) // the interface files go out as the world runs
	if err := w.Run(ctx, progress); err != nil {
		esr.sink.close()
		return nil, err
	}
	// What only the run needed goes before the writing: collected now,
	// the writing reuses its memory instead of growing the heap further.
	esr.dropRunState()
	runtime.GC()
	sum, err := w.Write(ctx, outDir, progress)
	if err != nil {
		esr.sink.close()
		return nil, err
	}
	if err := esr.writeExchange(ctx, outDir, progress); err != nil {
		return nil, err
	}
	return sum, nil
}

// Summarize counts the world.
func (w *World) Summarize() *Summary {
	s := &Summary{Deaneries: len(w.Deaneries), Trusts: len(w.Trusts), Sites: len(w.Sites), Humans: len(w.Humans),
		Trainees: len(w.Trainees), Posts: len(w.Posts), Placements: len(w.Placements), Faults: map[string]int{},
		InPostNovember: map[string]int{}}
	for _, t := range w.Trusts {
		if t.LiveFrom <= w.Settings.To {
			s.LiveTrusts++
		}
	}
	for _, f := range w.Faults {
		s.Faults[f.Kind]++
	}
	if w.esr != nil {
		s.STFPeople = w.esr.stfPeople
	}
	for y, n := range w.inPostNovember() {
		s.InPostNovember[fmt.Sprint(y)] = n
	}
	return s
}

// inPostNovember counts trainee records with an approved, not withdrawn
// placement live on 1 November of each year of the world.
func (w *World) inPostNovember() map[int]int {
	out := map[int]int{}
	for y := w.Settings.From.Year(); y <= w.Settings.To.Year(); y++ {
		d := MakeDate(y, time.November, 1)
		if d < w.Settings.From || d > w.Settings.To {
			continue
		}
		seen := make([]bool, len(w.Trainees))
		n := 0
		for i := range w.Placements {
			p := &w.Placements[i]
			if p.Withdrawn != 0 && p.Withdrawn <= d.At(0, 0, 0) || p.Approved > d.At(0, 0, 0) {
				continue
			}
			s, e := p.Dates(d.At(0, 0, 0))
			if s <= d && d <= e && !seen[p.Trainee] {
				seen[p.Trainee] = true
				n++
			}
		}
		out[y] = n
	}
	return out
}

// postsLive counts posts CURRENT on d.
func (w *World) postsLive(d Date) int {
	n := 0
	t := d.At(12, 0, 0)
	for i := range w.Posts {
		p := &w.Posts[i]
		if p.Created <= t && (p.Retired == 0 || p.Retired > t) {
			n++
		}
	}
	return n
}
