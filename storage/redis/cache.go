package redis

import (
	"context"
	"errors"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// Cache is a string cache in Redis, in the shape of the cache interface of
// github.com/silenceper/wechat/v2: the Official Account's access token
// lives here, so every instance uses the one token. (The SDK's own Redis
// cache is built on go-redis v8; this one reuses linli's connection.)
type Cache struct{ c *Client }

// Cache returns the client's cache.
func (c *Client) Cache() *Cache { return &Cache{c: c} }

// Get returns the value as a string, or nil when it is absent or Redis
// does not answer (the caller then fetches afresh).
func (k *Cache) Get(key string) any { return k.GetContext(context.Background(), key) }

// GetContext is Get with a context.
func (k *Cache) GetContext(ctx context.Context, key string) any {
	v, err := k.c.rdb.Get(ctx, k.c.prefix+key).Result()
	if err != nil {
		return nil
	}
	return v
}

// Set stores val for timeout.
func (k *Cache) Set(key string, val any, timeout time.Duration) error {
	return k.SetContext(context.Background(), key, val, timeout)
}

// SetContext is Set with a context.
func (k *Cache) SetContext(ctx context.Context, key string, val any, timeout time.Duration) error {
	return k.c.rdb.Set(ctx, k.c.prefix+key, val, timeout).Err()
}

// IsExist reports whether key is set.
func (k *Cache) IsExist(key string) bool { return k.IsExistContext(context.Background(), key) }

// IsExistContext is IsExist with a context.
func (k *Cache) IsExistContext(ctx context.Context, key string) bool {
	n, err := k.c.rdb.Exists(ctx, k.c.prefix+key).Result()
	return err == nil && n > 0
}

// Delete removes key.
func (k *Cache) Delete(key string) error { return k.DeleteContext(context.Background(), key) }

// DeleteContext is Delete with a context.
func (k *Cache) DeleteContext(ctx context.Context, key string) error {
	err := k.c.rdb.Del(ctx, k.c.prefix+key).Err()
	if errors.Is(err, goredis.Nil) {
		return nil
	}
	return err
}
