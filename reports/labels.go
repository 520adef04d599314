package reports

import "strings"

// How the pages name and show a column. CSV files keep the views' column
// names (what analysts query, docs/schema.md); the pages show these labels
// and format the values for reading: counts with thousands separators,
// shares as percentages, changes of a share in percentage points, money in
// pounds. The value in the page and the value in the CSV are the same
// figure.

// Column formats.
const (
	fmtText   = "text"   // shown as it is; long text wraps
	fmtCode   = "code"   // a short code, never wrapped
	fmtCount  = "count"  // a whole number: 12,345
	fmtNumber = "number" // a decimal, shown as it is
	fmtShare  = "share"  // 0 to 1, shown as a percentage: 98.18%
	fmtChange = "change" // a difference of two shares, in points: +1.23 pts
	fmtDelta  = "delta"  // a difference of two counts: +12, −3
	fmtGBP    = "gbp"    // pounds: £1,019.92
	fmtDate   = "date"
)

type colSpec struct {
	Label  string
	Format string
}

var columnSpecs = map[string]colSpec{
	"deanery_code":       {"Deanery", fmtCode},
	"deanery":            {"Deanery", fmtCode},
	"trust_code":         {"Trust", fmtCode},
	"quarter":            {"Quarter", fmtCode},
	"year":               {"Year", fmtCode},
	"series":             {"Series", fmtCode},
	"entity":             {"Score", fmtCode},
	"field":              {"Detail", fmtCode},
	"source":             {"Source", fmtCode},
	"reason_code":        {"Reason", fmtCode},
	"reason":             {"Reason", fmtText},
	"count":              {"Records", fmtCount},
	"file_type":          {"File type", fmtCode},
	"files":              {"Files loaded", fmtCount},
	"last_file_date":     {"Latest file dated", fmtDate},
	"last_file_name":     {"Latest file", fmtText},
	"check_kind":         {"Check", fmtCode},
	"record_type":        {"Record type", fmtCode},
	"code":               {"Finding", fmtCode},
	"kind":               {"What", fmtCode},
	"action":             {"What to do", fmtText},
	"placement_id":       {"Placement", fmtCode},
	"trainee_id":         {"Trainee", fmtCode},
	"surname":            {"Surname", fmtText},
	"forenames":          {"Forenames", fmtText},
	"dpn":                {"DPN", fmtCode},
	"position_id":        {"ESR position", fmtCode},
	"esr_person_number":  {"ESR person", fmtCode},
	"tier":               {"Linked by", fmtCode},
	"status":             {"Status", fmtCode},
	"match_weight":       {"Match weight (bits)", fmtNumber},
	"match_probability":  {"Probability", fmtShare},
	"live_trusts":        {"Live trusts", fmtCount},
	"period_from":        {"From", fmtDate},
	"period_to":          {"To", fmtDate},
	"name":               {"Name", fmtText},
	"first_quarter_live": {"First live", fmtCode},

	"applicants_created":                    {"Applicants created", fmtCount},
	"internal_transfers":                    {"Internal transfers", fmtCount},
	"manual_hires":                          {"Manual hires", fmtCount},
	"rejections":                            {"APP records rejected", fmtCount},
	"app_failed":                            {"APP records rejected", fmtCount},
	"app_records":                           {"APP records sent", fmtCount},
	"applicants_previous_quarter":           {"Applicants, previous quarter", fmtCount},
	"applicants_change_on_previous_quarter": {"Change on previous quarter", fmtDelta},
	"applicants_year_earlier":               {"Applicants, a year earlier", fmtCount},
	"applicants_change_on_year_earlier":     {"Change on a year earlier", fmtDelta},
	"transfers_previous_quarter":            {"Transfers, previous quarter", fmtCount},
	"transfers_year_earlier":                {"Transfers, a year earlier", fmtCount},

	"placements_measured": {"Placements sent", fmtCount},
	"compliant":           {"With 12 weeks' notice", fmtCount},
	"compliance_rate":     {"Share with 12 weeks' notice", fmtShare},
	"not_sent":            {"Never sent", fmtCount},
	"national_rate":       {"England and Wales share", fmtShare},

	"roles":           {"Post roles", fmtCount},
	"reconciled":      {"Reconciled", fmtCount},
	"missing_in_esr":  {"Missing in ESR", fmtCount},
	"duplicate_dpn":   {"Duplicate DPN", fmtCount},
	"not_live":        {"Trust not live", fmtCount},
	"reconciled_rate": {"Share reconciled", fmtShare},

	"applications":                        {"Applications", fmtCount},
	"rate_gbp":                            {"Rate per application", fmtGBP},
	"saving_gbp":                          {"Saving", fmtGBP},
	"organisation_years":                  {"Organisation-years", fmtNumber},
	"per_org_year_gbp":                    {"Saving per organisation-year", fmtGBP},
	"applications_per_org_year":           {"Applications per organisation-year", fmtNumber},
	"published_per_org_year_gbp":          {"Published saving per organisation-year", fmtGBP},
	"published_applications_per_org_year": {"Published applications per organisation-year", fmtNumber},

	"population":                 {"Population", fmtCount},
	"linked":                     {"Linked", fmtCount},
	"scored":                     {"Scored", fmtCount},
	"score":                      {"Score", fmtShare},
	"link_coverage":              {"Link coverage", fmtShare},
	"previous_quarter_score":     {"Previous quarter", fmtShare},
	"change_on_previous_quarter": {"Change on previous quarter", fmtChange},
	"year_earlier_score":         {"A year earlier", fmtShare},
	"change_on_year_earlier":     {"Change on a year earlier", fmtChange},
	"national_score":             {"England and Wales", fmtShare},
	"difference_from_national":   {"Difference from England and Wales", fmtChange},
	"person_population":          {"Trainees", fmtCount},
	"person_score":               {"Person alignment", fmtShare},
	"person_change":              {"Person: change", fmtChange},
	"person_year_change":         {"Person: change on a year", fmtChange},
	"person_national":            {"Person: E&W", fmtShare},
	"post_population":            {"Posts", fmtCount},
	"post_score":                 {"Post alignment", fmtShare},
	"post_change":                {"Post: change", fmtChange},
	"post_national":              {"Post: E&W", fmtShare},
	"placement_population":       {"Placements", fmtCount},
	"placement_score":            {"Placement alignment", fmtShare},
	"placement_change":           {"Placement: change", fmtChange},
	"placement_national":         {"Placement: E&W", fmtShare},

	"pairs":              {"Pairs", fmtCount},
	"compared":           {"Compared", fmtCount},
	"agree":              {"Agree", fmtCount},
	"one_null":           {"One side empty", fmtCount},
	"agreement":          {"Agreement", fmtShare},
	"incompleteness":     {"Incompleteness", fmtShare},
	"national_agreement": {"England and Wales agreement", fmtShare},

	"trainees":                {"Trainees", fmtCount},
	"links":                   {"Links", fmtCount},
	"key_links":               {"By key", fmtCount},
	"probabilistic_links":     {"Probabilistic", fmtCount},
	"review_links":            {"Held for review", fmtCount},
	"expected_false_matches":  {"Expected wrong links", fmtNumber},
	"false_match_rate":        {"Wrong-link rate", fmtShare},
	"expected_missed_matches": {"Expected missed links", fmtNumber},
	"missed_match_rate":       {"Missed-link rate", fmtShare},
}

