package sim

import (
	"bufio"
	"bytes"
	"fmt"
	"path"
	"time"

	"deanery/ingest/iface"
)

// rec is one record to write: its type and the values of its layout.
type rec struct {
	typ  string
	vals []string
}

// tsTime carries a wall-clock timestamp as the UTC time iface expects.
func tsTime(t Timestamp) time.Time {
	return time.Unix(int64(t), 0).UTC()
}

// fileEncoder is the reusable buffers of writeFile.
type fileEncoder struct {
	bw   *bufio.Writer
	buf  bytes.Buffer
	vals []string
}

// writeFile writes one interface file through iface.NewWriter, taking the
// next sequence number of its stream (deanery, type), and records it.
// With a stream (streamTo) the records are encoded by the stream's
// goroutine, and an encoding error is reported by the day's end; the
// records must not change after the call.
func (e *ESR) writeFile(ddd, typ string, at Timestamp, mode string, recs []rec) (*ExFile, error) {
	key := ddd + "/" + typ
	seq := e.streams[key] + 1
	e.streams[key] = seq
	d := at.Date()
	name := iface.Name{Deanery: ddd, Type: typ, Date: tsTime(d.At(0, 0, 0)), Seq: seq}
	hdr := iface.Header{CreatedAt: tsTime(at), Mode: mode}
	f := ExFile{Name: name.String(), Deanery: ddd, Type: typ, Seq: seq, Date: d, Delivered: true,
		Deliveries: []Date{d}, Records: len(recs)}
	if e.sink != nil {
		e.Files = append(e.Files, f)
		e.sink.jobs <- sinkJob{encode: true, name: name, hdr: hdr, recs: recs}
		return &e.Files[len(e.Files)-1], nil
	}
	data, err := e.enc.encode(name, hdr, recs)
	if err != nil {
		return nil, err
	}
	f.Data = bytes.Clone(data)
	e.Files = append(e.Files, f)
	return &e.Files[len(e.Files)-1], nil
}

// encode returns the bytes of a file, valid until the next call.
func (enc *fileEncoder) encode(name iface.Name, hdr iface.Header, recs []rec) ([]byte, error) {
	if enc.bw == nil {
		// iface.NewWriter buffers in 64 KiB; given a buffer that large it
		// writes through it instead of making one per file.
		enc.bw = bufio.NewWriterSize(nil, 64<<10)
	}
	enc.buf.Reset()
	enc.bw.Reset(&enc.buf)
	wr := iface.NewWriter(enc.bw, name, hdr)
	for _, r := range recs {
		enc.vals = append(append(enc.vals[:0], r.typ), r.vals...)
		if _, err := wr.Write(r.typ, enc.vals); err != nil {
			return nil, fmt.Errorf("writing %s: %w", name, err)
		}
	}
	if err := wr.Close(); err != nil {
		return nil, fmt.Errorf("writing %s: %w", name, err)
	}
	if err := enc.bw.Flush(); err != nil {
		return nil, fmt.Errorf("writing %s: %w", name, err)
	}
	return enc.buf.Bytes(), nil
}

// ExchangePath returns where a delivered file sits on day d:
// exchange/<YYYY>/<YYYYMMDD>/<name>.
func ExchangePath(d Date, name string) string {
	c := d.Compact()
	return path.Join("exchange", c[:4], c, name)
}

