// Package sim is the simulated gateway and the transcript format of
// `linli sim`: a whole conversation, with the clock, in a text file a
// coordinator could read. It runs through the real router, workflows,
// scheduler and store.
//
// Golden transcripts live next to the workflow they exercise, as
// testdata/NAME.sim with the expected output in testdata/NAME.golden; the
// test in cmd/linli runs every one of them through the fully wired program
// (go test ./cmd/linli -run Golden -update rewrites the .golden files).
package sim

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// LineKind is what a transcript line does.
type LineKind int

// The kinds of transcript line.
const (
	LineMessage   LineKind = iota // [chat] sender: text
	LineNow                       // @now 2026-11-24 08:00
	LineGroup                     // @group 锦霞一群 community=锦霞社区
	LineAdmin                     // @admin 李主任 [community=锦霞社区]
	LineRedeliver                 // @redeliver
	LineRelogin                   // @relogin: every platform id changes
	LineRename                    // @rename 锦霞一群 张三 张三丰: a display-name change
	LineDown                      // @down 2026-11-24 22:00: linli is stopped until then
	LineCode                      // @code AB23CD45 [community=锦霞社区]: issue a known coordinator code
)

// PrivateChat is how a transcript names the private chat with the bot.
const PrivateChat = "私聊"

// OfficialAccountChat is how a transcript names a follower's chat with the
// Official Account (公众号).
const OfficialAccountChat = "公众号"

// Line is one parsed transcript line.
type Line struct {
	No        int
	Raw       string
	Kind      LineKind
	Chat      string // group name or PrivateChat
	Sender    string
	Text      string
	Time      time.Time
	Group     string
	Community string
	Name      string
	NewName   string
}

// ParseError names the line that could not be read.
type ParseError struct {
	No   int
	Text string
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %s: %q", e.No, e.Msg, e.Text) }

// Parser reads transcript lines one at a time, so an interactive console
// and a script file share it.
type Parser struct {
	sc  *bufio.Scanner
	no  int
	loc *time.Location
}

// NewParser reads lines from r; times are read in loc.
func NewParser(r io.Reader, loc *time.Location) *Parser {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	return &Parser{sc: sc, loc: loc}
}

// Next returns the next meaningful line; io.EOF at the end.
func (p *Parser) Next() (Line, error) {
	for p.sc.Scan() {
		p.no++
		raw := strings.TrimRight(p.sc.Text(), "\r")
		trimmed := strings.TrimSpace(raw)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		l, err := ParseLine(p.no, trimmed, p.loc)
		l.Raw = trimmed
		return l, err
	}
	if err := p.sc.Err(); err != nil {
		return Line{}, fmt.Errorf("line %d: %w", p.no+1, err)
	}
	return Line{}, io.EOF
}

// ParseLine parses one non-empty, non-comment line.
func ParseLine(no int, s string, loc *time.Location) (Line, error) {
	bad := func(msg string) (Line, error) { return Line{}, &ParseError{No: no, Text: s, Msg: msg} }
	if strings.HasPrefix(s, "@") {
		word, rest, _ := strings.Cut(s, " ")
		rest = strings.TrimSpace(rest)
		switch word {
		case "@now":
			t, err := parseTime(rest, loc)
			if err != nil {
				return bad("want @now YYYY-MM-DD HH:MM")
			}
			return Line{No: no, Kind: LineNow, Time: t}, nil
		case "@down":
			t, err := parseTime(rest, loc)
			if err != nil {
				return bad("want @down YYYY-MM-DD HH:MM")
			}
			return Line{No: no, Kind: LineDown, Time: t}, nil
		case "@group":
			name, opts := splitOpts(rest)
			if name == "" || opts["community"] == "" {
				return bad("want @group NAME community=COMMUNITY")
			}
			return Line{No: no, Kind: LineGroup, Group: name, Community: opts["community"]}, nil
		case "@admin":
			name, opts := splitOpts(rest)
			if name == "" {
				return bad("want @admin NAME [community=COMMUNITY]")
			}
			return Line{No: no, Kind: LineAdmin, Name: name, Community: opts["community"]}, nil
		case "@code":
			code, opts := splitOpts(rest)
			if code == "" || strings.Contains(code, " ") {
				return bad("want @code CODE [community=COMMUNITY]")
			}
			return Line{No: no, Kind: LineCode, Text: code, Community: opts["community"]}, nil
		case "@redeliver":
			return Line{No: no, Kind: LineRedeliver}, nil
		case "@relogin":
			return Line{No: no, Kind: LineRelogin}, nil
		case "@rename":
			f := strings.Fields(rest)
			if len(f) != 3 {
				return bad("want @rename GROUP OLDNAME NEWNAME")
			}
			return Line{No: no, Kind: LineRename, Group: f[0], Name: f[1], NewName: f[2]}, nil
		}
		return bad("unknown directive " + word)
	}
	if !strings.HasPrefix(s, "[") {
		return bad("want [chat] sender: text, or a directive starting with @")
	}
	end := strings.Index(s, "]")
	if end < 0 {
		return bad("missing ]")
	}
	chat := strings.TrimSpace(s[1:end])
	body := strings.TrimSpace(s[end+1:])
	sender, text, ok := cutColon(body)
	if chat == "" || !ok || sender == "" {
		return bad("want [chat] sender: text")
	}
	return Line{No: no, Kind: LineMessage, Chat: chat, Sender: sender, Text: text}, nil
}

// cutColon splits "sender: text" at the first ASCII or full-width colon.
func cutColon(s string) (string, string, bool) {
	i := strings.IndexAny(s, ":：")
	if i < 0 {
		return "", "", false
	}
	_, size := firstRune(s[i:])
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+size:]), true
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		if i == 0 {
			return r, len(string(r))
		}
	}
	return 0, 0
}

func splitOpts(s string) (string, map[string]string) {
	opts := map[string]string{}
	var name []string
	for _, f := range strings.Fields(s) {
		if k, v, ok := strings.Cut(f, "="); ok {
			opts[k] = v
			continue
		}
		name = append(name, f)
	}
	return strings.Join(name, " "), opts
}

func parseTime(s string, loc *time.Location) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad time %q", s)
}
