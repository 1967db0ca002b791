package points

import (
	"errors"
	"testing"

	"linli/bot"
)

// TestParseItemIsStrict: a price becomes points, so only a whole word is
// a price, and a malformed one is refused with a sentence, not misread.
func TestParseItemIsStrict(t *testing.T) {
	for _, c := range []struct {
		in          string
		name        string
		price, stck int64
		refused     string
	}{
		{in: "环保袋 100积分 库存2", name: "环保袋", price: 100, stck: 2},
		{in: "库存5 帆布包 300 积分", name: "帆布包", price: 300, stck: 5},
		{in: "5分钱纪念币 50积分 库存3", name: "5分钱纪念币", price: 50, stck: 3},
		{in: "环保袋 １００积分 库存 ２０个", name: "环保袋", price: 100, stck: 20},
		{in: "金条 -5积分 库存3", refused: "价格“-5积分”不对：请写1到1000000之间的整数，例如：100积分。"},
		{in: "金条 1.5积分 库存3", refused: "价格“1.5积分”不对：请写1到1000000之间的整数，例如：100积分。"},
		{in: "金条 0积分 库存3", refused: "价格要在1到1000000积分之间。"},
		{in: "金条 5积分 6积分 库存3", refused: "价格写了两次，请只写一个。格式：添加商品 环保袋 100积分 库存20"},
		{in: "金条 5积分 库存-3", refused: "库存“-3”不对：请写整数，例如：库存20。"},
		{in: "5分钱纪念币 库存3", refused: "请写明价格。格式：添加商品 环保袋 100积分 库存20"},
	} {
		name, price, stock, err := parseItem(c.in)
		var ue *bot.UserError
		switch {
		case c.refused != "":
			if !errors.As(err, &ue) || ue.Msg != c.refused {
				t.Errorf("parseItem(%q) = %q %d %d %v; want refusal %q", c.in, name, price, stock, err, c.refused)
			}
		case err != nil || name != c.name || price != c.price || stock != c.stck:
			t.Errorf("parseItem(%q) = %q %d %d %v; want %q %d %d", c.in, name, price, stock, err, c.name, c.price, c.stck)
		}
	}
}
