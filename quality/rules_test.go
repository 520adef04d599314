package quality

import "testing"

func TestEveryRuleIsDeclared(t *testing.T) {
	rules, err := Rules()
	if err != nil {
		t.Fatal(err)
	}
	cats := map[string]int{}
	for _, r := range rules {
		cats[r.Category]++
	}
	for _, c := range []string{"validity", "completeness", "uniqueness", "timeliness", "referential integrity"} {
		if cats[c] == 0 {
			t.Errorf("no %s rule", c)
		}
	}
}

func TestParseRuleHeader(t *testing.T) {
	cases := []struct {
		name, text string
		ok         bool
	}{
		{"ok", "-- rule: x\n-- category: validity\n-- description: d\n-- warn: count 1\n-- fail: count 2 percent 5\nSELECT 1", true},
		{"wrong name", "-- rule: y\n-- category: validity\n-- description: d\n-- fail: count 2\nSELECT 1", false},
		{"no fail", "-- rule: x\n-- category: validity\n-- description: d\n-- warn: count 1\nSELECT 1", false},
		{"bad percent", "-- rule: x\n-- category: validity\n-- description: d\n-- fail: percent 500\nSELECT 1", false},
		{"odd words", "-- rule: x\n-- category: validity\n-- description: d\n-- fail: count\nSELECT 1", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseRule("quality_rule_x", c.text)
			if (err == nil) != c.ok {
				t.Fatalf("err = %v, want ok %v", err, c.ok)
			}
		})
	}
}

func TestThresholdCrossed(t *testing.T) {
	one, five := int64(1), 5.0
	th := Threshold{Count: &one}
	if th.crossed(0, 10) || !th.crossed(1, 10) {
		t.Error("count threshold")
	}
	th = Threshold{Percent: &five}
	if th.crossed(4, 100) || !th.crossed(5, 100) {
		t.Error("percent threshold")
	}
}
