package reports

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strconv"

	"deanery/reports/tabular"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Page is one self-contained HTML file: the charting library, every
// chart's options and every table are inside it, so it opens from disk
// with no network at all.
//
// Each table is embedded once, as the CSV text tabular writes (the one
// place that makes a cell safe for a spreadsheet): the download link hands
// out exactly those bytes, the page's script draws the table from them,
// and each chart draws from its own table. So a chart, its table and its
// CSV cannot disagree, and the trust and quarter filters, which select
// rows, change all three alike. Text reaches the page only as JSON inside
// a script element (html/template escapes it) and is put into the
// document as text, never as markup: a name like <img src=x onerror=...>
// is shown as written.
type Page struct {
	Title    string
	Subtitle string
	Facts    []Fact // shown under the title: period, as-of dates, rate
	Sections []*Section
	// Trusts and Quarters, when set, put trust and quarter selectors at the
	// top. Tables with a trust or quarter column, and the charts drawn from
	// them, show only the rows selected.
	Trusts   []Choice
	Quarters []string
	// Quarter is the quarter a chart of one quarter's figures shows when
	// no quarter is selected.
	Quarter string
	// Axis is every quarter of the data, in order: a chart over time has
	// one point per quarter, whether or not anything was counted in it.
	Axis     []string
	Glossary []Term
}

// Choice is an option of a selector.
type Choice struct{ Value, Label string }

// Fact is a label and value shown under the page title.
type Fact struct{ Label, Value string }

// Section is a heading with text, charts and tables.
type Section struct {
	ID     string
	Title  string
	Intro  string
	Notes  []string
	Charts []*Chart
	Tables []*TableBlock
}

// TableBlock is a table of a page with its CSV download; a report written
// to a folder also writes the CSV beside the page under the same name.
type TableBlock struct {
	ID      string
	Caption string
	Table   *tabular.Table
	CSVName string
	// PageSize is the rows shown at a time (0: 25); the CSV has every row.
	PageSize int
	// Find offers a search box over the table's rows.
	Find bool
	// Compact sets the table in a smaller type, for one with many columns.
	Compact bool
	// trustCol and quarterCol hold the columns the filters read (-1: none);
	// upTo makes the quarter filter keep every quarter up to the one
	// selected (the table of a trend chart) instead of that quarter only.
	trustCol, quarterCol int
	upTo                 bool
	// snapshot shows one quarter's rows, the page's Quarter when none is
	// selected.
	snapshot bool
}

// NewTableBlock wraps a table; the CSV file name is id + ".csv".
func NewTableBlock(id, caption string, t *tabular.Table) *TableBlock {
	return &TableBlock{ID: id, Caption: caption, Table: t, CSVName: id + ".csv", trustCol: col(t, "trust_code"), quarterCol: col(t, "quarter")}
}

// CSV returns the table as spreadsheet-safe CSV (tabular.WriteCSV).
func (b *TableBlock) CSV() []byte {
	var buf bytes.Buffer
	_ = b.Table.WriteCSV(&buf)
	return buf.Bytes()
}

type tableData struct {
	ID  string `json:"id"`
	CSV string `json:"csv,omitempty"`
	// GZ is the CSV gzipped, in base64, for a large table; the page
	// inflates it (DecompressionStream) before drawing.
	GZ       string                       `json:"gz,omitempty"`
	Name     string                       `json:"name"`
	Labels   []string                     `json:"labels"`
	Formats  []string                     `json:"formats"`
	Values   map[string]map[string]string `json:"values,omitempty"`
	Trust    int                          `json:"trust"`
	Quarter  int                          `json:"quarter"`
	UpTo     bool                         `json:"upTo,omitempty"`
	Snapshot bool                         `json:"snapshot,omitempty"`
	PageSize int                          `json:"pageSize"`
	Find     bool                         `json:"find,omitempty"`
	Compact  bool                         `json:"compact,omitempty"`
}

