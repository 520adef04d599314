package reports

import (
	"context"
	stdsql "database/sql"
	"path/filepath"
	"strings"
)

// Dashboards writes one self-contained HTML file per deanery into dir,
// each holding that deanery's data only (its mismatch list names its own
// trainees, so a page is for that deanery's staff).
func Dashboards(ctx context.Context, db *stdsql.DB, dir string, opt Options) (*Written, error) {
	s, err := newSource(ctx, db, opt.Rate)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	per, err := s.period(ctx)
	if err != nil {
		return nil, err
	}
	deaneries, err := s.strings(ctx, `SELECT deanery_code FROM deanery ORDER BY deanery_code`)
	if err != nil {
		return nil, err
	}
	quarters, err := s.strings(ctx, `SELECT quarter FROM report_quarter ORDER BY quarter DESC`)
	if err != nil {
		return nil, err
	}
	out := &Written{}
	for _, d := range deaneries {
		p, err := dashboard(ctx, s, d, per, quarters)
		if err != nil {
			return nil, err
		}
		w, err := writePage(dir, "dashboard-"+strings.ToLower(d), p, false)
		if err != nil {
			return nil, err
		}
		out.HTML = append(out.HTML, w.HTML...)
	}
	return out, nil
}

func dashboard(ctx context.Context, s *source, d string, per Period, quarters []string) (*Page, error) {
	name, err := s.strings(ctx, `SELECT name FROM deanery WHERE deanery_code = ?`, d)
	if err != nil {
		return nil, err
	}
	title := d
	if len(name) == 1 && name[0] != "" {
		title = name[0] + " (" + d + ")"
	}
	trusts, err := s.strings(ctx, `SELECT trust_code FROM trust WHERE deanery_code = ? ORDER BY trust_code`, d)
	if err != nil {
		return nil, err
	}
	page := &Page{
		Title:    "Deanery dashboard: " + title,
		Subtitle: "This deanery's data only. The list of mismatches names trainees: keep this file within the deanery.",
		Facts:    []Fact{{"Data", per.From + " to " + per.To}},
		Trusts:   trusts,
		Quarters: quarters,
	}
	var secs []*Section

	asof, err := s.table(ctx, `SELECT file_type, files, last_file_date, last_file_name FROM report_exchange_as_of WHERE deanery_code = ? ORDER BY file_type`, d)
	if err != nil {
		return nil, err
	}
	secs = append(secs, &Section{ID: "as-of", Title: "As of",
		Intro:  "The latest file loaded of each exchange with ESR: every figure below is as of these dates.",
		Tables: []*TableBlock{NewTableBlock("exchange_as_of_"+strings.ToLower(d), "Latest file per exchange", asof)}})

	vol, err := s.table(ctx, `SELECT quarter, applicants_created, internal_transfers, manual_hires, app_failed AS rejections, app_records FROM report_volume WHERE deanery_code = ? ORDER BY quarter`, d)
	if err != nil {
		return nil, err
	}
	cats, series := columns(vol, "quarter", "applicants_created", "internal_transfers", "manual_hires")
	vchart, err := barChart("chart-volume", "Hires per quarter: through the interface (new, transfer) and by hand", "hires", cats, series, true)
	if err != nil {
		return nil, err
	}
	vchart.Views = seriesNames(series)
	secs = append(secs, &Section{ID: "volume", Title: "Volumes",
		Intro:  "Applicants created (APC SUCCESS NEW) and internal transfers (APC SUCCESS TRANSFER) by quarter of the APC file date; manual hires are periods on trainee pay scales in ESR's staff extract that no APC success created, by the quarter of the first staff extract that shows them; rejections are APC FAIL.",
		Charts: []*Chart{vchart}, Tables: []*TableBlock{NewTableBlock("volume_"+strings.ToLower(d), "Volumes per quarter", vol)}})

	al, err := alignmentSection(ctx, s, per.LastQuarter, d)
	if err != nil {
		return nil, err
	}
	secs = append(secs, al)
	secs = append(secs, linkExplanation(ctx, s, d))

	fix, err := s.table(ctx, `SELECT kind, trust_code, quarter, placement_id, trainee_id, surname, forenames, dpn, position_id, reason, action
		FROM report_fix_item WHERE deanery_code = ? ORDER BY kind, trust_code, quarter DESC, placement_id, dpn`, d)
	if err != nil {
		return nil, err
	}
	fb := NewTableBlock("fix_list_"+strings.ToLower(d), "Mismatches to fix", fix)
	fb.MaxRows = 500
	secs = append(secs, &Section{ID: "fix", Title: "Mismatches to fix",
		Intro:  "APP records whose latest send failed (fix the record and the next run sends it again), and posts of live trusts that ESR does not hold exactly once. The CSV opens safely in a spreadsheet.",
		Tables: []*TableBlock{fb}})

	notice, err := s.table(ctx, `SELECT quarter, placements_measured, compliant, compliance_rate, not_sent FROM report_notice WHERE deanery_code = ? ORDER BY quarter`, d)
	if err != nil {
		return nil, err
	}
	ntrend, err := s.table(ctx, `SELECT quarter, CASE deanery_code WHEN 'ALL' THEN 'national' ELSE deanery_code END AS deanery_code, compliance_rate FROM report_notice WHERE deanery_code IN (?, 'ALL') ORDER BY quarter, deanery_code = 'ALL'`, d)
	if err != nil {
		return nil, err
	}
	ncats, nseries := seriesByColumn(ntrend, "quarter", "deanery_code", "compliance_rate")
	nchart, err := lineChart("chart-notice", "Share given at least 12 weeks' notice, beside the national share", "share", ncats, nseries)
	if err != nil {
		return nil, err
	}
	secs = append(secs, &Section{ID: "notice", Title: "Notice compliance",
		Intro:  "Placements approved, not withdrawn, of a type sent to ESR, by quarter of start: notice from the first APP file that carried them; compliant at 84 days or more.",
		Charts: []*Chart{nchart}, Tables: []*TableBlock{NewTableBlock("notice_"+strings.ToLower(d), "Notice per quarter of start", notice)}})

	rej, err := s.table(ctx, `SELECT quarter, source, reason_code, count FROM report_rejection WHERE deanery_code = ? ORDER BY quarter, source, reason_code`, d)
	if err != nil {
		return nil, err
	}
	rlong, err := s.table(ctx, `SELECT q.quarter, r.source || ' ' || r.reason_code AS reason, r.count FROM report_quarter q JOIN report_rejection r USING (quarter) WHERE r.deanery_code = ? ORDER BY q.quarter, reason`, d)
	if err != nil {
		return nil, err
	}
	rcats, rseries := seriesByColumn(rlong, "quarter", "reason", "count")
	var rcharts []*Chart
	if len(rcats) > 0 {
		rchart, err := barChart("chart-rejections", "Rejections per quarter, by source and reason", "records", rcats, rseries, true)
		if err != nil {
			return nil, err
		}
		rchart.Views = seriesNames(rseries)
		rcharts = append(rcharts, rchart)
	}
	secs = append(secs, &Section{ID: "rejections", Title: "Rejections",
		Intro:  "APP records ESR refused (APC), notifications ESR refused (DCC), person records the deanery could not apply, files rejected whole; by quarter of the file date.",
		Charts: rcharts, Tables: []*TableBlock{NewTableBlock("rejections_"+strings.ToLower(d), "Rejections per quarter and reason", rej)}})

	recon, err := s.table(ctx, `SELECT trust_code, roles, reconciled, missing_in_esr, duplicate_dpn, not_live, reconciled_rate FROM report_post_reconciliation WHERE deanery_code = ? ORDER BY trust_code = 'ALL', trust_code`, d)
	if err != nil {
		return nil, err
	}
	secs = append(secs, &Section{ID: "reconciliation", Title: "Post reconciliation",
		Intro:  "Roles of current posts at the data's end, per trust: reconciled when exactly one live ESR position carries the DPN at the trust's VPD.",
		Tables: []*TableBlock{NewTableBlock("post_reconciliation_"+strings.ToLower(d), "Post roles by state per trust", recon)}})

	sv, err := savingsSection(ctx, s, d)
	if err != nil {
		return nil, err
	}
	secs = append(secs, sv)
	page.Sections = secs
	return page, nil
}

