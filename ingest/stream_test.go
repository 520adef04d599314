package ingest_test

import (
	"fmt"
	"strings"
	"testing"

	"deanery/ingest"
	dsql "deanery/sql"
)

// bigRMC is RMC file seq of 2013-06-12 with n POR records, every tenth one too short (a
// FIELD_COUNT reject) and every one flagged (VPD 57 unpadded), closed by a
// trailer that says trl records.
func bigRMC(seq, n, trl int) []string {
	lines := []string{fmt.Sprintf(`HDR,"RMC","WES",%08d,20130612143000,"1.0","CHANGE"`, seq)}
	for i := 0; i < n; i++ {
		if i%10 == 9 {
			lines = append(lines, fmt.Sprintf(`POR,%d,,"C","34620918"`, 7600000+i))
			continue
		}
		lines = append(lines, strings.Replace(porLine, "POR,7612045,", fmt.Sprintf("POR,%d,", 7600000+i), 1))
	}
	if trl >= 0 {
		lines = append(lines, fmt.Sprintf("TRL,%d", trl))
	}
	return lines
}

// bigTrainees is an Intrepid trainee extract of n rows whose end marker
// says marker rows.
func bigTrainees(n, marker int) []string {
	lines := []string{"TraineeID,Title,Forenames,Surname,PreviousSurname,DateOfBirth,Gender,NINumber,GMCNumber,NTN,Email,Mobile,HomePhone,AddressLine1,AddressLine2,AddressLine3,Town,Postcode,Country,Nationality,LastModified,Deleted"}
	for i := 0; i < n; i++ {
		lines = append(lines, fmt.Sprintf("%09d,DR,Priya Anjali,Sharma,,1986-02-14,F,JC123456A,%07d,,,,,14 Mill Lane,,,Abingdon,OX14 3PL,GB,GB,2011-04-01T09:%02d:%02d,0",
			100000+i, 2000000+i, i/60%60, i%60))
	}
	return append(lines, fmt.Sprintf("EOF,%d", marker))
}

// TestABigFileStreamsAndOneRejectedWholeLeavesNoRow loads files bigger
// than what the loader holds before writing (lowered here to 64 rows, or
// 4 KiB of text), so their rows are written while the file is still being
// read: an accepted file keeps every row, one rejected whole at its end
// leaves none (records, rejects or flags), and a good file loaded beside
// it keeps its own.
func TestABigFileStreamsAndOneRejectedWholeLeavesNoRow(t *testing.T) {
	for _, limit := range []struct {
		name        string
		rows, bytes int
	}{{"by rows", 64, 1 << 30}, {"by bytes", 1 << 30, 4096}} {
		t.Run(limit.name, func(t *testing.T) {
			defer ingest.SetSpill(limit.rows, limit.bytes)()
			cases := []struct {
				name, file, code, table string
				lines                   []string
				rows, rejects           int
			}{
				{"interface file accepted", "DE_WES_RMC_20130612_00000001.DAT", "", "por_record", bigRMC(1, 1000, 1000), 900, 100},
				{"interface file, count wrong", "DE_WES_RMC_20130612_00000003.DAT", "COUNT_MISMATCH", "por_record", bigRMC(3, 1000, 999), 0, 0},
				{"interface file truncated", "DE_WES_RMC_20130612_00000005.DAT", "MISSING_TRAILER", "por_record", bigRMC(5, 1000, -1), 0, 0},
				{"extract accepted", "INTREPID_OXF_TRAINEES_2011Q2.csv", "", "trainee_version", bigTrainees(1000, 1000), 1000, 0},
				{"extract, count wrong", "INTREPID_OXF_TRAINEES_2011Q3.csv", "COUNT_MISMATCH", "trainee_version", bigTrainees(1000, 1001), 0, 0},
			}
			db, _ := dsql.TestWarehouse(t)
			for i, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					before := count(t, db, "SELECT count(*) FROM "+c.table)
					dir := t.TempDir()
					writeFile(t, dir, c.file, c.lines...)
					// A small good file beside it, loaded after it.
					beside := fmt.Sprintf("DE_WES_RMC_20130613_%08d.DAT", 2*i+2)
					writeFile(t, dir, beside, rmc(fmt.Sprintf("%08d", 2*i+2), "20130613", porLine)...)
					res := load(t, db, dir)
					f := fileStatus(res, c.file)
					want := ingest.StatusLoaded
					if c.code != "" {
						want = ingest.StatusRejected
					}
					if f.Status != want || f.ReasonCode != c.code {
						t.Fatalf("%s: %s %s (%s), want %s %s", c.file, f.Status, f.ReasonCode, f.Reason, want, c.code)
					}
					if n := count(t, db, "SELECT count(*) FROM "+c.table+" WHERE file_name = ?", c.file); n != c.rows {
						t.Errorf("%s holds %d rows of the file, want %d", c.table, n, c.rows)
					}
					if n := count(t, db, "SELECT count(*) FROM rejected_record WHERE file_name = ?", c.file); n != c.rejects {
						t.Errorf("rejected_record holds %d rows of the file, want %d", n, c.rejects)
					}
					flags := 0
					if c.code == "" && c.table == "por_record" {
						flags = c.rows // each POR's VPD 57 is flagged
					}
					if n := count(t, db, "SELECT count(*) FROM value_flag WHERE file_name = ?", c.file); n != flags {
						t.Errorf("value_flag holds %d rows of the file, want %d", n, flags)
					}
					if n := count(t, db, "SELECT count(*) FROM por_record WHERE file_name = ?", beside); n != 1 {
						t.Errorf("the good file beside it kept %d rows, want 1", n)
					}
					added := count(t, db, "SELECT count(*) FROM "+c.table) - before
					if got := res.Tables[c.table]; got != int64(added) {
						t.Errorf("the load says it wrote %d rows to %s, the table gained %d", got, c.table, added)
					}
				})
			}
		})
	}
}
