// Package iface reads and writes the ESR Deanery Interface files: APP, APC,
// DNC/DNF, DCC, RMF/RMC and STF (domain sections 6 and 7.1–7.9).
//
// The package has three parts:
//
//   - File names: [ParseName] and [Name.String] for
//     DE_<DDD>_<TYPE>_<YYYYMMDD>_<NNNNNNNN>.DAT.
//   - Layouts as data: [Layout] returns the field table of a record type
//     (position, name, id, type, length, mandatory, identifier rule), and
//     [Field.Column] the warehouse column name of each field.
//   - A streaming [Reader] and a [Writer] with the exact encoding of
//     section 6.
//
// The reader separates three kinds of finding, because the loader treats
// them differently:
//
//   - A whole-file fault (missing header or trailer, wrong count, header not
//     matching the name, bad version, empty file, bad name) is a
//     [*FileError] wrapping [ErrFileRejected]. Count and trailer faults can
//     only be seen at the end, so the caller loads inside a transaction and
//     rolls back when Next returns one.
//   - A bad record (wrong field count, unknown record type, missing
//     mandatory field, value of the wrong type) is returned by Next as a
//     [Record] whose Reject is set; the rest of the file goes on loading.
//   - Anything else worth knowing (an identifier failing its rule, a value
//     too long, a code outside its list, a backslash before a closing
//     quote, a line that is not UTF-8) is a [Flag] on the record; the value
//     is kept, normalised. A file-level finding that does not reject the
//     file (more than 40 APP records for one DPN) is a [Warning] in the
//     reader's [Summary].
//
// Identifier rules come from package ident. Because its regular
// expressions dominate the cost of a large file, the reader first tries a
// conservative fast path that accepts only values ident would return
// unchanged, valid and unflagged; anything else goes to ident.
//
// Record values stay in file form (dates YYYYMMDD, timestamps
// YYYYMMDDHHMMSS), normalised by the field's identifier rule; the empty
// string is null. Messages never carry an NI number, birth date, address or
// other personal value in clear.
package iface