func (b *TableBlock) data() (template.JS, error) {
	t := b.Table
	csv := b.CSV()
	d := tableData{ID: b.ID, Name: b.CSVName, Trust: b.trustCol, Quarter: b.quarterCol,
		UpTo: b.upTo, Snapshot: b.snapshot, PageSize: b.PageSize, Find: b.Find, Compact: b.Compact}
	if d.PageSize <= 0 {
		d.PageSize = 25
	}
	if len(csv) > gzipFrom {
		var z bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
		zw.Write(csv)
		if err := zw.Close(); err != nil {
			return "", fmt.Errorf("table %s: %w", b.ID, err)
		}
		d.GZ = base64.StdEncoding.EncodeToString(z.Bytes())
	} else {
		d.CSV = string(csv)
	}
	for i, c := range t.Columns {
		d.Labels = append(d.Labels, label(c))
		d.Formats = append(d.Formats, format(c, numericColumn(t, i)))
		if v, ok := valueLabels[c]; ok {
			if d.Values == nil {
				d.Values = map[string]map[string]string{}
			}
			d.Values[strconv.Itoa(i)] = v
		}
	}
	j, err := json.Marshal(d) // escapes <, > and &: safe inside <script>
	if err != nil {
		return "", fmt.Errorf("table %s: %w", b.ID, err)
	}
	return template.JS(j), nil
}

// gzipFrom is the size of CSV from which a page carries a table gzipped:
// a dashboard of a large deanery holds tens of thousands of rows (every
// link, every mismatch) and must stay within a few megabytes.
var gzipFrom = 32 << 10

func numericColumn(t *tabular.Table, i int) bool {
	seen := false
	for _, r := range t.Rows {
		if r[i] == "" {
			continue
		}
		if _, err := strconv.ParseFloat(r[i], 64); err != nil {
			return false
		}
		seen = true
	}
	return seen
}

func col(t *tabular.Table, name string) int {
	for i, c := range t.Columns {
		if c == name {
			return i
		}
	}
	return -1
}

// Chart is one ECharts chart drawn from its table.
type Chart struct {
	ID     string
	Height int
	Table  *TableBlock
	Views  bool // offer "one series at a time" buttons
	spec   template.JS
}

// Plot says what a chart draws from its table.
type Plot struct {
	Line    bool // a line chart; else bars
	Stacked bool // bars on one stack
	Cat     string
	// Series names the column whose values are the series; empty: one
	// series per Values column.
	Series string
	Values []string
	X, Y   string // axis names, with the unit
	// Fixed are values of the Series column drawn whatever trust is
	// selected (the national comparison); the other series are the
	// selected trust's, or the whole deanery's.
	Fixed  []string
	Views  bool
	Height int
}

type chartSpec struct {
	ID      string          `json:"id"`
	Table   string          `json:"table"`
	Option  json.RawMessage `json:"option"`
	Line    bool            `json:"line,omitempty"`
	Stacked bool            `json:"stacked,omitempty"`
	Cat     int             `json:"cat"`
	Series  int             `json:"series"`
	Values  []int           `json:"values"`
	Fixed   []string        `json:"fixed,omitempty"`
	Trend   string          `json:"trend,omitempty"` // quarter or year: the axis is time
	Percent bool            `json:"percent,omitempty"`
	Views   bool            `json:"views,omitempty"`
}

