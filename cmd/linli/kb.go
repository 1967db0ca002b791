package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"linli/knowledge"
	"linli/knowledge/garbage"
	"linli/storage/sqlite"
)

// runKB is `linli kb`: import material into the knowledge base, list what
// it holds, and search it the way residents' questions are searched.
func runKB(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: linli kb import|list|search [--db PATH] …")
		return 2
	}
	cmd, rest := args[0], args[1:]
	fs := flag.NewFlagSet("kb "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "linli.db", "database file")
	k := fs.Int("k", 5, "hits to show (search)")
	if err := fs.Parse(rest); err != nil {
		return 2
	}
	db, err := sqlite.Open(ctx, *dbPath)
	if err != nil {
		fmt.Fprintln(stderr, "kb:", err)
		return 1
	}
	defer db.Close()
	store := sqlite.NewKnowledgeStore(db)
	switch cmd {
	case "import":
		if fs.NArg() == 0 {
			fmt.Fprintln(stderr, "usage: linli kb import [--db PATH] <file|dir>…")
			return 2
		}
		return kbImport(ctx, db, store, fs.Args(), stdout, stderr)
	case "list":
		return kbList(ctx, db, store, stdout, stderr)
	case "search":
		q := strings.TrimSpace(strings.Join(fs.Args(), " "))
		if q == "" {
			fmt.Fprintln(stderr, `usage: linli kb search [--db PATH] [--k N] "<question>"`)
			return 2
		}
		return kbSearch(ctx, db, store, q, *k, stdout, stderr)
	}
	fmt.Fprintf(stderr, "kb: unknown command %q (import, list, search)\n", cmd)
	return 2
}

// kbImport imports every file named, walking directories; each file is one
// source, replaced as a whole when imported again.
func kbImport(ctx context.Context, db *sqlite.DB, store *sqlite.KnowledgeStore, paths []string, stdout, stderr io.Writer) int {
	var files []string
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && importable(path) {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			fmt.Fprintln(stderr, "kb import:", err)
			return 1
		}
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "kb import: no .jsonl, .tsv, .md or .txt files found")
		return 1
	}
	failed := 0
	for i, path := range files {
		progress(stderr, i, len(files), filepath.Base(path))
		n, what, err := importFile(ctx, db, store, path)
		if err != nil {
			fmt.Fprintf(stderr, "\nkb import %s: %v\n", path, err)
			failed++
			continue
		}
		fmt.Fprintf(stdout, "%s: %d %s\n", path, n, what)
	}
	progress(stderr, len(files), len(files), "done")
	fmt.Fprintln(stderr)
	if failed > 0 {
		return 1
	}
	return 0
}

func importable(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".tsv", ".md", ".txt":
		return true
	}
	return false
}

// importFile imports one file under its base name as the source.
func importFile(ctx context.Context, db *sqlite.DB, store *sqlite.KnowledgeStore, path string) (int, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	source := filepath.Base(path)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".tsv":
		res, err := garbage.Import(ctx, sqlite.NewGarbageStore(db), f, source)
		if err != nil {
			return 0, "", err
		}
		return res.Stored, fmt.Sprintf("garbage items (%d lines, %d conflicts, %d skipped)", res.Read, res.Conflicts, len(res.Skipped)), nil
	case ".jsonl":
		chunks, err := knowledge.ParseJSONL(source, f)
		if err != nil {
			return 0, "", err
		}
		if err := store.ReplaceSource(ctx, source, chunks, time.Now()); err != nil {
			return 0, "", err
		}
		return len(chunks), kindsOf(chunks), nil
	default:
		chunks, err := knowledge.ParseDocument(source, f)
		if err != nil {
			return 0, "", err
		}
		if err := store.ReplaceSource(ctx, source, chunks, time.Now()); err != nil {
			return 0, "", err
		}
		return len(chunks), "paragraphs", nil
	}
}

func kindsOf(chunks []knowledge.Chunk) string {
	n := map[knowledge.Kind]int{}
	for _, c := range chunks {
		n[c.Kind]++
	}
	var parts []string
	for _, k := range []knowledge.Kind{knowledge.KindArticle, knowledge.KindFAQ, knowledge.KindGuide} {
		if n[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, n[k]))
		}
	}
	return "chunks (" + strings.Join(parts, ", ") + ")"
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
// ranking with its reasons.
func kbSearch(ctx context.Context, db *sqlite.DB, store *sqlite.KnowledgeStore, q string, k int, stdout, stderr io.Writer) int {
	start := time.Now()
	base, err := knowledge.Load(ctx, store, knowledge.DefaultOptions())
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
	res := base.Search(q, k)
	for _, e := range res.Expansions {
		fmt.Fprintf(stdout, "lexicon: %s → %s\n", e.Trigger, strings.Join(e.Legal, " "))
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
