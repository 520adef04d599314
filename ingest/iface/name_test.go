package iface

import (
	"errors"
	"testing"
	"time"
)

func TestParseName(t *testing.T) {
	tests := []struct {
		base string
		want Name
		code string
	}{
		{"DE_KSS_APP_20210506_00002689.DAT", Name{"KSS", "APP", time.Date(2021, 5, 6, 0, 0, 0, 0, time.UTC), 2689}, ""},
		{"DE_WMD_RMF_20210302_00002907.DAT", Name{"WMD", "RMF", time.Date(2021, 3, 2, 0, 0, 0, 0, time.UTC), 2907}, ""},
		{"DE_WES_STF_20130630_00000014.DAT", Name{"WES", "STF", time.Date(2013, 6, 30, 0, 0, 0, 0, time.UTC), 14}, ""},
		{"DE_OXF_APP_20110505_0000089.DAT", Name{}, CodeBadFileName},   // 7-digit placeholder
		{"DE_OXF_APP_20110505_000000089.DAT", Name{}, CodeBadFileName}, // 9 digits
		{"DE_OXF_XYZ_20110505_00000089.DAT", Name{}, CodeBadFileName},  // unknown type
		{"DE_OXF_APP_20110231_00000089.DAT", Name{}, CodeBadFileName},  // 31 February
		{"DE_oxf_APP_20110505_00000089.DAT", Name{}, CodeBadFileName},
		{"DE_OXF_APP_20110505_00000089.dat", Name{}, CodeBadFileName},
		{"DE_OXF_APP_20110505_00000089.DAT.gz", Name{}, CodeBadFileName},
		{"dir/DE_OXF_APP_20110505_00000089.DAT", Name{}, CodeBadFileName},
		{"", Name{}, CodeBadFileName},
	}
	for _, tc := range tests {
		t.Run(tc.base, func(t *testing.T) {
			got, err := ParseName(tc.base)
			if code := fileCode(err); code != tc.code {
				t.Fatalf("ParseName(%q) error %v, want code %q", tc.base, err, tc.code)
			}
			if err != nil {
				if !errors.Is(err, ErrFileRejected) {
					t.Errorf("error %v does not wrap ErrFileRejected", err)
				}
				return
			}
			if got != tc.want {
				t.Errorf("ParseName(%q) = %+v, want %+v", tc.base, got, tc.want)
			}
			if s := got.String(); s != tc.base {
				t.Errorf("String() = %q, want %q", s, tc.base)
			}
		})
	}
}
