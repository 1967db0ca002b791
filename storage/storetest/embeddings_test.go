package storetest_test

import (
	"context"
	"linli/storage/sqlstore"
	"slices"
	"testing"
	"time"

	"linli/knowledge"
)

func TestVectorsRoundTripAndFollowTheText(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db, err := open(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		s := sqlstore.NewKnowledgeStore(db)
		at := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
		chunks := []knowledge.Chunk{
			{Source: "code.jsonl", Kind: knowledge.KindArticle, Key: "1254", Text: "禁止从建筑物中抛掷物品。", Articles: []int{1254}},
			{Source: "code.jsonl", Kind: knowledge.KindArticle, Key: "1245", Text: "饲养的动物造成他人损害的，动物饲养人应当承担侵权责任。", Articles: []int{1245}},
			{Source: "code.jsonl", Kind: knowledge.KindFAQ, Key: "dog", Question: "狗咬人谁负责？", Text: "饲养人负责。", Articles: []int{1245}},
		}
		if err := s.ReplaceSource(ctx, "code.jsonl", chunks, at); err != nil {
			t.Fatal(err)
		}
		vecs := [][]float32{{1, -0.5, 0.25}, {0, 2, 1e-7}, {3.5, 0, -1}}
		if n, err := s.PutVectors(ctx, "m1", chunks, vecs); err != nil || n != 3 {
			t.Fatalf("PutVectors: %d, %v", n, err)
		}
		if _, err := s.PutVectors(ctx, "m2", chunks[:1], [][]float32{{9, 9}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Vectors(ctx, "m1")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 {
			t.Fatalf("m1 has %d vectors, want 3", len(got))
		}
		for i, c := range chunks {
			if !slices.Equal(got[knowledge.KeyOf(c)], vecs[i]) {
				t.Errorf("%s: got %v, want %v", c.Key, got[knowledge.KeyOf(c)], vecs[i])
			}
		}
		if m2, _ := s.Vectors(ctx, "m2"); len(m2) != 1 || !slices.Equal(m2[knowledge.KeyOf(chunks[0])], []float32{9, 9}) {
			t.Errorf("model m2: %v", m2)
		}

		// Re-import: 1254 unchanged keeps its vector, the FAQ answer changed
		// loses it, 1245 left out is deleted with its vector.
		changed := chunks[2]
		changed.Text = "饲养人或者管理人负责。"
		if err := s.ReplaceSource(ctx, "code.jsonl", []knowledge.Chunk{chunks[0], changed}, at); err != nil {
			t.Fatal(err)
		}
		got, _ = s.Vectors(ctx, "m1")
		if len(got) != 1 || !slices.Equal(got[knowledge.KeyOf(chunks[0])], vecs[0]) {
			t.Errorf("after re-import: %v, want only 1254's vector", got)
		}
		var orphans int
		if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM kb_embeddings WHERE chunk_id NOT IN (SELECT id FROM kb_chunks)`).Scan(&orphans); err != nil || orphans != 0 {
			t.Errorf("%d vectors of deleted chunks left (%v)", orphans, err)
		}

		// PutChunk with new text (a coordinator editing an entry) drops the
		// vector too; with the same text it keeps it.
		if _, err := s.PutChunk(ctx, chunks[0], at); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Vectors(ctx, "m1"); len(got) != 1 {
			t.Errorf("an unchanged PutChunk dropped the vector")
		}
		edited := chunks[0]
		edited.Text = "禁止从建筑物中抛掷物品。造成他人损害的，依法承担侵权责任。"
		if _, err := s.PutChunk(ctx, edited, at); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Vectors(ctx, "m1"); len(got) != 0 {
			t.Errorf("a changed chunk kept its vector: %v", got)
		}

		// A vector computed from text that has since changed is not stored.
		if n, err := s.PutVectors(ctx, "m1", chunks[:1], vecs[:1]); err != nil || n != 0 {
			t.Errorf("a vector of stale text: stored %d (%v)", n, err)
		}
		if n, err := s.PutVectors(ctx, "m1", []knowledge.Chunk{edited}, vecs[:1]); err != nil || n != 1 {
			t.Errorf("a vector of the current text: stored %d (%v)", n, err)
		}
	})
}
