package knowledge

import (
	"bytes"
	"embed"
	"fmt"
)

//go:embed builtin/faq.jsonl builtin/lexicon.txt builtin/articles.tsv builtin/areas.jsonl builtin/examples.tsv
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

// BuiltinLexicon returns the embedded colloquial→legal lexicon, with the
// everyday phrasings of what the articles are about, the areas of law
// with their words and guidance, and the example questions.
func BuiltinLexicon() (*Lexicon, error) {
	b, err := builtinFS.ReadFile("builtin/lexicon.txt")
	if err != nil {
		return nil, fmt.Errorf("read built-in lexicon: %w", err)
	}
	lx, err := ParseLexicon(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	b, err = builtinFS.ReadFile("builtin/articles.tsv")
	if err != nil {
		return nil, fmt.Errorf("read built-in article phrasings: %w", err)
	}
	if err := lx.ParseArticlePhrasings(bytes.NewReader(b)); err != nil {
		return nil, err
	}
	if lx.areas, err = BuiltinAreas(); err != nil {
		return nil, err
	}
	b, err = builtinFS.ReadFile("builtin/examples.tsv")
	if err != nil {
		return nil, fmt.Errorf("read built-in examples: %w", err)
	}
	if lx.examples, err = ParseExamples(bytes.NewReader(b)); err != nil {
		return nil, err
	}
	return lx, nil
}
