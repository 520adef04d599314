package sim

import (
	"bytes"
	"context"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"deanery/ingest/codes"
	"deanery/ingest/extract"
	"deanery/ingest/ident"
)

var testNow = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// testSettings is a small world: scale s from 2010-01-01 to the end of
// year y.
func testSettings(seed uint64, scale float64, y int) Settings {
	s := DefaultSettings(seed, testNow)
	s.Scale = scale
	s.To = MakeDate(y, time.December, 31)
	return s
}

func buildWorld(t testing.TB, s Settings) *World {
	t.Helper()
	w, err := Build(context.Background(), s, testNow, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return w
}

// readTree returns every file under dir by relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGenerateTwiceIsByteIdentical(t *testing.T) {
	s := testSettings(7, 0.01, 2010)
	var trees []map[string][]byte
	for range 2 {
		dir := t.TempDir()
		w := buildWorld(t, s)
		if _, err := w.Write(context.Background(), dir, nil); err != nil {
			t.Fatal(err)
		}
		trees = append(trees, readTree(t, dir))
	}
	if len(trees[0]) != len(trees[1]) || len(trees[0]) < 100 {
		t.Fatalf("file counts %d and %d", len(trees[0]), len(trees[1]))
	}
	for name, b := range trees[0] {
		if !bytes.Equal(b, trees[1][name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	// Another seed gives another world.
	other := buildWorld(t, testSettings(8, 0.01, 2010))
	dir := t.TempDir()
	if _, err := other.Write(context.Background(), dir, nil); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(readTree(t, dir)["truth/human.parquet"], trees[0]["truth/human.parquet"]) {
		t.Error("seeds 7 and 8 gave the same humans")
	}
}

func TestEveryDeaneryHasTrustsTraineesAndExtracts(t *testing.T) {
	w := buildWorld(t, testSettings(1, 0.01, 2010))
	dir := t.TempDir()
	if _, err := w.Write(context.Background(), dir, nil); err != nil {
		t.Fatal(err)
	}
	trainees := map[int]int{}
	for _, tr := range w.Trainees {
		trainees[tr.Deanery]++
	}
	for i, d := range w.Deaneries {
		if len(d.Trusts) < 2 || trainees[i] == 0 || len(d.Practices) == 0 {
			t.Errorf("%s: %d trusts, %d trainees, %d practices", d.Code, len(d.Trusts), trainees[i], len(d.Practices))
		}
		files, err := os.ReadDir(filepath.Join(dir, "deanery", d.Code))
		if err != nil || len(files) != 3*4 {
			t.Errorf("%s: %d extract files (%v), want 12", d.Code, len(files), err)
		}
		prof, _ := extract.ProfileByName(string(d.System))
		for _, f := range files {
			if fi, ok := prof.ParseName(f.Name()); !ok || fi.Deanery != d.Code {
				t.Errorf("%s: file %s is not of its %s layout", d.Code, f.Name(), d.System)
			}
		}
	}
	for _, name := range []string{"deaneries.csv", "trusts.csv", "sites.csv", "interface_pairs.csv"} {
		if _, err := os.Stat(filepath.Join(dir, "config", name)); err != nil {
			t.Error(err)
		}
	}
}

// deanerySideKinds are the fault kinds of this side (domain 10.4).
var deanerySideKinds = []string{"NAME_TYPO", "DOB_SWAP", "NI_MISSING", "NI_INVALID", "GMC_WRONG", "GMC_MISSING",
	"ADDRESS_CHANGE_DEANERY", "LATE_PLACEMENT", "WITHDRAWAL", "DATE_CHANGE", "NEVER_HIRED", "APP_MANDATORY_MISSING",
	"QUARANTINE_BUCKET", "CSV_COMMA"}

func TestEveryDeanerySideFaultOccurs(t *testing.T) {
	s := testSettings(3, 0.02, 2013)
	s.From = MakeDate(2012, time.January, 1)
	w := buildWorld(t, s)
	sum := w.Summarize()
	for _, k := range deanerySideKinds {
		if sum.Faults[k] == 0 {
			t.Errorf("no %s fault in a two-year world", k)
		}
	}
	if got := sum.Faults["QUARANTINE_BUCKET"]; got > 3 {
		t.Errorf("%d bucket posts, want at most 3", got)
	}
	// A bucket post holds 41–60 placements starting the same day, at a
	// trust live 91 days before.
	for _, f := range w.Faults {
		if f.Kind != "QUARANTINE_BUCKET" {
			continue
		}
		post := &w.Posts[f.Entity]
		starts := map[Date]int{}
		for i := range w.Placements {
			if w.Placements[i].Post == f.Entity {
				starts[w.Placements[i].Start]++
			}
		}
		if len(starts) != 1 {
			t.Errorf("bucket %s: starts %v", post.DPN, starts)
		}
		for d, n := range starts {
			if n < 41 || n > 60 || w.Trusts[post.Lead].LiveFrom > d-91 {
				t.Errorf("bucket %s: %d placements on %s, lead live from %s", post.DPN, n, d, w.Trusts[post.Lead].LiveFrom)
			}
		}
	}
}

// referenceWorld builds only the reference data.
func referenceWorld(t *testing.T, scale float64) *World {
	t.Helper()
	s := testSettings(11, scale, 2026).withDefaults(testNow)
	w := &World{Settings: s, ids: newIdentities()}
	w.initCodes()
	if err := w.buildReference(); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestAdoptionMilestonesAreExact(t *testing.T) {
	for _, scale := range []float64{1, 0.3, 0.01} {
		w := referenceWorld(t, scale)
		total := 0
		for _, d := range w.Deaneries {
			n := len(d.Trusts)
			if scale >= 1 && n != d.Deanery.Trusts {
				t.Errorf("%s: %d trusts, want %d", d.Code, n, d.Deanery.Trusts)
			}
			total += n
			prev := 0
			for _, m := range milestones() {
				want := max(prev, m.target(d.Code, n))
				live := 0
				for _, ti := range d.Trusts {
					if w.Trusts[ti].LiveFrom <= m.by {
						live++
					}
				}
				if live != want {
					t.Errorf("scale %v %s by %s: %d live, want %d", scale, d.Code, m.by, live, want)
				}
				prev = want
			}
			// Go-lives fall on working days; never-live trusts are among
			// the smallest 40%; the GP lead employer is one per deanery.
			bySize := slices.Clone(d.Trusts)
			slices.SortStableFunc(bySize, func(a, b int32) int { return cmpFloat(w.Trusts[b].Weight, w.Trusts[a].Weight) })
			gp := 0
			for rank, ti := range bySize {
				tr := &w.Trusts[ti]
				if tr.Kind == codes.GPLeadEmployer {
					gp++
				}
				if tr.LiveFrom == Never {
					if rank < n-max(n-prev, int(math.Ceil(0.4*float64(n)))) {
						t.Errorf("%s: never-live trust %s is not among the smallest 40%%", d.Code, tr.Code)
					}
					if tr.FullFrom != Never {
						t.Errorf("%s: never-live trust %s has Full Records", d.Code, tr.Code)
					}
					continue
				}
				if !tr.LiveFrom.Working() {
					t.Errorf("%s: go-live %s is not a working day", tr.Code, tr.LiveFrom)
				}
				if d.Code != "WAL" && tr.FullFrom > fullRecordsEngland {
					t.Errorf("%s: English pair FULL only from %s", tr.Code, tr.FullFrom)
				}
			}
			if gp != 1 {
				t.Errorf("%s: %d GP lead employers", d.Code, gp)
			}
		}
		if scale >= 1 {
			if total != 250 {
				t.Errorf("%d trusts at scale 1, want 250", total)
			}
			live := 0
			for _, tr := range w.Trusts {
				if tr.LiveFrom != Never {
					live++
				}
			}
			if live != 197 {
				t.Errorf("%d trusts live in the end, want 197", live)
			}
		}
		codesSeen, vpds := map[string]bool{}, map[string]bool{}
		for _, tr := range w.Trusts {
			if len(tr.Code) != 3 || tr.Code[0] != 'R' || !strings.ContainsRune(trustCodeChars, rune(tr.Code[1])) || !strings.ContainsRune(trustCodeChars, rune(tr.Code[2])) {
				t.Errorf("bad trust code %q", tr.Code)
			}
			if codesSeen[tr.Code] || vpds[tr.VPD] || !ident.Check(ident.VPD, tr.VPD).Valid || tr.VPD == "000" {
				t.Errorf("trust %s VPD %s: duplicate or invalid", tr.Code, tr.VPD)
			}
			codesSeen[tr.Code], vpds[tr.VPD] = true, true
			for _, si := range tr.Sites {
				site := w.Sites[si]
				n := site.Code[3:]
				if site.Kind == "GP_PRACTICE" != (n >= "50") || !strings.HasPrefix(site.Code, tr.Code) {
					t.Errorf("site %s of kind %s", site.Code, site.Kind)
				}
			}
		}
	}
}

func TestIdentifiersAndNames(t *testing.T) {
	w := buildWorld(t, testSettings(5, 0.02, 2011))
	ni, gmc := map[string]bool{}, map[string]bool{}
	accented := 0
	enc := charmap.Windows1252.NewEncoder()
	for _, h := range w.Humans {
		if !ident.Check(ident.NINO, h.NI).Valid || ni[h.NI] {
			t.Errorf("human %d: NI %s invalid or repeated", h.ID, h.NI)
		}
		if g := h.GMC; len(g) != 7 || g[0] < '2' || g[0] > '7' || !ident.Check(ident.GMC, g).Valid || gmc[g] {
			t.Errorf("human %d: GMC %s", h.ID, g)
		}
		ni[h.NI], gmc[h.GMC] = true, true
		for _, a := range h.Addresses {
			if !ident.Check(ident.PCODE, a.Postcode).Valid {
				t.Errorf("human %d: postcode %q", h.ID, a.Postcode)
			}
		}
		if !strings.HasSuffix(h.Email, "@example.com") && !strings.HasSuffix(h.Email, "@example.org") && !strings.HasSuffix(h.Email, "@example.net") {
			t.Errorf("email %s", h.Email)
		}
		if !strings.HasPrefix(h.Mobile, "07700 900") {
			t.Errorf("mobile %s", h.Mobile)
		}
		name := h.First + " " + h.Middle + " " + h.Surname
		if _, err := enc.String(name); err != nil {
			t.Errorf("%q is not Windows-1252", name)
		}
		if strings.ContainsAny(name, "'") || strings.ContainsFunc(name, func(r rune) bool { return r > 127 }) {
			accented++
		}
	}
	if share := float64(accented) / float64(len(w.Humans)); share < 0.01 || share > 0.08 {
		t.Errorf("%.1f%% of names with accents or apostrophes, want about 3%%", 100*share)
	}
	// DPNs are valid and unique; placements are created 120–240 and
	// approved 95–180 days before start unless late.
	dpns := map[string]bool{}
	for _, p := range w.Posts {
		if !ident.Check(ident.DPN, p.DPN).Valid || dpns[p.DPN] || len(p.DPN) > 30 {
			t.Errorf("DPN %q invalid or repeated", p.DPN)
		}
		dpns[p.DPN] = true
	}
	for _, p := range w.Placements {
		if p.Approved < p.Created+day {
			t.Errorf("placement %d approved %s, created %s", p.ID, p.Approved, p.Created)
		}
		if p.End < p.Start {
			t.Errorf("placement %d ends before it starts", p.ID)
		}
	}
}

func TestEditTraineeCarriesForward(t *testing.T) {
	w := buildWorld(t, testSettings(6, 0.01, 2010))
	var ti int32 = -1
	for i := range w.Trainees {
		if len(w.Trainees[i].Rows) >= 2 {
			ti = int32(i)
			break
		}
	}
	if ti < 0 {
		t.Skip("no record with two versions")
	}
	tr := &w.Trainees[ti]
	at := tr.Rows[0].At + 3600
	n := len(tr.Rows)
	w.EditTrainee(ti, at, func(r *TraineeRow) { r.PrevSurname, r.Surname = r.Surname, "Newname" })
	if len(tr.Rows) != n+1 || tr.Rows[1].At != at {
		t.Fatalf("versions %d, second at %s", len(tr.Rows), tr.Rows[1].At)
	}
	for i, r := range tr.Rows[1:] {
		if r.Surname != "Newname" || r.PrevSurname == "" {
			t.Errorf("version %d: surname %q, previous %q", i+1, r.Surname, r.PrevSurname)
		}
		if i > 0 && r.At < tr.Rows[i].At {
			t.Errorf("version %d out of time order", i+1)
		}
	}
}
