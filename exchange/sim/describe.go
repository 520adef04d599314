package sim

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"deanery/ingest/codes"
)

// Calibration targets at scale 1 (domain 10.2), for a world of 2010–2026.
const (
	targetInPost      = 57300
	targetInPostWales = 2300
	targetHumans      = 180000
	targetRecords     = 215000
	targetPlacements  = 1250000
	targetPostsLive   = 60000
	targetYears       = 17.25 // 2010-01-01 to 2026-12-31, plus 13 weeks planned
)

// Describe reads a generated world (world.json, config/, truth/) and
// prints its calibration next to the targets of domain 10.2: trainees in
// post each 1 November, share by deanery, placements by start month, the
// adoption curve and fault counts by kind. Figures outside their band are
// flagged with "!".
func Describe(ctx context.Context, dir string, out io.Writer) error {
	var doc struct {
		FormatVersion int `json:"format_version"`
		Seed          uint64
		Settings      struct {
			Scale  float64    `json:"scale"`
			From   string     `json:"from"`
			To     string     `json:"to"`
			Faults FaultRates `json:"faults"`
		} `json:"settings"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "world.json"))
	if err != nil {
		return fmt.Errorf("describe: %w", err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("describe: world.json: %w", err)
	}
	from, err := ParseDate(doc.Settings.From)
	if err != nil {
		return fmt.Errorf("describe: world.json from: %w", err)
	}
	to, err := ParseDate(doc.Settings.To)
	if err != nil {
		return fmt.Errorf("describe: world.json to: %w", err)
	}
	scale := doc.Settings.Scale
	years := float64(to-from+1+91) / 365.25

	// Reference data.
	trustDeanery := map[string]string{}
	trustsByDeanery := map[string]int{}
	if err := readCSV(filepath.Join(dir, "config", "trusts.csv"), func(r map[string]string) {
		trustDeanery[r["trust_code"]] = r["deanery_code"]
		trustsByDeanery[r["deanery_code"]]++
	}); err != nil {
		return err
	}
	liveFrom := map[string]Date{}
	if err := readCSV(filepath.Join(dir, "config", "interface_pairs.csv"), func(r map[string]string) {
		d := Never
		if v := r["recruitment_live_from"]; v != "" {
			d, _ = ParseDate(v)
		}
		liveFrom[r["trust_code"]] = d
	}); err != nil {
		return err
	}
	// Records and humans.
	recordDeanery := map[string]string{}
	recordCreated := map[string]Date{}
	humans := map[string]bool{}
	if err := readCSV(filepath.Join(dir, "truth", TableRecordIdentity+".csv"), func(r map[string]string) {
		if r["side"] != "DEANERY" {
			return
		}
		recordDeanery[r["record_id"]] = r["deanery_code"]
		recordCreated[r["record_id"]], _ = ParseDate(r["created_date"])
		humans[r["human_id"]] = true
	}); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// Placements.
	type span struct{ s, e Date }
	novembers := []Date{}
	for y := from.Year(); y <= to.Year(); y++ {
		if d := MakeDate(y, time.November, 1); d >= from && d <= to {
			novembers = append(novembers, d)
		}
	}
	inPost := make([]map[string]bool, len(novembers))
	for i := range inPost {
		inPost[i] = map[string]bool{}
	}
	byMonth := make([]int, 13)
	placements, inWorldPlacements, startsInWorld := 0, 0, 0
	worldStart := from.At(0, 0, 0)
	if err := readCSV(filepath.Join(dir, "truth", TablePlacementTruth+".csv"), func(r map[string]string) {
		placements++
		s, _ := ParseDate(r["start_date"])
		e, _ := ParseDate(r["end_date"])
		if created, err := parseTS(r["created_at"]); err == nil && created >= worldStart {
			inWorldPlacements++
		}
		_, m, _ := s.YMD()
		if s >= from && s <= to {
			byMonth[m]++
			startsInWorld++
		}
		if r["withdrawn_at"] != "" {
			return
		}
		approved, _ := parseTS(r["approved_at"])
		for i, d := range novembers {
			if s <= d && d <= e && approved <= d.At(0, 0, 0) {
				inPost[i][r["trainee_id"]] = true
			}
		}
	}); err != nil {
		return err
	}
	// Posts live at a time.
	var posts []span
	if err := readCSV(filepath.Join(dir, "truth", TablePostTruth+".csv"), func(r map[string]string) {
		if r["role"] != "LEAD" {
			return
		}
		s, _ := ParseDate(r["live_from"])
		e := Never
		if v := r["live_to"]; v != "" {
			e, _ = ParseDate(v)
		}
		posts = append(posts, span{s, e})
	}); err != nil {
		return err
	}
	faults := map[string]int{}
	if err := readCSV(filepath.Join(dir, "truth", TableFault+".csv"), func(r map[string]string) { faults[r["kind"]]++ }); err != nil {
		return err
	}

	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "World\tseed %d, scale %g, %s to %s (format %d)\n\n", doc.Seed, scale, from, to, doc.FormatVersion)
	line := func(name string, got, want, band float64) {
		flag := ""
		if want > 0 && math.Abs(got-want) > band*want {
			flag = "!"
		}
		fmt.Fprintf(tw, "%s\t%s\t%.0f\t±%.0f%%\t%s\n", name, grouped(got), want, band*100, flag)
	}
	fmt.Fprintln(tw, "Figure\tWorld\tTarget\tBand\t")
	for i, d := range novembers {
		wales := 0
		for id := range inPost[i] {
			if recordDeanery[id] == "WAL" {
				wales++
			}
		}
		line(fmt.Sprintf("in post %s", d), float64(len(inPost[i])), targetInPost*scale, 0.05)
		line(fmt.Sprintf("  of which Wales"), float64(wales), targetInPostWales*scale, 0.10)
	}
	worldYears := float64(to-from+1) / 365.25
	line("humans", float64(len(humans)), targetHumans*scale*(57300+7300*years)/(57300+7300*targetYears), 0.10)
	line("trainee records", float64(len(recordDeanery)), targetRecords*scale*(57300+8800*years)/(57300+8800*targetYears), 0.10)
	fmt.Fprintf(tw, "placements\t%s\t\t\t\n", grouped(float64(placements)))
	line("  starting in the world, a year", float64(startsInWorld)/worldYears, targetPlacements*scale/targetYears, 0.10)
	for _, d := range novembers[:min(1, len(novembers))] {
		n := 0
		for _, p := range posts {
			if p.s <= d && d < p.e {
				n++
			}
		}
		line(fmt.Sprintf("posts live %s", d), float64(n), targetPostsLive*scale, 0.10)
	}
	fmt.Fprintln(tw)

	// Share by deanery, on the last 1 November.
	if len(novembers) > 0 {
		last := inPost[len(inPost)-1]
		count := map[string]int{}
		for id := range last {
			count[recordDeanery[id]]++
		}
		fmt.Fprintf(tw, "Share in post %s\tWorld\tTarget\tBand\t\n", novembers[len(novembers)-1])
		for _, d := range codes.Deaneries() {
			got := 100 * float64(count[d.Code]) / float64(max(1, len(last)))
			flag := ""
			if math.Abs(got-d.Share) > 0.15*d.Share+0.3 {
				flag = "!"
			}
			fmt.Fprintf(tw, "  %s\t%.1f%%\t%.1f%%\t±15%%\t%s\n", d.Code, got, d.Share, flag)
		}
		fmt.Fprintln(tw)
	}

	// Placements by start month.
	fmt.Fprintln(tw, "Placements by start month\tWorld\tShare\t\t")
	total := 0
	for _, n := range byMonth {
		total += n
	}
	for m := 1; m <= 12; m++ {
		fmt.Fprintf(tw, "  %s\t%s\t%.1f%%\t\t\n", time.Month(m).String()[:3], grouped(float64(byMonth[m])), 100*float64(byMonth[m])/float64(max(1, total)))
	}
	fmt.Fprintln(tw)

	// Adoption curve.
	fmt.Fprintln(tw, "Trusts live by\tWorld\tTarget\t\t")
	for _, m := range milestones() {
		want, got := 0, 0
		for _, d := range codes.Deaneries() {
			n := trustsByDeanery[d.Code]
			t := 0
			for _, mm := range milestones() {
				if mm.by > m.by {
					break
				}
				t = max(t, mm.target(d.Code, n))
			}
			want += t
		}
		for _, lf := range liveFrom {
			if lf <= m.by {
				got++
			}
		}
		flag := ""
		if got != want {
			flag = "!"
		}
		fmt.Fprintf(tw, "  %s\t%d\t%d\texact\t%s\n", m.by, got, want, flag)
	}
	fmt.Fprintln(tw)

	// Faults by kind.
	inWorldRecords := 0
	for _, c := range recordCreated {
		if c >= from {
			inWorldRecords++
		}
	}
	fr := doc.Settings.Faults
	avgInPost := 0.0
	for i := range inPost {
		avgInPost += float64(len(inPost[i])) / float64(len(inPost))
	}
	nRec := float64(len(recordDeanery))
	expect := map[string]float64{
		"NAME_TYPO": fr.NameTypoDeanery * nRec, "DOB_SWAP": fr.DOBSwapDeanery * nRec, "NI_MISSING": fr.NIMissing * nRec,
		"NI_INVALID": fr.NIInvalid * nRec, "GMC_WRONG": fr.GMCWrong * nRec, "GMC_MISSING": fr.GMCMissing * nRec,
		"ADDRESS_CHANGE_DEANERY": fr.AddressChangeDeanery * avgInPost * worldYears,
		"LATE_PLACEMENT":         fr.LatePlacement * float64(inWorldPlacements), "WITHDRAWAL": fr.Withdrawal * float64(inWorldPlacements),
		"DATE_CHANGE": fr.DateChange * float64(inWorldPlacements), "NEVER_HIRED": fr.NeverHired * float64(inWorldRecords),
		"APP_MANDATORY_MISSING": fr.AppMandatoryMissing * float64(inWorldRecords),
		"QUARANTINE_BUCKET":     float64(fr.QuarantineBucket), "CSV_COMMA": float64(fr.CSVComma),
	}
	fmt.Fprintln(tw, "Faults\tWorld\tExpected\tBand\t")
	kinds := make([]string, 0, len(faults))
	for k := range faults {
		kinds = append(kinds, k)
	}
	for k := range expect {
		if _, ok := faults[k]; !ok {
			kinds = append(kinds, k)
		}
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		got := faults[k]
		want, ok := expect[k]
		if !ok {
			fmt.Fprintf(tw, "  %s\t%d\t\t\t\n", k, got)
			continue
		}
		flag := ""
		if got == 0 && want > 0 || want >= 20 && math.Abs(float64(got)-want) > max(0.3*want, 3*math.Sqrt(want)) {
			flag = "!"
		}
		fmt.Fprintf(tw, "  %s\t%d\t%.0f\t±30%%\t%s\n", k, got, want, flag)
	}
	return tw.Flush()
}

// grouped formats a count with thousands separators.
func grouped(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func parseTS(s string) (Timestamp, error) {
	t, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		return 0, err
	}
	return Timestamp(t.Unix()), nil
}

// readCSV streams a CSV file with a header row, handing each row as a
// map from column name to value.
func readCSV(path string, fn func(map[string]string)) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("describe: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return fmt.Errorf("describe: %s: %w", filepath.Base(path), err)
	}
	head = slices.Clone(head)
	row := make(map[string]string, len(head))
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("describe: %s:%d: %w", filepath.Base(path), line, err)
		}
		for i, h := range head {
			if i < len(rec) {
				row[h] = rec[i]
			}
		}
		fn(row)
	}
}
