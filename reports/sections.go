package reports

import (
	"context"
	"fmt"

	"deanery/reports/tabular"
)

// The sections shared by the pages. Each reads its figures from a report
// view (sql/migrations/0008_report_views.sql); Go only lays them out.

// volumeSections: applicants created per deanery and quarter (stacked, or
// one deanery at a time), the national volumes, and adoption.
func volumeSections(ctx context.Context, s *source) ([]*Section, error) {
	long, err := s.table(ctx, `SELECT quarter, deanery_code, applicants_created FROM report_volume WHERE deanery_code <> 'ALL' ORDER BY quarter, deanery_code`)
	if err != nil {
		return nil, err
	}
	cats, series := seriesByColumn(long, "quarter", "deanery_code", "applicants_created")
	stacked, err := barChart("chart-volume", "Applicants created through the recruitment interface, per deanery", "applicants", cats, series, true)
	if err != nil {
		return nil, err
	}
	for _, sr := range series {
		stacked.Views = append(stacked.Views, sr.Name)
	}
	wide, err := s.table(ctx, `SELECT * FROM (PIVOT (SELECT quarter, deanery_code, applicants_created FROM report_volume)
		ON deanery_code USING sum(applicants_created) GROUP BY quarter) ORDER BY quarter`)
	if err != nil {
		return nil, err
	}
	wideBlock := NewTableBlock("volume_by_deanery", "Applicants created (APC SUCCESS NEW) per quarter of the APC file date; ALL = England and Wales", wide)

	national, err := s.table(ctx, `SELECT quarter, applicants_created, internal_transfers, manual_hires, app_failed AS rejections, app_records
		FROM report_volume WHERE deanery_code = 'ALL' ORDER BY quarter`)
	if err != nil {
		return nil, err
	}
	ncats, nseries := columns(national, "quarter", "applicants_created", "internal_transfers", "manual_hires", "rejections")
	nchart, err := lineChart("chart-volume-national", "England and Wales: interface hires, manual hires and rejections", "records", ncats, nseries)
	if err != nil {
		return nil, err
	}
	all, err := s.table(ctx, `SELECT * FROM report_volume WHERE deanery_code <> 'ALL' ORDER BY deanery_code, quarter`)
	if err != nil {
		return nil, err
	}

	adoption, err := s.table(ctx, `SELECT quarter, deanery_code, live_trusts FROM report_adoption WHERE deanery_code <> 'ALL' ORDER BY quarter, deanery_code`)
	if err != nil {
		return nil, err
	}
	acats, aseries := seriesByColumn(adoption, "quarter", "deanery_code", "live_trusts")
	achart, err := barChart("chart-adoption", "Organisations live on the recruitment interface at quarter end, per deanery", "trusts", acats, aseries, true)
	if err != nil {
		return nil, err
	}
	for _, sr := range aseries {
		achart.Views = append(achart.Views, sr.Name)
	}
	adoptionWide, err := s.table(ctx, `SELECT * FROM (PIVOT (SELECT quarter, deanery_code, live_trusts FROM report_adoption)
		ON deanery_code USING sum(live_trusts) GROUP BY quarter) ORDER BY quarter`)
	if err != nil {
		return nil, err
	}
	return []*Section{
		{ID: "volume", Title: "Volume per deanery",
			Intro:  "Applicants created through the recruitment interface: APC records SUCCESS, type NEW, by quarter of the APC file date, from 2010Q1 to the latest quarter. Use the buttons to see one deanery at a time.",
			Charts: []*Chart{stacked}, Tables: []*TableBlock{wideBlock}},
		{ID: "volume-national", Title: "Transfers, manual hires and rejections",
			Intro:  "Internal transfers are APC SUCCESS TRANSFER (an existing assignment moved to the new post). Rejections are APC FAIL. Manual hires are assignment periods on training positions in ESR's staff extract that no APC success confirmed (keyed by hand: before go-live, unreconciled posts, after a failure); they are dated by the period start, because the staff extract does not carry the day the trust keyed the hire.",
			Charts: []*Chart{nchart},
			Tables: []*TableBlock{NewTableBlock("volume_national", "England and Wales per quarter", national), NewTableBlock("volume_all", "Every volume per deanery and quarter", all)}},
		{ID: "adoption", Title: "Adoption",
			Intro:  "Trusts whose recruitment go-live date (interface_pair) is on or before each quarter end.",
			Charts: []*Chart{achart}, Tables: []*TableBlock{NewTableBlock("adoption", "Live trusts per deanery at quarter end", adoptionWide)}},
	}, nil
}

