package refconfig

import (
	"fmt"
	"io"
	"strings"

	"deanery/ingest/extract"
	"deanery/ingest/ident"
)

func (c *Config) readDeaneries(file string, r io.Reader) (Report, error) {
	seen := map[string]bool{}
	return readTable(file, r, func(line int, f []string) (string, string, string) {
		d := Deanery{Name: f[1], LETBName: f[2], System: strings.ToUpper(f[3])}
		code, ok := checked(ident.DEAN, f[0])
		d.Code = code
		switch {
		case !ok:
			return "deanery_code", "DEAN_INVALID", fmt.Sprintf("%q is not a deanery code", d.Code)
		case seen[d.Code]:
			return "deanery_code", "DUPLICATE", fmt.Sprintf("%s listed twice", d.Code)
		case d.Name == "":
			return "name", "MANDATORY_MISSING", "name is empty"
		}
		if _, ok := extract.ProfileByName(d.System); !ok {
			return "system", "SYSTEM_UNKNOWN", fmt.Sprintf("%q is not a known deanery system", d.System)
		}
		seen[d.Code] = true
		c.Deaneries = append(c.Deaneries, d)
		return "", "", ""
	})
}

func (c *Config) readTrusts(file string, r io.Reader) (Report, error) {
	deaneries := c.deaneryCodes()
	seen, vpds := map[string]bool{}, map[string]string{}
	var flags []Flag
	rep, err := readTable(file, r, func(line int, f []string) (string, string, string) {
		t := Trust{Name: f[1], VPDCode: f[2], DeaneryCode: strings.ToUpper(f[3]), Kind: strings.ToUpper(f[4])}
		vpd, padded, ok := normaliseVPD(t.VPDCode)
		code, codeOK := checked(ident.TRUST, f[0])
		t.Code = code
		switch {
		case !codeOK:
			return "trust_code", "TRUST_INVALID", fmt.Sprintf("%q is not a trust code", t.Code)
		case seen[t.Code]:
			return "trust_code", "DUPLICATE", fmt.Sprintf("%s listed twice", t.Code)
		case t.Name == "":
			return "name", "MANDATORY_MISSING", "name is empty"
		case !ok:
			return "vpd_code", "VPD_INVALID", fmt.Sprintf("%q is not 3 digits", t.VPDCode)
		case vpds[vpd] != "":
			return "vpd_code", "DUPLICATE", fmt.Sprintf("VPD %s already belongs to %s", vpd, vpds[vpd])
		case !deaneries[t.DeaneryCode]:
			return "deanery_code", "DEANERY_UNKNOWN", fmt.Sprintf("%q is not in %s", t.DeaneryCode, FileDeaneries)
		case !validTrustKind(t.Kind):
			return "kind", "KIND_UNKNOWN", fmt.Sprintf("%q is not a trust kind", t.Kind)
		}
		if padded {
			flags = append(flags, Flag{File: file, Line: line, Flag: extract.Flag{Field: "vpd_code", Code: "VPD_UNPADDED",
				Message: fmt.Sprintf("VPD %q read as %s", t.VPDCode, vpd)}})
		}
		t.VPDCode = vpd
		seen[t.Code], vpds[vpd] = true, t.Code
		c.Trusts = append(c.Trusts, t)
		return "", "", ""
	})
	rep.Flags = append(rep.Flags, flags...)
	return rep, err
}

func (c *Config) readSites(file string, r io.Reader) (Report, error) {
	trusts := c.trustCodes()
	seen := map[string]bool{}
	return readTable(file, r, func(line int, f []string) (string, string, string) {
		s := Site{TrustCode: strings.ToUpper(f[1]), Name: f[2], Kind: strings.ToUpper(f[3])}
		code, ok := checked(ident.SITE, f[0])
		s.Code = code
		switch {
		case !ok:
			return "site_code", "SITE_INVALID", fmt.Sprintf("%q is not a site code", s.Code)
		case seen[s.Code]:
			return "site_code", "DUPLICATE", fmt.Sprintf("%s listed twice", s.Code)
		case !trusts[s.TrustCode]:
			return "trust_code", "TRUST_UNKNOWN", fmt.Sprintf("%q is not in %s", s.TrustCode, FileTrusts)
		case s.Name == "":
			return "name", "MANDATORY_MISSING", "name is empty"
		case !validSiteKind(s.Kind):
			return "kind", "KIND_UNKNOWN", fmt.Sprintf("%q is not a site kind", s.Kind)
		}
		seen[s.Code] = true
		c.Sites = append(c.Sites, s)
		return "", "", ""
	})
}

func (c *Config) readPairs(file string, r io.Reader) (Report, error) {
	deaneries, trusts := c.deaneryCodes(), c.trustCodes()
	seen := map[[2]string]bool{}
	return readTable(file, r, func(line int, f []string) (string, string, string) {
		p := InterfacePair{DeaneryCode: strings.ToUpper(f[0]), TrustCode: strings.ToUpper(f[1]), RecruitmentLiveFrom: f[2], FullRecordsFrom: f[3]}
		key := [2]string{p.DeaneryCode, p.TrustCode}
		switch {
		case !deaneries[p.DeaneryCode]:
			return "deanery_code", "DEANERY_UNKNOWN", fmt.Sprintf("%q is not in %s", p.DeaneryCode, FileDeaneries)
		case !trusts[p.TrustCode]:
			return "trust_code", "TRUST_UNKNOWN", fmt.Sprintf("%q is not in %s", p.TrustCode, FileTrusts)
		case seen[key]:
			return "trust_code", "DUPLICATE", fmt.Sprintf("pair %s–%s listed twice", p.DeaneryCode, p.TrustCode)
		case !validISODate(p.RecruitmentLiveFrom):
			return "recruitment_live_from", "DATE_INVALID", fmt.Sprintf("%q is not a date YYYY-MM-DD", p.RecruitmentLiveFrom)
		case !validISODate(p.FullRecordsFrom):
			return "full_records_from", "DATE_INVALID", fmt.Sprintf("%q is not a date YYYY-MM-DD", p.FullRecordsFrom)
		}
		seen[key] = true
		c.Pairs = append(c.Pairs, p)
		return "", "", ""
	})
}

func (c *Config) deaneryCodes() map[string]bool {
	m := map[string]bool{}
	for _, d := range c.Deaneries {
		m[d.Code] = true
	}
	return m
}

func (c *Config) trustCodes() map[string]bool {
	m := map[string]bool{}
	for _, t := range c.Trusts {
		m[t.Code] = true
	}
	return m
}
