package sim

import (
	"slices"
	"strconv"
	"strings"
)

// stfDay writes every deanery's STF at 23:00 on a calendar quarter end,
// weekends included, live or not (7.9; 5.11 "STF timing", "STF and empty
// files"): the first FULL, later ones CHANGE.
func (e *ESR) stfDay(d Date) error {
	if d != d.Quarter().Last() {
		return nil
	}
	for di := range e.w.Deaneries {
		if err := e.writeSTF(di, d); err != nil {
			return err
		}
	}
	e.truth.onQuarterEnd(e, d)
	return nil
}

// stfRow is one period to extract.
type stfRow struct {
	asg int32
	seq int
}

// writeSTF writes deanery di's staff extract of quarter end d.
func (e *ESR) writeSTF(di int, d Date) error {
	w := e.w
	ps := e.people
	at := d.At(23, 0, 0)
	prev := ps.stfLast[di]
	full := prev == 0
	var rows []stfRow
	var touched []int32 // persons whose fields changed
	seen := map[int32]bool{}
	for _, ai := range e.deaneryAssignments(di) {
		a := &ps.asgs[ai]
		if a.Created > at {
			continue
		}
		p := &ps.persons[a.Person]
		if !full && p.Changed > prev && p.Changed <= at && !seen[a.Person] {
			seen[a.Person] = true
			touched = append(touched, a.Person)
		}
		for k := range a.Periods {
			if per := &a.Periods[k]; per.Changed <= at && (full || per.Changed > prev) {
				rows = append(rows, stfRow{ai, k + 1})
			}
		}
	}
	if len(touched) > 0 {
		in := make(map[stfRow]bool, len(rows))
		for _, r := range rows {
			in[r] = true
		}
		for _, pi := range touched {
			if r := e.latestPeriod(pi, di, at); !in[r] {
				in[r] = true
				rows = append(rows, r)
			}
		}
	}
	slices.SortFunc(rows, func(x, y stfRow) int {
		ax, ay := &ps.asgs[x.asg], &ps.asgs[y.asg]
		if c := strings.Compare(ps.persons[ax.Person].Number, ps.persons[ay.Person].Number); c != 0 {
			return c
		}
		if ax.ID != ay.ID {
			if ax.ID < ay.ID {
				return -1
			}
			return 1
		}
		return x.seq - y.seq
	})
	recs := make([]rec, 0, len(rows))
	for _, r := range rows {
		e.markSTFPerson(ps.asgs[r.asg].Person)
		recs = append(recs, e.stfRecord(r, d, at))
	}
	mode := "CHANGE"
	if full {
		mode = "FULL"
	}
	ps.stfLast[di] = at
	e.truth.onSTF(recs)
	_, err := e.writeFile(w.Deaneries[di].Code, "STF", at, mode, recs)
	return err
}

// deaneryAssignments returns the assignments at deanery di's trusts, in
// index order.
func (e *ESR) deaneryAssignments(di int) []int32 {
	ps := e.people
	if ps.asgDean == nil {
		ps.asgDean = make([][]int32, len(e.w.Deaneries))
	}
	for ; ps.asgSeen < len(ps.asgs); ps.asgSeen++ {
		t := e.w.Trusts[ps.asgs[ps.asgSeen].Trust].Deanery
		ps.asgDean[t] = append(ps.asgDean[t], int32(ps.asgSeen))
	}
	return ps.asgDean[di]
}

// latestPeriod is person pi's latest period (laterPeriod) at deanery di's
// trusts extracted at at: of an assignment made by at, changed by at.
func (e *ESR) latestPeriod(pi int32, di int, at Timestamp) stfRow {
	ps := e.people
	var best stfRow
	found := false
	for _, ai := range ps.asgsOf(pi) {
		a := &ps.asgs[ai]
		if e.w.Trusts[a.Trust].Deanery != di || a.Created > at {
			continue
		}
		for k := range a.Periods {
			if a.Periods[k].Changed > at {
				continue
			}
			if r := (stfRow{ai, k + 1}); !found || e.laterPeriod(r, best) {
				best, found = r, true
			}
		}
	}
	return best
}

// laterPeriod orders periods by (startDate, assignmentId, periodSeq)
// (5.11 "STF content": a person's latest period).
func (e *ESR) laterPeriod(x, y stfRow) bool {
	ps := e.people
	ax, ay := &ps.asgs[x.asg], &ps.asgs[y.asg]
	sx, sy := ax.Periods[x.seq-1].Start, ay.Periods[y.seq-1].Start
	switch {
	case sx != sy:
		return sx > sy
	case ax.ID != ay.ID:
		return ax.ID > ay.ID
	}
	return x.seq > y.seq
}

// periodStatus is ASG/STF assignmentStatus on day d (5.11 "ASG status").
func periodStatus(a *Assignment, p *Period, d Date) string {
	switch {
	case a.Cancelled || p.Cancelled:
		return "CANCELLED"
	case p.End != 0 && p.End < d:
		return "ENDED"
	}
	return "ACTIVE"
}

// stfRecord is the STF record of one period, person fields as at the
// extract time.
func (e *ESR) stfRecord(r stfRow, d Date, at Timestamp) rec {
	w := e.w
	ps := e.people
	a := &ps.asgs[r.asg]
	p := &a.Periods[r.seq-1]
	pr := &ps.persons[a.Person]
	dob, end, proj := "", "", ""
	if pr.DOB != 0 {
		dob = pr.DOB.Compact()
	}
	if p.End != 0 {
		end = p.End.Compact()
	}
	if p.ProjEnd != 0 {
		proj = p.ProjEnd.Compact()
	}
	last := max(p.Changed, pr.Changed)
	if last > at {
		last = p.Changed
	}
	return rec{"STF", []string{pr.Number, pr.Surname, pr.First, pr.Middle, pr.Prev, pr.Title, pr.Gender, dob,
		pr.NI, pr.GMC, pr.Addr.Line1, pr.Addr.Line2, pr.Addr.Line3, pr.Addr.Town, pr.Addr.Postcode, pr.Email,
		strconv.FormatInt(a.ID, 10), strconv.Itoa(p.Seq), strconv.FormatInt(p.PosID, 10), p.PosNo, p.DPN,
		w.Trusts[a.Trust].VPD, a.Role, "Medical and Dental", p.PayScale, p.Spec, p.Start.Compact(), proj, end,
		periodStatus(a, p, d), p.EndReason, wteText(p.WTE, 2), tsTime(last).Format("20060102150405")}}
}

// markSTFPerson counts a person the first time any staff extract holds
// them (world.json's stf_people, domain 10.2).
func (e *ESR) markSTFPerson(pi int32) {
	for int(pi) >= len(e.inSTF) {
		e.inSTF = append(e.inSTF, false)
	}
	if !e.inSTF[pi] {
		e.inSTF[pi] = true
		e.stfPeople++
	}
}
