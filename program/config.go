package program

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"linli/bot"
	"linli/llm"
	"linli/workflows/checkin"
	"linli/workflows/volunteer"
)

// ExampleConfig is the commented linli.yaml that `linli init` writes.
//
//go:embed linli.example.yaml
var ExampleConfig []byte

// Config is linli.yaml. Every setting can be overridden by an environment
// variable named after its path: LINLI_BOT_NAME, LINLI_PACING_PER_CHAT,
// LINLI_LLM_BASE_URL, …
type Config struct {
	BotName  string `yaml:"bot_name"`
	Timezone string `yaml:"timezone"`
	DataDir  string `yaml:"data_dir"`
	// DBURL names a PostgreSQL database (postgres://…) that several linli
	// processes share; empty means a SQLite file in DataDir.
	DBURL          string            `yaml:"db_url"`
	ServeAllGroups bool              `yaml:"serve_all_groups"`
	Communities    []CommunityConfig `yaml:"communities"`
	Pacing         bot.Pacing        `yaml:"pacing"`
	RedisURL       string            `yaml:"redis_url"`
	HTTPAddr       string            `yaml:"http_addr"`
	LLM            LLMConfig         `yaml:"llm"`
	Volunteer      volunteer.Config  `yaml:"volunteer"`
	Checkin        checkin.Config    `yaml:"checkin"`
	// ShopSalt makes redemption codes unguessable; set it to a secret.
	ShopSalt string `yaml:"shop_salt"`
	// ConsoleURL is the console's address as a coordinator's phone
	// reaches it (the reverse proxy's https address); login links and
	// alerts point there. Empty: http://http_addr.
	ConsoleURL string `yaml:"console_url"`
	// Alerts are where the operator hears that the bot went down.
	Alerts   AlertsConfig   `yaml:"alerts"`
	Pictures PicturesConfig `yaml:"pictures"`
	// WeChat is the personal-WeChat group road.
	WeChat WeChatConfig `yaml:"wechat"`
	// MP is the Official Account (公众号), the official road.
	MP MPConfig `yaml:"mp"`
}

// WeChatConfig switches the personal-WeChat road; with it off, linli
// serves the Official Account alone.
type WeChatConfig struct {
	Enabled bool `yaml:"enabled"`
}

// MPConfig is the Official Account as its admin pages show it (开发 →
// 基本配置); an empty app_id leaves the road off.
type MPConfig struct {
	AppID     string `yaml:"app_id"`
	AppSecret string `yaml:"app_secret"`
	// Token is the 令牌 of 服务器配置.
	Token string `yaml:"token"`
	// AESKey is the 消息加解密密钥 (safe mode); empty for plaintext mode.
	AESKey string `yaml:"aes_key"`
	// Addr is where the callback listens (put HTTPS in front of it); empty
	// serves it next to /healthz on http_addr.
	Addr string `yaml:"addr"`
	// Path is the callback path of the 服务器地址(URL).
	Path string `yaml:"path"`
	// ReplyWithin is how long a callback waits for the answer before the
	// customer-service API takes over (WeChat gives up at 5 s).
	ReplyWithin time.Duration `yaml:"reply_within"`
	// Menu is the custom menu `linli mp menu` publishes.
	Menu []MenuButton `yaml:"menu"`
}

// Enabled reports whether the Official Account is configured.
func (c MPConfig) Enabled() bool { return c.AppID != "" }

// MenuButton is one button of the custom menu: a command (Key, sent as if
// the follower typed it) or a submenu (Sub).
type MenuButton struct {
	Name string       `yaml:"name"`
	Key  string       `yaml:"key"`
	Sub  []MenuButton `yaml:"sub"`
}

// PicturesConfig says where the CJK font for the pictures is; empty looks
// in the usual system places.
type PicturesConfig struct {
	Font string `yaml:"font"`
}

// AlertsConfig says where operator alerts go and when a backlog counts.
type AlertsConfig struct {
	// WeComWebhook is a 企业微信 group robot's webhook URL.
	WeComWebhook string `yaml:"wecom_webhook"`
	// Webhook receives each alert as a JSON object.
	Webhook string `yaml:"webhook"`
	// BacklogLimit messages waiting for BacklogFor is an alert (defaults:
	// 200 for 10 minutes).
	BacklogLimit int           `yaml:"backlog_limit"`
	BacklogFor   time.Duration `yaml:"backlog_for"`
}

// CommunityConfig is one community and the groups linli serves for it.
type CommunityConfig struct {
	Name        string   `yaml:"name"`
	Timezone    string   `yaml:"timezone"`
	GarbageCity string   `yaml:"garbage_city"`
	Groups      []string `yaml:"groups"`
}

