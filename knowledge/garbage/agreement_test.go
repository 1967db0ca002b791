package garbage

import "testing"

// TestBuiltinAgreesWithPublicLists compares the built-in list, written by
// us, with the public lists: on the items both have, the built-in category
// should be one the sources give. Disagreements are printed for review;
// several are deliberate (the public lists are Shanghai's 2019 answers).
func TestBuiltinAgreesWithPublicLists(t *testing.T) {
	_, labels := publicItems(t)
	shared, agree := 0, 0
	var differ []string
	for _, it := range Builtin() {
		l, ok := labels[Normalize(it.Name)]
		if !ok {
			continue
		}
		shared++
		match := false
		for _, c := range l {
			match = match || c == it.Category
		}
		if match {
			agree++
		} else {
			differ = append(differ, it.Name+"="+string(it.Category)+" (public: "+string(l[0])+")")
		}
	}
	rate := float64(agree) / float64(shared)
	t.Logf("built-in vs public lists: %d shared items, %d agree (%.3f)", shared, agree, rate)
	t.Logf("differ: %v", differ)
	if rate < 0.9 {
		t.Errorf("built-in list agrees with the public lists on %.3f of shared items, want at least 0.9", rate)
	}
}
