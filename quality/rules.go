package quality

import (
	"bufio"
	"context"
	stdsql "database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	dsql "deanery/sql"
)

// rulePrefix names the queries that declare data-quality rules.
const rulePrefix = "quality_rule_"

// Rule is a declared data-quality rule: the header of its query.
type Rule struct {
	Name, Category, Description string
	Warn, Fail                  Threshold
	query                       string
}

// Threshold is crossed from Count offending records or from Percent of
// the records checked; nil parts are not checked.
type Threshold struct {
	Count   *int64
	Percent *float64
}

func (t Threshold) crossed(offending, checked int64) bool {
	if offending == 0 {
		return false
	}
	if t.Count != nil && offending >= *t.Count {
		return true
	}
	return t.Percent != nil && checked > 0 && float64(offending)*100/float64(checked) >= *t.Percent
}

// Rules reads the declared rules from the named queries quality_rule_*.
func Rules() ([]Rule, error) {
	var out []Rule
	for _, name := range dsql.QueryNames() {
		if !strings.HasPrefix(name, rulePrefix) {
			continue
		}
		r, err := parseRule(name, dsql.MustQuery(name))
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// parseRule reads the header lines "-- key: value" of a rule query.
func parseRule(name, text string) (Rule, error) {
	r := Rule{query: text}
	sc := bufio.NewScanner(strings.NewReader(text))
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(l, "--") {
			break
		}
		key, value, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(l, "--")), ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		var err error
		switch key {
		case "rule":
			r.Name = value
		case "category":
			r.Category = value
		case "description":
			r.Description = value
		case "warn":
			r.Warn, err = parseThreshold(value)
		case "fail":
			r.Fail, err = parseThreshold(value)
		}
		if err != nil {
			return r, fmt.Errorf("%s.sql:%d: %s: %w", name, line, key, err)
		}
	}
	switch {
	case r.Name != strings.TrimPrefix(name, rulePrefix):
		return r, fmt.Errorf("%s.sql:1: rule: header says %q, want %q", name, r.Name, strings.TrimPrefix(name, rulePrefix))
	case r.Category == "" || r.Description == "":
		return r, fmt.Errorf("%s.sql: category and description are required", name)
	case r.Fail.Count == nil && r.Fail.Percent == nil:
		return r, fmt.Errorf("%s.sql: fail: a count or a percent is required", name)
	}
	return r, nil
}

// parseThreshold reads "count N percent P" (either part optional).
func parseThreshold(s string) (Threshold, error) {
	var t Threshold
	f := strings.Fields(s)
	if len(f)%2 != 0 || len(f) == 0 {
		return t, fmt.Errorf("%q: want \"count N\", \"percent P\" or both", s)
	}
	for i := 0; i < len(f); i += 2 {
		switch f[i] {
		case "count":
			n, err := strconv.ParseInt(f[i+1], 10, 64)
			if err != nil || n < 1 {
				return t, fmt.Errorf("count %q: want a whole number of at least 1", f[i+1])
			}
			t.Count = &n
		case "percent":
			p, err := strconv.ParseFloat(f[i+1], 64)
			if err != nil || p <= 0 || p > 100 {
				return t, fmt.Errorf("percent %q: want a number in (0, 100]", f[i+1])
			}
			t.Percent = &p
		default:
			return t, fmt.Errorf("%q: unknown word %q", s, f[i])
		}
	}
	return t, nil
}

// Finding is one rule's result for one deanery (or ALL).
type Finding struct {
	Rule, Category, Description string
	Deanery                     string
	Checked, Offending          int64
	Percent                     float64
	Level                       string // OK, WARN, FAIL
}

// runRules evaluates every declared rule, stores its results and
// offending rows, and returns the findings, national (ALL) first.
func runRules(ctx context.Context, s step) ([]Finding, error) {
	rules, err := Rules()
	if err != nil {
		return nil, err
	}
	if _, err := s.tx.ExecContext(ctx, `DELETE FROM quality_rule`); err != nil {
		return nil, fmt.Errorf("quality: rules: %w", err)
	}
	var out []Finding
	for _, r := range rules {
		if _, err := s.tx.ExecContext(ctx, `INSERT INTO quality_rule VALUES (?, ?, ?, ?, ?, ?, ?)`,
			r.Name, r.Category, r.Description, r.Warn.Count, r.Warn.Percent, r.Fail.Count, r.Fail.Percent); err != nil {
			return nil, fmt.Errorf("quality: rule %s: %w", r.Name, err)
		}
		start := time.Now()
		body := "(" + strings.TrimRight(strings.TrimSpace(r.query), ";") + "\n)"
		run, rule := stdsql.Named("run_id", s.run), stdsql.Named("rule", r.Name)
		if _, err := s.tx.ExecContext(ctx, `INSERT INTO quality_rule_row
			SELECT $run_id, $rule, deanery_code, record_key, detail FROM `+body+` WHERE offending`, run, rule); err != nil {
			return nil, fmt.Errorf("quality: rule %s: %w", r.Name, err)
		}
		rows, err := s.tx.QueryContext(ctx, `SELECT coalesce(deanery_code, 'ALL'), count(*), count(*) FILTER (WHERE offending)
			FROM `+body+` GROUP BY ROLLUP (deanery_code) ORDER BY grouping(deanery_code) DESC, 1`, run)
		if err != nil {
			return nil, fmt.Errorf("quality: rule %s: %w", r.Name, err)
		}
		var found []Finding
		for rows.Next() {
			f := Finding{Rule: r.Name, Category: r.Category, Description: r.Description}
			if err := rows.Scan(&f.Deanery, &f.Checked, &f.Offending); err != nil {
				rows.Close()
				return nil, fmt.Errorf("quality: rule %s: %w", r.Name, err)
			}
			found = append(found, f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("quality: rule %s: %w", r.Name, err)
		}
		if len(found) == 0 {
			found = []Finding{{Rule: r.Name, Category: r.Category, Description: r.Description, Deanery: "ALL"}}
		}
		for i := range found {
			f := &found[i]
			if f.Checked > 0 {
				f.Percent = float64(f.Offending) * 100 / float64(f.Checked)
			}
			f.Level = "OK"
			switch {
			case r.Fail.crossed(f.Offending, f.Checked):
				f.Level = "FAIL"
			case r.Warn.crossed(f.Offending, f.Checked):
				f.Level = "WARN"
			}
			if _, err := s.tx.ExecContext(ctx, `INSERT INTO quality_rule_result VALUES (?, ?, ?, ?, ?, ?, ?)`,
				s.run, r.Name, f.Deanery, f.Checked, f.Offending, f.Percent, f.Level); err != nil {
				return nil, fmt.Errorf("quality: rule %s: %w", r.Name, err)
			}
		}
		s.log.Debug("quality rule", "rule", r.Name, "took", time.Since(start).Round(time.Millisecond))
		out = append(out, found...)
	}
	return out, nil
}
