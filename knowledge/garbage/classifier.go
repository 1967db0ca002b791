package garbage

import (
	"fmt"
	"sort"
	"strings"
)

// Item is one known thing and the category it goes in. City is empty for
// the national standard; an item with a city overrides the national entry
// for communities in that city.
type Item struct {
	Name     string
	Category Category
	City     string
	// Note is an item-specific explanation for the commonly confused ones
	// ("大骨头质地坚硬，难以腐烂"), shown instead of the category's tip.
	Note string
	// Source names where the item came from ("builtin" or an imported file),
	// so a re-import of the same file replaces its own items only.
	Source string
}

// How a query was matched, from most to least certain.
const (
	HowExact     = "exact"     // the whole question named a known item
	HowContained = "contained" // a known item appears inside the question
	HowSimilar   = "similar"   // a known item is spelled much like it
	HowHead      = "head"      // only the head noun or material was recognised
	HowNone      = ""          // nothing recognised
)

// SureConfidence is the confidence at or above which an answer is given
// plainly; below it the reply says it is not sure and names the closest
// known items. Groups should stay quiet below it unless the bot was asked
// directly.
const SureConfidence = 0.6

// maxQueryRunes caps the normalised question: a paste longer than this is
// not a question about one item.
const maxQueryRunes = 24

// Answer is the classifier's verdict on one question.
type Answer struct {
	// Query is the question as asked.
	Query string
	// Normalized is the item the question was reduced to ("奶茶杯").
	Normalized string
	// Item is the known item the answer rests on ("" when none).
	Item     string
	Category Category
	// Confidence is between 0 and 1; see SureConfidence.
	Confidence float64
	// How is one of the How* constants.
	How string
	// Note is the item's own explanation, if it has one.
	Note string
	// Similar names up to three close known items, for "did you mean".
	Similar []string
}

// Sure reports whether the answer is confident enough to be stated plainly.
func (a Answer) Sure() bool { return a.Category != Unknown && a.Confidence >= SureConfidence }

// Reply is the short Chinese answer a resident reads on a phone: the
// category (with the local name in city), the bin colour and one tip; when
// unsure, it says so and names the closest known items.
func (a Answer) Reply(city string) string {
	name := a.Normalized
	if name == "" {
		name = strings.TrimSpace(a.Query)
	}
	if a.Category == Unknown {
		if len(a.Similar) > 0 {
			return fmt.Sprintf("抱歉，我不确定「%s」怎么分类。相近的有：%s。可以换个说法再问我，或请教社区垃圾分类志愿者。",
				name, strings.Join(a.Similar, "、"))
		}
		return "抱歉，我不认识这个物品，没法判断怎么分类。可以换个常见的叫法再问我，或请教社区垃圾分类志愿者。"
	}
	tip := a.Note
	if tip == "" {
		tip = a.Category.Tip(city)
	}
	if !a.Sure() {
		s := fmt.Sprintf("「%s」我不太确定，可能是%s（%s桶）。", name, a.Category.Label(city), a.Category.Bin(city))
		if len(a.Similar) > 0 {
			s += "相近的有：" + strings.Join(a.Similar, "、") + "。"
		}
		return s + "拿不准时请问社区垃圾分类志愿者。"
	}
	subject := a.Item
	if a.How != HowExact || subject == "" {
		subject = name
	}
	return fmt.Sprintf("%s属于%s，请投%s桶。%s。", subject, a.Category.Label(city), a.Category.Bin(city), strings.TrimRight(tip, "。"))
}

// Classifier finds the category of household items. It is built once at
// start from the built-in list and the stored items, and is safe for
// concurrent use (it is never modified after New).
type Classifier struct {
	// entries maps a known name to its entries, one per city.
	entries map[string][]Item
	// names lists the known names, sorted, for stable results.
	names []string
	// bigrams indexes names by their character bigrams for the similarity
	// search.
	bigrams map[string][]int32
	// chars indexes names by their characters, for the neighbour vote.
	chars map[rune][]int32
	// runes holds each name as runes, by index.
	runes [][]rune
	// maxLen is the longest known name in runes.
	maxLen int
	tune   tuning
	bayes  *bayes
	// sounds maps the toneless pinyin of a name ("dian chi") to the
	// name, for Respell.
	sounds map[string]string
}

