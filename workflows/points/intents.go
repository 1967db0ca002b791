package points

import (
	"strings"

	"linli/bot/intent"
)

// The shop's intents, in residents' own words (cues over intent.Fold's
// plain form).

func shopIntent() intent.Decl {
	return intent.Decl{
		Name: "shop", Label: "积分换礼品", Shape: intent.NoArgs, Asks: true,
		Cues: []string{`积分(能|可以)?(换|兑换|兑)(什么|哪些|点什么)`, `商城(里)?(有)?(什么|哪些)`, `^(积分)?商城$`, `能换(什么|哪些)(东西|礼品)`,
			`(怎么|怎样|如何|在哪|去哪)(用积分|拿积分)?(换|兑换|兑)(点|些)?(东西|礼品|奖品)`, `(用|拿)积分(换|兑换|兑)(点|些|个)?(东西|礼品|奖品)?$`, `积分(怎么|如何)(用|花|换)`},
		Not:     []string{`在哪|位置`},
		Phrases: []string{"积分商城", "积分能换什么", "积分换啥"},
	}
}

func redeemIntent() intent.Decl {
	return intent.Decl{
		Name: "redeem", Label: "兑换礼品", Shape: intent.Name,
		Accept: func(args string) bool {
			return args != "" && !strings.HasPrefix(args, "了") && !strings.HasPrefix(args, "的")
		},
		Cues: []string{`^(要|想)?兑换(一|个|条|份|张|件|只|瓶|袋).+`},
		Not:  []string{`兑换了|兑换过|换了|兑换的`},
	}
}

func myRedeemIntent() intent.Decl {
	return intent.Decl{Name: "my_redeem", Label: "我的兑换", Shape: intent.NoArgs, Asks: true, Cues: []string{`^(我的)?兑换(码|记录)$`}}
}

func historyIntent() intent.Decl {
	return intent.Decl{Name: "points_history", Label: "积分明细", Shape: intent.NoArgs, Asks: true,
		Cues: []string{`积分(的)?(明细|记录|流水)`}}
}

func cancelRedeemIntent() intent.Decl {
	return intent.Decl{Name: "cancel_redeem", Label: "取消兑换", Shape: intent.Free}
}
