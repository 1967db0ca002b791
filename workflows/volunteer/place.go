package volunteer

import (
	"strconv"
	"strings"

	"linli/internal/gatedre"
	"linli/internal/personal"
)

var (
	reLandLn = gatedre.MustCompile(`0[0-9]{2,3}-[0-9]{7,8}`)
	// 3-2-301: building, unit, room.
	reTriple = gatedre.MustCompile(`([0-9]{1,3})-([0-9]{1,2})-([0-9]{3,4})`)
	// 5-301: building and room.
	rePair     = gatedre.MustCompile(`([0-9]{1,3})-([0-9]{3,4})`)
	reBuilding = gatedre.MustCompile(`([` + cnNumberChars + `]{1,4})\s*(号楼|栋|幢|号院|座)`)
	reUnit     = gatedre.MustCompile(`^\s*(?:的)?\s*([` + cnNumberChars + `]{1,3})\s*单元`)
	reRoom     = gatedre.MustCompile(`^\s*(?:的)?\s*([0-9]{3,4})\s*(?:室|号|房)?`)
	reLoneRoom = gatedre.MustCompile(`([0-9]{3,4})\s*室`)
	reEstate   = gatedre.MustCompile(`(\p{Han}{2})(小区|花园|家园|新村|苑|公寓|大院)`)
)

// landmarks are places inside a community that residents name when there
// is no building to go to.
var landmarks = []string{"小区东门", "小区西门", "小区南门", "小区北门", "东大门", "西大门", "南大门", "北大门", "东门", "西门", "南门", "北门", "正门", "后门", "侧门", "小区门口", "大门口", "小区大门", "大门", "物业办公室", "物业中心", "物业", "居委会", "社区服务中心", "党群服务中心", "服务中心", "老年活动中心", "活动中心", "老年活动室", "活动室", "门卫室", "门岗", "门卫", "保安室", "保安亭", "快递柜", "菜鸟驿站", "驿站", "丰巢", "地下车库", "停车场", "车库", "小广场", "中心广场", "广场", "篮球场", "凉亭", "健身区", "垃圾站", "垃圾房", "自行车棚", "车棚"}

// findPhone returns the first phone number in text, digits only. An
// ID-card number is never read as one.
func findPhone(text string) string {
	for _, n := range personal.Find(text) {
		if n.Kind == personal.Phone {
			return n.Digits
		}
	}
	if m := reLandLn.FindString(text); m != "" {
		return m
	}
	return ""
}

// stripPhones removes phone and ID-card numbers so their digits are not
// read as rooms or times, nor kept in the task's description.
func stripPhones(text string) string {
	text = personal.Replace(text, func(personal.Number) string { return " " })
	return reLandLn.ReplaceAllString(text, " ")
}

// maskIDs hides ID-card numbers in a request before it is stored: nobody
// needs one to help, so not even the assigned volunteer sees it.
func maskIDs(text string) string {
	return personal.Replace(text, func(n personal.Number) string {
		if n.Kind == personal.IDCard {
			return personal.MaskedID
		}
		return text[n.Start:n.End]
	})
}

// MaskPhone shows only the first three and last four digits.
func MaskPhone(p string) string { return personal.MaskPhone(p) }

// findPlace reads the place from text (phones already removed) and returns
// it with the text that is left once it is taken out.
func findPlace(text string) (Place, string) {
	var p Place
	if m := reEstate.FindStringSubmatch(text); m != nil && !strings.ContainsAny(m[1], "住在的个") {
		p.Estate = m[1] + m[2]
	}
	if loc := reTriple.FindStringSubmatchIndex(text); loc != nil {
		p.Building, p.BuildingWord = text[loc[2]:loc[3]], "号楼"
		p.Unit = text[loc[4]:loc[5]]
		p.Room = text[loc[6]:loc[7]]
		return p, text[:loc[0]] + " " + text[loc[1]:]
	}
	if loc := reBuilding.FindStringSubmatchIndex(text); loc != nil {
		n := parseNumber(text[loc[2]:loc[3]])
		if n > 0 {
			p.Building = strconv.Itoa(n)
			p.BuildingWord = text[loc[4]:loc[5]]
			if p.BuildingWord == "座" {
				p.BuildingWord = "栋"
			}
			end := loc[1]
			rest := text[end:]
			if m := reUnit.FindStringSubmatchIndex(rest); m != nil {
				if u := parseNumber(rest[m[2]:m[3]]); u > 0 {
					p.Unit = strconv.Itoa(u)
				}
				end += m[1]
				rest = text[end:]
			}
			if m := reRoom.FindStringSubmatchIndex(rest); m != nil {
				p.Room = rest[m[2]:m[3]]
				end += m[1]
			}
			start := loc[0]
			if p.Estate != "" {
				if i := strings.LastIndex(text[:start], p.Estate); i >= 0 && strings.TrimSpace(strings.TrimSuffix(text[i+len(p.Estate):start], "的")) == "" {
					start = i
				}
			}
			return p, text[:start] + " " + text[end:]
		}
	}
	if loc := rePair.FindStringSubmatchIndex(text); loc != nil {
		p.Building, p.BuildingWord = text[loc[2]:loc[3]], "号楼"
		p.Room = text[loc[4]:loc[5]]
		return p, text[:loc[0]] + " " + text[loc[1]:]
	}
	if loc := reLoneRoom.FindStringSubmatchIndex(text); loc != nil {
		p.Room = text[loc[2]:loc[3]]
	}
	for _, l := range landmarks {
		i := strings.Index(text, l)
		if i < 0 {
			continue
		}
		after := text[i+len(l):]
		// "物业费" and "物业公司" are about the fee or the company.
		if hasPrefixAny(after, "费", "公司", "电话", "不", "管", "说", "让", "也", "都") {
			continue
		}
		p.Landmark = strings.TrimPrefix(l, "小区")
		if p.Landmark == "门口" {
			p.Landmark = "小区门口"
		}
		return p, text[:i] + " " + after
	}
	return p, text
}

func hasPrefixAny(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
