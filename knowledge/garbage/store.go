package garbage

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
)

// Store keeps imported items, so `linli kb import items.tsv` survives a
// restart. storage/sqlite implements it.
type Store interface {
	// GarbageItems returns every stored item.
	GarbageItems(ctx context.Context) ([]Item, error)
	// ReplaceGarbageItems replaces the items previously imported from
	// source with items; an item already stored from another source under
	// the same name and city is taken over. It returns how many are stored
	// for source afterwards.
	ReplaceGarbageItems(ctx context.Context, source string, items []Item) (int, error)
}

// Load builds the classifier residents get: the built-in list, overridden
// by the stored items.
func Load(ctx context.Context, s Store) (*Classifier, error) {
	stored, err := s.GarbageItems(ctx)
	if err != nil {
		return nil, fmt.Errorf("load garbage items: %w", err)
	}
	return New(append(Builtin(), stored...)), nil
}

// ImportResult says what an import did, for the CLI to print.
type ImportResult struct {
	// Read is the number of data lines read.
	Read int
	// Stored is the number of distinct items stored for the source.
	Stored int
	// Conflicts counts items the file gives more than one category; the
	// majority wins (the first seen on a tie).
	Conflicts int
	// Skipped lists lines that could not be used, as "line N: reason".
	Skipped []string
}

// Import reads an item TSV and stores it under source (usually the file's
// base name), replacing what an earlier import of the same source stored.
func Import(ctx context.Context, s Store, r io.Reader, source string) (ImportResult, error) {
	items, res, err := Prepare(r, source)
	if err != nil {
		return res, err
	}
	n, err := s.ReplaceGarbageItems(ctx, source, items)
	if err != nil {
		return res, fmt.Errorf("import garbage items from %s: %w", source, err)
	}
	res.Stored = n
	return res, nil
}

// Prepare reads an item TSV into the items an import of source would
// store, with conflicts resolved, without storing anything: an import of
// several files checks them all first.
func Prepare(r io.Reader, source string) ([]Item, ImportResult, error) {
	rows, res, err := ParseTSV(r)
	if err != nil {
		return nil, res, err
	}
	items, conflicts := Resolve(rows)
	res.Conflicts = conflicts
	for i := range items {
		items[i].Source = source
	}
	return items, res, nil
}

// ParseTSV reads `item<TAB>category[<TAB>city[<TAB>…]]` lines. A header
// line, blank lines and `#` comments are skipped; category labels are read
// with ParseCategory (湿垃圾 → 厨余垃圾…). Lines that cannot be used are
// reported in the result, not as an error: one bad line should not stop an
// import of thousands.
func ParseTSV(r io.Reader) ([]Item, ImportResult, error) {
	var res ImportResult
	var items []Item
	err := eachTSVRow(r, func(line int, f []string) error {
		if len(f) < 2 {
			res.Skipped = append(res.Skipped, fmt.Sprintf("line %d: want item<TAB>category", line))
			return nil
		}
		name, label := strings.TrimSpace(f[0]), strings.TrimSpace(f[1])
		cat, ok := ParseCategory(label)
		if !ok {
			if res.Read == 0 && isHeader(name, label) {
				return nil
			}
			res.Read++
			res.Skipped = append(res.Skipped, fmt.Sprintf("line %d: unknown category %q", line, label))
			return nil
		}
		res.Read++
		if name == "" {
			res.Skipped = append(res.Skipped, fmt.Sprintf("line %d: empty item", line))
			return nil
		}
		it := Item{Name: name, Category: cat}
		if len(f) > 2 {
			it.City = normalizeCity(f[2])
		}
		items = append(items, it)
		return nil
	})
	if err != nil {
		return nil, res, fmt.Errorf("read item list: %w", err)
	}
	return items, res, nil
}

// eachTSVRow calls fn with the tab-separated fields of each line of r,
// skipping a byte-order mark, blank lines and `#` comments; it stops at
// fn's first error.
func eachTSVRow(r io.Reader, fn func(line int, fields []string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if err := fn(line, strings.Split(text, "\t")); err != nil {
			return err
		}
	}
	return sc.Err()
}

func isHeader(name, label string) bool {
	for _, h := range []string{"item", "name", "query", "物品", "名称", "垃圾", "问题"} {
		if strings.EqualFold(name, h) {
			return true
		}
	}
	return strings.EqualFold(label, "category") || label == "分类" || label == "类别"
}

// Resolve merges rows that name the same item for the same city: the
// category most rows give wins, the first seen on a tie. Sources disagree
// on some items (the public lists were scraped at different times); it
// returns how many items had more than one category.
func Resolve(rows []Item) ([]Item, int) {
	type key struct{ name, city string }
	type tally struct {
		item  Item
		n     map[Category]int
		order []Category
	}
	by := map[key]*tally{}
	var keys []key
	for _, it := range rows {
		k := key{Normalize(it.Name), it.City}
		if k.name == "" {
			continue
		}
		t := by[k]
		if t == nil {
			t = &tally{item: it, n: map[Category]int{}}
			by[k] = t
			keys = append(keys, k)
		}
		if t.n[it.Category] == 0 {
			t.order = append(t.order, it.Category)
		}
		t.n[it.Category]++
	}
	conflicts := 0
	out := make([]Item, 0, len(keys))
	for _, k := range keys {
		t := by[k]
		if len(t.order) > 1 {
			conflicts++
		}
		best := t.order[0]
		for _, c := range t.order[1:] {
			if t.n[c] > t.n[best] {
				best = c
			}
		}
		it := t.item
		it.Category = best
		out = append(out, it)
	}
	return out, conflicts
}
