package reports

import (
	"context"
	stdsql "database/sql"
	"path/filepath"
	"strconv"
	"strings"

	"deanery/reports/tabular"
)

// Dashboards writes one self-contained HTML file per deanery into dir,
// each holding that deanery's data only, beside the national figures it is
// compared with (its mismatch list and links name its own trainees, so a
// page is for that deanery's staff). Each view is read once for every
// deanery and split by deanery.
func Dashboards(ctx context.Context, db *stdsql.DB, dir string, opt Options) (*Written, error) {
	s, err := newSource(ctx, db, opt, dashboardViews)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	per, err := s.period(ctx)
	if err != nil {
		return nil, err
	}
	dd, err := readDashboardData(ctx, s)
	if err != nil {
		return nil, err
	}
	out := &Written{}
	for _, d := range dd.deaneries.Rows {
		p, err := dashboard(dd, d[0], d[1], per)
		if err != nil {
			return nil, err
		}
		w, err := writePage(dir, "dashboard-"+strings.ToLower(d[0]), p, false)
		if err != nil {
			return nil, err
		}
		out.HTML = append(out.HTML, w.HTML...)
	}
	return out, nil
}

// DashboardPath is the file Dashboards writes for a deanery.
func DashboardPath(dir, deanery string) string {
	return filepath.Join(dir, "dashboard-"+strings.ToLower(deanery)+".html")
}

// dashboardData is every view a dashboard reads, for every deanery, split
// by deanery code; national holds the England and Wales rows.
type dashboardData struct {
	deaneries, trusts       *tabular.Table
	quarters, axis          []string
	quality, linkage        bool
	lastScored              string
	trustsBy                map[string]*tabular.Table
	asof, volume, notice    split
	rejections, recon       split
	savings, scores, wide   split
	fields, links, mismatch split
}

// split is a view's rows by deanery, with the columns of the view.
type split struct {
	columns []string
	by      map[string]*tabular.Table
}

func (p split) of(d string) *tabular.Table { return rowsOf(p.by, p.columns, d) }

func readSplit(ctx context.Context, s *source, query string, args ...any) (split, error) {
	t, err := s.table(ctx, query, args...)
	if err != nil {
		return split{}, err
	}
	return split{columns: t.Columns, by: byDeanery(t)}, nil
}

