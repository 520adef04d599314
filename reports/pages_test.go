package reports_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"deanery/reports"
	"deanery/reports/browser"
)

// gzipped records that some page carried a table gzipped.
var gzipped atomic.Bool

var statusRE = regexp.MustCompile(`<pre id="render-status">([^<]*)</pre>`)

// renderStatus is what a page's script reports once it has drawn
// everything: its charts (with the data each ECharts instance holds, read
// back from the instance), its tables, script errors, requests made.
type renderStatus struct {
	Charts, Rendered, Canvases, Resources int
	Errors                                []string
	Filter                                map[string]string
	Width                                 int
	PageOverflow                          bool
	Overflowing                           []string
	ChartData                             map[string]chartData
	Tables                                map[string]tableStatus
}

type chartData struct {
	Cats   []string
	Series []struct {
		Name string
		Data []*float64
	}
	Subtext string
}

type tableStatus struct {
	Total, Matching, Shown     int
	Visible, Overflow, InChart bool
}

func (c chartData) series(name string) []*float64 {
	for _, s := range c.Series {
		if s.Name == name {
			return s.Data
		}
	}
	return nil
}

// open opens a page in Chromium as v says and returns its DOM and status.
func open(t *testing.T, page string, v browser.View) (string, renderStatus) {
	t.Helper()
	dom, err := browser.DumpDOMAt(context.Background(), page, v)
	if err != nil {
		t.Fatal(err)
	}
	m := statusRE.FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("%s: no render status in the page", filepath.Base(page))
	}
	var st renderStatus
	if err := json.Unmarshal([]byte(htmlUnescape(m[1])), &st); err != nil {
		t.Fatalf("render status %.200q: %v", m[1], err)
	}
	return dom, st
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&quot;", `"`, "&lt;", "<", "&gt;", ">", "&#39;", "'", "&amp;", "&").Replace(s)
}

var rawLabelRE = regexp.MustCompile(`<th[^>]*>([^<]*_[^<]*)</th>`)

// TestPagesRenderOffline opens every page from disk in headless Chromium
// with no network and checks that each chart drew a canvas, no script
// failed, nothing was fetched, every table has its CSV download and human
// column labels, and the hostile name shows as text.
func TestPagesRenderOffline(t *testing.T) {
	browser.Require(t)
	w := loadWorld(t)
	pages, _ := filepath.Glob(filepath.Join(w.out, "*", "*.html"))
	if len(pages) < 17 {
		t.Fatalf("pages written: %v", pages)
	}
	t.Cleanup(func() {
		if !gzipped.Load() {
			t.Error("no page carried a table gzipped: the inflating path went untested")
		}
	})
	for _, p := range pages {
		t.Run(filepath.Base(p), func(t *testing.T) {
			t.Parallel()
			raw, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if m := regexp.MustCompile(`(?i)(src|href)\s*=\s*"(https?:)?//`).Find(raw); m != nil {
				t.Errorf("page refers to the network: %s", m)
			}
			v := browser.View{}
			base := filepath.Base(p)
			d := strings.ToUpper(strings.TrimSuffix(strings.TrimPrefix(base, "dashboard-"), ".html"))
			if d == w.xss {
				v.Fragment = "find=onerror"
			}
			dom, st := open(t, p, v)
			if st.Charts == 0 || st.Rendered != st.Charts || st.Canvases < st.Charts || len(st.Errors) > 0 || st.Resources > 0 {
				t.Errorf("render status: %d charts, %d rendered, %d canvases, errors %v, %d requests", st.Charts, st.Rendered, st.Canvases, st.Errors, st.Resources)
			}
			for id, c := range st.ChartData {
				if len(c.Cats) == 0 || len(c.Series) == 0 {
					t.Errorf("chart %s drew nothing", id)
				}
			}
			tables := pageTables(t, p)
			if strings.Contains(string(raw), `"gz":`) {
				gzipped.Store(true)
			}
			if len(st.Tables) != len(tables) {
				t.Errorf("%d tables drawn, %d embedded", len(st.Tables), len(tables))
			}
			for id, x := range tables {
				if !strings.Contains(dom, `data-table="`+id+`"`) || x.Name == "" {
					t.Errorf("table %s is not on the page with a CSV download", id)
				}
			}
			if got, want := strings.Count(dom, `class="csv" download=`), len(tables); got < want {
				t.Errorf("%d CSV links for %d tables", got, want)
			}
			for id, ts := range st.Tables {
				if ts.Matching == ts.Total && ts.Visible {
					shownEqualsCSV(t, dom, tables[id])
				}
			}
			if m := rawLabelRE.FindStringSubmatch(dom); m != nil {
				t.Errorf("a column is labelled with its raw name %q", m[1])
			}
			if strings.Contains(dom, `<img src="x"`) || strings.Contains(dom, "<img src=x") {
				t.Error("the hostile name became an element")
			}
			if d == w.xss && !strings.Contains(dom, "&lt;img src=x onerror=alert(1)&gt;</td>") {
				t.Error("the hostile name is not shown as text in the mismatch list")
			}
		})
	}
}

