package iface

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// roundTripCases holds one full record per record type, values by field
// name, in file form and already normalised, so that reading the written
// record gives the same values back.
var roundTripCases = []struct {
	name     string
	fileType string
	rt       string
	values   map[string]string
}{
	{"APP new ST1", "APP", "APP", map[string]string{
		"effectiveDate": "20110505", "deaneryNumber": "OXF/R7H01/140/STR/004", "positionId": "2345678",
		"positionNumber": "41200567", "projectedHireDate": "20110803", "projectedEndDate": "20120731",
		"title": "Dr", "firstName": "Priya", "middleNames": "Anjali", "lastName": "Sharma",
		"previousLastName": "Patel", "dob": "19860214", "gender": "F", "ukNino": "JC123456A",
		"nationalTrainingNumber": "OXF/140/012/C", "professionalBody": "General Medical Council",
		"registrationNumber": "7012345", "registrationExpiryDate": "20150101",
		"applicantEmailAddress": "priya.sharma@example.com", "homeTel": "020 7946 0123",
		"mobileTel": "07700 900123", "address1": "14 Mill Lane", "address2": "Flat \"B\"",
		"address3": "Doha, Qatar", "town": "Abingdon", "county": "Oxon", "postcode": "OX14 3PL",
		"country": "GB", "nationality": "GB", "wte": "0.65", "grade": "ST1", "deaneryPlacementId": "000048213"}},
	{"APC success", "APC", "APC", map[string]string{
		"appFileName": "DE_OXF_APP_20110505_00000089.DAT", "esrVacancyId": "2", "deaneryNumber": "OXF/R7H01/140/STR/004",
		"positionId": "2345678", "positionNumber": "41200567", "loadStatusCode": "SUCCESS", "messageType": "INFO",
		"messageText": "OK: applicant created", "applicantNumber": "60012345", "assignmentId": "301234567",
		"applicationType": "NEW"}},
	{"DNC type 1", "DNF", "DNC", map[string]string{
		"notificationType": "1", "deaneryBody": "OXF", "deaneryPostNumber": "OXF/R7H01/140/STR/004",
		"managingDeaneryBodyCode": "OXF", "employingOrgVPDCode": "112", "hostLeadEmployerStatus": "Lead Employer",
		"newTrainingPositionLocation": "R7H01", "postVacantAtNextRotation": "N", "postDeleteIndicator": "N",
		"currentLastName": "Okafor", "currentFirstName": "Chidi", "currentGmcNumber": "7054321",
		"currentProjectedEndDate": "20110802", "currentNextPlacementSite": "NOT KNOWN", "currentWorkingHours": "1.0",
		"nextLastName": "Sharma", "nextFirstName": "Priya", "nextGmcNumber": "7012345",
		"nextCurrentPlacementSite": "RX302", "nextProjectedStartDate": "20110803",
		"nextEmailAddress": "priya.sharma@example.com", "nextGrade": "ST1", "nextWorkingHours": "0.7",
		"withdrawnLastName": "Jones", "withdrawnFirstName": "Ann", "withdrawnGmcNumber": "7123456",
		"withdrawalReason": "3", "changeOfProjectedHireDate": "20110810", "changeOfProjectedEndDate": "20120810",
		"deaneryPlacementId": "000048213"}},
	{"DCC", "DCC", "DCC", map[string]string{
		"dncFileName": "DE_OXF_DNC_20110505_00000112.DAT", "recordOrdinal": "2", "notificationType": "1",
		"deaneryPostNumber": "OXF/R7H01/140/STR/004", "loadStatusCode": "SUCCESS", "messageType": "INFO",
		"messageText": "OK: notification loaded"}},
	{"POS backslash", "RMC", "POS", map[string]string{
		"positionID": "7607373", "changeDeleteIndicator": "C", "positionNumber": "34611829",
		"positionTitle": `Medical and Dental\`, "occupationCode": "Specialty Registrar (Cornerways)",
		"areaOfWork": "800", "secondSpeciality": "General Practice", "deaneryNumber": "WES/J82150/800/GPST/003",
		"managingOffice": "WES", "odsCode": "RBD", "gradeTrust": "NHS", "gradePayscale": "MS02",
		"gradeDesc": "Specialty Registrar ST2/ SpR2", "workplaceOrg": "R4K52"}},
	{"POR", "RMF", "POR", map[string]string{
		"positionID": "7612045", "changeDeleteIndicator": "C", "positionNumber": "34620918",
		"positionTitle": "Specialty Registrar (Cornerways Surgery)", "deaneryNumber": "WES/R4K52/800/GPST/003",
		"managingOffice": "WES", "hostLeadIndicator": "Lead Employer", "odsCode": "R4K", "employingOrgVPDCode": "057",
		"esrOrganisation": "Westbury Primary Care Training NHS Trust", "esrLocation": "Cornerways Surgery"}},
	{"PER", "RMC", "PER", map[string]string{
		"esrPersonNumber": "12345678", "changeTimestamp": "20130611200000", "changeDeleteIndicator": "C",
		"employingOrgVPDCode": "057", "assignmentId": "301377120", "ukNino": "JC123456A", "lastName": "Sharma",
		"firstName": "Priya", "middleNames": "Anjali", "previousLastName": "Patel", "title": "Dr.", "gender": "F",
		"dob": "19860214", "homeTel": "020 7946 0123", "mobileTel": "07700 900123",
		"emailAddress": "priya.sharma@nhsmail.example"}},
	{"ADD", "RMC", "ADD", map[string]string{
		"esrPersonNumber": "12345678", "changeTimestamp": "20130611200000", "changeDeleteIndicator": "C",
		"employingOrgVPDCode": "057", "addressDateFrom": "20130601", "address1": "9 Chapel Row", "address2": "Hyde",
		"address3": "Near the church", "town": "Winchester", "county": "Hampshire", "postcode": "SO23 8AB", "country": "GB"}},
	{"ASG", "RMC", "ASG", map[string]string{
		"esrPersonNumber": "12345678", "changeTimestamp": "20130611200000", "changeDeleteIndicator": "C",
		"employingOrgVPDCode": "057", "assignmentId": "301377120", "periodSeq": "1", "positionId": "7612045",
		"positionNumber": "34620918", "deaneryNumber": "WES/R4K52/800/GPST/003", "hostLeadIndicator": "Lead Employer",
		"startDate": "20130807", "projectedEndDate": "20140204", "endDate": "20140203", "assignmentStatus": "ACTIVE",
		"endReason": "ROTATION", "gradePayscale": "MS01", "wte": "1.00"}},
	{"PBD", "RMC", "PBD", map[string]string{
		"esrPersonNumber": "12345678", "changeTimestamp": "20130611200000", "changeDeleteIndicator": "C",
		"employingOrgVPDCode": "057", "professionalBody": "General Medical Council", "registrationNumber": "7012345",
		"registrationExpiryDate": "20200101"}},
	{"STF", "STF", "STF", map[string]string{
		"esrPersonNumber": "12345678", "lastName": "Sharma", "firstName": "Priya", "middleNames": "Anjali",
		"previousLastName": "Patel", "title": "Dr.", "gender": "F", "dob": "19860214", "niNumber": "JC123456A",
		"gmcNumber": "7012345", "address1": "9 Chapel Row", "address2": "Hyde", "address3": "Kings Worthy",
		"town": "Winchester", "postcode": "SO23 8AB", "emailAddress": "priya.sharma@nhsmail.example",
		"assignmentId": "301377120", "periodSeq": "1", "positionId": "7612045", "positionNumber": "34620918",
		"deaneryNumber": "WES/R4K52/800/GPST/003", "employingOrgVPDCode": "057", "hostLeadIndicator": "Lead Employer",
		"staffGroup": "Medical and Dental", "gradePayscale": "MS01", "specialtyCode": "800", "startDate": "20130807",
		"projectedEndDate": "20140204", "endDate": "20140203", "assignmentStatus": "ACTIVE", "endReason": "ROTATION",
		"wte": "1.00", "lastUpdated": "20130611200000"}},
}

// values builds a full value slice for a layout from values by name.
func values(t testing.TB, rt string, byName map[string]string) []string {
	t.Helper()
	l, ok := Layout(rt)
	if !ok {
		t.Fatalf("no layout %s", rt)
	}
	vs := make([]string, len(l.Fields))
	vs[0] = rt
	for name, v := range byName {
		i := l.Index(name)
		if i < 0 {
			t.Fatalf("%s has no field %s", rt, name)
		}
		vs[i] = v
	}
	return vs
}

func testName(fileType string) Name {
	return Name{Deanery: "OXF", Type: fileType, Date: time.Date(2013, 6, 12, 0, 0, 0, 0, time.UTC), Seq: 311}
}

func testHeader() Header {
	return Header{CreatedAt: time.Date(2013, 6, 12, 14, 30, 0, 0, time.UTC), Mode: "CHANGE"}
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range roundTripCases {
		t.Run(tc.name, func(t *testing.T) {
			l, _ := Layout(tc.rt)
			if len(tc.values) != len(l.Fields)-1-countReserved(l) {
				t.Errorf("case fills %d fields, layout has %d besides recordType", len(tc.values), len(l.Fields)-1)
			}
			want := values(t, tc.rt, tc.values)
			var buf bytes.Buffer
			name := testName(tc.fileType)
			w := NewWriter(&buf, name, testHeader())
			flags, err := w.Write(tc.rt, want)
			if err != nil || flags != nil {
				t.Fatalf("Write: %v %v", flags, err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			r, recs, err := readString(t, name.String(), buf.String())
			if err != nil {
				t.Fatalf("read: %v\n%s", err, buf.String())
			}
			if len(recs) != 1 {
				t.Fatalf("read %d records, want 1", len(recs))
			}
			rec := recs[0]
			if rec.Reject != nil {
				t.Fatalf("rejected: %v", rec.Reject)
			}
			if diff := cmp.Diff(want, rec.Values); diff != "" {
				t.Errorf("values (-written +read):\n%s", diff)
			}
			if got := r.Header(); got.Mode != "CHANGE" || got.Seq != 311 {
				t.Errorf("header = %+v", got)
			}
			for _, f := range rec.Flags {
				if f.Code != CodeTrailingBackslash {
					t.Errorf("unexpected flag %+v", f)
				}
			}
		})
	}
}

// countReserved counts the fields a round trip leaves empty on purpose.
func countReserved(l *RecordLayout) int {
	n := 0
	for _, f := range l.Fields {
		if f.Name == "undocumented" || f.Name == "reserved15" || f.Name == "reserved18" || f.Name == "reserved19" {
			n++
		}
	}
	return n
}