// fieldNames are the details compared, as the pages name them.
var fieldNames = map[string]string{
	"last_name": "Surname", "first_name": "First name", "date_of_birth": "Date of birth", "gender": "Gender",
	"ni_number": "NI number", "gmc_number": "GMC number", "email": "Email", "postcode": "Postcode",
	"address_line1": "Address line 1", "start_date": "Start date", "end_date": "End date", "grade": "Grade", "wte": "WTE",
}

// valueLabels are what the pages show for codes in a column; the CSV keeps
// the codes.
var valueLabels = map[string]map[string]string{
	"deanery_code": {"ALL": "England and Wales"},
	"deanery":      {"ALL": "England and Wales"},
	"trust_code":   {"ALL": "All trusts", "UNKNOWN": "No trust known"},
	"year":         {"ALL": "Whole period"},
	"entity":       {"PERSON": "Person", "POST": "Post", "PLACEMENT": "Placement"},
	"field":        fieldNames,
	"tier": {"ASSIGNMENT_ID": "assignment id", "GMC_DOB": "GMC + birth date",
		"NI_DOB": "NI + birth date", "PROBABILISTIC": "probabilistic"},
	"status": {"ACCEPTED": "accepted", "REVIEW": "for review"},
	"kind": {"APP_FAILED": "APP record rejected", "POST_MISSING_IN_ESR": "Post missing in ESR",
		"DUPLICATE_DPN": "Duplicate DPN in ESR", "PERSON_DIFFERS": "Details differ from ESR",
		"PLACEMENT_NO_LINK": "Placement: trainee not linked", "PLACEMENT_NO_ASSIGNMENT": "Placement: no ESR assignment",
		"PLACEMENT_DATES_DIFFER": "Placement: dates differ", "PLACEMENT_ALIGNED": "Placement: a detail differs"},
	"series": {"ALL": "England and Wales"},
}

