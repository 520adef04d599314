package ingest

import (
	"context"
	"crypto/sha256"
	stdsql "database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strconv"
	"time"

	"deanery/ingest/extract/refconfig"
)

// stream is one numbered sequence of interface files (domain 5.9).
type stream struct{ deanery, fileType string }

// loadState is what one load knows while it runs: the warehouse's history
// that the replay and sequence rules need, and the sinks it writes through.
type loadState struct {
	conn      *stdsql.Conn
	opt       Options
	debug     bool // the log takes debug records: each file and each reject
	loadID    int64
	startedAt time.Time
	sinks     map[string]*sink
	order     []string            // sink names in creation order, for flushing
	loaded    map[string]string   // file name → sha256 of every LOADED file
	lastSeq   map[stream]int      // highest sequence loaded per stream
	rmfDates  map[string][]string // deanery → dates (YYYYMMDD) of loaded RMF files
	ref       *refconfig.Config   // reference configuration known so far
}

func newLoadState(ctx context.Context, conn *stdsql.Conn, opt Options) (*loadState, error) {
	st := &loadState{
		conn:      conn,
		opt:       opt,
		startedAt: opt.Now().UTC(),
		sinks:     map[string]*sink{},
		loaded:    map[string]string{},
		lastSeq:   map[stream]int{},
		rmfDates:  map[string][]string{},
		debug:     opt.Log.Enabled(ctx, slog.LevelDebug),
	}
	if err := conn.QueryRowContext(ctx, `SELECT coalesce(max(load_id), 0) + 1 FROM load_run`).Scan(&st.loadID); err != nil {
		return nil, fmt.Errorf("load: next load id: %w", err)
	}
	if err := st.readHistory(ctx); err != nil {
		return nil, fmt.Errorf("load: read file history: %w", err)
	}
	_, err := conn.ExecContext(ctx, `INSERT INTO load_run (load_id, started_at, tool_version) VALUES (?, ?, ?)`,
		st.loadID, st.startedAt, opt.ToolVersion)
	if err != nil {
		return nil, fmt.Errorf("load: record load: %w", err)
	}
	return st, nil
}

