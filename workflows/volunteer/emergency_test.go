package volunteer_test

import (
	"testing"

	"linli/workflows/volunteer"
)

// TestEmergencyIsUrgentAndSaysCall120: a life in danger told in a
// resident's words is an urgent request however it is put, even as a
// question (「…怎么办」); the reply says to call 120 first (a gas leak:
// shut the valve and call from outside), and the coordinators hear at
// once. A fall told in a question about who pays is not one.
func TestEmergencyIsUrgentAndSaysCall120(t *testing.T) {
	f := newFixture(t, volunteer.Config{})
	f.coordinator("李主任")
	// Told in the group, unaddressed: a life in danger is acted on.
	got := f.say(group, "王奶奶", "我家老伴摔倒了起不来")
	expect(t, got, "[锦霞一群] 有生命危险请马上拨打120急救电话", "[私聊→王奶奶] 有生命危险请马上拨打120急救电话", "（急）", "[私聊→李主任] 新求助 #1")
	expect(t, f.say(group, "赵大爷", "@社区小助手 老伴晕倒了叫不醒怎么办"), "拨打120", "[私聊→李主任] 新求助 #2")
	expect(t, f.say(group, "钱阿姨", "厨房燃气泄漏了 快来人"), "不要开关电器，到室外再打119", "[私聊→李主任] 新求助 #3")
	expectNone(t, f.say(group, "孙叔", "@社区小助手 老人在超市摔倒了起不来 超市要赔吗"), "新求助", "120")
	// 「摔了」 without 倒, told at length: two signs of danger, or a cry
	// for what to do now, make it one.
	expect(t, f.say(group, "周阿姨", "我家老头在厕所摔了 起不来 头上出血了"), "拨打120", "[私聊→李主任] 新求助 #4")
	expect(t, f.say(group, "吴阿姨", "快来人 我老伴在楼道摔了 起不来 我扶不动他"), "拨打120", "[私聊→李主任] 新求助 #5")
	expectNone(t, f.say(group, "郑叔", "我妈上个月在厕所摔了一跤 现在能下地走了"), "新求助", "120")
}
