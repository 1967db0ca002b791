// Package admin is the roles workflow: one-time coordinator codes, pairing
// with `管理员认证 <code>`, personal PINs (个人口令) that privileged members
// prove themselves with after the bot re-logs in, and the audit trail of
// role changes.
//
// No text a resident writes can raise a role: the only ways in are a code
// printed by `linli admin code` on the server, used once within 24 hours
// and never seen in a group, and, for a member who already held the role,
// their own PIN.
package admin

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
	"linli/internal/personal"
)

// Rules for codes and attempts.
const (
	CodeTTL       = 24 * time.Hour
	MaxFailures   = 5
	FailureWindow = time.Hour
	codeAlphabet  = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ" // no 0/O, 1/I
	codeLength    = 8
)

// ErrNoCode means no unused code matches.
var ErrNoCode = errors.New("no such coordinator code")

// Code is a stored one-time coordinator code; only its hash is kept.
type Code struct {
	Hash      string
	Community string
	Created   time.Time
	Expires   time.Time
	Used      time.Time
	// Voided is set when the code was seen in a group and voided then.
	Voided bool
}

// Store is what the admin workflow keeps.
type Store interface {
	SaveCode(ctx context.Context, c Code) error
	CodeByHash(ctx context.Context, hash string) (Code, error)
	UseCode(ctx context.Context, hash string, memberID int64, at time.Time) error
	RecordAttempt(ctx context.Context, memberID int64, at time.Time, ok bool) error
	FailedAttempts(ctx context.Context, memberID int64, since time.Time) (int, error)
	// Stats counts a community's members, coordinators and the messages
	// handled since a time.
	Stats(ctx context.Context, community string, since time.Time) (Stats, error)
}

// Stats is the community overview a coordinator asks for with 统计.
type Stats struct {
	Members       int
	Coordinators  int
	MessagesSince int
}

// Deps are the workflow's collaborators.
type Deps struct {
	Store Store
	// Members gives and records roles, and finds the coordinators to tell
	// of a leaked code or a re-linked account.
	Members interface {
		SetRole(ctx context.Context, memberID int64, community string, role bot.Role, at time.Time) error
		MemberByID(ctx context.Context, id int64, community string) (bot.Member, error)
		Coordinators(ctx context.Context, community string) ([]bot.Member, error)
		bot.Auditor
	}
	Directory *bot.Directory
	// Identity proves members after a re-login; see identity.go.
	Identity Identity
}

// Workflow pairs coordinators.
type Workflow struct {
	d Deps
	// concerns are the worries passed on, for the word back.
	concerns concerns
	// warnings are the scam warnings given and the adverts reported.
	warnings warnings
}

// New builds the workflow.
func New(d Deps) (*Workflow, error) {
	if d.Store == nil || d.Members == nil || d.Directory == nil || d.Identity == nil {
		return nil, errors.New("new admin workflow: store, members, directory and identity are required")
	}
	return &Workflow{d: d}, nil
}

// NewCode makes a one-time code for community, stores its hash and returns
// the code to print.
func (w *Workflow) NewCode(ctx context.Context, community string, now time.Time) (string, error) {
	if community == "" {
		return "", errors.New("new coordinator code: no community given")
	}
	buf := make([]byte, codeLength)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("new coordinator code: %w", err)
	}
	for i, b := range buf {
		buf[i] = codeAlphabet[int(b)%len(codeAlphabet)]
	}
	code := string(buf)
	if err := w.IssueCode(ctx, code, community, now); err != nil {
		return "", err
	}
	return code, nil
}

// IssueCode stores a given code for community, valid from now for CodeTTL.
// NewCode calls it with a random code; `linli sim` transcripts call it with
// a known one.
func (w *Workflow) IssueCode(ctx context.Context, code, community string, now time.Time) error {
	return w.d.Store.SaveCode(ctx, Code{Hash: hashCode(code), Community: community, Created: now, Expires: now.Add(CodeTTL)})
}

func hashCode(code string) string {
	sum := sha256.Sum256([]byte(strings.ToUpper(strings.TrimSpace(code))))
	return hex.EncodeToString(sum[:])
}