func readDashboardData(ctx context.Context, s *source) (*dashboardData, error) {
	dd := &dashboardData{}
	var err error
	if dd.deaneries, err = s.table(ctx, `SELECT deanery_code, name FROM deanery ORDER BY deanery_code`); err != nil {
		return nil, err
	}
	if dd.trusts, err = s.table(ctx, `SELECT deanery_code, trust_code, name FROM trust ORDER BY deanery_code, trust_code`); err != nil {
		return nil, err
	}
	dd.trustsBy = byDeanery(dd.trusts)
	if dd.axis, err = s.strings(ctx, `SELECT quarter FROM report_quarter ORDER BY quarter`); err != nil {
		return nil, err
	}
	for i := len(dd.axis) - 1; i >= 0; i-- {
		dd.quarters = append(dd.quarters, dd.axis[i])
	}
	reads := []struct {
		into  *split
		query string
	}{
		{&dd.asof, `SELECT deanery_code, file_type, files, last_file_date, last_file_name FROM report_exchange_as_of ORDER BY deanery_code, file_type`},
		{&dd.volume, `SELECT deanery_code, trust_code, quarter, applicants_created, internal_transfers, manual_hires, app_failed, app_records
			FROM report_volume_trust ORDER BY deanery_code, quarter DESC, trust_code <> 'ALL', trust_code`},
		{&dd.notice, `SELECT deanery_code, trust_code, quarter, placements_measured, compliant, compliance_rate, not_sent FROM (
			SELECT * FROM report_notice_trust UNION ALL BY NAME SELECT *, 'ALL' AS trust_code FROM report_notice WHERE deanery_code = 'ALL')
			ORDER BY deanery_code, quarter DESC, trust_code <> 'ALL', trust_code`},
		{&dd.rejections, `SELECT deanery_code, trust_code, quarter, source || ' ' || reason_code AS reason, source, reason_code, count
			FROM report_rejection_trust ORDER BY deanery_code, quarter DESC, trust_code <> 'ALL', trust_code, count DESC, reason`},
		{&dd.recon, `SELECT deanery_code, trust_code, roles, reconciled, missing_in_esr, duplicate_dpn, not_live, reconciled_rate
			FROM report_post_reconciliation ORDER BY deanery_code, trust_code <> 'ALL', trust_code`},
		{&dd.savings, `SELECT deanery_code, trust_code, year, applications, rate_gbp, saving_gbp, organisation_years, per_org_year_gbp,
			applications_per_org_year, published_per_org_year_gbp, period_from, period_to
			FROM report_savings ORDER BY deanery_code, year = 'ALL' DESC, year DESC, trust_code <> 'ALL', trust_code`},
		{&dd.mismatch, `SELECT deanery_code, kind, trust_code, quarter, trainee_id, surname, forenames, placement_id, dpn, position_id, reason, action
			FROM report_mismatch ORDER BY deanery_code, kind, trust_code, quarter DESC, trainee_id, placement_id, dpn`},
	}
	for _, r := range reads {
		if *r.into, err = readSplit(ctx, s, r.query); err != nil {
			return nil, err
		}
	}
	dd.quality = s.has(ctx, "quality_alignment_score")
	if dd.quality {
		if dd.lastScored, err = s.value(ctx, `SELECT max(quarter) FROM report_alignment_score`); err != nil {
			return nil, err
		}
		if dd.scores, err = readSplit(ctx, s, `SELECT deanery_code, trust_code, quarter, entity, population, linked, score, link_coverage, national_score
			FROM report_alignment_score WHERE trust_code = 'ALL' OR deanery_code <> 'ALL'
			ORDER BY deanery_code, entity, quarter DESC, trust_code <> 'ALL', trust_code`); err != nil {
			return nil, err
		}
		if dd.wide, err = readSplit(ctx, s, `SELECT deanery_code, trust_code, quarter, `+alignmentColumns(true)+`
			FROM report_alignment_score WHERE deanery_code <> 'ALL'
			GROUP BY deanery_code, trust_code, quarter ORDER BY deanery_code, quarter DESC, trust_code <> 'ALL', trust_code`); err != nil {
			return nil, err
		}
		// Field agreement per trust for the last eight quarters scored, per
		// deanery for every quarter: the page stays small at national scale.
		if dd.fields, err = readSplit(ctx, s, `SELECT deanery_code, trust_code, quarter, entity, field, pairs, compared, agree, one_null, agreement, incompleteness
			FROM report_alignment_field
			WHERE trust_code = 'ALL' OR (deanery_code <> 'ALL' AND quarter >= (SELECT min(quarter) FROM (SELECT DISTINCT quarter FROM report_alignment_field ORDER BY quarter DESC LIMIT 8)))
			ORDER BY deanery_code, quarter DESC, trust_code <> 'ALL', trust_code, entity, report_field_rank(field)`); err != nil {
			return nil, err
		}
	}
	dd.linkage = s.has(ctx, "quality_person_link")
	if dd.linkage {
		if dd.links, err = readSplit(ctx, s, `SELECT deanery_code, trainee_id, esr_person_number, trust_code, tier, status, match_weight, match_probability,
			`+contributionColumns()+`
			FROM report_link_explanation ORDER BY deanery_code, match_weight NULLS FIRST, trainee_id`); err != nil {
			return nil, err
		}
	}
	return dd, nil
}

// linkFields are the details the linkage compares, in the pages' order.
var linkFields = []string{"last_name", "first_name", "date_of_birth", "gender", "ni_number", "gmc_number", "email", "postcode", "address_line1"}

