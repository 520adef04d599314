package sim

import (
	"slices"
	"strconv"
)

// fileDates maps each interface file written to its file date.
func (e *ESR) fileDates() map[string]Date {
	m := make(map[string]Date, len(e.Files))
	for i := range e.Files {
		m[e.Files[i].Name] = e.Files[i].Date
	}
	return m
}

// fileDeaneries maps each interface file written to its deanery code.
func (e *ESR) fileDeaneries() map[string]string {
	m := make(map[string]string, len(e.Files))
	for i := range e.Files {
		m[e.Files[i].Name] = e.Files[i].Deanery
	}
	return m
}

// sendTime is when ESR acted on a send row: the APC at 19:00 of the APP
// file date, a manual hire at 09:00 of its keying date.
func sendTime(s *SendRow, dates map[string]Date) Timestamp {
	if s.Route == "MANUAL" {
		return s.HireDate.At(9, 0, 0)
	}
	return dates[s.AppFile].At(19, 0, 0)
}

// iatUsed tells, per send row, whether person resolution matched a person
// ESR already held (5.4): the person existed before the row's moment, or
// an earlier row of the same moment named it first.
func (e *ESR) iatUsed(dates map[string]Date) []bool {
	out := make([]bool, len(e.Sends))
	named := map[string]bool{}
	for i := range e.Sends {
		s := &e.Sends[i]
		if s.Person == "" {
			continue
		}
		n, err := strconv.Atoi(s.Person)
		if err != nil || n <= 10000000 || n-10000001 >= len(e.people.persons) {
			continue
		}
		p := &e.people.persons[n-10000001]
		out[i] = p.Created < sendTime(s, dates) || named[s.Person]
		named[s.Person] = true
	}
	return out
}

// sendTruth emits send_truth: one row per (placement, position) pair that
// an APP file carried or a trust keyed by hand, in (placement, position)
// order. The row tells the pair's outcome: its APC SUCCESS (route
// INTERFACE_NEW or INTERFACE_TRANSFER) if it had one; else its manual hire
// (MANUAL), with the last APP answer of the pair if it was sent and
// failed; else its last send (NONE), whose APC status is empty when only
// quarantined files carried it.
func (e *ESR) sendTruth(emit func(...string) error) error {
	w := e.w
	dates := e.fileDates()
	iat := e.iatUsed(dates)
	type pairOut struct {
		key              pairKey
		success, manual  int // index into Sends, -1 none
		lastApp          int
		quarantineFile   string
		quarantineOrdNum int
	}
	byPair := map[pairKey]*pairOut{}
	var order []*pairOut
	get := func(k pairKey) *pairOut {
		p := byPair[k]
		if p == nil {
			p = &pairOut{key: k, success: -1, manual: -1, lastApp: -1}
			byPair[k] = p
			order = append(order, p)
		}
		return p
	}
	for i := range e.Sends {
		s := &e.Sends[i]
		p := get(pairKey{s.Placement, s.Position})
		switch {
		case s.Route == "MANUAL":
			if p.manual < 0 {
				p.manual = i
			}
		case s.Status == "SUCCESS":
			if p.success < 0 {
				p.success = i
			}
			p.lastApp = i
		default:
			p.lastApp = i
		}
	}
	for _, q := range e.truth.quarantined {
		for k, key := range q.pairs {
			p := get(key)
			if p.lastApp < 0 && p.success < 0 {
				p.quarantineFile, p.quarantineOrdNum = q.name, k+1
			}
		}
	}
	slices.SortFunc(order, func(a, b *pairOut) int {
		if a.key.pl != b.key.pl {
			return int(a.key.pl - b.key.pl)
		}
		return cmpInt64(a.key.pos, b.key.pos)
	})
	for _, p := range order {
		pl := &w.Placements[p.key.pl]
		row := make([]string, 13)
		row[0] = w.idText(int(pl.deanery), pl.ID)
		row[1] = strconv.FormatInt(p.key.pos, 10)
		if i := p.key.pos - 2000001; i >= 0 && i < int64(len(e.Positions)) {
			row[2] = w.Trusts[e.Positions[i].Trust].VPD
		} else if p.lastApp >= 0 {
			row[2] = e.Sends[p.lastApp].VPD
		} else if p.success >= 0 {
			row[2] = e.Sends[p.success].VPD
		}
		row[3] = "NONE"
		app := p.lastApp
		if p.success >= 0 {
			app = p.success
		}
		if app >= 0 {
			s := &e.Sends[app]
			row[4], row[5], row[6], row[7] = s.AppFile, strconv.Itoa(s.Ordinal), s.Status, s.Reason
		} else if p.quarantineFile != "" {
			row[4], row[5] = p.quarantineFile, strconv.Itoa(p.quarantineOrdNum)
		}
		out := -1
		switch {
		case p.success >= 0:
			out = p.success
		case p.manual >= 0:
			out = p.manual
		}
		if out >= 0 {
			s := &e.Sends[out]
			row[3] = s.Route
			row[8] = s.Applicant
			if s.Assignment != 0 {
				row[9] = strconv.FormatInt(s.Assignment, 10)
			}
			if s.HireDate != 0 {
				row[10] = s.HireDate.String()
			}
			row[11] = strconv.FormatBool(iat[out])
			row[12] = s.Person
		}
		if err := emit(row...); err != nil {
			return err
		}
	}
	return nil
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// noticeOf is the notice of one placement (5.5, 5.11 "Notice basis").
type noticeOf struct {
	file string // first APP file, not quarantined, that carried it
	date Date   // its file date
	days int    // start date it carried − file date
}

// notices returns the notice of every placement ever carried by an APP
// file ESR loaded, by placement index. The start date carried is the
// placement's start as the deanery held it at the file's 17:00.
func (e *ESR) notices() map[int32]noticeOf {
	w := e.w
	dates := e.fileDates()
	out := map[int32]noticeOf{}
	for i := range e.Sends {
		s := &e.Sends[i]
		if s.AppFile == "" {
			continue
		}
		if _, ok := out[s.Placement]; ok {
			continue
		}
		d := dates[s.AppFile]
		start, _ := w.Placements[s.Placement].Dates(d.At(17, 0, 0))
		out[s.Placement] = noticeOf{file: s.AppFile, date: d, days: int(start - d)}
	}
	return out
}

// noticeCompliant is the 12-week rule: at least 84 days (5.5).
const noticeCompliant = 84

// placementNotice returns placement_truth's first_app_file,
// first_app_date, notice_days and notice_compliant for placement pi:
// empty when it was never carried by a loaded APP file or no ESR ran.
func (w *World) placementNotice(pi int32) [4]string {
	e := w.esr
	if e == nil {
		return [4]string{}
	}
	if e.truth.notice == nil || e.truth.noticeSends != len(e.Sends) {
		e.truth.notice, e.truth.noticeSends = e.notices(), len(e.Sends)
	}
	n, ok := e.truth.notice[pi]
	if !ok {
		return [4]string{}
	}
	return [4]string{n.file, n.date.String(), strconv.Itoa(n.days), strconv.FormatBool(n.days >= noticeCompliant)}
}
