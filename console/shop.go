package console

import (
	"context"
	"net/http"

	"linli/workflows/points"
)

// shopData is the 积分商城 page.
type shopData struct {
	Items []points.Item
	// Waiting are redemptions to hand over (待领取); Done the others.
	Waiting, Done []Redemption
}

// redemptionsShown bounds the redemptions the page lists.
const redemptionsShown = 200

// shopCommands are the page's forms as chat commands: 添加商品 (which
// also restocks), 下架, 核销 and 取消兑换.
var shopCommands = commands{
	"add": func(f fields) string {
		return "添加商品 " + f("name") + " " + f("price") + "积分 库存" + f("stock")
	},
	"delist":   func(f fields) string { return "下架 " + f("name") },
	"handover": func(f fields) string { return "核销 " + f("code") },
	"cancel":   func(f fields) string { return "取消兑换 " + f("code") },
}

func (s *Server) shopPage(w http.ResponseWriter, r *http.Request) {
	s.showShop(w, r, nil)
}

func (s *Server) showShop(w http.ResponseWriter, r *http.Request, notes []string) {
	all, c := s.scope(r)
	d, err := s.buildShop(r.Context(), c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "shop", view{Title: "积分商城", Nav: "shop", Communities: all, Community: c, Notes: notes, Data: d})
}

func (s *Server) buildShop(ctx context.Context, c string) (shopData, error) {
	var d shopData
	var err error
	if d.Items, err = s.d.Points.Items(ctx, c); err != nil {
		return d, err
	}
	rs, err := s.d.Reads.Redemptions(ctx, c, redemptionsShown)
	for _, x := range rs {
		if x.State == points.Reserved {
			d.Waiting = append(d.Waiting, x)
		} else {
			d.Done = append(d.Done, x)
		}
	}
	return d, err
}
