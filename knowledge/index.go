package knowledge

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"linli/internal/slips"
)

// Options are the ranking weights. The defaults are the ones measured best
// on the development questions; see BENCHMARKS.md for the figures.
type Options struct {
	// K1 and B are the BM25 saturation and length-normalisation constants.
	K1, B float32
	// PathWeight is how much the book/chapter/section titles count next to
	// an article's own text (titles name the topic: 相邻关系, 物业服务合同).
	PathWeight float32
	// ExpansionWeight is how much a statute word added by the lexicon counts
	// next to a word the resident typed.
	ExpansionWeight float32
	// GapExpansionWeight is ExpansionWeight for a lexicon phrasing with a
	// gap (司机…跑): two words of a resident's sentence that have to
	// stand together say more than one word does.
	GapExpansionWeight float32
	// FAQWeight is how much a matching FAQ question lends to the articles it
	// cites.
	FAQWeight float32
	// FAQAnswerWeight is how much an FAQ answer counts next to its question.
	FAQAnswerWeight float32
	// FAQDepth is how many of the best FAQ entries lend to their articles.
	FAQDepth int
	// SectionWeight smooths an article's score with the best score in its
	// section: a question about a topic lifts the whole section a little,
	// so the article stating the general rule is not lost to one that
	// merely repeats the question's words.
	SectionWeight float32
	// UnigramWeight and TrigramWeight add single characters (recall for
	// words that share one character with the statute) and character
	// trigrams (precision for longer legal terms) next to the bigrams.
	// Trigrams measured worse on the development questions and are off by
	// default.
	UnigramWeight, TrigramWeight float32
	// TopicWeight is how much a match against a whole section (all its
	// articles and titles as one text) lends to each article in it.
	TopicWeight float32
	// ConceptWeight is how much the concept an article defines ("合伙合同"
	// in "合伙合同是…") counts, so the article stating a rule's
	// definition is found by a question naming the concept.
	ConceptWeight float32
	// LeadBoost raises the first article of each section, which usually
	// states the section's general rule.
	LeadBoost float32
	// PhrasingWeight is how much an article's everyday phrasings (the
	// lexicon's article lines) lend to it. They are a document of their
	// own, normalised by their own length, not a field of the article:
	// a few short phrasings that match the question well should count
	// fully, not drown in a long article's statute text.
	PhrasingWeight float32
	// PhrasingFieldWeight also puts the phrasings in the article's own
	// document, at this weight, so the coverage rerank and the
	// explanation count the words an article covers through them.
	PhrasingFieldWeight float32
	// EverydayWeight is document-side expansion: an article that contains
	// a lexicon entry's statute phrase verbatim (出租人) carries the
	// entry's everyday words (房东) in a field of this weight, so a
	// resident's word meets the articles that use its statute term, not
	// every article sharing a character with it.
	EverydayWeight float32
	// QueryTFCap caps how much a word repeated in the question counts
	// (BM25's query-side saturation): a pasted story that repeats a
	// phrase should not let that phrase outweigh the rest.
	QueryTFCap float32
	// UnigramK1 and UnigramB are the BM25 constants for single characters,
	// which repeat far more often in an article than bigrams do: they
	// saturate later and are normalised by length less, measured best on
	// the tuning half and confirmed on the other.
	UnigramK1, UnigramB float32
	// CoverageWeight reranks the best RerankDepth articles by the share of
	// the question's words they contain: an article that answers every
	// part of the question beats one that repeats a single part often.
	CoverageWeight float32
	RerankDepth    int
	// GeneralBoost raises the articles of a book's general provisions (a
	// 通则 subdivision, a 一般规定 chapter or section): they state the rule
	// a specific chapter only refines, and a question that names a
	// specific contract or right often rests on them.
	GeneralBoost float32
	// AskBoost is how much more the words of the last sentence count in a
	// question longer than AskMinLen characters: a resident who tells a
	// story first puts the actual question at the end.
	AskBoost  float32
	AskMinLen int
	// AreaBoost raises the articles of the areas of law the question's own
	// words name (婚姻家庭 for 离婚, 租赁 for 押金), in proportion to each
	// area's share of those words: the question is placed in its area
	// first and ranked within it.
	AreaBoost float32
	// ExampleWeight is how much of their score the ExampleDepth example
	// questions (Lexicon.Examples) most like the question lend to the
	// articles that answer them, each only when it holds at least
	// ExampleGate of the question's own words: a resident's phrasing
	// nobody wrote a lexicon line for still meets a question worded like
	// it, and a question that merely shares a word or two borrows nothing.
	ExampleWeight float32
	ExampleDepth  int
	ExampleGate   float32
	// Confidence turns a search's signals into the probability that its
	// first article is right (Result.Confidence).
	Confidence ConfidenceModel
}

