package sim

import (
	"slices"
	"strconv"

	"deanery/ingest/ident"
)

// applicant is an ESR applicant (or pending record) made from an APP.
type applicant struct {
	number  string
	asg     int64
	pair    pairKey
	dpn     string
	gmc     string
	surname string
	first   string
	deanery int
}

// SendRow is one row of send_truth.
type SendRow struct {
	Placement  int32
	Position   int64
	VPD        string
	Route      string
	AppFile    string
	Ordinal    int
	Status     string
	Reason     string
	Applicant  string
	Assignment int64
	HireDate   Date   // day of the hire or transfer, 0 none
	Person     string // ESR person number
}

// answerAPP validates an APP file as ESR does (5.2) and writes its APC at
// 19:00; a file with more than 40 records for one DPN is quarantined and
// gets no APC.
func (e *ESR) answerAPP(di int, f *ExFile, cands []appCand, sent *appSent) error {
	perDPN := map[string]int{}
	for _, c := range cands {
		perDPN[c.dpn]++
	}
	for _, n := range perDPN {
		if n > 40 {
			f.Quarantine = true
			e.truth.onQuarantine(f, cands)
			return nil
		}
	}
	seen := map[string]bool{}
	var recs []rec
	for i, c := range cands {
		v := c.vals // fields 2–33: v[k] is field k+2
		status, msgType, reason, words := "SUCCESS", "INFO", "OK", "applicant created"
		pos := e.positionByID(v[2], v[3])
		dupKey := v[9] + "\x00" + v[7] + "\x00" + v[11] + "\x00" + v[2]
		switch {
		case v[0] == "" || v[9] == "" || v[7] == "" || v[11] == "" || v[2] == "" || v[3] == "":
			reason, words = "MANDATORY_MISSING", "a mandatory field is empty"
		case pos == nil:
			reason, words = "POSITION_UNKNOWN", "no such position"
		case !pos.Live(f.Date.At(18, 0, 0)):
			reason, words = "POSITION_DELETED", "the position is deleted"
		case v[1] != pos.DPN:
			reason, words = "DPN_MISMATCH", "deaneryNumber differs from the position's"
		case v[13] != "" && !ident.Check(ident.NINO, v[13]).Valid:
			reason, words = "NI_INVALID", "ukNino is invalid"
		case v[5] != "" && v[5] < v[4]:
			reason, words = "DATE_ORDER", "end before hire date"
		case seen[dupKey]:
			reason, words = "DUPLICATE_IN_FILE", "same applicant and position earlier in the file"
		case v[16] != "" && !ident.Check(ident.GMC, v[16]).Valid:
			msgType, reason, words = "WARNING", "GMC_INVALID", "registration number invalid, not stored"
		}
		seen[dupKey] = true
		row := SendRow{Placement: c.key.pl, Position: c.key.pos, AppFile: f.Name, Ordinal: i + 1, Reason: reason, Route: "INTERFACE_NEW"}
		if pos != nil {
			row.VPD = e.w.Trusts[pos.Trust].VPD
		}
		var appNo, asg, appType string
		if reason == "OK" || reason == "GMC_INVALID" {
			no, id, typ, fail := e.acceptAPP(di, f.Date, c, len(e.Sends))
			if fail {
				msgType, reason, words = "ERROR", "ALREADY_HIRED", "the person already holds this position from that date"
			} else {
				appNo, asg, appType = no, strconv.FormatInt(id, 10), typ
				row.Applicant, row.Assignment = no, id
				if typ == "TRANSFER" {
					row.Route = "INTERFACE_TRANSFER"
				}
				cl := e.people.claims[c.key.pl]
				row.Person = e.people.persons[cl[len(cl)-1].person].Number
			}
		}
		if reason != "OK" && reason != "GMC_INVALID" {
			status, msgType = "FAIL", "ERROR"
			row.Route = "NONE"
		}
		row.Reason = reason
		row.Status = status
		e.Sends = append(e.Sends, row)
		recs = append(recs, rec{"APC", []string{f.Name, strconv.Itoa(i + 1), v[1], v[2], v[3], status, msgType,
			reason + ": " + words, appNo, asg, appType}})
		e.ex.recordAnswer(di, c.key, status)
	}
	sent.answered = true
	_, err := e.writeFile(f.Deanery, "APC", f.Date.At(19, 0, 0), "", recs)
	return err
}

