package refconfig_test

import (
	"fmt"
	"testing/fstest"

	"deanery/ingest/extract/refconfig"
)

func ExampleLoad() {
	fsys := fstest.MapFS{
		"deaneries.csv":       {Data: []byte("deanery_code,name,letb_name,system\nOXF,Oxford,Health Education Thames Valley,INTREPID\n")},
		"trusts.csv":          {Data: []byte("trust_code,name,vpd_code,deanery_code,kind\nR7H,Westbury Hospitals,96,OXF,ACUTE\nR1K,Elsewhere,097,WES,ACUTE\n")},
		"sites.csv":           {Data: []byte("site_code,trust_code,name,kind\nR7H01,R7H,Westbury General,HOSPITAL\n")},
		"interface_pairs.csv": {Data: []byte("deanery_code,trust_code,recruitment_live_from,full_records_from\nOXF,R7H,2010-08-04,\n")},
	}
	c, rep, err := refconfig.Load(fsys)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%+v\n", c.Trusts)
	for _, r := range rep.Rejects {
		fmt.Println("reject:", r.Error())
	}
	for _, f := range rep.Flags {
		fmt.Printf("flag: %s:%d: %s: %s\n", f.File, f.Line, f.Field, f.Code)
	}
	// Output:
	// [{Code:R7H Name:Westbury Hospitals VPDCode:096 DeaneryCode:OXF Kind:ACUTE}]
	// reject: trusts.csv:3: deanery_code: DEANERY_UNKNOWN: "WES" is not in deaneries.csv
	// flag: trusts.csv:2: vpd_code: VPD_UNPADDED
}
