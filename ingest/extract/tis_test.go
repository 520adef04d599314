package extract

import (
	"os"
	"strings"
	"testing"
)

// tisProfile loads the third layout, defined by a profile alone: tab
// delimited, dotted dates, compact timestamps, Y/N, ids of any shape, a
// space-separated list and its own file names.
func tisProfile(t testing.TB) *Profile {
	t.Helper()
	data, err := os.ReadFile("testdata/tis.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParseProfile(data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestThirdProfile(t *testing.T) {
	p := tisProfile(t)
	name := p.FileName("WES", Placement, "2019Q3")
	if name != "tis-2019Q3-WES-placements.tsv" {
		t.Fatalf("FileName = %q", name)
	}
	fi, ok := p.ParseName(name)
	if !ok || fi.Deanery != "WES" || fi.Entity != Placement || fi.Quarter != "2019Q3" {
		t.Fatalf("ParseName = %+v, %v", fi, ok)
	}
	in := "id\ttraineeId\tpostId\tsiteCode\tgradeAbbreviation\tspecialtyCode\tdateFrom\tdateTo\twholeTimeEquivalent\tplacementType\tlifecycleState\taddedDate\tamendedDate\twithdrawn\n" +
		"P-77\tT-1\t42\tR4K52\tGPST1\t800\t07.08.2013\t04.02.2014\t0.5\tIN_POST\tAPPROVED\t20130301090000\t20130611200000\tN\n" +
		"TOTAL\t1\n"
	rows, rejects, err := NewReader(p, Placement, name, strings.NewReader(in)).ReadAll()
	if err != nil || len(rejects) > 0 || len(rows) != 1 {
		t.Fatalf("rows %+v rejects %+v err %v", rows, rejects, err)
	}
	want := []string{"P-77", "T-1", "42", "R4K52", "GPST1", "800", "2013-08-07", "2014-02-04", "0.5", "IN_POST", "APPROVED", "2013-03-01 09:00:00", "2013-06-11 20:00:00", "false"}
	if got := strings.Join(rows[0].Values, "|"); got != strings.Join(want, "|") {
		t.Fatalf("values\n got %s\nwant %s", got, strings.Join(want, "|"))
	}
	out := string(writeRows(t, p, Placement, [][]string{rows[0].Values}))
	if out != in {
		t.Fatalf("written\n%q\nwant\n%q", out, in)
	}
}
