package ingest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"deanery/ingest"
	dsql "deanery/sql"
)

// Load every file under a folder into a fresh warehouse and say what
// became of each.
func ExampleLoad() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	db, err := dsql.Open(ctx, filepath.Join(dir, "deanery.duckdb"), dsql.ReadWrite)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	res, err := ingest.Load(ctx, db, []string{"iface/testdata/examples/DE_OXF_APP_20110505_00000089.DAT"}, ingest.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Files {
		fmt.Println(f.Name, f.Status, f.Records, "records")
	}
	fmt.Println("app_record rows:", res.Tables["app_record"])
	// Output:
	// DE_OXF_APP_20110505_00000089.DAT LOADED 5 records
	// app_record rows: 5
}