// DefaultOptions returns the measured defaults.
func DefaultOptions() Options {
	// B, UnigramWeight, FAQWeight and LeadBoost were tuned jointly on the
	// even-numbered development questions and kept because they also
	// raised the odd-numbered ones (BENCHMARKS.md); so were GeneralBoost
	// and AskBoost, later.
	return Options{K1: 1.2, B: 0.65, PathWeight: 0.3, ExpansionWeight: 0.3, GapExpansionWeight: 0.9,
		FAQWeight: 0.75, FAQAnswerWeight: 0.3, FAQDepth: 5, SectionWeight: 0.2,
		UnigramWeight: 1.3, TopicWeight: 0.2, ConceptWeight: 2, LeadBoost: 0.1,
		CoverageWeight: 0.5, RerankDepth: 20, PhrasingWeight: 0.2, PhrasingFieldWeight: 0.1, EverydayWeight: 0.2,
		UnigramK1: 3, UnigramB: 0.75, QueryTFCap: 1.5,
		GeneralBoost: 0.1, AskBoost: 0.6, AskMinLen: 30, AreaBoost: 0.05,
		ExampleWeight: 0.4, ExampleDepth: 3, ExampleGate: 0.2,
		Confidence: calibratedConfidence}
}

// Index is an immutable in-memory index over chunks. Build a new one to
// change the material; it is safe for concurrent searches.
type Index struct {
	chunks    []Chunk
	opts      Options
	lex       *Lexicon
	passages  *bm25   // articles and guidance paragraphs
	passChunk []int32 // passage doc → chunk
	faq       faqView // the FAQ entries everyone sees
	// local are the FAQ entries each community with entries of its own
	// sees: everyone's and its own.
	local     map[string]*faqView
	byArticle map[int]int32
	maxArt    int
	section   []int32 // article number → section id (-1 when none)
	nSections int
	topics    *bm25   // one document per section
	artDoc    []int32 // article number → passage doc (-1 when absent)
	general   []bool  // article number → in a book's general provisions
	phrases   *bm25   // one document per article with everyday phrasings
	phraseArt []int   // phrase doc → article number
	examples  *bm25   // one document per example question (nil for none)
	// exampleAge is the capacity of the child each example names, ""
	// for none (capacityOf).
	exampleAge []string
}

// faqView indexes the FAQ entries the residents of one community see, so
// another community's entries take no part in scoring their questions,
// not even in a word's rarity.
type faqView struct {
	questions *bm25
	chunk     []int32 // faq doc → chunk
	// scope is the community's number among those with entries of their
	// own, -1 for the entries everyone sees.
	scope int32
}

// faqFor returns the FAQ entries community's residents see.
func (ix *Index) faqFor(community string) *faqView {
	if v, ok := ix.local[community]; ok {
		return v
	}
	return &ix.faq
}

// NewIndex indexes chunks. Later chunks with the same source and key as an
// earlier one replace it, so stored material can override built-in.
func NewIndex(chunks []Chunk, lex *Lexicon, opts Options) *Index {
	seen := map[[2]string]int{}
	var kept []Chunk
	for _, c := range chunks {
		k := [2]string{c.Source, c.Key}
		if i, ok := seen[k]; ok {
			kept[i] = c
			continue
		}
		seen[k] = len(kept)
		kept = append(kept, c)
	}
	ix := &Index{chunks: kept, opts: opts, lex: lex, byArticle: map[int]int32{}}
	var pass [][]field
	for i, c := range kept {
		if c.Kind != KindFAQ { // entries are indexed by indexFAQ
			pass = append(pass, []field{{Normalize(c.Text), 1}, {Normalize(pathTitles(c.Path)), opts.PathWeight},
				{definedConcept(c), opts.ConceptWeight}, {articlePhrasings(lex, c), opts.PhrasingFieldWeight},
				{everydayWords(lex, c, opts.EverydayWeight), opts.EverydayWeight}})
			ix.passChunk = append(ix.passChunk, int32(i))
			if c.Kind == KindArticle {
				ix.byArticle[c.Articles[0]] = int32(i)
			}
		}
		for _, a := range c.Articles {
			ix.maxArt = max(ix.maxArt, a)
		}
	}
	ix.artDoc = make([]int32, ix.maxArt+1)
	for i := range ix.artDoc {
		ix.artDoc[i] = -1
	}
	for d, ci := range ix.passChunk {
		if c := ix.chunks[ci]; c.Kind == KindArticle {
			ix.artDoc[c.Articles[0]] = int32(d)
		}
	}
	ix.section = make([]int32, ix.maxArt+1)
	secID := map[string]int32{}
	for i := range ix.section {
		ix.section[i] = -1
	}
	for _, i := range ix.byArticle {
		c := ix.chunks[i]
		id, ok := secID[c.Path]
		if !ok {
			id = int32(len(secID))
			secID[c.Path] = id
		}
		ix.section[c.Articles[0]] = id
	}
	ix.nSections = len(secID)
	ix.general = make([]bool, ix.maxArt+1)
	for _, i := range ix.byArticle {
		c := ix.chunks[i]
		ix.general[c.Articles[0]] = isGeneralPath(c.Path)
	}
	secDocs := make([][]field, len(secID))
	for path, id := range secID {
		secDocs[id] = []field{{"", 1}, {Normalize(pathTitles(path)), 1}}
	}
	for a := 1; a <= ix.maxArt; a++ {
		if ci, ok := ix.byArticle[a]; ok {
			id := ix.section[a]
			secDocs[id][0].text += Normalize(ix.chunks[ci].Text) + "\n"
		}
	}
	var grams []int
	if opts.UnigramWeight > 0 {
		grams = append(grams, 1)
	}
	if opts.TrigramWeight > 0 {
		grams = append(grams, 3)
	}
	if opts.PhrasingWeight > 0 {
		var docs [][]field
		for a := 1; a <= ix.maxArt; a++ {
			if p := lex.ArticlePhrasings(a); p != "" && ix.artDoc[a] >= 0 {
				docs = append(docs, []field{{p, 1}})
				ix.phraseArt = append(ix.phraseArt, a)
			}
		}
		ix.phrases = newBM25(docs, opts.K1, opts.B, grams)
	}
	ix.passages = newBM25(pass, opts.K1, opts.B, grams)
	ix.indexFAQ(grams)
	if exs := lex.Examples(); len(exs) > 0 && opts.ExampleWeight > 0 {
		docs := make([][]field, len(exs))
		ix.exampleAge = make([]string, len(exs))
		for d, ex := range exs {
			q := Normalize(ex.Question)
			docs[d] = []field{{q, 1}}
			ix.exampleAge[d] = capacityOf(q)
		}
		ix.examples = newBM25(docs, opts.K1, opts.B, grams)
	}
	if opts.TopicWeight > 0 {
		ix.topics = newBM25(secDocs, opts.K1, opts.B, grams)
	}
	return ix
}

