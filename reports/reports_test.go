package reports_test

import (
	"bytes"
	"compress/gzip"
	"context"
	stdsql "database/sql"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"deanery/exchange"
	"deanery/exchange/sim"
	"deanery/quality"
	"deanery/reports"
	"deanery/reports/export"
	dsql "deanery/sql"
)

// xssName is a trainee forename the pages must show as text; formulaName a
// surname a spreadsheet would run as a formula.
const (
	xssName     = `<img src=x onerror=alert(1)>`
	formulaName = `=HYPERLINK("http://example.invalid","click")`
)

type world struct {
	dir     string // the world (truth under truth/)
	db      *stdsql.DB
	out     string // reports written here
	xss     string // deanery of the trainee given xssName
	formula string // deanery of the trainee given formulaName
	from    string // the world's first day, YYYY-MM-DD
	to      string // its last day
	errs    error
}

var (
	once     sync.Once
	theWorld *world
)

// loadWorld generates a small world (2010 and 2011, small enough that the
// tool's person linkage is perfect, so that every alignment figure must
// equal the truth's), loads it as a deployment would (the update files
// through the exchange's apply, so that person records reach the
// trainees), runs quality, gives two trainees on the mismatch lists a
// hostile name, and writes every report once.
func loadWorld(t testing.TB) *world {
	t.Helper()
	once.Do(func() { theWorld = buildWorld() })
	if theWorld.errs != nil {
		t.Fatal(theWorld.errs)
	}
	return theWorld
}

func buildWorld() *world {
	w := &world{}
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "reports-world-")
	if err != nil {
		w.errs = err
		return w
	}
	s := sim.Settings{Seed: 1, Scale: 0.01, Faults: sim.DefaultFaultRates(), TruthFormat: sim.TruthParquet,
		From: sim.MakeDate(2010, time.January, 1), To: sim.MakeDate(2011, time.December, 31)}
	w.from, w.to = s.From.String(), s.To.String()
	w.dir = filepath.Join(dir, "world")
	if _, err := sim.Generate(ctx, s, w.dir, func(string, int, int) {}); err != nil {
		w.errs = err
		return w
	}
	w.db, err = dsql.Open(ctx, filepath.Join(dir, "warehouse.duckdb"), dsql.ReadWrite)
	if err != nil {
		w.errs = err
		return w
	}
	// The exchanges are played as a deployment plays them: the hub builds
	// the deanery's files and applies ESR's, so person records resolve
	// through its own sends as the world's did.
	if _, err := exchange.Replay(ctx, w.db, w.dir, exchange.ReplayOptions{OutDir: filepath.Join(dir, "hub")}); err != nil {
		w.errs = err
		return w
	}
	if _, err := quality.Run(ctx, w.db, quality.Options{}); err != nil {
		w.errs = err
		return w
	}
	// The hostile names go in after quality, which compares names: the
	// scores stay those of the world as generated.
	var trainee string
	err = w.db.QueryRow(`SELECT deanery_code, trainee_id FROM report_fix_item WHERE kind = 'APP_FAILED' AND trainee_id IS NOT NULL ORDER BY deanery_code, trainee_id LIMIT 1`).Scan(&w.xss, &trainee)
	if err != nil {
		w.errs = fmt.Errorf("no failed APP record to name: %w", err)
		return w
	}
	if _, err := w.db.Exec(`UPDATE trainee_version SET forenames = ? WHERE deanery_code = ? AND trainee_id = ?`, xssName, w.xss, trainee); err != nil {
		w.errs = err
		return w
	}
	err = w.db.QueryRow(`SELECT deanery_code, trainee_id FROM report_alignment_mismatch WHERE kind = 'PERSON_DIFFERS' ORDER BY deanery_code DESC, trainee_id LIMIT 1`).Scan(&w.formula, &trainee)
	if err != nil {
		w.errs = fmt.Errorf("no mismatch to name: %w", err)
		return w
	}
	if _, err := w.db.Exec(`UPDATE trainee_version SET surname = ? WHERE deanery_code = ? AND trainee_id = ?`, formulaName, w.formula, trainee); err != nil {
		w.errs = err
		return w
	}
	w.out = artifactDir(dir)
	// Some of this small world's tables then travel gzipped, as a large
	// deanery's do: the page must inflate them.
	reports.SetGzipFrom(4 << 10)
	if err := writeReports(ctx, w.db, w.out); err != nil {
		w.errs = err
	}
	return w
}

