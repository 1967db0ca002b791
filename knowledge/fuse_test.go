package knowledge

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestFuseByReciprocalRank(t *testing.T) {
	cases := []struct {
		name       string
		bm25, vecs []int
		want       []int
	}{
		// 2 is second in both (1/62+1/62) and beats 1, first in one only
		// (1/61); 4, first by the vectors alone, ties 1 and yields to it.
		{"both rankings beat one", []int{1, 2, 3}, []int{4, 2, 5}, []int{2, 1, 4, 3, 5}},
		{"no vectors", []int{3, 1, 2}, nil, []int{3, 1, 2}},
		{"no words", nil, []int{9, 8}, []int{9, 8}},
		{"an article counts once per ranking", []int{1, 1, 2}, []int{2}, []int{2, 1}},
	}
	for _, c := range cases {
		if got := fuse(c.bm25, c.vecs); !slices.Equal(got, c.want) {
			t.Errorf("%s: fuse(%v, %v) = %v, want %v", c.name, c.bm25, c.vecs, got, c.want)
		}
	}
	long := make([]int, 30)
	for i := range long {
		long[i] = i + 1
	}
	if got := fuse(long, nil); len(got) != fuseDepth {
		t.Errorf("fused %d articles of a 30-long ranking, want the first %d", len(got), fuseDepth)
	}
}

func TestVectorRankScoresAnArticleByItsBestChunk(t *testing.T) {
	ix := NewIndex([]Chunk{
		{Source: "s", Kind: KindArticle, Key: "1", Text: "甲", Articles: []int{1}},
		{Source: "s", Kind: KindArticle, Key: "2", Text: "乙", Articles: []int{2}},
		{Source: "s", Kind: KindFAQ, Key: "f", Question: "丙？", Text: "丁", Articles: []int{2, 3}},
		{Source: "s", Kind: KindGuide, Key: "g", Text: "戊", Articles: []int{1}},
	}, &Lexicon{}, DefaultOptions())
	v, skipped := newVectorIndex(ix, "m", map[ChunkKey][]float32{
		{"s", "1"}: {1, 0, 0},
		{"s", "2"}: {0, 3, 0}, // not unit length: normalised on load
		{"s", "f"}: {0.6, 0, 0.8},
		{"s", "g"}: {0, 0, 1}, // guides take no part
	})
	if v.rows() != 3 || skipped != 0 {
		t.Fatalf("%d rows, %d skipped", v.rows(), skipped)
	}
	// Closest to the FAQ entry, which speaks for articles 2 and 3; article
	// 1's own text comes next; nothing points at article 2's own text.
	got, err := v.rank([]float32{0, 0, 2}, 5, -1)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{2, 3, 1}; !slices.Equal(got, want) {
		t.Errorf("rank = %v, want %v", got, want)
	}
	if _, err := v.rank([]float32{1, 0}, 5, -1); err == nil {
		t.Error("a question vector of another dimension was ranked")
	}
	if _, skipped := newVectorIndex(ix, "m", map[ChunkKey][]float32{{"s", "1"}: {1, 0}, {"s", "2"}: {1, 0, 0}, {"s", "f"}: {0, 0}}); skipped != 2 {
		t.Errorf("skipped %d vectors of another size or zero, want 2", skipped)
	}
}

// BenchmarkVectorRank is the cost of the vector side of hybrid ranking on
// the size of the full Civil Code with its FAQ entries: 1,400 stored
// vectors of 1,024 dimensions, ranked against one question.
func BenchmarkVectorRank(b *testing.B) {
	const rows, dim = 1400, 1024
	rng := rand.New(rand.NewPCG(1, 2))
	v := &vectorIndex{dim: dim, maxArt: rows}
	vec := make([]float32, dim)
	for r := 0; r < rows; r++ {
		for i := range vec {
			vec[i] = rng.Float32() - 0.5
		}
		appendUnit(&v.data, vec)
		v.arts = append(v.arts, []int{r + 1})
		v.scope = append(v.scope, -1)
	}
	q := make([]float32, dim)
	for i := range q {
		q[i] = rng.Float32() - 0.5
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.rank(q, fuseDepth, -1); err != nil {
			b.Fatal(err)
		}
	}
}

func TestVectorRankLeavesOutOtherCommunitiesEntries(t *testing.T) {
	ix := NewIndex([]Chunk{
		{Source: "s", Kind: KindArticle, Key: "1", Text: "甲", Articles: []int{1}},
		{Source: CommunitySource, Kind: KindFAQ, Key: "m1", Path: "朝阳社区", Question: "活动室几点开门？", Text: "八点", Articles: []int{2}},
	}, &Lexicon{}, DefaultOptions())
	v, _ := newVectorIndex(ix, "m", map[ChunkKey][]float32{
		{"s", "1"}:              {1, 0},
		{CommunitySource, "m1"}: {0, 1},
	})
	q := []float32{0, 1}
	for _, c := range []struct {
		community string
		want      []int
	}{{"朝阳社区", []int{2, 1}}, {"锦霞社区", []int{1}}, {"", []int{1}}} {
		got, err := v.rank(q, 5, ix.faqFor(c.community).scope)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("asked in %q: rank = %v, want %v", c.community, got, c.want)
		}
	}
}