// positionByID finds a position by id and number.
func (e *ESR) positionByID(id, number string) *Position {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil
	}
	i := n - 2000001 // ids are allocated in sequence from 2000001
	if i < 0 || i >= int64(len(e.Positions)) || e.Positions[i].Number != number {
		return nil
	}
	return &e.Positions[i]
}

// answerDNC checks each notification (5.7, 5.11 check order) and writes
// the DCC at 19:15.
func (e *ESR) answerDNC(di int, f *ExFile, notes []note) {
	if len(notes) == 0 && !e.w.Settings.EmptyFiles {
		return
	}
	w := e.w
	at := f.Date.At(17, 30, 0)
	var recs []rec
	for i, n := range notes {
		v := n.vals
		reason, words := "OK", "notification loaded"
		switch {
		case v[0] == "" || v[1] == "" || v[2] == "" || v[3] == "" || v[4] == "":
			reason, words = "MANDATORY_MISSING", "a mandatory field is empty"
		case v[0] == "3":
			reason, words = "TYPE_UNSUPPORTED", "notification type 3 is not supported"
		case e.trustByVPD(v[4]) < 0:
			reason, words = "VPD_INVALID", "unknown VPD code"
		case v[0] != "5" && !e.livePositionAt(v[2], v[4], at):
			reason, words = "DPN_UNKNOWN", "no live position with this DPN at the VPD"
		case (v[0] == "2" || v[0] == "4") && !e.holdsTrainee(v[2], v):
			reason, words = "TRAINEE_NOT_FOUND", "no applicant or assignment on the DPN"
		}
		status, mt := "SUCCESS", "INFO"
		if reason != "OK" {
			status, mt = "FAIL", "ERROR"
		}
		e.truth.onDCC(f, status, reason)
		recs = append(recs, rec{"DCC", []string{f.Name, strconv.Itoa(i + 1), v[0], v[2], status, mt, reason + ": " + words}})
		if status == "SUCCESS" {
			e.noteEffect(n, f.Date)
		}
	}
	_ = w
	if _, err := e.writeFile(f.Deanery, "DCC", f.Date.At(19, 15, 0), "", recs); err != nil {
		e.err = err
	}
}

func (e *ESR) trustByVPD(vpd string) int32 {
	if e.vpdTrust == nil {
		e.vpdTrust = map[string]int32{}
		for i := len(e.w.Trusts) - 1; i >= 0; i-- {
			e.vpdTrust[e.w.Trusts[i].VPD] = int32(i)
		}
	}
	if t, ok := e.vpdTrust[vpd]; ok {
		return t
	}
	return -1
}

func (e *ESR) livePositionAt(dpn, vpd string, at Timestamp) bool {
	t := e.trustByVPD(vpd)
	live := func(i int32) bool {
		p := &e.Positions[i]
		return p.DPN == dpn && p.Trust == t && p.Live(at)
	}
	if dpn == "" { // positions without a DPN are not indexed
		for i := range e.Positions {
			if live(int32(i)) {
				return true
			}
		}
		return false
	}
	return slices.ContainsFunc(e.byDPN[dpn], live)
}

// holdsTrainee: an applicant on the DPN for the GMC number, else for the
// normalised names of the withdrawn/current/next block.
func (e *ESR) holdsTrainee(dpn string, v []string) bool {
	gmc, sur, first := v[25], v[23], v[24]
	if v[0] == "4" {
		gmc, sur, first = v[11], v[9], v[10]
		if v[15] != "" {
			gmc, sur, first = v[17], v[15], v[16]
		}
	}
	if e.heldOnDPN(dpn, gmc, sur, first) {
		return true
	}
	for _, a := range e.applicants {
		if a.dpn != dpn {
			continue
		}
		if gmc != "" && a.gmc == gmc {
			return true
		}
		if gmc == "" && ident.NameKey(a.surname) == ident.NameKey(sur) && ident.NameKey(a.first) == ident.NameKey(first) {
			return true
		}
	}
	return false
}
