package quality_test

import (
	"math"
	"testing"
)

type traineeKey struct{ deanery, trainee string }

// trueLinks gives the human of every deanery trainee record and of every
// ESR person (8.1): record_identity for the trainees, and for ESR persons
// its ESR rows or, while the world does not write them, the person each
// placement's hire went to.
func trueLinks(t *testing.T, w *world) (map[traineeKey]string, map[int64]string) {
	t.Helper()
	ids, _ := readTruth(t, w, "record_identity")
	trainees := map[traineeKey]string{}
	persons := map[int64]string{}
	for _, r := range ids {
		switch r["side"] {
		case "DEANERY":
			trainees[traineeKey{r["deanery_code"], r["record_id"]}] = r["human_id"]
		case "ESR":
			persons[atoi(r["record_id"])] = r["human_id"]
		}
	}
	if len(persons) == 0 {
		pl, _ := readTruth(t, w, "placement_truth")
		human := map[string]string{}
		for _, r := range pl {
			human[r["placement_id"]] = r["human_id"]
		}
		sends, _ := readTruth(t, w, "send_truth")
		for _, r := range sends {
			if r["esr_person_number"] != "" && human[r["placement_id"]] != "" {
				persons[atoi(r["esr_person_number"])] = human[r["placement_id"]]
			}
		}
	}
	return trainees, persons
}

func atoi(s string) int64 {
	var n int64
	for _, c := range s {
		n = n*10 + int64(c-'0')
	}
	return n
}

type linkFigures struct {
	links, correct, population, findable, found int
}

func (f linkFigures) precision() float64 { return float64(f.correct) / math.Max(float64(f.links), 1) }
func (f linkFigures) recall() float64    { return float64(f.found) / math.Max(float64(f.findable), 1) }

// TestLinkageAgainstTruth measures the person links of 8.1: precision over
// every accepted link, recall over the trainees of any quarter's person
// population whose human has an ESR person the warehouse knows.
func TestLinkageAgainstTruth(t *testing.T) {
	w := loadWorld(t)
	measureLinkage(t, w, 0.995)
}

func measureLinkage(t *testing.T, w *world, floor float64) {
	trainees, persons := trueLinks(t, w)
	known := map[int64]bool{}
	rows, err := w.db.Query(`SELECT esr_person_number FROM quality_person_key`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var p int64
		rows.Scan(&p)
		known[p] = true
	}
	rows.Close()
	hasPerson := map[string]bool{}
	for p, h := range persons {
		if known[p] {
			hasPerson[h] = true
		}
	}
	population := map[traineeKey]bool{}
	rows, err = w.db.Query(`SELECT DISTINCT deanery_code, trainee_id FROM quality_person_population`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k traineeKey
		rows.Scan(&k.deanery, &k.trainee)
		population[k] = true
	}
	rows.Close()

	byDeanery := map[string]*linkFigures{}
	fig := func(d string) *linkFigures {
		if byDeanery[d] == nil {
			byDeanery[d] = &linkFigures{}
		}
		return byDeanery[d]
	}
	linked := map[traineeKey]int64{}
	type wrong struct {
		k    traineeKey
		p    int64
		tier string
		prob float64
	}
	var wrongs []wrong
	rows, err = w.db.Query(`SELECT deanery_code, trainee_id, esr_person_number, tier, coalesce(match_probability, -1) FROM quality_person_link WHERE status = 'ACCEPTED'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k traineeKey
		var p int64
		var tier string
		var prob float64
		rows.Scan(&k.deanery, &k.trainee, &p, &tier, &prob)
		linked[k] = p
		ok := trainees[k] != "" && persons[p] == trainees[k]
		for _, d := range []string{k.deanery, "ALL"} {
			fig(d).links++
			if ok {
				fig(d).correct++
			}
		}
		if !ok {
			wrongs = append(wrongs, wrong{k, p, tier, prob})
		}
	}
	rows.Close()
	var missed []traineeKey
	for k := range population {
		h := trainees[k]
		for _, d := range []string{k.deanery, "ALL"} {
			fig(d).population++
			if hasPerson[h] {
				fig(d).findable++
				if p, ok := linked[k]; ok && persons[p] == h {
					fig(d).found++
				}
			}
		}
		if p, ok := linked[k]; hasPerson[h] && (!ok || persons[p] != h) {
			missed = append(missed, k)
		}
	}
	all := fig("ALL")
	t.Logf("person linkage: %d links, precision %.4f (%d wrong), recall %.4f (%d of %d findable trainees missed)",
		all.links, all.precision(), all.links-all.correct, all.recall(), all.findable-all.found, all.findable)
	for _, x := range wrongs {
		t.Logf("  wrong link %s/%s -> %d (%s, p=%.3f): human %s, person's human %q", x.k.deanery, x.k.trainee, x.p, x.tier, x.prob, trainees[x.k], persons[x.p])
	}
	for _, k := range missed {
		t.Logf("  missed %s/%s (human %s)", k.deanery, k.trainee, trainees[k])
	}
	if all.precision() < floor {
		t.Errorf("precision %.4f < %v", all.precision(), floor)
	}
	if all.recall() < floor {
		t.Errorf("recall %.4f < %v", all.recall(), floor)
	}
	byDeaneryEstimates(t, w, byDeanery)
}

// byDeaneryEstimates compares the label-free error estimates with the true
// rates, per deanery, within 2 points.
func byDeaneryEstimates(t *testing.T, w *world, figs map[string]*linkFigures) {
	rows, err := w.db.Query(`SELECT deanery_code, coalesce(false_match_rate, 0), coalesce(missed_match_rate, 0)
		FROM quality_link_estimate WHERE run_id = (SELECT max(run_id) FROM quality_run) ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var d string
		var fmr, mmr float64
		rows.Scan(&d, &fmr, &mmr)
		f := figs[d]
		if f == nil {
			f = &linkFigures{}
		}
		trueFMR, trueMMR := 1-f.precision(), 1-f.recall()
		if f.links == 0 {
			trueFMR = 0
		}
		if f.findable == 0 {
			trueMMR = 0
		}
		t.Logf("  %-4s estimated false-match rate %.4f (true %.4f), missed-match rate %.4f (true %.4f)", d, fmr, trueFMR, mmr, trueMMR)
		if math.Abs(fmr-trueFMR) > 0.02 || math.Abs(mmr-trueMMR) > 0.02 {
			t.Errorf("%s: label-free estimate more than 2 points from the true rate", d)
		}
		n++
	}
	if n == 0 {
		t.Error("no label-free estimate stored")
	}
}

func TestLinkageModelIsReported(t *testing.T) {
	w := loadWorld(t)
	t.Logf("linkage summary: %+v", w.result.Linkage)
	dump(t, w, `SELECT rule, pairs, new_pairs, links FROM quality_link_blocking WHERE run_id = 1 ORDER BY rule_order`)
	dump(t, w, `SELECT field, level, round(m, 4), round(u, 6), round(weight, 2) FROM quality_link_parameter WHERE run_id = 1 ORDER BY field, weight DESC`)
	dump(t, w, `SELECT tier, status, count(*), round(min(match_probability), 4), round(avg(match_weight), 1) FROM quality_person_link GROUP BY ALL ORDER BY ALL`)
}

func dump(t *testing.T, w *world, q string) {
	t.Helper()
	rows, err := w.db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		rows.Scan(ptrs...)
		t.Log(vals...)
	}
}
