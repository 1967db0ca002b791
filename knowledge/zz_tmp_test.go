package knowledge

import (
	"testing"
	"time"
)

func TestTmpMatrix(t *testing.T) {
	code := loadCivilCode(t)
	rows := loadDevQuestions(t)
	lex, _ := BuiltinLexicon()
	faq, _ := BuiltinFAQ()
	all := append(append([]Chunk{}, code...), faq...)
	type cfg struct {
		ew     float32
		spread int
	}
	for _, c := range []cfg{{0.3, 0}, {0.5, 6}, {0.6, 4}, {0.8, 4}, {0.5, 8}} {
		o := DefaultOptions()
		o.UnigramWeight, o.TopicWeight, o.ConceptWeight, o.LeadBoost = 0.8, 0.2, 2, 0.2
		o.ExpansionWeight, o.ExpansionSpread = c.ew, c.spread
		t.Logf("%v %s", c, Evaluate(NewIndex(all, lex, o), rows, time.Now))
	}
}
