package knowledge

import (
	"bytes"
	"embed"
	"fmt"
)

//go:embed builtin/faq.jsonl builtin/lexicon.txt
var builtinFS embed.FS

// BuiltinSource is the source name of the embedded FAQ; a stored source of
// the same name replaces it entry by entry.
const BuiltinSource = "内置问答"

// BuiltinFAQ returns the embedded resident legal FAQ, written by the
// project in its own words; each entry cites the articles it rests on.
func BuiltinFAQ() ([]Chunk, error) {
	b, err := builtinFS.ReadFile("builtin/faq.jsonl")
	if err != nil {
		return nil, fmt.Errorf("read built-in faq: %w", err)
	}
	return ParseJSONL(BuiltinSource, bytes.NewReader(b))
}

// BuiltinLexicon returns the embedded colloquial→legal lexicon.
func BuiltinLexicon() (*Lexicon, error) {
	b, err := builtinFS.ReadFile("builtin/lexicon.txt")
	if err != nil {
		return nil, fmt.Errorf("read built-in lexicon: %w", err)
	}
	return ParseLexicon(bytes.NewReader(b))
}