// Register adds pairing, the PIN commands, 统计 and the listener that
// voids a code seen in a group. Secrets are read in private chats only;
// said in a group, a code is voided and a PIN is not read.
func (w *Workflow) Register(r bot.Registry) {
	pairing := []string{"管理员认证", "管理员验证", "配对码", "认证码"}
	r.AddCommand(bot.Command{
		Keywords: pairing,
		Scope:    bot.PrivateOnly,
		Help:     "管理员认证 <验证码> — 社区工作者绑定管理员身份（私聊）",
		Handle:   w.pair,
	})
	r.AddCommand(bot.Command{Keywords: pairing, Scope: bot.GroupOnly, Handle: w.pairInGroup})
	setPIN := []string{"设置口令", "设置个人口令"}
	r.AddCommand(bot.Command{
		Keywords: setPIN,
		Scope:    bot.PrivateOnly,
		Help:     "设置口令 <6位以上数字或字母> — 管理员和志愿者的个人口令（私聊）",
		Handle:   w.setPIN,
	})
	r.AddCommand(bot.Command{Keywords: setPIN, Scope: bot.GroupOnly, Handle: pinInGroup})
	prove := []string{"认证", "身份认证"}
	r.AddCommand(bot.Command{
		Keywords: prove,
		Scope:    bot.PrivateOnly,
		Help:     "认证 <个人口令> — 重新登录后证明是您本人（私聊）",
		Handle:   w.prove,
	})
	r.AddCommand(bot.Command{Keywords: prove, Scope: bot.GroupOnly, Handle: pinInGroup})
	r.AddCommand(bot.Command{
		Keywords: []string{"统计"},
		Role:     bot.Coordinator,
		Intent: intent.Decl{Name: "stats", Label: "统计", Shape: intent.NoArgs, Menu: 3,
			Beyond: []string{`(本周|这周|本月|这个月|今天|今日|社区|小区)(的)?(统计|数据|报表)`, `(看|查|要|给我)(一下|看)?(统计|数据|报表)`, `^统计(一下)?`, `(统计|数据|报表).{0,4}(发我|给我|发给我)`}},
		Help:   "统计 — 本社区成员和今日消息数",
		Handle: w.stats,
	})
	r.AddCommand(bot.Command{Handle: becomeCoordinator, Intent: becomeCoordinatorIntent()})
	r.AddCommand(bot.Command{Handle: w.claimedAuthority, Intent: claimedAuthorityIntent()})
	r.AddCommand(bot.Command{Handle: impostorNoted, Intent: impostorToldIntent()})
	r.AddCommand(bot.Command{Role: bot.Coordinator, Handle: nothingGiven, Intent: askedWhatGivenIntent()})
	r.AddCommand(bot.Command{Handle: heated, Intent: heatedIntent()})
	r.AddCommand(bot.Command{Handle: ownData, Intent: ownDataIntent()})
	r.AddCommand(bot.Command{Handle: notProperty, Intent: propertyIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"转告社区", "反映问题"}, Loose: true, Help: "转告社区 <要说的事> — 私下转给社区工作人员", Handle: w.passOn, Intent: passOnIntent()})
	r.AddListener(bot.Listener{Name: "codes in groups", InGroups: true, Handle: w.codeInGroup})
	r.AddListener(bot.Listener{Name: "scams in groups", InGroups: true, First: true, Handle: w.scamInGroup})
	r.AddCommand(bot.Command{Role: bot.Coordinator, Handle: w.warnGroups, Intent: warnGroupsIntent()})
	r.AddCommand(bot.Command{Handle: w.welfare, Intent: welfareIntent()})
	r.AddCommand(bot.Command{Handle: w.distress, Intent: distressIntent()})
	r.AddListener(bot.Listener{Name: "distress-after", First: true, InGroups: true, Handle: w.distressAfter})
	r.AddListener(bot.Listener{Name: "welfare-word-back", First: true, Handle: w.answerConcern})
}

// becomeCoordinatorIntent is asking the bot to be made a coordinator
// (「把我设成管理员」「我是社区工作人员 给我管理员权限」).
func becomeCoordinatorIntent() intent.Decl {
	return intent.Decl{Name: "become_coordinator", Label: "当管理员", Shape: intent.Free, Asks: true,
		Cues: []string{wantsToBe.String(), `(管理员|管理)(口令|密码|激活码|授权码)`}}
}

