// Package sim generates the synthetic world of domain section 10: a
// seeded, deterministic model of the deaneries' side of the ESR Deanery
// Interfaces, written as the files a real deployment would see.
//
// Build makes the world in memory: the reference data (deaneries, trusts
// with VPD codes, sites and GP practices, interface pairs with the
// adoption milestones of 5.10), the humans and their careers from a steady
// state (Foundation, GP, core, run-through; leavers, returners and moves
// between deaneries, each move a new trainee record), the posts those
// careers fill (a post never changes its DPN: it is retired and a new one
// made) and the placements with their lifecycle, plus the deanery-side
// faults of 10.4, each a row of the truth table fault. Run plays the
// world day by day and calls Hooks, where the ESR simulation plugs in.
// Write puts out config/ (7.12), deanery/<DDD>/ change-log extracts in
// each deanery's supplier layout (7.10), truth/ (10.5) and world.json.
// Generate does all three.
//
// Determinism: every random draw comes from a generator seeded by (world
// seed, draw kind, entity key), never from a shared stream, and no map
// iteration decides an order, so the same settings give byte-identical
// output whatever the processing order. Entities are numbered by creation
// time after they are all made.
//
// The ESR side hooks in through World.Hooks: Day runs once per day after
// the deanery's events of that day, with the deanery state as of any time
// readable from the versions (Trainee.Rows, Placement.Dates, Post.Created
// and Retired); DateChangeReady holds a planned DATE_CHANGE until ESR has
// loaded the placement's APP; EditTrainee adds a deanery edit (a surname
// change told by the trainee). Its own faults go to World.Faults with
// EntityID set.
//
// Calibration (domain 10.2), measured at scale 1 over 2010–2026 and shown
// by Describe (`deanery world describe`) beside its targets: about 57,000
// trainees in post each 1 November (Wales 2,300), 187,000 humans, 216,000
// trainee records, 79,900 placements starting a year (1.36 million in
// 2010–2026; 1.42 million rows with those running on the first day and
// those planned 13 weeks beyond the end), about 60,000 posts live and
// 76,000 in all. The career rules of 10.3 alone give about 50,000 in post,
// so careerParams adds longer programmes (ST3–ST8, run-through to ST8),
// ARCP repeats and two-year posts; docs/decisions.md says why the
// placements are counted by start.
//
// Truth tables are Parquet (typed) or CSV; ReadTruth and TruthViews read
// either as the same text.
//
// Files in the supplier and configuration formats are written only
// through packages ingest/extract and ingest/extract/refconfig.
package sim