// TestFiltersChangeChartsAndTables selects a trust, then a quarter, on a
// dashboard (through the address, which sets the page's selectors and
// fires their change events) and reads back from each ECharts instance
// that its data are the selected trust's and quarter's, from the
// warehouse, and that the tables show those rows only.
func TestFiltersChangeChartsAndTables(t *testing.T) {
	browser.Require(t)
	w := loadWorld(t)
	// A deanery with two trusts that both hired through the interface.
	var d, trust string
	err := w.db.QueryRow(`SELECT deanery_code, arg_max(trust_code, n) FROM (
		SELECT deanery_code, trust_code, sum(applicants_created + internal_transfers) AS n FROM report_volume_trust
		WHERE trust_code NOT IN ('ALL', 'UNKNOWN') GROUP BY ALL HAVING n > 0)
		GROUP BY deanery_code HAVING count(*) >= 2 ORDER BY deanery_code LIMIT 1`).Scan(&d, &trust)
	if err != nil {
		t.Fatal(err)
	}
	page := reports.DashboardPath(filepath.Join(w.out, "dashboards"), d)
	low := strings.ToLower(d)
	volumes := func(tr string) map[string][3]float64 {
		rows, err := w.db.Query(`SELECT quarter, applicants_created, internal_transfers, manual_hires FROM report_volume_trust WHERE deanery_code = ? AND trust_code = ?`, d, tr)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string][3]float64{}
		for rows.Next() {
			var q string
			var v [3]float64
			rows.Scan(&q, &v[0], &v[1], &v[2])
			out[q] = v
		}
		return out
	}
	checkVolume := func(st renderStatus, tr string) {
		t.Helper()
		c, ok := st.ChartData["chart-volume"]
		if !ok {
			t.Fatal("no volume chart")
		}
		want := volumes(tr)
		for k, name := range []string{"Applicants created", "Internal transfers", "Manual hires"} {
			data := c.series(name)
			if len(data) != len(c.Cats) {
				t.Fatalf("series %s: %d values for %d quarters", name, len(data), len(c.Cats))
			}
			for i, q := range c.Cats {
				got := 0.0
				if data[i] != nil {
					got = *data[i]
				}
				if got != want[q][k] {
					t.Errorf("trust %s, %s, %s: chart shows %v, the warehouse %v", tr, name, q, got, want[q][k])
				}
			}
		}
	}

	_, all := open(t, page, browser.View{})
	checkVolume(all, "ALL")
	_, one := open(t, page, browser.View{Fragment: "trust=" + trust})
	if one.Filter["trust"] != trust {
		t.Fatalf("the page did not select trust %s: %v", trust, one.Filter)
	}
	checkVolume(one, trust)
	if fmt.Sprint(all.ChartData["chart-volume"].Series) == fmt.Sprint(one.ChartData["chart-volume"].Series) {
		t.Error("selecting a trust left the volume chart as it was")
	}
	if !strings.Contains(one.ChartData["chart-volume"].Subtext, trust) {
		t.Errorf("the chart does not say it shows trust %s: %q", trust, one.ChartData["chart-volume"].Subtext)
	}
	// Every chart drawn from a table with trusts changed or says so, and
	// the comparison charts keep England and Wales.
	for id, c := range one.ChartData {
		if !strings.Contains(c.Subtext, trust) {
			t.Errorf("chart %s does not follow the trust selected (subtext %q)", id, c.Subtext)
		}
	}
	if s := one.ChartData["chart-notice"]; s.series("England and Wales") == nil || s.series("Trust "+trust) == nil {
		t.Errorf("notice chart series with a trust selected: %v", s.Series)
	}
	var rowsTrust, rowsAll int
	w.db.QueryRow(`SELECT count(*) FILTER (WHERE trust_code = ?), count(*) FILTER (WHERE trust_code = 'ALL') FROM report_volume_trust WHERE deanery_code = ?`, trust, d).Scan(&rowsTrust, &rowsAll)
	if got := one.Tables["volume_"+low]; got.Matching != rowsTrust+rowsAll || got.Total <= got.Matching {
		t.Errorf("volume table with trust %s: %d of %d rows, want %d (the trust's and the deanery's)", trust, got.Matching, got.Total, rowsTrust+rowsAll)
	}

	// A quarter: charts over time stop there, charts of one quarter show
	// it, tables of one quarter show its rows.
	q := prevQuarter(lastQuarter(t, w))
	_, qs := open(t, page, browser.View{Fragment: "quarter=" + q})
	if c := qs.ChartData["chart-volume"]; len(c.Cats) == 0 || c.Cats[len(c.Cats)-1] != q {
		t.Errorf("volume chart with quarter %s ends at %v", q, c.Cats)
	}
	if a, b := len(all.ChartData["chart-volume"].Cats), len(qs.ChartData["chart-volume"].Cats); b != a-1 {
		t.Errorf("volume chart: %d quarters, %d with the quarter before the last selected", a, b)
	}
	fields := qs.ChartData["chart-alignment-fields"]
	want := map[string]float64{}
	rows, err := w.db.Query(`SELECT field, agreement FROM report_alignment_field WHERE deanery_code = ? AND trust_code = 'ALL' AND quarter = ?`, d, q)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var f string
		var a float64
		rows.Scan(&f, &a)
		want[f] = a
	}
	rows.Close()
	data := fields.series(d)
	if len(want) == 0 || len(data) != len(fields.Cats) {
		t.Fatalf("agreement chart for %s: %v (want %d details)", q, fields, len(want))
	}
	labels := map[string]string{"Surname": "last_name", "First name": "first_name", "Date of birth": "date_of_birth", "Gender": "gender",
		"NI number": "ni_number", "GMC number": "gmc_number", "Email": "email", "Postcode": "postcode", "Address line 1": "address_line1",
		"Start date": "start_date", "End date": "end_date", "Grade": "grade", "WTE": "wte"}
	for i, cat := range fields.Cats {
		if data[i] == nil || *data[i] != want[labels[cat]] {
			t.Errorf("agreement chart, %s, %s: %v, the warehouse %v", q, cat, data[i], want[labels[cat]])
		}
	}
	var n int
	w.db.QueryRow(`SELECT count(DISTINCT trust_code) FROM report_alignment_score WHERE deanery_code = ? AND quarter = ?`, d, q).Scan(&n)
	if got := qs.Tables["alignment_"+low]; got.Matching != n {
		t.Errorf("alignment table for %s: %d rows, want %d", q, got.Matching, n)
	}
}

