package garbage

import (
	"bufio"
	"embed"
	"fmt"
	"strings"
)

// builtinFS holds the material we wrote ourselves: the item list and the
// sorting guide. It ships inside the binary, so a fresh install answers the
// everyday questions before anything is imported.
//
//go:embed builtin/items.txt builtin/guide.md
var builtinFS embed.FS

// BuiltinSource is the Source of the built-in items.
const BuiltinSource = "builtin"

// Builtin returns the built-in item list (national standard). It is parsed
// on every call, so callers own the slice.
func Builtin() []Item {
	body, err := builtinFS.ReadFile("builtin/items.txt")
	if err != nil {
		panic(fmt.Sprintf("garbage: built-in item list missing from the binary: %v", err))
	}
	items, err := parseBuiltin(string(body))
	if err != nil {
		panic(fmt.Sprintf("garbage: built-in item list: %v", err))
	}
	return items
}

// parseBuiltin reads the built-in list: "## category" headings, then one
// item a line, optionally followed by a tab and a note.
func parseBuiltin(body string) ([]Item, error) {
	var items []Item
	cat := Unknown
	sc := bufio.NewScanner(strings.NewReader(body))
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		switch {
		case text == "" || strings.HasPrefix(text, "# "):
			continue
		case strings.HasPrefix(text, "## "):
			c, ok := ParseCategory(strings.TrimPrefix(text, "## "))
			if !ok {
				return nil, fmt.Errorf("line %d: unknown category %q", line, text)
			}
			cat = c
			continue
		}
		if cat == Unknown {
			return nil, fmt.Errorf("line %d: item before any category heading", line)
		}
		name, note, _ := strings.Cut(text, "\t")
		items = append(items, Item{Name: strings.TrimSpace(name), Category: cat, Note: strings.TrimSpace(note), Source: BuiltinSource})
	}
	return items, sc.Err()
}

// Guide returns the built-in garbage-sorting guide (Markdown, in Chinese):
// the four categories, what goes in each, bin colours and the commonly
// confused items. The knowledge base indexes it as a guidance document.
func Guide() string {
	body, err := builtinFS.ReadFile("builtin/guide.md")
	if err != nil {
		panic(fmt.Sprintf("garbage: built-in guide missing from the binary: %v", err))
	}
	return string(body)
}
