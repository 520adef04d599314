package ingest

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"deanery/ingest/extract"
	"deanery/ingest/iface"
)

// Kind is what a file is to the loader.
type Kind string

// The kinds of file a load takes.
const (
	KindConfig    Kind = "CONFIG"
	KindExtract   Kind = "EXTRACT"
	KindInterface Kind = "INTERFACE"
	KindUnknown   Kind = "UNKNOWN"
)

// input is one file found under the paths of a load.
type input struct {
	path string
	base string
	kind Kind
}

// configFiles are the reference configuration tables (domain 7.12), in the
// order they load: a trust needs its deanery, a site its trust.
var configFiles = []string{"deaneries.csv", "trusts.csv", "sites.csv", "interface_pairs.csv"}

// discover walks paths (files or directories, recursively) and classifies
// every regular file. Files in load order: configuration first, then
// extracts by quarter, then interface files in path order (a world's
// exchange/<YYYY>/<YYYYMMDD>/ folders are delivery order).
func discover(paths []string) ([]input, error) {
	var found []input
	seen := map[string]bool{}
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "truth" && path != p {
				return fs.SkipDir // a synthetic world's answers: never input
			}
			if d.IsDir() || !d.Type().IsRegular() || seen[path] {
				return nil
			}
			seen[path] = true
			in, err := classify(path)
			if err != nil {
				return err
			}
			found = append(found, in)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("find files: %w", err)
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return loadOrder(found[i]) < loadOrder(found[j]) })
	return found, nil
}

func loadOrder(in input) string {
	switch in.kind {
	case KindConfig:
		for i, n := range configFiles {
			if in.base == n {
				return fmt.Sprintf("0%d", i)
			}
		}
	case KindExtract:
		fi, _ := extract.ParseName(in.base)
		return fmt.Sprintf("1%s %d %s", fi.Quarter, entityOrder(fi.Entity), in.path)
	case KindInterface:
		return "2" + in.path
	}
	return "3" + in.path
}

// entityOrder loads trainees before posts before placements in a quarter.
func entityOrder(e extract.Entity) int {
	for i, x := range extract.Entities() {
		if x == e {
			return i
		}
	}
	return 9
}

// classify decides a file's kind from its name, and for a name it does not
// know, from its first bytes: a file that starts with an HDR record is an
// interface file with a bad name (rejected BAD_FILE_NAME), anything else is
// not the loader's (truth tables, world.json, notes) and is skipped.
func classify(path string) (input, error) {
	base := filepath.Base(path)
	in := input{path: path, base: base, kind: KindUnknown}
	switch {
	case isConfigName(base):
		in.kind = KindConfig
	case strings.HasPrefix(base, "DE_"):
		in.kind = KindInterface
	default:
		if _, ok := extract.ParseName(base); ok {
			in.kind = KindExtract
		} else if startsWithHDR(path) {
			in.kind = KindInterface
		}
	}
	if in.kind == KindInterface {
		if _, err := iface.ParseName(base); err != nil {
			in.kind = KindInterface // kept: rejected with BAD_FILE_NAME when loaded
		}
	}
	return in, nil
}

func isConfigName(base string) bool {
	for _, n := range configFiles {
		if base == n {
			return true
		}
	}
	return false
}

func startsWithHDR(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	b, _ := bufio.NewReader(f).Peek(7)
	s := strings.TrimPrefix(string(b), "\uFEFF")
	return strings.HasPrefix(s, "HDR,")
}
