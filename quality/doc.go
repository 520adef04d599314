// Package quality measures how far ESR and the deanery systems agree
// (domain section 8): it links each deanery trainee to at most one ESR
// person, classifies posts and placements per quarter, scores the
// alignment of every compared field, and runs the declared data-quality
// rules. Everything is computed inside the warehouse by the named queries
// quality_* of package sql; this package sequences them, fits the
// probabilistic linkage model on the comparison patterns they return, and
// reads back the findings. It never reads the synthetic world's truth.
//
// A run is one call of [Run]. Tables holding one row per record
// (quality_person_link, quality_person_score, quality_post_state, ...) keep
// the latest run; tables keyed by run_id keep every run, so a quarter can
// be compared with the previous one and with the same quarter a year
// earlier.
package quality