func (st *loadState) readHistory(ctx context.Context) error {
	rows, err := st.conn.QueryContext(ctx, `SELECT file_name, sha256, file_kind, deanery_code, file_type,
		sequence_number, strftime(file_date, '%Y%m%d') FROM source_file WHERE status = 'LOADED' ORDER BY load_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var name, sum, kind string
		var deanery, fileType, date stdsql.NullString
		var seq stdsql.NullInt64
		if err := rows.Scan(&name, &sum, &kind, &deanery, &fileType, &seq, &date); err != nil {
			return err
		}
		st.loaded[name] = sum
		if kind != string(KindInterface) || !seq.Valid {
			continue
		}
		k := stream{deanery.String, fileType.String}
		st.lastSeq[k] = max(st.lastSeq[k], int(seq.Int64))
		if fileType.String == "RMF" {
			st.rmfDates[deanery.String] = append(st.rmfDates[deanery.String], date.String)
		}
	}
	return rows.Err()
}

// sink returns the named sink, making it on first use.
func (st *loadState) sink(table string, columns, exprs []string) *sink {
	if s, ok := st.sinks[table]; ok {
		return s
	}
	s := newSink(table, columns, exprs)
	st.sinks[table] = s
	st.order = append(st.order, table)
	return s
}

// bookkeeping sinks

func (st *loadState) fileSink() *sink {
	return st.sink("source_file", []string{"file_name", "file_kind", "file_type", "deanery_code", "sequence_number",
		"file_date", "quarter", "direction", "created_at", "format_version", "mode", "record_count", "rejected_count",
		"sha256", "byte_size", "status", "reason_code", "reason", "out_of_order", "load_id", "loaded_at"}, nil)
}

func (st *loadState) rejectSink() *sink {
	return st.sink("rejected_record", []string{"file_name", "line_number", "record_type", "field", "reason_code",
		"message", "raw_text", "load_id"}, nil)
}

func (st *loadState) flagSink() *sink {
	return st.sink("value_flag", []string{"file_name", "line_number", "record_type", "field", "flag_code", "message", "load_id"}, nil)
}

func (st *loadState) gapSink() *sink {
	return st.sink("sequence_gap", []string{"deanery_code", "file_type", "missing_sequence", "found_in_file", "load_id"}, nil)
}

// hashFile reads the file once for its SHA-256 and size; the replay rule
// needs them before a record is parsed.
func hashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// fileMeta is the source_file row of one file.
type fileMeta struct {
	kind                                Kind
	fileType, deanery, quarter          string
	seq                                 int
	date                                string // YYYY-MM-DD
	direction, createdAt, version, mode string
	records, rejected                   int
	sha                                 string
	size                                int64
	status, reasonCode, reason          string
	outOfOrder                          bool
}

func (st *loadState) recordFile(name string, m fileMeta) {
	fr := st.fileSink().newFileRows()
	seq := ""
	if m.seq > 0 {
		seq = strconv.Itoa(m.seq)
	}
	fr.add(name, string(m.kind), m.fileType, m.deanery, seq, m.date, m.quarter, m.direction, m.createdAt,
		m.version, m.mode, strconv.Itoa(m.records), strconv.Itoa(m.rejected), m.sha, strconv.FormatInt(m.size, 10),
		m.status, m.reasonCode, m.reason, strconv.FormatBool(m.outOfOrder), st.id(), st.startedAt.Format("2006-01-02 15:04:05"))
	fr.commit()
	if m.status == StatusLoaded {
		st.loaded[name] = m.sha
	}
}

func (st *loadState) id() string { return strconv.FormatInt(st.loadID, 10) }

// replayCheck applies the first two rules of 5.9: the same name and content
// as a loaded file is a replay; the same name with other content is a
// conflict. It returns "" when the file is new.
func (st *loadState) replayCheck(kind Kind, name, sum string) (status, code, reason string) {
	prev, ok := st.loaded[name]
	switch {
	case !ok, kind == KindConfig && prev != sum:
		return "", "", ""
	case prev == sum:
		return StatusReplay, "", "same name and content as a file already loaded: nothing changed"
	default:
		return StatusRejected, "NAME_CONFLICT", fmt.Sprintf("a file named %s with other content (SHA-256 %.12s…) is already loaded", name, prev)
	}
}

// finish flushes every sink and completes the load_run row.
func (st *loadState) finish(ctx context.Context, res *Result) error {
	names := append([]string(nil), st.order...)
	sort.Strings(names)
	for _, n := range names {
		s := st.sinks[n]
		if err := s.flush(ctx, st.conn); err != nil {
			return err
		}
		res.Tables[n] = s.written
	}
	var loaded, replayed, rejected int
	var recs, rejs int64
	for _, f := range res.Files {
		switch f.Status {
		case StatusLoaded:
			loaded++
			recs += int64(f.Records - f.Rejected)
			rejs += int64(f.Rejected)
		case StatusReplay:
			replayed++
		case StatusRejected:
			rejected++
		}
	}
	_, err := st.conn.ExecContext(ctx, `UPDATE load_run SET finished_at = ?, files_seen = ?, files_loaded = ?,
		files_replayed = ?, files_rejected = ?, records_loaded = ?, records_rejected = ? WHERE load_id = ?`,
		st.opt.Now().UTC(), len(res.Files)+len(res.Skipped), loaded, replayed, rejected, recs, rejs, st.loadID)
	if err != nil {
		return fmt.Errorf("load: complete load_run: %w", err)
	}
	return nil
}

// flushFull writes any sink whose batch is full, keeping memory bounded on
// big loads.
func (st *loadState) flushFull(ctx context.Context) error {
	for _, n := range st.order {
		if err := st.sinks[n].maybeFlush(ctx, st.conn); err != nil {
			return err
		}
	}
	return nil
}
