package knowledge

import "testing"

// TestSlipsFindTheSameArticle: a question typed with a pinyin slip in the
// law's words, or in spoken words (咋办, 俺娃), is answered from the
// article the same question typed right is answered from, as surely.
func TestSlipsFindTheSameArticle(t *testing.T) {
	ix := fullIndex(t)
	for slipped, right := range map[string]string{
		"抵压的车能卖吗": "抵押的车能卖吗",
		"去公正处立遗嘱": "去公证处立遗嘱",
		"撞了人要陪多少": "撞了人要赔多少",
		"遗瞩有效吗":   "遗嘱有效吗",
		"扶恤金算遗产吗": "抚恤金算遗产吗",
		"继成房子":    "继承房子",
		"离昏财产":    "离婚财产",
		"质压的东西":   "质押的东西",
		"债物谁还":    "债务谁还",
		"欠帐不还":    "欠账不还",
		// Spoken words of asking and of persons.
		"俺爹走了房子咋分":   "我爸走了房子怎么分",
		"借钱不还咋个办":    "借钱不还怎么办",
		"邻居家狗咬了俺娃咋整": "邻居家狗咬了我孩子怎么办",
		// Cantonese, Wuhan, Chongqing and Shaanxi.
		"佢屋企漏水漏到我家 点算":   "他家漏水漏到我家 怎么办",
		"借钱唔还 可唔可以告佢":    "借钱不还 可不可以告他",
		"邻居的狗咬了伢 么样办":    "邻居的狗咬了孩子 怎么样办",
		"隔壁的树根把墙拱裂了 找哪个": "隔壁的树根把墙拱裂了 找谁",
		"额爸走了房子咋分":       "我爸走了房子怎么分",
	} {
		got, want := ix.Search(slipped, 3), ix.Search(right, 3)
		if len(want.Articles) == 0 || len(got.Articles) == 0 || got.Articles[0] != want.Articles[0] {
			t.Errorf("%s: first article %v, typed right %v", slipped, firstArticle(got.Articles), firstArticle(want.Articles))
		}
		// As sure: answered with its article, or not, alike.
		if d := got.Confidence - want.Confidence; d > 0.05 || d < -0.05 {
			t.Errorf("%s: confidence %.2f, typed right %.2f", slipped, got.Confidence, want.Confidence)
		}
	}
}

func firstArticle(a []int) int {
	if len(a) == 0 {
		return 0
	}
	return a[0]
}
