// Package reports writes the report pages: the volume and savings pages,
// the quarterly report for the central team (HTML, a CSV per table, PDF
// through browser) and one offline dashboard per deanery.
//
// Every figure is read from a documented report_* view of the warehouse
// (sql/migrations); Go only lays the figures out. A run reads the
// warehouse on one read-only connection and first computes the views the
// others build on once each, as temporary tables that take their place on
// that connection (source.cache), so that the quarterly report and the
// dashboards of a national warehouse take seconds, not minutes.
//
// A page (Page.Render) embeds each table once, as the CSV reports/tabular
// writes; the page's script (web/page.js) draws the table, its chart and
// its download from those bytes, and applies the dashboards' trust and
// quarter filters to all three. Column labels and formats are in
// labels.go; the CSV files keep the views' column names.
package reports
