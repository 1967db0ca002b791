package main

import (
	"context"

	"linli/knowledge"
	"linli/llm"
)

// candidateRunes is how much of each candidate article the model reads in
// the evaluation, as in chat: enough for the rule, short enough for
// fifteen articles in one prompt.
const candidateRunes = 300

// modelRanker ranks a legal question as a resident's is ranked when a chat
// model is configured: the rules' ranking, reordered by the model among
// the candidates the rules retrieve for the question and its restatement
// (llm.RerankLegal). Where the model finds that no candidate answers, no
// article would be cited, so the result's confidence is 0. Any failure
// keeps the rules' ranking, as in chat. Unlike chat it asks the model about
// every question, not only those the rules are confident enough to answer,
// so that Hit@k measures the model's order over the whole set; coverage
// and precision at the threshold are the same either way.
type modelRanker struct {
	ctx   context.Context
	base  *knowledge.Base
	model *llm.Client
	// failed counts questions left in the rules' order by a failed call;
	// withheld those where the model found no candidate that answers.
	failed, withheld int
}

// Search implements knowledge.Ranker.
func (r *modelRanker) Search(q string, k int) knowledge.Result {
	res := r.base.SearchContext(r.ctx, q, k)
	if len(res.Named) > 0 {
		return res // an article asked for by number stays first
	}
	ix := r.base.Index()
	rank, err := r.model.RerankLegal(r.ctx, q, func(restated string) []llm.Passage {
		var out []llm.Passage
		for _, a := range ix.Candidates(res, restated, knowledge.RerankDepth) {
			c, _ := ix.Article(a)
			out = append(out, llm.Passage{Law: "民法典", Article: a, Text: firstRunes(c.Text, candidateRunes)})
		}
		return out
	})
	switch {
	case err != nil:
		r.failed++
		return res
	case !rank.Answerable:
		r.withheld++
		res.Confidence = 0
		return res
	}
	return ix.Reranked(res, rank.Articles, k)
}

// firstRunes is s cut to at most n characters.
func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

var _ knowledge.Ranker = (*modelRanker)(nil)
