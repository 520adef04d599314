package refconfig

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"deanery/ingest/extract"
)

const (
	deaneriesCSV = "deanery_code,name,letb_name,system\nOXF,Oxford,Health Education Thames Valley,INTREPID\nNWN,North Western,\"Health Education North West\",EMPOWER\n"
	trustsCSV    = "trust_code,name,vpd_code,deanery_code,kind\nR7H,\"Westbury Hospitals, NHS Foundation Trust\",112,OXF,ACUTE_TEACHING\nRXV,Northgate Trust,057,NWN,GP_LEAD_EMPLOYER\n"
	sitesCSV     = "site_code,trust_code,name,kind\nR7H01,R7H,Westbury General,HOSPITAL\nRXV52,RXV,Cornerways Surgery,GP_PRACTICE\n"
	pairsCSV     = "deanery_code,trust_code,recruitment_live_from,full_records_from\nOXF,R7H,2010-08-04,2021-02-01\nNWN,RXV,,\n"
)

func files(d, t, s, p string) fstest.MapFS {
	return fstest.MapFS{
		FileDeaneries: {Data: []byte(d)}, FileTrusts: {Data: []byte(t)},
		FileSites: {Data: []byte(s)}, FilePairs: {Data: []byte(p)},
	}
}

func TestLoadAndWrite(t *testing.T) {
	c, rep, err := Load(files(deaneriesCSV, trustsCSV, sitesCSV, pairsCSV))
	if err != nil || len(rep.Rejects) != 0 || len(rep.Flags) != 0 {
		t.Fatalf("%v %+v", err, rep)
	}
	want := &Config{
		Deaneries: []Deanery{{"OXF", "Oxford", "Health Education Thames Valley", "INTREPID"}, {"NWN", "North Western", "Health Education North West", "EMPOWER"}},
		Trusts:    []Trust{{"R7H", "Westbury Hospitals, NHS Foundation Trust", "112", "OXF", "ACUTE_TEACHING"}, {"RXV", "Northgate Trust", "057", "NWN", "GP_LEAD_EMPLOYER"}},
		Sites:     []Site{{"R7H01", "R7H", "Westbury General", "HOSPITAL"}, {"RXV52", "RXV", "Cornerways Surgery", "GP_PRACTICE"}},
		Pairs:     []InterfacePair{{"OXF", "R7H", "2010-08-04", "2021-02-01"}, {"NWN", "RXV", "", ""}},
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Fatal(diff)
	}
	dir := t.TempDir()
	if err := c.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	// Written files are minimal RFC 4180: only the name with a comma is quoted.
	for name, in := range map[string]string{FileDeaneries: strings.Replace(deaneriesCSV, `"Health Education North West"`, "Health Education North West", 1),
		FileTrusts: trustsCSV, FileSites: sitesCSV, FilePairs: pairsCSV} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != in {
			t.Errorf("%s written as\n%s\nwant\n%s (%v)", name, got, in, err)
		}
	}
	again, _, err := Load(os.DirFS(dir))
	if err != nil || !cmp.Equal(c, again) {
		t.Fatalf("round trip: %v\n%s", err, cmp.Diff(c, again))
	}
}

// TestRejects: each bad row is rejected with its line, field and code,
// and the rows around it are kept.
func TestRejects(t *testing.T) {
	tests := []struct {
		name, file, row, field, code string
	}{
		{"unknown deanery code", FileDeaneries, "XYZ,Nowhere,,INTREPID", "deanery_code", "DEAN_INVALID"},
		{"deanery twice", FileDeaneries, "OXF,Oxford again,,INTREPID", "deanery_code", "DUPLICATE"},
		{"unknown system", FileDeaneries, "WES,Wessex,,TIS", "system", "SYSTEM_UNKNOWN"},
		{"deanery without name", FileDeaneries, "WES,,,INTREPID", "name", "MANDATORY_MISSING"},
		{"too few fields", FileDeaneries, "WES,Wessex", "", "FIELD_COUNT"},
		{"bad quoting", FileDeaneries, `WES,"Wessex"x,,INTREPID`, "", "BAD_QUOTE"},
		{"VPD of 5 digits", FileTrusts, "R1K,Other,12345,OXF,ACUTE", "vpd_code", "VPD_INVALID"},
		{"VPD with letters", FileTrusts, "R1K,Other,09A,OXF,ACUTE", "vpd_code", "VPD_INVALID"},
		{"VPD already used", FileTrusts, "R1K,Other,112,OXF,ACUTE", "vpd_code", "DUPLICATE"},
		{"trust of an unknown deanery", FileTrusts, "R1K,Other,113,WES,ACUTE", "deanery_code", "DEANERY_UNKNOWN"},
		{"bad trust code", FileTrusts, "R-1K,Other,113,OXF,ACUTE", "trust_code", "TRUST_INVALID"},
		{"unknown trust kind", FileTrusts, "R1K,Other,113,OXF,HOSPICE", "kind", "KIND_UNKNOWN"},
		{"site of an unknown trust", FileSites, "R1K01,R1K,Somewhere,HOSPITAL", "trust_code", "TRUST_UNKNOWN"},
		{"unknown site kind", FileSites, "R7H02,R7H,Somewhere,CLINIC", "kind", "KIND_UNKNOWN"},
		{"site twice", FileSites, "R7H01,R7H,Again,HOSPITAL", "site_code", "DUPLICATE"},
		{"pair of an unknown trust", FilePairs, "OXF,R1K,2010-08-04,", "trust_code", "TRUST_UNKNOWN"},
		{"pair of an unknown deanery", FilePairs, "WES,R7H,2010-08-04,", "deanery_code", "DEANERY_UNKNOWN"},
		{"date not ISO", FilePairs, "NWN,R7H,04/08/2010,", "recruitment_live_from", "DATE_INVALID"},
		{"date not real", FilePairs, "NWN,R7H,,2021-02-30", "full_records_from", "DATE_INVALID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := map[string]string{FileDeaneries: deaneriesCSV, FileTrusts: trustsCSV, FileSites: sitesCSV, FilePairs: pairsCSV}
			// The bad row goes last, so a duplicate is the later of two.
			in[tt.file] += tt.row + "\n"
			c, rep, err := Load(files(in[FileDeaneries], in[FileTrusts], in[FileSites], in[FilePairs]))
			if err != nil || len(rep.Rejects) != 1 {
				t.Fatalf("err %v, rejects %+v", err, rep.Rejects)
			}
			r := rep.Rejects[0]
			if r.File != tt.file || r.Line != 4 || r.Field != tt.field || r.Code != tt.code || r.Message == "" {
				t.Errorf("reject %+v, want %s:4 %s %s", r, tt.file, tt.field, tt.code)
			}
			if len(c.Deaneries) != 2 || len(c.Trusts) != 2 || len(c.Sites) != 2 || len(c.Pairs) != 2 {
				t.Errorf("good rows lost: %+v", c)
			}
		})
	}
}