// LLMConfig points linli at an OpenAI-compatible endpoint; empty means
// rules only.
type LLMConfig = llm.Config

// DefaultConfig is what linli runs with when nothing is configured.
func DefaultConfig() Config {
	return Config{
		BotName:  "社区小助手",
		Timezone: "Asia/Shanghai",
		DataDir:  "data",
		Pacing:   bot.DefaultPacing(),
		HTTPAddr: "127.0.0.1:9090",
		LLM:      LLMConfig{Timeout: 15 * time.Second, MaxRetries: 2},
		Checkin:  checkin.DefaultConfig(),
		// A name alone never makes anyone a volunteer who receives a
		// resident's phone and address: a coordinator approves them first.
		Volunteer: volunteer.Config{RequireApproval: true},
		WeChat:    WeChatConfig{Enabled: true},
		MP:        MPConfig{Path: "/wx", ReplyWithin: 4 * time.Second, Menu: DefaultMenu()},
	}
}

// DefaultMenu is the custom menu residents see: the commands they use most.
func DefaultMenu() []MenuButton {
	return []MenuButton{
		{Name: "打卡", Key: "打卡"},
		{Name: "我的", Sub: []MenuButton{{Name: "我的积分", Key: "我的积分"}, {Name: "积分商城", Key: "积分商城"}, {Name: "我的任务", Key: "我的任务"}}},
		{Name: "更多", Sub: []MenuButton{{Name: "求助", Key: "求助"}, {Name: "问问题", Key: "帮助"}, {Name: "活动", Key: "活动列表"}, {Name: "绑定社区群", Key: "绑定"}}},
	}
}

// StorePath is where the store lives: the PostgreSQL URL of db_url, or
// the SQLite file linli.db in the data directory.
func (c Config) StorePath() string {
	if c.DBURL != "" {
		return c.DBURL
	}
	return filepath.Join(c.DataDir, "linli.db")
}

// LoadConfig reads path (a missing file is fine when path is empty), then
// applies LINLI_ environment overrides and checks the result.
func LoadConfig(path string, env func(string) string) (Config, error) {
	cfg := DefaultConfig()
	if path != "" {
		body, err := os.ReadFile(path)
		if err != nil {
			return Config{}, fmt.Errorf("read config: %w", err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(body))
		dec.KnownFields(true)
		if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
			return Config{}, fmt.Errorf("config %s: %s", path, explainYAML(body, err))
		}
	}
	if err := applyEnv(reflect.ValueOf(&cfg).Elem(), "LINLI", env); err != nil {
		return Config{}, err
	}
	return cfg, cfg.Validate()
}

// applyEnv overrides leaf fields from variables named PREFIX_FIELD_PATH.
func applyEnv(v reflect.Value, prefix string, env func(string) string) error {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if tag == "" || tag == "-" {
			continue
		}
		name := prefix + "_" + strings.ToUpper(tag)
		fv := v.Field(i)
		if fv.Kind() == reflect.Struct {
			if err := applyEnv(fv, name, env); err != nil {
				return err
			}
			continue
		}
		raw := env(name)
		if raw == "" {
			continue
		}
		if err := setFromString(fv, raw); err != nil {
			return fmt.Errorf("environment %s=%q: %w", name, raw, err)
		}
	}
	return nil
}

func setFromString(v reflect.Value, s string) error {
	switch {
	case v.Type() == reflect.TypeOf(time.Duration(0)):
		d, err := time.ParseDuration(s)
		if err != nil {
			return err
		}
		v.SetInt(int64(d))
	case v.Kind() == reflect.String:
		v.SetString(s)
	case v.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return err
		}
		v.SetBool(b)
	case v.Kind() == reflect.Int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return err
		}
		v.SetInt(int64(n))
	case v.Kind() == reflect.Float64:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return err
		}
		v.SetFloat(f)
	default:
		return fmt.Errorf("cannot be set from the environment")
	}
	return nil
}

