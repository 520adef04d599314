package refconfig

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestSmokeLoad(t *testing.T) {
	fsys := fstest.MapFS{
		FileDeaneries: {Data: []byte("deanery_code,name,letb_name,system\nOXF,Oxford,Thames Valley,INTREPID\nXXX,Bad,,INTREPID\n")},
		FileTrusts:    {Data: []byte("trust_code,name,vpd_code,deanery_code,kind\nR7H,\"Westbury, Hospitals\",96,OXF,ACUTE\nR1K,Other,0961,XXX,ACUTE\n")},
		FileSites:     {Data: []byte("site_code,trust_code,name,kind\nR7H01,R7H,Main,HOSPITAL\n")},
		FilePairs:     {Data: []byte("deanery_code,trust_code,recruitment_live_from,full_records_from\nOXF,R7H,2010-08-04,\n")},
	}
	c, rep, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v\n%+v", c, rep)
	var b strings.Builder
	c.Write(FileTrusts, &b)
	t.Log(b.String())
}
