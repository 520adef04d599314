package sim

import (
	"slices"
	"strconv"
	"strings"
)

// Truth tables written from the ESR side's bookkeeping (domain 10.5): what
// happened to each (placement, position) pair and the expected values of
// the figures the tool reports. They are computed from what the
// simulation did, never from the files it wrote.
const (
	TablePositionTruth      = "position_truth"
	TableSendTruth          = "send_truth"
	TableExpectedVolume     = "expected_volume"
	TableExpectedRejections = "expected_rejections"
	TableExpectedQuarantine = "expected_quarantine"
	TableExpectedNotice     = "expected_notice"
	TableExpectedSavings    = "expected_savings"
	TableExpectedUpdates    = "expected_updates"
	TableExpectedPostStates = "expected_post_states"

	TableExpectedAlignmentField = "expected_alignment_field"
	TableExpectedAlignmentScore = "expected_alignment_score"
)

// esrTruthTables are the tables of this side, in writing order.
var esrTruthTables = []string{TablePositionTruth, TableSendTruth, TableExpectedVolume, TableExpectedRejections, TableExpectedQuarantine,
	TableExpectedNotice, TableExpectedSavings, TableExpectedUpdates, TableExpectedPostStates,
	TableExpectedAlignmentField, TableExpectedAlignmentScore}

func init() {
	for t, h := range map[string][]string{
		TablePositionTruth: {"position_id", "position_number", "vpd_code", "true_post_id", "role", "recorded_dpn",
			"dpn_state", "created_date", "deleted_date", "fault_id"},
		TableSendTruth: {"placement_id", "position_id", "vpd_code", "route", "app_file", "app_ordinal", "apc_status",
			"reason_code", "applicant_number", "assignment_id", "hire_date", "iat_used", "esr_person_number"},
		TableExpectedVolume:         {"deanery_code", "quarter", "applicants_created", "internal_transfers", "app_records", "app_failed", "manual_hires"},
		TableExpectedRejections:     {"deanery_code", "quarter", "source", "reason_code", "count"},
		TableExpectedQuarantine:     {"file_name", "deanery_code", "dpn", "records_for_dpn"},
		TableExpectedNotice:         {"deanery_code", "quarter", "placements_measured", "compliant", "not_sent"},
		TableExpectedSavings:        {"year", "deanery_code", "applications", "organisation_years", "rate_gbp", "saving_gbp", "per_org_year_gbp"},
		TableExpectedUpdates:        {"deanery_code", "quarter", "records_received", "fields_propagated", "rejected_unknown_person", "replays", "gaps"},
		TableExpectedPostStates:     {"deanery_code", "trust_code", "quarter", "state", "count"},
		TableExpectedAlignmentField: {"deanery_code", "quarter", "entity", "field", "pairs", "compared", "agree", "one_null"},
		TableExpectedAlignmentScore: {"deanery_code", "quarter", "entity", "population", "score", "link_coverage"},
	} {
		truthHeaders[t] = h
	}
}

// truthBook is what the truth needs that the simulation does not keep by
// itself: the records of quarantined APP files, the failed notifications,
// the deanery's side of the update interface replayed from the records
// each delivered RMC/RMF carried, and what STF files told of persons and
// periods. The ESR simulation calls its hooks as it goes.
type truthBook struct {
	// quarantined: per quarantined APP file, its records' pairs and DPNs.
	quarantined []quarantinedFile
	// dccFails counts DCC FAIL records by (deanery, quarter, reason).
	dccFails tally
	upd      *updateModel
	align    alignBook
	// notice caches the notices of placements, computed from noticeSends
	// send rows.
	notice      map[int32]noticeOf
	noticeSends int
}

// quarantinedFile is an APP file ESR did not load (5.2).
type quarantinedFile struct {
	name, deanery string
	date          Date
	pairs         []pairKey
	dpns          []string // per record, in file order
}

// onQuarantine records the records of an APP file that gets no APC.
func (b *truthBook) onQuarantine(f *ExFile, cands []appCand) {
	q := quarantinedFile{name: f.Name, deanery: f.Deanery, date: f.Date}
	for _, c := range cands {
		q.pairs = append(q.pairs, c.key)
		q.dpns = append(q.dpns, c.dpn)
	}
	b.quarantined = append(b.quarantined, q)
}

// onDCC records one answered notification; only failures are kept.
func (b *truthBook) onDCC(f *ExFile, status, reason string) {
	if status == "FAIL" {
		b.dccFails.addNational(f.Deanery, f.Date.Quarter().String(), "DCC", reason)(0, 1)
	}
}

