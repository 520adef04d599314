package quality

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"math"
	"sort"
	"time"

	dsql "deanery/sql"
)

// The fields the probabilistic tier compares (those of domain 8.2), in the
// order of the level columns of quality_link_candidate, and the levels each
// can take besides NULL.
var linkFields = []struct {
	name   string
	levels []string
}{
	{"last_name", []string{"EXACT", "PREVIOUS", "JW92", "JW80", "ELSE"}},
	{"first_name", []string{"EXACT", "JW92", "JW80", "ELSE"}},
	{"date_of_birth", []string{"EXACT", "TRANSPOSED", "TWO_PARTS", "ELSE"}},
	{"gender", []string{"EXACT", "ELSE"}},
	{"ni_number", []string{"EXACT", "ONE_EDIT", "ELSE"}},
	{"gmc_number", []string{"EXACT", "ONE_EDIT", "ELSE"}},
	{"email", []string{"EXACT", "LOCAL_PART", "ELSE"}},
	{"postcode", []string{"EXACT", "DISTRICT", "ELSE"}},
	{"address_line1", []string{"EXACT", "JW92", "JW80", "ELSE"}},
}

const levelNull = "NULL"

// blockingRules are the rules of quality_link_candidates, in order. Each
// trains the model once (an EM session) on the pairs it produced, leaving
// out the fields it blocks on, which agree by construction there. exact
// says the rule asks for those fields to be equal, so the share of true
// pairs it keeps is the product of their m(EXACT): that gives the number of
// true pairs, hence the prior.
var blockingRules = []struct {
	name, description string
	fields            []string
	exact             bool
}{
	{"KEY", "the pair a key tier proposed (assignment id, GMC or NI number with date of birth)", nil, false},
	{"DOB", "same date of birth", []string{"date_of_birth"}, true},
	{"GMC", "same GMC number", []string{"gmc_number"}, true},
	{"NINO", "same NI number", []string{"ni_number"}, true},
	{"NAME", "same surname and first forename (NAME form)", []string{"last_name", "first_name"}, true},
	{"DOB_TRANSPOSED", "date of birth with day and month swapped", []string{"date_of_birth"}, false},
	{"FIRST_NAME_POSTCODE", "same first forename and postcode", []string{"first_name", "postcode"}, true},
}

// LinkageSummary is what the linkage of a run did.
type LinkageSummary struct {
	Trainees, Persons, Candidates int64
	Links                         map[string]int64 // by tier
	Review                        int64
	Prior                         float64
	Rounds                        int
}

// link runs the person linkage of 8.1.
func link(ctx context.Context, s step, opt Options) (LinkageSummary, error) {
	var sum LinkageSummary
	for _, t := range []string{"quality_trainee_key", "quality_person_key", "quality_link_candidate", "quality_link_proposal", "quality_link_contribution"} {
		if _, err := s.tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			return sum, fmt.Errorf("quality: clear %s: %w", t, err)
		}
	}
	far := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	var err error
	if sum.Trainees, err = s.exec(ctx, "quality_link_trainee_keys", stdsql.Named("at", far)); err != nil {
		return sum, err
	}
	if sum.Persons, err = s.exec(ctx, "quality_link_person_keys"); err != nil {
		return sum, err
	}
	if !opt.SkipKeyTiers {
		if _, err = s.exec(ctx, "quality_link_key_proposals"); err != nil {
			return sum, err
		}
	}
	if sum.Candidates, err = s.exec(ctx, "quality_link_candidates"); err != nil {
		return sum, err
	}
	m, err := fitModel(ctx, s, opt, sum.Trainees, sum.Persons)
	if err != nil {
		return sum, err
	}
	sum.Prior = m.prior
	if err := m.store(ctx, s); err != nil {
		return sum, err
	}
	if _, err = s.exec(ctx, "quality_link_score", stdsql.Named("run_id", s.run)); err != nil {
		return sum, err
	}
	if _, err = s.exec(ctx, "quality_link_probabilistic_proposals", stdsql.Named("link_threshold", opt.LinkThreshold)); err != nil {
		return sum, err
	}
	for {
		n, err := s.exec(ctx, "quality_link_choose")
		if err != nil {
			return sum, err
		}
		sum.Rounds++
		if n == 0 {
			break
		}
	}
	if _, err = s.exec(ctx, "quality_link_save", stdsql.Named("run_id", s.run), stdsql.Named("review_threshold", opt.ReviewThreshold)); err != nil {
		return sum, err
	}
	if _, err = s.exec(ctx, "quality_link_prune", stdsql.Named("run_id", s.run)); err != nil {
		return sum, err
	}
	if _, err = s.exec(ctx, "quality_link_contributions", stdsql.Named("run_id", s.run)); err != nil {
		return sum, err
	}
	for i, r := range blockingRules {
		if _, err := s.tx.ExecContext(ctx, `INSERT INTO quality_link_blocking VALUES (?, ?, ?, ?, 0, 0, 0)`, s.run, r.name, i+1, r.description); err != nil {
			return sum, fmt.Errorf("quality: blocking rules: %w", err)
		}
	}
	if _, err = s.exec(ctx, "quality_link_blocking_counts", stdsql.Named("run_id", s.run)); err != nil {
		return sum, err
	}
	sum.Links = map[string]int64{}
	rows, err := s.tx.QueryContext(ctx, `SELECT tier, status, count(*) FROM quality_person_link GROUP BY ALL`)
	if err != nil {
		return sum, fmt.Errorf("quality: count links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var tier, status string
		var n int64
		if err := rows.Scan(&tier, &status, &n); err != nil {
			return sum, err
		}
		if status == "REVIEW" {
			sum.Review += n
		} else {
			sum.Links[tier] += n
		}
	}
	return sum, rows.Err()
}

