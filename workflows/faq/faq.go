// Package faq answers residents' questions from stored material: Civil Code
// questions with the articles they rest on, garbage-sorting questions with
// the bin. It answers a private question, `问 …` and an @-mention; in a group
// it also answers a clear in-domain question when it is confident, and
// otherwise stays quiet. Below its confidence it says it is not sure and
// offers to pass the question to the community's legal volunteer.
package faq

import (
	"context"
	"errors"
	"time"

	"linli/bot"
	"linli/knowledge"
	"linli/knowledge/garbage"
)

// Store keeps FAQ entries coordinators add in chat; storage/sqlite's
// KnowledgeStore implements it.
type Store interface {
	// PutChunk stores a chunk, replacing one with the same source and key.
	PutChunk(ctx context.Context, c knowledge.Chunk, at time.Time) (int64, error)
}

// Coordinators lists whom to tell when a question needs a person;
// bot.Members implements it.
type Coordinators interface {
	Coordinators(ctx context.Context, community string) ([]bot.Member, error)
}

// Passage is one retrieved text an answer writer may use, with the only
// citation it may give for it.
type Passage struct {
	// Article is the Civil Code article number (0 for an FAQ entry).
	Article int
	// Citation is how to cite it: 《民法典》第一千二百五十四条.
	Citation string
	Text     string
}

// AnswerWriter writes a plain-language answer from retrieved passages (an
// LLM). Its answer is used only if every article it cites is among the
// passages given; otherwise, or on any error, the extractive answer is sent.
type AnswerWriter interface {
	WriteAnswer(ctx context.Context, question string, passages []Passage) (string, error)
}

// Config sets the confidence thresholds; the zero value uses the defaults.
type Config struct {
	// Sure is the coverage (0..1) at or above which a legal answer is given
	// plainly when the resident asked the bot directly.
	Sure float64
	// Unprompted is the higher coverage needed to speak up in a group
	// without being asked.
	Unprompted float64
	// Hedge is the coverage above which a question asked directly gets the
	// best material marked "not sure, for reference" instead of "I cannot
	// answer this".
	Hedge float64
	// ChatSource is the source name of FAQ entries added in chat.
	ChatSource string
}

func (c Config) withDefaults() Config {
	// Measured on resident questions and group chatter with the built-in
	// FAQ and with the full Civil Code: in-domain questions cover 0.40–1.00
	// of their words, chatter and out-of-domain questions at most 0.22.
	if c.Sure == 0 {
		c.Sure = 0.3
	}
	if c.Unprompted == 0 {
		c.Unprompted = 0.35
	}
	if c.Hedge == 0 {
		c.Hedge = 0.25
	}
	if c.ChatSource == "" {
		c.ChatSource = "社区问答"
	}
	return c
}

// Workflow is the FAQ workflow.
type Workflow struct {
	cfg     Config
	kb      *knowledge.Base
	garbage *garbage.Classifier
	store   Store
	coord   Coordinators
	dir     *bot.Directory
	writer  AnswerWriter
}

// Deps are the workflow's collaborators.
type Deps struct {
	Knowledge *knowledge.Base
	// Garbage may be nil (legal questions only).
	Garbage      *garbage.Classifier
	Store        Store
	Coordinators Coordinators
	Directory    *bot.Directory
	// Writer words legal answers (an LLM); nil keeps answers extractive.
	Writer AnswerWriter
}

// New builds the workflow.
func New(cfg Config, d Deps) (*Workflow, error) {
	if d.Knowledge == nil || d.Store == nil || d.Coordinators == nil || d.Directory == nil {
		return nil, errors.New("new faq workflow: knowledge base, store, coordinators and directory are required")
	}
	return &Workflow{cfg: cfg.withDefaults(), kb: d.Knowledge, garbage: d.Garbage, store: d.Store,
		coord: d.Coordinators, dir: d.Directory, writer: d.Writer}, nil
}

// Register adds the workflow's commands and its question listener.
func (w *Workflow) Register(r bot.Registry) {
	r.AddCommand(bot.Command{Keywords: []string{"问", "请问", "咨询"}, Help: "问 <问题> — 垃圾分类、《民法典》常见问题", Handle: w.ask})
	r.AddCommand(bot.Command{Keywords: []string{"转志愿者", "转人工", "问志愿者"},
		Help: "转志愿者 <问题> — 把法律问题转给社区法律志愿者", Handle: w.handOver})
	r.AddCommand(bot.Command{Keywords: []string{"添加问答"}, Role: bot.Coordinator,
		Help: "添加问答 问：… 答：… 依据：第X条", Handle: w.addEntry})
	r.AddListener(bot.Listener{Name: "faq", InGroups: true, Handle: w.listen})
}
