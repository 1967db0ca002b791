package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
	"time"

	"linli/knowledge"
	"linli/knowledge/garbage"
	"linli/knowledge/importer"
	"linli/llm"
	"linli/program"
	"linli/storage/sqlite"
)

// runKB is `linli kb`: import material into the knowledge base, embed it
// for hybrid ranking, list what it holds, and search it the way residents'
// questions are searched.
func runKB(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: linli kb import|embed|list|search [--db PATH] [--config linli.yaml] …")
		return 2
	}
	cmd, rest := args[0], args[1:]
	fs := flag.NewFlagSet("kb "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "linli.db", "SQLite file or postgres:// URL")
	cfgPath := fs.String("config", defaultConfigPath(), "linli.yaml, for the embedding model (import, embed, search)")
	k := fs.Int("k", 5, "hits to show (search)")
	community := fs.String("community", "", "search as a resident of this community, with its own FAQ entries (search)")
	if err := fs.Parse(rest); err != nil {
		return 2
	}
	switch cmd {
	case "import", "embed", "list", "search":
	default:
		fmt.Fprintf(stderr, "kb: unknown command %q (import, embed, list, search)\n", cmd)
		return 2
	}
	var emb *llm.Client
	if cmd != "list" {
		cfg, err := program.LoadConfig(*cfgPath, os.Getenv)
		if err != nil {
			fmt.Fprintf(stderr, "kb %s: %v\n", cmd, err)
			return 2
		}
		var problem string
		if emb, problem = program.Embedder(cfg); problem != "" {
			if cmd == "embed" {
				fmt.Fprintf(stderr, "kb embed: %s\n", problem)
				return 2
			}
			fmt.Fprintf(stderr, "kb %s: %s; ranking by BM25 alone\n", cmd, problem)
		}
	}
	db, err := program.OpenStore(ctx, *dbPath)
	if err != nil {
		fmt.Fprintln(stderr, "kb:", err)
		return 1
	}
	defer db.Close()
	store := sqlite.NewKnowledgeStore(db)
	switch cmd {
	case "import":
		if fs.NArg() == 0 {
			fmt.Fprintln(stderr, "usage: linli kb import [--db PATH] [--config linli.yaml] <file|dir>…")
			return 2
		}
		return kbImport(ctx, db, store, emb, fs.Args(), stdout, stderr)
	case "embed":
		return kbEmbed(ctx, store, emb, stdout, stderr)
	case "list":
		return kbList(ctx, db, store, stdout, stderr)
	}
	q := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if q == "" {
		fmt.Fprintln(stderr, `usage: linli kb search [--db PATH] [--config linli.yaml] [--k N] [--community NAME] "<question>"`)
		return 2
	}
	return kbSearch(ctx, db, store, emb, *community, q, *k, stdout, stderr)
}

// noEmbedModel explains how to turn hybrid ranking on.
const noEmbedModel = "no embedding model is configured: set llm.embed_model in linli.yaml (or LINLI_LLM_EMBED_MODEL), " +
	"with llm.base_url, llm.api_key and llm.model, then run `linli kb embed`"

// kbEmbed is `linli kb embed`: it embeds every stored article and FAQ
// entry that has no vector for the configured model yet, with a progress
// line. Exit 2 when no embedding model is configured, 1 when embedding
// fails (what was embedded before the failure is kept; run it again).
func kbEmbed(ctx context.Context, store *sqlite.KnowledgeStore, emb *llm.Client, stdout, stderr io.Writer) int {
	if emb == nil {
		fmt.Fprintln(stderr, "kb embed:", noEmbedModel)
		return 2
	}
	if err := embedMissing(ctx, store, emb, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "kb embed:", err)
		return 1
	}
	return 0
}

// embedMissing embeds what has no vector yet, drawing progress on stderr
// and saying on stdout what it did.
func embedMissing(ctx context.Context, store *sqlite.KnowledgeStore, emb *llm.Client, stdout, stderr io.Writer) error {
	model := emb.EmbedModel()
	label := "embedding with " + model
	drawn := false
	n, err := knowledge.EmbedMissing(ctx, store, store, emb, func(done, total int) {
		if total > 0 {
			progress(stderr, done, total, label)
			drawn = true
		}
	})
	if drawn {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return err
	}
	if n == 0 {
		fmt.Fprintf(stdout, "embeddings (%s): every article and FAQ entry already has a vector\n", model)
		return nil
	}
	fmt.Fprintf(stdout, "embeddings (%s): %d chunks embedded\n", model, n)
	return nil
}

// kbImport imports every file named, walking directories; each file is one
// source, replaced as a whole when imported again. Every file is checked
// first: when one is bad, nothing is imported (exit 2) and each bad file
// is named. With an embedding model configured it then embeds what has no
// vector yet: chunks whose text a re-import left unchanged keep theirs.
func kbImport(ctx context.Context, db *sqlite.DB, store *sqlite.KnowledgeStore, emb *llm.Client, paths []string, stdout, stderr io.Writer) int {
	names, err := importer.Collect(paths)
	if err != nil {
		fmt.Fprintln(stderr, "kb import:", err)
		return 2
	}
	files, problems := importer.ReadAll(names)
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, "kb import:", p)
		}
		fmt.Fprintf(stderr, "kb import: nothing imported; fix the %d file(s) above or leave them out\n", len(problems))
		return 2
	}
	stores := importer.Stores{Chunks: store, Garbage: sqlite.NewGarbageStore(db)}
	for i, f := range files {
		progress(stderr, i, len(files), f.Source)
		what, err := importer.Store(ctx, stores, f, time.Now())
		if err != nil {
			fmt.Fprintf(stderr, "\nkb import: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s: %s\n", f.Path, what)
	}
	progress(stderr, len(files), len(files), "done")
	fmt.Fprintln(stderr)
	if emb != nil {
		if err := embedMissing(ctx, store, emb, stdout, stderr); err != nil {
			fmt.Fprintf(stderr, "kb import: the files are imported, but embedding them failed: %v\nRun `linli kb embed` to finish.\n", err)
			return 1
		}
	}
	return 0
}

