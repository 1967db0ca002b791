package llm

import (
	"bufio"
	"encoding/json"
	"linli/internal/shareddata"
	"os"
	"testing"
)

func readJSONL(t testing.TB, path string, each func(line []byte)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		each(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

// Masking must not mangle what residents ask about the law: over the
// public question set, no question loses words to a false "room number"
// or "phone number".
func TestMaskLeavesLegalQuestionsAlone(t *testing.T) {
	path := shareddata.Path(t, "civil_code_qa.jsonl")
	var total, changed int
	readJSONL(t, path, func(line []byte) {
		var q struct {
			Question string `json:"question"`
		}
		if err := json.Unmarshal(line, &q); err != nil {
			t.Fatal(err)
		}
		total++
		if m := Mask(q.Question); m.Text != foldText(q.Question) {
			changed++
			if changed <= 5 {
				t.Logf("masked: %q → %q", q.Question, m.Text)
			}
		}
	})
	t.Logf("%d of %d questions changed by masking", changed, total)
	if total == 0 {
		t.Fatal("no questions read")
	}
	if rate := float64(changed) / float64(total); rate > 0.01 {
		t.Errorf("masking changed %.1f%% of legal questions (%d of %d); want at most 1%%", 100*rate, changed, total)
	}
}

func TestArticlesMentionedAgreesWithTheStatute(t *testing.T) {
	path := shareddata.Path(t, "civil_code.jsonl")
	n := 0
	readJSONL(t, path, func(line []byte) {
		var a struct {
			Article  int    `json:"article"`
			NumberCN string `json:"number_cn"`
		}
		if err := json.Unmarshal(line, &a); err != nil {
			t.Fatal(err)
		}
		n++
		got := ArticlesMentioned(a.NumberCN)
		if len(got) != 1 || got[0] != a.Article {
			t.Errorf("ArticlesMentioned(%q) = %v, want [%d]", a.NumberCN, got, a.Article)
		}
	})
	if n != 1260 {
		t.Errorf("read %d articles, want 1260", n)
	}
}

func BenchmarkMaskLegalQuestions(b *testing.B) {
	path := shareddata.Path(b, "civil_code_qa.jsonl")
	var qs []string
	readJSONL(b, path, func(line []byte) {
		var q struct {
			Question string `json:"question"`
		}
		json.Unmarshal(line, &q)
		qs = append(qs, q.Question)
	})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Mask(qs[i%len(qs)])
	}
}
