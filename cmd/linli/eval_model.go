package main

import (
	"context"

	"linli/knowledge"
	"linli/llm"
	"linli/workflows/faq"
)

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
	res := r.base.SearchContext(r.ctx, "", q, k)
	reordered, ok, err := faq.Rerank(r.ctx, r.model, r.base.Index(), q, res, k)
	switch {
	case err != nil:
		r.failed++
	case !ok:
		r.withheld++
		reordered.Confidence = 0
	}
	return reordered
}

// AreaOf implements knowledge.Ranker.
func (r *modelRanker) AreaOf(n int) int { return r.base.Index().AreaOf(n) }

var _ knowledge.Ranker = (*modelRanker)(nil)
