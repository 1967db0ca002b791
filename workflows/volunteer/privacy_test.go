package volunteer_test

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"linli/workflows/volunteer"
)

// healthPhrases are the health details a request may carry; none may reach
// a group. Single characters ("药") are left out: other workflows say
// "过期药品是有害垃圾" in groups, rightly.
var healthPhrases = []string{"复查", "复诊", "看病", "拿药", "配药", "开药", "降压药", "透析", "化疗", "输液", "打针", "血压", "血糖",
	"糖尿病", "高血压", "心脏病", "骨折", "偏瘫", "瘫痪", "抑郁", "失眠", "发烧", "摔了", "腿脚不便", "行动不便", "住院", "手术", "拍片", "抽血", "体检", "换药"}

var (
	rePhoneFull   = regexp.MustCompile(`1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}`)
	rePhoneMasked = regexp.MustCompile(`1[3-9][0-9]\*{4}[0-9]{4}`)
	reMessageLine = regexp.MustCompile(`^\[([^\]]+)\] ([^:：]+)[:：] ?(.*)$`)
)

// repoRoot walks up to the directory holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// groupMessages returns the messages a transcript's output sent to groups,
// continuation lines joined.
func groupMessages(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	inGroup := false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "["):
			inGroup = !strings.HasPrefix(line, "[私聊")
			if inGroup {
				out = append(out, line)
			}
		case strings.HasPrefix(line, "  ") && inGroup && len(out) > 0:
			out[len(out)-1] += "\n" + line
		}
	}
	return out
}

// requestSecrets reads a script's messages and returns the phone numbers,
// rooms and health phrases residents wrote.
func requestSecrets(t *testing.T, script string) []string {
	t.Helper()
	body, err := os.ReadFile(script)
	if err != nil {
		return nil
	}
	var secrets []string
	for _, line := range strings.Split(string(body), "\n") {
		m := reMessageLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		text := m[3]
		r := volunteer.ExtractRules(text, testNow)
		if r.Phone != "" {
			secrets = append(secrets, r.Phone, volunteer.MaskPhone(r.Phone))
		}
		if r.Place.Room != "" {
			secrets = append(secrets, r.Place.String())
		}
		for _, h := range healthPhrases {
			if strings.Contains(text, h) {
				secrets = append(secrets, h)
			}
		}
	}
	return secrets
}

// TestTranscriptPrivacy: over every transcript in the repository, no group
// message carries a phone number (whole or masked), a room or a health
// detail from a request.
func TestTranscriptPrivacy(t *testing.T) {
	root := repoRoot(t)
	var goldens []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		dir := filepath.Base(filepath.Dir(path))
		if !d.IsDir() && strings.HasSuffix(path, ".golden") && (dir == "testdata" || dir == "examples") {
			goldens = append(goldens, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, g := range goldens {
		rel, _ := filepath.Rel(root, g)
		secrets := requestSecrets(t, strings.TrimSuffix(g, ".golden")+".sim")
		for _, msg := range groupMessages(t, g) {
			checked++
			if p := rePhoneFull.FindString(msg); p != "" {
				t.Errorf("%s: group message shows phone %s: %s", rel, p, msg)
			}
			if p := rePhoneMasked.FindString(msg); p != "" {
				t.Errorf("%s: group message shows masked phone %s: %s", rel, p, msg)
			}
			for _, s := range secrets {
				if strings.Contains(msg, s) {
					t.Errorf("%s: group message repeats %q from a request: %s", rel, s, msg)
				}
			}
		}
	}
	t.Logf("%d transcripts, %d group messages checked", len(goldens), checked)
	if len(goldens) == 0 {
		t.Fatal("no transcripts found")
	}
}

// TestPrivacyCheckCatchesLeaks makes sure the check above would see a leak.
func TestPrivacyCheckCatchesLeaks(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "leak.sim")
	golden := filepath.Join(dir, "leak.golden")
	os.WriteFile(script, []byte("[锦霞一群] 王奶奶: 求助 明天去医院复查，3号楼2单元301，13812345678\n"), 0o644)
	os.WriteFile(golden, []byte("[私聊→王奶奶] 复查 301 13812345678\n[锦霞一群] 任务 #1\n  地点 3号楼2单元301\n[锦霞一群] 王奶奶要复查\n"), 0o644)
	secrets := requestSecrets(t, script)
	msgs := groupMessages(t, golden)
	if len(msgs) != 2 {
		t.Fatalf("group messages = %q, want 2", msgs)
	}
	leaks := 0
	for _, m := range msgs {
		for _, s := range secrets {
			if strings.Contains(m, s) {
				leaks++
			}
		}
	}
	if leaks != 2 {
		t.Errorf("found %d leaks (secrets %q), want 2 (room, health)", leaks, secrets)
	}
}
