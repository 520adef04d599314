// Package export writes the warehouse for analysts: every table and view
// as Parquet, hive-partitioned by deanery and quarter where a relation has
// those columns.
package export

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Written is one relation exported.
type Written struct {
	Name        string
	Kind        string // table or view
	Rows        int64
	PartitionBy []string
	Path        string // a file, or a folder of hive partitions
}

// Parquet writes every base table and report view of the warehouse under
// dir, one Parquet file per relation (dir/<name>.parquet), or a folder of
// hive partitions (dir/<name>/deanery_code=OXF/quarter=2012Q4/...) when the
// relation has a deanery_code and/or quarter column. Views other than the
// report views are left out: they are built from the tables exported.
func Parquet(ctx context.Context, db *stdsql.DB, dir string) ([]Written, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, `
		SELECT table_name, 'table' FROM duckdb_tables() WHERE NOT internal AND schema_name = 'main'
		UNION ALL
		SELECT view_name, 'view' FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' AND view_name LIKE 'report\_%' ESCAPE '\'
		ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("export: list relations: %w", err)
	}
	var rels []Written
	for rows.Next() {
		var w Written
		if err := rows.Scan(&w.Name, &w.Kind); err != nil {
			rows.Close()
			return nil, fmt.Errorf("export: %w", err)
		}
		rels = append(rels, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	var out []Written
	for _, w := range rels {
		cols := map[string]bool{}
		crs, err := conn.QueryContext(ctx, `SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main'`, w.Name)
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", w.Name, err)
		}
		for crs.Next() {
			var c string
			_ = crs.Scan(&c)
			cols[c] = true
		}
		crs.Close()
		if w.Kind == "view" {
			// A view with no column list cannot be told from a broken one;
			// every report view has columns.
			if len(cols) == 0 {
				continue
			}
		}
		for _, c := range []string{"deanery_code", "quarter"} {
			if cols[c] {
				w.PartitionBy = append(w.PartitionBy, c)
			}
		}
		if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM `+ident(w.Name)).Scan(&w.Rows); err != nil {
			return nil, fmt.Errorf("export %s: %w", w.Name, err)
		}
		var stmt string
		if len(w.PartitionBy) > 0 && w.Rows > 0 {
			w.Path = filepath.Join(dir, w.Name)
			stmt = fmt.Sprintf(`COPY (SELECT * FROM %s) TO %s (FORMAT parquet, PARTITION_BY (%s), OVERWRITE_OR_IGNORE)`,
				ident(w.Name), literal(w.Path), strings.Join(w.PartitionBy, ", "))
		} else {
			w.PartitionBy = nil
			w.Path = filepath.Join(dir, w.Name+".parquet")
			stmt = fmt.Sprintf(`COPY (SELECT * FROM %s) TO %s (FORMAT parquet)`, ident(w.Name), literal(w.Path))
		}
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return nil, fmt.Errorf("export %s: %w", w.Name, err)
		}
		out = append(out, w)
	}
	return out, nil
}

func ident(s string) string   { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func literal(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }
