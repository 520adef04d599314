// Package ident holds the identifier and value rules of the ESR Deanery
// Interfaces (domain section 3) and the name normalisation used to compare
// people (domain 8.2).
//
// Every reader of the project's files, whether interface records or
// deanery-system extracts, passes each identifier through [Check]: the raw text is
// normalised exactly as section 3 says (trim, strip whitespace, upper-case,
// pad a VPD code, space a postcode) and then validated.
//
// An invalid value is kept, in its normalised form, and flagged; it is never
// dropped or silently repaired. The project measures how well the two sides
// agree, so a bad NI number or a postcode with a stray comma is itself the
// finding: replacing it with a guess would hide the fault, and dropping it
// would turn "different" into "missing". Only placeholders that mean
// "no value" (a GMC number of UNKNOWN or N/A) become null, and they are
// flagged too.
//
// Flag messages name the rule and the shape of the problem. NI numbers,
// dates and postcodes are personal data, so messages carry them only in the
// masked form of [Mask].
//
// Canonical text forms shared between packages (dates YYYY-MM-DD, timestamps
// YYYY-MM-DD HH:MM:SS) come from [FormatDate] and [FormatTimestamp].
package ident
