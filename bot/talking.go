package bot

import "time"

// A member who has just spoken to the bot in a group often goes on
// without @-mentioning it again (「@小助手 陈师傅手机号多少 我家马桶也堵了」,
// then 「行吧 那帮我报一个 马桶堵了 这两天晚上家里都有人」). For a while
// after, their words in that group are read as to the bot when they
// clearly ask it for something; anything less stays the neighbours'.
// When each member last spoke to the bot in each group is kept in
// Router.talking, in this process only.

// talkingWindow is how long after speaking to the bot a member's group
// words may still be to it.
const talkingWindow = 10 * time.Minute
