package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"strconv"
	"strings"

	"deanery/reports/tabular"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Page is one self-contained HTML file: the charting library, every chart's
// options and every table are inside it, so it opens from disk with no
// network at all. Every value goes through html/template, so a name like
// <img src=x onerror=...> is shown as text.
type Page struct {
	Title    string
	Subtitle string
	Facts    []Fact // shown under the title: period, as-of dates, rate
	Sections []*Section
	// Filters, when set, put trust and quarter selectors at the top; table
	// rows carry data-trust and data-quarter and are hidden when they do
	// not match.
	Trusts   []string
	Quarters []string
}

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

// Chart is one ECharts chart; Option is the options object, marshalled
// with HTML escaping so that it cannot leave its script element.
type Chart struct {
	ID     string
	Height int
	Option template.JS
	// Views, when set, are the names of legend entries the page offers as
	// "one at a time" buttons beside an "all, stacked" button.
	Views []string
}

// TableBlock is a table with its CSV: a download link in the page (data URI)
// and, for reports written to a folder, a file of the same name.
type TableBlock struct {
	ID         string
	Caption    string
	Table      *tabular.Table
	CSVName    string
	TrustCol   int // column holding the trust for the filter, -1 for none
	QuarterCol int // column holding the quarter for the filter, -1 for none
	MaxRows    int // rows shown in the page (0 = all); the CSV has every row
}

// CSV returns the table as spreadsheet-safe CSV.
func (b *TableBlock) CSV() []byte {
	var buf bytes.Buffer
	_ = b.Table.WriteCSV(&buf)
	return buf.Bytes()
}

// CSVHref is the download link's target.
func (b *TableBlock) CSVHref() template.URL {
	return template.URL("data:text/csv;charset=utf-8," + url.PathEscape(string(b.CSV())))
}

type tableView struct {
	*TableBlock
	Rows    []rowView
	Hidden  int
	Numeric []bool
}

type rowView struct {
	Cells   []string
	Trust   string
	Quarter string
}

func (b *TableBlock) view() tableView {
	v := tableView{TableBlock: b, Numeric: make([]bool, len(b.Table.Columns))}
	for i := range b.Table.Columns {
		num := len(b.Table.Rows) > 0
		for _, r := range b.Table.Rows {
			if r[i] == "" {
				continue
			}
			if _, err := strconv.ParseFloat(r[i], 64); err != nil {
				num = false
				break
			}
		}
		v.Numeric[i] = num
	}
	for i, r := range b.Table.Rows {
		if b.MaxRows > 0 && i >= b.MaxRows {
			v.Hidden = len(b.Table.Rows) - b.MaxRows
			break
		}
		rv := rowView{Cells: r}
		if b.TrustCol >= 0 && b.TrustCol < len(r) {
			rv.Trust = r[b.TrustCol]
		}
		if b.QuarterCol >= 0 && b.QuarterCol < len(r) {
			rv.Quarter = r[b.QuarterCol]
		}
		v.Rows = append(v.Rows, rv)
	}
	return v
}

// NewTableBlock wraps a table; the CSV file name is id + ".csv".
func NewTableBlock(id, caption string, t *tabular.Table) *TableBlock {
	return &TableBlock{ID: id, Caption: caption, Table: t, CSVName: id + ".csv", TrustCol: col(t, "trust_code"), QuarterCol: col(t, "quarter")}
}

func col(t *tabular.Table, name string) int {
	for i, c := range t.Columns {
		if c == name {
			return i
		}
	}
	return -1
}

// Series is one line or bar series of a chart.
type Series struct {
	Name   string
	Values []string // one per category, "" = no value
}

// barChart builds a bar chart's options with go-echarts; stacked puts every
// series on one stack.
func barChart(id, title, yName string, categories []string, series []Series, stacked bool) (*Chart, error) {
	bar := charts.NewBar()
	bar.SetGlobalOptions(commonOpts(title, yName)...)
	bar.SetXAxis(categories)
	for _, s := range series {
		data := make([]opts.BarData, len(s.Values))
		for i, v := range s.Values {
			data[i] = opts.BarData{Value: number(v)}
		}
		var so []charts.SeriesOpts
		if stacked {
			so = append(so, charts.WithBarChartOpts(opts.BarChart{Stack: "total"}))
		}
		bar.AddSeries(s.Name, data, so...)
	}
	bar.Validate()
	return chartFrom(id, bar.JSON())
}

