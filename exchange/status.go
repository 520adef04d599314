package exchange

import (
	"context"
	stdsql "database/sql"
	"fmt"

	dsql "deanery/sql"
)

// StreamStatus is one deanery's stream (file type) as the warehouse holds it.
type StreamStatus struct {
	Deanery, Stream string
	LastFile        string
	LastSequence    int
	Files           int
	Records         int64
	Accepted        int64 // APC/DCC SUCCESS for the deanery's own streams
	Failed          int64
	FailedByReason  string // "REASON n, ..."
	Quarantined     int64  // APP files inferred quarantined
	Gaps            int64
	Replays         int64
	RejectedFiles   int64
	Backlog         int64 // records sent and unanswered; person records rejected for RMC/RMF
}

// ReadStatus summarises every deanery's streams (named query exchange_status).
func ReadStatus(ctx context.Context, db *stdsql.DB) ([]StreamStatus, error) {
	rows, err := db.QueryContext(ctx, dsql.MustQuery("exchange_status"))
	if err != nil {
		return nil, fmt.Errorf("exchange status: %w", err)
	}
	defer rows.Close()
	var out []StreamStatus
	for rows.Next() {
		var s StreamStatus
		if err := rows.Scan(&s.Deanery, &s.Stream, &s.LastFile, &s.LastSequence, &s.Files, &s.Records, &s.Accepted,
			&s.Failed, &s.FailedByReason, &s.Quarantined, &s.Gaps, &s.Replays, &s.RejectedFiles, &s.Backlog); err != nil {
			return nil, fmt.Errorf("exchange status: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
