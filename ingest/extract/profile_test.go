package extract

import (
	"encoding/json"
	"strings"
	"testing"

	"deanery/ingest/codes"
)

func TestBuiltinProfiles(t *testing.T) {
	var names []string
	for _, p := range Profiles() {
		names = append(names, p.Name())
	}
	if strings.Join(names, ",") != "EMPOWER,INTREPID" {
		t.Fatalf("profiles %v", names)
	}
	for _, s := range codes.Deaneries() {
		if _, ok := ProfileByName(string(s.System)); !ok {
			t.Errorf("deanery %s runs %s, which has no profile", s.Code, s.System)
		}
	}
}

// TestEmpowerMaps checks the value maps written out in empower.json
// against the shared code lists, both ways, so the data cannot drift.
func TestEmpowerMaps(t *testing.T) {
	p := builtin(t, "EMPOWER")
	type pair struct{ file, canon string }
	var pairs []struct {
		column string
		e      Entity
		p      pair
	}
	add := func(e Entity, column, file, canon string) {
		pairs = append(pairs, struct {
			column string
			e      Entity
			p      pair
		}{column, e, pair{file, canon}})
	}
	for _, g := range codes.Grades() {
		d, ok := codes.GradeToEmpower(g.Code)
		if !ok {
			t.Fatalf("no Empower description for %s", g.Code)
		}
		add(Post, "GRADE", d, g.Code)
		add(Placement, "GRADE", d, g.Code)
	}
	for _, s := range codes.Specialties() {
		add(Post, "SPECIALTY", s.Name, s.Code)
		add(Placement, "SPECIALTY", s.Name, s.Code)
	}
	for _, pt := range codes.PlacementTypes() {
		add(Placement, "PLACEMENT_TYPE", pt.Empower, pt.Code)
	}
	for _, c := range codes.Countries() {
		add(Trainee, "COUNTRY", c.Name, c.ISO)
		add(Trainee, "NATIONALITY", c.Name, c.ISO)
	}
	for _, g := range codes.Genders.Values() {
		d, _ := codes.GenderToEmpower(g)
		add(Trainee, "SEX", d, g)
	}
	for _, l := range codes.Lifecycles.Values() {
		d, _ := codes.LifecycleToEmpower(l)
		add(Placement, "STATUS", d, l)
	}
	for _, ti := range codes.Titles() {
		add(Trainee, "TITLE", ti.App, ti.App)
	}
	counts := map[string]int{}
	for _, x := range pairs {
		vm := column(t, p, x.e, x.column).vmap
		if got, ok := vm.canonical(x.p.file); !ok || got != x.p.canon {
			t.Errorf("%s %s: %q reads as %q, want %q", x.e, x.column, x.p.file, got, x.p.canon)
		}
		if got := vm.toFile[x.p.canon]; got != x.p.file {
			t.Errorf("%s %s: %q writes as %q, want %q", x.e, x.column, x.p.canon, got, x.p.file)
		}
		counts[string(x.e)+x.column]++
	}
	for key, n := range counts {
		var e Entity
		for _, en := range Entities() {
			if strings.HasPrefix(key, string(en)) {
				e = en
			}
		}
		if got := len(column(t, p, e, strings.TrimPrefix(key, string(e))).vmap.toCanon); got != n {
			t.Errorf("%s: the map has %d entries, the code list %d", key, got, n)
		}
	}
}

// TestIntrepidMaps: Intrepid writes codes; titles are upper-case and read
// as the mixed-case canonical form (domain 2.5).
func TestIntrepidMaps(t *testing.T) {
	p := builtin(t, "INTREPID")
	title := column(t, p, Trainee, "Title").vmap
	for _, ti := range codes.Titles() {
		if got, _ := title.canonical(ti.Intrepid); got != ti.App {
			t.Errorf("title %s reads as %q, want %q", ti.Intrepid, got, ti.App)
		}
		if got := title.toFile[ti.App]; got != ti.Intrepid {
			t.Errorf("title %s writes as %q, want %q", ti.App, got, ti.Intrepid)
		}
	}
	checks := []struct {
		e      Entity
		column string
		codes  []string
	}{
		{Placement, "PlacementType", placementCodes()},
		{Placement, "Grade", gradeCodes()},
		{Post, "SpecialtyCode", specialtyCodes()},
		{Placement, "LifecycleState", codes.Lifecycles.Values()},
		{Post, "Status", codes.PostStatuses.Values()},
		{Trainee, "Gender", codes.Genders.Values()},
	}
	for _, c := range checks {
		vm := column(t, p, c.e, c.column).vmap
		for _, code := range c.codes {
			if got, ok := vm.canonical(code); !ok || got != code {
				t.Errorf("%s %s: %q not accepted as itself", c.e, c.column, code)
			}
		}
	}
}