// label returns a column's label; a column no spec names (a pivoted
// deanery code, say) is shown by its name.
func label(col string) string {
	if s, ok := columnSpecs[col]; ok {
		return s.Label
	}
	if col == "ALL" {
		return "England and Wales"
	}
	if f, ok := fieldNames[strings.TrimSuffix(col, "_agreement")]; ok {
		return f
	}
	return col
}

// format returns a column's format, fmtCount for an unnamed numeric column
// (numeric says whether every value is a number).
func format(col string, numeric bool) string {
	if s, ok := columnSpecs[col]; ok {
		return s.Format
	}
	if strings.HasSuffix(col, "_weight") {
		return fmtNumber
	}
	if strings.HasSuffix(col, "_agreement") {
		return fmtShare
	}
	if numeric {
		return fmtCount
	}
	return fmtCode
}

// Term is an entry of a page's glossary.
type Term struct{ Term, Meaning string }

// glossary explains every code and word of the trade the pages use.
var glossary = []Term{
	{"APP", "Applicant record the deanery sends ESR for a placement (one per ESR position), each working day."},
	{"APC", "ESR's answer to an APP record: SUCCESS (an applicant created, or an internal transfer) or FAIL with a reason."},
	{"Applicant created", "An APC SUCCESS of type NEW: ESR created the trainee as an applicant from the APP record, sparing the trust the keying."},
	{"Internal transfer", "An APC SUCCESS of type TRANSFER: the trainee's live ESR assignment was moved to the new post."},
	{"Manual hire", "A trainee hire or transfer keyed by hand in ESR, seen in ESR's quarterly staff extract (STF): before the trust went live on the interface, on a post not reconciled, or after a failure."},
	{"DNC, DNF, DCC", "Notifications the deanery sends ESR (new posts, changes, withdrawals) and ESR's confirmations."},
	{"RMC, RMF", "ESR's daily changes and full refreshes of positions and, for Full Records trusts, of trainees' details."},
	{"STF", "ESR's staff extract at each quarter end: every medical and dental person at the deanery's trusts."},
	{"DPN", "Deanery post number: the key that ties a deanery post to an ESR position."},
	{"VPD", "ESR's partition for one employing organisation (three digits)."},
	{"Trust", "An employing organisation (NHS trust); shown by its ODS code."},
	{"Reconciled post", "A post role for which exactly one live ESR position carries its DPN at the trust."},
	{"12 weeks' notice", "A placement is compliant when the first APP file that carried it (not quarantined) is dated at least 84 days before its start."},
	{"Person alignment", "For trainees linked to an ESR person, the average share of their details (surname, first name, date of birth, gender, NI number, GMC number, email, postcode, address) on which the deanery and ESR agree at the quarter end."},
	{"Post alignment", "The share of current posts that ESR holds exactly once at every employing trust on the interface."},
	{"Placement alignment", "The share of placements starting in the quarter that ESR holds with start and end within 7 days."},
	{"Link coverage", "The share of the quarter's trainees linked to an ESR person (by a key or by the probabilistic model)."},
	{"Agreement, incompleteness", "Of the linked pairs, the share on which a detail agrees, and the share where one side holds it and the other does not."},
	{"Match weight", "Evidence, in bits, that a trainee and an ESR person are the same human: each detail adds (agrees) or takes away (differs); the probability follows from the total."},
	{"pts", "Percentage points: the difference of two percentages. \"Change\" is on the previous quarter unless it says otherwise."},
	{"E&W", "England and Wales: every deanery together, pooled over all their records (not an average of deaneries)."},
	{"How details compared (links)", "same: equal; close or similar: spelt almost alike; previous surname: one side's earlier surname; day/month swapped; 2 of 3 parts: two of day, month and year equal; one edit: one character changed, added, dropped or two swapped; same district: the first half of the postcode; same before @: the part of the email before the @; differs: none of these. Empty: one side holds no value, which counts neither way."},
	{"Organisation-year", "One trust live on the recruitment interface for a whole year; a trust live half the year counts 0.5."},
	{"ALL", "In a CSV file, ALL marks a total: England and Wales, every trust of a deanery, or the whole period."},
}