// wantsToBe asks to be made a coordinator.
var wantsToBe = gatedre.MustCompile(`(设|设成|设为|改成|升级|升为|开通|给我|加我|让我当|我要当|我想当|怎么当|怎样当|怎么成为|如何成为|申请当?)(为|成|一下|个)?.{0,4}(管理员|管理权限|管理员权限)`)

// becomeCoordinator answers a request to be made a coordinator: only a
// one-time code from the server makes one, never anything said in chat.
func becomeCoordinator(ctx context.Context, t *bot.Turn) error {
	if t.Member.Role >= bot.Coordinator {
		t.Reply(fmt.Sprintf("您已经是「%s」的管理员了。", t.Member.Community))
		return nil
	}
	t.Reply("社区管理员要用社区给的一次性验证码开通，在聊天里说一声不行，我也不能直接设置。您是社区工作人员的话，请向负责系统的同事要验证码，再私聊我发「管理员认证 验证码」。")
	return nil
}

// Authority claimed in words: who one says one is (「我是李主任」「我是社区
// 工作人员」), who one says sent one (「李主任让我来」「主任说了可以」), a new
// account (「我换号了」), or a coordinator's words quoted (「李主任：批准志
// 愿者 王五」). None of it can be checked in a chat, so none of it is acted
// on; asking whether somebody is really the coordinator gets why a name
// proves nothing.
var (
	claimsToBe = gatedre.MustCompile(`本人(是)?(这栋|本栋|我们栋)?(的)?(楼长|楼栋长|单元长|网格员|管理员|主任)|(打卡|登记|审核)(由我|归我)(统一)?(登记|负责|管)|我是[^ ]{0,8}(派下来|派来|下来)(检查|督查|查)|(书记|主任|社区|居委会)说(了)?(我|让我)(可以|能)(帮|给|改|管|批)|我是(这个|你们|你的)?\p{Han}{0,4}(的)?(后台|平台|系统)(的)?(运营|运维|管理员|维护|技术|开发|人员)|我是[^ ]{0,10}(活动|讲座|比赛|义诊)的(负责人|组织者|管理员|总管)|(^| |我)(现在|已经)?是(我们|咱们)?(这|那)?(栋|楼|单元|号楼)?的?(楼长|楼栋长|单元长|楼组长)(了|啦)?( |$)|(审核|审批|批准)(以后)?(就|都)?(由)?我(来)?(批|管|审)|我是[^ ]{1,8}(站|局|所|办|处|科)的( |$)|(街道办?|上级|上面|上头|领导|区里|市里|民政)(要)?(来)?(检查|督查|抽查)|我是(社区|居委会?|街道|物业)?(的)?\p{Han}{0,2}(主任|书记|管理员|工作人员|网格员|社工|站长|协调员)|我是\p{Han}{0,6}(物业|管理处|服务中心)\p{Han}{0,4}(经理|主管|负责人|管家)|我是\p{Han}{0,8}(社区|居委会?|街道|小区)的\p{Han}{0,2}(主任|书记|管理员|工作人员|网格员|社工|协调员)|我是[^ ]{0,12}(分到|派|派来|新来|新派|下来|调来|过来)[^ ]{0,8}的\p{Han}{0,4}(协调员|主任|书记|管理员|工作人员|社工|网格员)|(这块|这一块|这事|这些)(以后)?(都)?(归我管|由我负责|我来管)|我是\p{Han}{1,4}的(助理|秘书|助手)|我是[0-9一二三四五六七八九十]*(号楼|栋|单元)?的?(楼长|楼栋长|单元长|楼组长|志愿者队长|队长)|(^|我)(真|真的|确实|就)是\p{Han}{0,2}(主任|书记|管理员|工作人员|网格员|社工|楼长|单元长|楼组长)|(^|我)(真|真的|确实|就)是(社区|居委会?|街道|物业|主任|书记)(派|派来|叫来|请来)的|我是(物业|居委会|居委|街道办?|社区|派出所)(的)(人)?( |$)|我(真|真的|确实)是(社区|居委会?|街道|物业)(的)(人)?|^(派出所|公安局?|警察|街道办?|居委会?|物业)的( |$)|配合(调查|核实|核查|提供)|这里是\p{Han}{0,4}(派出所|公安|分局|法院|检察院|街道|居委会)|配合(一下)?(警方|公安|我们)(的)?(工作|调查)|(^|我)(换号|换手机号|换微信|换账号|改号)(了)?( |$)|(已|已经)(通过|完成)(了)?(管理员)?认证|权限等级|系统提示([^词]|$)|系统消息|系统通知|管理员模式|开发者模式|调试模式|维护模式|忽略(之前|以上|前面|所有|上面)的?(规则|指令|设定|要求|提示)|` +
		// the police, the street office, the property company, the bot's makers
		`我是\p{Han}{0,8}(民警|警察|警官|派出所的|科长|所长|干部|客服|程序员|开发者|开发人员|技术人员|工程师)|我是(你的)?(开发|开发者|管理者|主人|后台)|我是(运营|运营方|平台|后台)([^\p{Han}]|$|的)|我是(你们|你的|这个)(的)?(公司|团队|厂家|后台|平台|系统|程序)?(的)?(运营|运维|管理员|维护|技术|开发)|^(我)?(物业|社区|街道|居委会?|小区)(新来的|派来的)?(的)?(经理|主任|书记|主管|负责人|网格员)( |$)|我是(咱|咱们|我们)(楼|栋|单元)的?(楼长|楼栋长|单元长|楼组长)|(下发|发布|给你下)(新)?(指令|命令)|(把|将)(管理员|权限|管理权限)(都)?(转|交|给|移交)(给)?我|我是(居委会|居委|街道办?|物业|社区|派出所)(新来的|派来的|的工作人员|的干部)|` +
		// another's account, or another's phone; somebody else's new number
		// (「装修队跑了 电话也换号了」) and a job on a platform (「我是平台众包
		// 骑手」) claim nothing.
		`(^|[^他她也])换了?(个|一个)?(新)?(号|手机号|微信号?|账号)(了)?( |$)|(新|这个)号上|转到这个号|(用|拿)(我)?(儿子|女儿|老伴|老婆|爱人|老公|孙子|孙女|家里人|别人|朋友|邻居)的?(手机|微信|号)|我(是|就是)\p{Han}{1,4}本人`)
	claimsSentBy = gatedre.MustCompile(`(主任|书记|管理员|社工|网格员)(昨天|前天|今天|上次|刚才)(亲口|当面|口头)?(跟|和|对)我(讲|说)(了|过)? ?(让|叫)我|(上面|上级|上头|领导)(让|要|叫)(我)?(统计|收集|核实|登记)|(主任|书记|管理员|社工|网格员)(在电话里|电话里|微信上|在微信上)(跟|和|对)我(讲|说)(了)?(的)?[^。]{0,6}(让|叫)我|(主任|书记|管理员|社区)(说|讲)[^ ]{0,12}(我|由我)(先)?(顶着|负责|管|代管|接手)|(主任|书记|管理员|社工|网格员)[^ ]{0,16}(让|叫|派)我(来)?(先)?(帮忙)?(管|负责|接手|统计|对接|顶着|协助|推进|代管)|(主任|书记|管理员|社工|网格员)(亲口|当面|口头)?(跟|和|对)我(讲|说)(了)?(让|叫)我|(主任|书记|管理员|社工|网格员|经理|领导)[^。]{0,30}(让|叫|要|托)我(跟|和|给|来)(你)?(说|讲|转告|通知)|(主任|书记|管理员|社工)[^。]{0,12}(聊天记录|原话)|看截图|(这是|是)(主任|书记|领导|社区|居委会|物业)(交代|吩咐|安排|要求)的|(运维|后台|技术部|开发)[^ ]{0,6}(已经|已)?(给|为)(本账号|我|我的账号|这个号|本号)(开通|开了|设成|授权)|(开发|调试|测试|管理)(指令|命令)|(我这边|我们这边|我)是\p{Han}{0,4}(物业|管理处|居委会|街道)\p{Han}{0,5}的.{0,30}(名单|房号|电话|手机号|住址|信息)(发|给|列|导)|(主任|书记|管理员|社区|居委会?|网格员)\p{Han}{0,4}(让|叫|要|派|委托|同意|批准|答应)(我|了)|(主任|书记|管理员).{0,12}(是)?(她|他)(让|叫|要|派)我|(主任|书记|管理员|网格员|社工)[^。]{0,20}(她|他)(让|叫|要|托)我(帮)?(她|他)?(先)?(把|来|去)|(主任|书记|管理员|经理|领导).{0,40}(让|叫|要|派)我(先)?(把|来|去)?.{0,10}(名单|联系方式|电话|数据|表格|记录)|(主任|书记|管理员|经理|领导)[^。]{0,20}(她|他)?(刚|刚才|今天)?(打电话|发微信|当面|口头)?(交代|吩咐|嘱咐|委托)(了)?我|(主任|书记|管理员)(刚|昨天|今天|已经)?(当面|亲口|口头)?(说|讲|答应|同意)(了)?(可以|给我|让我|同意|先|的|这次|这回|免费|不用扣|不扣)|(用|拿)(他|她|主任|书记|管理员)的?(名义|号|手机|微信)|照办|替(李|王|张|刘|陈|赵)?(主任|书记|管理员)|` +
		`(科长|所长|局长|领导|民警|警察|派出所|街道办?|物业|上面|上级|经理|主任|书记)\p{Han}{0,4}(让|叫|派)我(过)?来的|(科长|所长|局长|领导|民警|警察|派出所|街道办?|物业|上面|上级|经理)\p{Han}{0,4}(让|叫|要|派|委托|交代|吩咐)我(过来|来|去)?(统计|收集|核实|拿|要|找你|导|问你要|登记|通知|发|转告|跟你说|说一声|说一下|告诉你)|(上面|上级|领导)要的|(协调员|主任|管理员|社区|书记)(已经)?(授权|委托)(给)?(我|了我)|` +
		`\p{Han}(姐|哥|主任|书记|科长|老师)让我(接手|负责|统计|收集|来拿|来要|找你|管)|让我(跟|和|给)你(说|讲)(一声|一下)?.{0,14}(加到|改成|改到|加上|减到|删掉|取消|批准|通过|给我)|(你)?不信(的话)?(你)?(就|可以)?(打电话|打个电话)?问(问)?\p{Han}{1,4}(去|吧)|我是社区(帮忙|请来帮忙)的|(跟|和)\p{Han}{0,2}(主任|书记|管理员|社工)说好了|(主任|书记|管理员).{0,8}说(让|叫)我(过|通过|批)|(跟|和)我说(了|过)? ?让你|截图(在这|为证|发你|给你看)|(执行|照办)(上一条|刚才|我说的|第)|` +
		// 「她在区里开会没空回你 你直接弄就行 出了事我负责」
		`出了(事|问题)(我|由我)(来)?(负责|担着|兜着|担)|(主任|书记|管理员)(同意|批准|答应)过(的|了)|(主任|书记|管理员)\p{Han}{0,4}(同意|批准|答应)过(给|补|加|让)(我)?|不信(的话)?(你)?(就|可以)问(问)?(她|他)( |$)|(她|他)(说|讲)(了)?(让你|叫你)(直接|先)?(给我|帮我)|(她|他)(口头|亲口|当面)?(让|叫|派)我(来)?(帮忙)?(管|负责|接手|统计|对接)|(主任|书记|管理员)(让|叫|派)我(来)?(帮忙)?(管|负责|接手|统计|对接)|不信(的话)?(你)?(就|可以)?(去)?问(问)?\p{Han}{0,2}(主任|书记|管理员|社工|律师)|(主任|书记|管理员)[^，。,]{0,12}(她|他)(说|讲|答应|同意)(了)?(可以|行|没问题)|(开会|在忙|没空)(回你)?.{0,16}(你)?(直接|先)(弄|办|加|改|给|操作|通过|批)`)
	// claimsMaker is passing as the bot's makers (「我是你们后台的运营 在
	// 调试 把我这个号设成管理员」): asking to be made a coordinator with it
	// is authority claimed, not only wished for.
	claimsMaker = gatedre.MustCompile(`我是(你们|你的|这个)?(的)?(后台|平台|系统|程序)?(的)?(运营|开发|开发者|技术|维护|程序员|工程师)`)
	// newNumber is a new number told.
	newNumber = gatedre.MustCompile(`(换号|换手机号|换了?(个|一个)?(新)?(号|手机号|号码))(了)?`)
	// approvalAsked is an application passed: 「…把申请当志愿者的那个刘阿姨
	// 审核通过一下」.
	approvalAsked = gatedre.MustCompile(`审核|审批|批准|通过|批了|批一下`)
	// registersSelf is registering oneself as a volunteer, which anyone
	// may do and a coordinator approves; another's application passed
	// (「把老周的志愿者申请通过」) is not.
	registersSelf = gatedre.MustCompile(`(登记|报名|报个名|申请)(一下)?(当|做)?(个)?志愿者|(^|[^的])志愿者(登记|报名|申请)([^通批]|$)`)
	// asksForCodes fishes for the one-time codes that make coordinators
	// (「把所有协调员的验证码发我 我来修复」).
	asksForCodes = gatedre.MustCompile(`(所有|全部|其他|别人|协调员|管理员|主任)的?(验证码|认证码|配对码|口令|密码)(都)?(发|给|告诉)`)
	asksIfReal   = gatedre.MustCompile(`(是|是不是)(咱|我们|咱们)(社区|小区)?(那个|的)\p{Han}{0,2}(主任|书记|社工|工作人员|管理员)(吗|么|不|嘛)|(是|是不是)(真的?|假的?)(的)?(主任|书记|管理员|工作人员)|(真|假)(主任|书记|管理员)|是(真|假)的?\p{Han}{0,2}(姐|哥|主任|书记|老师|阿姨|叔|管理员|工作人员|社工|网格员|小助手)(吗|么|不|嘛)`)
)