// indexFAQ indexes the FAQ entries everyone sees, and for each community
// with entries of its own, those together with its own.
func (ix *Index) indexFAQ(grams []int) {
	var shared []int32
	own := map[string][]int32{}
	var communities []string
	for i, c := range ix.chunks {
		switch {
		case c.Kind != KindFAQ:
			continue
		case c.Source != CommunitySource:
			shared = append(shared, int32(i))
			continue
		}
		if own[c.Path] == nil {
			communities = append(communities, c.Path)
		}
		own[c.Path] = append(own[c.Path], int32(i))
	}
	ix.faq = ix.newFAQView(shared, -1, grams)
	ix.local = make(map[string]*faqView, len(communities))
	for n, name := range communities {
		v := ix.newFAQView(append(slices.Clip(shared), own[name]...), int32(n), grams)
		ix.local[name] = &v
	}
}

// newFAQView indexes the FAQ entries among chunks.
func (ix *Index) newFAQView(chunks []int32, scope int32, grams []int) faqView {
	docs := make([][]field, len(chunks))
	for d, ci := range chunks {
		c := ix.chunks[ci]
		docs[d] = []field{{Normalize(c.Question), 1}, {Normalize(c.Text), ix.opts.FAQAnswerWeight}}
	}
	return faqView{questions: newBM25(docs, ix.opts.K1, ix.opts.B, grams), chunk: chunks, scope: scope}
}

// pathTitles strips the "第N编/章/节" numbering from a path, leaving the
// words that name the topic.
func pathTitles(p string) string {
	var b strings.Builder
	for _, part := range strings.Split(p, " / ") {
		if _, title, ok := strings.Cut(part, " "); ok {
			part = title
		}
		b.WriteString(part)
		b.WriteByte(' ')
	}
	return b.String()
}

// Len is the number of chunks indexed.
func (ix *Index) Len() int { return len(ix.chunks) }

// Chunks returns the indexed chunks; callers must not modify them.
func (ix *Index) Chunks() []Chunk { return ix.chunks }

// Article returns the chunk of a Civil Code article, if imported.
func (ix *Index) Article(n int) (Chunk, bool) {
	if i, ok := ix.byArticle[n]; ok {
		return ix.chunks[i], true
	}
	return Chunk{}, false
}

// Hit is one ranked chunk and why it ranked.
type Hit struct {
	Chunk Chunk
	// Score is the ranking score (BM25, plus what FAQ entries lend).
	Score float64
	// Coverage is the share of the question's weight the chunk answers
	// (0..1), counting words matched directly or through the lexicon. The
	// first article's coverage is one of the signals of Result.Confidence;
	// an entry's decides whether it answers a question word for word.
	Coverage float64
	// Matched are the question's phrases found in the chunk.
	Matched []string

	doc int32 // document in the index the hit came from
}

