package program_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/program"
)

// The people of the identity property test. 李主任 alone holds the
// coordinator code and knows the PIN; everyone else may copy any name,
// as a group alias or as their WeChat nickname, and guesses PINs.
var (
	propPeople = []string{"李主任", "王芳", "张三", "李四", "王五", "赵六", "孙七"}
	propGroups = []string{"锦霞一群", "锦霞二群"}
)

const (
	propCoordinator = "李主任"
	propPIN         = "739264"
)

// propPhone and propID are each person's own numbers, so a leak names
// whose it was.
func propPhone(i int) string { return fmt.Sprintf("1390000%04d", i) }
func propID(i int) string    { return fmt.Sprintf("11010119800307%04d", i) }

// identityWorld plays random identity events through the wired program:
// messages from real people whose platform ids change at each re-login,
// renames, copied nicknames, newcomers, requests with phone and ID
// numbers, claims, hand-backs, approvals and dispatches by name.
type identityWorld struct {
	t     *testing.T
	rng   *rand.Rand
	p     *program.Sim
	clock *bot.SimClock
	gen   int
	step  int
	// copyNicks lets people take anyone's WeChat nickname too. Someone who
	// copies both the group name and the nickname of an ordinary resident
	// who has been silent since a re-login cannot be told from them: they
	// may be re-linked to that resident by design, so a run with copyNicks
	// checks that no such merge carries a role, an approval or a phone.
	copyNicks bool
	display   map[string]string // group+"\x00"+person → display name
	nick      map[string]string // person → nickname
	log       []string
}

func (w *identityWorld) sender(person, group string) bot.Sender {
	d := w.nick[person]
	if group != "" {
		if n, ok := w.display[group+"\x00"+person]; ok {
			d = n
		}
	}
	return bot.Sender{PlatformID: fmt.Sprintf("@g%d-%s", w.gen, person), DisplayName: d, NickName: w.nick[person]}
}

