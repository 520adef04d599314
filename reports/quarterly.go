package reports

import (
	"bytes"
	"context"
	stdsql "database/sql"
	"fmt"
	"os"
	"path/filepath"
)

// Options are what a report run is given.
type Options struct {
	Quarter string  // YYYYQn; empty = the latest quarter of the data
	Rate    float64 // saving per application in pounds; 0 = DefaultRate
}

// Written lists the files a report run wrote.
type Written struct {
	HTML []string
	CSV  []string
}

// Quarterly writes the quarterly report for the central team into dir: one
// self-contained HTML file and a CSV per table. It holds no personal
// identifier: every figure is a count or a rate per deanery or trust.
func Quarterly(ctx context.Context, db *stdsql.DB, dir string, opt Options) (*Written, error) {
	s, err := newSource(ctx, db, opt.Rate)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	per, err := s.period(ctx)
	if err != nil {
		return nil, err
	}
	q := opt.Quarter
	if q == "" {
		q = per.LastQuarter
	}
	if err := ParseQuarter(q); err != nil {
		return nil, err
	}
	if q < per.FirstQuarter || q > per.LastQuarter {
		return nil, fmt.Errorf("quarter %s is outside the data, which runs from %s to %s (%s to %s)", q, per.FirstQuarter, per.LastQuarter, per.From, per.To)
	}
	page := &Page{
		Title:    "ESR Deanery Interfaces: quarterly report " + q,
		Subtitle: "For the ESR Central Team: every deanery of England and Wales. Counts and rates only; no personal details.",
		Facts: []Fact{
			{"Quarter", q},
			{"Data", per.From + " to " + per.To + " (loaded interface files)"},
		},
	}
	var secs []*Section

	head, err := s.table(ctx, `SELECT deanery_code, applicants_created, applicants_previous_quarter, applicants_change_on_previous_quarter,
		applicants_year_earlier, applicants_change_on_year_earlier, internal_transfers, transfers_previous_quarter, transfers_year_earlier,
		manual_hires, app_failed AS rejections
		FROM report_volume_change WHERE quarter = ? ORDER BY deanery_code = 'ALL', deanery_code`, q)
	if err != nil {
		return nil, err
	}
	secs = append(secs, &Section{ID: "headline", Title: "Volumes in " + q,
		Intro:  "Applicants created and internal transfers through the recruitment interface in the quarter, beside the previous quarter and the same quarter a year earlier; manual hires and rejections in the quarter.",
		Tables: []*TableBlock{NewTableBlock("volumes_quarter", "Volumes per deanery, "+q, head)}})
	vs, err := volumeSections(ctx, s)
	if err != nil {
		return nil, err
	}
	secs = append(secs, vs...)

	al, err := alignmentSection(ctx, s, q, "")
	if err != nil {
		return nil, err
	}
	secs = append(secs, al)

	notice, err := s.table(ctx, `SELECT deanery_code, placements_measured, compliant, compliance_rate, not_sent FROM report_notice WHERE quarter = ? ORDER BY deanery_code = 'ALL', deanery_code`, q)
	if err != nil {
		return nil, err
	}
	all, err := s.table(ctx, `SELECT deanery_code, quarter, placements_measured, compliant, compliance_rate, not_sent FROM report_notice ORDER BY deanery_code = 'ALL', deanery_code, quarter`)
	if err != nil {
		return nil, err
	}
	noticeAll := NewTableBlock("notice_all", "Notice per deanery and quarter of start, every quarter", all)
	noticeAll.MaxRows = 60
	trend, err := s.table(ctx, `SELECT quarter, deanery_code, compliance_rate FROM report_notice ORDER BY quarter, deanery_code`)
	if err != nil {
		return nil, err
	}
	cats, series := seriesByColumn(trend, "quarter", "deanery_code", "compliance_rate")
	nchart, err := lineChart("chart-notice", "Share of placements given at least 12 weeks' notice, by quarter of start", "share", cats, series)
	if err != nil {
		return nil, err
	}
	nchart.Views = seriesNames(series)
	secs = append(secs, &Section{ID: "notice", Title: "Notice compliance",
		Intro:  "Notice = placement start minus the date of the first APP file (not quarantined) that carried the placement; compliant at 84 days or more. Scope: placements approved, not withdrawn, of a type sent to ESR, by quarter of start. Placements never sent have no notice and are counted as not sent.",
		Charts: []*Chart{nchart},
		Tables: []*TableBlock{NewTableBlock("notice_quarter", "Notice per deanery, placements starting in "+q, notice), noticeAll}})

	recon, err := s.table(ctx, `SELECT deanery_code, roles, reconciled, missing_in_esr, duplicate_dpn, not_live, reconciled_rate FROM report_post_reconciliation WHERE trust_code = 'ALL' ORDER BY deanery_code = 'ALL', deanery_code`)
	if err != nil {
		return nil, err
	}
	secs = append(secs, &Section{ID: "reconciliation", Title: "Post reconciliation",
		Intro:  "Each role (lead or host trust) of each current post at the data's end: reconciled when exactly one live ESR position carries the post's DPN at the trust's VPD. Roles at trusts not yet live are not assessed.",
		Tables: []*TableBlock{NewTableBlock("post_reconciliation", "Post roles by state per deanery", recon)}})

	top, err := s.table(ctx, `SELECT source, reason_code, count FROM report_rejection WHERE deanery_code = 'ALL' AND quarter = ? ORDER BY count DESC, source, reason_code LIMIT 10`, q)
	if err != nil {
		return nil, err
	}
	rej, err := s.table(ctx, `SELECT deanery_code, source, reason_code, count FROM report_rejection WHERE deanery_code <> 'ALL' AND quarter = ? ORDER BY deanery_code, count DESC, source, reason_code`, q)
	if err != nil {
		return nil, err
	}
	secs = append(secs, &Section{ID: "rejections", Title: "Top rejection reasons",
		Intro:  "APC: APP records ESR refused; DCC: notifications ESR refused; UPDATE_APPLY: person records the deanery could not apply; FILE: files rejected whole. By quarter of the file date.",
		Tables: []*TableBlock{NewTableBlock("rejections_top", "Top reasons, England and Wales, "+q, top), NewTableBlock("rejections_quarter", "Rejections per deanery, "+q, rej)}})

	dq, err := s.table(ctx, `SELECT deanery_code, check_kind, record_type, code, count FROM report_data_quality WHERE quarter = ? ORDER BY deanery_code, check_kind, count DESC, code`, q)
	if err != nil {
		return nil, err
	}
	secs = append(secs, &Section{ID: "data-quality", Title: "Data-quality results",
		Intro:  "What the loads found in the quarter's files: values kept but flagged, records rejected, sequence gaps, files rejected whole or delivered twice. Counts only.",
		Tables: []*TableBlock{NewTableBlock("data_quality", "Findings per deanery, "+q, dq)}})

	secs = append(secs, linkageSection(ctx, s))

	sv, err := savingsSection(ctx, s, "")
	if err != nil {
		return nil, err
	}
	secs = append(secs, sv)

	ex, err := s.table(ctx, `SELECT deanery_code, file_type, files, last_file_date, last_file_name FROM report_exchange_as_of ORDER BY deanery_code, file_type`)
	if err != nil {
		return nil, err
	}
	secs = append(secs, &Section{ID: "as-of", Title: "As of",
		Intro:  "The latest file loaded of each exchange: figures are as of these dates.",
		Tables: []*TableBlock{NewTableBlock("exchange_as_of", "Latest file per deanery and file type", ex)}})
	page.Sections = secs
	return writePage(dir, "quarterly-"+q, page, true)
}