// Result is what a search found.
type Result struct {
	// Query is the normalised question.
	Query string
	// Community is the community whose residents the search answered:
	// its own FAQ entries took part, no other community's.
	Community string
	// Expansions are the lexicon entries that fired.
	Expansions []Expansion
	// Examples are the example questions that lent their articles.
	Examples []Example
	// Alike is the example that lent which holds the largest share of
	// the question's own words (by weight), and Likeness that share: near
	// 1, a resident asked this question in these words before.
	Alike    Example
	Likeness float32
	// FAQ are the best matching FAQ entries.
	FAQ []Hit
	// Passages are the best articles and guidance paragraphs, with what
	// matching FAQ entries lend to the articles they cite.
	Passages []Hit
	// Articles is the article ranking, including articles cited by FAQ
	// entries that are not imported themselves.
	Articles []int
	// Named are the imported articles the question asks about by number
	// ("民法典第1254条讲的什么"); they lead Articles and Passages.
	Named []int
	// Area is the area of law the question belongs to, named when the
	// answer is not sure enough to cite an article.
	Area AreaGuess
	// Place is where the question belongs in the law as a reply that
	// cites no article names it (Index.place).
	Place Placement
	// Signals are what Confidence rests on.
	Signals Signals
	// Confidence is the calibrated probability (0..1) that the first of
	// Articles is one a good answer rests on; 1 for an article named by
	// number. Below AnswerThreshold an answer should cite no article.
	Confidence float64
	// Reranked reports that a model ordered the articles (Index.Reranked).
	Reranked bool
}

// queryStop are question words that say nothing about the topic; they are
// left out of scoring and of coverage.
var queryStop = map[string]bool{
	"怎么": true, "么办": true, "什么": true, "如何": true, "是否": true, "请问": true,
	"应该": true, "可以": true, "能不": true, "不能": true, "哪些": true, "怎样": true,
	"我们": true, "他们": true, "你们": true, "我的": true, "你好": true, "吗": true,
	"呢": true, "吧": true, "了": true, "的": true, "么样": true, "要怎": true, "该怎": true,
}

// askWords are bigrams of the question's shape (谁负责, 要赔吗): they rank
// like any word but say nothing about whether a chunk covers the topic, so
// coverage leaves them out.
var askWords = map[string]bool{
	"谁负": true, "负责": true, "谁承": true, "承担": true, "谁赔": true, "谁来": true, "来赔": true,
	"要赔": true, "赔吗": true, "犯法": true, "法吗": true, "违法": true, "合法": true, "办法": true,
	"找谁": true, "归谁": true, "谁的": true, "责任": true, "有权": true, "权吗": true, "能告": true,
}

// askPhrases are the shapes of a question and the people in it (请问,
// 怎么办, 是否, 我, 对方): they say nothing about which rule applies, so they
// are cut from the question before it is split into terms. Longer phrases
// come first so 怎么办 goes before 怎么.
var askPhrases = strings.NewReplacer(
	"请问一下", " ", "请问", " ", "想问一下", " ", "想问", " ", "咨询一下", " ", "咨询", " ",
	"怎么办", " ", "怎么处理", " ", "怎么解决", " ", "怎么样", " ", "怎么", " ", "怎样", " ", "如何", " ",
	"该咋办", " ", "咋办", " ", "为什么", " ", "什么", " ", "哪些", " ", "哪个", " ", "哪里", " ",
	"是不是", " ", "是否", " ", "能不能", " ", "能否", " ", "可不可以", " ", "可否", " ", "可以吗", " ",
	"有没有", " ", "要不要", " ", "会不会", " ", "算不算", " ",
	"咋整", " ", "咋弄", " ", "怎么弄", " ", "行不行", " ", "对不对", " ", "好不好", " ",
	"然后", " ", "就是说", " ", "那个", " ", "的话", " ",
	"法律上", " ", "法律规定", " ", "根据法律", " ", "依照法律", " ", "按照法律", " ", "民法典", " ",
	"我们", " ", "你们", " ", "他们", " ", "她们", " ", "我家", " ", "本人", " ",
	"我", " ", "吗", " ", "呢", " ", "吧", " ", "啊", " ", "呀", " ",
)

// stripAsk returns the topic of a normalised question: the question
// without its shape and its person words.
func stripAsk(q string) string { return askPhrases.Replace(q) }

type qterm struct {
	text   string
	weight float32
	orig   bool
}

// Search ranks the material everyone sees for a question, returning up to
// k hits of each kind: no community's own entries take part.
func (ix *Index) Search(query string, k int) Result { return ix.SearchIn("", query, k) }