func (w *identityWorld) say(ctx context.Context, person, group, text string) {
	w.step++
	msg := bot.Message{ID: fmt.Sprintf("prop-%d", w.step), Sender: w.sender(person, group), Text: text, Time: w.clock.Now()}
	if group == "" {
		msg.Chat = bot.Chat{Kind: bot.Private, Name: msg.Sender.DisplayName}
	} else {
		msg.Chat = bot.Chat{Kind: bot.Group, Name: group}
	}
	w.log = append(w.log, fmt.Sprintf("[%s] %s(%s/%s): %s", or(group, "私聊"), person, msg.Sender.DisplayName, msg.Sender.NickName, text))
	if err := w.p.Program.Router.HandleBatch(ctx, []bot.Message{msg}); err != nil {
		w.t.Fatalf("step %d: %v\n%s", w.step, err, strings.Join(w.log, "\n"))
	}
	if err := w.p.Runner.Start(ctx); err != nil {
		w.t.Fatalf("step %d: flush: %v", w.step, err)
	}
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (w *identityWorld) pick(xs []string) string { return xs[w.rng.IntN(len(xs))] }

// name is a name someone may type or take: anyone's, sometimes numbered.
func (w *identityWorld) name() string {
	n := w.pick(propPeople)
	if w.rng.IntN(4) == 0 {
		n += fmt.Sprintf("(%d)", 1+w.rng.IntN(3))
	}
	return n
}

func (w *identityWorld) guess() string {
	for {
		g := fmt.Sprintf("%06d", w.rng.IntN(1000000))
		if g != propPIN {
			return g
		}
	}
}

func (w *identityWorld) text(person string, idx int) string {
	k := 1 + w.rng.IntN(4)
	texts := []string{
		"打卡", "我的积分", "统计", "任务列表", "我的任务", "大家好", "积分明细",
		"志愿者登记 跑腿、陪诊，每天都有空，住3号楼",
		fmt.Sprintf("接单 #%d", k), fmt.Sprintf("退单 #%d", k), fmt.Sprintf("完成 #%d 用时1小时", k),
		fmt.Sprintf("求助 明天上午帮忙去医院拿药，住3号楼201，电话%s，身份证%s", propPhone(idx), propID(idx)),
		"添加商品 金条 1积分 库存100", "认证 " + w.guess(), "管理员认证 WRONG123",
	}
	if person == propCoordinator {
		texts = append(texts, "认证 "+propPIN, "批准志愿者 "+w.name(), fmt.Sprintf("派单 #%d %s", k, w.name()),
			fmt.Sprintf("派单 #%d %s 确认", k, w.name()))
	}
	return w.pick(texts)
}

func (w *identityWorld) run(ctx context.Context, steps int) {
	for range steps {
		i := w.rng.IntN(len(propPeople))
		person := propPeople[i]
		switch r := w.rng.IntN(100); {
		case r < 40:
			w.say(ctx, person, w.pick(propGroups), w.text(person, i))
		case r < 65:
			w.say(ctx, person, "", w.text(person, i))
		case r < 77:
			g, n := w.pick(propGroups), w.name()
			w.display[g+"\x00"+person] = n
			w.log = append(w.log, fmt.Sprintf("@rename %s %s %s", g, person, n))
		case r < 83:
			if w.copyNicks && person != propCoordinator {
				w.nick[person] = w.pick(propPeople)
				w.log = append(w.log, fmt.Sprintf("@nick %s %s", person, w.nick[person]))
			}
		case r < 87:
			w.gen++
			if err := w.p.Program.Store.InTx(ctx, func(ctx context.Context) error { return w.p.Program.Store.LoggedIn(ctx, w.clock.Now()) }); err != nil {
				w.t.Fatal(err)
			}
			w.log = append(w.log, "@relogin")
		default:
			now := w.clock.Now().Add(time.Duration(1+w.rng.IntN(240)) * time.Minute)
			w.clock.Set(now)
			if err := w.p.Program.Tick(ctx, now); err != nil {
				w.t.Fatal(err)
			}
			if err := w.p.Runner.Start(ctx); err != nil {
				w.t.Fatal(err)
			}
			w.log = append(w.log, "@now "+now.Format("2006-01-02 15:04"))
		}
	}
}

// TestIdentityProperties plays random identity events and checks, after
// each run, what must hold whatever happened: nobody holds a role they did
// not earn with the secret, no member is two people, and a resident's
// phone reaches only themselves, the coordinators and an approved
// volunteer the task was given to; an ID-card number reaches nobody.
// A failure prints its seed; LINLI_IDENTITY_SEED=N replays it.
func TestIdentityProperties(t *testing.T) {
	seeds := []uint64{}
	if s := os.Getenv("LINLI_IDENTITY_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, n)
	} else {
		runs := 8
		if testing.Short() {
			runs = 3
		}
		for i := range runs {
			seeds = append(seeds, uint64(1000+i))
		}
	}
	seen := map[string]int{}
	for _, seed := range seeds {
		t.Run(fmt.Sprintf("names/seed=%d", seed), func(t *testing.T) { identityRun(t, seed, 250, false, seen) })
		t.Run(fmt.Sprintf("nicknames/seed=%d", seed), func(t *testing.T) { identityRun(t, seed, 250, true, seen) })
	}
	// The runs must have met what they test: re-links by name, refused
	// re-links of a coordinator, proofs with the PIN, leaked codes aside.
	t.Logf("audit actions over all runs: %v", seen)
	if len(seeds) > 1 {
		for _, action := range []string{"relink", "relink refused", "rename", "proved"} {
			if seen[action] == 0 {
				t.Errorf("no run saw a %q; the events do not exercise identity", action)
			}
		}
	}
}

func identityRun(t *testing.T, seed uint64, steps int, copyNicks bool, seen map[string]int) {
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))
	p, err := program.NewSim(ctx, program.DefaultConfig(), filepath.Join(t.TempDir(), "prop.db"), &bytes.Buffer{}, false, log)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for _, g := range propGroups {
		p.Program.Directory.AddGroup(g, "锦霞社区")
	}
	w := &identityWorld{t: t, rng: rand.New(rand.NewPCG(seed, seed)), p: p, clock: p.Runner.Clock,
		display: map[string]string{}, nick: map[string]string{}, copyNicks: copyNicks}
	for _, n := range propPeople {
		w.nick[n] = n
	}
	if err := p.Program.Admin.IssueCode(ctx, "PROPCODE", "锦霞社区", w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	w.say(ctx, propCoordinator, propGroups[0], "大家好")
	w.say(ctx, propCoordinator, "", "管理员认证 PROPCODE")
	w.say(ctx, propCoordinator, "", "设置口令 "+propPIN)
	w.say(ctx, propCoordinator, propGroups[0], "发起打卡 垃圾分类 21天")
	w.run(ctx, steps)
	if msg := checkIdentity(ctx, p, !copyNicks); msg != "" {
		t.Fatalf("seed %d: %s\nevents:\n%s", seed, msg, strings.Join(w.log, "\n"))
	}
	rows, err := p.Program.Store.SQL().QueryContext(ctx, `SELECT action, detail FROM audit_log`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var action, detail string
		if err := rows.Scan(&action, &detail); err != nil {
			t.Fatal(err)
		}
		if action == "relink" && strings.HasPrefix(detail, "凭") {
			action = "proved"
		}
		seen[action]++
	}
}

