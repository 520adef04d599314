//go:build tools

package deanery

import (
	_ "github.com/apache/arrow-go/v18/arrow"
	_ "github.com/duckdb/duckdb-go/v2"
	_ "github.com/go-echarts/go-echarts/v2/charts"
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/urfave/cli/v2"
	_ "golang.org/x/term"
	_ "golang.org/x/text/unicode/norm"
)
