package iface

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The layouts of domain 7.1–7.9, one line per field in position order:
// name, type, M when mandatory, the identifier rule the reader applies, and
// =list for a field whose values come from a code list (codelists.go).
// D and T fields always get the DATE and TS rules. Range rows of the domain
// (APP 20–22, DNC 11–16, STF 3–6, ...) are expanded here, one line a field.
// Kept as text so that the tables read like the domain's and a reviewer can
// compare them line by line.
var layoutText = map[string]string{
	"HDR": `
		recordType F3 M
		fileType F3 M
		deaneryCode F3 M DEAN
		sequenceNumber L8 M
		createdAt T M
		formatVersion X10 M
		mode X6`,
	"TRL": `
		recordType F3 M
		recordCount N9 M`,
	"APP": `
		recordType F3 M
		effectiveDate D M
		deaneryNumber X30 M DPN
		positionId N15 M POSID
		positionNumber X10 M POSNO
		projectedHireDate D M
		projectedEndDate D
		title X30 =title
		firstName X150 M NAME
		middleNames X60 NAME
		lastName X150 M NAME
		previousLastName X150 NAME
		dob D M
		gender F1 =gender
		ukNino X9 NINO
		nationalTrainingNumber X20 NTN
		professionalBody X60
		registrationNumber X30 GMC
		registrationExpiryDate D
		applicantEmailAddress X240 EMAIL
		homeTel X60 PHONE
		mobileTel X60 PHONE
		address1 X240
		address2 X240
		address3 X240
		town X30
		county X30
		postcode X30 PCODE
		country F2
		nationality F2
		wte N3,2
		grade X10 =grade
		deaneryPlacementId X30`,
	"APC": `
		recordType F3 M
		appFileName X60 M
		esrVacancyId N15 M
		deaneryNumber X30 DPN
		positionId N15 POSID
		positionNumber X10 POSNO
		loadStatusCode X7 M =loadStatus
		messageType X7 =messageType
		messageText X200
		applicantNumber X30 APPNO
		assignmentId N15 ASGID
		applicationType X10 =applicationType`,
	"DNC": `
		recordType F3 M
		notificationType N1 M =notificationType
		deaneryBody F3 M DEAN
		deaneryPostNumber X30 M DPN
		managingDeaneryBodyCode X10 M
		employingOrgVPDCode L3 M VPD
		hostLeadEmployerStatus X20 =role
		newTrainingPositionLocation X240 SITE
		postVacantAtNextRotation F1 =yesNo
		postDeleteIndicator F1 =yesNo
		currentLastName X150 NAME
		currentFirstName X150 NAME
		currentGmcNumber X30 GMC
		currentProjectedEndDate D
		currentNextPlacementSite X240
		currentWorkingHours N3,1
		nextLastName X150 NAME
		nextFirstName X150 NAME
		nextGmcNumber X30 GMC
		nextCurrentPlacementSite X240
		nextProjectedStartDate D
		nextEmailAddress X240 EMAIL
		nextGrade X10 =grade
		nextWorkingHours N3,1
		withdrawnLastName X150 NAME
		withdrawnFirstName X150 NAME
		withdrawnGmcNumber X30 GMC
		withdrawalReason N2
		changeOfProjectedHireDate D
		changeOfProjectedEndDate D
		deaneryPlacementId X30`,
	"DCC": `
		recordType F3 M
		dncFileName X60 M
		recordOrdinal N15 M
		notificationType N1 =notificationType
		deaneryPostNumber X30 DPN
		loadStatusCode X7 M =loadStatus
		messageType X7 =messageType
		messageText X200`,
	"POS": `
		recordType F3 M
		positionID N15 M POSID
		undocumented X30
		changeDeleteIndicator F1 M =changeDelete
		positionNumber X10 M POSNO
		positionTitle X60
		occupationCode X240
		areaOfWork X10 =specialty
		secondSpeciality X60
		deaneryNumber X30 M DPN
		managingOffice X10 DEAN
		odsCode X30 TRUST
		gradeTrust X30
		gradePayscale X10 =payScale
		gradeDesc X60
		workplaceOrg X30 SITE`,
	"POR": `
		recordType F3 M
		positionID N15 M POSID
		undocumented X30
		changeDeleteIndicator F1 M =changeDelete
		positionNumber X10 M POSNO
		positionTitle X60
		deaneryNumber X30 M DPN
		managingOffice X10 DEAN
		hostLeadIndicator X20 =role
		odsCode X30 TRUST
		employingOrgVPDCode L3 M VPD
		esrOrganisation X240
		esrLocation X240`,
	"PER": personHead + `
		assignmentId N15 ASGID
		ukNino X9 NINO
		lastName X150 M NAME
		firstName X150 NAME
		middleNames X60 NAME
		previousLastName X150 NAME
		title X30 =title
		gender F1 =gender
		dob D
		reserved15 X1
		homeTel X60 PHONE
		mobileTel X60 PHONE
		reserved18 X1
		reserved19 X1
		emailAddress X240 EMAIL`,
	"ADD": personHead + `
		addressDateFrom D
		address1 X240
		address2 X240
		address3 X240
		town X30
		county X30
		postcode X30 PCODE
		country F2`,
	"ASG": personHead + `
		assignmentId N15 M ASGID
		periodSeq N4 M
		positionId N15 M POSID
		positionNumber X10 POSNO
		deaneryNumber X30 DPN
		hostLeadIndicator X20 =role
		startDate D M
		projectedEndDate D
		endDate D
		assignmentStatus X10 M =assignmentStatus
		endReason X20 =endReason
		gradePayscale X10 =payScale
		wte N3,2`,
	"PBD": personHead + `
		professionalBody X60 M
		registrationNumber X30 M GMC
		registrationExpiryDate D`,
	"STF": `
		recordType F3 M
		esrPersonNumber N10 M PERNO
		lastName X150 M NAME
		firstName X150 NAME
		middleNames X60 NAME
		previousLastName X150 NAME
		title X30 =title
		gender F1 =gender
		dob D
		niNumber X9 NINO
		gmcNumber X30 GMC
		address1 X240
		address2 X240
		address3 X240
		town X30
		postcode X30 PCODE
		emailAddress X240 EMAIL
		assignmentId N15 M ASGID
		periodSeq N4 M
		positionId N15 M POSID
		positionNumber X10 POSNO
		deaneryNumber X30 DPN
		employingOrgVPDCode L3 M VPD
		hostLeadIndicator X20 =role
		staffGroup X30 M
		gradePayscale X10 =payScale
		specialtyCode X10 =specialty
		startDate D M
		projectedEndDate D
		endDate D
		assignmentStatus X10 M =assignmentStatus
		endReason X20 =endReason
		wte N3,2
		lastUpdated T M`,
}

