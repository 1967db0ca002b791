package bot

import (
	"slices"
	"testing"
)

func TestGroupsNamedFindsTheGroupsWordsMean(t *testing.T) {
	d := NewDirectory(nil)
	d.AddGroup("春晖一群", "春晖社区")
	d.AddGroup("春晖二群", "春晖社区")
	d.AddGroup("枫林二期业主群", "枫林社区")
	d.AddGroup("枫林一期居民群", "枫林社区")
	d.AddGroup("新华1号楼群", "新华社区")
	d.AddGroup("新华2号楼群", "新华社区")
	for _, c := range []struct {
		community, text string
		want            []string
	}{
		{"春晖社区", "一群二群都参加", []string{"春晖一群", "春晖二群"}},
		{"春晖社区", "只在二群搞", []string{"春晖二群"}},
		{"春晖社区", "两个群都发", []string{"春晖一群", "春晖二群"}},
		{"春晖社区", "明天开始打卡", nil},
		{"枫林社区", "在二期群搞打卡", []string{"枫林二期业主群"}},
		{"新华社区", "在1号楼群发一下", []string{"新华1号楼群"}},
		// 「21号上午」 is a day, not 1号楼.
		{"新华社区", "下周六21号上午九点半办个手机课", nil},
	} {
		if got := d.GroupsNamed(c.community, c.text); !slices.Equal(got, c.want) {
			t.Errorf("GroupsNamed(%s, %q) = %v, want %v", c.community, c.text, got, c.want)
		}
	}
}