func TestUnpaddedVPD(t *testing.T) {
	trusts := strings.Replace(trustsCSV, ",057,", ",57,", 1)
	c, rep, err := Load(files(deaneriesCSV, trusts, sitesCSV, pairsCSV))
	if err != nil || len(rep.Rejects) != 0 || len(rep.Flags) != 1 {
		t.Fatalf("%v %+v", err, rep)
	}
	if f := rep.Flags[0]; f.Code != "VPD_UNPADDED" || f.Line != 3 || c.Trusts[1].VPDCode != "057" {
		t.Errorf("flag %+v, VPD %s", f, c.Trusts[1].VPDCode)
	}
}

func TestFileErrors(t *testing.T) {
	tests := []struct {
		name, deaneries string
		want            error
	}{
		{"empty", "", extract.ErrEmptyFile},
		{"header in another order", "name,deanery_code,letb_name,system\n", extract.ErrBadHeader},
		{"header with a missing column", "deanery_code,name,system\n", extract.ErrBadHeader},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Load(files(tt.deaneries, trustsCSV, sitesCSV, pairsCSV))
			var fe *extract.FileError
			if !errors.Is(err, tt.want) || !errors.As(err, &fe) || fe.File != FileDeaneries {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if _, _, err := Load(fstest.MapFS{}); err == nil {
		t.Error("a missing file is not an error")
	}
}

// FuzzConfig feeds any bytes as each file: no panic, every reject names
// its file, line, code and (unless the fault is the whole row) field and
// keeps its raw text, and what was read writes and reads back the same.
// Seeds: the test's own files and the sample configuration.
func FuzzConfig(f *testing.F) {
	names := []string{FileDeaneries, FileTrusts, FileSites, FilePairs}
	for i, s := range []string{deaneriesCSV, trustsCSV, sitesCSV, pairsCSV} {
		f.Add([]byte(s), uint8(i))
		data, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "sample", "config", names[i]))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(i))
	}
	f.Add([]byte("deanery_code,name,letb_name,system\n\"OXF\nX\",a,b,INTREPID\n\"unterminated"), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		in := []string{deaneriesCSV, trustsCSV, sitesCSV, pairsCSV}
		in[int(which)%4] = string(data)
		c, rep, err := Load(files(in[0], in[1], in[2], in[3]))
		for _, r := range rep.Rejects {
			switch {
			case r.Line < 1 || r.Code == "" || r.File == "" || r.Message == "":
				t.Fatalf("reject without its file, line, code or message: %+v", r)
			case r.Field == "" && r.Code != "FIELD_COUNT" && r.Code != "BAD_QUOTE":
				t.Fatalf("%s reject names no field: %v", r.Code, r.Error())
			case r.Raw == "":
				t.Fatalf("reject keeps no raw text: %+v", r)
			}
		}
		var fe *extract.FileError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("not a file error: %v", err)
		}
		if err != nil {
			return
		}
		var out [4]bytes.Buffer
		for i, n := range names {
			if err := c.Write(n, &out[i]); err != nil {
				t.Fatal(err)
			}
		}
		again, rep2, err := Load(files(out[0].String(), out[1].String(), out[2].String(), out[3].String()))
		if err != nil || len(rep2.Rejects) != 0 || !cmp.Equal(c, again) {
			t.Fatalf("re-read: %v %+v\n%s", err, rep2.Rejects, cmp.Diff(c, again))
		}
	})
}
