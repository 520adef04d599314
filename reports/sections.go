package reports

import (
	"context"
	"fmt"
	"strings"

	"deanery/reports/tabular"
)

// The sections shared by the pages. Each reads its figures from a report
// view (sql/migrations/0008, 0010, 0012); Go only lays them out.

// volumeSections: applicants created per deanery and quarter (stacked, or
// one deanery at a time), the national volumes, and adoption.
func volumeSections(ctx context.Context, s *source) ([]*Section, error) {
	wide, err := s.table(ctx, `SELECT * FROM (PIVOT (SELECT quarter, deanery_code, applicants_created FROM report_volume)
		ON deanery_code USING sum(applicants_created) GROUP BY quarter) ORDER BY quarter DESC`)
	if err != nil {
		return nil, err
	}
	wideBlock := NewTableBlock("volume_by_deanery", "Applicants created per quarter and deanery", wide)
	stacked, err := newChart("chart-volume", "Applicants created through the recruitment interface, per deanery and quarter", wideBlock,
		Plot{Cat: "quarter", Values: deaneryColumns(wide), Stacked: true, X: "Quarter of the APC file date", Y: "Applicants created", Views: true, Height: 420})
	if err != nil {
		return nil, err
	}

	national, err := s.table(ctx, `SELECT quarter, applicants_created, internal_transfers, manual_hires, app_failed AS rejections, app_records
		FROM report_volume WHERE deanery_code = 'ALL' ORDER BY quarter DESC`)
	if err != nil {
		return nil, err
	}
	nb := NewTableBlock("volume_national", "England and Wales per quarter", national)
	nchart, err := newChart("chart-volume-national", "England and Wales: interface hires, manual hires and rejections per quarter", nb,
		Plot{Line: true, Cat: "quarter", Values: []string{"applicants_created", "internal_transfers", "manual_hires", "rejections"}, X: "Quarter", Y: "Records"})
	if err != nil {
		return nil, err
	}
	all, err := s.table(ctx, `SELECT deanery_code, quarter, applicants_created, internal_transfers, app_records, app_failed, manual_hires
		FROM report_volume WHERE deanery_code <> 'ALL' ORDER BY deanery_code, quarter DESC`)
	if err != nil {
		return nil, err
	}
	allBlock := NewTableBlock("volume_all", "Every volume per deanery and quarter", all)
	allBlock.PageSize = 20

	adoption, err := s.table(ctx, `SELECT * FROM (PIVOT (SELECT quarter, deanery_code, live_trusts FROM report_adoption)
		ON deanery_code USING sum(live_trusts) GROUP BY quarter) ORDER BY quarter DESC`)
	if err != nil {
		return nil, err
	}
	ab := NewTableBlock("adoption", "Trusts live at quarter end, per deanery", adoption)
	achart, err := newChart("chart-adoption", "Trusts live on the recruitment interface at each quarter end, per deanery", ab,
		Plot{Cat: "quarter", Values: deaneryColumns(adoption), Stacked: true, X: "Quarter", Y: "Trusts live", Views: true})
	if err != nil {
		return nil, err
	}
	return []*Section{
		{ID: "volume", Title: "Volume per deanery",
			Intro:  "Applicants created through the recruitment interface: APC records SUCCESS of type NEW, by quarter of the APC file date, from 2010Q1 to the latest quarter. The buttons show one deanery at a time.",
			Charts: []*Chart{stacked}},
		{ID: "volume-national", Title: "Transfers, manual hires and rejections",
			Intro:  "Internal transfers are APC SUCCESS of type TRANSFER (an existing ESR assignment moved to the new post). Rejections are APC FAIL. Manual hires are trainee assignment periods in ESR's staff extract (STF) that no APC success made: keyed by hand before a trust went live, on unreconciled posts, or after a failure; dated by the quarter of the first staff extract that shows them.",
			Charts: []*Chart{nchart}, Tables: []*TableBlock{allBlock}},
		{ID: "adoption", Title: "Adoption",
			Intro:  "Trusts whose go-live date for recruitment through the interface is on or before each quarter end.",
			Charts: []*Chart{achart}},
	}, nil
}

// deaneryColumns are the columns of a table pivoted by deanery, less the
// quarter and the national total.
func deaneryColumns(t *tabular.Table) []string {
	var out []string
	for _, c := range t.Columns {
		if c != "quarter" && c != "ALL" {
			out = append(out, c)
		}
	}
	return out
}

