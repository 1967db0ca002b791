package bot

import (
	"sync"
	"time"
)

// A member who has just spoken to the bot in a group often goes on
// without @-mentioning it again (「@小助手 陈师傅手机号多少 我家马桶也堵了」,
// then 「行吧 那帮我报一个 马桶堵了 这两天晚上家里都有人」). For a while
// after, their words in that group are read as to the bot when they
// clearly ask it for something; anything less stays the neighbours'.

// talkingWindow is how long after speaking to the bot a member's group
// words may still be to it.
const talkingWindow = 10 * time.Minute

// talking remembers, in this process, when each member last spoke to the
// bot in each group.
type talking struct {
	mu sync.Mutex
	m  map[string]time.Time
}

// mark records that key spoke to the bot at now.
func (c *talking) mark(key string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]time.Time{}
	}
	if len(c.m) > 4096 {
		for k, at := range c.m {
			if now.Sub(at) > talkingWindow {
				delete(c.m, k)
			}
		}
	}
	c.m[key] = now
}

// recent reports whether key spoke to the bot within talkingWindow
// before now.
func (c *talking) recent(key string, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	at, ok := c.m[key]
	return ok && !now.Before(at) && now.Sub(at) <= talkingWindow
}