// progress draws a one-line progress bar on stderr.
func progress(w io.Writer, done, total int, label string) {
	const width = 24
	fill := width * done / max(total, 1)
	fmt.Fprintf(w, "\r[%s%s] %d/%d %-40s", strings.Repeat("#", fill), strings.Repeat(".", width-fill), done, total, label)
}

func kbList(ctx context.Context, db *sqlite.DB, store *sqlite.KnowledgeStore, stdout, stderr io.Writer) int {
	faq, err := knowledge.BuiltinFAQ()
	if err != nil {
		fmt.Fprintln(stderr, "kb list:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%-32s %-8s %6d  (built in)\n", knowledge.BuiltinSource, knowledge.KindFAQ, len(faq))
	srcs, err := store.Sources(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "kb list:", err)
		return 1
	}
	for _, s := range srcs {
		fmt.Fprintf(stdout, "%-32s %-8s %6d\n", s.Source, s.Kind, s.Chunks)
	}
	items, err := sqlite.NewGarbageStore(db).GarbageItems(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "kb list:", err)
		return 1
	}
	bySource := map[string]int{}
	for _, it := range items {
		bySource[it.Source]++
	}
	names := make([]string, 0, len(bySource))
	for s := range bySource {
		names = append(names, s)
	}
	sort.Strings(names)
	fmt.Fprintf(stdout, "%-32s %-8s %6d  (built in)\n", "垃圾分类物品", "garbage", len(garbage.Builtin()))
	for _, s := range names {
		fmt.Fprintf(stdout, "%-32s %-8s %6d\n", s, "garbage", bySource[s])
	}
	return 0
}

// kbSearch loads everything residents' questions are answered from (the
// legal index and the garbage classifier, as at start-up) and shows the
// ranking with its reasons, hybrid when an embedding model is configured,
// as a resident of community is answered.
func kbSearch(ctx context.Context, db *sqlite.DB, store *sqlite.KnowledgeStore, emb *llm.Client, community, q string, k int, stdout, stderr io.Writer) int {
	start := time.Now()
	base, err := loadBase(ctx, store, emb, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "kb search:", err)
		return 1
	}
	gc, err := garbage.Load(ctx, sqlite.NewGarbageStore(db))
	if err != nil {
		fmt.Fprintln(stderr, "kb search:", err)
		return 1
	}
	fmt.Fprintf(stderr, "loaded %d chunks and %d garbage items in %s\n", base.Index().Len(), gc.Len(), time.Since(start).Round(time.Millisecond))
	if a := gc.Classify(q); a.Category != garbage.Unknown {
		fmt.Fprintf(stdout, "garbage (%s, %.2f): %s\n", a.How, a.Confidence, a.Reply(""))
	}
	res := base.SearchContext(ctx, community, q, k)
	fmt.Fprintln(stdout, "ranking:", rankingUsed(base))
	for _, e := range res.Expansions {
		fmt.Fprintf(stdout, "lexicon: %s → %s\n", e.Trigger, strings.Join(e.Legal, " "))
	}
	for _, e := range res.Examples {
		fmt.Fprintf(stdout, "example: %s → %s\n", e.Question, citeList(e.Articles))
	}
	if len(res.Articles) > 0 {
		fmt.Fprintf(stdout, "articles: %s\n", citeList(res.Articles))
	}
	fmt.Fprintln(stdout, "FAQ:")
	for i, h := range res.FAQ {
		fmt.Fprintf(stdout, "%2d. %6.2f  cover %.2f  %s  %s  [matched: %s]\n", i+1, h.Score, h.Coverage,
			h.Chunk.Question, citeList(h.Chunk.Articles), strings.Join(h.Matched, " "))
	}
	fmt.Fprintln(stdout, "passages:")
	for i, h := range res.Passages {
		fmt.Fprintf(stdout, "%2d. %6.2f  cover %.2f  %s  %s  [matched: %s]\n", i+1, h.Score, h.Coverage,
			h.Chunk.Title(), excerpt(h.Chunk.Text, 40), strings.Join(h.Matched, " "))
	}
	return 0
}

func citeList(arts []int) string {
	parts := make([]string, len(arts))
	for i, a := range arts {
		parts[i] = fmt.Sprintf("第%d条", a)
	}
	return strings.Join(parts, "、")
}

func excerpt(s string, n int) string {
	r := []rune(strings.ReplaceAll(s, "\n", " "))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n]) + "…"
}

// loadBase loads the knowledge base residents get; embedding failures are
// logged to stderr.
func loadBase(ctx context.Context, store *sqlite.KnowledgeStore, emb *llm.Client, stderr io.Writer) (*knowledge.Base, error) {
	return program.LoadKnowledge(ctx, store, emb, slog.New(slog.NewTextHandler(stderr, nil)))
}

// rankingUsed says how the base ranked the searches made so far: its
// ranking, or BM25 when embedding the questions failed.
func rankingUsed(base *knowledge.Base) string {
	st := base.HybridStats()
	if st.Fallbacks > 0 && st.Hybrid == 0 {
		return "bm25 (embedding the question failed, see the log)"
	}
	return base.Ranking()
}
