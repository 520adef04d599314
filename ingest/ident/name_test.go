package ident

import "testing"

func TestNameKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Zoë O'Brien-Hart", "ZOE OBRIEN HART"},
		{"ZOE OBRIEN HART", "ZOE OBRIEN HART"},
		{"Tomás", "TOMAS"},
		{"  mary   ann  ", "MARY ANN"},
		{"Jean‐Luc", "JEAN LUC"},     // U+2010 hyphen
		{"Anne–Marie", "ANNE MARIE"}, // en dash
		{"ﬁona", "FIONA"},            // ligature, split by NFKD
		{"Müller-Lüdenscheidt", "MULLER LUDENSCHEIDT"},
		{"Łukasz", "UKASZ"}, // Ł has no decomposition: dropped, as 8.2 says
		{"St. John", "ST JOHN"},
		{"14 Mill Lane", "14 MILL LANE"},
		{"---", ""},
		{"", ""},
		{"Nguyễn", "NGUYEN"},
		{"a\xffb", "AB"},
	}
	for _, tt := range tests {
		if got := NameKey(tt.in); got != tt.want {
			t.Errorf("NameKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFirstToken(t *testing.T) {
	tests := []struct{ in, want string }{
		{"PRIYA ANJALI", "PRIYA"},
		{"PRIYA", "PRIYA"},
		{"  PRIYA  ANJALI ", "PRIYA"},
		{"", ""},
		{"   ", ""},
	}
	for _, tt := range tests {
		if got := FirstToken(tt.in); got != tt.want {
			t.Errorf("FirstToken(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
