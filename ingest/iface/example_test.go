package iface_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"deanery/ingest/iface"
)

func ExampleParseName() {
	n, err := iface.ParseName("DE_KSS_APP_20210506_00002689.DAT")
	fmt.Println(n.Deanery, n.Type, n.Date.Format("2006-01-02"), n.Seq, err)

	_, err = iface.ParseName("DE_OXF_APP_20110505_0000089.DAT") // a 7-digit placeholder
	var fe *iface.FileError
	fmt.Println(errors.As(err, &fe), fe.Code)
	// Output:
	// KSS APP 2021-05-06 2689 <nil>
	// true BAD_FILE_NAME
}

func ExampleReader() {
	const file = `HDR,"RMC","WES",00000311,20130612143000,"1.0","CHANGE"
POS,7607373,,"C","34611829","Medical and Dental\","Specialty Registrar (Cornerways)","800","General Practice","WES/J82150/800/GPST/003","WES","RBD","NHS","MS02","Specialty Registrar ST2/ SpR2",""
POR,7612045,,"C","34620918","Specialty Registrar (Cornerways Surgery)","WES/R4K52/800/GPST/003","WES","Lead Employer","R4K",96,"Westbury Primary Care Training NHS Trust","Cornerways Surgery"
POR,7612045,,"C"
TRL,3
`
	r, err := iface.NewReader("DE_WES_RMC_20130612_00000311.DAT", strings.NewReader(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil { // a whole-file fault: roll the load back
			fmt.Println(err)
			return
		}
		if rec.Reject != nil {
			fmt.Println("reject:", rec.Reject)
			continue
		}
		fmt.Println(rec.Ordinal, rec.Type, rec.Get("deaneryNumber"))
		for _, f := range rec.Flags {
			fmt.Printf("  %s %s\n", f.Field, f.Code)
		}
	}
	s := r.Summary()
	fmt.Println(s.Records, "records,", s.Rejected, "rejected")
	// Output:
	// 1 POS WES/J82150/800/GPST/003
	//   positionTitle TRAILING_BACKSLASH
	// 2 POR WES/R4K52/800/GPST/003
	//   employingOrgVPDCode VPD_UNPADDED
	// reject: DE_WES_RMC_20130612_00000311.DAT:4: FIELD_COUNT: 4 fields, want 13
	// 3 records, 1 rejected
}

func ExampleWriter() {
	name, _ := iface.ParseName("DE_OXF_DCC_20110505_00000113.DAT")
	w := iface.NewWriter(os.Stdout, name, iface.Header{CreatedAt: time.Date(2011, 5, 5, 19, 15, 0, 0, time.UTC)})
	l, _ := iface.Layout("DCC")
	vals := make([]string, len(l.Fields))
	set := func(field, v string) { vals[l.Index(field)] = v }
	set("recordType", "DCC")
	set("dncFileName", "DE_OXF_DNC_20110505_00000112.DAT")
	set("recordOrdinal", "2")
	set("notificationType", "1")
	set("deaneryPostNumber", "OXF/R7H01/140/STR/004")
	set("loadStatusCode", "SUCCESS")
	set("messageType", "INFO")
	set("messageText", `OK: notification "loaded"`)
	if _, err := w.Write("DCC", vals); err != nil {
		fmt.Println(err)
	}
	if err := w.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// HDR,"DCC","OXF",00000113,20110505191500,"1.0",
	// DCC,"DE_OXF_DNC_20110505_00000112.DAT",2,1,"OXF/R7H01/140/STR/004","SUCCESS","INFO","OK: notification ""loaded"""
	// TRL,1
}

func ExampleFormatDecimal() {
	for _, v := range []string{"1", "0.65"} {
		two, _ := iface.FormatDecimal(v, 2)
		one, _ := iface.FormatDecimal(v, 1)
		fmt.Println(two, one)
	}
	// Output:
	// 1.00 1.0
	// 0.65 0.7
}

func ExampleLayout() {
	l, _ := iface.Layout("POR")
	f := l.Fields[10]
	fmt.Println(f.ID, f.Name, f.TypeString(), f.Mandatory, f.Rule, f.Column())
	// Output:
	// T_POR11 employingOrgVPDCode L(3) true VPD employing_org_vpd_code
}