var (
	reFullPhone = regexp.MustCompile(`1390000[0-9]{4}`)
	reLinkID    = regexp.MustCompile(`^@g[0-9]+-(.+)$`)
)

// checkIdentity reads the store and the outbox and says what broke.
func checkIdentity(ctx context.Context, p *program.Sim, noMerge bool) string {
	db := p.Program.Store.SQL()
	// No member is two people (with copied nicknames: no member who holds
	// a role or an approval is).
	person := map[int64]string{}
	merged := map[int64]bool{}
	rows, err := db.QueryContext(ctx, `SELECT member_id, platform_id FROM member_links`)
	if err != nil {
		return err.Error()
	}
	for rows.Next() {
		var id int64
		var pid string
		if err := rows.Scan(&id, &pid); err != nil {
			return err.Error()
		}
		who := reLinkID.FindStringSubmatch(pid)[1]
		if prev, ok := person[id]; ok && prev != who {
			if noMerge {
				rows.Close()
				return fmt.Sprintf("member %d is both %s and %s", id, prev, who)
			}
			merged[id] = true
		}
		person[id] = who
	}
	rows.Close()
	for id := range merged {
		var privileged int
		if err := db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM roles WHERE member_id = ? AND role > 0)
			+ (SELECT count(*) FROM volunteers WHERE member_id = ? AND status = 'active')`, id, id).Scan(&privileged); err != nil {
			return err.Error()
		}
		if privileged > 0 {
			return fmt.Sprintf("member %d was re-linked to another person and holds a role or an approval", id)
		}
	}
	// No role without the secret.
	coords := map[int64]bool{}
	rows, err = db.QueryContext(ctx, `SELECT member_id FROM roles WHERE role > 0`)
	if err != nil {
		return err.Error()
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err.Error()
		}
		coords[id] = true
		if person[id] != propCoordinator {
			rows.Close()
			return fmt.Sprintf("member %d (%s) became a coordinator", id, person[id])
		}
	}
	rows.Close()
	// Phones only to the requester, coordinators and approved volunteers
	// the task was given to; ID cards to nobody.
	allowed := map[string]map[int64]bool{}
	rows, err = db.QueryContext(ctx, `SELECT t.phone, t.requester_id, t.volunteer_id FROM volunteer_tasks t
		UNION ALL SELECT t.phone, 0, h.member_id FROM volunteer_handbacks h JOIN volunteer_tasks t ON t.id = h.task_id`)
	if err != nil {
		return err.Error()
	}
	for rows.Next() {
		var phone string
		var req, vol int64
		if err := rows.Scan(&phone, &req, &vol); err != nil {
			return err.Error()
		}
		if allowed[phone] == nil {
			allowed[phone] = map[int64]bool{}
		}
		allowed[phone][req] = true
		var approved int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM volunteers WHERE member_id = ? AND status = 'active'`, vol).Scan(&approved); err != nil {
			rows.Close()
			return err.Error()
		}
		if approved > 0 {
			allowed[phone][vol] = true
		}
	}
	rows.Close()
	rows, err = db.QueryContext(ctx, `SELECT to_kind, to_member, to_group, text FROM outbox`)
	if err != nil {
		return err.Error()
	}
	defer rows.Close()
	for rows.Next() {
		var kind int
		var to int64
		var group, text string
		if err := rows.Scan(&kind, &to, &group, &text); err != nil {
			return err.Error()
		}
		if strings.Contains(text, "11010119800307") {
			return fmt.Sprintf("an ID-card number was sent: %q", text)
		}
		for _, phone := range reFullPhone.FindAllString(text, -1) {
			if bot.AddressKind(kind) != bot.ToMember {
				return fmt.Sprintf("phone %s sent to group %s: %q", phone, group, text)
			}
			if !coords[to] && !allowed[phone][to] {
				return fmt.Sprintf("phone %s sent to member %d (%s), who may not have it: %q", phone, to, person[to], text)
			}
		}
	}
	return ""
}
