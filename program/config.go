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