// newChart builds a chart of table t: go-echarts writes the options (title,
// axes, legend, tooltip, series type), the page's script puts in the data
// of the rows the filters select.
func newChart(id, title string, t *TableBlock, p Plot) (*Chart, error) {
	sp := chartSpec{ID: id, Table: t.ID, Line: p.Line, Stacked: p.Stacked, Cat: col(t.Table, p.Cat), Series: -1, Fixed: p.Fixed, Views: p.Views}
	if sp.Cat < 0 {
		return nil, fmt.Errorf("chart %s: table %s has no column %s", id, t.ID, p.Cat)
	}
	if p.Series != "" {
		if sp.Series = col(t.Table, p.Series); sp.Series < 0 {
			return nil, fmt.Errorf("chart %s: table %s has no column %s", id, t.ID, p.Series)
		}
	}
	sp.Percent = true
	for _, v := range p.Values {
		i := col(t.Table, v)
		if i < 0 {
			return nil, fmt.Errorf("chart %s: table %s has no column %s", id, t.ID, v)
		}
		sp.Values = append(sp.Values, i)
		if f := format(v, true); f != fmtShare {
			sp.Percent = false
		}
	}
	switch p.Cat {
	case "quarter":
		sp.Trend = "quarter"
		t.upTo = true
	case "year":
		sp.Trend = "year"
		t.upTo = true
	}
	opt, err := skeleton(title, p)
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", id, err)
	}
	sp.Option = opt
	j, err := json.Marshal(sp)
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", id, err)
	}
	h := p.Height
	if h == 0 {
		h = 380
	}
	return &Chart{ID: id, Height: h, Table: t, Views: p.Views, spec: template.JS(j)}, nil
}