// lineChart builds a line chart's options with go-echarts.
func lineChart(id, title, yName string, categories []string, series []Series) (*Chart, error) {
	line := charts.NewLine()
	line.SetGlobalOptions(commonOpts(title, yName)...)
	line.SetXAxis(categories)
	for _, s := range series {
		data := make([]opts.LineData, len(s.Values))
		for i, v := range s.Values {
			data[i] = opts.LineData{Value: number(v)}
		}
		line.AddSeries(s.Name, data)
	}
	line.Validate()
	return chartFrom(id, line.JSON())
}

func commonOpts(title, yName string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithTitleOpts(opts.Title{Title: title, Left: "left", TitleStyle: &opts.TextStyle{FontSize: 14}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Top: "24"}),
		charts.WithGridOpts(opts.Grid{Top: "64", Left: "56", Right: "24", Bottom: "40", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Name: yName}),
		charts.WithAnimation(false),
	}
}

func chartFrom(id string, option map[string]any) (*Chart, error) {
	b, err := json.Marshal(option) // escapes <, > and &: safe inside <script>
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", id, err)
	}
	return &Chart{ID: id, Height: 360, Option: template.JS(b)}, nil
}

// number turns a table cell into a chart value: a number, or nil (a gap).
func number(s string) any {
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil
	}
	return f
}

// Render writes the page.
func (p *Page) Render(w io.Writer) error {
	lib, err := echartsJS()
	if err != nil {
		return err
	}
	return pageTemplate.Execute(w, struct {
		*Page
		Library template.JS
		Version string
	}{p, template.JS(lib), EChartsVersion()})
}

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"view":  func(b *TableBlock) tableView { return b.view() },
	"join":  strings.Join,
	"isnum": func(v tableView, i int) bool { return v.Numeric[i] },
}).Parse(pageHTML))