func writeReports(ctx context.Context, db *stdsql.DB, out string) error {
	opt := reports.Options{}
	for _, f := range []func() (*reports.Written, error){
		func() (*reports.Written, error) { return reports.Volume(ctx, db, filepath.Join(out, "volume"), opt) },
		func() (*reports.Written, error) { return reports.Savings(ctx, db, filepath.Join(out, "savings"), opt) },
		func() (*reports.Written, error) {
			return reports.Quarterly(ctx, db, filepath.Join(out, "quarterly"), opt)
		},
		func() (*reports.Written, error) {
			return reports.Dashboards(ctx, db, filepath.Join(out, "dashboards"), opt)
		},
	} {
		if _, err := f(); err != nil {
			if errors.Is(err, reports.ErrNoCharts) {
				return fmt.Errorf("%w (the Makefile target fetches it; CI runs it first)", err)
			}
			return err
		}
	}
	return nil
}

// artifactDir is where the pages, their PDF and the screenshots are kept
// for people to look at: $REPORT_ARTIFACTS if set, else
// out/test-artifacts/reports at the top of the repository (git-ignored),
// emptied first.
func artifactDir(tmp string) string {
	d := os.Getenv("REPORT_ARTIFACTS")
	if d == "" {
		d = filepath.Join("..", "out", "test-artifacts", "reports")
	}
	abs, err := filepath.Abs(d)
	if err != nil {
		return filepath.Join(tmp, "artifacts")
	}
	os.RemoveAll(abs)
	return abs
}

func TestMain(m *testing.M) {
	code := m.Run()
	if theWorld != nil && theWorld.db != nil {
		theWorld.db.Close()
		os.RemoveAll(filepath.Dir(theWorld.dir))
		fmt.Fprintf(os.Stderr, "report pages, PDF and screenshots kept in %s\n", theWorld.out)
	}
	os.Exit(code)
}

func readCSV(t testing.TB, path string) []map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return parseCSV(t, string(b))
}

func parseCSV(t testing.TB, text string) []map[string]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(text))
	head, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for i, h := range head {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
}

func index(rows []map[string]string, keys ...string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, r := range rows {
		var k []string
		for _, c := range keys {
			k = append(k, r[c])
		}
		out[strings.Join(k, "|")] = r
	}
	return out
}

func sameNumber(a, b string) bool {
	if a == b {
		return true
	}
	fa, ea := strconv.ParseFloat(a, 64)
	fb, eb := strconv.ParseFloat(b, 64)
	return ea == nil && eb == nil && fa == fb
}

// shortfall explains, for one column, by how much the truth exceeds the
// page per key (the keys' values joined by "|"), and why: the figure must
// equal the truth less that amount, no more and no less.
type shortfall struct {
	why string
	by  map[string]int64
}

// compare checks every truth row's columns against the figure the page's
// CSV shows, allowing only the shortfalls named per column, and returns
// how many figures it compared.
func compare(t *testing.T, name string, truth, shown []map[string]string, keys, cols []string, short map[string]shortfall) int {
	t.Helper()
	got := index(shown, keys...)
	diff, explained := map[string]int{}, map[string]int{}
	n := 0
	for _, tr := range truth {
		var k []string
		for _, c := range keys {
			k = append(k, tr[c])
		}
		key := strings.Join(k, "|")
		row, ok := got[key]
		if !ok {
			t.Errorf("%s: no row for %v in the page's CSV", name, k)
			continue
		}
		for _, c := range cols {
			n++
			want := short[c].by[key]
			if want == 0 && sameNumber(tr[c], row[c]) {
				continue
			}
			tn, e1 := strconv.ParseInt(tr[c], 10, 64)
			sn, e2 := strconv.ParseInt(row[c], 10, 64)
			if want != 0 && e1 == nil && e2 == nil && tn-sn == want {
				explained[c]++
				continue
			}
			diff[c]++
			if diff[c] <= 5 {
				t.Errorf("%s %v %s: page shows %q, truth %q (explained shortfall %d)", name, k, c, row[c], tr[c], want)
			}
		}
	}
	for c, n := range explained {
		t.Logf("%s: %s is short of the truth in %d of %d rows, as explained: %s", name, c, n, len(truth), short[c].why)
	}
	return n
}