// alignmentSection shows the quality run's scores, or says they are not
// computed yet. deanery "" = every deanery.
func alignmentSection(ctx context.Context, s *source, q, deanery string) (*Section, error) {
	sec := &Section{ID: "alignment", Title: "Alignment"}
	if !s.has(ctx, "quality_alignment_score") || !s.has(ctx, "quality_alignment_trend") {
		return notAvailable("alignment", "Alignment", "no quality run is in the warehouse (quality_alignment_score is missing or empty). Run the quality step on this warehouse, then write this report again."), nil
	}
	sec.Intro = "Alignment scores of the latest quality run (domain 8.3): person alignment over linked trainees, post alignment and placement alignment, each from 0 to 1, beside the previous quarter and the same quarter a year earlier."
	where, args := "trust_code = 'ALL'", []any{q}
	if deanery != "" {
		where = "deanery_code IN (?, 'ALL')"
		args = append(args, deanery)
	}
	scores, err := s.table(ctx, `SELECT deanery_code, trust_code, entity, population, round(score, 4) AS score, round(previous_quarter_score, 4) AS previous_quarter,
		round(change_on_previous_quarter, 4) AS change_on_previous_quarter, round(year_earlier_score, 4) AS year_earlier, round(change_on_year_earlier, 4) AS change_on_year_earlier
		FROM quality_alignment_trend WHERE quarter = ? AND `+where+` ORDER BY deanery_code = 'ALL', deanery_code, trust_code = 'ALL' DESC, trust_code, entity`, args...)
	if err != nil {
		return nil, err
	}
	sec.Tables = append(sec.Tables, NewTableBlock("alignment_scores", "Scores in "+q, scores))
	trendWhere, trendArgs := "trust_code = 'ALL' AND entity = 'PERSON'", []any{}
	if deanery != "" {
		trendWhere = "trust_code = 'ALL' AND entity = 'PERSON' AND deanery_code IN (?, 'ALL')"
		trendArgs = append(trendArgs, deanery)
	}
	trend, err := s.table(ctx, `SELECT quarter, CASE deanery_code WHEN 'ALL' THEN 'national' ELSE deanery_code END AS deanery_code, round(score, 4) AS score FROM quality_alignment_trend WHERE `+trendWhere+` ORDER BY quarter, deanery_code`, trendArgs...)
	if err != nil {
		return nil, err
	}
	cats, series := seriesByColumn(trend, "quarter", "deanery_code", "score")
	ch, err := lineChart("chart-alignment", "Person alignment by quarter", "score", cats, series)
	if err != nil {
		return nil, err
	}
	ch.Views = seriesNames(series)
	sec.Charts = append(sec.Charts, ch)
	fieldWhere, fieldArgs := "trust_code = 'ALL'", []any{q}
	if deanery != "" {
		fieldWhere = "deanery_code IN (?, 'ALL')"
		fieldArgs = append(fieldArgs, deanery)
	}
	fields, err := s.table(ctx, `SELECT deanery_code, trust_code, entity, field, pairs, compared, agree, one_null, round(agreement, 4) AS agreement, round(incompleteness, 4) AS incompleteness
		FROM quality_alignment_field WHERE run_id = (SELECT max(run_id) FROM quality_alignment_field) AND quarter = ? AND `+fieldWhere+`
		ORDER BY deanery_code = 'ALL', deanery_code, trust_code = 'ALL' DESC, trust_code, entity, field`, fieldArgs...)
	if err != nil {
		return nil, err
	}
	sec.Tables = append(sec.Tables, NewTableBlock("alignment_fields", "Field agreement in "+q+" (ALL = pooled)", fields))
	return sec, nil
}

