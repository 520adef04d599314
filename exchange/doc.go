// Package exchange is the hub between each deanery system and ESR (domain
// section 5): on real files, from the warehouse alone, it builds what the
// deanery sends (APP applicant records, DNC/DNF notifications) and applies
// what ESR sends (APC, DCC, RMC/RMF, STF).
//
//   - [Replay] plays a world's whole delivered history and compares the
//     hub's files with the world's, record for record.
//   - [BuildRecruitment] builds one run date's APP and DNC/DNF files for
//     each live deanery, the earlier runs' sends as facts.
//   - [Apply] loads ESR's files through the loader and applies the person
//     records of RMC/RMF files to the trainees (5.8).
//   - [ReadStatus] summarises each deanery's streams.
//
// # The set-based build
//
// The rules are set-based SQL kept under sql/queries (exchange_replay_*.sql,
// exchange_persons*.sql), run step by step on one connection into
// temporary xr_ tables; the results go to the tables of migration 0005
// (app_send, notification_send, app_quarantine, person_link, ...), which
// mean the same whether a history was replayed or built a day at a time.
// A build does not loop over days: it computes every run date of a
// calendar (xr_run: each deanery's working days from its first go-live;
// for BuildRecruitment, one new run after the earlier ones) at once.
//
//  1. State as intervals (exchange_replay_prep). Placement, post and
//     trainee versions hold from their modified_at to the next; ESR
//     positions from the POR image's file createdAt to the next image or
//     the next RMF of the deanery that left them out; every trainee field
//     follows the 5.8 merge rule. Everything the hub may see on day D is
//     filtered by header createdAt (RMC/RMF at 14:30 before the 17:00
//     build, APC at 19:00 and DCC at 19:15 after it), so all of ESR's files
//     are loaded before the build and change nothing it sees early.
//  2. Segments. A placement may be eligible only for D in [start - 90,
//     start - 2]; inside that window its state changes only at a few
//     times (its versions, its trainee's and post's, the positions with
//     its DPN, its trusts' go-lives, ESR updates to its trainee), so the
//     window is cut there and each segment's state is read once, at its
//     first run: eligibility (5.2 conditions 1, 3, 4), the fan-out over
//     reconciled positions, and the APP record (fields 3 to 33), clipped
//     by condition 2 (xr_pseg).
//  3. The fixed point (exchange_replay_pass). What a pair (placement,
//     position) is sent depends on ESR's answers to the hub's own earlier
//     sends: after FAIL it is sent again at the first eligible run whose
//     record differs, after no APC by the next run (quarantine) at the
//     next eligible run, after SUCCESS never; from a deanery's first
//     quarantine each DPN is capped at 40 records a file, the rest held
//     back (xr_block); APC SUCCESS assignment ids link ESR persons to
//     trainees, whose propagated fields change later records. Every such
//     dependency points forward in time, so a pass computes, from the
//     send set of the pass before and its answers, the send set those
//     imply for every run at once (each pair's chain of sends from its
//     start, following the sends whose answers are known), then ties
//     ESR's answers to it, infers quarantines and the cap, and applies
//     the person records (exchange_persons). Passes repeat until one
//     changes nothing (a few; exchange_pass keeps them); a build that does
//     not settle fails with the date of its earliest change.
//  4. Answers. An APC record echoes the DPN and position of the record it
//     answers, and within one (deanery, APP file date, DPN, position) the
//     order of records is fixed by (start date, placement), so the k-th APC
//     record of the group answers the k-th send of the group, whatever else
//     the file held. Once the passes agree, the real file names (sequence
//     numbers count only files written, per stream) and ordinals are
//     computed, and every tied APC record must name the send it was tied
//     to, or the build fails naming the file and ordinal.
//  5. Notifications (exchange_replay_finish) follow from the send set by
//     comparisons between runs: type 1 in the run that first sends a
//     placement (or the run after a DNF), type 2 for a loaded placement
//     withdrawn since the run before, type 4 where the dates differ from
//     those last sent, type 5 for a post first seen since the run before,
//     and the DNF on a deanery's first run.
//
// Go then writes the files from one ordered result (ingest/iface gives the
// exact encoding), records the APP records ESR is expected to refuse, and
// Replay loads the hub's files as sent, once, and compares them with the
// world's byte for byte (record for record where they differ).
// BuildRecruitment and Apply run the same statements over a calendar of
// one run, or a set of newly loaded files, with the earlier sends, answers,
// links and updates as facts, so each rule has one implementation.
//
// The package knows nothing of the synthetic world's model: it reads only
// the files a world delivered (never its truth folder), like any deployment,
// and the world's own deanery files are only compared, never used to
// decide what to send.
package exchange