// contributionColumns shows each field's comparison and evidence in one
// column: how it compared and the bits it gave, e.g. "same +8.1".
func contributionColumns() string {
	var cols []string
	for _, f := range linkFields {
		cols = append(cols, `report_link_level_words(`+f+`_level, `+f+`_weight) AS `+f)
	}
	return strings.Join(cols, ", ")
}

func dashboard(dd *dashboardData, d, name string, per Period) (*Page, error) {
	title := d
	if name != "" {
		title = name + " (" + d + ")"
	}
	latest := per.LastQuarter
	if dd.lastScored != "" && dd.lastScored < latest {
		latest = dd.lastScored
	}
	trusts := rowsOf(dd.trustsBy, dd.trusts.Columns, d)
	page := &Page{
		Title:    "Deanery dashboard: " + title,
		Subtitle: "This deanery's figures, beside England and Wales where compared. The list of mismatches and the links name trainees: keep this file within the deanery.",
		Facts: []Fact{
			{"Data", per.From + " to " + per.To + " (file dates of the interface files loaded)"},
			{"Trusts", strconv.Itoa(len(trusts.Rows)) + " employing organisations of the deanery"},
		},
		Quarters: dd.quarters,
		Quarter:  latest,
		Axis:     dd.axis,
		Glossary: glossary,
	}
	for _, r := range trusts.Rows {
		page.Trusts = append(page.Trusts, Choice{Value: r[1], Label: r[1] + " – " + r[2]})
	}
	asof := without(dd.asof.of(d), "deanery_code")
	var latestFiles []string
	for _, r := range asof.Rows {
		latestFiles = append(latestFiles, r[0]+" "+r[2])
	}
	if len(latestFiles) > 0 {
		page.Facts = append(page.Facts, Fact{"Latest files", strings.Join(latestFiles, " · ")})
	}
	low := strings.ToLower(d)
	var secs []*Section

	vol := NewTableBlock("volume_"+low, "Volumes per trust and quarter", without(dd.volume.of(d), "deanery_code"))
	vchart, err := newChart("chart-volume", "Hires per quarter: through the interface (applicants created, internal transfers) and by hand", vol,
		Plot{Cat: "quarter", Values: []string{"applicants_created", "internal_transfers", "manual_hires"}, Stacked: true, Views: true,
			X: "Quarter (of the APC file; of the staff extract for manual hires)", Y: "Hires"})
	if err != nil {
		return nil, err
	}
	secs = append(secs, &Section{ID: "volume", Title: "Volumes",
		Intro:  "Applicants created (APC SUCCESS NEW) and internal transfers (APC SUCCESS TRANSFER) by quarter of the APC file date; manual hires are trainee assignment periods in ESR's staff extract that no APC success made, by the quarter of the first staff extract that shows them. Each counts for the trust of its ESR position; the table also has APP records sent and rejected.",
		Charts: []*Chart{vchart}})

	if dd.quality {
		als, err := dashboardAlignment(dd, d, latest)
		if err != nil {
			return nil, err
		}
		secs = append(secs, als...)
	} else {
		secs = append(secs, notAvailable("alignment", "Alignment", "no quality run is in the warehouse. Run `deanery quality` on this warehouse, then write the dashboards again."))
	}
	secs = append(secs, linkSection(dd, d))

	fix := NewTableBlock("mismatches_"+low, "Mismatches to fix", without(dd.mismatch.of(d), "deanery_code"))
	fix.Find = true
	fix.PageSize = 20
	secs = append(secs, &Section{ID: "fix", Title: "Mismatches to fix",
		Intro:  "APP records whose latest send ESR rejected (fix the record; the next run sends it again); posts of live trusts that ESR does not hold exactly once; and, for the latest quarter scored, linked trainees whose details differ from ESR's (which details, not their values) and placements ESR does not hold as the deanery does. The CSV opens safely in a spreadsheet.",
		Tables: []*TableBlock{fix}})

	notice := NewTableBlock("notice_"+low, "Notice per trust and quarter of start (England and Wales last)", moveNationalLast(dd.notice.of(d), dd.notice.of("ALL")))
	nchart, err := newChart("chart-notice", "Share of placements sent with at least 12 weeks' notice, beside England and Wales", notice,
		Plot{Line: true, Cat: "quarter", Series: "deanery_code", Values: []string{"compliance_rate"}, Fixed: []string{"ALL"},
			X: "Quarter of the placement start", Y: "Share with 12 weeks' notice"})
	if err != nil {
		return nil, err
	}
	secs = append(secs, &Section{ID: "notice", Title: "Notice compliance",
		Intro:  "Placements approved, not withdrawn, of a type sent to ESR, by quarter of start: notice from the first APP file (not quarantined) that carried them; compliant at 84 days (12 weeks) or more. A placement counts for the lead employer of its post. The dashed line is England and Wales.",
		Charts: []*Chart{nchart}})

	rej := NewTableBlock("rejections_"+low, "Rejections per trust, quarter and reason", without(dd.rejections.of(d), "deanery_code"))
	rsec := &Section{ID: "rejections", Title: "Rejections",
		Intro: "APC: APP records ESR refused, for the trust of the position; DCC: notifications ESR refused, for the trust of the notification; UPDATE_APPLY: person records from ESR the deanery could not apply; FILE: files rejected whole (these two name no trust). By quarter of the file date."}
	if len(rej.Table.Rows) == 0 {
		rsec.Notes = append(rsec.Notes, "ESR rejected nothing of this deanery's in the period.")
		rsec.Tables = append(rsec.Tables, rej)
	} else {
		rchart, err := newChart("chart-rejections", "Rejections per quarter, by source and reason", rej,
			Plot{Cat: "quarter", Series: "reason", Values: []string{"count"}, Stacked: true, Views: true, X: "Quarter of the file date", Y: "Records rejected"})
		if err != nil {
			return nil, err
		}
		rsec.Charts = append(rsec.Charts, rchart)
	}
	secs = append(secs, rsec)

	recon := NewTableBlock("post_reconciliation_"+low, "Post roles by state per trust, "+per.To, without(dd.recon.of(d), "deanery_code"))
	secs = append(secs, &Section{ID: "reconciliation", Title: "Post reconciliation",
		Intro:  "Roles of current posts at the data's end, per trust: reconciled when exactly one live ESR position carries the DPN at the trust's VPD. Posts to fix are in the list of mismatches.",
		Tables: []*TableBlock{recon}})

	sv := without(dd.savings.of(d), "deanery_code")
	sec := savingsIntro(sv)
	sb := NewTableBlock("savings_"+low, "Savings per trust and year", sv)
	sb.PageSize = 20
	sch, err := savingsChart(sb)
	if err != nil {
		return nil, err
	}
	sec.Charts = append(sec.Charts, sch)
	secs = append(secs, sec)

	secs = append(secs, &Section{ID: "as-of", Title: "As of",
		Intro:  "The latest file loaded of each exchange with ESR: every figure above is as of these dates.",
		Tables: []*TableBlock{NewTableBlock("exchange_as_of_"+low, "Latest file per exchange", asof)}})
	page.Sections = secs
	return page, nil
}

