package sim

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// writeExchange writes every delivered interface file into
// exchange/<YYYY>/<YYYYMMDD>/ for each day it was delivered (a redelivered
// duplicate appears again in a later day's folder; a lost file nowhere), and
// the truth's file_truth table beside the other truth tables.
func (e *ESR) writeExchange(ctx context.Context, outDir string, progress func(string, int, int)) error {
	tw, err := newTruthWriter(filepath.Join(outDir, "truth"), tableFileTruth)
	if err != nil {
		return err
	}
	for i := range e.Files {
		if i%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			progress("exchange files", i, len(e.Files))
		}
		f := &e.Files[i]
		var days []string
		if f.Delivered {
			for _, d := range f.Deliveries {
				p := filepath.Join(outDir, filepath.FromSlash(ExchangePath(d, f.Name)))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					return fmt.Errorf("world exchange: %w", err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					return fmt.Errorf("world exchange: %w", err)
				}
				days = append(days, d.String())
			}
		}
		sum := sha256.Sum256(f.Data)
		err := tw.row(f.Name, f.Deanery, f.Type, strconv.Itoa(f.Seq), f.Date.String(),
			strconv.FormatBool(f.Delivered), strings.Join(days, ";"), strconv.FormatBool(f.Quarantine),
			strconv.Itoa(f.Records), hex.EncodeToString(sum[:]))
		if err != nil {
			tw.close()
			return fmt.Errorf("truth: %w", err)
		}
	}
	progress("exchange files", len(e.Files), len(e.Files))
	return tw.close()
}

// tableFileTruth is the truth table of every interface file (domain 10.5).
const tableFileTruth = "file_truth"

func init() {
	truthHeaders[tableFileTruth] = []string{"file_name", "deanery_code", "file_type", "sequence", "file_date", "delivered", "delivery_dates", "quarantined", "record_count", "sha256"}
}
