package knowledge

import (
	"slices"
	"strings"
	"testing"
)

func TestParseJSONLTellsArticlesFromFAQ(t *testing.T) {
	in := `{"article": 1254, "number_cn": "第一千二百五十四条", "book": "第七编 侵权责任", "part": "", "chapter": "第十章 建筑物和物件损害责任", "section": "", "text": "禁止从建筑物中抛掷物品。"}
{"q": "楼上扔东西怎么办", "a": "先报警。", "articles": [1254]}

{"question": "狗咬人谁负责", "answer": "饲养人负责。", "articles": [1245], "id": "dog"}
`
	got, err := ParseJSONL("mixed.jsonl", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %d chunks, want 3", len(got))
	}
	if got[0].Kind != KindArticle || got[0].Key != "1254" || got[0].Path != "第七编 侵权责任 / 第十章 建筑物和物件损害责任" {
		t.Errorf("article chunk: %+v", got[0])
	}
	if got[1].Kind != KindFAQ || got[1].Question != "楼上扔东西怎么办" || !slices.Equal(got[1].Articles, []int{1254}) {
		t.Errorf("short-named faq chunk: %+v", got[1])
	}
	if got[2].Key != "dog" {
		t.Errorf("faq id not kept as key: %+v", got[2])
	}
	if _, err := ParseJSONL("bad.jsonl", strings.NewReader(`{"q": "", "a": "x"}`)); err == nil {
		t.Error("an FAQ line without a question was accepted")
	}
	if _, err := ParseJSONL("bad.jsonl", strings.NewReader(`not json`)); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad JSON: want an error naming the line, got %v", err)
	}
}

func TestParseDocumentSplitsParagraphsUnderHeadings(t *testing.T) {
	in := "# 垃圾分类\n\n## 有害垃圾\n电池、灯管。\n请投红色桶。\n\n过期药品也是。\n\n## 可回收物\n纸张、塑料瓶。依据第一千二百五十四条\n"
	got, err := ParseDocument("guide.md", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %d paragraphs, want 3: %+v", len(got), got)
	}
	if got[0].Path != "垃圾分类 / 有害垃圾" || got[0].Text != "电池、灯管。\n请投红色桶。" {
		t.Errorf("first paragraph: %+v", got[0])
	}
	if got[2].Path != "垃圾分类 / 可回收物" || !slices.Equal(got[2].Articles, []int{1254}) {
		t.Errorf("last paragraph: %+v", got[2])
	}
}