const pageHTML = `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: "Segoe UI", Arial, Helvetica, sans-serif; color: #1d2733; margin: 0 auto; max-width: 1180px; padding: 16px 24px 48px; line-height: 1.4; }
h1 { font-size: 24px; margin: 8px 0 4px; color: #005eb8; }
h2 { font-size: 19px; margin: 28px 0 6px; padding-top: 8px; border-top: 2px solid #005eb8; }
h3 { font-size: 15px; margin: 14px 0 4px; }
p.sub { margin: 0 0 8px; color: #4c6272; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 12px; font-size: 14px; }
dl.facts dt { color: #4c6272; } dl.facts dd { margin: 0; }
nav.toc { font-size: 13px; margin: 8px 0; } nav.toc a { margin-right: 12px; color: #005eb8; }
.note { color: #4c6272; font-size: 13px; margin: 4px 0; }
.chart { width: 100%; min-height: 240px; margin: 8px 0; }
.views button { font-size: 12px; margin: 0 4px 4px 0; padding: 2px 8px; border: 1px solid #9aa7b3; background: #fff; border-radius: 3px; cursor: pointer; }
.views button.on { background: #005eb8; color: #fff; border-color: #005eb8; }
.tablewrap { overflow-x: auto; margin: 4px 0 12px; }
table { border-collapse: collapse; font-size: 12.5px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid #d8dde0; padding: 3px 7px; text-align: left; vertical-align: top; white-space: nowrap; }
th { background: #f0f4f5; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.hidden { display: none; }
a.csv { font-size: 12px; color: #005eb8; }
.filters { background: #f0f4f5; padding: 8px 12px; margin: 8px 0; font-size: 14px; position: sticky; top: 0; z-index: 5; }
.filters select { margin: 0 16px 0 4px; }
.empty { background: #fff9c4; border-left: 4px solid #ffb81c; padding: 8px 12px; font-size: 14px; }
#render-status { display: none; }
@media print {
  body { max-width: none; padding: 0; }
  .filters, .views, a.csv, nav.toc { display: none; }
  h2 { break-before: auto; break-after: avoid; }
  .chart, table { break-inside: avoid; }
  th { position: static; }
}
</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{if .Subtitle}}<p class="sub">{{.Subtitle}}</p>{{end}}
{{if .Facts}}<dl class="facts">{{range .Facts}}<dt>{{.Label}}</dt><dd>{{.Value}}</dd>{{end}}</dl>{{end}}
<nav class="toc">{{range .Sections}}<a href="#{{.ID}}">{{.Title}}</a>{{end}}</nav>
{{if or .Trusts .Quarters}}<div class="filters" id="filters">Show
{{if .Trusts}}<label>trust <select id="filter-trust"><option value="">all trusts</option>{{range .Trusts}}<option>{{.}}</option>{{end}}</select></label>{{end}}
{{if .Quarters}}<label>quarter <select id="filter-quarter"><option value="">all quarters</option>{{range .Quarters}}<option>{{.}}</option>{{end}}</select></label>{{end}}
<span class="note">Filters apply to the tables; charts show every trust and quarter.</span></div>{{end}}
{{range .Sections}}
<section id="{{.ID}}">
<h2>{{.Title}}</h2>
{{if .Intro}}<p>{{.Intro}}</p>{{end}}
{{range .Notes}}<p class="note">{{.}}</p>{{end}}
{{range .Charts}}
{{if .Views}}<div class="views" data-chart="{{.ID}}"><button type="button" class="on" data-view="">All, stacked</button>{{range .Views}}<button type="button" data-view="{{.}}">{{.}}</button>{{end}}</div>{{end}}
<div class="chart" id="{{.ID}}" style="height: {{.Height}}px"></div>
<script type="text/javascript">window.__charts = window.__charts || []; window.__charts.push({id: "{{.ID}}", option: {{.Option}}});</script>
{{end}}
{{range .Tables}}{{$v := view .}}
<div class="tablewrap">
<table id="{{.ID}}">
<caption>{{.Caption}} <a class="csv" download="{{.CSVName}}" href="{{.CSVHref}}">CSV</a></caption>
<thead><tr>{{range .Table.Columns}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range $v.Rows}}<tr{{if .Trust}} data-trust="{{.Trust}}"{{end}}{{if .Quarter}} data-quarter="{{.Quarter}}"{{end}}>{{range $i, $c := .Cells}}<td{{if isnum $v $i}} class="num"{{end}}>{{$c}}</td>{{end}}</tr>{{end}}</tbody>
</table>
{{if $v.Hidden}}<p class="note">{{$v.Hidden}} more rows in the CSV.</p>{{end}}
{{if not .Table.Rows}}<p class="note">No rows.</p>{{end}}
</div>
{{end}}
</section>
{{end}}
<pre id="render-status">pending</pre>
<p class="note">Charts: Apache ECharts {{.Version}}, inlined; this page makes no network request.</p>
<script type="text/javascript">
window.__errors = [];
window.addEventListener("error", function (e) { window.__errors.push(String(e.message || e)); });
(function () { var ce = console.error; console.error = function () { window.__errors.push(Array.prototype.join.call(arguments, " ")); ce.apply(console, arguments); }; })();
</script>
<script type="text/javascript">{{.Library}}</script>
<script type="text/javascript">
(function () {
  var made = {};
  (window.__charts || []).forEach(function (c) {
    try {
      var ch = echarts.init(document.getElementById(c.id), null, {renderer: "canvas"});
      ch.setOption(c.option);
      made[c.id] = ch;
    } catch (e) { window.__errors.push(c.id + ": " + e); }
  });
  window.addEventListener("resize", function () { Object.keys(made).forEach(function (k) { made[k].resize(); }); });
  window.addEventListener("beforeprint", function () { Object.keys(made).forEach(function (k) { made[k].resize(); }); });
  document.querySelectorAll(".views").forEach(function (box) {
    var ch = made[box.getAttribute("data-chart")];
    box.querySelectorAll("button").forEach(function (b) {
      b.addEventListener("click", function () {
        var want = b.getAttribute("data-view");
        box.querySelectorAll("button").forEach(function (o) { o.classList.toggle("on", o === b); });
        if (!ch) { return; }
        var sel = {};
        ch.getOption().series.forEach(function (s) { sel[s.name] = !want || s.name === want; });
        ch.setOption({legend: {selected: sel}});
      });
    });
  });
  function applyFilters() {
    var t = document.getElementById("filter-trust"), q = document.getElementById("filter-quarter");
    var tv = t ? t.value : "", qv = q ? q.value : "";
    document.querySelectorAll("tbody tr").forEach(function (r) {
      var rt = r.getAttribute("data-trust"), rq = r.getAttribute("data-quarter");
      var hide = (tv && rt !== null && rt !== tv && rt !== "ALL") || (qv && rq !== null && rq !== qv);
      r.classList.toggle("hidden", !!hide);
    });
  }
  ["filter-trust", "filter-quarter"].forEach(function (id) { var s = document.getElementById(id); if (s) { s.addEventListener("change", applyFilters); } });
  var canvases = document.querySelectorAll(".chart canvas").length;
  document.getElementById("render-status").textContent = JSON.stringify({
    charts: (window.__charts || []).length, rendered: Object.keys(made).length, canvases: canvases,
    errors: window.__errors, resources: performance.getEntriesByType("resource").length
  });
})();
</script>
</body>
</html>
`
