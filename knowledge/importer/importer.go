// Package importer brings files into the knowledge base: Civil Code and
// FAQ entries as JSONL, garbage item lists as TSV, guides as Markdown or
// plain text. Every file is read and checked before anything is stored,
// so a folder with one bad file imports nothing and says which file is
// wrong, instead of leaving half an import behind.
package importer

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"linli/knowledge"
	"linli/knowledge/garbage"
)

// Stores is where an import writes.
type Stores struct {
	Chunks interface {
		ReplaceSource(ctx context.Context, source string, chunks []knowledge.Chunk, now time.Time) error
	}
	Garbage garbage.Store
}

// File is one checked file, ready to store under its base name.
type File struct {
	Path   string
	Source string
	// Chunks are the articles, FAQ entries or paragraphs of a JSONL,
	// Markdown or text file; Items the rows of a garbage TSV.
	Chunks []knowledge.Chunk
	Items  []garbage.Item
	// Garbage says what reading a TSV found (conflicts, skipped lines).
	Garbage garbage.ImportResult
}

// Importable reports whether path has a kind of file the knowledge base
// reads.
func Importable(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".tsv", ".md", ".txt":
		return true
	}
	return false
}

// Collect lists the importable files named, walking folders. Other files
// in a folder are left alone; a file named directly must be importable.
func Collect(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			if !Importable(p) {
				return nil, fmt.Errorf("%s: not a .jsonl, .tsv, .md or .txt file", p)
			}
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && Importable(path) {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no .jsonl, .tsv, .md or .txt files found")
	}
	return files, nil
}

// Read reads and checks one file without storing it. A file that is not
// UTF-8 text, that holds nothing usable, or whose lines are mostly
// unusable is refused with the reason.
func Read(path string) (File, error) {
	body, err := os.ReadFile(path)
	if err != nil {
		return File{}, err
	}
	if !utf8.Valid(body) {
		return File{}, fmt.Errorf("%s: not UTF-8 text (save it as UTF-8 and try again)", path)
	}
	f := File{Path: path, Source: filepath.Base(path)}
	r := strings.NewReader(string(body))
	switch strings.ToLower(filepath.Ext(path)) {
	case ".tsv":
		f.Items, f.Garbage, err = garbage.Prepare(r, f.Source)
		if err != nil {
			return File{}, fmt.Errorf("%s: %w", path, err)
		}
		if len(f.Items) == 0 || len(f.Garbage.Skipped) > f.Garbage.Read/2 {
			return File{}, fmt.Errorf("%s: %d of %d lines are not item<TAB>category (first: %s)", path,
				len(f.Garbage.Skipped), f.Garbage.Read, firstOr(f.Garbage.Skipped, "no lines"))
		}
	case ".jsonl":
		if f.Chunks, err = knowledge.ParseJSONL(f.Source, r); err != nil {
			return File{}, fmt.Errorf("%s: %w", path, err)
		}
	default:
		if f.Chunks, err = knowledge.ParseDocument(f.Source, r); err != nil {
			return File{}, fmt.Errorf("%s: %w", path, err)
		}
	}
	if len(f.Chunks) == 0 && len(f.Items) == 0 {
		return File{}, fmt.Errorf("%s: nothing to import", path)
	}
	return f, nil
}

func firstOr(s []string, def string) string {
	if len(s) == 0 {
		return def
	}
	return s[0]
}

// ReadAll reads and checks every file; it returns every problem found, so
// one run names all the files to fix.
func ReadAll(paths []string) ([]File, []error) {
	var files []File
	var problems []error
	for _, p := range paths {
		f, err := Read(p)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		files = append(files, f)
	}
	return files, problems
}

// Store writes one checked file, replacing what an earlier import of the
// same source stored, and says what it stored.
func Store(ctx context.Context, s Stores, f File, now time.Time) (string, error) {
	if f.Items != nil {
		n, err := s.Garbage.ReplaceGarbageItems(ctx, f.Source, f.Items)
		if err != nil {
			return "", fmt.Errorf("store %s: %w", f.Path, err)
		}
		g := f.Garbage
		return fmt.Sprintf("%d garbage items (%d lines, %d conflicts, %d skipped)", n, g.Read, g.Conflicts, len(g.Skipped)), nil
	}
	if err := s.Chunks.ReplaceSource(ctx, f.Source, f.Chunks, now); err != nil {
		return "", fmt.Errorf("store %s: %w", f.Path, err)
	}
	return fmt.Sprintf("%d %s", len(f.Chunks), kindsOf(f.Chunks)), nil
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
