package sim

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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
	// targetPlacements start in 2010–2026: 17 years of about 73,500 (the
	// rate of 10.2's check on 418).
	targetPlacements = 1250000
	targetPostsLive  = 60000
	targetPostsAll   = 75000
	targetPositions  = 90000
	// targetSTFPeople: trainees ever hired plus about 125,000 other doctors.
	targetSTFPeople   = 300000
	targetOtherPeople = 125000
	targetAppsPerOrg  = 418
	targetYears       = 17.0 // 2010-01-01 to 2026-12-31
)

// Fan-out of APP records per placement sent (10.2): 1, 2, 3 or more, in
// percent.
var targetFanOut = [3]float64{83, 15, 2}

// Describe reads a generated world (world.json, config/, truth/ in
// either format) and prints its calibration next to the targets of domain
// 10.2: trainees in post each 1 November, humans and records, placements,
// posts live and in all, positions, people in the staff extracts, share
// by deanery, placements by start month, APP fan-out, the adoption curve,
// applications per organisation-year and fault counts by kind. Figures
// outside their band are flagged with "!".
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
		Summary struct {
			STFPeople int `json:"stf_people"`
		} `json:"summary"`
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
	truth := filepath.Join(dir, "truth")
	each := func(table string, fn func(r map[string]string)) error {
		row := map[string]string{}
		return ReadTruth(ctx, truth, table, func(cols, vals []string) error {
			for i, c := range cols {
				row[c] = vals[i]
			}
			fn(row)
			return nil
		})
	}

	// Reference data.
	trustsByDeanery := map[string]int{}
	if err := readCSV(filepath.Join(dir, "config", "trusts.csv"), func(r map[string]string) {
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
	if err := each(TableRecordIdentity, func(r map[string]string) {
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
	if err := each(TablePlacementTruth, func(r map[string]string) {
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
	// Posts: live on each 1 November, and all of the world's.
	type span struct{ s, e Date }
	var posts []span
	if err := each(TablePostTruth, func(r map[string]string) {
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
	postsAll := 0
	for _, p := range posts {
		if p.s <= to {
			postsAll++
		}
	}
	positions := 0
	if err := each(TablePositionTruth, func(r map[string]string) {
		if c, _ := ParseDate(r["created_date"]); c <= to {
			positions++
		}
	}); err != nil {
		return err
	}
	// Sends: APP fan-out per placement, and the manual hires keyed.
	fanOut := map[string]int{}
	manualHires := 0
	if err := each(TableSendTruth, func(r map[string]string) {
		if r["app_file"] != "" {
			fanOut[r["placement_id"]]++
		}
		if r["route"] == "MANUAL" && r["hire_date"] != "" {
			manualHires++
		}
	}); err != nil {
		return err
	}
	var fan [3]int
	for _, n := range fanOut {
		fan[min(n, 3)-1]++
	}
	// Applications per organisation-year, nationally, by year (section 9).
	type appYear struct {
		year       int
		perOrg     float64
		orgYears   float64
		apps       int64
		fullYear   bool
		fromTarget bool
	}
	var appYears []appYear
	if err := each(TableExpectedSavings, func(r map[string]string) {
		if r["deanery_code"] != "ALL" {
			return
		}
		y, _ := strconv.Atoi(r["year"])
		a, _ := strconv.ParseInt(r["applications"], 10, 64)
		o, _ := strconv.ParseFloat(r["organisation_years"], 64)
		ay := appYear{year: y, apps: a, orgYears: o, fullYear: MakeDate(y, 1, 1) >= from && MakeDate(y, 12, 31) <= to, fromTarget: y >= 2021}
		if o > 0 {
			ay.perOrg = float64(a) / o
		}
		appYears = append(appYears, ay)
	}); err != nil {
		return err
	}
	faults := map[string]int{}
	if err := each(TableFault, func(r map[string]string) { faults[r["kind"]]++ }); err != nil {
		return err
	}

	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "World\tseed %d, scale %g, %s to %s (format %d)\n\n", doc.Seed, scale, from, to, doc.FormatVersion)
	line := func(name string, got, want, band float64) {
		flag := ""
		if want > 0 && math.Abs(got-want) > band*want {
			flag = "!"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t±%.0f%%\t%s\n", name, grouped(got), grouped(want), band*100, flag)
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
		line("  of which Wales", float64(wales), targetInPostWales*scale, 0.10)
	}
	// Humans and records grow with the years a world covers: the people in
	// post on its first day, then about 7,300 new humans (8,800 records) a
	// year; posts and positions: those live at a time, then the turnover.
	years := float64(to-from+1) / 365.25
	line("humans", float64(len(humans)), targetHumans*scale*(57300+7300*years)/(57300+7300*targetYears), 0.10)
	line("trainee records", float64(len(recordDeanery)), targetRecords*scale*(57300+8800*years)/(57300+8800*targetYears), 0.10)
	fmt.Fprintf(tw, "placements, all (day one's and 13 weeks beyond the end included)\t%s\t\t\t\n", grouped(float64(placements)))
	line("placements starting in the world", float64(startsInWorld), targetPlacements*scale*years/targetYears, 0.10)
	line("  a year", float64(startsInWorld)/years, targetPlacements*scale/targetYears, 0.10)
	for _, d := range novembers {
		n := 0
		for _, p := range posts {
			if p.s <= d && d < p.e {
				n++
			}
		}
		line(fmt.Sprintf("posts live %s", d), float64(n), targetPostsLive*scale, 0.10)
	}
	turnover := (targetPostsAll - targetPostsLive) * years / targetYears
	line("posts in all", float64(postsAll), scale*(targetPostsLive+turnover), 0.10)
	line("positions", float64(positions), scale*targetPositions*(targetPostsLive+turnover)/targetPostsAll, 0.10)
	hiredTarget := (targetSTFPeople - targetOtherPeople) * (57300 + 7300*years) / (57300 + 7300*targetYears)
	line("people in the staff extracts", float64(doc.Summary.STFPeople), scale*(hiredTarget+targetOtherPeople), 0.10)
	fmt.Fprintln(tw)

	// APP fan-out per placement sent.
	sent := fan[0] + fan[1] + fan[2]
	fmt.Fprintf(tw, "APP fan-out (%s placements sent)\tWorld\tTarget\tBand\t\n", grouped(float64(sent)))
	for i, name := range []string{"1 record", "2 records", "3 or more"} {
		got := 100 * float64(fan[i]) / float64(max(1, sent))
		band := []float64{3, 3, 1}[i]
		flag := ""
		if sent > 0 && math.Abs(got-targetFanOut[i]) > band {
			flag = "!"
		}
		fmt.Fprintf(tw, "  %s\t%.1f%%\t%.0f%%\t±%.0f points\t%s\n", name, got, targetFanOut[i], band, flag)
	}
	fmt.Fprintln(tw)

	// Applications per organisation-year (section 9; 10.2: in every full
	// year from 2021).
	// The 418 is national: a world of scale s has s times the applications
	// over its own trusts (at least two a deanery), not s times 250.
	trusts := 0
	for _, n := range trustsByDeanery {
		trusts += n
	}
	appsTarget := targetAppsPerOrg * scale * 250 / float64(max(1, trusts))
	fmt.Fprintln(tw, "Applications per organisation-year\tWorld\tTarget\tBand\t")
	for _, ay := range appYears {
		note := ""
		if !ay.fullYear {
			note = " (part year)"
		}
		if ay.fullYear && ay.fromTarget {
			flag := ""
			if math.Abs(ay.perOrg-appsTarget) > 0.10*appsTarget {
				flag = "!"
			}
			fmt.Fprintf(tw, "  %d: %s over %.1f\t%.1f\t%.1f\t±10%%\t%s\n", ay.year, grouped(float64(ay.apps)), ay.orgYears, ay.perOrg, appsTarget, flag)
			continue
		}
		fmt.Fprintf(tw, "  %d%s: %s over %.1f\t%.1f\t\t\t\n", ay.year, note, grouped(float64(ay.apps)), ay.orgYears, ay.perOrg)
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

	// Faults by kind: the expected count of each rate of 10.4, both sides
	// where a kind has two.
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
	nPos := float64(positions)
	manual := float64(manualHires)
	expect := map[string]float64{
		"NAME_TYPO":  fr.NameTypoDeanery*nRec + fr.NameTypoESR*manual,
		"DOB_SWAP":   fr.DOBSwapDeanery*nRec + fr.DOBSwapESR*manual,
		"NI_MISSING": fr.NIMissing * nRec, "NI_INVALID": fr.NIInvalid * nRec,
		"GMC_WRONG": fr.GMCWrong * nRec, "GMC_MISSING": fr.GMCMissing * nRec,
		"ADDRESS_CHANGE_DEANERY": fr.AddressChangeDeanery * avgInPost * years,
		"LATE_PLACEMENT":         fr.LatePlacement * float64(inWorldPlacements), "WITHDRAWAL": fr.Withdrawal * float64(inWorldPlacements),
		"DATE_CHANGE": fr.DateChange * float64(inWorldPlacements), "NEVER_HIRED": fr.NeverHired * float64(inWorldRecords),
		"APP_MANDATORY_MISSING": fr.AppMandatoryMissing * float64(inWorldRecords),
		"POSITION_NO_DPN":       fr.PositionNoDPN * nPos, "POSITION_WRONG_DPN": fr.PositionWrongDPN * nPos,
		"POSITION_DUP_DPN": fr.PositionDupDPN * nPos, "POSITION_DELETED": fr.PositionDeleted * nPos,
		"QUARANTINE_BUCKET": float64(fr.QuarantineBucket), "CSV_COMMA": float64(fr.CSVComma),
		"CSV_BACKSLASH": float64(fr.CSVBackslash), "VPD_UNPADDED": float64(fr.VPDUnpadded),
		"DUPLICATE_FILE": float64(fr.DuplicateFile), "SEQUENCE_GAP": float64(fr.SequenceGap),
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

// readCSV streams a CSV file with a header row (the configuration),
// handing each row as a map from column name to value.
func readCSV(path string, fn func(map[string]string)) error {
	row := map[string]string{}
	err := readCSVTruth(path, func(cols, vals []string) error {
		for i, c := range cols {
			if i < len(vals) {
				row[c] = vals[i]
			}
		}
		fn(row)
		return nil
	})
	if err != nil {
		return fmt.Errorf("describe: %w", err)
	}
	return nil
}
