package knowledge

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Example is a resident's question, in the resident's words, with the
// Civil Code articles a good answer rests on. Examples are never shown:
// a new question worded like one borrows its articles (Options'
// ExampleWeight), so a phrasing the lexicon has no line for can still
// meet the law through a question like it.
type Example struct {
	Question string
	Articles []int
}

// ParseExamples reads lines of the form `question<TAB>1063,1087`; '#'
// starts a comment line. Lexicon.WithExamples puts them to use.
func ParseExamples(r io.Reader) ([]Example, error) {
	var exs []Example
	err := scanLines(r, "examples", func(line int, t string) error {
		q, arts, ok := strings.Cut(t, "\t")
		if !ok || strings.TrimSpace(q) == "" {
			return fmt.Errorf("examples line %d: want question<TAB>articles", line)
		}
		ex := Example{Question: strings.TrimSpace(q)}
		for _, a := range strings.Split(arts, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(a))
			if err != nil || n < 1 {
				return fmt.Errorf("examples line %d: article %q is not a number", line, strings.TrimSpace(a))
			}
			ex.Articles = append(ex.Articles, n)
		}
		exs = append(exs, ex)
		return nil
	})
	return exs, err
}

// Examples returns the example questions the lexicon holds; callers must
// not modify them.
func (lx *Lexicon) Examples() []Example {
	if lx == nil {
		return nil
	}
	return lx.examples
}

// WithExamples returns a copy of the lexicon holding exs as its examples
// instead of its own; the rest is shared.
func (lx *Lexicon) WithExamples(exs []Example) *Lexicon {
	c := *lx
	c.examples = exs
	return &c
}
