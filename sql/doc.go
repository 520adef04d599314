// Package sql holds the warehouse schema as numbered, embedded migrations and
// the named queries that analysts and reports read, and opens the warehouse.
//
// The migrations are the schema analysts read: every table and column carries
// a COMMENT ON text, and [Document] renders the schema document from the
// migrated catalogue, so the document cannot drift from the SQL.
//
// The package name shadows database/sql; import it as dsql:
//
//	import dsql "deanery/sql"
package sql