// TestTablesFitTheWidth: at a laptop's width (1366 px) no table of the
// quarterly report or of a dashboard, open or folded under its chart, is
// wider than the page, and no page scrolls sideways; at the width of a
// printed A4 page (186 mm: 700 px, where the page lays out as it prints)
// no table the quarterly report prints is (a chart's own table is not
// printed).
func TestTablesFitTheWidth(t *testing.T) {
	browser.Require(t)
	w := loadWorld(t)
	q, _ := filepath.Glob(filepath.Join(w.out, "quarterly", "*.html"))
	dash := filepath.Join(w.out, "dashboards")
	for _, c := range []struct {
		page  string
		width int
	}{{q[0], 1366}, {q[0], 700}, {reports.DashboardPath(dash, w.xss), 1366}, {reports.DashboardPath(dash, "LDN"), 1366}} {
		_, st := open(t, c.page, browser.View{Width: c.width, Height: 900, Fragment: "open=1"})
		name := filepath.Base(c.page)
		if st.PageOverflow {
			t.Errorf("%s at %d px scrolls sideways: %v", name, c.width, st.Overflowing)
		}
		seen := 0
		for id, ts := range st.Tables {
			if ts.Visible {
				seen++
			}
			if ts.Overflow && (c.width == 1366 || !ts.InChart) {
				t.Errorf("%s at %d px: table %s is wider than the page", name, c.width, id)
			}
		}
		if seen < len(st.Tables) {
			t.Errorf("%s at %d px: %d of %d tables laid out", name, c.width, seen, len(st.Tables))
		}
	}
}