// savingsSection: domain 9, the national figure per year and for the whole
// period, then per deanery and per trust.
func savingsSection(ctx context.Context, s *source, deanery string) (*Section, error) {
	where := "deanery_code = 'ALL'"
	args := []any{}
	if deanery != "" {
		where = "deanery_code = ?"
		args = append(args, deanery)
	}
	years, err := s.table(ctx, `SELECT year, period_from, period_to, applications, rate_gbp, saving_gbp, organisation_years, per_org_year_gbp,
		applications_per_org_year, published_per_org_year_gbp, published_applications_per_org_year
		FROM report_savings WHERE `+where+` AND trust_code = 'ALL' ORDER BY year = 'ALL', year`, args...)
	if err != nil {
		return nil, err
	}
	sec := &Section{ID: "savings", Title: "Savings estimate",
		Intro: "Applications are (placement, position) pairs with an APC SUCCESS, NEW or TRANSFER, counted once and dated by the APC file date. Saving = applications × rate. Organisation-years = Σ over trusts of the days the trust was live for recruitment in the year (up to the data's end) ÷ days in the year. The published figure is about £1,020 per organisation per year (= 418 applications × £2.44)."}
	for _, r := range years.Rows {
		if r[0] != "ALL" {
			continue
		}
		sec.Notes = append(sec.Notes, fmt.Sprintf("Whole period %s to %s: %s applications × £%s = £%s, over %s organisation-years: £%s per organisation per year (%s applications), beside the published £%s (%s applications).",
			r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10]))
	}
	sec.Tables = append(sec.Tables, NewTableBlock("savings_by_year", "Savings per year (ALL = whole period)", years))
	cats, series := columns(withoutAll(years, "year"), "year", "per_org_year_gbp", "published_per_org_year_gbp")
	ch, err := barChart("chart-savings", "Saving per organisation per year (£) beside the published £1,020", "£", cats, series, false)
	if err != nil {
		return nil, err
	}
	sec.Charts = append(sec.Charts, ch)
	if deanery == "" {
		byDeanery, err := s.table(ctx, `SELECT deanery_code, applications, rate_gbp, saving_gbp, organisation_years, per_org_year_gbp, applications_per_org_year
			FROM report_savings WHERE year = 'ALL' AND trust_code = 'ALL' AND deanery_code <> 'ALL' ORDER BY deanery_code`)
		if err != nil {
			return nil, err
		}
		sec.Tables = append(sec.Tables, NewTableBlock("savings_by_deanery", "Whole period per deanery", byDeanery))
		byDeaneryYear, err := s.table(ctx, `SELECT year, deanery_code, applications, rate_gbp, saving_gbp, organisation_years, per_org_year_gbp
			FROM report_savings WHERE year <> 'ALL' AND trust_code = 'ALL' AND deanery_code <> 'ALL' ORDER BY year, deanery_code`)
		if err != nil {
			return nil, err
		}
		sec.Tables = append(sec.Tables, NewTableBlock("savings_by_deanery_year", "Per deanery and year", byDeaneryYear))
	}
	byTrust, err := s.table(ctx, `SELECT deanery_code, trust_code, applications, rate_gbp, saving_gbp, organisation_years, per_org_year_gbp
		FROM report_savings WHERE year = 'ALL' AND trust_code <> 'ALL' AND deanery_code <> 'ALL'`+map[bool]string{true: " AND deanery_code = ?", false: ""}[deanery != ""]+`
		ORDER BY deanery_code, trust_code`, args...)
	if err != nil {
		return nil, err
	}
	sec.Tables = append(sec.Tables, NewTableBlock("savings_by_trust", "Whole period per trust", byTrust))
	return sec, nil
}

// withoutAll drops rows whose column is ALL.
func withoutAll(t *tabular.Table, column string) *tabular.Table {
	i := col(t, column)
	out := &tabular.Table{Columns: t.Columns}
	for j, r := range t.Rows {
		if r[i] == "ALL" {
			continue
		}
		out.Rows = append(out.Rows, r)
		if t.Nulls != nil {
			out.Nulls = append(out.Nulls, t.Nulls[j])
		}
	}
	return out
}

// notAvailable is the section shown when the quality tables are not there.
func notAvailable(id, title, what string) *Section {
	return &Section{ID: id, Title: title, Notes: []string{"Not computed yet: " + what}}
}