// personHead is the five fields every person record starts with (7.8).
const personHead = `
		recordType F3 M
		esrPersonNumber N10 M PERNO
		changeTimestamp T M
		changeDeleteIndicator F1 M =changeDelete
		employingOrgVPDCode L3 M VPD`

var recordTypeOrder = []string{"HDR", "TRL", "APP", "APC", "DNC", "DCC", "POS", "POR", "PER", "ADD", "ASG", "PBD", "STF"}

var layouts = buildLayouts()

func buildLayouts() map[string]*RecordLayout {
	m := make(map[string]*RecordLayout, len(layoutText))
	for _, rt := range recordTypeOrder {
		l, err := parseLayout(rt, layoutText[rt])
		if err != nil {
			panic(err) // a typo in the tables above; caught by every test
		}
		m[rt] = l
	}
	return m
}

// parseLayout builds a layout from its text table.
func parseLayout(rt, text string) (*RecordLayout, error) {
	l := &RecordLayout{RecordType: rt, index: make(map[string]int)}
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		f, err := parseField(strings.Fields(line))
		if err != nil {
			return nil, fmt.Errorf("layout %s: %q: %w", rt, strings.TrimSpace(line), err)
		}
		f.Pos = len(l.Fields) + 1
		f.ID = fmt.Sprintf("T_%s%02d", rt, f.Pos)
		for _, key := range []string{f.Name, f.Column(), f.ID} {
			if i, dup := l.index[key]; dup && i != len(l.Fields) {
				return nil, fmt.Errorf("layout %s: duplicate field name %q", rt, key)
			}
			l.index[key] = len(l.Fields)
		}
		l.Fields = append(l.Fields, f)
	}
	if len(l.Fields) == 0 || l.Fields[0].Name != "recordType" {
		return nil, fmt.Errorf("layout %s: first field is not recordType", rt)
	}
	return l, nil
}

// parseField reads "name type [M] [RULE] [=list]".
func parseField(words []string) (Field, error) {
	if len(words) < 2 {
		return Field{}, fmt.Errorf("want name and type")
	}
	f := Field{Name: words[0]}
	if err := parseType(words[1], &f); err != nil {
		return Field{}, err
	}
	for _, w := range words[2:] {
		if w == "M" {
			f.Mandatory = true
			continue
		}
		if list, ok := strings.CutPrefix(w, "="); ok {
			i := slices.Index(listNames, list)
			if i < 0 {
				return Field{}, fmt.Errorf("unknown code list %q", list)
			}
			f.List, f.list = list, uint8(i+1)
			continue
		}
		r, ok := parseRule(w)
		if !ok {
			return Field{}, fmt.Errorf("unknown rule %q", w)
		}
		f.Rule = r
	}
	f.fast = fastKinds[f.Rule]
	f.birth = f.Name == "dob"
	switch f.Type {
	case D:
		f.Rule = ruleDATE
	case T:
		f.Rule = ruleTS
	}
	return f, nil
}

// parseType reads X30, F3, N3,2, L8, D or T into f.
func parseType(s string, f *Field) error {
	f.Type = Kind(s[0])
	switch f.Type {
	case D:
		f.Len = 8
		return nil
	case T:
		f.Len = 14
		return nil
	case X, F, N, L:
	default:
		return fmt.Errorf("unknown type %q", s)
	}
	n, m, hasDec := strings.Cut(s[1:], ",")
	var err error
	if f.Len, err = strconv.Atoi(n); err != nil || f.Len <= 0 {
		return fmt.Errorf("bad length in %q", s)
	}
	if hasDec {
		if f.Dec, err = strconv.Atoi(m); err != nil || f.Type != N || f.Dec <= 0 || f.Dec >= f.Len {
			return fmt.Errorf("bad decimals in %q", s)
		}
	}
	return nil
}
