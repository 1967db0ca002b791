package checkin_test

import (
	"testing"

	"linli/workflows/checkin"
)

func TestFirstCheckins(t *testing.T) {
	p := newProgram(t, "", checkin.DefaultConfig())
	got := p.play(`
@group 锦霞一群 community=锦霞社区
@admin 李主任 community=锦霞社区
@now 2026-11-23 08:00
[锦霞一群] 张三: 打卡
[锦霞一群] 李主任: 发起打卡 垃圾分类 21天
[锦霞一群] 张三: 打卡
[锦霞一群] 李四: 签到 今天把厨余垃圾分好了
[锦霞一群] 张三: 打卡
@now 2026-11-23 08:05
[锦霞一群] 张三: 我的积分
`)
	t.Log(got)
}