// dashboardAlignment: the deanery's scores per trust for a quarter, their
// trend beside England and Wales, and agreement by detail.
func dashboardAlignment(dd *dashboardData, d, latest string) ([]*Section, error) {
	low := strings.ToLower(d)
	wide := NewTableBlock("alignment_"+low, "Alignment per trust (all trusts first), with England and Wales", without(dd.wide.of(d), "deanery_code"))
	wide.snapshot = true
	sec := &Section{ID: "alignment", Title: "Alignment",
		Intro:  "How far the deanery system and ESR agree at the end of each quarter, from 0% to 100%: person alignment (the average share of a linked trainee's details that agree), post alignment (posts ESR holds exactly once at every live employing trust) and placement alignment (placements starting in the quarter that ESR holds within 7 days). The table shows the quarter selected, else " + latest + "; changes are in percentage points on the previous quarter; E&W is England and Wales.",
		Tables: []*TableBlock{wide}}
	scores := dd.scores.of(d)
	national := dd.scores.of("ALL")
	trend := &Section{ID: "alignment-trend", Title: "Alignment over time",
		Intro: "Each score by quarter for the deanery, or the trust selected, beside England and Wales (dashed)."}
	for _, e := range []struct{ entity, id, title string }{
		{"PERSON", "person", "Person alignment"}, {"POST", "post", "Post alignment"}, {"PLACEMENT", "placement", "Placement alignment"}} {
		t := without(moveNationalLast(subset(scores, "entity", e.entity), subset(national, "entity", e.entity)), "entity", "national_score")
		b := NewTableBlock("alignment_trend_"+e.id+"_"+low, e.title+" per trust and quarter (England and Wales last)", t)
		ch, err := newChart("chart-alignment-"+e.id, e.title+" by quarter", b,
			Plot{Line: true, Cat: "quarter", Series: "deanery_code", Values: []string{"score"}, Fixed: []string{"ALL"}, X: "Quarter", Y: e.title, Height: 320})
		if err != nil {
			return nil, err
		}
		trend.Charts = append(trend.Charts, ch)
	}
	fields := moveNationalLast(dd.fields.of(d), dd.fields.of("ALL"))
	fb := NewTableBlock("alignment_fields_"+low, "Agreement by detail, trust and quarter (England and Wales last)", fields)
	fb.snapshot = true
	fchart, err := newChart("chart-alignment-fields", "Agreement by detail, beside England and Wales", fb,
		Plot{Cat: "field", Series: "deanery_code", Values: []string{"agreement"}, Fixed: []string{"ALL"}, X: "Detail (person details, then placement details)", Y: "Agreement"})
	if err != nil {
		return nil, err
	}
	fsec := &Section{ID: "alignment-fields", Title: "Agreement by detail",
		Intro:  "Of the linked trainees, the share on which each detail agrees with ESR (both empty: not counted; one side empty: counted as disagreeing, and as incomplete); for placements ESR holds, the share whose start, end, grade and WTE agree. For the quarter selected, else " + latest + "; per trust for the last eight quarters scored.",
		Charts: []*Chart{fchart}}
	return []*Section{sec, trend, fsec}, nil
}

