package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/shareddata"
	"linli/knowledge"
	"linli/program"
)

const devSet = "../../bot/intent/testdata/dev.tsv"

func devRows(tb testing.TB) []intent.Row {
	tb.Helper()
	return rowsOf(tb, devSet)
}

// rowsOf reads a set of messages with their places and intents.
func rowsOf(tb testing.TB, path string) []intent.Row {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := intent.ParseRows(f)
	if err != nil {
		tb.Fatal(err)
	}
	return rows
}

// TestIntentDevSet holds the wired router to the targets on both halves of
// the development set: what residents type is done right at least 95% of
// the time, every intent with enough rows at least 85%, and group chatter
// always stays silent.
func TestIntentDevSet(t *testing.T) {
	rows := devRows(t)
	for half := range 2 {
		rep, err := evalIntents(context.Background(), intent.Half(rows, half), filepath.Join(t.TempDir(), "dev.db"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Accuracy() < 0.95 {
			t.Errorf("half %d: overall %.3f, want at least 0.95", half, rep.Accuracy())
		}
		for name, c := range rep.PerIntent {
			if c[1] >= 5 && float64(c[0]) < 0.85*float64(c[1]) {
				t.Errorf("half %d: %s %d/%d, want at least 85%%", half, name, c[0], c[1])
			}
		}
		if rep.ChatterSilent != rep.Chatter {
			t.Errorf("half %d: chatter silent %d/%d, want all", half, rep.ChatterSilent, rep.Chatter)
		}
		if t.Failed() {
			for _, m := range rep.Misses {
				t.Logf("line %d [%s] %q: want %s, got %s", m.Line, m.Place, m.Text, m.Want, m.Got)
			}
		}
	}
}

// TestIntentWordsSet holds the router to the sets of residents' own words
// written blind for the readings of the fourteenth round (calling off
// help, taking a task by its description, asking after one's request,
// authority claimed in words, a word passed on to the community, heated
// words, one's own data) and of the fifteenth (a neighbour's business,
// scams, speaking for somebody, votes and places for somebody else,
// questions about an event, volunteers' hours) and of the sixteenth
// (privacy asked more ways, a rating in another's place, check-ins told,
// points and rules asked): at least 95%, 94% and 90% right, and every
// group chatter line silent.
func TestIntentWordsSet(t *testing.T) {
	for name, least := range map[string]float64{"words.tsv": 0.95, "words2.tsv": 0.94, "words3.tsv": 0.90} {
		t.Run(name, func(t *testing.T) {
			rows := rowsOf(t, "../../bot/intent/testdata/"+name)
			rep, err := evalIntents(context.Background(), rows, filepath.Join(t.TempDir(), "words.db"), nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Accuracy() < least || rep.ChatterSilent != rep.Chatter {
				for _, m := range rep.Misses {
					t.Logf("line %d [%s] %q: want %s, got %s", m.Line, m.Place, m.Text, m.Want, m.Got)
				}
				t.Errorf("%s: %d/%d right (want at least %.0f%%), chatter silent %d/%d", name, rep.Right, rep.Total, least*100, rep.ChatterSilent, rep.Chatter)
			}
		})
	}
}

// BenchmarkIntentResolution measures deciding one message of the
// development set with every workflow's intents registered, each read
// afresh rather than from the resolver's memo, and reports
// the 99th percentile and the one-off cost of building the resolver.
func BenchmarkIntentResolution(b *testing.B) {
	rows := devRows(b)
	p, err := program.NewSim(context.Background(), program.DefaultConfig(), filepath.Join(b.TempDir(), "bench.db"), io.Discard, false,
		slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	r := p.Program.Router
	start := time.Now()
	res, err := r.Resolver()
	if err != nil {
		b.Fatal(err)
	}
	build := time.Since(start)
	// Each message is decided several times and its fastest run kept: on
	// a shared machine a thread is preempted mid-call often enough to
	// drown the resolver's own cost in the scheduler's.
	const runs = 5
	best := make([]time.Duration, len(rows))
	took := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		k := i % len(rows)
		res.Forget() // the reading itself, not the memo of a text seen before
		t0 := time.Now()
		if _, err := r.Means(rows[k].Text, rows[k].Place, bot.Resident); err != nil {
			b.Fatal(err)
		}
		d := time.Since(t0)
		took = append(took, d)
		if i < runs*len(rows) && (best[k] == 0 || d < best[k]) {
			best[k] = d
		}
	}
	b.StopTimer()
	b.ReportMetric(p99(took), "p99-ms")
	if b.N >= runs*len(rows) {
		b.ReportMetric(p99(best), "p99-best-of-5-ms")
	}
	b.ReportMetric(float64(build.Microseconds())/1000, "build-ms")
}

// p99 is the 99th percentile of ds in milliseconds.
func p99(ds []time.Duration) float64 {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return float64(s[len(s)*99/100].Microseconds()) / 1000
}

// layRows reads one of the knowledge package's files of lay legal
// questions (question<TAB>articles; name is relative to the package) as
// private messages that want the legal answer.
func layRows(tb testing.TB, name string) []intent.Row {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("../../knowledge", name))
	if err != nil {
		tb.Fatal(err)
	}
	var rows []intent.Row
	for i, line := range strings.Split(string(data), "\n") {
		q, _, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		rows = append(rows, intent.Row{Line: i + 1, Text: q, Place: intent.Private, Want: "legal"})
	}
	return rows
}

// TestLayLegalQuestionsGetTheLegalAnswer sends the project's lay legal
// questions, as residents type them, to the bot in a private chat. Most
// are answered as legal questions, most of the rest are offered the
// legal answer by number, and few get the general menu, which would make
// the resident start again. Before questions were read by their subject,
// the blind file's first 82 questions got the legal answer 25 times and
// the menu 47 times; before grievances told without a word of rights or
// duties were offered the legal answer, the menu 22 times (33 of all
// 122, against 16 after). The examples file lends to its own questions'
// legal search, so its counts flatter the routing; the blind file's
// fourth batch (40) got the menu 6 times and a volunteer request none,
// its fifth 5 times, its sixth 4, its seventh 3. Placing a question by an
// example that holds much of its words, as by the words of an area of
// law, took the blind file's menus from 32 to 28 of 242. A story that
// asks whether what the other side says stands (「…真是这样吗」) took the
// examples file's menus from 63 to 54 of 1,001; reading a question mark
// mid-message and the tail 「…不」 as a question answered 9 more that were
// only offered. A legal question taken as a request for a volunteer is
// the worst of the misses (a task nobody asked for): reading 要求, 请求
// and 能不能 alone as no plea for a hand took them from 60 to 30 in the
// examples file and from 18 to 13 in the blind file. The law's own terms
// (诉讼时效, 居住权, 婚姻无效), 房本写名字, the words of a deal or a family
// that frame only away from the programme's words (委托, 公证, 反悔), and
// garbage that harms read as law took the menus from 53 to 16 of the
// examples and from 31 to 24 of the blind file. A story of what another
// side says or refuses, with no plea in so many words, is no request:
// 29 → 21 and 13 → 11 taken as volunteer requests. The law's own terms
// (留置权, 保管人, 离婚), a death caused (压死, 电死) and 「不干」 no longer
// read as 干垃圾 took the menus from 18 to 14 of the examples and from 24
// to 21 of the blind file. Help told as hired or had (「我找人把门撬开了」
// 「表哥帮我把车卖了」) is a story, not a plea: 21 → 14 and 11 → 10 taken
// as volunteer requests; so, unless urgent, is harm another side did
// (「水漏到我家」「把我家孩子吓得」): 14 → 11 and, with the eighth batch,
// 10 → 9 of 332.
func TestLayLegalQuestionsGetTheLegalAnswer(t *testing.T) {
	for _, f := range []struct {
		name                      string
		answered, menus, requests int // at least, at most, at most
	}{
		{"builtin/examples.tsv", 670, 18, 13},
		// With the eighth batch (50): 215 of 332, 23 menus, 9 requests.
		// With the 120 first questions added later to measure, and a
		// yes-no question about a right (「尾款能不能不付」) or what the
		// other side insists on (「非要」「婆家不出」) no longer a plea:
		// 366 of 452, 29 menus, 2 requests.
		{"testdata/lay_questions_blind.tsv", 340, 31, 4},
	} {
		checkLegalRouting(t, f.name, layRows(t, f.name), f.answered, f.menus, f.requests)
	}
}

// checkLegalRouting sends legal questions to the bot in a private chat
// and holds how many are answered as legal (at least answered), get the
// general menu (at most menus) and are taken as a request for a volunteer
// (at most requests).
func checkLegalRouting(t *testing.T, name string, rows []intent.Row, answered, menus, requests int) {
	t.Helper()
	rep, err := evalIntents(context.Background(), rows, filepath.Join(t.TempDir(), "legal.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, m := range rep.Misses {
		got[m.Got]++
	}
	t.Logf("%s: %d of %d answered as legal, %d asked back, %d menus, %d taken as a volunteer request",
		name, rep.Right, rep.Total, got["ask"], got[intent.None], got["request"])
	if rep.Right < answered || got[intent.None] > menus || got["request"] > requests {
		t.Errorf("%s: %d answered as legal, want at least %d; %d menus, want at most %d; %d volunteer requests, want at most %d",
			name, rep.Right, answered, got[intent.None], menus, got["request"], requests)
	}
}

// TestPublicLegalQuestionsGetTheLegalAnswer sends the public legal
// questions to the bot in a private chat, each half on its own: the
// questions the law's own terms were chosen on (even) and the ones they
// were not (odd). Many name something only by the law's term (留置权,
// 保管人, 人格权, 离婚) and no word of what is owed; before those terms
// were read, the general menu went to 88 of the even half and 75 of the
// odd, against 27 and 33 after; the forms of asking chosen on the even
// half next (能否要求, 可以不支付, 归业主吗, 怎么解决, 可以拒绝吗) took them
// to 19 and 32.
func TestPublicLegalQuestionsGetTheLegalAnswer(t *testing.T) {
	f, err := os.Open(shareddata.Path(t, "civil_code_qa.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := knowledge.ParseEvalRows(f)
	if err != nil {
		t.Fatal(err)
	}
	var halves [2][]intent.Row
	for i, r := range all {
		halves[i%2] = append(halves[i%2], intent.Row{Line: i + 1, Text: r.Question, Place: intent.Private, Want: "legal"})
	}
	for h, floor := range []struct {
		name                      string
		answered, menus, requests int // at least, at most, at most
	}{
		{"even half", 505, 24, 3},
		{"odd half", 490, 38, 3},
	} {
		checkLegalRouting(t, floor.name, halves[h], floor.answered, floor.menus, floor.requests)
	}
}