// truth reads a truth table of the world, CSV or Parquet, every value as
// text.
func truth(t testing.TB, w *world, table string) []map[string]string {
	t.Helper()
	rows, err := sim.ReadTruthMaps(context.Background(), filepath.Join(w.dir, "truth"), table)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// pageTable is a table as a page embeds it: the CSV its download link
// hands out, from which the page draws the table and its chart.
type pageTable struct {
	ID       string                       `json:"id"`
	CSV      string                       `json:"csv"`
	GZ       string                       `json:"gz"`
	Name     string                       `json:"name"`
	Formats  []string                     `json:"formats"`
	Values   map[string]map[string]string `json:"values"`
	PageSize int                          `json:"pageSize"`
}

// pageTables reads the tables embedded in a page.
func pageTables(t testing.TB, path string) map[string]pageTable {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const start = "window.__tables = "
	i := strings.Index(string(b), start)
	if i < 0 {
		t.Fatalf("%s embeds no tables", path)
	}
	var ts []pageTable
	if err := json.NewDecoder(strings.NewReader(string(b[i+len(start):]))).Decode(&ts); err != nil {
		t.Fatalf("%s: tables: %v", path, err)
	}
	out := map[string]pageTable{}
	for _, x := range ts {
		if x.GZ != "" {
			z, err := base64.StdEncoding.DecodeString(x.GZ)
			if err != nil {
				t.Fatalf("%s: table %s: %v", path, x.ID, err)
			}
			zr, err := gzip.NewReader(bytes.NewReader(z))
			if err != nil {
				t.Fatalf("%s: table %s: %v", path, x.ID, err)
			}
			b, err := io.ReadAll(zr)
			if err != nil {
				t.Fatalf("%s: table %s: %v", path, x.ID, err)
			}
			x.CSV = string(b)
		}
		out[x.ID] = x
	}
	return out
}

// dashboardCSV returns the rows of one table of a deanery's dashboard, as
// a user downloads them.
func dashboardCSV(t testing.TB, w *world, deanery, id string) []map[string]string {
	t.Helper()
	ts := pageTables(t, reports.DashboardPath(filepath.Join(w.out, "dashboards"), deanery))
	x, ok := ts[id]
	if !ok {
		t.Fatalf("dashboard %s has no table %s", deanery, id)
	}
	return parseCSV(t, x.CSV)
}

func deaneries(t testing.TB, w *world) []string {
	t.Helper()
	rows, err := w.db.Query(`SELECT deanery_code FROM deanery ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d string
		rows.Scan(&d)
		out = append(out, d)
	}
	return out
}

func TestFiguresEqualTruth(t *testing.T) {
	w := loadWorld(t)
	vol := readCSV(t, filepath.Join(w.out, "volume", "volume_all.csv"))
	vol = append(vol, relabel(readCSV(t, filepath.Join(w.out, "volume", "volume_national.csv")), "ALL")...)
	compare(t, "volume", truth(t, w, "expected_volume"), vol, []string{"deanery_code", "quarter"},
		[]string{"applicants_created", "internal_transfers", "app_records", "manual_hires"}, nil)
	compare(t, "volume (rejections)", renameCol(truth(t, w, "expected_volume"), "app_failed", "rejections"), relabel(readCSV(t, filepath.Join(w.out, "volume", "volume_national.csv")), "ALL"),
		[]string{"deanery_code", "quarter"}, []string{"rejections"}, nil)

	sv := readCSV(t, filepath.Join(w.out, "savings", "savings_by_deanery_year.csv"))
	for _, r := range readCSV(t, filepath.Join(w.out, "savings", "savings_by_year.csv")) {
		r["deanery_code"] = "ALL"
		sv = append(sv, r)
	}
	compare(t, "savings", truth(t, w, "expected_savings"), sv, []string{"year", "deanery_code"},
		[]string{"applications", "organisation_years", "rate_gbp", "saving_gbp", "per_org_year_gbp"}, nil)

	compare(t, "notice", truth(t, w, "expected_notice"), readCSV(t, filepath.Join(w.out, "quarterly", "notice_all.csv")),
		[]string{"deanery_code", "quarter"}, []string{"placements_measured", "compliant", "not_sent"}, nil)

	// The quarterly report's failures of its quarter (the world's last).
	var rej []map[string]string
	for _, r := range truth(t, w, "expected_rejections") {
		if r["quarter"] == lastQuarter(t, w) && r["deanery_code"] != "ALL" {
			rej = append(rej, r)
		}
	}
	shown := readCSV(t, filepath.Join(w.out, "quarterly", "rejections_quarter.csv"))
	compare(t, "rejections", rej, shown, []string{"deanery_code", "source", "reason_code"}, []string{"count"}, nil)
	if len(shown) != len(rej) {
		t.Errorf("rejections: the page shows %d rows for %s, the truth has %d", len(shown), lastQuarter(t, w), len(rej))
	}
}

// TestAlignmentEqualsTruth reads every alignment figure back from the
// quarterly report's CSVs and from each dashboard's downloads, and holds
// it to expected_alignment_score and expected_alignment_field: the world
// is small enough that the tool links every trainee rightly, so nothing
// may differ.
func TestAlignmentEqualsTruth(t *testing.T) {
	w := loadWorld(t)
	q := lastQuarter(t, w)
	scores := truth(t, w, "expected_alignment_score")
	fields := truth(t, w, "expected_alignment_field")
	if len(scores) == 0 || len(fields) == 0 {
		t.Fatal("the world's truth has no alignment")
	}
	n := compare(t, "quarterly alignment", scores, readCSV(t, filepath.Join(w.out, "quarterly", "alignment_scores.csv")),
		[]string{"deanery_code", "quarter", "entity"}, []string{"population", "score", "link_coverage"}, nil)

	var fieldsQ []map[string]string
	for _, r := range fields {
		if r["quarter"] == q {
			fieldsQ = append(fieldsQ, r)
		}
	}
	n += compare(t, "quarterly alignment by detail", fieldsQ, readCSV(t, filepath.Join(w.out, "quarterly", "alignment_fields.csv")),
		[]string{"deanery_code", "entity", "field"}, []string{"pairs", "compared", "agree", "one_null"}, nil)
	// The headline: each deanery's three scores in the quarter.
	head := readCSV(t, filepath.Join(w.out, "quarterly", "alignment_deaneries.csv"))
	var headTruth []map[string]string
	for _, r := range scores {
		if r["quarter"] == q {
			c := map[string]string{"deanery_code": r["deanery_code"]}
			c[strings.ToLower(r["entity"])+"_score"] = r["score"]
			c[strings.ToLower(r["entity"])+"_population"] = r["population"]
			headTruth = append(headTruth, c)
		}
	}
	for _, e := range []string{"person", "post", "placement"} {
		var part []map[string]string
		for _, r := range headTruth {
			if _, ok := r[e+"_score"]; ok {
				part = append(part, r)
			}
		}
		n += compare(t, "quarterly alignment headline", part, head, []string{"deanery_code"}, []string{e + "_population", e + "_score"}, nil)
	}

	for _, d := range deaneries(t, w) {
		var own, ownFields []map[string]string
		for _, r := range scores {
			if r["deanery_code"] == d || r["deanery_code"] == "ALL" {
				own = append(own, r)
			}
		}
		for _, r := range fields {
			if r["deanery_code"] == d || r["deanery_code"] == "ALL" {
				ownFields = append(ownFields, r)
			}
		}
		low := strings.ToLower(d)
		var shown []map[string]string
		for _, e := range []string{"person", "post", "placement"} {
			for _, r := range dashboardCSV(t, w, d, "alignment_trend_"+e+"_"+low) {
				if r["trust_code"] == "ALL" {
					r["entity"] = strings.ToUpper(e)
					shown = append(shown, r)
				}
			}
		}
		var shownFields []map[string]string
		for _, r := range dashboardCSV(t, w, d, "alignment_fields_"+low) {
			if r["trust_code"] == "ALL" {
				shownFields = append(shownFields, r)
			}
		}
		n += compare(t, "dashboard "+d+" alignment", own, shown, []string{"deanery_code", "quarter", "entity"}, []string{"population", "score", "link_coverage"}, nil)
		n += compare(t, "dashboard "+d+" alignment by detail", ownFields, shownFields, []string{"deanery_code", "quarter", "entity", "field"}, []string{"pairs", "compared", "agree", "one_null"}, nil)
	}
	t.Logf("%d alignment figures compared with the truth", n)
}

// TestTrustRowsAddUp: on every dashboard, the rows per trust of each
// figure add up to the deanery's row (trust ALL), which is the figure the
// quarterly report shows for the deanery.
func TestTrustRowsAddUp(t *testing.T) {
	w := loadWorld(t)
	national := index(readCSV(t, filepath.Join(w.out, "quarterly", "notice_all.csv")), "deanery_code", "quarter")
	volumes := index(readCSV(t, filepath.Join(w.out, "volume", "volume_all.csv")), "deanery_code", "quarter")
	for _, d := range deaneries(t, w) {
		low := strings.ToLower(d)
		check := func(id string, keys, cols []string, quarterly map[string]map[string]string) {
			sums := map[string]map[string]int64{}
			totals := map[string]map[string]string{}
			for _, r := range dashboardCSV(t, w, d, id) {
				if r["deanery_code"] == "ALL" {
					continue
				}
				var k []string
				for _, c := range keys {
					k = append(k, r[c])
				}
				key := strings.Join(k, "|")
				if r["trust_code"] == "ALL" {
					totals[key] = r
					continue
				}
				if sums[key] == nil {
					sums[key] = map[string]int64{}
				}
				for _, c := range cols {
					v, err := strconv.ParseInt(r[c], 10, 64)
					if err != nil {
						t.Fatalf("%s %s %s: %q", d, id, c, r[c])
					}
					sums[key][c] += v
				}
			}
			if len(totals) == 0 && len(sums) > 0 {
				t.Errorf("%s %s: rows per trust and none for the deanery", d, id)
			}
			for key, tot := range totals {
				for _, c := range cols {
					if got := strconv.FormatInt(sums[key][c], 10); got != tot[c] {
						t.Errorf("%s %s %s %s: trusts add up to %s, the deanery shows %s", d, id, key, c, got, tot[c])
					}
					if quarterly != nil {
						if q := quarterly[d+"|"+key]; q != nil && q[c] != tot[c] {
							t.Errorf("%s %s %s %s: dashboard %s, report %s", d, id, key, c, tot[c], q[c])
						}
					}
				}
			}
		}
		check("volume_"+low, []string{"quarter"}, []string{"applicants_created", "internal_transfers", "manual_hires", "app_failed", "app_records"}, volumes)
		check("notice_"+low, []string{"quarter"}, []string{"placements_measured", "compliant", "not_sent"}, national)
		check("rejections_"+low, []string{"quarter", "source", "reason_code"}, []string{"count"}, nil)
	}
}

// lastQuarter is the quarter, YYYYQn, of the world's last day.
func lastQuarter(t testing.TB, w *world) string {
	t.Helper()
	d, err := time.Parse(time.DateOnly, w.to)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%dQ%d", d.Year(), (int(d.Month())-1)/3+1)
}

func relabel(rows []map[string]string, deanery string) []map[string]string {
	for _, r := range rows {
		r["deanery_code"] = deanery
	}
	return rows
}

func renameCol(rows []map[string]string, from, to string) []map[string]string {
	var out []map[string]string
	for _, r := range rows {
		if r["deanery_code"] != "ALL" {
			continue
		}
		r[to] = r[from]
		out = append(out, r)
	}
	return out
}

// personalValues are the warehouse's personal identifiers of trainees and
// ESR persons: names, NI numbers, dates of birth, addresses, postcodes
// and emails (values of at least 5 characters, which cannot be a code or
// a count by chance).
func personalValues(t testing.TB, w *world) map[string]string {
	t.Helper()
	rows, err := w.db.Query(`
		SELECT 'surname', surname FROM trainee_version UNION SELECT 'forenames', forenames FROM trainee_version
		UNION SELECT 'NI number', ni_number FROM trainee_version UNION SELECT 'date of birth', CAST(date_of_birth AS VARCHAR) FROM trainee_version
		UNION SELECT 'address', address1 FROM trainee_version UNION SELECT 'postcode', postcode FROM trainee_version
		UNION SELECT 'email', email FROM trainee_version
		UNION SELECT 'surname', last_name FROM stf_record UNION SELECT 'NI number', ni_number FROM stf_record
		UNION SELECT 'date of birth', CAST(dob AS VARCHAR) FROM stf_record UNION SELECT 'postcode', postcode FROM stf_record`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var kind string
		var v stdsql.NullString
		if err := rows.Scan(&kind, &v); err != nil {
			t.Fatal(err)
		}
		if s := strings.TrimSpace(v.String); len(s) >= 5 {
			out[s] = kind
		}
	}
	return out
}

// TestQuarterlyHoldsNoPersonalDetails scans every file the quarterly
// report wrote (the page, every CSV, the PDF's text when there is one):
// no cell of any table, and no text of the page, is a trainee's or an ESR
// person's name, NI number, date of birth, address, postcode or email.
func TestQuarterlyHoldsNoPersonalDetails(t *testing.T) {
	w := loadWorld(t)
	personal := personalValues(t, w)
	if len(personal) < 100 {
		t.Fatalf("only %d personal values to look for", len(personal))
	}
	files, _ := filepath.Glob(filepath.Join(w.out, "quarterly", "*"))
	scanned := 0
	for _, f := range files {
		var cells []string
		switch filepath.Ext(f) {
		case ".csv":
			for _, r := range readCSV(t, f) {
				for _, v := range r {
					cells = append(cells, v)
				}
			}
		case ".html":
			for _, x := range pageTables(t, f) {
				for _, r := range parseCSV(t, x.CSV) {
					for _, v := range r {
						cells = append(cells, v)
					}
				}
			}
			b, _ := os.ReadFile(f)
			text := string(b)
			if strings.Contains(text, "onerror=alert") || strings.Contains(text, "HYPERLINK") {
				t.Errorf("%s holds a trainee's name", filepath.Base(f))
			}
		default:
			continue
		}
		scanned++
		for _, c := range cells {
			if kind, ok := personal[strings.TrimSpace(c)]; ok {
				t.Errorf("%s shows a %s: %q", filepath.Base(f), kind, c)
			}
		}
	}
	if scanned < 10 {
		t.Errorf("scanned %d files of the quarterly report", scanned)
	}
}

// TestDashboardsHoldOnlyTheirDeanery scans every table of every dashboard
// (every CSV a user can download, from which the page draws everything
// it shows): each row belongs to the page's deanery, or is an England and
// Wales total; no trainee, trust, DPN or placement of another deanery
// appears; and the raw file names no other deanery's post.
func TestDashboardsHoldOnlyTheirDeanery(t *testing.T) {
	w := loadWorld(t)
	trustOf := map[string]string{}
	rows, err := w.db.Query(`SELECT trust_code, deanery_code FROM trust`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var tr, d string
		rows.Scan(&tr, &d)
		trustOf[tr] = d
	}
	rows.Close()
	names := map[string]map[string]bool{} // "surname|forenames" -> deaneries holding it
	rows, err = w.db.Query(`SELECT DISTINCT deanery_code, surname || '|' || forenames FROM trainee`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var d, n string
		rows.Scan(&d, &n)
		if names[n] == nil {
			names[n] = map[string]bool{}
		}
		names[n][d] = true
	}
	rows.Close()
	all := deaneries(t, w)
	for _, d := range all {
		path := reports.DashboardPath(filepath.Join(w.out, "dashboards"), d)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, other := range all {
			if other != d && strings.Contains(string(raw), other+"/R") {
				t.Errorf("dashboard %s names a post of %s", d, other)
			}
		}
		checked := 0
		for id, x := range pageTables(t, path) {
			for _, r := range parseCSV(t, x.CSV) {
				checked++
				if dc, ok := r["deanery_code"]; ok && dc != d && dc != "ALL" {
					t.Errorf("dashboard %s, %s: a row of deanery %s", d, id, dc)
				}
				national := r["deanery_code"] == "ALL"
				if tr, ok := r["trust_code"]; ok && tr != "ALL" && tr != "UNKNOWN" && trustOf[tr] != d && !national {
					t.Errorf("dashboard %s, %s: trust %s of %s", d, id, tr, trustOf[tr])
				}
				if dpn := r["dpn"]; dpn != "" && !strings.HasPrefix(dpn, d+"/") {
					t.Errorf("dashboard %s, %s: DPN %s", d, id, dpn)
				}
				if s, ok := r["surname"]; ok && s != "" {
					n := strings.TrimPrefix(s, "'") + "|" + r["forenames"]
					if held := names[n]; !held[d] && s != formulaName {
						t.Errorf("dashboard %s, %s: trainee %q of another deanery", d, id, n)
					}
				}
				if tid := r["trainee_id"]; tid != "" {
					var n int
					w.db.QueryRow(`SELECT count(*) FROM trainee WHERE deanery_code = ? AND trainee_id = ?`, d, tid).Scan(&n)
					if n == 0 {
						t.Errorf("dashboard %s, %s: trainee %s is not the deanery's", d, id, tid)
					}
				}
			}
		}
		if checked == 0 {
			t.Errorf("dashboard %s: no rows", d)
		}
	}
}

// TestCSVDownloadsAreSafe: the cell a spreadsheet would run as a formula
// is neutralised in the download (the one implementation in
// reports/tabular), and every CSV file written equals the download.
func TestCSVDownloadsAreSafe(t *testing.T) {
	w := loadWorld(t)
	rows := dashboardCSV(t, w, w.formula, "mismatches_"+strings.ToLower(w.formula))
	found := false
	for _, r := range rows {
		if strings.Contains(r["surname"], "HYPERLINK") {
			found = true
			if r["surname"] != "'"+formulaName {
				t.Errorf("the download holds %q, want %q", r["surname"], "'"+formulaName)
			}
		}
		for c, v := range r {
			if v != "" && strings.ContainsRune("=+@", rune(v[0])) {
				t.Errorf("column %s starts with %q: %q", c, v[0], v)
			}
		}
	}
	if !found {
		t.Fatal("the trainee named as a formula is not in the mismatch list's download")
	}
	for _, dir := range []string{"quarterly", "volume", "savings"} {
		pages, _ := filepath.Glob(filepath.Join(w.out, dir, "*.html"))
		for _, p := range pages {
			for _, x := range pageTables(t, p) {
				b, err := os.ReadFile(filepath.Join(w.out, dir, x.Name))
				if err != nil {
					t.Errorf("%s: table %s has no CSV file: %v", dir, x.ID, err)
					continue
				}
				if string(b) != x.CSV {
					t.Errorf("%s/%s differs from the page's download", dir, x.Name)
				}
			}
		}
	}
}

// TestParquetExportReadsBack writes every table as Parquet and reads each
// back with DuckDB, comparing row counts.
func TestParquetExportReadsBack(t *testing.T) {
	w := loadWorld(t)
	dir := t.TempDir()
	ws, err := export.Parquet(context.Background(), w.db, dir)
	if err != nil {
		t.Fatal(err)
	}
	mem, err := stdsql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	partitioned := 0
	var names []string
	for _, x := range ws {
		names = append(names, x.Name)
		src := "read_parquet('" + x.Path + "')"
		if len(x.PartitionBy) > 0 {
			partitioned++
			src = "read_parquet('" + filepath.Join(x.Path, "**", "*.parquet") + "', hive_partitioning = true)"
		}
		var n int64
		if err := mem.QueryRow(`SELECT count(*) FROM ` + src).Scan(&n); err != nil {
			t.Errorf("%s: %v", x.Name, err)
			continue
		}
		if n != x.Rows {
			t.Errorf("%s: %d rows read back, %d in the warehouse", x.Name, n, x.Rows)
		}
	}
	sort.Strings(names)
	if partitioned == 0 || len(ws) < 20 {
		t.Errorf("exported %d relations, %d partitioned", len(ws), partitioned)
	}
	for _, want := range []string{"report_alignment_score", "report_volume_trust", "report_mismatch"} {
		if i := sort.SearchStrings(names, want); i >= len(names) || names[i] != want {
			t.Errorf("the export has no %s", want)
		}
	}
}
