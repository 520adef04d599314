package extract

import "testing"

func TestTimeFormats(t *testing.T) {
	tests := []struct {
		pattern, in, canon string
		date, ok           bool
	}{
		{"DD/MM/YYYY", "14/02/1986", "1986-02-14", true, true},
		{"DD/MM/YYYY", "29/02/2012", "2012-02-29", true, true},
		{"DD/MM/YYYY", "29/02/2011", "", true, false},
		{"DD/MM/YYYY", "31/04/2011", "", true, false},
		{"DD/MM/YYYY", "1/2/2011", "", true, false},
		{"DD/MM/YYYY", "14-02-1986", "", true, false},
		{"DD/MM/YYYY", "14/02/1899", "", true, false},
		{"DD/MM/YYYY", "14/02/2100", "", true, false},
		{"DD/MM/YYYY", "+4/02/2000", "", true, false},
		{"YYYY-MM-DD", "2000-02-29", "2000-02-29", true, true},
		{"YYYY-MM-DD", "1900-02-29", "", true, false},
		{"DD.MM.YYYY", "07.08.2013", "2013-08-07", true, true},
		{"DD/MM/YYYY hh:mm:ss", "01/04/2011 09:30:00", "2011-04-01 09:30:00", false, true},
		{"DD/MM/YYYY hh:mm:ss", "01/04/2011 24:00:00", "", false, false},
		{"DD/MM/YYYY hh:mm:ss", "01/04/2011 23:60:00", "", false, false},
		{"YYYY-MM-DDThh:mm:ss", "2011-04-01T09:30:59", "2011-04-01 09:30:59", false, true},
		{"YYYYMMDDhhmmss", "20130611200000", "2013-06-11 20:00:00", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+" "+tt.in, func(t *testing.T) {
			f, err := compileTimeFormat(tt.pattern, tt.date)
			if err != nil {
				t.Fatal(err)
			}
			canon := canonicalTimestamp
			if tt.date {
				canon = canonicalDate
				f.alignWith(canonicalDate)
			} else {
				f.alignWith(canonicalTimestamp)
			}
			st, ok := f.parse(tt.in)
			if ok != tt.ok {
				t.Fatalf("parse ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			if got := string(f.convert(nil, tt.in, st, canon)); got != tt.canon {
				t.Errorf("canonical %q, want %q", got, tt.canon)
			}
			if back := string(f.appendTo(nil, st)); back != tt.in {
				t.Errorf("written back %q, want %q", back, tt.in)
			}
		})
	}
}

func TestDecimalShift(t *testing.T) {
	tests := []struct{ file, canon string }{
		{"60", "0.60"}, {"100", "1.00"}, {"5", "0.05"}, {"60.5", "0.605"}, {"0", "0.00"}, {"007", "0.07"}, {"250", "2.50"},
	}
	for _, tt := range tests {
		if got := string(shiftLeft(nil, tt.file, 2)); got != tt.canon {
			t.Errorf("shiftLeft(%s) = %s, want %s", tt.file, got, tt.canon)
		}
		if tt.file[0] == '0' && len(tt.file) > 1 {
			continue // leading zeros are not written back
		}
		if got := shiftRight(tt.canon, 2); got != tt.file {
			t.Errorf("shiftRight(%s) = %s, want %s", tt.canon, got, tt.file)
		}
	}
	for _, bad := range []string{"", ".5", "5.", "1,5", "-1", "1e3", "0x10", "1.2.3"} {
		if validDecimal(bad) {
			t.Errorf("validDecimal(%q) = true", bad)
		}
	}
}

func TestParseName(t *testing.T) {
	tests := []struct {
		name, profile, deanery string
		entity                 Entity
		quarter                string
	}{
		{"INTREPID_OXF_TRAINEES_2011Q2.csv", "INTREPID", "OXF", Trainee, "2011Q2"},
		{"INTREPID_LDN_POSTS_2020Q4.csv", "INTREPID", "LDN", Post, "2020Q4"},
		{"deanery/WAL/INTREPID_WAL_PLACEMENTS_2010Q1.csv", "INTREPID", "WAL", Placement, "2010Q1"},
		{"EMPOWER_NWN_PERSONS_2011Q2.txt", "EMPOWER", "NWN", Trainee, "2011Q2"},
		{"EMPOWER_PEN_POSTS_2013Q3.txt", "EMPOWER", "PEN", Post, "2013Q3"},
		{`C:\x\EMPOWER_MER_PLACEMENTS_2012Q1.txt`, "EMPOWER", "MER", Placement, "2012Q1"},
		{"INTREPID_OXF_TRAINEES_2011Q5.csv", "", "", "", ""},
		{"INTREPID_OXF_PERSONS_2011Q2.csv", "", "", "", ""},
		{"EMPOWER_NWN_TRAINEES_2011Q2.txt", "", "", "", ""},
		{"INTREPID_oxf_TRAINEES_2011Q2.csv", "", "", "", ""},
		{"INTREPID_XXX_TRAINEES_2011Q2.csv", "", "", "", ""},
		{"INTREPID_OXF_TRAINEES_2011Q2.txt", "", "", "", ""},
		{"INTREPID_OXF_TRAINEES_2011Q2.csv.bak", "", "", "", ""},
		{"DE_OXF_APP_20110505_00000089.DAT", "", "", "", ""},
	}
	for _, tt := range tests {
		fi, ok := ParseName(tt.name)
		if ok != (tt.profile != "") {
			t.Errorf("%s: ok = %v", tt.name, ok)
			continue
		}
		if !ok {
			continue
		}
		if fi.Profile.Name() != tt.profile || fi.Deanery != tt.deanery || fi.Entity != tt.entity || fi.Quarter != tt.quarter {
			t.Errorf("%s: %s %+v", tt.name, fi.Profile.Name(), fi)
		}
		if back := fi.Profile.FileName(fi.Deanery, fi.Entity, fi.Quarter); back != tt.name[len(tt.name)-len(back):] {
			t.Errorf("%s: FileName gives %s", tt.name, back)
		}
	}
}
