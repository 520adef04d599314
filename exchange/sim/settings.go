package sim

import (
	"fmt"
	"time"
)

// TruthFormat is how the truth tables are written.
type TruthFormat string

// Truth formats.
const (
	TruthCSV     TruthFormat = "csv"
	TruthParquet TruthFormat = "parquet"
)

// FormatVersion is written to world.json; bump it when the output changes
// shape.
const FormatVersion = 1

// Settings are everything a world depends on: the same settings give
// byte-identical output.
type Settings struct {
	Seed  uint64  `json:"seed"`
	Scale float64 `json:"scale"`
	// From is the world's first day (default 2010-01-01); To its last
	// (default: the last day of the current quarter).
	From Date `json:"-"`
	To   Date `json:"-"`
	// Faults are the fault rates of domain 10.4.
	Faults FaultRates `json:"faults"`
	// EmptyFiles writes HDR/TRL-only interface files on working days
	// without records (domain 5.1).
	EmptyFiles  bool        `json:"empty_files"`
	TruthFormat TruthFormat `json:"truth_format"`
}

// FaultRates are the rates of domain 10.4: fractions (0.01 = 1%) or counts
// per world. Only the deanery-side ones are used by this generator so far;
// the ESR-side ones are carried for the ESR simulation.
type FaultRates struct {
	NameTypoDeanery      float64 `json:"name_typo_deanery"`      // of trainee records
	NameTypoESR          float64 `json:"name_typo_esr"`          // of manual hires
	NameChange           float64 `json:"name_change"`            // a year
	DOBSwapDeanery       float64 `json:"dob_swap_deanery"`       // of trainee records
	DOBSwapESR           float64 `json:"dob_swap_esr"`           // of manual hires (ESR keys a date of birth only there)
	NIMissing            float64 `json:"ni_missing"`             // of trainee records
	NIMissingIMG         float64 `json:"ni_missing_img"`         // of international graduates' records
	NIInvalid            float64 `json:"ni_invalid"`             // of trainee records
	GMCWrong             float64 `json:"gmc_wrong"`              // of trainee records
	GMCMissing           float64 `json:"gmc_missing"`            // of trainee records
	AddressChangeESR     float64 `json:"address_change_esr"`     // a year
	AddressChangeDeanery float64 `json:"address_change_deanery"` // a year
	PositionNoDPN        float64 `json:"position_no_dpn"`        // of positions
	PositionWrongDPN     float64 `json:"position_wrong_dpn"`     // of positions
	PositionDupDPN       float64 `json:"position_dup_dpn"`       // of positions
	PositionDeleted      float64 `json:"position_deleted"`       // of positions
	LatePlacement        float64 `json:"late_placement"`         // of placements
	Withdrawal           float64 `json:"withdrawal"`             // of placements
	DateChange           float64 `json:"date_change"`            // of placements
	NeverHired           float64 `json:"never_hired"`            // of trainees
	AppMandatoryMissing  float64 `json:"app_mandatory_missing"`  // of trainees
	AppMandatoryFixed    float64 `json:"app_mandatory_fixed"`    // share fixed within 1–20 days
	QuarantineBucket     int     `json:"quarantine_bucket"`      // per world
	CSVBackslash         int     `json:"csv_backslash"`          // per world
	CSVComma             int     `json:"csv_comma"`              // per world
	VPDUnpadded          int     `json:"vpd_unpadded"`           // per world
	DuplicateFile        int     `json:"duplicate_file"`         // per world
	SequenceGap          int     `json:"sequence_gap"`           // per world
	LeaverNotEnded       float64 `json:"leaver_not_ended"`       // of endings
}

// DefaultFaultRates returns the defaults of domain 10.4.
func DefaultFaultRates() FaultRates {
	return FaultRates{
		NameTypoDeanery: 0.010, NameTypoESR: 0.020, NameChange: 0.008,
		DOBSwapDeanery: 0.003, DOBSwapESR: 0.003,
		NIMissing: 0.04, NIMissingIMG: 0.20, NIInvalid: 0.005,
		GMCWrong: 0.003, GMCMissing: 0.005,
		AddressChangeESR: 0.08, AddressChangeDeanery: 0.04,
		PositionNoDPN: 0.02, PositionWrongDPN: 0.015, PositionDupDPN: 0.008, PositionDeleted: 0.005,
		LatePlacement: 0.08, Withdrawal: 0.02, DateChange: 0.05,
		NeverHired: 0.003, AppMandatoryMissing: 0.003, AppMandatoryFixed: 0.6,
		QuarantineBucket: 3, CSVBackslash: 5, CSVComma: 5, VPDUnpadded: 1,
		DuplicateFile: 10, SequenceGap: 5, LeaverNotEnded: 0.015,
	}
}

// DefaultSettings returns the defaults with the given seed: scale 1 from
// 2010-01-01 to the last day of the quarter holding now.
func DefaultSettings(seed uint64, now time.Time) Settings {
	return Settings{
		Seed: seed, Scale: 1,
		From: MakeDate(2010, time.January, 1), To: lastDayOfQuarter(now),
		Faults: DefaultFaultRates(), TruthFormat: TruthParquet,
	}
}

// withDefaults fills zero values: From 2010-01-01, To the end of the
// current quarter, scale 1, Parquet truth (domain 10.1). Fault rates are taken as given: a
// zero FaultRates means the defaults.
func (s Settings) withDefaults(now time.Time) Settings {
	if s.Scale == 0 {
		s.Scale = 1
	}
	if s.From == 0 {
		s.From = MakeDate(2010, time.January, 1)
	}
	if s.To == 0 {
		s.To = lastDayOfQuarter(now)
	}
	if s.Faults == (FaultRates{}) {
		s.Faults = DefaultFaultRates()
	}
	if s.TruthFormat == "" {
		s.TruthFormat = TruthParquet
	}
	return s
}

func (s Settings) validate() error {
	switch {
	case s.Scale <= 0 || s.Scale > 10:
		return fmt.Errorf("scale %v: want a value in (0, 10]", s.Scale)
	case s.To < s.From:
		return fmt.Errorf("period %s to %s: the end is before the start", s.From, s.To)
	case s.From < MakeDate(2000, 1, 1) || s.To > MakeDate(2090, 12, 31):
		return fmt.Errorf("period %s to %s: want dates in 2000–2090", s.From, s.To)
	case s.TruthFormat != TruthCSV && s.TruthFormat != TruthParquet:
		return fmt.Errorf("truth format %q: want parquet or csv", s.TruthFormat)
	}
	return nil
}