// linkSection explains each of the deanery's person links: how each field
// compared and the evidence it gave.
func linkSection(dd *dashboardData, d string) *Section {
	if !dd.linkage {
		return notAvailable("links", "Why each pair is linked", "no person linkage run is in the warehouse.")
	}
	b := NewTableBlock("links_"+strings.ToLower(d), "Each link and every field's contribution (weakest links first)", without(dd.links.of(d), "deanery_code"))
	b.Find = true
	b.Compact = true
	b.PageSize = 15
	return &Section{ID: "links", Title: "Why each pair is linked",
		Intro:  "Each trainee linked to an ESR person: how the link was made (ESR's assignment id, GMC number with date of birth, NI number with date of birth, or the probabilistic model), the model's match weight and probability, and for every detail how the two records compared and the evidence it gave in bits (positive for a match, negative against; empty when a side has no value). Find a trainee by id or ESR person number. The trust is the trainee's latest. The words are explained under Terms used.",
		Tables: []*TableBlock{b}}
}

// moveNationalLast appends the England and Wales rows to a deanery's rows,
// with deanery_code ALL and, when the table has one, trust_code ALL.
func moveNationalLast(t, national *tabular.Table) *tabular.Table {
	if tc := col(national, "trust_code"); tc >= 0 {
		national = subset(national, "trust_code", "ALL")
	}
	return concat(t, national)
}
