package reports

import (
	"context"
	stdsql "database/sql"
	"fmt"
)

// Volume writes the volume page (applicants created per deanery and
// quarter, stacked or one deanery at a time, with transfers, manual hires,
// rejections and adoption) and its CSVs into dir.
func Volume(ctx context.Context, db *stdsql.DB, dir string, opt Options) (*Written, error) {
	s, err := newSource(ctx, db, opt, quarterlyViews)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	per, err := s.period(ctx)
	if err != nil {
		return nil, err
	}
	secs, err := volumeSections(ctx, s)
	if err != nil {
		return nil, err
	}
	return writePage(dir, "volume", &Page{
		Title:    "Applicants created through the ESR recruitment interface",
		Subtitle: "Per deanery since 2010Q1, as on the ESR Deanery Interfaces page, with internal transfers, manual hires, rejections and adoption.",
		Facts:    []Fact{{"Data", per.From + " to " + per.To}, {"Quarters", per.FirstQuarter + " to " + per.LastQuarter}},
		Sections: secs,
		Glossary: glossary,
	}, true)
}

// Savings writes the savings page (domain 9) and its CSVs into dir.
func Savings(ctx context.Context, db *stdsql.DB, dir string, opt Options) (*Written, error) {
	s, err := newSource(ctx, db, opt, quarterlyViews)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	per, err := s.period(ctx)
	if err != nil {
		return nil, err
	}
	sec, err := savingsSection(ctx, s)
	if err != nil {
		return nil, err
	}
	rate := opt.Rate
	if rate <= 0 {
		rate = DefaultRate
	}
	return writePage(dir, "savings", &Page{
		Title:    "Savings from the ESR recruitment interface",
		Subtitle: "Applications × rate, per organisation-year, beside the published £1,020 per organisation per year.",
		Facts:    []Fact{{"Period", per.FirstQuarter[:4] + "-01-01 to " + per.To}, {"Rate", fmt.Sprintf("£%.2f per application", rate)}},
		Sections: []*Section{sec},
		Glossary: glossary,
	}, true)
}
