package ident_test

import (
	"fmt"

	"deanery/ingest/ident"
)

func ExampleCheck() {
	for _, c := range []struct {
		rule ident.Rule
		raw  string
	}{
		{ident.NINO, "jc 12 34 56 a"},
		{ident.NINO, "TN010186M"},
		{ident.GMC, "UNKNOWN"},
		{ident.VPD, "96"},
		{ident.PCODE, "YO12 5EX,"},
	} {
		r := ident.Check(c.rule, c.raw)
		fmt.Printf("%s %q valid=%v null=%v\n", c.rule, r.Value, r.Valid, r.Null)
		for _, f := range r.Flags {
			fmt.Printf("  %s: %s\n", f.Code, f.Message)
		}
	}
	// Output:
	// NINO "JC123456A" valid=true null=false
	// NINO "TN010186M" valid=false null=false
	//   NINO_INVALID: NI number "TN****86M": temporary TN number (birth date and M/F), not an NI number
	// GMC "" valid=true null=true
	//   GMC_PLACEHOLDER: GMC number "UNKNOWN" is a placeholder, read as null
	// VPD "096" valid=true null=false
	//   VPD_UNPADDED: VPD code "96" read as "096"
	// PCODE "YO125EX," valid=false null=false
	//   PCODE_INVALID: postcode "YO*****,": characters other than letters and digits
}

func ExampleNameKey() {
	fmt.Println(ident.NameKey("Zoë O'Brien-Hart"))
	fmt.Println(ident.FirstToken(ident.NameKey("Priya Anjali")))
	// Output:
	// ZOE OBRIEN HART
	// PRIYA
}

func ExampleParseDPN() {
	d, err := ident.ParseDPN("nwn/rxv06/998/gpst/001/p")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("body=%s site=%s specialty=%s grade=%s counter=%s suffix=%s\n",
		d.Body, d.Site, d.Specialty, d.Grade, d.Counter, d.Suffix)
	_, err = ident.ParseDPN("OXF/R7H01/010/FY1")
	fmt.Println(err)
	// Output:
	// body=NWN site=RXV06 specialty=998 grade=GPST counter=001 suffix=P
	// DPN_INVALID: post number "OXF/R7H01/010/FY1": 4 parts, want BODY/SITE/SPEC/GRADE/NNN[/SUFFIX]
}
