package sim

import (
	"context"
	"fmt"
	"strconv"
)

// Truth table names (domain 10.5) written by the deanery side.
const (
	TableHuman          = "human"
	TableRecordIdentity = "record_identity"
	TableFieldHistory   = "field_history"
	TablePostTruth      = "post_truth"
	TablePlacementTruth = "placement_truth"
	TableFault          = "fault"
)

// truthHeaders are the columns of each truth table (domain 10.5).
var truthHeaders = map[string][]string{
	TableHuman:          {"human_id", "kind", "birth_last_name", "first_name", "middle_names", "dob", "gender", "ni_number", "gmc_number", "nationality"},
	TableRecordIdentity: {"human_id", "side", "record_id", "deanery_code", "created_date"},
	TableFieldHistory:   {"side", "record_id", "field", "value", "valid_from", "valid_to", "source", "fault_id"},
	TablePostTruth:      {"post_id", "dpn", "deanery_code", "role", "trust_code", "vpd_code", "true_position_id", "live_from", "live_to"},
	TablePlacementTruth: {"placement_id", "trainee_id", "human_id", "post_id", "dpn", "start_date", "end_date", "created_at", "approved_at", "withdrawn_at", "first_app_file", "first_app_date", "notice_days", "notice_compliant"},
	TableFault:          {"fault_id", "kind", "side", "entity_type", "entity_id", "field", "true_value", "recorded_value", "effective_at", "file_name", "line_number", "detail"},
}

// TruthTables lists the truth tables this side writes, in writing order.
func TruthTables() []string {
	return append([]string{TableHuman, TableRecordIdentity, TableFieldHistory, TablePostTruth, TablePlacementTruth, TableFault},
		esrTruthTables...)
}

func itoa(i int32) string { return strconv.Itoa(int(i)) }

func tsText(t Timestamp) string {
	if t == 0 {
		return ""
	}
	return t.String()
}

// FaultEntityID returns the entity_id of a fault row: the record id for
// trainees, posts and placements, the code of a trust, else EntityID or
// the number.
func (w *World) FaultEntityID(f *Fault) string {
	if f.EntityID != "" {
		return f.EntityID
	}
	switch f.EntityType {
	case "TRAINEE":
		t := &w.Trainees[f.Entity]
		return w.idText(t.Deanery, t.ID)
	case "POST":
		p := &w.Posts[f.Entity]
		return w.idText(p.Deanery, p.ID)
	case "PLACEMENT":
		p := &w.Placements[f.Entity]
		return w.idText(int(p.deanery), p.ID)
	case "TRUST":
		return w.Trusts[f.Entity].Code
	}
	return itoa(f.Entity)
}

// writeTruth writes truth tables this side knows, in the world's truth format.
func (w *World) writeTruth(ctx context.Context, dir string, progress func(string, int, int), tables []string) error {
	for i, table := range tables {
		if err := ctx.Err(); err != nil {
			return err
		}
		progress("truth", i, len(tables))
		tw, err := newTableWriter(dir, table, w.Settings.TruthFormat)
		if err != nil {
			return err
		}
		if err := w.truthRows(table, tw.row); err != nil {
			tw.close()
			return fmt.Errorf("truth %s: %w", table, err)
		}
		if err := tw.close(); err != nil {
			return err
		}
	}
	progress("truth", len(tables), len(tables))
	return nil
}

// truthRows emits the rows of one table.
func (w *World) truthRows(table string, emit func(...string) error) error {
	switch table {
	case TableHuman:
		for i := range w.Humans {
			h := &w.Humans[i]
			if err := emit(itoa(h.ID), "TRAINEE", h.Surname, h.First, h.Middle, h.DOB.String(), h.Gender, h.NI, h.GMC, h.Nationality); err != nil {
				return err
			}
		}
	case TableRecordIdentity:
		for i := range w.Trainees {
			t := &w.Trainees[i]
			if err := emit(itoa(w.Humans[t.Human].ID), "DEANERY", w.idText(t.Deanery, t.ID), w.Deaneries[t.Deanery].Code, t.Created().Date().String()); err != nil {
				return err
			}
		}
	case TableFieldHistory:
		return w.fieldHistory(emit)
	case TablePostTruth:
		for i := range w.Posts {
			p := &w.Posts[i]
			to := ""
			if p.Retired != 0 {
				to = p.Retired.Date().String()
			}
			id := w.idText(p.Deanery, p.ID)
			d := w.Deaneries[p.Deanery].Code
			trusts := append([]int32{p.Lead}, p.Hosts...)
			for k, t := range trusts {
				role := "LEAD"
				if k > 0 {
					role = "HOST"
				}
				if err := emit(id, p.DPN, d, role, w.Trusts[t].Code, w.Trusts[t].VPD, "", p.Created.Date().String(), to); err != nil {
					return err
				}
			}
		}
	case TablePlacementTruth:
		for i := range w.Placements {
			p := &w.Placements[i]
			dn := int(p.deanery)
			t := &w.Trainees[p.Trainee]
			s, e := p.FinalDates()
			n := w.placementNotice(int32(i))
			if err := emit(w.idText(dn, p.ID), w.idText(dn, t.ID), itoa(w.Humans[t.Human].ID), w.idText(dn, w.Posts[p.Post].ID),
				w.Posts[p.Post].DPN, s.String(), e.String(), p.Created.String(), p.Approved.String(), tsText(p.Withdrawn),
				n[0], n[1], n[2], n[3]); err != nil {
				return err
			}
		}
	case TableFault:
		for i := range w.Faults {
			f := &w.Faults[i]
			line := ""
			if f.Line > 0 {
				line = strconv.Itoa(f.Line)
			}
			if err := emit(itoa(f.ID), f.Kind, f.Side, f.EntityType, w.FaultEntityID(f), f.Field, f.TrueValue, f.RecordedValue,
				tsText(f.At), f.File, line, f.Detail); err != nil {
				return err
			}
		}
	default:
		return w.esrTruthRows(table, emit)
	}
	return nil
}

