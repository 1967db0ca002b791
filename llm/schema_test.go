package llm

import (
	"encoding/json"
	"strings"
	"testing"
)

type sample struct {
	Name  string   `json:"name" desc:"名字"`
	Kind  string   `json:"kind" enum:"a,b"`
	Count int      `json:"count"`
	Score float64  `json:"score,omitempty"`
	OK    bool     `json:"ok"`
	Tags  []string `json:"tags" enum:"x,y"`
	Inner struct {
		N int `json:"n"`
	} `json:"inner"`
	hidden string
	Skip   string `json:"-"`
}

func TestSchemaForDescribesTheStruct(t *testing.T) {
	s, err := SchemaFor(&sample{})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(s)
	want := `{"type":"object","properties":{` +
		`"name":{"type":"string","description":"名字"},` +
		`"kind":{"type":"string","enum":["a","b"]},` +
		`"count":{"type":"integer"},` +
		`"score":{"type":"number"},` +
		`"ok":{"type":"boolean"},` +
		`"tags":{"type":"array","items":{"type":"string","enum":["x","y"]}},` +
		`"inner":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"],"additionalProperties":false}},` +
		`"required":["name","kind","count","ok","tags","inner"],"additionalProperties":false}`
	if string(got) != want {
		t.Errorf("schema:\n got %s\nwant %s", got, want)
	}
	if _, err := SchemaFor(42); err == nil {
		t.Error("a non-struct should be refused")
	}
	if _, err := SchemaFor(struct{ C chan int }{}); err == nil {
		t.Error("a channel field should be refused")
	}
}

func TestDecodeReplyHoldsTheModelToTheSchema(t *testing.T) {
	s, _ := SchemaFor(sample{})
	const good = `{"name":"张三","kind":"a","count":2,"ok":true,"tags":["x"],"inner":{"n":1}}`
	cases := []struct {
		name, reply, errPart string
	}{
		{"good", good, ""},
		{"fenced", "```json\n" + good + "\n```", ""},
		{"with a sentence", "好的：" + good + " 希望有帮助", ""},
		{"optional field may be there", strings.Replace(good, `"ok"`, `"score":1.5,"ok"`, 1), ""},
		{"not json", "我不知道", "not valid JSON"},
		{"truncated", `{"name":"张三"`, "not valid JSON"},
		{"missing field", `{"name":"张三","kind":"a","count":2,"ok":true,"tags":[]}`, `"inner" is missing`},
		{"wrong type string", strings.Replace(good, `"count":2`, `"count":"2"`, 1), "$.count: want an integer"},
		{"fraction for integer", strings.Replace(good, `"count":2`, `"count":2.5`, 1), "$.count: want an integer"},
		{"wrong type bool", strings.Replace(good, `"ok":true`, `"ok":"yes"`, 1), "$.ok: want true or false"},
		{"null", strings.Replace(good, `"name":"张三"`, `"name":null`, 1), "$.name: want a string, got null"},
		{"enum", strings.Replace(good, `"kind":"a"`, `"kind":"admin"`, 1), `"admin" is not one of`},
		{"enum in list", strings.Replace(good, `["x"]`, `["x","z"]`, 1), `$.tags[1]: "z" is not one of`},
		{"nested type", strings.Replace(good, `{"n":1}`, `{"n":"1"}`, 1), "$.inner.n"},
		{"extra field", strings.Replace(good, `"name"`, `"role":"admin","name"`, 1), "fields not in the schema: role"},
		{"nested extra field", strings.Replace(good, `{"n":1}`, `{"n":1,"send_to":"某群"}`, 1), "send_to"},
		{"array not object", `[` + good + `]`, "want an object"},
		{"two objects", good + good, "more than one"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out sample
			err := decodeReply(c.reply, s, &out)
			if c.errPart == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if out.Name != "张三" || out.Count != 2 || out.Inner.N != 1 {
					t.Errorf("decoded %+v", out)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.errPart) {
				t.Fatalf("error %v, want one containing %q", err, c.errPart)
			}
			if out.Name != "" {
				t.Errorf("out was filled despite the error: %+v", out)
			}
		})
	}
}
