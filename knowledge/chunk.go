// Package knowledge is linli's retrieval engine: documents become chunks
// (a Civil Code article, an FAQ entry, a paragraph of guidance), chunks are
// indexed in memory with BM25 over Chinese character bigrams, and a
// colloquial→legal lexicon bridges the words residents use and the words
// statutes use. The built-in FAQ and lexicon are written by the project and
// embedded; the statute text is imported with `linli kb import`.
package knowledge

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Kind is what a chunk is, which decides how it is matched and cited.
type Kind string

const (
	// KindArticle is one Civil Code article, cited by number.
	KindArticle Kind = "article"
	// KindFAQ is one question with its answer and the articles it rests on;
	// residents' questions are matched against its question.
	KindFAQ Kind = "faq"
	// KindGuide is one paragraph of guidance text (Markdown or plain text).
	KindGuide Kind = "guide"
)

// Chunk is the unit of retrieval and of citation.
type Chunk struct {
	// ID is the store's id (0 for built-in material).
	ID int64
	// Source names the document or import the chunk came from; re-importing
	// a source replaces all its chunks.
	Source string
	Kind   Kind
	// Key is unique within the source (the article number, an FAQ id, a
	// paragraph number), so a re-import cannot duplicate.
	Key string
	// Path is where the chunk sits: book/part/chapter/section of an article,
	// the headings above a guidance paragraph.
	Path string
	// Question is an FAQ entry's question.
	Question string
	// Text is the article text, the FAQ answer or the paragraph.
	Text string
	// Articles are the Civil Code articles the chunk is: the article itself,
	// or those an FAQ answer cites.
	Articles []int
}

// CommunitySource is the source of the FAQ entries a community's
// coordinators add (添加问答). Such an entry's Path is its community, and it
// answers only that community's residents: 「活动室几点开门」 has a
// different answer in each. Everything else answers everyone.
const CommunitySource = "社区问答"

// Validate checks what every stored chunk needs.
func (c Chunk) Validate() error {
	switch c.Kind {
	case KindArticle:
		if len(c.Articles) != 1 || c.Articles[0] < 1 {
			return fmt.Errorf("article chunk %q: needs its article number", c.Key)
		}
	case KindFAQ:
		if strings.TrimSpace(c.Question) == "" {
			return fmt.Errorf("faq chunk %q: empty question", c.Key)
		}
	case KindGuide:
	default:
		return fmt.Errorf("chunk %q: unknown kind %q", c.Key, c.Kind)
	}
	if strings.TrimSpace(c.Text) == "" {
		return fmt.Errorf("chunk %q: empty text", c.Key)
	}
	if c.Source == "" || c.Key == "" {
		return fmt.Errorf("chunk %q: needs a source and a key", c.Key)
	}
	return nil
}

// Title is a one-line name for lists and search output.
func (c Chunk) Title() string {
	switch c.Kind {
	case KindArticle:
		return ArticleName(c.Articles[0])
	case KindFAQ:
		return c.Question
	}
	if c.Path != "" {
		return c.Path
	}
	return c.Source + "#" + c.Key
}

// civilArticle is one line of the Civil Code JSONL schema.
type civilArticle struct {
	Article  int    `json:"article"`
	NumberCN string `json:"number_cn"`
	Book     string `json:"book"`
	Part     string `json:"part"`
	Chapter  string `json:"chapter"`
	Section  string `json:"section"`
	Text     string `json:"text"`
}

// faqLine is one line of FAQ JSONL; "q"/"a" are accepted as short names.
type faqLine struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	Q        string `json:"q"`
	Answer   string `json:"answer"`
	A        string `json:"a"`
	Articles []int  `json:"articles"`
	Topic    string `json:"topic"`
}

// ParseJSONL reads a Civil Code or FAQ JSONL file into chunks of source,
// telling the two apart line by line (an "article" number or a question).
func ParseJSONL(source string, r io.Reader) ([]Chunk, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var out []Chunk
	line := 0
	for sc.Scan() {
		line++
		raw := strings.TrimSpace(sc.Text())
		if raw == "" {
			continue
		}
		var probe map[string]json.RawMessage
		if err := json.Unmarshal([]byte(raw), &probe); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", source, line, err)
		}
		if _, ok := probe["article"]; ok {
			var a civilArticle
			if err := json.Unmarshal([]byte(raw), &a); err != nil {
				return nil, fmt.Errorf("%s line %d: %w", source, line, err)
			}
			c := Chunk{Source: source, Kind: KindArticle, Key: strconv.Itoa(a.Article),
				Path: joinPath(a.Book, a.Part, a.Chapter, a.Section), Text: a.Text, Articles: []int{a.Article}}
			if err := c.Validate(); err != nil {
				return nil, fmt.Errorf("%s line %d: %w", source, line, err)
			}
			out = append(out, c)
			continue
		}
		var f faqLine
		if err := json.Unmarshal([]byte(raw), &f); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", source, line, err)
		}
		q, a := first(f.Question, f.Q), first(f.Answer, f.A)
		key := f.ID
		if key == "" {
			key = strconv.Itoa(line)
		}
		c := Chunk{Source: source, Kind: KindFAQ, Key: key, Path: f.Topic, Question: q, Text: a, Articles: f.Articles}
		if err := c.Validate(); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", source, line, err)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", source, err)
	}
	return out, nil
}

// ParseDocument splits a Markdown or plain-text document into one chunk per
// paragraph; Markdown headings become the path of the paragraphs below them.
func ParseDocument(source string, r io.Reader) ([]Chunk, error) {
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", source, err)
	}
	var out []Chunk
	var heads []string
	var para []string
	flush := func() {
		text := strings.TrimSpace(strings.Join(para, "\n"))
		para = para[:0]
		if text == "" {
			return
		}
		out = append(out, Chunk{Source: source, Kind: KindGuide, Key: strconv.Itoa(len(out) + 1),
			Path: strings.Join(heads, " / "), Text: text, Articles: ParseArticleRefs(text)})
	}
	for _, line := range strings.Split(strings.ReplaceAll(string(body), "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "#") {
			flush()
			level := len(t) - len(strings.TrimLeft(t, "#"))
			title := strings.TrimSpace(strings.TrimLeft(t, "#"))
			if level > len(heads)+1 {
				level = len(heads) + 1
			}
			heads = append(heads[:level-1], title)
			continue
		}
		if t == "" {
			flush()
			continue
		}
		para = append(para, t)
	}
	flush()
	return out, nil
}

func joinPath(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, " / ")
}

func first(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return strings.TrimSpace(a)
	}
	return strings.TrimSpace(b)
}

// SourceCount is how many chunks of a kind a source holds, for `kb list`.
type SourceCount struct {
	Source string
	Kind   Kind
	Chunks int
}
