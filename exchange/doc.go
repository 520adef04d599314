// Package exchange is the hub between each deanery system and ESR (domain
// section 5): on real files, from the warehouse alone, it builds what the
// deanery sends (APP applicant records, DNC/DNF notifications) and applies
// what ESR sends (APC, DCC, RMC/RMF, STF).
//
// The rules are set-based SQL kept under sql/queries (exchange_*.sql) over
// the table macros and tables of the exchange migration: a run date's
// deanery state is the warehouse filtered "as of D 17:00", never a copy,
// and every record sent is kept against its placement and position
// (app_send, notification_send) so that ESR's answers, quarantines,
// re-sends, notice and notifications follow from the tables.
//
//   - [BuildRecruitment] writes one run date's APP and DNC/DNF files for each
//     live deanery and records them.
//   - [Apply] loads ESR's files through the loader and applies the person
//     records of RMC/RMF files to the trainees (5.8).
//   - [Replay] plays a world's delivered history day by day in the daily
//     order of 5.1 and compares the hub's files with the world's.
//   - [ReadStatus] summarises each deanery's streams.
//
// The package knows nothing of the synthetic world's model: it reads only
// the files a world delivered (never its truth folder), like any deployment.
package exchange
