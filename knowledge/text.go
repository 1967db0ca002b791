package knowledge

import (
	"bufio"
	"fmt"
	"io"
	"linli/internal/fold"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize folds the ways residents type the same text: full-width letters,
// digits and punctuation become half-width, the ideographic space a space,
// Latin letters lower case. Retrieval and the chat grammar both rely on it.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(unicode.ToLower(fold.Rune(r)))
	}
	return b.String()
}

// isHan reports whether r is a Chinese character.
func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// isWordRune reports whether r belongs to a Latin or digit word.
func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// Tokens splits normalised text into index terms: overlapping character
// bigrams inside each run of Chinese characters (a lone character stands for
// itself), and whole Latin or digit words. Bigrams need no dictionary, so
// statute words and residents' words meet on shared characters.
func Tokens(s string) []string {
	return appendTokens(nil, s)
}

func appendTokens(out []string, s string) []string {
	var run []rune
	flush := func() {
		switch len(run) {
		case 0:
		case 1:
			out = append(out, string(run))
		default:
			for i := 0; i+1 < len(run); i++ {
				out = append(out, string(run[i:i+2]))
			}
		}
		run = run[:0]
	}
	word := -1
	for i, r := range s {
		if isWordRune(r) {
			flush()
			if word < 0 {
				word = i
			}
			continue
		}
		if word >= 0 {
			out = append(out, strings.ToLower(s[word:i]))
			word = -1
		}
		if isHan(r) && !isParticle(r) {
			run = append(run, r)
			continue
		}
		flush()
	}
	if word >= 0 {
		out = append(out, strings.ToLower(s[word:]))
	}
	flush()
	return out
}

// HanShare is the share of letters in s that are Chinese characters; the
// workflow uses it to tell an English question from a Chinese one.
func HanShare(s string) float64 {
	var han, letters int
	for _, r := range s {
		switch {
		case isHan(r):
			han++
			letters++
		case unicode.IsLetter(r):
			letters++
		}
	}
	if letters == 0 {
		return 0
	}
	return float64(han) / float64(letters)
}

// appendGrams appends the n-grams (n = 1 or 3) of each run of Chinese
// characters longer than n; they complement the bigrams of Tokens.
func appendGrams(out []string, s string, n int) []string {
	var run []rune
	flush := func() {
		if len(run) > n {
			for i := 0; i+n <= len(run); i++ {
				out = append(out, string(run[i:i+n]))
			}
		}
		run = run[:0]
	}
	for _, r := range s {
		if isHan(r) {
			run = append(run, r)
			continue
		}
		flush()
	}
	flush()
	return out
}

// isParticle reports whether r is a grammatical particle that only glues
// words together (的, 了, 吗…); bigrams across it carry no meaning.
func isParticle(r rune) bool {
	switch r {
	case '的', '了', '吗', '呢', '吧', '啊', '呀', '么':
		return true
	}
	return false
}

// scanLines calls fn with each line of r (up to 1 MiB) that is neither
// blank nor a '#' comment, trimmed, and its line number; what names the
// material in a read error.
func scanLines(r io.Reader, what string, fn func(line int, text string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if err := fn(line, t); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	return nil
}