// authorityWords are in every message claimedAuthority reads: a cheap
// test before the expressions, which run on every message.
var authorityWords = []string{"主任", "书记", "管理员", "工作人员", "网格员", "社工", "站长", "换", "改号", "照办", "社区", "居委", "认证", "权限", "系统", "协调员", "物业", "街道",
	"警", "派出所", "科长", "所长", "局长", "领导", "上面", "上级", "程序员", "开发", "技术", "工程师", "客服", "模式", "忽略", "本人", "手机", "号上", "让我", "跟我说", "和我说", "截图", "执行", "主人", "后台", "授权", "委托", "运营", "运维", "平台", "指令", "命令", "验证码", "认证码", "配对码", "口令", "密码", "楼长", "楼栋长", "单元长", "楼组长", "队长", "助理", "秘书", "助手", "不信", "出了事", "出了问题", "开会", "在忙", "没空", "经理", "交代", "吩咐", "上头", "负责人", "检查", "审核", "站的", "局"}

// hasHan reports whether s holds a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// containsAny reports whether s contains one of words.
func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// claimedAuthorityScore is above a request's cue: 「我是管理员 你把认证码
// 告诉我 急用」 asks for no volunteer.
const claimedAuthorityScore = 0.985

func claimedAuthorityIntent() intent.Decl {
	return intent.Decl{Name: "claimed_authority", Label: "说自己是管理员", Shape: intent.Free, Asks: true, Below: int(bot.Coordinator),
		Score: func(folded string) float64 {
			if !containsAny(folded, authorityWords) || wantsToBe.MatchString(folded) && !claimsSentBy.MatchString(folded) && !claimsMaker.MatchString(folded) {
				// No word of authority, or 「我是社区工作人员 给我管理员权
				// 限」: becoming one. Sent by somebody (「周主任让我对接打卡
				// 你把我设成管理员 周主任同意过的」) is authority claimed.
				return 0
			}
			if claimsSentBy.MatchString(folded) && registersSelf.MatchString(folded) && !claimsToBe.MatchString(folded) && !approvalAsked.MatchString(folded) {
				// 「王主任让我来这登记一下志愿者」: sent to do what anyone
				// may, and a coordinator approves it anyway.
				return 0
			}
			if newNumber.MatchString(folded) && personal.HasPhone(folded) {
				// 「我换号了 新号码187… 麻烦给我改一下」: one's own number
				// given, which claims nothing by itself.
				folded = newNumber.ReplaceAllString(folded, "")
			}
			if claimsToBe.MatchString(folded) || claimsSentBy.MatchString(folded) || asksIfReal.MatchString(folded) || asksForCodes.MatchString(folded) {
				return claimedAuthorityScore
			}
			return 0
		}}
}

