package storetest_test

import (
	"context"
	"linli/storage/sqlstore"
	"slices"
	"testing"
	"time"

	"linli/knowledge"
)

func TestKnowledgeReimportReplaces(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db, err := open(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		s := sqlstore.NewKnowledgeStore(db)
		at := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
		first := []knowledge.Chunk{
			{Kind: knowledge.KindArticle, Key: "1254", Text: "禁止从建筑物中抛掷物品。", Articles: []int{1254}},
			{Kind: knowledge.KindFAQ, Key: "a", Question: "狗咬人谁负责？", Text: "饲养人负责。", Articles: []int{1245}},
		}
		for i := 0; i < 2; i++ { // importing twice must not duplicate
			if err := s.ReplaceSource(ctx, "code.jsonl", first, at); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Chunks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[1].Question != "狗咬人谁负责？" || !slices.Equal(got[1].Articles, []int{1245}) {
			t.Fatalf("after two imports: %+v", got)
		}
		if err := s.ReplaceSource(ctx, "code.jsonl", first[:1], at); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Chunks(ctx); len(got) != 1 {
			t.Errorf("re-import with fewer chunks left %d", len(got))
		}
		bad := []knowledge.Chunk{{Kind: knowledge.KindFAQ, Key: "x", Text: "no question"}}
		if err := s.ReplaceSource(ctx, "code.jsonl", bad, at); err == nil {
			t.Error("an invalid chunk was stored")
		}
		if got, _ := s.Chunks(ctx); len(got) != 1 {
			t.Errorf("a failed import changed the store: %d chunks", len(got))
		}
	})
}
