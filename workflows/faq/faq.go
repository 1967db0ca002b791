// Package faq answers residents' questions from stored material: Civil Code
// questions with the articles they rest on, garbage-sorting questions with
// the bin. It answers a private question, `问 …` and an @-mention; in a group
// it also answers a clear in-domain question when it is confident, and
// otherwise stays quiet. Below its confidence it cites no article: it names
// the area of law, gives the guidance that holds for all of it and offers
// to pass the question to the community's legal volunteer.
package faq

import (
	"context"
	"errors"
	"time"

	"linli/bot"
	"linli/knowledge"
	"linli/knowledge/garbage"
	"linli/llm"
)

// Store keeps FAQ entries coordinators add in chat; storage/sqlite's
// KnowledgeStore implements it.
type Store interface {
	// PutChunk stores a chunk, replacing one with the same source and key.
	PutChunk(ctx context.Context, c knowledge.Chunk, at time.Time) (int64, error)
	// ChunkByID finds a stored chunk; bot.ErrNotFound otherwise.
	ChunkByID(ctx context.Context, id int64) (knowledge.Chunk, error)
	// DeleteChunk removes a stored chunk and its vectors.
	DeleteChunk(ctx context.Context, id int64) error
	// ChunksOf lists a source's chunks at a path, oldest first.
	ChunksOf(ctx context.Context, source, path string) ([]knowledge.Chunk, error)
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

// Reranker (an LLM) restates a legal question in the Civil Code's terms
// and orders the articles retrieved for it; *llm.Client implements it.
// retrieve returns the candidates for the restatement; the ranking may
// name only those. On any error the rules' ranking stands.
type Reranker interface {
	RerankLegal(ctx context.Context, question string, retrieve func(restated string) []llm.Passage) (llm.LegalRanking, error)
}

// Config sets the confidence thresholds; the zero value uses the defaults.
type Config struct {
	// Sure is the confidence (knowledge.Result.Confidence, a calibrated
	// probability that the first article is right) at or above which a
	// legal question asked directly is answered with articles. Below it
	// the reply names the area of law, gives general guidance and offers
	// the legal volunteer.
	Sure float64
	// Unprompted is the higher confidence needed to speak up in a group
	// without being asked.
	Unprompted float64
}

func (c Config) withDefaults() Config {
	// knowledge.AnswerThreshold is calibrated for a precision of 0.85 on
	// the development questions (BENCHMARKS.md); a group is spoken to
	// unasked only when surer still.
	if c.Sure == 0 {
		c.Sure = knowledge.AnswerThreshold
	}
	if c.Unprompted == 0 {
		c.Unprompted = 0.85
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
	rerank  Reranker
	// asked keeps each member's last legal question for its follow-ups.
	asked lastAsked
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
	// Reranker orders the articles of a legal answer (an LLM); nil keeps
	// the rules' ranking.
	Reranker Reranker
}

// New builds the workflow.
func New(cfg Config, d Deps) (*Workflow, error) {
	if d.Knowledge == nil || d.Store == nil || d.Coordinators == nil || d.Directory == nil {
		return nil, errors.New("new faq workflow: knowledge base, store, coordinators and directory are required")
	}
	return &Workflow{cfg: cfg.withDefaults(), kb: d.Knowledge, garbage: d.Garbage, store: d.Store,
		coord: d.Coordinators, dir: d.Directory, writer: d.Writer, rerank: d.Reranker}, nil
}

// Register adds the workflow's commands: questions about sorting and
// about neighbours' rights, asked with 「问」 or in residents' own words.
func (w *Workflow) Register(r bot.Registry) {
	r.AddCommand(bot.Command{Keywords: []string{"问", "请问", "咨询"}, Help: "问 <问题> — 垃圾分类、《民法典》常见问题",
		Handle: w.question, Intent: w.garbageIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"问", "请问", "咨询"}, Handle: w.question, Intent: w.legalIntent()})
	r.AddListener(bot.Listener{Name: "faq-legal-follow-up", First: true, Handle: w.followUp})
	r.AddCommand(bot.Command{Keywords: []string{"转志愿者", "转人工", "问志愿者"},
		Help: "转志愿者 <问题> — 把法律问题转给社区法律志愿者", Handle: w.handOver, Intent: handOverIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"添加问答"}, Role: bot.Coordinator,
		Help: "添加问答 问：… 答：… 依据：第X条", Handle: w.addEntry})
	r.AddCommand(bot.Command{Keywords: []string{"修改问答"}, Role: bot.Coordinator,
		Help: "修改问答 #编号 问：… 答：… — 改社区添加的问答", Handle: w.editEntry})
	r.AddCommand(bot.Command{Keywords: []string{"删除问答"}, Role: bot.Coordinator,
		Help: "删除问答 #编号 — 删掉社区添加的问答", Handle: w.deleteEntry})
}
