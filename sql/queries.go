package sql

import (
	"fmt"
	"io/fs"
	"strings"
)

// Query returns the named query kept in queries/<name>.sql. Parameters are
// DuckDB named parameters ($load_id), bound with database/sql.Named, so no
// value is ever spliced into the text.
func Query(name string) (string, error) {
	b, err := fs.ReadFile(files, "queries/"+name+".sql")
	if err != nil {
		return "", fmt.Errorf("named query %q: %w", name, err)
	}
	return string(b), nil
}

// MustQuery is Query for names fixed in code; a missing one is a bug.
func MustQuery(name string) string {
	q, err := Query(name)
	if err != nil {
		panic(err)
	}
	return q
}

// QueryNames lists the named queries.
func QueryNames() []string {
	entries, _ := fs.ReadDir(files, "queries")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".sql"))
	}
	return names
}