// updateFile writes deanery di's RMC or RMF of day d at 14:30 (domain 5.8).
func (e *ESR) updateFile(di int, d Date) error {
	w := e.w
	ds := e.dean[di]
	dean := &w.Deaneries[di]
	live, goLive := false, false
	for _, t := range dean.Trusts {
		if w.Trusts[t].LiveFrom <= d {
			live = true
		}
		if w.Trusts[t].LiveFrom == d {
			goLive = true
		}
	}
	if !live {
		return nil
	}
	cut := d.At(14, 30, 0)
	april := d.YMD2() == 4 && d == nextWorkingDay(MakeDate(d.Year(), time.April, 1))
	full := goLive || ds.rmfDue || april || !ds.wentLive
	if full {
		n := 0
		for _, x := range ds.rmfDays {
			if x > d-7 {
				n++
			}
		}
		if n >= 3 {
			full, ds.rmfDue = false, true
		}
	}
	ds.wentLive = true
	var recs []rec
	var sent []int32
	inScope := func(p *Position) bool {
		return p.DPN != "" && w.Trusts[p.Trust].Deanery == di && w.Trusts[p.Trust].Mode(d) != "NONE"
	}
	cand := e.changedSince(di, ds.lastUpdate, cut)
	if full {
		cand = e.posDean[di]
	}
	for _, i := range cand {
		p := &e.Positions[i]
		if !inScope(p) {
			continue
		}
		switch {
		case full:
			if !p.Live(cut) {
				continue
			}
		case p.Changed <= ds.lastUpdate || p.Changed > cut:
			continue
		case !p.Live(cut) && !ds.sentPos[i]:
			continue // created and deleted unseen
		}
		recs = append(recs, e.posRecords(p, d, p.Live(cut))...)
		sent = append(sent, i)
	}
	recs = append(recs, e.personRecords(di, d, cut, full)...)
	ds.lastUpdate = cut
	if !full && len(recs) == 0 && !w.Settings.EmptyFiles {
		return nil
	}
	typ, mode := "RMC", "CHANGE"
	if full {
		typ, mode = "RMF", "FULL"
		ds.rmfDays = append(ds.rmfDays, d)
		ds.rmfDue = false
	}
	f, err := e.writeFile(dean.Code, typ, cut, mode, recs)
	if err != nil {
		return err
	}
	if !full {
		for gi := range e.gaps {
			g := &e.gaps[gi]
			if !g.done && g.deanery == di && g.from <= d && len(recs) > 0 {
				g.done = true
				f.Delivered, f.Deliveries = false, nil
				ds.rmfDue = true
				e.fault(Fault{Kind: "SEQUENCE_GAP", Side: "ESR", EntityType: "FILE", Entity: int32(len(e.Files) - 1),
					At: cut, Detail: "RMC never delivered: " + f.Name})
				return nil
			}
		}
	}
	for _, i := range sent {
		ds.sentPos[i] = e.Positions[i].Live(cut)
	}
	e.truth.onUpdate(e, di, f, recs, full, cut)
	e.ex.applyUpdate(di, sent, full, cut)
	return nil
}

// YMD2 returns the month number of d.
func (d Date) YMD2() int { _, m, _ := d.YMD(); return int(m) }

// posRecords returns the POS and POR records of position p as on d.
func (e *ESR) posRecords(p *Position, d Date, live bool) []rec {
	w := e.w
	post := &w.Posts[p.Post]
	tr := &w.Trusts[p.Trust]
	site := &w.Sites[post.Site]
	dean := w.Deaneries[post.Deanery].Code
	ind := "C"
	if !live {
		ind = "D"
	}
	id := fmt.Sprint(p.ID)
	vpd := tr.VPD
	if p.Trust == e.unpadTrust && d >= e.unpadFrom && d <= e.unpadTo {
		vpd = vpd[1:]
	}
	if !live {
		return []rec{
			{"POS", []string{id, "", ind, p.Number, "", "", "", "", p.DPN, "", "", "", "", "", ""}},
			{"POR", []string{id, "", ind, p.Number, "", p.DPN, "", "", "", vpd, "", ""}},
		}
	}
	g := w.grade(post.Grade)
	sp := w.spec(post.Specialty)
	job := "Specialty Registrar (" + site.Name + ")"
	if g.PayScale[:2] == "MF" {
		job = "Foundation Doctor (" + site.Name + ")"
	}
	title := job
	if r := []rune(title); len(r) > 60 {
		title = string(r[:60])
	}
	return []rec{
		{"POS", []string{id, "", ind, p.Number, p.StaffGrp, job, sp.Code, sp.Name, p.DPN, dean, tr.Code, "NHS",
			g.PayScale, g.PayScaleDesc, site.Code}},
		{"POR", []string{id, "", ind, p.Number, title, p.DPN, dean, p.Role, tr.Code, vpd, tr.Name, site.Name}},
	}
}
