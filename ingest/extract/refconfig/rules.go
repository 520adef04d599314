package refconfig

import (
	"slices"

	"deanery/ingest/codes"
	"deanery/ingest/ident"
)

// Trust kinds (domain 2.2) and site kinds (7.12), from the shared code lists.
var (
	TrustKinds = trustKindCodes()
	SiteKinds  = codes.SiteKinds.Values()
)

func trustKindCodes() []string {
	var out []string
	for _, k := range codes.TrustKinds() {
		out = append(out, k.Code)
	}
	return out
}

func validTrustKind(k string) bool { return slices.Contains(TrustKinds, k) }
func validSiteKind(k string) bool  { return codes.SiteKinds.Has(k) }

// checked normalises a code by its rule; ok is false for a null or invalid
// value, which a configuration row cannot do without.
func checked(rule ident.Rule, v string) (string, bool) {
	res := ident.Check(rule, v)
	return res.Value, res.Valid && !res.Null
}

// normaliseVPD applies the VPD rule: 1–2 digits are left-padded, 4 with a
// leading 0 lose it, both flagged VPD_UNPADDED.
func normaliseVPD(v string) (string, bool, bool) {
	res := ident.Check(ident.VPD, v)
	return res.Value, res.HasFlag("VPD_UNPADDED"), res.Valid && !res.Null
}

// validISODate takes "" (never) or a real day YYYY-MM-DD in 1900–2099.
func validISODate(s string) bool {
	if s == "" {
		return true
	}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	return ident.Check(ident.DATE, s[:4]+s[5:7]+s[8:]).Valid
}
