package reports

import (
	"bytes"
	"context"
	stdsql "database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// Options are what a report run is given.
type Options struct {
	Quarter string  // YYYYQn; empty = the latest quarter of the data
	Rate    float64 // saving per application in pounds; 0 = DefaultRate
	// Log, when set, gets each query's time at debug level.
	Log *slog.Logger
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
	s, err := newSource(ctx, db, opt, quarterlyViews)
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
			{"Quarter", q + " (" + quarterSpan(q) + ")"},
			{"Data", per.From + " to " + per.To + " (file dates of the interface files loaded)"},
		},
		Quarter:  q,
		Glossary: glossary,
	}
	if pq := prevQuarter(q); pq >= per.FirstQuarter {
		page.Facts = append(page.Facts, Fact{"Compared with", pq + " (previous quarter) and " + yearEarlier(q) + " (same quarter a year earlier)"})
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
		Intro:  "Applicants created and internal transfers through the recruitment interface in the quarter (by APC file date), beside the previous quarter and the same quarter a year earlier; manual hires and rejected APP records in the quarter.",
		Tables: []*TableBlock{NewTableBlock("volumes_quarter", "Volumes per deanery, "+q, head)}})
	vs, err := volumeSections(ctx, s)
	if err != nil {
		return nil, err
	}
	secs = append(secs, vs...)

	al, err := alignmentQuarterly(ctx, s, q)
	if err != nil {
		return nil, err
	}
	secs = append(secs, al...)

	notice, err := s.table(ctx, `SELECT deanery_code, placements_measured, compliant, compliance_rate, not_sent FROM report_notice WHERE quarter = ? ORDER BY deanery_code = 'ALL', deanery_code`, q)
	if err != nil {
		return nil, err
	}
	all, err := s.table(ctx, `SELECT deanery_code, quarter, placements_measured, compliant, compliance_rate, not_sent FROM report_notice
		WHERE quarter <= ? ORDER BY deanery_code = 'ALL', deanery_code, quarter DESC`, q)
	if err != nil {
		return nil, err
	}
	noticeAll := NewTableBlock("notice_all", "Notice per deanery and quarter of start, every quarter up to "+q, all)
	nchart, err := newChart("chart-notice", "Share of placements sent with at least 12 weeks' notice, by quarter of start", noticeAll,
		Plot{Line: true, Cat: "quarter", Series: "deanery_code", Values: []string{"compliance_rate"}, Fixed: []string{"ALL"}, Views: true,
			X: "Quarter of the placement start", Y: "Share with 12 weeks' notice"})
	if err != nil {
		return nil, err
	}
	secs = append(secs, &Section{ID: "notice", Title: "Notice compliance",
		Intro:  "Notice = placement start minus the date of the first APP file (not quarantined) that carried the placement; compliant at 84 days (12 weeks) or more. Scope: placements approved, not withdrawn, of a type sent to ESR, by quarter of start. Placements never sent have no notice and are counted as never sent. The dashed line is England and Wales.",
		Charts: []*Chart{nchart},
		Tables: []*TableBlock{NewTableBlock("notice_quarter", "Notice per deanery, placements starting in "+q, notice)}})

	recon, err := s.table(ctx, `SELECT deanery_code, roles, reconciled, missing_in_esr, duplicate_dpn, not_live, reconciled_rate FROM report_post_reconciliation WHERE trust_code = 'ALL' ORDER BY deanery_code = 'ALL', deanery_code`)
	if err != nil {
		return nil, err
	}
	secs = append(secs, &Section{ID: "reconciliation", Title: "Post reconciliation",
		Intro:  "Each role (lead or host trust) of each current post at the data's end (" + per.To + "): reconciled when exactly one live ESR position carries the post's DPN at the trust's VPD. Roles at trusts not yet live are not assessed.",
		Tables: []*TableBlock{NewTableBlock("post_reconciliation", "Post roles by state per deanery, "+per.To, recon)}})

	top, err := s.table(ctx, `SELECT source, reason_code, count FROM report_rejection WHERE deanery_code = 'ALL' AND quarter = ? ORDER BY count DESC, source, reason_code LIMIT 10`, q)
	if err != nil {
		return nil, err
	}
	rej, err := s.table(ctx, `SELECT deanery_code, source, reason_code, count FROM report_rejection WHERE deanery_code <> 'ALL' AND quarter = ? ORDER BY deanery_code, count DESC, source, reason_code`, q)
	if err != nil {
		return nil, err
	}
	rb := NewTableBlock("rejections_quarter", "Rejections per deanery, "+q, rej)
	rb.PageSize = 20
	secs = append(secs, &Section{ID: "rejections", Title: "Top rejection reasons",
		Intro:  "APC: APP records ESR refused; DCC: notifications ESR refused; UPDATE_APPLY: person records from ESR that the deanery could not apply (unknown person); FILE: files rejected whole. By quarter of the file date.",
		Tables: []*TableBlock{NewTableBlock("rejections_top", "Top reasons, England and Wales, "+q, top), rb}})

	dq, err := s.table(ctx, `SELECT deanery_code, check_kind, record_type, code, count FROM report_data_quality WHERE quarter = ? ORDER BY deanery_code, check_kind, count DESC, code`, q)
	if err != nil {
		return nil, err
	}
	dqb := NewTableBlock("data_quality", "Findings per deanery, "+q, dq)
	dqb.PageSize = 20
	secs = append(secs, &Section{ID: "data-quality", Title: "Data-quality results",
		Intro:  "What the loads found in the quarter's files: values kept but flagged (an invalid NI number, say), records rejected, sequence gaps, files rejected whole or delivered twice. Counts only.",
		Tables: []*TableBlock{dqb}})

	secs = append(secs, linkageSection(ctx, s))

	sv, err := savingsSection(ctx, s)
	if err != nil {
		return nil, err
	}
	secs = append(secs, sv)

	ex, err := s.table(ctx, `SELECT * FROM (PIVOT (SELECT deanery_code, file_type, CAST(last_file_date AS VARCHAR) AS last_file_date FROM report_exchange_as_of)
		ON file_type IN ('APP', 'APC', 'DNC', 'DNF', 'DCC', 'RMC', 'RMF', 'STF') USING max(last_file_date) GROUP BY deanery_code) ORDER BY deanery_code`)
	if err != nil {
		return nil, err
	}
	deaneries, err := s.table(ctx, `SELECT deanery_code, name FROM deanery ORDER BY deanery_code`)
	if err != nil {
		return nil, err
	}
	secs = append(secs, &Section{ID: "as-of", Title: "As of",
		Intro:  "The date of the latest file loaded of each exchange, per deanery: the figures above are as of these dates. An empty cell: no file of that type was loaded.",
		Tables: []*TableBlock{NewTableBlock("exchange_as_of", "Latest file date per deanery and file type", ex), NewTableBlock("deaneries", "Deanery codes", deaneries)}})
	page.Sections = secs
	return writePage(dir, "quarterly-"+q, page, true)
}

