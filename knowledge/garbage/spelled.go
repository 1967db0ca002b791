package garbage

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// Residents type by pinyin and pick the wrong characters of the right
// sound (店池 for 电池, 鸡旦壳 for 鸡蛋壳, 除鱼 for 厨余), and tell long
// stories with the item somewhere inside. Respell puts the known name back
// where its sound is; Find picks the known items out of a story.

// soundsOf are the toneless pinyin of each rune of s, "" for a rune that
// is not a Chinese character.
func soundsOf(s string) []string {
	r := []rune(s)
	out := make([]string, len(r))
	args := pinyin.NewArgs()
	for i, ch := range r {
		if !unicode.Is(unicode.Han, ch) {
			continue
		}
		if p := pinyin.SinglePinyin(ch, args); len(p) > 0 {
			out[i] = p[0]
		}
	}
	return out
}

// spokenWords are the category words residents type, kept to be respelled
// like item names (除鱼 for 厨余).
var spokenWords = []string{"垃圾", "厨余", "湿垃圾", "干垃圾", "可回收", "有害"}

// indexSounds maps the sound of each known name of two to five characters
// to the name; a sound two names share is left out, as it decides
// nothing.
func (c *Classifier) indexSounds() {
	c.sounds = map[string]string{}
	shared := map[string]bool{}
	add := func(name string) {
		r := []rune(name)
		if len(r) < 2 || len(r) > 5 {
			return
		}
		ss := soundsOf(name)
		for _, s := range ss {
			if s == "" {
				return
			}
		}
		key := strings.Join(ss, " ")
		if prev, ok := c.sounds[key]; ok && prev != name {
			shared[key] = true
			return
		}
		c.sounds[key] = name
	}
	for _, name := range c.names {
		add(name)
	}
	for _, w := range spokenWords {
		add(w)
	}
	for key := range shared {
		delete(c.sounds, key)
	}
}

// Respell replaces, longest first, each run of two to five characters of
// text that sounds like a known name but is written otherwise with that
// name: 「店池呢」 becomes 「电池呢」. Text without such a run is returned
// as it is.
func (c *Classifier) Respell(text string) string {
	r := []rune(text)
	ss := soundsOf(text)
	var b strings.Builder
	changed := false
	for i := 0; i < len(r); {
		n := 0
		for size := min(5, len(r)-i); size >= 2; size-- {
			window := ss[i : i+size]
			if slicesHaveEmpty(window) {
				continue
			}
			name, ok := c.sounds[strings.Join(window, " ")]
			if ok && name != string(r[i:i+size]) && copulaAsked(r[i+size-1], r[i+size:]) {
				// 「药是什么垃圾」 asks what 药 is; it is no 钥匙.
				continue
			}
			if ok && name != string(r[i:i+size]) {
				b.WriteString(name)
				n, changed = size, true
				break
			}
			if ok {
				// The right name, rightly written: keep it whole.
				n = size
				b.WriteString(name)
				break
			}
		}
		if n == 0 {
			b.WriteRune(r[i])
			n = 1
		}
		i += n
	}
	if !changed {
		return text
	}
	return b.String()
}

// copulaAsked reports whether last, the last character of a run that
// sounds like a name, is the 是 of a question that follows (「是什么」
// 「是啥」「是不是」「是哪」).
func copulaAsked(last rune, rest []rune) bool {
	if last != '是' {
		return false
	}
	after := string(rest)
	for _, q := range []string{"什么", "啥", "不是", "哪", "属于", "可回收", "有害", "厨余", "其他", "干垃圾", "湿垃圾"} {
		if strings.HasPrefix(after, q) {
			return true
		}
	}
	return false
}

func slicesHaveEmpty(ss []string) bool {
	for _, s := range ss {
		if s == "" {
			return true
		}
	}
	return false
}

// Find lists the known items named in a longer text, in the order they
// come, the longest name where names overlap; at most limit.
func (c *Classifier) Find(text, city string, limit int) []Item {
	city = normalizeCity(city)
	r := []rune(strings.ToLower(toHalfWidth(text)))
	var out []Item
	seen := map[string]bool{}
	for i := 0; i < len(r) && len(out) < limit; {
		n := 0
		for size := min(c.maxLen, len(r)-i); size >= 2; size-- {
			if it, ok := c.entry(string(r[i:i+size]), city); ok {
				if !seen[it.Name] {
					seen[it.Name] = true
					out = append(out, it)
				}
				n = size
				break
			}
		}
		if n == 0 {
			n = 1
		}
		i += n
	}
	return out
}
