package sql

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// sqlText recognises a string that is (part of) an SQL statement: the
// project writes SQL keywords in capitals, and its messages do not.
var sqlText = regexp.MustCompile(`\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|CREATE|DROP|ALTER|COPY|ATTACH|PRAGMA|SET|WHERE|FROM|JOIN|VALUES|ORDER BY|GROUP BY)\b`)

// sqlPiece is a value put into SQL text in Go: a non-constant operand of
// a + or a Sprintf whose constant parts are SQL, or of a Replace on SQL.
type sqlPiece struct {
	file, fn, expr string
	line           int
}

func (p sqlPiece) key() string { return p.file + " " + p.fn + " " + p.expr }

// allowedPieces are the only values Go code may put into SQL text, each
// an identifier from a fixed list or a number Go formats, never a value
// read from a file, a flag or a user. Key: file, function, expression.
// Everything else goes to DuckDB as a parameter (? or $name).
var allowedPieces = map[string]string{
	"ingest/config.go (*loadState).replaceConfig ct.table":                  "a configuration table name, from the fixed configTable map",
	"ingest/interface.go (*fileBatch).discard t":                            "a sink's table name, from the loader's fixed list",
	"ingest/sink.go (*sink).flush view":                                     "a view name the loader makes from the table name and a counter",
	"ingest/sink.go (*sink).flush s.table":                                  "a sink's table name, from the loader's fixed list",
	"ingest/sink.go (*sink).flush strings.Join(quoted, \", \")":             "the sink's column names, quoted",
	"ingest/sink.go (*sink).flush strings.Join(s.exprs, \", \")":            "the sink's select expressions, built from its column names and fixed casts",
	"sql/publish.go setMemoryLimit n":                                       "a byte count, an integer Go formats: SET takes no parameter",
	"quality/rules.go runRules body":                                        "a rule's query, from the embedded sql/queries/quality_rule_*.sql files",
	"reports/data.go newSource strconv.FormatFloat(rate, 'f', 2, 64)":       "a number Go formats: DuckDB takes no parameter in SET VARIABLE",
	"reports/data.go (*source).has name":                                    "a table or view name, each caller's constant",
	"reports/dashboards.go readDashboardData alignmentColumns(true)":        "column expressions built from the fixed entity list PERSON, POST, PLACEMENT",
	"reports/dashboards.go readDashboardData contributionColumns()":         "column expressions built from the fixed linkFields list",
	"reports/data.go (*source).cache ident(n)":                              "a view name from the caller's fixed list, quoted as an identifier",
	"reports/data.go (*source).cache ident(db)":                             "the warehouse's own catalog name, read from DuckDB, quoted as an identifier",
	"reports/quarterly.go alignmentQuarterly alignmentWide":                 "a constant query built once from alignmentColumns",
	"reports/quarterly.go alignmentColumns expr":                            "a column name from the function's fixed list",
	"reports/quarterly.go alignmentColumns name":                            "an alias built from the fixed entity and column lists",
	"reports/export/parquet.go Parquet ident(w.Name)":                       "a table or view name from duckdb_tables()/duckdb_views(), quoted as an identifier",
	"reports/export/parquet.go Parquet literal(w.Path)":                     "the output path, quoted as an SQL string: COPY ... TO takes no parameter",
	"exchange/sim/truthio.go TruthViews path":                               "a truth table's file path, quoted as an SQL string: a view takes no parameter",
	"exchange/sim/truthio.go TruthViews strings.Join(cols, \", \")":         "casts of the table's column names, from the fixed truth headers",
	"exchange/sim/truthio.go TruthViews table":                              "a truth table's name, from the fixed truth headers",
	"exchange/sim/truthio.go TruthViews src":                                "the view's query, built from the pieces above",
	"reports/export/parquet.go Parquet strings.Join(w.PartitionBy, \", \")": "column names from the fixed list deanery_code, quarter",
}

// TestSQLTakesNoInputValues scans the Go source of the module (tests
// aside) for SQL text built in Go, with + or fmt.Sprintf, or changed with
// strings.Replace, and fails on any value put into it that allowedPieces
// does not list: values reach DuckDB as parameters only. It also fails on
// a listed piece that is gone, so the list stays the truth.
func TestSQLTakesNoInputValues(t *testing.T) {
	root := filepath.Join("..")
	var pieces []sqlPiece
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "testdata", ".git", "node_modules", "out", "bin":
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		pieces = append(pieces, sqlPieces(fset, filepath.ToSlash(rel), f)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range pieces {
		seen[p.key()] = true
		if _, ok := allowedPieces[p.key()]; !ok {
			t.Errorf("%s:%d: %s puts %s into SQL text: pass it as a parameter, or (an identifier from a fixed list) add %q to allowedPieces with the reason",
				p.file, p.line, p.fn, p.expr, p.key())
		}
	}
	var gone []string
	for k := range allowedPieces {
		if !seen[k] {
			gone = append(gone, k)
		}
	}
	sort.Strings(gone)
	for _, k := range gone {
		t.Errorf("allowedPieces lists %q, which the source no longer has: remove it", k)
	}
	if len(pieces) == 0 {
		t.Fatal("found no SQL built in Go at all: the scan is broken")
	}
}

// sqlPieces finds, in one file, the values put into SQL text.
func sqlPieces(fset *token.FileSet, file string, f *ast.File) []sqlPiece {
	var out []sqlPiece
	for _, decl := range f.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		fn := funcName(fd)
		consts := constLocals(fd.Body)
		isConst := func(e ast.Expr) bool { return isConstExpr(e, consts) }
		add := func(e ast.Expr) {
			out = append(out, sqlPiece{file: file, fn: fn, expr: render(fset, e), line: fset.Position(e.Pos()).Line})
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.BinaryExpr:
				if x.Op != token.ADD {
					return true
				}
				ops := flattenAdd(x)
				if !anySQL(ops) {
					return true
				}
				for _, op := range ops {
					if !isConst(op) {
						add(op)
					}
				}
				return false // the chain is done; its operands are not SQL chains of their own
			case *ast.CallExpr:
				switch callName(x) {
				case "fmt.Sprintf", "fmt.Fprintf":
					fi := 0
					if callName(x) == "fmt.Fprintf" {
						fi = 1
					}
					if len(x.Args) <= fi || !anySQL(x.Args[fi:fi+1]) {
						return true
					}
					for _, a := range x.Args[fi+1:] {
						if !isConst(a) {
							add(a)
						}
					}
				case "strings.ReplaceAll", "strings.Replace":
					if len(x.Args) >= 3 && (anySQL(x.Args[:1]) || isNamedQuery(x.Args[0])) && !isConst(x.Args[2]) {
						add(x.Args[2])
					}
				}
			}
			return true
		})
	}
	return out
}