// model is the Fellegi-Sunter model of a run: per field, the share of
// true pairs (m) and of random pairs (u) at each level, NULL included
// while fitting; prior is the chance that a random trainee-person pair is
// a true one.
type model struct {
	m, u  [][]float64 // [field][level], level len(levels) = NULL
	prior float64
}

func levelIndex(f int, level string) int {
	for i, l := range linkFields[f].levels {
		if l == level {
			return i
		}
	}
	return len(linkFields[f].levels) // NULL
}

// fitModel measures u on random pairs and fits m by expectation-
// maximisation, one session per blocking rule, without labels.
func fitModel(ctx context.Context, s step, opt Options, trainees, persons int64) (*model, error) {
	md := &model{m: make([][]float64, len(linkFields)), u: make([][]float64, len(linkFields))}
	for f := range linkFields {
		md.u[f] = make([]float64, len(linkFields[f].levels)+1)
	}
	start := time.Now()
	sample := int64(math.Ceil(math.Sqrt(float64(opt.RandomPairs))))
	rows, err := s.tx.QueryContext(ctx, dsql.MustQuery("quality_link_random_levels"), stdsql.Named("sample", sample))
	if err != nil {
		return nil, fmt.Errorf("quality run %d: random pairs: %w", s.run, err)
	}
	for rows.Next() {
		var field, level string
		var n float64
		if err := rows.Scan(&field, &level, &n); err != nil {
			rows.Close()
			return nil, err
		}
		for f := range linkFields {
			if linkFields[f].name == field {
				md.u[f][levelIndex(f, level)] += n
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for f := range md.u {
		normalise(md.u[f], 0.5)
	}
	s.log.Debug("quality step", "query", "quality_link_random_levels", "pairs", opt.RandomPairs, "took", time.Since(start).Round(time.Millisecond))

	type session struct {
		rule     int
		expected float64 // expected true pairs among the session's pairs
		pairs    float64
		m        [][]float64
	}
	var sessions []session
	for ri, r := range blockingRules {
		if r.fields == nil {
			continue
		}
		pats, err := readPatterns(ctx, s, r.name)
		if err != nil {
			return nil, err
		}
		if len(pats) == 0 {
			continue
		}
		skip := make([]bool, len(linkFields))
		for f := range linkFields {
			for _, bf := range r.fields {
				skip[f] = skip[f] || linkFields[f].name == bf
			}
		}
		start := time.Now()
		m, lambda, total := em(pats, md.u, skip)
		s.log.Debug("quality EM session", "rule", r.name, "patterns", len(pats), "pairs", total, "matches", lambda*total, "took", time.Since(start).Round(time.Millisecond))
		sessions = append(sessions, session{rule: ri, expected: lambda * total, pairs: total, m: m})
	}
	for f := range linkFields {
		md.m[f] = make([]float64, len(linkFields[f].levels)+1)
		var wsum float64
		for _, ss := range sessions {
			if ss.m[f] == nil {
				continue
			}
			for l := range md.m[f] {
				md.m[f][l] += ss.expected * ss.m[f][l]
			}
			wsum += ss.expected
		}
		if wsum == 0 {
			md.m[f] = initialM(f)
			continue
		}
		for l := range md.m[f] {
			md.m[f][l] /= wsum
		}
	}
	// True pairs in all: each exact rule keeps a share prod m(EXACT) of them.
	var estimates []float64
	for _, ss := range sessions {
		r := blockingRules[ss.rule]
		if !r.exact {
			continue
		}
		keep := 1.0
		for _, bf := range r.fields {
			for f := range linkFields {
				if linkFields[f].name == bf {
					keep *= md.m[f][0]
				}
			}
		}
		if keep > 0.05 {
			estimates = append(estimates, ss.expected/keep)
		}
	}
	total := float64(trainees) * float64(persons)
	md.prior = 1 / math.Max(total, 1)
	if len(estimates) > 0 && total > 0 {
		sort.Float64s(estimates)
		md.prior = math.Min(estimates[len(estimates)/2]/total, 0.5)
	}
	return md, nil
}

type pattern struct {
	level [9]int
	n     float64
}

func readPatterns(ctx context.Context, s step, rule string) ([]pattern, error) {
	rows, err := s.tx.QueryContext(ctx, dsql.MustQuery("quality_link_patterns"), stdsql.Named("rule", rule))
	if err != nil {
		return nil, fmt.Errorf("quality run %d: patterns of %s: %w", s.run, rule, err)
	}
	defer rows.Close()
	var out []pattern
	var lv [9]string
	for rows.Next() {
		var p pattern
		if err := rows.Scan(&lv[0], &lv[1], &lv[2], &lv[3], &lv[4], &lv[5], &lv[6], &lv[7], &lv[8], &p.n); err != nil {
			return nil, err
		}
		for f := range linkFields {
			p.level[f] = levelIndex(f, lv[f])
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func initialM(f int) []float64 {
	m := make([]float64, len(linkFields[f].levels)+1)
	m[0] = 0.85
	for l := 1; l < len(m); l++ {
		m[l] = 0.15 / float64(len(m)-1)
	}
	return m
}

// em fits m (per field not skipped) and the share of true pairs lambda on
// the comparison patterns of one session, u held fixed.
func em(pats []pattern, u [][]float64, skip []bool) (m [][]float64, lambda, total float64) {
	m = make([][]float64, len(linkFields))
	for f := range linkFields {
		if !skip[f] {
			m[f] = initialM(f)
		}
	}
	for _, p := range pats {
		total += p.n
	}
	lambda = 0.3
	post := make([]float64, len(pats))
	for iter := 0; iter < 200; iter++ {
		var matched float64
		for i, p := range pats {
			w := math.Log(lambda / (1 - lambda))
			for f := range linkFields {
				if m[f] != nil {
					w += math.Log(m[f][p.level[f]] / u[f][p.level[f]])
				}
			}
			post[i] = 1 / (1 + math.Exp(-w))
			matched += p.n * post[i]
		}
		next := make([][]float64, len(linkFields))
		for f := range linkFields {
			if m[f] == nil {
				continue
			}
			next[f] = make([]float64, len(m[f]))
			for i, p := range pats {
				next[f][p.level[f]] += p.n * post[i]
			}
			normalise(next[f], 1e-3)
		}
		change := math.Abs(matched/total - lambda)
		for f := range m {
			for l := range m[f] {
				change = math.Max(change, math.Abs(next[f][l]-m[f][l]))
			}
		}
		m = next
		lambda = math.Min(math.Max(matched/total, 1e-9), 1-1e-9)
		if change < 1e-7 {
			break
		}
	}
	return m, lambda, total
}

// normalise turns counts into shares with a small pseudo-count per level,
// so that a level never seen is rare, not impossible.
func normalise(v []float64, pseudo float64) {
	var sum float64
	for i := range v {
		v[i] += pseudo
		sum += v[i]
	}
	for i := range v {
		v[i] /= sum
	}
}

// store writes the model: m and u of each non-NULL level as shares of the
// pairs with both values present, so that an empty value weighs nothing.
func (md *model) store(ctx context.Context, s step) error {
	for f, fd := range linkFields {
		null := len(fd.levels)
		for l, level := range fd.levels {
			m := md.m[f][l] / (1 - md.m[f][null])
			u := md.u[f][l] / (1 - md.u[f][null])
			if _, err := s.tx.ExecContext(ctx, `INSERT INTO quality_link_parameter VALUES (?, ?, ?, ?, ?, ?)`,
				s.run, fd.name, level, m, u, math.Log2(m/u)); err != nil {
				return fmt.Errorf("quality: store model: %w", err)
			}
		}
	}
	_, err := s.tx.ExecContext(ctx, `UPDATE quality_run SET match_prior = ? WHERE run_id = ?`, md.prior, s.run)
	if err != nil {
		return fmt.Errorf("quality: store prior: %w", err)
	}
	return nil
}