// SearchIn ranks the material for a question asked by a resident of
// community, returning up to k hits of each kind. The community's own
// FAQ entries take part with the material everyone sees; no other
// community's do, so they shape neither the ranking nor the confidence.
func (ix *Index) SearchIn(community, query string, k int) Result {
	q := slips.Fix(Normalize(query))
	res := Result{Query: q, Community: community}
	fv := ix.faqFor(community)
	var terms []qterm
	pos := map[string]int{}
	add := func(t string, w float32, orig bool) {
		if queryStop[t] {
			return
		}
		if i, ok := pos[t]; ok {
			if orig {
				terms[i].weight += w
				if c := ix.opts.QueryTFCap; c > 0 && terms[i].weight > c {
					terms[i].weight = c
				}
				terms[i].orig = true
			} else if w > terms[i].weight {
				terms[i].weight = w
			}
			return
		}
		pos[t] = len(terms)
		terms = append(terms, qterm{t, w, orig})
	}
	topic := stripAsk(q)
	for _, t := range Tokens(topic) {
		add(t, 1, true)
	}
	if ix.opts.UnigramWeight > 0 {
		for _, t := range appendGrams(nil, topic, 1) {
			add(t, ix.opts.UnigramWeight, false)
		}
	}
	if ix.opts.TrigramWeight > 0 {
		for _, t := range appendGrams(nil, topic, 3) {
			add(t, ix.opts.TrigramWeight, false)
		}
	}
	res.Expansions = ix.lex.Expand(q)
	for _, e := range res.Expansions {
		w := ix.opts.ExpansionWeight
		if e.gapped() {
			w = ix.opts.GapExpansionWeight
		}
		for _, t := range e.tokens {
			add(t, w, false)
		}
	}
	if len(terms) == 0 {
		return res
	}
	if ix.opts.AskBoost > 0 && utf8.RuneCountInString(topic) > ix.opts.AskMinLen {
		ix.stressLastSentence(terms, topic)
	}
	ps := make([]float32, len(ix.passChunk))
	fs := make([]float32, len(fv.chunk))
	var mass float32 // the question's weight, for Signals.Strength
	for _, t := range terms {
		if ix.opts.UnigramK1 > 0 && utf8.RuneCountInString(t.text) == 1 {
			mass += t.weight * ix.passages.scoreWith(t.text, t.weight, ix.opts.UnigramK1, ix.opts.UnigramB, ps)
			fv.questions.score(t.text, t.weight, fs)
			continue
		}
		mass += t.weight * ix.passages.score(t.text, t.weight, ps)
		fv.questions.score(t.text, t.weight, fs)
	}
	areas := ix.lex.Areas()
	areaWords := make([]float32, areas.Len())
	areas.wordScores(q, areaWords)

	faqOrder := topK(fs, max(k, ix.opts.FAQDepth))
	for _, d := range faqOrder {
		ci := fv.chunk[d]
		res.FAQ = append(res.FAQ, Hit{Chunk: ix.chunks[ci], Score: float64(fs[d]), doc: int32(d)})
	}
	// Articles: their own score plus what the best FAQ entries lend.
	art := make([]float32, ix.maxArt+1)
	for d, s := range ps {
		c := &ix.chunks[ix.passChunk[d]]
		if c.Kind == KindArticle {
			a := c.Articles[0]
			if ix.opts.LeadBoost > 0 && (a == 1 || ix.section[a-1] != ix.section[a]) {
				s *= 1 + ix.opts.LeadBoost
			}
			if ix.opts.GeneralBoost > 0 && ix.general[a] {
				s *= 1 + ix.opts.GeneralBoost
			}
			art[a] += s
		}
	}
	for i, d := range faqOrder {
		if i >= ix.opts.FAQDepth {
			break
		}
		for _, a := range ix.chunks[fv.chunk[d]].Articles {
			if a < len(art) {
				art[a] += ix.opts.FAQWeight * fs[d]
			}
		}
	}
	if ix.examples != nil {
		res.Examples, res.Alike, res.Likeness = ix.lendExamples(art, terms, capacityIn(res.Expansions))
	}
	var hs []float32
	if ix.phrases != nil {
		hs = make([]float32, len(ix.phraseArt))
		for _, t := range terms {
			ix.phrases.score(t.text, t.weight, hs)
		}
		for d, s := range hs {
			art[ix.phraseArt[d]] += ix.opts.PhrasingWeight * s
		}
	}
	if ix.topics != nil && ix.nSections > 0 {
		ts := make([]float32, ix.nSections)
		for _, t := range terms {
			ix.topics.score(t.text, t.weight, ts)
		}
		for a := range art {
			if sec := ix.section[a]; sec >= 0 && art[a] > 0 {
				art[a] += ix.opts.TopicWeight * ts[sec]
			}
		}
	}
	if ix.opts.SectionWeight > 0 && ix.nSections > 0 {
		best := make([]float32, ix.nSections)
		for a, s := range art {
			if sec := ix.section[a]; sec >= 0 && s > best[sec] {
				best[sec] = s
			}
		}
		for a := range art {
			if sec := ix.section[a]; sec >= 0 {
				art[a] += ix.opts.SectionWeight * best[sec]
			}
		}
	}
	if ix.opts.AreaBoost > 0 {
		ix.boostAreas(art, areaWords)
	}
	if ix.opts.CoverageWeight > 0 {
		ix.rerank(art, terms)
	}
	res.Named = ix.namedArticles(q)
	if len(res.Named) > 0 {
		var top float32
		for _, s := range art {
			top = max(top, s)
		}
		for i, a := range res.Named {
			art[a] = top + 1 + float32(len(res.Named)-i)
		}
	}
	for d, s := range ps {
		c := &ix.chunks[ix.passChunk[d]]
		if c.Kind == KindArticle {
			ps[d] = art[c.Articles[0]]
		} else {
			ps[d] = s
		}
	}
	for _, d := range topK(ps, k) {
		res.Passages = append(res.Passages, Hit{Chunk: ix.chunks[ix.passChunk[d]], Score: float64(ps[d]), doc: int32(d)})
	}
	res.Articles = topK(art, 10)
	res.Area = areas.guess(areaWords, art, res.Articles)
	res.Place = ix.place(res)
	// Coverage, on which the workflow's confidence threshold rests, is
	// measured on the words as typed (less the stop words), as it was
	// calibrated; only the ranking uses the question without its shape.
	ix.explain(&res, fv, coverWords(q))
	for i := range res.Passages {
		h := &res.Passages[i]
		if h.Chunk.Kind == KindArticle && slices.Contains(res.Named, h.Chunk.Articles[0]) {
			// The resident named this article: it answers the question
			// whatever words they asked with.
			h.Coverage = 1
		}
	}
	ix.judge(&res, fv, art, hs, mass, areaWords, topic)
	return res
}

