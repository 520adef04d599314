package iface

import (
	"bytes"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"
)

const benchLines = 1_000_000

var (
	stfOnce sync.Once
	stfData []byte
)

// stfFile builds a realistic million-record STF file in memory, written by
// the Writer so that it has the exact encoding.
func stfFile(tb testing.TB) []byte {
	stfOnce.Do(func() {
		var buf bytes.Buffer
		buf.Grow(benchLines * 360)
		n := Name{Deanery: "WES", Type: "STF", Date: time.Date(2013, 6, 30, 0, 0, 0, 0, time.UTC), Seq: 14}
		w := NewWriter(&buf, n, Header{CreatedAt: time.Date(2013, 6, 30, 23, 0, 0, 0, time.UTC), Mode: "FULL"})
		last := []string{"Sharma", "Okafor", "Hughes", "O'Brien", "Chen", "Müller"}
		first := []string{"Priya", "Chidi", "Daniel", "Tomás", "Wei", "Anna"}
		vals := values(tb, "STF", roundTripCases[len(roundTripCases)-1].values)
		for i := 0; i < benchLines; i++ {
			vals[1] = fmt.Sprint(10000000 + i)
			vals[2] = last[i%len(last)]
			vals[3] = first[i%len(first)]
			vals[9] = fmt.Sprintf("JC%06dA", i%1000000)
			vals[10] = fmt.Sprint(7000000 + i%1000000)
			vals[17] = fmt.Sprint(300000000 + i)
			if _, err := w.Write("STF", vals); err != nil {
				tb.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			tb.Fatal(err)
		}
		stfData = buf.Bytes()
	})
	return stfData
}

// BenchmarkReadSTF reads a one-million-record STF file per iteration.
func BenchmarkReadSTF(b *testing.B) {
	data := stfFile(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := NewReader("DE_WES_STF_20130630_00000014.DAT", bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if rec.Reject != nil {
				b.Fatal(rec.Reject)
			}
			n++
		}
		if n != benchLines {
			b.Fatalf("%d records", n)
		}
	}
}

// BenchmarkWriteSTF writes one STF record per iteration.
func BenchmarkWriteSTF(b *testing.B) {
	vals := values(b, "STF", roundTripCases[len(roundTripCases)-1].values)
	n := Name{Deanery: "WES", Type: "STF", Date: time.Date(2013, 6, 30, 0, 0, 0, 0, time.UTC), Seq: 14}
	w := NewWriter(io.Discard, n, Header{CreatedAt: time.Date(2013, 6, 30, 23, 0, 0, 0, time.UTC)})
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := w.Write("STF", vals); err != nil {
			b.Fatal(err)
		}
	}
}