func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	var b bytes.Buffer
	printer.Fprint(&b, token.NewFileSet(), fd.Recv.List[0].Type)
	recv := b.String()
	if strings.HasPrefix(recv, "*") {
		recv = "(" + recv + ")"
	}
	return recv + "." + fd.Name.Name
}

func render(fset *token.FileSet, e ast.Expr) string {
	var b bytes.Buffer
	printer.Fprint(&b, fset, e)
	return b.String()
}

func callName(c *ast.CallExpr) string {
	if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok {
			return id.Name + "." + sel.Sel.Name
		}
	}
	return ""
}

// isNamedQuery reports a call that returns one of the embedded .sql queries.
func isNamedQuery(e ast.Expr) bool {
	c, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	n := callName(c)
	return strings.HasSuffix(n, ".MustQuery") || strings.HasSuffix(n, ".Query") ||
		fmt.Sprint(c.Fun) == "MustQuery" || fmt.Sprint(c.Fun) == "Query"
}

// flattenAdd lists the operands of a chain a + b + c.
func flattenAdd(e ast.Expr) []ast.Expr {
	if b, ok := e.(*ast.BinaryExpr); ok && b.Op == token.ADD {
		return append(flattenAdd(b.X), flattenAdd(b.Y)...)
	}
	if p, ok := e.(*ast.ParenExpr); ok {
		return flattenAdd(p.X)
	}
	return []ast.Expr{e}
}

func anySQL(es []ast.Expr) bool {
	for _, e := range es {
		if s, ok := stringLit(e); ok && sqlText.MatchString(s) {
			return true
		}
	}
	return false
}

func stringLit(e ast.Expr) (string, bool) {
	l, ok := e.(*ast.BasicLit)
	if !ok || l.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(l.Value)
	return s, err == nil
}

// isConstExpr reports a literal, a local variable that only ever holds
// literals (consts), a chain of those, or a literal table indexed.
func isConstExpr(e ast.Expr, consts map[string]bool) bool {
	switch x := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		return consts[x.Name]
	case *ast.ParenExpr:
		return isConstExpr(x.X, consts)
	case *ast.BinaryExpr:
		return x.Op == token.ADD && isConstExpr(x.X, consts) && isConstExpr(x.Y, consts)
	case *ast.IndexExpr:
		return constTable(x.X, consts)
	}
	return false
}

// constTable reports a composite literal whose elements (or values) are
// all constant: []string{"a", "b"} or map[bool]string{true: "x", false: ""}.
func constTable(e ast.Expr, consts map[string]bool) bool {
	cl, ok := e.(*ast.CompositeLit)
	if !ok {
		return false
	}
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		if !isConstExpr(el, consts) {
			return false
		}
	}
	return true
}

// constLocals finds the local variables of a function body that are only
// ever given constant strings: by assignment, or as the value of a range
// over a literal list of them.
func constLocals(body *ast.BlockStmt) map[string]bool {
	given := map[string][]ast.Expr{} // name → every value assigned
	ranged := map[string]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for i, l := range x.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok {
					continue
				}
				if len(x.Rhs) == len(x.Lhs) && x.Tok != token.ADD_ASSIGN {
					given[id.Name] = append(given[id.Name], x.Rhs[i])
				} else {
					given[id.Name] = append(given[id.Name], nil) // a call's results, or +=: not known
				}
			}
		case *ast.ValueSpec:
			for i, id := range x.Names {
				if i < len(x.Values) {
					given[id.Name] = append(given[id.Name], x.Values[i])
				} else {
					given[id.Name] = append(given[id.Name], nil)
				}
			}
		case *ast.RangeStmt:
			if id, ok := x.Value.(*ast.Ident); ok {
				given[id.Name] = append(given[id.Name], nil)
				ranged[id.Name] = constTable(x.X, nil)
			}
		}
		return true
	})
	consts := map[string]bool{}
	// Literals first; then names given only literals or names already
	// known constant, until nothing changes.
	for changed := true; changed; {
		changed = false
		for name, vals := range given {
			if consts[name] {
				continue
			}
			ok := true
			for _, v := range vals {
				if v == nil && !ranged[name] || v != nil && !isConstExpr(v, consts) {
					ok = false
					break
				}
			}
			if ok {
				consts[name] = true
				changed = true
			}
		}
	}
	return consts
}