// trueFields are the fields of field_history, as named in the trainee
// extract columns.
var historyFields = []string{"title", "forenames", "surname", "previous_surname", "date_of_birth", "gender", "ni_number", "gmc_number",
	"ntn", "email", "mobile_tel", "home_tel", "address1", "address2", "address3", "town", "postcode", "country", "nationality"}

// rowGetter returns rowField for field f as a function.
func rowGetter(f string) func(*TraineeRow) string {
	switch f {
	case "surname":
		return func(r *TraineeRow) string { return r.Surname }
	case "forenames":
		return func(r *TraineeRow) string { return r.Forenames }
	case "date_of_birth":
		return func(r *TraineeRow) string { return r.DOB }
	case "gender":
		return func(r *TraineeRow) string { return r.Gender }
	case "ni_number":
		return func(r *TraineeRow) string { return r.NI }
	case "gmc_number":
		return func(r *TraineeRow) string { return r.GMC }
	case "email":
		return func(r *TraineeRow) string { return r.Email }
	case "postcode":
		return func(r *TraineeRow) string { return r.Postcode }
	case "address1":
		return func(r *TraineeRow) string { return r.Addr1 }
	}
	return func(r *TraineeRow) string { return rowField(r, f) }
}

func rowField(r *TraineeRow, f string) string {
	switch f {
	case "title":
		return r.Title
	case "forenames":
		return r.Forenames
	case "surname":
		return r.Surname
	case "previous_surname":
		return r.PrevSurname
	case "date_of_birth":
		return r.DOB
	case "gender":
		return r.Gender
	case "ni_number":
		return r.NI
	case "gmc_number":
		return r.GMC
	case "ntn":
		return r.NTN
	case "email":
		return r.Email
	case "mobile_tel":
		return r.Mobile
	case "home_tel":
		return r.Home
	case "address1":
		return r.Addr1
	case "address2":
		return r.Addr2
	case "address3":
		return r.Addr3
	case "town":
		return r.Town
	case "postcode":
		return r.Postcode
	case "country":
		return r.Country
	case "nationality":
		return r.Nationality
	}
	return ""
}

// faultOf returns the fault id behind a field's value on a row.
func (w *World) faultOf(r *TraineeRow, field string) string {
	fi, ok := r.Faults[field]
	if !ok {
		switch field {
		case "address1", "address2", "address3", "town", "postcode", "country":
			fi, ok = r.Faults["address"]
		}
	}
	if !ok {
		return ""
	}
	return itoa(w.Faults[fi].ID)
}

// fieldHistory emits TRUE rows (per human) and DEANERY rows (per trainee
// record): one row per value period.
func (w *World) fieldHistory(emit func(...string) error) error {
	for i := range w.Humans {
		h := &w.Humans[i]
		id := itoa(h.ID)
		fixed := [][2]string{{"title", h.Title}, {"forenames", joinNames(h.First, h.Middle)}, {"surname", h.Surname},
			{"date_of_birth", h.DOB.String()}, {"gender", h.Gender}, {"ni_number", h.NI}, {"gmc_number", h.GMC},
			{"email", h.Email}, {"mobile_tel", h.Mobile}, {"home_tel", h.Home}, {"nationality", h.Nationality}}
		for _, f := range fixed {
			if f[1] == "" {
				continue
			}
			if err := emit("TRUE", id, f[0], f[1], "", "", "", ""); err != nil {
				return err
			}
		}
		for k, a := range h.Addresses {
			to := ""
			if k+1 < len(h.Addresses) {
				to = h.Addresses[k+1].From.String()
			}
			from := ""
			if k > 0 {
				from = a.From.String()
			}
			for _, f := range [][2]string{{"address1", a.Line1}, {"address2", a.Line2}, {"address3", a.Line3}, {"town", a.Town}, {"postcode", a.Postcode}, {"country", a.Country}} {
				if f[1] == "" {
					continue
				}
				if err := emit("TRUE", id, f[0], f[1], from, to, "", ""); err != nil {
					return err
				}
			}
		}
	}
	for i := range w.Trainees {
		t := &w.Trainees[i]
		id := w.idText(t.Deanery, t.ID)
		for _, f := range historyFields {
			for k := 0; k < len(t.Rows); {
				v := rowField(&t.Rows[k], f)
				j := k + 1
				for j < len(t.Rows) && rowField(&t.Rows[j], f) == v {
					j++
				}
				to := ""
				if j < len(t.Rows) {
					to = t.Rows[j].At.String()
				}
				if v != "" || k > 0 {
					if err := emit("DEANERY", id, f, v, t.Rows[k].At.String(), to, "DEANERY_ENTRY", w.faultOf(&t.Rows[k], f)); err != nil {
						return err
					}
				}
				k = j
			}
		}
	}
	return nil
}