func placementCodes() (out []string) {
	for _, p := range codes.PlacementTypes() {
		out = append(out, p.Code)
	}
	return out
}

func gradeCodes() (out []string) {
	for _, g := range codes.Grades() {
		out = append(out, g.Code)
	}
	return out
}

func specialtyCodes() (out []string) {
	for _, s := range codes.Specialties() {
		out = append(out, s.Code)
	}
	return out
}

func column(t *testing.T, p *Profile, e Entity, name string) *fileCol {
	t.Helper()
	for i, c := range p.layouts[e].cols {
		if c.name == name {
			return &p.layouts[e].cols[i]
		}
	}
	t.Fatalf("%s %s has no column %s", p.Name(), e, name)
	return nil
}

// TestBadProfiles: a profile that would misread files is refused when it
// is loaded, with the reason.
func TestBadProfiles(t *testing.T) {
	base := map[string]any{}
	data, err := builtinFS.ReadFile("profiles/intrepid.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &base); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func(m map[string]any)
		want string
	}{
		{"unknown key", func(m map[string]any) { m["delimter"] = ";" }, "unknown field"},
		{"two-character delimiter", func(m map[string]any) { m["delimiter"] = ";;" }, "delimiter"},
		{"unknown quoting", func(m map[string]any) { m["quoting"] = "csv" }, "quoting"},
		{"no replacement without quoting", func(m map[string]any) { m["quoting"] = "none" }, "delimiter_replacement"},
		{"unknown charset", func(m map[string]any) { m["charset"] = "latin-1" }, "charset"},
		{"date with a time", func(m map[string]any) { m["date_format"] = "YYYY-MM-DD hh" }, "date_format"},
		{"timestamp without seconds", func(m map[string]any) { m["timestamp_format"] = "YYYY-MM-DD hh:mm" }, "timestamp_format"},
		{"same boolean words", func(m map[string]any) { m["false"] = "1" }, "two different words"},
		{"marker with delimiter", func(m map[string]any) { m["end_marker"] = "E,OF" }, "end_marker"},
		{"name without quarter", func(m map[string]any) { m["file_name"] = "INTREPID_{deanery}_{entity}.csv" }, "{quarter}"},
		{"unknown placeholder", func(m map[string]any) { m["file_name"] = "{deanery}_{entity}_{quarter}_{day}.csv" }, "placeholder"},
		{"unknown entity", func(m map[string]any) { entities(m)["person"] = entities(m)["trainee"] }, "entity"},
		{"missing entity", func(m map[string]any) { delete(entities(m), "post") }, "missing"},
		{"unknown field", func(m map[string]any) { cols(m, "post")[0].(map[string]any)["field"] = "post_ref" }, "unknown or mapped twice"},
		{"field twice", func(m map[string]any) { cols(m, "post")[1].(map[string]any)["field"] = "post_id" }, "unknown or mapped twice"},
		{"required field unmapped", func(m map[string]any) { setCols(m, "post", cols(m, "post")[1:]) }, "required field post_id"},
		{"map on a date", func(m map[string]any) { cols(m, "placement")[6].(map[string]any)["map"] = "grade" }, "map needs a text field"},
		{"undefined map", func(m map[string]any) { cols(m, "placement")[4].(map[string]any)["map"] = "grades" }, "not defined"},
		{"list on text", func(m map[string]any) { cols(m, "placement")[4].(map[string]any)["list"] = ";" }, "list separator"},
		{"scale on text", func(m map[string]any) { cols(m, "placement")[4].(map[string]any)["scale"] = 2 }, "scale"},
		{"empty map value", func(m map[string]any) { maps(m)["gender"] = map[string]any{"codes": []any{""}} }, "empty or padded"},
		{"map file value twice", func(m map[string]any) {
			maps(m)["gender"] = map[string]any{"pairs": []any{[]any{"M", "M"}, []any{"M", "F"}}}
		}, "twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := deepCopy(t, base)
			tt.edit(m)
			data, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			_, err = ParseProfile(data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one about %q", err, tt.want)
			}
		})
	}
}

func deepCopy(t *testing.T, m map[string]any) map[string]any {
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func entities(m map[string]any) map[string]any { return m["entities"].(map[string]any) }
func maps(m map[string]any) map[string]any     { return m["maps"].(map[string]any) }
func cols(m map[string]any, e string) []any {
	return entities(m)[e].(map[string]any)["columns"].([]any)
}
func setCols(m map[string]any, e string, c []any) { entities(m)[e].(map[string]any)["columns"] = c }