// TestQuarterlyPDF prints the quarterly report through Chromium and keeps
// the PDF, with its first page as PNG when pdftoppm is there.
func TestQuarterlyPDF(t *testing.T) {
	browser.Require(t)
	w := loadWorld(t)
	hs, _ := filepath.Glob(filepath.Join(w.out, "quarterly", "*.html"))
	if len(hs) != 1 {
		t.Fatalf("quarterly pages: %v", hs)
	}
	pdf := strings.TrimSuffix(hs[0], ".html") + ".pdf"
	if err := browser.PrintPDF(context.Background(), hs[0], pdf); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(pdf)
	if !strings.HasPrefix(string(b), "%PDF") {
		t.Fatal("not a PDF")
	}
	shots := screenshotDir(w)
	if pdftoppm, err := exec.LookPath("pdftoppm"); err == nil {
		out := filepath.Join(shots, "quarterly-pdf-page")
		if msg, err := exec.Command(pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "2", pdf, out).CombinedOutput(); err != nil {
			t.Errorf("pdftoppm: %v: %s", err, msg)
		}
	}
	if pdftotext, err := exec.LookPath("pdftotext"); err == nil {
		text, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		// Every headline table's last column is on the printed page.
		for _, want := range []string{"APP records", "Share with 12", "Share", "Placement:"} {
			if !strings.Contains(string(text), want) {
				t.Errorf("the printed report lacks %q (a table cut at the page edge?)", want)
			}
		}
		if n := strings.Count(string(text), "\f"); n < 3 {
			t.Errorf("the printed report has %d pages", n)
		}
	}
}

// TestScreenshots keeps screenshots of the pages at a laptop's width for
// people to look at (the folder is named in the log): the quarterly
// report, two dashboards (one with a trust selected), the volume page.
func TestScreenshots(t *testing.T) {
	browser.Require(t)
	w := loadWorld(t)
	shots := screenshotDir(w)
	q, _ := filepath.Glob(filepath.Join(w.out, "quarterly", "*.html"))
	dash := filepath.Join(w.out, "dashboards")
	var trust string
	w.db.QueryRow(`SELECT min(trust_code) FROM trust WHERE deanery_code = ?`, w.xss).Scan(&trust)
	for _, s := range []struct {
		page, name string
		v          browser.View
	}{
		{q[0], "quarterly", browser.View{Width: 1366, Height: 9000}},
		{reports.DashboardPath(dash, w.xss), "dashboard-" + strings.ToLower(w.xss), browser.View{Width: 1366, Height: 9000}},
		{reports.DashboardPath(dash, w.xss), "dashboard-" + strings.ToLower(w.xss) + "-trust", browser.View{Width: 1366, Height: 9000, Fragment: "trust=" + trust}},
		{reports.DashboardPath(dash, "LDN"), "dashboard-ldn", browser.View{Width: 1366, Height: 3000}},
	} {
		png := filepath.Join(shots, s.name+".png")
		if err := browser.ScreenshotAt(context.Background(), s.page, png, s.v); err != nil {
			t.Errorf("screenshot %s: %v", s.name, err)
			continue
		}
		if st, err := os.Stat(png); err != nil || st.Size() < 10000 {
			t.Errorf("screenshot %s: %v", s.name, err)
		}
	}
	t.Logf("screenshots in %s", shots)
}