// claimedAuthority answers authority claimed in words: only the account a
// one-time code paired is a coordinator, whatever is said. The
// coordinators hear of it privately, once a day for each sender, so that
// somebody passing as them or as the police is known.
func (w *Workflow) claimedAuthority(ctx context.Context, t *bot.Turn) error {
	if t.Member.Role >= bot.Coordinator {
		return bot.ErrPass // a coordinator's words go on to their commands
	}
	if asksIfReal.MatchString(intent.Fold(t.Msg.Text)) {
		t.Reply("群里的名字谁都能改，我没法从名字判断一个人是谁。社区工作人员的通知，请以社区公告或当面确认为准。")
		return nil
	}
	t.Reply("在聊天里说自己是谁、或说谁让您来的，我都没法核实，所以不能照办。社区工作人员的身份只认用验证码绑定过的微信号；有事请直接找社区工作人员本人。")
	if !w.warnings.reported.First(fmt.Sprintf("claim/%d", t.Member.ID), t.Now, reportEvery) {
		return nil
	}
	where := "私聊"
	if t.InGroup() {
		where = "在「" + t.Chat.Name + "」"
	}
	return w.tellCoordinators(ctx, t, fmt.Sprintf("【身份没法核实】%s %s自称有身份或受人之托，要我办事，我没有照办", t.Member.Name, where))
}

