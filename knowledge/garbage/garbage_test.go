package garbage

import (
	"context"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"电池是什么垃圾", "电池"},
		{"喝完的奶茶杯怎么扔", "奶茶杯"},
		{"用过的纸巾扔哪", "纸巾"},
		{"坏掉的台灯", "台灯"},
		{"过期的感冒药", "感冒药"},
		{"请问：两节电池该扔哪个桶？", "电池"},
		{"一袋剩饭属于什么垃圾", "剩饭"},
		{"ＬＥＤ灯泡是什么垃圾？", "led灯泡"},
		{"  西瓜皮 是湿垃圾吗 ", "西瓜皮"},
		{"电池是有害垃圾还是干垃圾呢", "电池"},
		{"84消毒液算什么垃圾", "84消毒液"},
		{"3个苹果核", "苹果核"},
		{"的确良", "的确良"},
		{"呢子大衣", "呢子大衣"},
		{"", ""},
		{"？？？", ""},
	} {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseCategory(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Category
	}{
		{"湿垃圾", Kitchen}, {"厨余垃圾", Kitchen}, {"干垃圾", Residual}, {"其它垃圾", Residual},
		{"可回收垃圾", Recyclable}, {"可回收物", Recyclable}, {"有害垃圾", Hazardous}, {"ｈａｚａｒｄｏｕｓ", Hazardous},
		{"大件垃圾", Unknown}, {"", Unknown},
	} {
		got, ok := ParseCategory(tc.in)
		if got != tc.want || ok != (tc.want != Unknown) {
			t.Errorf("ParseCategory(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

func TestReplyNamesCategoryBinAndTip(t *testing.T) {
	c := New(Builtin())
	for _, tc := range []struct {
		q, city string
		want    []string
		not     []string
	}{
		{"剩饭怎么扔", "", []string{"厨余垃圾", "绿色", "沥干水分"}, []string{"湿垃圾"}},
		{"剩饭怎么扔", "上海", []string{"厨余垃圾（湿垃圾）", "棕色", "沥干水分"}, nil},
		{"大骨头是什么垃圾", "上海市", []string{"其他垃圾（干垃圾）", "黑色", "难以腐烂"}, nil},
		{"大骨头是什么垃圾", "北京", []string{"其他垃圾", "灰色"}, []string{"干垃圾"}},
		{"电池是什么垃圾", "", []string{"有害垃圾", "红色"}, nil},
		{"旧报纸", "", []string{"可回收物", "蓝色"}, nil},
	} {
		a := c.ClassifyIn(tc.q, tc.city)
		reply := a.Reply(tc.city)
		if !a.Sure() {
			t.Errorf("%q: not sure (%+v)", tc.q, a)
		}
		for _, w := range tc.want {
			if !strings.Contains(reply, w) {
				t.Errorf("%q in %q: reply %q lacks %q", tc.q, tc.city, reply, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(reply, w) {
				t.Errorf("%q in %q: reply %q should not say %q", tc.q, tc.city, reply, w)
			}
		}
		if n := len([]rune(reply)); n > 120 {
			t.Errorf("%q: reply of %d characters is too long for a phone screen: %q", tc.q, n, reply)
		}
	}
}

func TestUnsureReplySaysSoAndNamesCloseItems(t *testing.T) {
	c := New(Builtin())
	a := c.Classify("塑料文具盒怎么扔")
	if a.Sure() {
		t.Fatalf("an item not on the list answered as sure: %+v", a)
	}
	reply := a.Reply("")
	if !strings.Contains(reply, "不太确定") {
		t.Errorf("unsure reply does not say so: %q", reply)
	}
	if len(a.Similar) == 0 || !strings.Contains(reply, a.Similar[0]) {
		t.Errorf("unsure reply does not name close items %v: %q", a.Similar, reply)
	}
}

func TestBadInputGetsAnHonestAnswer(t *testing.T) {
	c := New(Builtin())
	for _, q := range []string{"", "   ", "？？", strings.Repeat("电池", 2500), "what kind of trash is a battery", "明天天气怎么样", "😀😀",
		"楼上往下扔东西砸坏了我的车怎么办", "邻居家狗没拴绳咬了人谁负责", "房东不退押金", "捡到钱包怎么办"} {
		a := c.Classify(q)
		if a.Sure() {
			t.Errorf("Classify(%.20q…) is sure of %s (%s %s): it should not pretend", q, a.Category, a.How, a.Item)
		}
		if r := a.Reply(""); r == "" || strings.Contains(r, "属于") {
			t.Errorf("Classify(%.20q…).Reply = %q", q, r)
		}
	}
}

func TestCityOverridesNational(t *testing.T) {
	c := New([]Item{
		{Name: "花生壳", Category: Kitchen},
		{Name: "花生壳", Category: Residual, City: "某市"},
	})
	if got := c.ClassifyIn("花生壳", "").Category; got != Kitchen {
		t.Errorf("national: %s, want %s", got, Kitchen)
	}
	if got := c.ClassifyIn("花生壳", "某市").Category; got != Residual {
		t.Errorf("某市: %s, want %s", got, Residual)
	}
	if got := c.ClassifyIn("花生壳", "别市").Category; got != Kitchen {
		t.Errorf("another city falls back to national: %s, want %s", got, Kitchen)
	}
}

func TestHowTheAnswerWasFound(t *testing.T) {
	c := New(Builtin())
	for _, tc := range []struct {
		q    string
		how  string
		want Category
	}{
		{"易拉罐", HowExact, Recyclable},
		{"废电池", HowExact, Hazardous},
		{"可口可乐易拉罐", HowContained, Recyclable},
		{"头孢胶囊", HowContained, Hazardous},
		{"玻璃瓶子", HowExact, Recyclable},
	} {
		a := c.Classify(tc.q)
		if a.How != tc.how || a.Category != tc.want {
			t.Errorf("Classify(%q) = %s by %q (item %q), want %s by %q", tc.q, a.Category, a.How, a.Item, tc.want, tc.how)
		}
	}
}

func TestBuiltinList(t *testing.T) {
	items := Builtin()
	seen := map[string]bool{}
	per := map[Category]int{}
	for _, it := range items {
		k := Normalize(it.Name)
		if k != it.Name {
			t.Errorf("built-in item %q normalises to %q: write it as residents' questions reduce to", it.Name, k)
		}
		if seen[k] {
			t.Errorf("built-in item %q listed twice", it.Name)
		}
		seen[k] = true
		per[it.Category]++
	}
	if len(seen) < 400 {
		t.Errorf("built-in list has %d items, want at least 400", len(seen))
	}
	t.Logf("built-in items: %d (%v)", len(seen), per)
	for _, c := range Categories() {
		if per[c] < 40 {
			t.Errorf("only %d built-in items in %s", per[c], c)
		}
	}
	for _, confused := range []string{"大骨头", "奶茶杯", "湿纸巾", "外卖盒", "陶瓷", "过期药", "旧衣服", "充电宝"} {
		it, ok := New(items).Lookup(confused, "")
		if !ok || it.Note == "" {
			t.Errorf("commonly confused item %q has no explanation in the built-in list", confused)
		}
		if !strings.Contains(Guide(), confused[:len(confused)]) && !strings.Contains(Guide(), strings.TrimPrefix(confused, "旧")) {
			t.Errorf("guide does not mention %q", confused)
		}
	}
}

func TestIsQuestion(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"电池是什么垃圾", true},
		{"喝完的奶茶杯怎么扔？", true},
		{"西瓜皮是湿垃圾吗", true},
		{"这个该扔哪个桶", true},
		{"大家早上好", false},
		{"明天天气怎么样", false},
		{"", false},
		{strings.Repeat("今天社区活动很热闹，", 5) + "扔哪", false},
	} {
		if got := IsQuestion(tc.in); got != tc.want {
			t.Errorf("IsQuestion(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestParseTSVToleratesHeaderSynonymsAndBadLines(t *testing.T) {
	in := "item\tcategory\tcity\n" +
		"西瓜皮\t湿垃圾\t上海\n" +
		"\n# a comment\n" +
		"纸巾\t干垃圾\n" +
		"报纸\t可回收垃圾\n" +
		"沙发\t大件垃圾\n" +
		"只有一列\n" +
		"电池\t有害垃圾\t全国\r\n"
	items, res, err := ParseTSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Item{
		{Name: "西瓜皮", Category: Kitchen, City: "上海"},
		{Name: "纸巾", Category: Residual},
		{Name: "报纸", Category: Recyclable},
		{Name: "电池", Category: Hazardous},
	}
	if len(items) != len(want) {
		t.Fatalf("got %d items %+v, want %d", len(items), items, len(want))
	}
	for i := range want {
		if items[i] != want[i] {
			t.Errorf("item %d = %+v, want %+v", i, items[i], want[i])
		}
	}
	if len(res.Skipped) != 2 || !strings.Contains(res.Skipped[0], "line 7") || !strings.Contains(res.Skipped[1], "line 8") {
		t.Errorf("skipped = %q, want lines 7 and 8", res.Skipped)
	}
}

func TestResolveMajorityWins(t *testing.T) {
	items, conflicts := Resolve([]Item{
		{Name: "照片", Category: Residual},
		{Name: "照片", Category: Hazardous},
		{Name: "照片", Category: Hazardous},
		{Name: "纸巾", Category: Residual},
		{Name: "纸巾", Category: Residual},
		{Name: "干花", Category: Kitchen},
		{Name: "干花", Category: Residual},
	})
	got := map[string]Category{}
	for _, it := range items {
		got[it.Name] = it.Category
	}
	if len(items) != 3 || got["照片"] != Hazardous || got["纸巾"] != Residual || got["干花"] != Kitchen {
		t.Errorf("Resolve = %+v", items)
	}
	if conflicts != 2 {
		t.Errorf("conflicts = %d, want 2", conflicts)
	}
}

// memStore is an in-memory Store for tests of Import and Load.
type memStore struct{ items []Item }

func (m *memStore) GarbageItems(context.Context) ([]Item, error) { return m.items, nil }

func (m *memStore) ReplaceGarbageItems(_ context.Context, source string, items []Item) (int, error) {
	var keep []Item
	for _, it := range m.items {
		if it.Source != source {
			keep = append(keep, it)
		}
	}
	m.items = append(keep, items...)
	return len(items), nil
}

func TestImportedItemsOverrideBuiltin(t *testing.T) {
	ctx := context.Background()
	s := &memStore{}
	res, err := Import(ctx, s, strings.NewReader("茶包\t湿垃圾\n榴莲壳\t湿垃圾\n榴莲壳\t湿垃圾\n榴莲壳\t干垃圾\n"), "local.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if res.Read != 4 || res.Stored != 2 || res.Conflicts != 1 {
		t.Errorf("import result %+v, want 4 read, 2 stored, 1 conflict", res)
	}
	c, err := Load(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if a := c.Classify("榴莲壳"); a.Category != Kitchen {
		t.Errorf("imported 榴莲壳 → %s, want the imported %s over the built-in", a.Category, Kitchen)
	}
	if a := c.Classify("茶包"); a.Category != Kitchen || a.How != HowExact {
		t.Errorf("imported 茶包 → %s by %q", a.Category, a.How)
	}
	if a := c.Classify("易拉罐"); a.Category != Recyclable {
		t.Errorf("built-in 易拉罐 lost after import: %s", a.Category)
	}
}

// TestMaterialSaidAfterIsNotTheThing: what a thing is made of, said after
// it (「夜壶坏了 塑料的」), does not replace the thing asked about.
func TestMaterialSaidAfterIsNotTheThing(t *testing.T) {
	c := New(Builtin())
	for _, q := range []string{"夜壶坏了 塑料的 丢哪个桶", "夜壶坏了，塑料的，扔哪里"} {
		if a := c.Classify(q); a.Item != "夜壶" || a.Category != Residual {
			t.Errorf("Classify(%q) = %q %v, want 夜壶 其他垃圾", q, a.Item, a.Category)
		}
	}
	if got := DropMaterialAside("塑料的 丢哪个桶"); got != "塑料的 丢哪个桶" {
		t.Errorf("a material alone is the thing: got %q", got)
	}
}
