// Package codes holds the code lists of domain section 2 (and the Empower
// value maps of 7.10) as Go data: deaneries, trust kinds, grades and pay
// scales, specialties, placement types, titles, genders, countries and the
// small closed lists of the interfaces.
//
// They are data rather than configuration because the interfaces fix them:
// a reader that meets a code not listed here has found a fault to report,
// not a setting to learn. Lists are returned as copies, so no caller can
// change them for another.
//
// Shares are percentages (5.8 means 5.8%), world defaults used to calibrate
// the synthetic world, not facts about real deaneries.
package codes