// pinInGroup answers a PIN said in a group: it is not read, and the sender
// is told to choose another.
var pinInGroup = bot.Answer("口令不要发在群里！请私聊我，并换一个新口令。")

// pairInGroup voids a coordinator code said in a group.
func (w *Workflow) pairInGroup(ctx context.Context, t *bot.Turn) error {
	voided, err := w.voidCodes(ctx, t, t.Args)
	if err != nil {
		return err
	}
	if voided {
		t.Reply(replyCodeVoided)
		return nil
	}
	t.Reply("「管理员认证」请私聊我发送。")
	return nil
}

const replyCodeVoided = "验证码不能发在群里，这个验证码已作废。请让社区工作人员重新生成，再私聊我认证。"

// codeInGroup voids any unused coordinator code that appears in a group
// message: everyone in the group has seen it, so it proves nothing any
// more. The code's community's coordinators are told privately.
func (w *Workflow) codeInGroup(ctx context.Context, t *bot.Turn) error {
	voided, err := w.voidCodes(ctx, t, t.Msg.Text)
	if err != nil || !voided {
		if err == nil {
			err = bot.ErrPass
		}
		return err
	}
	t.Reply(replyCodeVoided)
	return nil
}

// codeLike finds the words of a text that could be coordinator codes.
var codeLike = gatedre.MustCompile(`[A-Za-z0-9]{8}`)

