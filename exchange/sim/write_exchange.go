package sim

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"deanery/ingest/iface"
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
	tw, err := newTableWriter(filepath.Join(outDir, "truth"), tableFileTruth, e.w.Settings.TruthFormat)
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

// exchangeSink encodes and writes the interface files while the world
// runs, on a goroutine of its own, so that the simulation neither waits
// for them nor holds their bytes to the end. writeFile hands over each
// file's records; at the end of the day that made it (after that only a
// DUPLICATE_FILE redelivery changes a file, and writeExchange writes that
// copy) flushFiles hands over where it goes. The goroutine keeps each
// file's SHA-256 for file_truth and its header line for duplicateFiles.
// The bytes written are those writeExchange would write from ExFile.Data;
// only the time they are written differs.
type exchangeSink struct {
	dir  string
	next int // e.Files[next:] have not been flushed yet
	jobs chan sinkJob
	done chan struct{}
	// Owned by the goroutine; read by the simulation after a sync or
	// once done is closed.
	sums  [][sha256.Size]byte // per file, in order
	heads [][]byte            // header line per file
	held  map[int][]byte      // encoded, awaiting their flush
	free  [][]byte            // buffers of written files, to reuse
	enc   fileEncoder
	// root is the folder of the last file written, open (writeFile).
	root    *os.Root
	rootDir string
	err     error
	// failed is set when err is, for the simulation to stop early.
	mu     sync.Mutex
	failed error
	closed bool
}

// sinkJob is one file to encode (encode), one encoded file to write
// (file, paths), or a request to answer once the jobs before it are done
// (sync).
type sinkJob struct {
	encode bool
	name   iface.Name
	hdr    iface.Header
	recs   []rec
	file   int
	paths  []string
	sync   chan struct{}
}

// streamTo makes the ESR encode and write its interface files under
// outDir as the world runs (see exchangeSink); writeExchange finishes.
func (e *ESR) streamTo(outDir string) {
	s := &exchangeSink{dir: outDir, jobs: make(chan sinkJob, 1024), done: make(chan struct{}),
		held: map[int][]byte{}}
	e.sink = s
	go s.run()
}

func (s *exchangeSink) run() {
	defer close(s.done)
	defer func() {
		if s.root != nil {
			s.root.Close()
		}
	}()
	for j := range s.jobs {
		switch {
		case j.sync != nil:
			close(j.sync)
		case j.encode:
			data, err := s.enc.encode(j.name, j.hdr, j.recs)
			if err != nil {
				s.fail(err)
			}
			s.sums = append(s.sums, sha256.Sum256(data))
			line, _, _ := bytes.Cut(data, []byte("\n"))
			s.heads = append(s.heads, bytes.Clone(line))
			s.held[len(s.sums)-1] = s.keep(data)
		default:
			data := s.held[j.file]
			delete(s.held, j.file)
			for _, p := range j.paths {
				if s.err != nil {
					break
				}
				if err := s.writeFile(p, data); err != nil {
					s.fail(err)
				}
			}
			if len(s.free) < 256 && cap(data) <= 1<<20 {
				s.free = append(s.free, data[:0])
			}
		}
	}
}

// writeFile writes data to path p as os.WriteFile does, but opens the
// file by name in its folder, kept open while the files of one day go
// in: creating a file by its full path is what costs most here.
func (s *exchangeSink) writeFile(p string, data []byte) error {
	dir, name := filepath.Split(p)
	if s.root == nil || s.rootDir != dir {
		if s.root != nil {
			s.root.Close()
			s.root = nil
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		r, err := os.OpenRoot(dir)
		if err != nil {
			return err
		}
		s.root, s.rootDir = r, dir
	}
	f, err := s.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// keep copies encoded bytes into a buffer of a written file, or a new one.
func (s *exchangeSink) keep(data []byte) []byte {
	for i := len(s.free) - 1; i >= 0 && i >= len(s.free)-8; i-- {
		if b := s.free[i]; cap(b) >= len(data) {
			s.free = slices.Delete(s.free, i, i+1)
			return append(b, data...)
		}
	}
	return bytes.Clone(data)
}

func (s *exchangeSink) fail(err error) {
	if s.err != nil {
		return
	}
	s.err = fmt.Errorf("world exchange: %w", err)
	s.mu.Lock()
	s.failed = s.err
	s.mu.Unlock()
}

// failure returns the first error so far.
func (s *exchangeSink) failure() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failed
}

// syncJobs waits until the goroutine has done every job handed over.
func (s *exchangeSink) syncJobs() {
	c := make(chan struct{})
	s.jobs <- sinkJob{sync: c}
	<-c
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

// flushFiles hands over where the files made since the last call go.
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
		s.jobs <- sinkJob{file: s.next, paths: paths}
	}
}

// fileHeads gives every streamed file its header line (for
// duplicateFiles).
func (e *ESR) fileHeads() {
	s := e.sink
	s.syncJobs()
	for i := range e.Files {
		if f := &e.Files[i]; f.Data == nil && f.head == nil && i < len(s.heads) {
			f.head = s.heads[i]
		}
	}
}

// tableFileTruth is the truth table of every interface file (domain 10.5).
const tableFileTruth = "file_truth"

func init() {
	truthHeaders[tableFileTruth] = []string{"file_name", "deanery_code", "file_type", "sequence", "file_date", "delivered", "delivery_dates", "quarantined", "record_count", "sha256"}
}