// topK returns the indexes of the k largest positive scores, best first.
func topK(scores []float32, k int) []int {
	var out []int
	for i, s := range scores {
		if s <= 0 {
			continue
		}
		if len(out) < k {
			out = append(out, i)
			for j := len(out) - 1; j > 0 && scores[out[j]] > scores[out[j-1]]; j-- {
				out[j], out[j-1] = out[j-1], out[j]
			}
			continue
		}
		if s <= scores[out[k-1]] {
			continue
		}
		out[k-1] = i
		for j := k - 1; j > 0 && scores[out[j]] > scores[out[j-1]]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// explain fills each hit's coverage and matched phrases; fv are the FAQ
// entries searched.
func (ix *Index) explain(res *Result, fv *faqView, cover []string) {
	if len(res.FAQ) > 0 {
		qe := newExplainer(fv.questions, res, cover)
		for i := range res.FAQ {
			qe.explain(&res.FAQ[i])
		}
	}
	if len(res.Passages) > 0 {
		pe := newExplainer(ix.passages, res, cover)
		for i := range res.Passages {
			pe.explain(&res.Passages[i])
		}
	}
}

// explainer explains hits of one question in one index: what it needs of
// the question (the ids of its cover words, of the statute words of the
// lexicon entries that fired, and of its bigrams) is looked up once, so
// that explaining each hit is binary searches in the hit's terms.
type explainer struct {
	bm    *bm25
	runes []rune
	// cover are the cover words' ids (-1 when the index does not know
	// one), weights and places in the question as a bigram.
	cover []coverWord
	// exps are the lexicon entries that fired, asked-shaped ones left out.
	exps []firedEntry
	// pairs holds, for each rune of the question, the id of the bigram it
	// starts when that bigram can show as matched (two Han characters, not
	// a question word); -1 when it cannot or the index does not know it.
	pairs []int32
}

type coverWord struct {
	id     int32
	weight float64
	at     []int // where the word starts as a bigram of the question
}

type firedEntry struct {
	tokens []int32 // the statute words' ids, -1 for one the index lacks
	at     []int   // where the everyday phrasing starts in the question
	width  int     // the phrasing's length in runes
}

// newExplainer prepares explaining hits of res's question in bm, coverage
// measured on cover.
func newExplainer(bm *bm25, res *Result, cover []string) *explainer {
	e := &explainer{bm: bm, runes: []rune(res.Query)}
	id := func(t string) int32 {
		if id, ok := bm.terms[t]; ok {
			return id
		}
		return -1
	}
	// where lists the places t occurs in the question.
	where := func(t []rune) []int {
		var at []int
		for p := 0; p+len(t) <= len(e.runes); p++ {
			if slices.Equal(e.runes[p:p+len(t)], t) {
				at = append(at, p)
			}
		}
		return at
	}
	for _, x := range res.Expansions {
		if askShaped(x.Trigger) {
			continue
		}
		var tokens []int32
		for _, t := range x.tokens {
			tokens = append(tokens, id(t))
		}
		for _, part := range x.Parts() {
			r := []rune(part)
			e.exps = append(e.exps, firedEntry{tokens: tokens, at: where(r), width: len(r)})
		}
	}
	for _, t := range cover {
		w := coverWord{id: id(t), weight: float64(bm.topIDF)}
		if w.id >= 0 && bm.idf[w.id] != 0 {
			w.weight = float64(bm.idf[w.id])
		}
		if r := []rune(t); len(r) == 2 {
			w.at = where(r)
		}
		e.cover = append(e.cover, w)
	}
	e.pairs = make([]int32, len(e.runes))
	for i := range e.runes {
		e.pairs[i] = -1
		if i+1 < len(e.runes) && isHan(e.runes[i]) && isHan(e.runes[i+1]) {
			if t := string(e.runes[i : i+2]); !queryStop[t] {
				e.pairs[i] = id(t)
			}
		}
	}
	return e
}

// has reports whether the hit's document holds the term with this id.
func (e *explainer) has(h *Hit, id int32) bool {
	return id >= 0 && e.bm.hasID(h.doc, id)
}

// explain fills h's coverage and matched phrases.
func (e *explainer) explain(h *Hit) {
	// A lexicon entry counts as answered when at least half its statute
	// words are in the chunk; runes of the question inside its everyday
	// phrasing then count as covered.
	var inTrig []bool
	for _, x := range e.exps {
		m := 0
		for _, id := range x.tokens {
			if e.has(h, id) {
				m++
			}
		}
		if len(x.tokens) == 0 || 2*m < len(x.tokens) {
			continue
		}
		if inTrig == nil {
			inTrig = make([]bool, len(e.runes)+1)
		}
		for _, p := range x.at {
			for q := p; q < p+x.width; q++ {
				inTrig[q] = true
			}
		}
	}
	var total, got float64
	for _, w := range e.cover {
		total += w.weight
		if e.has(h, w.id) {
			got += w.weight
			continue
		}
		// A bigram wholly inside an answered phrasing counts fully, one
		// that only touches it (狗|没) counts half.
		touch := 0.0
		for _, p := range w.at {
			switch {
			case inTrig == nil:
			case inTrig[p] && inTrig[p+1]:
				touch = 1
			case inTrig[p] || inTrig[p+1]:
				touch = max(touch, 0.5)
			}
		}
		got += w.weight * touch
	}
	if total > 0 {
		h.Coverage = got / total
	}
	h.Matched = e.matched(h)
}

// matched returns the longest runs of the question whose bigrams the
// hit's chunk contains, for showing why a chunk ranked.
func (e *explainer) matched(h *Hit) []string {
	var out []string
	covered := make([]bool, len(e.runes))
	for i, id := range e.pairs {
		if e.has(h, id) {
			covered[i], covered[i+1] = true, true
		}
	}
	for i := 0; i < len(e.runes); {
		if !covered[i] {
			i++
			continue
		}
		j := i
		for j < len(e.runes) && covered[j] {
			j++
		}
		out = append(out, string(e.runes[i:j]))
		i = j
	}
	sort.SliceStable(out, func(a, b int) bool { return len(out[a]) > len(out[b]) })
	return out
}

// conceptDef finds the concept an article defines: "X是…", "…的，为X".
var conceptDef = regexp.MustCompile(`^([^，。；：、]{2,14}?)(?:是指|是)|的，为([^，。；：、]{2,14}?)。`)

// definedConcept returns the concepts an article defines, for the concept
// field.
func definedConcept(c Chunk) string {
	if c.Kind != KindArticle {
		return ""
	}
	var out []string
	for _, m := range conceptDef.FindAllStringSubmatch(c.Text, -1) {
		for _, g := range m[1:] {
			if g != "" {
				out = append(out, g)
			}
		}
	}
	return Normalize(strings.Join(out, " "))
}

// lendExamples adds to art what the example questions most like the
// question lend the articles that answer them, and returns the examples
// that lent, the one of them that holds the largest share of the
// question's own words and that share. age is the capacity of the child
// the question names (capacityOf): an example about a child of another
// capacity lends nothing, however alike the words.
func (ix *Index) lendExamples(art []float32, terms []qterm, age string) (lent []Example, alike Example, likeness float32) {
	es := make([]float32, len(ix.lex.examples))
	var own float32 // the weight of the question's own words
	for _, t := range terms {
		ix.examples.score(t.text, t.weight, es)
		if t.orig {
			own += t.weight
		}
	}
	if own == 0 {
		return nil, Example{}, 0
	}
	for _, d := range topK(es, ix.opts.ExampleDepth) {
		var shared float32
		for _, t := range terms {
			if t.orig && ix.examples.has(int32(d), t.text) {
				shared += t.weight
			}
		}
		share := shared / own
		if share < ix.opts.ExampleGate || age != "" && ix.exampleAge[d] != "" && ix.exampleAge[d] != age {
			continue
		}
		lent = append(lent, ix.lex.examples[d])
		if share > likeness {
			alike, likeness = ix.lex.examples[d], share
		}
		for _, a := range ix.lex.examples[d].Articles {
			// Only articles imported: an example lends to the Code's
			// text, it is no answer by itself.
			if a < len(art) && ix.artDoc[a] >= 0 {
				art[a] += ix.opts.ExampleWeight * es[d]
			}
		}
	}
	return lent, alike, likeness
}

// rerank scales the best articles' scores by how much of the question
// (idf-weighted, the resident's own words) each contains.
func (ix *Index) rerank(art []float32, terms []qterm) {
	type known struct {
		id  int32
		idf float32
	}
	var total float32
	var ks []known
	for _, t := range terms {
		if !t.orig {
			continue
		}
		if id, ok := ix.passages.terms[t.text]; ok {
			ks = append(ks, known{id, ix.passages.idf[id]})
			total += ix.passages.idf[id]
		}
	}
	if total == 0 {
		return
	}
	for _, a := range topK(art, ix.opts.RerankDepth) {
		d := ix.artDoc[a]
		if d < 0 {
			continue
		}
		var got float32
		for _, k := range ks {
			if ix.passages.hasID(d, k.id) {
				got += k.idf
			}
		}
		art[a] *= 1 + ix.opts.CoverageWeight*got/total
	}
}

// everydayWords returns the everyday phrasings of every lexicon entry whose
// statute phrase the article contains, for the everyday field.
func everydayWords(lx *Lexicon, c Chunk, w float32) string {
	if c.Kind != KindArticle || w <= 0 {
		return ""
	}
	return lx.EverydayFor(Normalize(c.Text))
}

func articlePhrasings(lx *Lexicon, c Chunk) string {
	if c.Kind != KindArticle {
		return ""
	}
	return lx.ArticlePhrasings(c.Articles[0])
}

// askShaped reports whether a phrasing is only the question's shape
// (谁负责), which covers no topic.
func askShaped(s string) bool {
	r := []rune(s)
	for i := 0; i+1 < len(r); i++ {
		if !askWords[string(r[i:i+2])] && !queryStop[string(r[i:i+2])] {
			return false
		}
	}
	return len(r) > 1
}

// isGeneralPath reports whether an article's path lies in a book's general
// provisions: a 通则 subdivision, or a chapter or section of 一般规定.
func isGeneralPath(path string) bool {
	for _, part := range strings.Split(path, " / ") {
		_, title, _ := strings.Cut(part, " ")
		if title == "通则" || title == "一般规定" {
			return true
		}
	}
	return false
}

// sentenceEnd are the marks that close a sentence; commas do not, since
// the question's clauses belong together.
const sentenceEnd = "。！？!?；;"

// stressLastSentence weighs up the terms of a long question's last
// sentence by AskBoost.
func (ix *Index) stressLastSentence(terms []qterm, topic string) {
	last := lastSentence(topic)
	if last == "" {
		return
	}
	in := map[string]bool{}
	for _, t := range Tokens(last) {
		in[t] = true
	}
	for _, t := range appendGrams(nil, last, 1) {
		in[t] = true
	}
	for i := range terms {
		if in[terms[i].text] {
			terms[i].weight *= 1 + ix.opts.AskBoost
		}
	}
}

// lastSentence returns the last sentence of q with at least two
// characters in it.
func lastSentence(q string) string {
	parts := strings.FieldsFunc(q, func(r rune) bool { return strings.ContainsRune(sentenceEnd, r) })
	for i := len(parts) - 1; i >= 0; i-- {
		if p := strings.TrimSpace(parts[i]); utf8.RuneCountInString(p) >= 2 {
			return p
		}
	}
	return ""
}

// codeWords say a question is about the Civil Code itself, so a "第N条"
// in it names an article of the Code.
var codeWords = []string{"民法典", "民法", "法条", "法律条文"}

// namedWords are what a question about an article's text says besides its
// number ("第1087条讲的什么", "第五百七十七条的内容").
var namedWords = strings.NewReplacer("讲的", "", "讲", "", "说的", "", "说", "", "规定", "", "内容", "",
	"意思", "", "条文", "", "原文", "", "解释", "", "是", "", "的", "", "了", "", "啥", "", "有", "")

// namedArticles returns the imported articles a question asks about by
// number. A number counts when the question names the Code (民法典第1254条)
// or says nothing besides the number (第一千零八十七条讲的什么): a resident
// quoting their own contract (合同第5条写着押金不退) names no article.
func (ix *Index) namedArticles(q string) []int {
	locs := articleRef.FindAllStringSubmatchIndex(q, -1)
	if len(locs) == 0 {
		return nil
	}
	code := false
	for _, w := range codeWords {
		code = code || strings.Contains(q, w)
	}
	if !code {
		rest := q
		for i := len(locs) - 1; i >= 0; i-- {
			rest = rest[:locs[i][0]] + " " + rest[locs[i][1]:]
		}
		rest = namedWords.Replace(stripAsk(rest))
		if strings.IndexFunc(rest, isHan) >= 0 {
			return nil
		}
	}
	var out []int
	for _, a := range ParseArticleRefs(q) {
		if _, ok := ix.byArticle[a]; ok && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// Area returns area i of the index's lexicon (AreaGuess.Area).
func (ix *Index) Area(i int) Area { return ix.lex.Areas().Area(i) }

// AreaOf returns the index of the area of law article n belongs to, -1
// when it belongs to none.
func (ix *Index) AreaOf(n int) int { return ix.lex.Areas().Of(n) }

// LawTerm returns the longest of the law's own terms in the normalised
// question (留置权, 保管人, 离婚) and the area it belongs to; "" and -1
// when it names none (Areas.Term).
func (ix *Index) LawTerm(q string) (term string, area int) { return ix.lex.Areas().Term(q) }
