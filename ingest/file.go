package ingest

import (
	"context"
	"errors"
	"fmt"
)

// loadFile applies the replay rule, then hands the file to the reader of
// its kind. Only I/O and warehouse errors are returned; everything wrong
// with the file itself ends up in its FileResult and source_file row.
func (st *loadState) loadFile(ctx context.Context, in input) (*FileResult, error) {
	fr := &FileResult{Path: in.path, Name: in.base, Kind: in.kind, ByTable: map[string]int{}, RejectsBy: map[string]int{}}
	sum, size, err := hashFile(in.path)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", in.path, err)
	}
	meta := fileMeta{kind: in.kind, sha: sum, size: size}
	if status, code, reason := st.replayCheck(in.kind, in.base, sum); status != "" {
		st.describe(in, &meta)
		fr.Status, fr.ReasonCode, fr.Reason = status, code, reason
		fr.Type, fr.Deanery = meta.fileType, meta.deanery
		meta.status, meta.reasonCode, meta.reason = status, code, reason
		st.recordFile(in.base, meta)
		return fr, nil
	}
	switch in.kind {
	case KindInterface:
		err = st.loadInterface(ctx, in, fr, &meta)
	case KindExtract:
		err = st.loadExtract(ctx, in, fr, &meta)
	case KindConfig:
		err = st.loadConfig(ctx, in, fr, &meta)
	default:
		err = errors.New("unknown file kind")
	}
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", in.path, err)
	}
	meta.status, meta.reasonCode, meta.reason = fr.Status, fr.ReasonCode, fr.Reason
	meta.records, meta.rejected = fr.Records, fr.Rejected
	meta.outOfOrder = fr.OutOfOrder
	fr.Type, fr.Deanery = meta.fileType, meta.deanery
	st.recordFile(in.base, meta)
	return fr, st.flushFull(ctx)
}

// rejectWhole marks a file rejected with its reason.
func (fr *FileResult) rejectWhole(code, reason string) {
	fr.Status, fr.ReasonCode, fr.Reason = StatusRejected, code, reason
	fr.ByTable = map[string]int{}
	fr.RejectsBy = map[string]int{}
	fr.Rejected = 0
}
