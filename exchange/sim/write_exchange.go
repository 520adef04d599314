package sim

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// writeExchange writes every delivered interface file into
// exchange/<YYYY>/<YYYYMMDD>/ for each day it was delivered (a redelivered
// duplicate appears again in a later day's folder; a lost file nowhere), and
// the truth's file_truth table beside the other truth tables. Files that a
// stream (streamTo) already wrote are not written again.
func (e *ESR) writeExchange(ctx context.Context, outDir string, progress func(string, int, int)) error {
	var sums [][sha256.Size]byte
	if s := e.sink; s != nil {
		e.flushFiles()
		var err error
		if sums, err = s.close(); err != nil {
			return err
		}
	}
	tw, err := newTruthWriter(filepath.Join(outDir, "truth"), tableFileTruth)
	if err != nil {
		return err
	}
	for i := range e.Files {
		if i%1000 == 0 {
			if err := ctx.Err(); err != nil {
				tw.close()
				return err
			}
			progress("exchange files", i, len(e.Files))
		}
		f := &e.Files[i]
		var days []string
		if f.Delivered {
			for k, d := range f.Deliveries {
				days = append(days, d.String())
				if k < f.written {
					continue
				}
				if err := f.writeCopy(outDir, d); err != nil {
					tw.close()
					return err
				}
			}
		}
		var sum [sha256.Size]byte
		if i < len(sums) {
			sum = sums[i]
		} else {
			sum = sha256.Sum256(f.Data)
		}
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

// writeCopy writes the file into the folder of day d: from its bytes, or,
// when a stream already let them go, from its first delivery.
func (f *ExFile) writeCopy(outDir string, d Date) error {
	data := f.Data
	if data == nil && f.written > 0 {
		b, err := os.ReadFile(filepath.Join(outDir, filepath.FromSlash(ExchangePath(f.Deliveries[0], f.Name))))
		if err != nil {
			return fmt.Errorf("world exchange: %w", err)
		}
		data = b
	}
	p := filepath.Join(outDir, filepath.FromSlash(ExchangePath(d, f.Name)))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("world exchange: %w", err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return fmt.Errorf("world exchange: %w", err)
	}
	return nil
}

// header returns the start of the file's bytes, at least its header line.
func (f *ExFile) header() []byte {
	if f.Data != nil {
		return f.Data
	}
	return f.head
}

// exchangeSink writes interface files into the exchange folder while the
// world runs, so that their bytes need not be held to the end: a file is
// handed over at the end of the day that made it (after that only a
// DUPLICATE_FILE redelivery changes it, and writeExchange writes that
// copy), and one goroutine writes the files in order and keeps their
// SHA-256 for file_truth. The bytes written are the same as writeExchange
// would write; only the time they are written differs.
type exchangeSink struct {
	dir  string
	next int // e.Files[next:] are not handed over yet
	jobs chan sinkJob
	done chan struct{}
	// Written by the goroutine, read after done is closed.
	sums [][sha256.Size]byte
	err  error
	// failed is set when err is, for the simulation to stop early.
	mu     sync.Mutex
	failed error
	closed bool
}

type sinkJob struct {
	paths []string
	data  []byte
}

// streamTo makes the ESR write its interface files under outDir as the
// world runs (see exchangeSink); writeExchange finishes the job.
func (e *ESR) streamTo(outDir string) {
	s := &exchangeSink{dir: outDir, jobs: make(chan sinkJob, 512), done: make(chan struct{})}
	e.sink = s
	go s.run()
}

func (s *exchangeSink) run() {
	defer close(s.done)
	made := map[string]bool{}
	for j := range s.jobs {
		s.sums = append(s.sums, sha256.Sum256(j.data))
		if s.err != nil {
			continue
		}
		for _, p := range j.paths {
			if dir := filepath.Dir(p); !made[dir] {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					s.fail(err)
					break
				}
				made[dir] = true
			}
			if err := os.WriteFile(p, j.data, 0o644); err != nil {
				s.fail(err)
				break
			}
		}
	}
}

func (s *exchangeSink) fail(err error) {
	s.err = fmt.Errorf("world exchange: %w", err)
	s.mu.Lock()
	s.failed = s.err
	s.mu.Unlock()
}

// failure returns the first write error so far.
func (s *exchangeSink) failure() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failed
}

// close waits for the files handed over and returns their sums.
func (s *exchangeSink) close() ([][sha256.Size]byte, error) {
	if !s.closed {
		s.closed = true
		close(s.jobs)
	}
	<-s.done
	return s.sums, s.err
}

// flushFiles hands the files made since the last call to the sink,
// keeping of each only its header line.
func (e *ESR) flushFiles() {
	s := e.sink
	for ; s.next < len(e.Files); s.next++ {
		f := &e.Files[s.next]
		var paths []string
		if f.Delivered {
			for _, d := range f.Deliveries {
				paths = append(paths, filepath.Join(s.dir, filepath.FromSlash(ExchangePath(d, f.Name))))
			}
			f.written = len(f.Deliveries)
		}
		line, _, _ := bytes.Cut(f.Data, []byte("\n"))
		f.head = bytes.Clone(line)
		s.jobs <- sinkJob{paths: paths, data: f.Data}
		f.Data = nil
	}
}

// tableFileTruth is the truth table of every interface file (domain 10.5).
const tableFileTruth = "file_truth"

func init() {
	truthHeaders[tableFileTruth] = []string{"file_name", "deanery_code", "file_type", "sequence", "file_date", "delivered", "delivery_dates", "quarantined", "record_count", "sha256"}
}