// linkageSection shows the linkage error estimates of the latest run.
func linkageSection(ctx context.Context, s *source) *Section {
	if !s.has(ctx, "quality_link_estimate") {
		return notAvailable("linkage", "Linkage error estimates", "no person linkage run is in the warehouse (quality_link_estimate is missing or empty).")
	}
	t, err := s.table(ctx, `SELECT deanery_code, population, links, key_links, probabilistic_links, review_links,
		round(expected_false_matches, 1) AS expected_false_matches, round(false_match_rate, 4) AS false_match_rate,
		round(expected_missed_matches, 1) AS expected_missed_matches, round(missed_match_rate, 4) AS missed_match_rate
		FROM quality_link_estimate WHERE run_id = (SELECT max(run_id) FROM quality_link_estimate) ORDER BY deanery_code = 'ALL', deanery_code`)
	if err != nil {
		return notAvailable("linkage", "Linkage error estimates", "the linkage tables could not be read: "+err.Error())
	}
	return &Section{ID: "linkage", Title: "Linkage error estimates",
		Intro:  "How wrong the person links probably are, from the linkage model's own probabilities (no labelled answers): expected false matches among the links made and expected missed matches among trainees left unlinked.",
		Tables: []*TableBlock{NewTableBlock("linkage_estimates", "Latest linkage run", t)}}
}

func seriesNames(series []Series) []string {
	out := make([]string, len(series))
	for i, s := range series {
		out[i] = s.Name
	}
	return out
}

// writePage renders the page to dir/name.html and, with csvs, writes each
// table's CSV beside it.
func writePage(dir, name string, p *Page, csvs bool) (*Written, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	var buf bytes.Buffer
	if err := p.Render(&buf); err != nil {
		return nil, err
	}
	w := &Written{}
	path := filepath.Join(dir, name+".html")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	w.HTML = append(w.HTML, path)
	if csvs {
		for _, sec := range p.Sections {
			for _, t := range sec.Tables {
				cp := filepath.Join(dir, t.CSVName)
				if err := os.WriteFile(cp, t.CSV(), 0o644); err != nil {
					return nil, fmt.Errorf("reports: %w", err)
				}
				w.CSV = append(w.CSV, cp)
			}
		}
	}
	return w, nil
}