// savingsSection: domain 9 for England and Wales: per year and for the
// whole period, per deanery and per trust.
func savingsSection(ctx context.Context, s *source) (*Section, error) {
	years, err := s.table(ctx, `SELECT year, period_from, period_to, applications, rate_gbp, saving_gbp, organisation_years, per_org_year_gbp,
		applications_per_org_year, published_per_org_year_gbp FROM report_savings WHERE deanery_code = 'ALL' AND trust_code = 'ALL' ORDER BY year = 'ALL' DESC, year DESC`)
	if err != nil {
		return nil, err
	}
	sec := savingsIntro(years)
	yb := NewTableBlock("savings_by_year", "Savings per year (whole period first)", years)
	ch, err := savingsChart(yb)
	if err != nil {
		return nil, err
	}
	sec.Charts = append(sec.Charts, ch)
	byDeanery, err := s.table(ctx, `SELECT deanery_code, applications, rate_gbp, saving_gbp, organisation_years, per_org_year_gbp, applications_per_org_year
		FROM report_savings WHERE year = 'ALL' AND trust_code = 'ALL' ORDER BY deanery_code = 'ALL', deanery_code`)
	if err != nil {
		return nil, err
	}
	sec.Tables = append(sec.Tables, NewTableBlock("savings_by_deanery", "Whole period per deanery", byDeanery))
	byDeaneryYear, err := s.table(ctx, `SELECT year, deanery_code, applications, rate_gbp, saving_gbp, organisation_years, per_org_year_gbp
		FROM report_savings WHERE year <> 'ALL' AND trust_code = 'ALL' AND deanery_code <> 'ALL' ORDER BY year DESC, deanery_code`)
	if err != nil {
		return nil, err
	}
	dy := NewTableBlock("savings_by_deanery_year", "Per deanery and year", byDeaneryYear)
	dy.PageSize = 15
	sec.Tables = append(sec.Tables, dy)
	byTrust, err := s.table(ctx, `SELECT deanery_code, trust_code, applications, rate_gbp, saving_gbp, organisation_years, per_org_year_gbp
		FROM report_savings WHERE year = 'ALL' AND trust_code <> 'ALL' AND deanery_code <> 'ALL' ORDER BY deanery_code, trust_code`)
	if err != nil {
		return nil, err
	}
	tb := NewTableBlock("savings_by_trust", "Whole period per trust", byTrust)
	tb.PageSize = 15
	tb.Find = true
	sec.Tables = append(sec.Tables, tb)
	return sec, nil
}

const savingsYearsQuery = `SELECT deanery_code, trust_code, year, period_from, period_to, applications, rate_gbp, saving_gbp, organisation_years, per_org_year_gbp,
		applications_per_org_year, published_per_org_year_gbp FROM report_savings`

// savingsIntro is the savings section with its derivation, from the rows
// row of years (report_savings) whose year is ALL (and trust ALL, when
// the table has trusts).
func savingsIntro(years *tabular.Table) *Section {
	sec := &Section{ID: "savings", Title: "Savings estimate",
		Intro: "Applications are (placement, position) pairs with an APC SUCCESS, NEW or TRANSFER, counted once and dated by the APC file date; each belongs to the trust of its position. Saving = applications × rate. Organisation-years = Σ over trusts of the days the trust was live for recruitment in the year (up to the data's end) ÷ days in the year. The published figure is about £1,020 per organisation per year (= 418 applications × £2.44)."}
	get := func(r []string, c string) string { return r[col(years, c)] }
	for _, r := range years.Rows {
		if get(r, "year") != "ALL" || (col(years, "trust_code") >= 0 && get(r, "trust_code") != "ALL") {
			continue
		}
		per := get(r, "per_org_year_gbp")
		if per == "" {
			per = "no figure (no organisation was live)"
		} else {
			per = "£" + per
		}
		sec.Notes = append(sec.Notes, fmt.Sprintf("Whole period %s to %s: %s applications × £%s = £%s, over %s organisation-years: %s per organisation per year (%s applications), beside the published £1,020 (418 applications).",
			get(r, "period_from"), get(r, "period_to"), get(r, "applications"), get(r, "rate_gbp"), get(r, "saving_gbp"),
			get(r, "organisation_years"), per, orDash(get(r, "applications_per_org_year"))))
	}
	return sec
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return s
}

func savingsChart(t *TableBlock) (*Chart, error) {
	return newChart("chart-savings", "Saving per organisation-year, beside the published £1,020", t,
		Plot{Cat: "year", Values: []string{"per_org_year_gbp", "published_per_org_year_gbp"}, X: "Year of the APC file date", Y: "£ per organisation-year"})
}

// notAvailable is the section shown when the quality tables are not there.
func notAvailable(id, title, what string) *Section {
	return &Section{ID: id, Title: title, Notes: []string{"Not computed yet: " + what}}
}
