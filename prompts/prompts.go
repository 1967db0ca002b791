// Package prompts holds the texts linli sends to a language model, one
// embedded template file per prompt, so that a reviewer can read and diff
// exactly what leaves the machine.
//
// Every template carries a version string that is logged with each call, so
// a change in behaviour can be traced to a change in wording. Residents'
// text is always placed in a delimited block that the system prompt calls
// data, never instructions; the delimiters cannot be forged from inside the
// block.
package prompts

import (
	"embed"
	"fmt"
	"strings"
	"sync"
	"text/template"
	"unicode"
)

//go:embed templates/*.tmpl
var files embed.FS

// Prompt is one rendered prompt, ready to send.
type Prompt struct {
	// Name identifies the template ("task_extraction").
	Name string
	// Version changes whenever the wording changes; it is logged with the
	// call.
	Version string
	// System is the instruction the model must follow.
	System string
	// User carries the data: the resident's text inside its delimiters.
	User string
}

// Passage is one retrieved article a grounded answer may rest on.
type Passage struct {
	// Law names the statute ("民法典").
	Law string
	// Article is the article number; the model must cite by it.
	Article int
	// Text is the article's wording.
	Text string
}

// The names of the prompts, one template file each.
const (
	NameTaskExtraction = "task_extraction"
	NameIntent         = "intent"
	NameGroundedAnswer = "grounded_answer"
	NameLegalRestate   = "legal_restate"
	NameLegalRerank    = "legal_rerank"
)

// Names lists every prompt, for golden tests and `linli llm` tooling.
func Names() []string {
	return []string{NameTaskExtraction, NameIntent, NameGroundedAnswer, NameLegalRestate, NameLegalRerank}
}

// The delimiters around residents' text. Resident text can never contain
// them: ResidentText turns ASCII angle brackets into full-width ones.
const (
	BeginResident = "<<<居民原文 开始>>>"
	EndResident   = "<<<居民原文 结束>>>"
)

// parsed holds the templates, parsed once; it is never modified afterwards.
var parsed = sync.OnceValues(func() (map[string]*template.Template, error) {
	out := make(map[string]*template.Template)
	for _, name := range Names() {
		body, err := files.ReadFile("templates/" + name + ".tmpl")
		if err != nil {
			return nil, fmt.Errorf("read prompt %s: %w", name, err)
		}
		t, err := template.New(name).Funcs(template.FuncMap{
			"resident":  ResidentText,
			"join":      strings.Join,
			"openData":  func() string { return BeginResident },
			"closeData": func() string { return EndResident },
		}).Parse(string(body))
		if err != nil {
			return nil, fmt.Errorf("parse prompt %s: %w", name, err)
		}
		for _, part := range []string{"version", "system", "user"} {
			if t.Lookup(part) == nil {
				return nil, fmt.Errorf("parse prompt %s: missing {{define %q}}", name, part)
			}
		}
		out[name] = t
	}
	return out, nil
})

// Render fills the named prompt with data. Most callers use the typed
// functions below instead.
func Render(name string, data any) (Prompt, error) {
	all, err := parsed()
	if err != nil {
		return Prompt{}, err
	}
	t, ok := all[name]
	if !ok {
		return Prompt{}, fmt.Errorf("render prompt %s: no such prompt", name)
	}
	p := Prompt{Name: name}
	for _, part := range []struct {
		name string
		dst  *string
	}{{"version", &p.Version}, {"system", &p.System}, {"user", &p.User}} {
		var b strings.Builder
		if err := t.ExecuteTemplate(&b, part.name, data); err != nil {
			return Prompt{}, fmt.Errorf("render prompt %s/%s: %w", name, part.name, err)
		}
		*part.dst = strings.TrimSpace(b.String())
	}
	return p, nil
}

// TaskExtraction asks the model to turn a resident's request for help into
// a volunteer task. categories is the fixed list the category must come
// from.
func TaskExtraction(text string, categories []string) (Prompt, error) {
	return Render(NameTaskExtraction, struct {
		Text       string
		Categories []string
	}{text, categories})
}

// Intent asks the model what a free-text message that @-mentions the bot
// wants. intents lists the allowed answers with a short description each.
func Intent(text string, intents []IntentChoice) (Prompt, error) {
	return Render(NameIntent, struct {
		Text    string
		Intents []IntentChoice
	}{text, intents})
}

// IntentChoice is one answer the intent prompt offers the model.
type IntentChoice struct {
	Name        string
	Description string
}

// GroundedAnswer asks the model to answer a legal question from the given
// passages only, citing them by article number.
func GroundedAnswer(question string, passages []Passage) (Prompt, error) {
	return Render(NameGroundedAnswer, struct {
		Question string
		Passages []Passage
	}{question, passages})
}

// ResidentText makes a resident's text safe to place between the
// delimiters: it drops invisible format characters (zero-width spaces,
// direction overrides) and control characters, and turns ASCII angle
// brackets into full-width ones so the text can never close its block.
func ResidentText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '<':
			b.WriteRune('＜')
		case r == '>':
			b.WriteRune('＞')
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == '\r':
		case unicode.Is(unicode.Cf, r), unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// LegalRestate asks the model to restate a resident's legal question in
// the Civil Code's own terms, so retrieval meets the statute's words.
func LegalRestate(question string) (Prompt, error) {
	return Render(NameLegalRestate, struct{ Question string }{question})
}

// LegalRerank asks the model to order the articles retrieved for a legal
// question, choosing only among them. restated is the question in the
// Code's terms (LegalRestate's answer); it came from a model, so it is
// data like the question.
func LegalRerank(question, restated string, candidates []Passage) (Prompt, error) {
	return Render(NameLegalRerank, struct {
		Question, Restated string
		Passages           []Passage
	}{question, restated, candidates})
}
