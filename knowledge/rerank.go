package knowledge

import "slices"

// RerankDepth is how many articles a model is asked to order: the best of
// the question's own ranking fused with the ranking of its restatement.
const RerankDepth = 15

// Candidates returns up to n imported articles for a model to order: the
// rules' ranking of the question fused (reciprocal rank) with the ranking
// of its restatement in the Code's terms, so an article the resident's
// words missed but the statute's words find is among them. An article the
// resident named by number stays first; an article number in the
// restatement (a model's words) names nothing. Both are searched as
// res was, for the same community.
func (ix *Index) Candidates(res Result, restated string, n int) []int {
	rankings := [][]int{ix.deeper(res)}
	if restated = articleRef.ReplaceAllString(restated, " "); restated != "" {
		rankings = append(rankings, bm25Articles(ix.SearchIn(res.Community, restated, fuseDepth)))
	}
	var out []int
	for _, a := range append(append([]int{}, res.Named...), fuse(rankings...)...) {
		if len(out) == n {
			break
		}
		if _, ok := ix.byArticle[a]; ok && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// deeper is res's article ranking continued to fuseDepth articles by a
// deeper search of the same question (a result keeps only its best ten).
func (ix *Index) deeper(res Result) []int {
	own := bm25Articles(res)
	if len(own) >= fuseDepth {
		return own
	}
	for _, a := range bm25Articles(ix.SearchIn(res.Community, res.Query, fuseDepth)) {
		if len(own) == fuseDepth {
			break
		}
		if !slices.Contains(own, a) {
			own = append(own, a)
		}
	}
	return own
}

// Reranked returns res with the articles a model chose first, in its
// order, followed by the rest of the rules' ranking, and the passages
// following that order. The confidence stays the rules' own: it decides
// whether an article is cited at all, and only the rules' confidence has
// been measured (BENCHMARKS.md).
func (ix *Index) Reranked(res Result, chosen []int, k int) Result {
	order := append([]int{}, chosen...)
	for _, a := range bm25Articles(res) {
		if !slices.Contains(order, a) {
			order = append(order, a)
		}
	}
	out := ix.fusedResult(res, order, k)
	out.Confidence = res.Confidence
	out.Reranked = true
	return out
}