// linkExplanation shows, for each of the deanery's person links, what each
// field contributed to its match weight, when the linkage has run.
func linkExplanation(ctx context.Context, s *source, d string) *Section {
	if !s.has(ctx, "quality_person_link") || !s.has(ctx, "quality_link_contribution") {
		return notAvailable("links", "Why each pair is linked", "no person linkage run is in the warehouse (quality_person_link is missing or empty).")
	}
	t, err := s.table(ctx, `SELECT l.trainee_id, l.esr_person_number, l.tier, l.status, round(l.match_weight, 2) AS match_weight,
		round(l.match_probability, 4) AS match_probability, c.field, c.level, round(c.weight, 2) AS contribution
		FROM quality_person_link l JOIN quality_link_contribution c USING (link_id)
		WHERE l.deanery_code = ? ORDER BY l.match_weight, l.trainee_id, c.field`, d)
	if err != nil {
		return notAvailable("links", "Why each pair is linked", "the linkage tables could not be read: "+err.Error())
	}
	b := NewTableBlock("link_contributions_"+strings.ToLower(d), "Each field's contribution to each link's match weight (weakest links first)", t)
	b.MaxRows = 400
	return &Section{ID: "links", Title: "Why each pair is linked",
		Intro:  "Each link from a trainee to an ESR person, with the comparison level of every field and the evidence (match weight, in bits) it gave; the weakest links come first.",
		Tables: []*TableBlock{b}}
}

// DashboardPath is the file Dashboards writes for a deanery.
func DashboardPath(dir, deanery string) string {
	return filepath.Join(dir, "dashboard-"+strings.ToLower(deanery)+".html")
}
