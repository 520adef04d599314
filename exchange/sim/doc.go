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
// Files in the supplier and configuration formats are written only
// through packages ingest/extract and ingest/extract/refconfig.
package sim
