package extract

import (
	"bytes"
	"testing"
)

func TestSmoke(t *testing.T) {
	for _, p := range Profiles() {
		var buf bytes.Buffer
		w := NewWriter(p, Placement, &buf)
		vals := []string{"000000001", "000000002", "000000003", "R7H01", "ST1", "140", "2011-08-03", "2012-07-31", "0.60", "IN_POST", "APPROVED", "2011-05-01 10:00:00", "2011-05-02 11:00:00", "false"}
		if p.Name() == "EMPOWER" {
			vals[0], vals[1], vals[2] = "EMP0000001", "EMP0000002", "EMP0000003"
		}
		if _, err := w.Write(vals); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s", buf.String())
		rd := NewReader(p, Placement, p.FileName("OXF", Placement, "2011Q2"), &buf)
		rows, rejects, err := rd.ReadAll()
		t.Logf("%+v %+v %v", rows, rejects, err)
	}
}
