package inproc

import (
	"sync"
	"time"

	"linli/bot"
)

// Cache is a value cache in the shape of the cache interface of
// github.com/silenceper/wechat/v2, safe for concurrent use: the Official
// Account's access token of a single instance lives here. (The SDK's own
// memory cache reads its map without its lock, a data race when a
// callback reads the token while a send refreshes it.)
type Cache struct {
	clock bot.Clock
	mu    sync.Mutex
	data  map[string]cached
}

type cached struct {
	val     any
	expires time.Time
}

// NewCache returns an empty cache whose entries expire by clock.
func NewCache(clock bot.Clock) *Cache {
	return &Cache{clock: clock, data: map[string]cached{}}
}

// Get returns the value under key, or nil when there is none or it
// expired.
func (c *Cache) Get(key string) any {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.data[key]
	if !ok {
		return nil
	}
	if !c.clock.Now().Before(e.expires) {
		delete(c.data, key)
		return nil
	}
	return e.val
}

// Set stores val under key for timeout.
func (c *Cache) Set(key string, val any, timeout time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data[key] = cached{val: val, expires: c.clock.Now().Add(timeout)}
	return nil
}

// IsExist reports whether a live value is stored under key.
func (c *Cache) IsExist(key string) bool { return c.Get(key) != nil }

// Delete forgets key.
func (c *Cache) Delete(key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.data, key)
	return nil
}
