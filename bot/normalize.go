package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"linli/internal/fold"
	"linli/internal/gatedre"
)

// MaxMessageBytes is the longest message linli reads; longer ones get a
// short answer instead of being parsed.
const MaxMessageBytes = 8 << 10

// Normalize turns what a resident typed into what commands are matched
// against: invalid UTF-8 and control characters dropped, full-width letters,
// digits and punctuation folded to half-width (so `＃１２` is `#12`), Chinese
// punctuation kept, runs of spaces (including WeChat's U+2005 after an
// @-mention) collapsed, and the ends trimmed.
func Normalize(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\n':
			if b.Len() > 0 {
				b.WriteRune('\n')
			}
			space = false
			continue
		case unicode.IsSpace(r) || r == '\u3000' || r == '\u2005':
			space = true
			continue
		case unicode.IsControl(r) || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff':
			continue
		}
		r = fold.Rune(r)
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// StripMention removes a leading or trailing "@name" addressed to the bot.
func StripMention(s, botName string) string {
	if botName == "" {
		return s
	}
	at := "@" + botName
	for strings.HasPrefix(s, at) {
		s = strings.TrimSpace(strings.TrimPrefix(s, at))
	}
	for strings.HasSuffix(s, at) {
		s = strings.TrimSpace(strings.TrimSuffix(s, at))
	}
	return s
}

// maxMentionRunes is the longest @-mention read as a name: the @ and a
// group nickname of up to 12 characters; longer is words run on.
const maxMentionRunes = 13

// StripAddress removes the bot's @-mention from a message: its name, and,
// when the message is known to mention the bot, the first @-mention before
// the words whatever it says. A group may give the bot a nickname of its
// own (「@邻里 今天打卡」「@linli 签到 #3」), and WeChat marks the mention
// all the same.
func StripAddress(s, botName string, mentioned bool) string {
	s = StripMention(s, botName)
	if !mentioned || !strings.HasPrefix(s, "@") {
		return s
	}
	name, rest, _ := strings.Cut(s, " ")
	if utf8.RuneCountInString(name) > maxMentionRunes {
		return s
	}
	// A bare mention calls the bot as its own name does; a neighbour
	// named first (「@张三 @社区小助手 …」) leaves the bot's name to take.
	return StripMention(strings.TrimSpace(rest), botName)
}

// leadingMentions are @-mentions before a message's words.
var leadingMentions = gatedre.MustCompile(`^(@\S+\s+)+`)

// StripLeadingMentions removes the @-mentions before a message's words,
// whoever they name: what a handler reading the message's own text needs.
func StripLeadingMentions(s string) string {
	return strings.TrimSpace(leadingMentions.ReplaceAllString(strings.TrimSpace(s), ""))
}
