package points

import (
	"context"
	"fmt"
	"strings"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/numerals"
)

// A coordinator stocks the shop in their own words (「商城上两样东西 雨伞80分
// 洗衣液40分」「积分商城加个环保袋 5积分 30个」): the words are read into
// 添加商品 lines, never run on their own.

var (
	// stocksShop says the shop is being stocked.
	stocksShop = gatedre.MustCompile(`(商城|积分商城|上架|添加|加个|加上|新增|增加|上新|摆上|能换的东西|可以换的东西|兑换的东西|积分换东西|积分(可以|能)换(东西)?|积分(小)?超市|小超市|换的东西|积分兑换|(弄|搞|开|办)(个|一个)?(积分)?(兑换|超市)|(放|上|摆|加)(几样|两样|三样|几个)(东西)?|(奖品|礼品)(这样|就)?(定|是|有|设))`)
	// itemPriced is a thing with its price in points: 「雨伞80分」.
	itemPriced = gatedre.MustCompile(`(\p{Han}{2,8}?)\s*([0-9]+|[一二两三四五六七八九十百千]+)\s*(积分|分)`)
	// eachUnit is the unit a price is for, said with the name: 「垃圾袋一卷」.
	eachUnit = gatedre.MustCompile(`(一|1)(个|把|件|瓶|袋|份|只|条|盒|套|张|本|箱|卷|包|提)$`)
	// perUnit is the unit a price is for, said after it, and the words up
	// to the stock: 「200分一瓶就30瓶」.
	perUnit = gatedre.MustCompile(`^\s*(换|兑)?(一|1)(个|把|件|瓶|袋|份|只|条|盒|套|张|本|箱|卷|包|提)[，, ]*(就|共|一共)?`)
	// itemStock is how many there are: 「30个」「库存10」「只有10把」.
	itemStock = gatedre.MustCompile(`^[\s，,、]*(库存|只有|有|共|一共|先?准备了?|先?放了?|先?上了?|备了|进了|买了)?\s*([0-9]+)\s*(个|把|件|瓶|袋|份|只|条|盒|套|张|本|箱|卷|包|提)`)
)

// stockLater is a stock said later than the price, of the one thing
// priced: 「现在手上就3个」「先放3个上去」.
var stockLater = gatedre.MustCompile(`(?:手上|手里|现在|目前|仓库里?)?(?:就|只有|有|还有|先放|放|先上|上|准备了?|备了?)\s*([0-9]+)\s*(?:个|把|件|瓶|袋|份|只|条|盒|套|张|本|箱|卷|包|提)`)

// kindLead are the words before a thing's name that say its kind, or
// what is left of them: 「还有那种带盖的分类小桶」.
var kindLead = gatedre.MustCompile(`^(那种|这种|一种|那款|这款|那个|这个|种的?|款)`)

// puttingUp are the words of putting a thing up before its name: 「先放环保袋」.
var puttingUp = gatedre.MustCompile(`^(先|再)?(放|摆)(个|一个)?`)

// stockEach is one stock said for every thing: 「各30份」「每样先放30份」.
var stockEach = gatedre.MustCompile(`(?:各|每样|每种|每一样)(?:先)?(?:有|准备|备|放|上)?(?:了)?\s*([0-9]+)\s*(?:个|把|件|瓶|袋|份|只|条|盒|套|张|本|箱|卷|包|提)`)

// stockAfterName is a stock said just after a thing's name: 「(洗衣液)只有
// 20瓶」「(抽纸)40包」.
var stockAfterName = gatedre.MustCompile(`^\p{Han}{0,2}?(?:库存|只有|有|共|一共|剩)?\s*([0-9]+)\s*(?:个|把|件|瓶|袋|份|只|条|盒|套|张|本|箱|卷|包|提)`)

// stockSaidOf is the stock of the thing named said apart from its price
// (「洗衣液150分一瓶，洗衣液只有20瓶」), "" when none is.
func stockSaidOf(name, text string) string {
	for rest := text; ; {
		i := strings.Index(rest, name)
		if i < 0 {
			return ""
		}
		rest = rest[i+len(name):]
		if m := stockAfterName.FindStringSubmatch(rest); m != nil {
			return m[1]
		}
	}
}

// draftItem reads a coordinator's words as 添加商品 lines, one a thing,
// offered to confirm; a stock not said is left blank (…), and the lines
// are shown to copy with it filled in.
func (s *Shop) draftItem(ctx context.Context, t *bot.Turn, text string) (string, bool) {
	if !stocksShop.MatchString(text) {
		return "", false
	}
	var lines []string
	for _, m := range itemPriced.FindAllStringSubmatchIndex(text, -1) {
		name := eachUnit.ReplaceAllString(strings.TrimLeft(puttingUp.ReplaceAllString(text[m[2]:m[3]], ""), "上加个两样东西商城积分的和还有"), "")
		name = kindLead.ReplaceAllString(name, "")
		if name == "" {
			continue
		}
		price, ok := numerals.Parse(text[m[4]:m[5]])
		if !ok || price <= 0 {
			continue
		}
		line := fmt.Sprintf("%s %d积分", name, price)
		if st := itemStock.FindStringSubmatch(perUnit.ReplaceAllString(text[m[1]:], "")); st != nil {
			line += " 库存" + st[2]
		} else if st := stockSaidOf(name, text); st != "" {
			line += " 库存" + st
		} else if st := stockLater.FindStringSubmatch(text[m[1]:]); st != nil && len(itemPriced.FindAllStringIndex(text, -1)) == 1 {
			// 「环保袋20分一个 现在手上就3个 先放3个上去」: the one thing's.
			line += " 库存" + st[1]
		} else if m := stockEach.FindStringSubmatch(text); m != nil {
			// 「环保袋50分，洗衣液200分，各30份」
			line += " 库存" + m[1]
		} else {
			line += " 库存…"
		}
		lines = append(lines, line)
	}
	switch len(lines) {
	case 0:
		return "", false
	case 1:
		return lines[0], true
	}
	return strings.Join(lines, "\n添加商品 "), true
}
