package sql

import "embed"

// files holds the migrations and named queries. A file whose name does not
// follow the numbering rule is an error, never silently skipped.
//
//go:embed migrations/*.sql queries/*.sql
var files embed.FS