// voidCodes voids every unused code in text; it reports whether it found
// one.
func (w *Workflow) voidCodes(ctx context.Context, t *bot.Turn, text string) (bool, error) {
	found := false
	for _, word := range codeLike.FindAllString(bot.Normalize(text), -1) {
		c, err := w.d.Store.CodeByHash(ctx, hashCode(word))
		switch {
		case errors.Is(err, ErrNoCode):
			continue
		case err != nil:
			return false, err
		case !c.Used.IsZero():
			continue
		}
		if err := w.d.Store.UseCode(ctx, c.Hash, -t.Member.ID, t.Now); err != nil && !errors.Is(err, ErrNoCode) {
			return false, err
		}
		found = true
		if err := w.d.Members.Audit(ctx, bot.AuditEntry{Time: t.Now, MemberID: t.Member.ID, Community: c.Community,
			Action: "code voided", Detail: "验证码出现在群「" + t.Chat.Name + "」"}); err != nil {
			return false, err
		}
		coords, err := w.d.Members.Coordinators(ctx, c.Community)
		if err != nil {
			return false, err
		}
		for _, m := range coords {
			t.Send(bot.MemberAddress(m), fmt.Sprintf("提醒：%s在「%s」里发出了一个管理员验证码，这个验证码已作废，不能再用。需要的话请在服务器上用 linli admin code 重新生成，并私下交给本人。",
				t.Member.Name, t.Chat.Name))
		}
	}
	return found, nil
}