// skeleton is the chart's ECharts options without data.
func skeleton(title string, p Plot) (json.RawMessage, error) {
	global := []charts.GlobalOpts{
		charts.WithTitleOpts(opts.Title{Title: title, Left: "left", TitleStyle: &opts.TextStyle{FontSize: 14},
			SubtitleStyle: &opts.TextStyle{FontSize: 12, Color: "#4c6272"}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0", Left: "center"}),
		charts.WithGridOpts(opts.Grid{Top: "78", Left: "16", Right: "32", Bottom: "62", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Name: p.X, NameLocation: "middle", NameGap: 30}),
		charts.WithYAxisOpts(opts.YAxis{Name: p.Y, NameLocation: "end"}),
		charts.WithAnimation(false),
	}
	var option map[string]any
	if p.Line {
		c := charts.NewLine()
		c.SetGlobalOptions(global...)
		c.SetXAxis([]string{})
		c.AddSeries("", []opts.LineData{})
		c.Validate()
		option = c.JSON()
	} else {
		c := charts.NewBar()
		c.SetGlobalOptions(global...)
		c.SetXAxis([]string{})
		var so []charts.SeriesOpts
		if p.Stacked {
			so = append(so, charts.WithBarChartOpts(opts.BarChart{Stack: "total"}))
		}
		c.AddSeries("", []opts.BarData{}, so...)
		c.Validate()
		option = c.JSON()
	}
	b, err := json.Marshal(option)
	return b, err
}

// Render writes the page.
func (p *Page) Render(w io.Writer) error {
	lib, err := echartsJS()
	if err != nil {
		return err
	}
	var tables []template.JS
	var charts []template.JS
	for _, t := range p.tables() {
		d, err := t.data()
		if err != nil {
			return err
		}
		tables = append(tables, d)
	}
	for _, s := range p.Sections {
		for _, c := range s.Charts {
			charts = append(charts, c.spec)
		}
	}
	trusts := make([]string, len(p.Trusts))
	for i, t := range p.Trusts {
		trusts[i] = t.Value
	}
	meta, err := json.Marshal(struct {
		Quarter  string   `json:"quarter"`
		Trusts   []string `json:"trusts"`
		Quarters []string `json:"quarters"`
		Axis     []string `json:"axis"`
	}{p.Quarter, trusts, p.Quarters, p.Axis})
	if err != nil {
		return err
	}
	return pageTemplate.Execute(w, struct {
		*Page
		Tables  []template.JS
		Charts  []template.JS
		Meta    template.JS
		Library template.JS
		Script  template.JS
		Style   template.CSS
		Version string
	}{p, tables, charts, template.JS(meta), template.JS(lib), template.JS(pageJS), template.CSS(pageCSS), EChartsVersion()})
}

//go:embed web/page.js
var pageJS string

//go:embed web/page.css
var pageCSS string

var pageTemplate = template.Must(template.New("page").Parse(pageHTML))

const pageHTML = `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>{{.Style}}</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
{{if .Subtitle}}<p class="sub">{{.Subtitle}}</p>{{end}}
{{if .Facts}}<dl class="facts">{{range .Facts}}<dt>{{.Label}}</dt><dd>{{.Value}}</dd>{{end}}</dl>{{end}}
<nav class="toc">{{range .Sections}}<a href="#{{.ID}}">{{.Title}}</a> {{end}}{{if .Glossary}}<a href="#glossary">Terms used</a>{{end}}</nav>
</header>
<noscript><p class="empty">This page draws its charts and tables with JavaScript: allow scripts for this file (it makes no network request).</p></noscript>
{{if or .Trusts .Quarters}}<div class="filters" id="filters"><strong>Show</strong>
{{if .Trusts}}<label>trust <select id="filter-trust"><option value="">all trusts of the deanery</option>{{range .Trusts}}<option value="{{.Value}}">{{.Label}}</option>{{end}}</select></label>{{end}}
{{if .Quarters}}<label>quarter <select id="filter-quarter"><option value="">every quarter</option>{{range .Quarters}}<option>{{.}}</option>{{end}}</select></label>{{end}}
<span class="note" id="filter-note">Charts and tables follow the selection; a chart over time runs up to the quarter selected.</span></div>{{end}}
<main>
{{range .Sections}}
<section id="{{.ID}}">
<h2>{{.Title}}</h2>
{{if .Intro}}<p class="intro">{{.Intro}}</p>{{end}}
{{range .Notes}}<p class="note">{{.}}</p>{{end}}
{{range .Charts}}
<figure class="chartbox">
{{if .Views}}<div class="views" data-chart="{{.ID}}"></div>{{end}}
<div class="chart" id="{{.ID}}" style="height: {{.Height}}px"></div>
<details class="charttable"><summary>Table of this chart</summary>
<div class="tbl" data-table="{{.Table.ID}}"><div class="tblhead"><span class="caption">{{.Table.Caption}}</span> <a class="csv" download="{{.Table.CSVName}}" href="#">Download CSV</a></div><div class="tablewrap"></div><div class="pager"></div></div>
</details>
</figure>
{{end}}
{{range .Tables}}
<div class="tbl" data-table="{{.ID}}"><div class="tblhead"><span class="caption">{{.Caption}}</span> <a class="csv" download="{{.CSVName}}" href="#">Download CSV</a></div><div class="tablewrap"></div><div class="pager"></div></div>
{{end}}
</section>
{{end}}
{{if .Glossary}}<section id="glossary"><h2>Terms used</h2><dl class="glossary">{{range .Glossary}}<dt>{{.Term}}</dt><dd>{{.Meaning}}</dd>{{end}}</dl></section>{{end}}
</main>
<p class="note foot">Charts: Apache ECharts {{.Version}}, inlined; this page makes no network request. Every table downloads as CSV; a cell that starts with =, +, - or @ is prefixed with ' so that a spreadsheet shows it as text.</p>
<pre id="render-status">pending</pre>
<script type="text/javascript">
window.__errors = [];
window.addEventListener("error", function (e) { window.__errors.push(String(e.message || e)); });
(function () { var ce = console.error; console.error = function () { window.__errors.push(Array.prototype.join.call(arguments, " ")); ce.apply(console, arguments); }; })();
window.__page = {{.Meta}};
window.__tables = [{{range $i, $t := .Tables}}{{if $i}},
{{end}}{{$t}}{{end}}];
window.__charts = [{{range $i, $c := .Charts}}{{if $i}},
{{end}}{{$c}}{{end}}];
</script>
<script type="text/javascript">{{.Library}}</script>
<script type="text/javascript">{{.Script}}</script>
</body>
</html>
`
