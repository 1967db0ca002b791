package knowledge

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
)

// ownWordsWindow is the length, in characters, of a run of text that
// would show a public question copied into the product.
const ownWordsWindow = 12

// TestBuiltinMaterialIsOurOwn: the public questions measure the product,
// they are not its content. No built-in FAQ entry, lexicon phrasing,
// article phrasing, area word or lay test question shares a run of
// ownWordsWindow characters with any of them, except the statute's own
// words, which questions and answers both quote.
func TestBuiltinMaterialIsOurOwn(t *testing.T) {
	statute := map[string]bool{}
	for _, c := range loadCivilCode(t) {
		rs := []rune(plainText(c.Text))
		for j := 0; j+ownWordsWindow <= len(rs); j++ {
			statute[string(rs[j:j+ownWordsWindow])] = true
		}
	}
	rows := loadDevQuestions(t)
	public := map[string]int{}
	for i, r := range rows {
		rs := []rune(plainText(r.Question))
		for j := 0; j+ownWordsWindow <= len(rs); j++ {
			if w := string(rs[j : j+ownWordsWindow]); !statute[w] {
				public[w] = i
			}
		}
	}
	check := func(where, text string) {
		rs := []rune(plainText(text))
		for j := 0; j+ownWordsWindow <= len(rs); j++ {
			if i, ok := public[string(rs[j:j+ownWordsWindow])]; ok {
				t.Errorf("%s shares 「%s」 with public question %d (%s)", where, string(rs[j:j+ownWordsWindow]), i+1, rows[i].Source)
				return
			}
		}
	}
	faq, err := BuiltinFAQ()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range faq {
		check("FAQ entry "+c.Key, c.Text)
	}
	for _, name := range []string{"builtin/lexicon.txt", "builtin/articles.tsv", "builtin/areas.jsonl", "builtin/examples.tsv"} {
		b, err := builtinFS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for n, line := range strings.Split(string(b), "\n") {
			check(fmt.Sprintf("%s line %d", name, n+1), line)
		}
	}
	for _, q := range loadLayQuestions(t, "lay_questions_blind.tsv") {
		check("lay_questions_blind.tsv", q.Question)
	}
}

// plainText keeps the Chinese characters, letters and digits of s: the
// runs compared are the words, not their punctuation.
func plainText(s string) string {
	var b strings.Builder
	for _, r := range Normalize(s) {
		if isHan(r) || unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