func categoryIndex(c Category) int {
	switch c {
	case Recyclable:
		return 1
	case Hazardous:
		return 2
	case Kitchen:
		return 3
	case Residual:
		return 4
	}
	return 0
}

// New builds a classifier from items. Later items override earlier ones
// with the same name and city, so stored items passed after the built-in
// list win.
func New(items []Item) *Classifier { return newTuned(items, defaultTuning()) }

func newTuned(items []Item, tu tuning) *Classifier {
	c := &Classifier{entries: map[string][]Item{}, bigrams: map[string][]int32{}, chars: map[rune][]int32{}, tune: tu}
	for _, it := range items {
		key := Normalize(it.Name)
		if key == "" || it.Category == Unknown {
			continue
		}
		it.City = normalizeCity(it.City)
		list := c.entries[key]
		replaced := false
		for i := range list {
			if list[i].City == it.City {
				if it.Note == "" && list[i].Note != "" && list[i].Category == it.Category {
					it.Note = list[i].Note
				}
				list[i] = it
				replaced = true
				break
			}
		}
		if !replaced {
			list = append(list, it)
		}
		c.entries[key] = list
	}
	c.names = make([]string, 0, len(c.entries))
	for k := range c.entries {
		c.names = append(c.names, k)
	}
	sort.Strings(c.names)
	for i, name := range c.names {
		r := []rune(name)
		c.runes = append(c.runes, r)
		if len(r) > c.maxLen {
			c.maxLen = len(r)
		}
		seenChar := map[rune]bool{}
		for _, ch := range r {
			if !seenChar[ch] {
				seenChar[ch] = true
				c.chars[ch] = append(c.chars[ch], int32(i))
			}
		}
		seen := map[string]bool{}
		for _, g := range bigramsOf(r) {
			if !seen[g] {
				seen[g] = true
				c.bigrams[g] = append(c.bigrams[g], int32(i))
			}
		}
	}
	cats := make([]Category, len(c.names))
	for i, name := range c.names {
		cats[i] = c.entries[name][0].Category
	}
	c.bayes = newBayes(c.runes, cats, c.tune.bayesW, c.tune.alpha)
	c.indexSounds()
	return c
}

// Len is the number of known item names.
func (c *Classifier) Len() int { return len(c.names) }

// Lookup returns the known item by exact name for city.
func (c *Classifier) Lookup(name, city string) (Item, bool) {
	return c.entry(Normalize(name), normalizeCity(city))
}

func (c *Classifier) entry(key, city string) (Item, bool) {
	list, ok := c.entries[key]
	if !ok {
		return Item{}, false
	}
	var national *Item
	for i := range list {
		if list[i].City == city {
			return list[i], true
		}
		if list[i].City == "" && national == nil {
			national = &list[i]
		}
	}
	if national != nil {
		return *national, true
	}
	return list[0], true
}

// normalizeCity reduces a city or standard label to the city name
// ("上海(据条目推断)" → "上海", "全国"/"国标…" → "").
func normalizeCity(s string) string {
	s = strings.TrimSpace(toHalfWidth(s))
	if i := strings.IndexAny(s, "(/（"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(strings.TrimSpace(s), "市")
	switch s {
	case "全国", "国标", "国家标准", "未注明", "national":
		return ""
	}
	return s
}

func bigramsOf(r []rune) []string {
	if len(r) < 2 {
		if len(r) == 1 {
			return []string{string(r)}
		}
		return nil
	}
	out := make([]string, 0, len(r)-1)
	for i := 0; i+1 < len(r); i++ {
		out = append(out, string(r[i:i+2]))
	}
	return out
}