// onUpdate replays a delivered RMC or RMF, created at at, on the
// deanery's side (5.8).
func (b *truthBook) onUpdate(e *ESR, di int, f *ExFile, recs []rec, full bool, at Timestamp) {
	b.model(e).apply(di, f, recs, full, at)
}

// model returns the deanery-side model of the update interface.
func (b *truthBook) model(e *ESR) *updateModel {
	if b.upd == nil {
		b.upd = newUpdateModel(e)
	}
	return b.upd
}

// esrTruthRows emits the rows of a table of this side; nothing when no
// ESR simulation ran.
func (w *World) esrTruthRows(table string, emit func(...string) error) error {
	e := w.esr
	if e == nil {
		return nil
	}
	switch table {
	case TablePositionTruth:
		return e.positionTruth(emit)
	case TableSendTruth:
		return e.sendTruth(emit)
	case TableExpectedVolume:
		return e.expectedVolume().emit(emit)
	case TableExpectedRejections:
		return e.expectedRejections().emit(emit)
	case TableExpectedQuarantine:
		return e.expectedQuarantine(emit)
	case TableExpectedNotice:
		return e.expectedNotice().emit(emit)
	case TableExpectedSavings:
		return e.expectedSavings(emit, savingRatePence)
	case TableExpectedUpdates:
		return e.expectedUpdates().emit(emit)
	case TableExpectedPostStates:
		return e.expectedPostStates().emit(emit)
	case TableExpectedAlignmentField:
		return e.truth.align.fields.columns(4).emit(emit)
	case TableExpectedAlignmentScore:
		return e.expectedAlignmentScores(emit)
	}
	return nil
}

// tally counts rows of an expected_* table: a key of text columns, then
// counts. Keys are sorted as text when emitted; rows whose counts are all
// zero are never written (5.11 "expected_* conventions").
type tally struct {
	rows map[string]*tallyRow
}

type tallyRow struct {
	key    []string
	counts []int64
}

// add returns a function adding v to count column i of the row key.
func (t *tally) add(key ...string) func(i int, v int64) {
	if t.rows == nil {
		t.rows = map[string]*tallyRow{}
	}
	k := strings.Join(key, "\x00")
	r := t.rows[k]
	if r == nil {
		r = &tallyRow{key: slices.Clone(key)}
		t.rows[k] = r
	}
	return func(i int, v int64) {
		for len(r.counts) <= i {
			r.counts = append(r.counts, 0)
		}
		r.counts[i] += v
	}
}

// merge adds the counts of every row of o.
func (t *tally) merge(o *tally) {
	for _, r := range o.rows {
		add := t.add(r.key...)
		for i, v := range r.counts {
			add(i, v)
		}
	}
}

// addNational adds to the deanery's row and to the national (ALL) row of
// the same other columns, pooled.
func (t *tally) addNational(deanery string, rest ...string) func(i int, v int64) {
	a := t.add(append([]string{deanery}, rest...)...)
	b := t.add(append([]string{"ALL"}, rest...)...)
	return func(i int, v int64) { a(i, v); b(i, v) }
}

// withCounts fixes the number of count columns (trailing zeros filled).
type tallyOut struct {
	t *tally
	n int
}

func (t *tally) columns(n int) tallyOut { return tallyOut{t, n} }

func (o tallyOut) emit(emit func(...string) error) error {
	keys := make([]string, 0, len(o.t.rows))
	for k := range o.t.rows {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		r := o.t.rows[k]
		zero := true
		vals := slices.Clone(r.key)
		for i := range o.n {
			var v int64
			if i < len(r.counts) {
				v = r.counts[i]
			}
			if v != 0 {
				zero = false
			}
			vals = append(vals, strconv.FormatInt(v, 10))
		}
		if zero {
			continue
		}
		if err := emit(vals...); err != nil {
			return err
		}
	}
	return nil
}

// roundDiv returns n/d rounded half up (n, d ≥ 0, d > 0).
func roundDiv(n, d int64) int64 { return (2*n + d) / (2 * d) }

// decimalText formats v/10^dec with dec decimals (v ≥ 0).
func decimalText(v int64, dec int) string {
	s := strconv.FormatInt(v, 10)
	for len(s) <= dec {
		s = "0" + s
	}
	return s[:len(s)-dec] + "." + s[len(s)-dec:]
}
