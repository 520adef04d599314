package ingest

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"

	"deanery/ingest/extract/refconfig"
)

// The configuration is state, not history: each file replaces its table
// whole. A changed file of the same name is therefore a new version, not a
// NAME_CONFLICT (docs/decisions.md); an unchanged one is a REPLAY.

// configTable maps a configuration file to its table and columns.
var configTable = map[string]struct {
	table   string
	columns []string
}{
	refconfig.FileDeaneries: {"deanery", []string{"deanery_code", "name", "letb_name", "system"}},
	refconfig.FileTrusts:    {"trust", []string{"trust_code", "name", "vpd_code", "deanery_code", "kind"}},
	refconfig.FileSites:     {"site", []string{"site_code", "trust_code", "name", "kind"}},
	refconfig.FilePairs:     {"interface_pair", []string{"deanery_code", "trust_code", "recruitment_live_from", "full_records_from"}},
}

// reference returns the configuration known so far: the warehouse's, as
// replaced by this load's files. Trusts are checked against deaneries,
// sites and pairs against trusts.
func (st *loadState) reference(ctx context.Context) (*refconfig.Config, error) {
	if st.ref != nil {
		return st.ref, nil
	}
	ref := &refconfig.Config{}
	err := scanRows(ctx, st.conn, `SELECT deanery_code, name, coalesce(letb_name, ''), system FROM deanery`, func(v []string) {
		ref.Deaneries = append(ref.Deaneries, refconfig.Deanery{Code: v[0], Name: v[1], LETBName: v[2], System: v[3]})
	})
	if err == nil {
		err = scanRows(ctx, st.conn, `SELECT trust_code, name, vpd_code, deanery_code, coalesce(kind, '') FROM trust`, func(v []string) {
			ref.Trusts = append(ref.Trusts, refconfig.Trust{Code: v[0], Name: v[1], VPDCode: v[2], DeaneryCode: v[3], Kind: v[4]})
		})
	}
	if err != nil {
		return nil, fmt.Errorf("read reference configuration: %w", err)
	}
	st.ref = ref
	return ref, nil
}

func scanRows(ctx context.Context, conn *stdsql.Conn, q string, each func([]string)) error {
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]string, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		each(append([]string(nil), vals...))
	}
	return rows.Err()
}

func (st *loadState) loadConfig(ctx context.Context, in input, fr *FileResult, m *fileMeta) error {
	st.describe(in, m)
	ref, err := st.reference(ctx)
	if err != nil {
		return err
	}
	f, err := os.Open(in.path)
	if err != nil {
		return err
	}
	defer f.Close()
	var rows [][]string
	var rep refconfig.Report
	switch in.base {
	case refconfig.FileDeaneries:
		var ds []refconfig.Deanery
		if ds, rep, err = refconfig.ReadDeaneries(in.base, f); err == nil {
			ref.Deaneries = ds
			for _, d := range ds {
				rows = append(rows, []string{d.Code, d.Name, d.LETBName, d.System})
			}
		}
	case refconfig.FileTrusts:
		var ts []refconfig.Trust
		if ts, rep, err = refconfig.ReadTrusts(in.base, f, ref); err == nil {
			ref.Trusts = ts
			for _, t := range ts {
				rows = append(rows, []string{t.Code, t.Name, t.VPDCode, t.DeaneryCode, t.Kind})
			}
		}
	case refconfig.FileSites:
		var ss []refconfig.Site
		if ss, rep, err = refconfig.ReadSites(in.base, f, ref); err == nil {
			for _, s := range ss {
				rows = append(rows, []string{s.Code, s.TrustCode, s.Name, s.Kind})
			}
		}
	case refconfig.FilePairs:
		var ps []refconfig.InterfacePair
		if ps, rep, err = refconfig.ReadPairs(in.base, f, ref); err == nil {
			for _, p := range ps {
				rows = append(rows, []string{p.DeaneryCode, p.TrustCode, p.RecruitmentLiveFrom, p.FullRecordsFrom})
			}
		}
	}
	if err != nil {
		return rejectOnFileError(fr, err)
	}
	return st.replaceConfig(ctx, in.base, rows, rep, fr)
}

// replaceConfig empties the file's table and queues its rows, rejects and
// flags.
func (st *loadState) replaceConfig(ctx context.Context, base string, rows [][]string, rep refconfig.Report, fr *FileResult) error {
	ct := configTable[base]
	if _, err := st.conn.ExecContext(ctx, "DELETE FROM "+ct.table); err != nil {
		return fmt.Errorf("replace %s: %w", ct.table, err)
	}
	s := st.sink(ct.table, ct.columns, nil)
	b := st.newBatch()
	for _, r := range rows {
		b.of(s).add(r...)
	}
	kind := strings.ToUpper(ct.table)
	for _, rej := range rep.Rejects {
		st.addReject(b, base, rej.Line, kind, rej.Field, rej.Code, rej.Message, rej.Raw)
		fr.RejectsBy[rej.Code]++
	}
	for _, fl := range rep.Flags {
		st.addFlag(b, base, strconv.Itoa(fl.Line), kind, fl.Field, fl.Code, fl.Message)
	}
	fr.Records = len(rows) + len(rep.Rejects)
	fr.Rejected = len(rep.Rejects)
	fr.Flags = len(rep.Flags)
	fr.ByTable[ct.table] = len(rows)
	fr.Status = StatusLoaded
	b.commit()
	return nil
}