// Validate checks the config and names the key that is wrong.
func (c Config) Validate() error {
	if _, err := time.LoadLocation(c.Timezone); err != nil || c.Timezone == "" {
		return fmt.Errorf("config key timezone: unknown time zone %q", c.Timezone)
	}
	if strings.TrimSpace(c.BotName) == "" {
		return errors.New("config key bot_name: must not be empty")
	}
	seen := map[string]string{}
	for i, cc := range c.Communities {
		if strings.TrimSpace(cc.Name) == "" {
			return fmt.Errorf("config key communities[%d].name: must not be empty", i)
		}
		if cc.Timezone != "" {
			if _, err := time.LoadLocation(cc.Timezone); err != nil {
				return fmt.Errorf("config key communities[%d].timezone: unknown time zone %q", i, cc.Timezone)
			}
		}
		for _, g := range cc.Groups {
			if other, ok := seen[g]; ok {
				return fmt.Errorf("config key communities[%d].groups: group %q is already in community %q", i, g, other)
			}
			seen[g] = cc.Name
		}
	}
	p := c.Pacing
	if p.PerChat < 0 || p.AccountRate < 0 || p.AccountBurst < 0 || p.Jitter < 0 {
		return errors.New("config key pacing: values must not be negative")
	}
	if err := c.MP.validate(); err != nil {
		return err
	}
	if !c.WeChat.Enabled && !c.MP.Enabled() {
		return errors.New("config key wechat.enabled: false leaves no road; configure mp.app_id or turn wechat on")
	}
	if c.LLM.Timeout < 0 {
		return errors.New("config key llm.timeout: must not be negative")
	}
	return nil
}

// CommunityNames lists the configured communities in order.
func (c Config) CommunityNames() []string {
	names := make([]string, 0, len(c.Communities))
	for _, cc := range c.Communities {
		names = append(names, cc.Name)
	}
	return names
}

// Directory builds the directory of communities and groups.
func (c Config) Directory() *bot.Directory {
	loc, _ := time.LoadLocation(c.Timezone)
	d := bot.NewDirectory(loc)
	d.ServeAllGroups = c.ServeAllGroups
	for _, cc := range c.Communities {
		cloc := loc
		if cc.Timezone != "" {
			cloc, _ = time.LoadLocation(cc.Timezone)
		}
		d.AddCommunity(bot.Community{Name: cc.Name, Location: cloc, GarbageCity: cc.GarbageCity})
		for _, g := range cc.Groups {
			d.AddGroup(g, cc.Name)
		}
	}
	return d
}

var yamlLine = regexp.MustCompile(`line (\d+): `)

// explainYAML adds the key to each "line N:" of a yaml error, so a bad
// value reads "line 3 (pacing.per_chat): cannot unmarshal …".
func explainYAML(body []byte, err error) string {
	var root yaml.Node
	if yaml.Unmarshal(body, &root) != nil {
		return err.Error()
	}
	return yamlLine.ReplaceAllStringFunc(err.Error(), func(m string) string {
		n, _ := strconv.Atoi(yamlLine.FindStringSubmatch(m)[1])
		if key := keyAtLine(&root, n, ""); key != "" {
			return fmt.Sprintf("line %d (config key %s): ", n, key)
		}
		return m
	})
}

// keyAtLine finds the dotted path of the mapping key or value on line.
func keyAtLine(n *yaml.Node, line int, path string) string {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			if k := keyAtLine(c, line, path); k != "" {
				return k
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			p := key.Value
			if path != "" {
				p = path + "." + key.Value
			}
			if key.Line == line {
				return p
			}
			if k := keyAtLine(val, line, p); k != "" {
				return k
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if k := keyAtLine(c, line, fmt.Sprintf("%s[%d]", path, i)); k != "" {
				return k
			}
		}
	}
	return ""
}

// validate checks the mp block and names the key that is wrong.
func (c MPConfig) validate() error {
	if !c.Enabled() {
		return nil
	}
	switch {
	case c.AppSecret == "":
		return errors.New("config key mp.app_secret: must be set with mp.app_id (开发 → 基本配置 → AppSecret)")
	case c.Token == "":
		return errors.New("config key mp.token: must be set (服务器配置 → 令牌(Token))")
	case c.AESKey != "" && len(c.AESKey) != 43:
		return fmt.Errorf("config key mp.aes_key: must be the 43 characters of 消息加解密密钥, not %d", len(c.AESKey))
	case !strings.HasPrefix(c.Path, "/"):
		return fmt.Errorf("config key mp.path: %q must start with /", c.Path)
	case c.ReplyWithin <= 0 || c.ReplyWithin >= 5*time.Second:
		return fmt.Errorf("config key mp.reply_within: %v must be above 0 and below WeChat's 5s", c.ReplyWithin)
	}
	if len(c.Menu) > 3 {
		return errors.New("config key mp.menu: at most 3 buttons")
	}
	for i, b := range c.Menu {
		if len(b.Sub) > 5 {
			return fmt.Errorf("config key mp.menu[%d].sub: at most 5 buttons", i)
		}
	}
	return nil
}
