package llm_test

import (
	"context"
	"testing"
	"time"

	"linli/llm"
	"linli/llm/llmtest"
)

// BenchmarkExtractTaskLocal is the layer's own cost per call (masking,
// prompt, schema, HTTP to a local server, validation), without a model.
func BenchmarkExtractTaskLocal(b *testing.B) {
	srv := llmtest.Start()
	defer srv.Close()
	srv.Answer(func(llmtest.ChatRequest) llmtest.Reply { return goodTask() })
	c := llm.New(llm.Config{BaseURL: srv.URL, APIKey: "k", Model: "m", Timeout: 5 * time.Second}, nil, nil)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.ExtractTask(ctx, request); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMask(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		llm.Mask(request)
	}
}
