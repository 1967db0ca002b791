package volunteer

import (
	"linli/internal/fold"
	"linli/internal/gatedre"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// skillCues are the words volunteers use for what they can do. They differ
// from request words: a volunteer says "会修电脑", a resident "电脑坏了".
var skillCues = map[Skill][]string{
	Errands:     {"跑腿", "买菜", "代买", "取快递", "送东西", "代办", "买东西", "送餐", "送饭", "有车", "开车", "会开车", "接送"},
	Medical:     {"陪诊", "陪看病", "看病", "就医", "医院", "陪护", "护士", "医生", "护理", "拿药"},
	Companion:   {"陪老人", "陪伴", "聊天", "陪聊", "探望", "看望", "关爱老人", "助老", "读报", "下棋"},
	Repair:      {"修电脑", "修家电", "维修", "修理", "修水管", "电工", "水电", "修", "家电", "换灯泡", "灯泡", "水管", "水龙头"},
	Tech:        {"教手机", "手机教学", "教电脑", "电脑", "手机", "智能手机", "微信", "教老人用", "上网"},
	Legal:       {"法律", "律师", "法务", "法学"},
	Counselling: {"心理", "疏导", "咨询师", "开导", "倾听"},
	Children:    {"辅导作业", "辅导", "作业", "孩子", "儿童", "看孩子", "带孩子", "家教", "补课", "教英语", "教数学", "接送孩子", "老师", "教师"},
	Disability:  {"助残", "残疾", "轮椅", "手语", "盲人"},
	Cleaning:    {"打扫", "清洁", "保洁", "收拾", "整理", "家政"},
	Moving:      {"搬运", "搬家", "搬东西", "力气", "力气活", "扛", "搬"},
}

var (
	reCap     = gatedre.MustCompile(`每周(?:最多|至多|不超过|可以|能)?(?:接)?\s*([` + cnNumberChars + `]{1,2})\s*(?:单|次|个)`)
	reProfBld = gatedre.MustCompile(`([` + cnNumberChars + `]{1,4})\s*(?:号楼|栋|幢|座)`)
	reSegment = gatedre.MustCompile(`[,，;；。、和及与/]+|以及|还有`)
)

// ParseProfile reads a volunteer's registration text: skills from the
// taxonomy, when they are free, where they live and a weekly cap (0 when
// not said).
func ParseProfile(text string) (skills []Skill, avail Availability, estate, building string, weeklyCap int) {
	text = fold.Width(text)
	lower := strings.ToLower(text)
	// Longest words first, each used once, so "修电脑" does not also count
	// as 电脑手机教学.
	type hit struct {
		word  string
		skill Skill
	}
	var hits []hit
	for s, words := range skillCues {
		for _, w := range words {
			hits = append(hits, hit{w, s})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		li, lj := utf8.RuneCountInString(hits[i].word), utf8.RuneCountInString(hits[j].word)
		if li != lj {
			return li > lj
		}
		return hits[i].word < hits[j].word
	})
	seen := map[Skill]bool{}
	rest := lower
	for _, h := range hits {
		if strings.Contains(rest, h.word) {
			rest = strings.ReplaceAll(rest, h.word, "\x00")
			seen[h.skill] = true
		}
	}
	for _, s := range Skills() {
		if seen[s] {
			skills = append(skills, s)
		}
	}
	avail = parseAvailability(text)
	if m := reEstate.FindStringSubmatch(text); m != nil && !strings.ContainsAny(m[1], "住在的个") {
		estate = m[1] + m[2]
	}
	if m := reProfBld.FindStringSubmatch(text); m != nil {
		if n := parseNumber(m[1]); n > 0 {
			building = strconv.Itoa(n)
		}
	}
	if m := reCap.FindStringSubmatch(text); m != nil {
		if n := parseNumber(m[1]); n > 0 && n <= 20 {
			weeklyCap = n
		}
	}
	return skills, avail, estate, building, weeklyCap
}

// parseAvailability reads "周末和工作日晚上有空" into slots. Each piece of
// the sentence names days, parts of the day or both; a piece with only parts
// inherits the days of the piece before it ("周六上午和下午"), one with only
// days means the whole day. Nothing said means any time.
func parseAvailability(text string) Availability {
	if hasAny(text, []string{"随时", "都有空", "都可以", "每天都", "天天"}) && !hasAny(text, []string{"周末", "工作日", "平时", "周六", "周日"}) && !hasAny(text, []string{"上午", "下午", "晚上", "早上"}) {
		return Anytime
	}
	var avail Availability
	var prevDays uint8
	for _, seg := range reSegment.Split(text, -1) {
		days := segmentDays(seg)
		parts := segmentParts(seg)
		if days == 0 && parts == 0 {
			continue
		}
		if days == 0 {
			days = prevDays
			if days == 0 {
				days = 3
			}
		}
		if parts == 0 {
			parts = 7
		}
		if days&1 != 0 {
			avail |= Availability(parts)
		}
		if days&2 != 0 {
			avail |= Availability(parts) << 3
		}
		prevDays = days
	}
	if avail == 0 {
		return Anytime
	}
	return avail
}

// segmentDays: bit 1 weekdays, bit 2 weekends.
func segmentDays(seg string) uint8 {
	var d uint8
	if hasAny(seg, []string{"工作日", "平时", "平日", "周一到周五", "周一至周五", "上班日", "周一", "周二", "周三", "周四", "周五", "星期一", "星期二", "星期三", "星期四", "星期五"}) {
		d |= 1
	}
	if hasAny(seg, []string{"周末", "双休", "周六", "周日", "周天", "星期六", "星期日", "星期天", "礼拜六", "礼拜天", "节假日", "休息日", "假期"}) {
		d |= 2
	}
	if hasAny(seg, []string{"每天", "天天", "一周七天"}) {
		d |= 3
	}
	if d == 0 && strings.Contains(seg, "都有空") {
		// 「都有空」 is every day only when no day is named: 「周末都有空」
		// is the weekend, all of it.
		d = 3
	}
	return d
}

// segmentParts: bit 1 morning, 2 afternoon, 4 evening.
func segmentParts(seg string) uint8 {
	var p uint8
	if hasAny(seg, []string{"上午", "早上", "早晨", "白天", "全天"}) {
		p |= 1
	}
	if hasAny(seg, []string{"下午", "午后", "白天", "全天"}) {
		p |= 2
	}
	if hasAny(seg, []string{"晚上", "晚间", "下班后", "夜里", "傍晚", "全天"}) {
		p |= 4
	}
	return p
}

// Describe says the slots in Chinese ("工作日晚上、周末全天").
func (a Availability) Describe() string {
	if a == 0 || a == Anytime {
		return "随时"
	}
	part := func(bits Availability) string {
		switch bits {
		case 7:
			return "全天"
		case 3:
			return "白天"
		}
		var s []string
		for i, n := range []string{"上午", "下午", "晚上"} {
			if bits&(1<<i) != 0 {
				s = append(s, n)
			}
		}
		return strings.Join(s, "、")
	}
	wd, we := a&7, (a>>3)&7
	if wd == we {
		return "每天" + part(wd)
	}
	var out []string
	if wd != 0 {
		out = append(out, "工作日"+part(wd))
	}
	if we != 0 {
		out = append(out, "周末"+part(we))
	}
	return strings.Join(out, "，")
}