// alignmentQuarterly: the scores of every deanery in the quarter with
// their trend, field agreement and the scores per trust.
func alignmentQuarterly(ctx context.Context, s *source, q string) ([]*Section, error) {
	if !s.has(ctx, "quality_alignment_score") {
		return []*Section{notAvailable("alignment", "Alignment", "no quality run is in the warehouse (quality_alignment_score is empty). Run `deanery quality` on this warehouse, then write this report again.")}, nil
	}
	head, err := s.table(ctx, alignmentWide+` WHERE quarter = ? AND trust_code = 'ALL' GROUP BY deanery_code ORDER BY deanery_code = 'ALL', deanery_code`, q)
	if err != nil {
		return nil, err
	}
	sec := &Section{ID: "alignment", Title: "Alignment in " + q,
		Intro:  "How far the deanery systems and ESR agree at the end of the quarter, each score from 0% to 100%: person alignment (the average share of a linked trainee's details that agree), post alignment (posts ESR holds exactly once at every live employing trust) and placement alignment (placements starting in the quarter that ESR holds within 7 days). Changes are in percentage points on the previous quarter.",
		Tables: []*TableBlock{NewTableBlock("alignment_deaneries", "Alignment per deanery, "+q, without(head, "trust_code"))}}
	all, err := s.table(ctx, `SELECT deanery_code, quarter, entity, population, linked, scored, score, link_coverage, change_on_previous_quarter, change_on_year_earlier
		FROM report_alignment_score WHERE trust_code = 'ALL' AND quarter <= ? ORDER BY deanery_code = 'ALL', deanery_code, quarter DESC, entity`, q)
	if err != nil {
		return nil, err
	}
	trend := &Section{ID: "alignment-trend", Title: "Alignment over time",
		Intro: "Each score by quarter, per deanery; the dashed line is England and Wales. The buttons show one deanery at a time."}
	for _, e := range []struct{ entity, id, title string }{
		{"PERSON", "person", "Person alignment"}, {"POST", "post", "Post alignment"}, {"PLACEMENT", "placement", "Placement alignment"}} {
		b := NewTableBlock("alignment_trend_"+e.id, e.title+" per deanery and quarter", without(subset(all, "entity", e.entity), "entity"))
		ch, err := newChart("chart-alignment-"+e.id, e.title+" by quarter", b,
			Plot{Line: true, Cat: "quarter", Series: "deanery_code", Values: []string{"score"}, Fixed: []string{"ALL"}, Views: true, X: "Quarter", Y: e.title})
		if err != nil {
			return nil, err
		}
		trend.Charts = append(trend.Charts, ch)
	}
	ab := NewTableBlock("alignment_scores", "Every score per deanery, quarter and entity, up to "+q, all)
	ab.PageSize = 15
	trend.Tables = append(trend.Tables, ab)

	fields, err := s.table(ctx, `SELECT deanery_code, entity, field, pairs, compared, agree, one_null, agreement, incompleteness
		FROM report_alignment_field WHERE quarter = ? AND trust_code = 'ALL' ORDER BY deanery_code = 'ALL', deanery_code, entity, report_field_rank(field)`, q)
	if err != nil {
		return nil, err
	}
	nat := NewTableBlock("alignment_fields_national", "Agreement by detail, England and Wales, "+q, subset(fields, "deanery_code", "ALL"))
	fchart, err := newChart("chart-alignment-fields", "Agreement by detail, England and Wales, "+q, nat,
		Plot{Cat: "field", Series: "entity", Values: []string{"agreement"}, X: "Detail", Y: "Agreement"})
	if err != nil {
		return nil, err
	}
	wideFields, err := s.table(ctx, `SELECT deanery_code,
		max(agreement) FILTER (WHERE field = 'last_name') AS last_name_agreement, max(agreement) FILTER (WHERE field = 'first_name') AS first_name_agreement,
		max(agreement) FILTER (WHERE field = 'date_of_birth') AS date_of_birth_agreement, max(agreement) FILTER (WHERE field = 'gender') AS gender_agreement,
		max(agreement) FILTER (WHERE field = 'ni_number') AS ni_number_agreement, max(agreement) FILTER (WHERE field = 'gmc_number') AS gmc_number_agreement,
		max(agreement) FILTER (WHERE field = 'email') AS email_agreement, max(agreement) FILTER (WHERE field = 'postcode') AS postcode_agreement,
		max(agreement) FILTER (WHERE field = 'address_line1') AS address_line1_agreement
		FROM report_alignment_field WHERE quarter = ? AND trust_code = 'ALL' AND entity = 'PERSON'
		GROUP BY deanery_code ORDER BY deanery_code = 'ALL', deanery_code`, q)
	if err != nil {
		return nil, err
	}
	fb := NewTableBlock("alignment_fields", "Every detail's counts per deanery, "+q, fields)
	fb.PageSize = 15
	fsec := &Section{ID: "alignment-fields", Title: "Agreement by detail",
		Intro:  "Of the linked trainees, the share on which each detail agrees between the deanery and ESR (both empty: not counted; one side empty: counted as disagreeing); for placements, of those ESR holds, the share whose start, end, grade and WTE agree.",
		Charts: []*Chart{fchart},
		Tables: []*TableBlock{NewTableBlock("alignment_person_fields", "Person details: agreement per deanery, "+q, wideFields), fb}}

	trusts, err := s.table(ctx, alignmentWide+` WHERE quarter = ? AND trust_code <> 'ALL' AND deanery_code <> 'ALL'
		GROUP BY deanery_code, trust_code ORDER BY person_score NULLS LAST, deanery_code, trust_code`, q)
	if err != nil {
		return nil, err
	}
	tb := NewTableBlock("alignment_by_trust", "Alignment per trust, "+q+" (lowest person alignment first)", trusts)
	tb.PageSize = 20
	tb.Find = true
	tsec := &Section{ID: "alignment-trusts", Title: "Alignment per trust",
		Intro:  "The same scores per trust: a trainee counts for the lead employer of their latest placement in the quarter, a post for each employing trust, a placement for its post's lead employer. The trusts least in line come first.",
		Tables: []*TableBlock{tb}}
	return []*Section{sec, trend, fsec, tsec}, nil
}

