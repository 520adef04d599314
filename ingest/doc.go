// Package ingest loads files into the warehouse: the reference
// configuration, the deanery-system extracts and the ESR interface files.
//
// Parsing lives in the subpackages (ident for value rules, iface for
// interface files, extract for supplier extracts and configuration); this
// package decides each file's kind from its name and content, applies the
// replay and sequence rules of domain 5.9, and writes every accepted record
// in bulk (Arrow record batches, one INSERT per table batch) inside one
// transaction per load. A file rejected whole leaves no record behind; a
// bad record is kept in rejected_record with its raw text and reason, and
// the rest of its file loads. A big file streams: its rows are written a
// batch at a time while it is read (so memory does not grow with the
// file), and deleted again, inside the load's transaction, if the file's
// end then rejects it whole.
package ingest