func (w *Workflow) stats(ctx context.Context, t *bot.Turn) error {
	local := t.Now.In(t.Loc)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, t.Loc)
	st, err := w.d.Store.Stats(ctx, t.Chat.Community, midnight)
	if err != nil {
		return err
	}
	groups := w.d.Directory.Groups(t.Chat.Community)
	t.Reply(fmt.Sprintf("「%s」统计：\n群 %d 个，成员 %d 人，管理员 %d 人\n今日处理消息 %d 条",
		t.Chat.Community, len(groups), st.Members, st.Coordinators, st.MessagesSince))
	return nil
}

func (w *Workflow) pair(ctx context.Context, t *bot.Turn) error {
	code := strings.ReplaceAll(t.Args, " ", "")
	if f := strings.Fields(t.Args); len(f) > 1 && hasHan(strings.Join(f[1:], "")) {
		code = f[0] // 「配对码 886622 这下行了吧」: the code, not the words after it
	}
	if code == "" {
		t.Reply("请在「管理员认证」后面写上验证码，例如：管理员认证 AB23CD45")
		return nil
	}
	failures, err := w.d.Store.FailedAttempts(ctx, t.Member.ID, t.Now.Add(-FailureWindow))
	if err != nil {
		return err
	}
	if failures >= MaxFailures {
		t.Reply("尝试次数太多，请一小时后再试，或联系社区工作人员重新生成验证码。")
		return nil
	}
	c, err := w.d.Store.CodeByHash(ctx, hashCode(code))
	switch {
	case errors.Is(err, ErrNoCode):
		return w.refuse(ctx, t, "验证码不对，请核对后再发。")
	case err != nil:
		return err
	case c.Voided:
		return w.refuse(ctx, t, "这个验证码出现在群里，已经作废了，请让社区工作人员重新生成一个。")
	case !c.Used.IsZero():
		return w.refuse(ctx, t, "这个验证码已经用过了，请让社区工作人员重新生成一个。")
	case !t.Now.Before(c.Expires):
		return w.refuse(ctx, t, "这个验证码已过期（24小时有效），请重新生成一个。")
	}
	if err := w.d.Store.UseCode(ctx, c.Hash, t.Member.ID, t.Now); err != nil {
		if errors.Is(err, ErrNoCode) {
			return w.refuse(ctx, t, "这个验证码已经用过了，请让社区工作人员重新生成一个。")
		}
		return err
	}
	if old, err := w.claimedCoordinator(ctx, t.Member.ID, c.Community); err == nil {
		// A coordinator back after a re-login: the fresh code proves them.
		return w.restore(ctx, t, old, "新的验证码")
	} else if !errors.Is(err, errNoClaim) {
		return err
	}
	if err := w.d.Store.RecordAttempt(ctx, t.Member.ID, t.Now, true); err != nil {
		return err
	}
	if err := w.d.Members.SetRole(ctx, t.Member.ID, c.Community, bot.Coordinator, t.Now); err != nil {
		return err
	}
	if err := w.d.Members.Audit(ctx, bot.AuditEntry{Time: t.Now, MemberID: t.Member.ID, Community: c.Community,
		Action: "role", Detail: "成为管理员"}); err != nil {
		return err
	}
	t.Reply(fmt.Sprintf("认证成功！您现在是「%s」的管理员。发送「帮助」查看管理员命令。\n请再发送「设置口令 6位以上数字或字母」设一个个人口令：我重新登录后，要用它确认是您本人。", c.Community))
	return nil
}

func (w *Workflow) refuse(ctx context.Context, t *bot.Turn, msg string) error {
	if err := w.d.Store.RecordAttempt(ctx, t.Member.ID, t.Now, false); err != nil {
		return err
	}
	if err := w.d.Members.Audit(ctx, bot.AuditEntry{Time: t.Now, MemberID: t.Member.ID, Community: t.Chat.Community,
		Action: "pairing refused", Detail: msg}); err != nil {
		return err
	}
	t.Reply(msg)
	return nil
}

// tellCoordinators sends the community's coordinators, privately, head
// and the message that made it.
func (w *Workflow) tellCoordinators(ctx context.Context, t *bot.Turn, head string) error {
	coords, err := w.d.Members.Coordinators(ctx, t.Community())
	if err != nil {
		return fmt.Errorf("tell coordinators: %w", err)
	}
	note := head + "：\n" + strings.TrimSpace(t.Msg.Text)
	for _, c := range coords {
		if c.ID != t.Member.ID {
			t.Send(bot.MemberAddress(c), note)
		}
	}
	return nil
}