// alignmentColumns sets the three scores of a deanery (or trust, or
// trust and quarter) side by side: population, score, change on the
// previous quarter and, with national, the England and Wales score; link
// coverage after the person score.
func alignmentColumns(national bool) string {
	var cols []string
	for _, e := range []string{"PERSON", "POST", "PLACEMENT"} {
		p := strings.ToLower(e)
		agg := func(expr, name string) {
			cols = append(cols, "max("+expr+") FILTER (WHERE entity = '"+e+"') AS "+name)
		}
		agg("population", p+"_population")
		agg("score", p+"_score")
		agg("change_on_previous_quarter", p+"_change")
		if national {
			agg("national_score", p+"_national")
		}
		if e == "PERSON" {
			agg("link_coverage", "link_coverage")
		}
	}
	return strings.Join(cols, ",\n\t\t")
}

// alignmentWide is the query of a deanery's (or trust's) scores side by
// side; the caller adds WHERE, GROUP BY and ORDER BY.
var alignmentWide = `SELECT deanery_code, any_value(trust_code) AS trust_code, ` + alignmentColumns(false) + ` FROM report_alignment_score`

// linkageSection shows the linkage error estimates of the latest run.
func linkageSection(ctx context.Context, s *source) *Section {
	if !s.has(ctx, "report_link_estimate") {
		return notAvailable("linkage", "Linkage error estimates", "no person linkage run is in the warehouse (report_link_estimate is empty).")
	}
	t, err := s.table(ctx, `SELECT deanery_code, population, links, key_links, probabilistic_links, review_links,
		expected_false_matches, false_match_rate, expected_missed_matches, missed_match_rate
		FROM report_link_estimate ORDER BY deanery_code = 'ALL', deanery_code`)
	if err != nil {
		return notAvailable("linkage", "Linkage error estimates", "the linkage tables could not be read: "+err.Error())
	}
	return &Section{ID: "linkage", Title: "Linkage error estimates",
		Intro:  "Alignment compares a trainee with the ESR person they are linked to. Links are made by a key (ESR's assignment id, GMC number with date of birth, NI number with date of birth) or by the probabilistic model. How wrong the links probably are, from the model's own probabilities (no labelled answers): expected wrong links among those made, and expected missed links among trainees left unlinked.",
		Tables: []*TableBlock{NewTableBlock("linkage_estimates", "Latest linkage run", t)}}
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
		seen := map[string]bool{}
		for _, t := range p.tables() {
			if seen[t.CSVName] {
				continue
			}
			seen[t.CSVName] = true
			cp := filepath.Join(dir, t.CSVName)
			if err := os.WriteFile(cp, t.CSV(), 0o644); err != nil {
				return nil, fmt.Errorf("reports: %w", err)
			}
			w.CSV = append(w.CSV, cp)
		}
	}
	return w, nil
}

// tables are every table of the page, each chart's first, once each.
func (p *Page) tables() []*TableBlock {
	var out []*TableBlock
	seen := map[*TableBlock]bool{}
	add := func(t *TableBlock) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, s := range p.Sections {
		for _, c := range s.Charts {
			add(c.Table)
		}
		for _, t := range s.Tables {
			add(t)
		}
	}
	return out
}

// quarterSpan is a quarter's first and last day, e.g. 1 Jul to 30 Sep 2026.
func quarterSpan(q string) string {
	months := [][2]string{{"1 January", "31 March"}, {"1 April", "30 June"}, {"1 July", "30 September"}, {"1 October", "31 December"}}
	m := months[int(q[5]-'1')]
	return m[0] + " to " + m[1] + " " + q[:4]
}

func prevQuarter(q string) string {
	y, n := q[:4], q[5]
	if n == '1' {
		return fmt.Sprintf("%04d", atoi(y)-1) + "Q4"
	}
	return y + "Q" + string(n-1)
}

func yearEarlier(q string) string { return fmt.Sprintf("%04d", atoi(q[:4])-1) + q[4:] }

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
