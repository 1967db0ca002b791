package llm

import (
	"context"
	"fmt"
	"slices"

	"linli/prompts"
)

// LegalRanking is a model's reordering of the articles retrieved for a
// legal question. Every article in it was among the candidates; the model
// decides the order, never the set.
type LegalRanking struct {
	// Restated is the question in the Civil Code's terms, as the model
	// put it for retrieval.
	Restated string
	// Answerable is false when the model found no candidate that answers
	// the question.
	Answerable bool
	// Articles are the candidates the model chose, best first.
	Articles []int
	// Dropped are numbers the model gave that were not candidates; they
	// are logged, never cited.
	Dropped []int
}

type restateReply struct {
	Question string   `json:"question" desc:"用《民法典》的说法改写的问题，不超过60字"`
	Terms    []string `json:"terms" desc:"2到6个最关键的法律用语"`
}

type rerankReply struct {
	Answerable bool  `json:"answerable" desc:"候选法条中有没有能回答这个问题的"`
	Ranking    []int `json:"ranking" desc:"最相关的条号在前，最多5个，只能来自候选法条"`
}

// rerankKeep is how many of the model's choices are kept.
const rerankKeep = 5

// RerankLegal restates a resident's legal question in the Code's terms
// (one call), asks retrieve for the candidate articles of the question and
// its restatement, and has the model order them (a second call). Both
// calls share one deadline, the client's timeout, and are charged to the
// caller's community like any other call. A number the model gives that
// is not a candidate is dropped; a ranking left empty while the model says
// the question is answerable is ErrUngrounded. Any error means: keep the
// rules' ranking.
func (c *Client) RerankLegal(ctx context.Context, question string, retrieve func(restated string) []Passage) (LegalRanking, error) {
	m := Mask(question)
	p, err := prompts.LegalRestate(m.Text)
	if err != nil {
		return LegalRanking{}, err
	}
	if !c.Enabled() {
		return LegalRanking{}, c.notConfigured("chat", p)
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	var rs restateReply
	if err := c.structured(ctx, p, restateSchema(), &rs, nil); err != nil {
		return LegalRanking{}, err
	}
	restated := cleanLine(rs.Question, 80)
	for _, t := range rs.Terms {
		if t = cleanLine(t, 12); t != "" {
			restated += " " + t
		}
	}
	candidates := retrieve(restated)
	if len(candidates) == 0 {
		return LegalRanking{}, ErrUnanswerable
	}
	p, err = prompts.LegalRerank(m.Text, restated, candidates)
	if err != nil {
		return LegalRanking{}, err
	}
	var rr rerankReply
	if err := c.structured(ctx, p, rerankSchema(), &rr, nil); err != nil {
		return LegalRanking{}, err
	}
	out := keepCandidates(rr.Ranking, candidates)
	out.Restated, out.Answerable = restated, rr.Answerable
	if len(out.Dropped) > 0 {
		c.log.Warn("llm rerank named articles it was not given; dropped", "dropped", fmt.Sprint(out.Dropped))
	}
	if out.Answerable && len(out.Articles) == 0 {
		return LegalRanking{}, fmt.Errorf("%w: the ranking names no candidate", ErrUngrounded)
	}
	return out, nil
}

// keepCandidates splits a model's ranking into the candidates it named,
// in its order and at most rerankKeep, and the numbers it made up.
func keepCandidates(ranking []int, candidates []Passage) LegalRanking {
	var out LegalRanking
	for _, n := range ranking {
		given := slices.ContainsFunc(candidates, func(p Passage) bool { return p.Article == n })
		switch {
		case !given:
			out.Dropped = append(out.Dropped, n)
		case !slices.Contains(out.Articles, n) && len(out.Articles) < rerankKeep:
			out.Articles = append(out.Articles, n)
		}
	}
	return out
}

func restateSchema() *Schema {
	s, err := SchemaFor(restateReply{})
	if err != nil {
		panic(err) // a programming error in the struct tags above
	}
	return s
}

func rerankSchema() *Schema {
	s, err := SchemaFor(rerankReply{})
	if err != nil {
		panic(err) // a programming error in the struct tags above
	}
	return s
}