func screenshotDir(w *world) string {
	d := filepath.Join(w.out, "screenshots")
	os.MkdirAll(d, 0o755)
	return d
}

// prevQuarter is the quarter before q (YYYYQn).
func prevQuarter(q string) string {
	y, _ := strconv.Atoi(q[:4])
	n := int(q[5] - '0')
	if n == 1 {
		return fmt.Sprintf("%dQ4", y-1)
	}
	return fmt.Sprintf("%dQ%d", y, n-1)
}

var (
	tableRE = regexp.MustCompile(`(?s)<table[^>]* id="([^"]+)"[^>]*>.*?<tbody>(.*?)</tbody>`)
	rowRE   = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	cellRE  = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
)

// shownEqualsCSV holds every figure a table shows (formatted for reading:
// 12,345, 98.18%, +1.23 pts, £1,019.92) to the value of its CSV: the page
// may round or label a figure, never change it.
func shownEqualsCSV(t *testing.T, dom string, x pageTable) {
	t.Helper()
	var body string
	for _, m := range tableRE.FindAllStringSubmatch(dom, -1) {
		if m[1] == x.ID {
			body = m[2]
			break
		}
	}
	want := csvRecords(t, x.CSV)
	rows := rowRE.FindAllStringSubmatch(body, -1)
	if len(rows) == 0 && len(want) > 0 {
		t.Errorf("table %s shows no row of %d", x.ID, len(want))
		return
	}
	for i, r := range rows {
		if i >= len(want) {
			t.Errorf("table %s shows more rows than its CSV", x.ID)
			return
		}
		cells := cellRE.FindAllStringSubmatch(r[1], -1)
		if len(cells) != len(want[i]) {
			t.Errorf("table %s row %d: %d cells, the CSV %d", x.ID, i, len(cells), len(want[i]))
			continue
		}
		for j, c := range cells {
			shown, v := htmlUnescape(c[1]), want[i][j]
			if labels := x.Values[strconv.Itoa(j)]; labels != nil {
				if l, ok := labels[v]; ok {
					if shown != l {
						t.Errorf("table %s row %d col %d: shows %q for %q, want %q", x.ID, i, j, shown, v, l)
					}
					continue
				}
			}
			if !sameFigure(x.Formats[j], shown, v) {
				t.Errorf("table %s row %d col %d (%s): shows %q, the CSV holds %q", x.ID, i, j, x.Formats[j], shown, v)
			}
		}
	}
}

func csvRecords(t *testing.T, text string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[1:]
}

// sameFigure says whether a cell shown in a format is the CSV's value.
func sameFigure(format, shown, v string) bool {
	if v == "" || shown == v {
		return shown == v
	}
	clean := strings.NewReplacer(",", "", "\u2212", "-", "\u00b1", "", "+", "", "%", "", " pts", "", "\u00a3", "").Replace(shown)
	got, err1 := strconv.ParseFloat(clean, 64)
	want, err2 := strconv.ParseFloat(v, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	switch format {
	case "share", "change":
		return math.Abs(got/100-want) < 0.00005+1e-12 && math.Round(got*100) == math.Round(want*10000)
	default:
		return got == want
	}
}
