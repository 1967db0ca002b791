package intent

import (
	"slices"
	"sync"
)

// memoSize bounds how many messages a Resolver remembers the reading of;
// when it is full it starts again.
const memoSize = 4096

// memoLen is the longest text, in bytes, whose reading is remembered: the
// short words residents repeat by the thousand (「打卡」, 「签到」, 「1」),
// not questions, which rarely come twice.
const memoLen = 64

type memoKey struct {
	text string
	role int
}

// memo remembers the readings of short messages. A morning burst is the
// same few words from every resident of a community, and the intents'
// expressions are the costliest part of reading one (BENCHMARKS.md). A
// reading depends on the text, the role and the declarations alone (their
// functions consult only what was loaded with them, such as the garbage
// classifier), so it holds for the resolver's life; registering another
// command builds a new resolver, with a memo of its own.
type memo struct {
	mu sync.Mutex
	m  map[memoKey][]Match
}

// get returns a copy of the reading remembered for text and role.
func (c *memo) get(text string, role int) ([]Match, bool) {
	if len(text) > memoLen {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	ms, ok := c.m[memoKey{text, role}]
	return slices.Clone(ms), ok
}

// put remembers ms as the reading of text for role.
func (c *memo) put(text string, role int, ms []Match) {
	if len(text) > memoLen {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= memoSize {
		c.m = make(map[memoKey][]Match)
	}
	c.m[memoKey{text, role}] = ms
}

// Forget drops every reading the resolver remembers, so that the next
// Resolve of any text reads it afresh: for measurements of the reading
// itself.
func (r *Resolver) Forget() {
	r.memo.mu.Lock()
	defer r.memo.mu.Unlock()
	clear(r.memo.m)
}
