package redis_test

import (
	"context"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/cache"

	"linli/bot"
	"linli/storage/redis/redistest"
)

// TestCacheSharesTheTokenAcrossClients: what one instance stores (the
// Official Account's access token), another reads, until it expires or is
// dropped.
func TestCacheSharesTheTokenAcrossClients(t *testing.T) {
	url := redistest.Start(t)
	a := open(t, url, bot.SystemClock{})
	var c1, c2 cache.ContextCache = a.Cache(), a.Cache()
	ctx := context.Background()
	if v := c2.GetContext(ctx, "token"); v != nil {
		t.Fatalf("an empty cache returned %v", v)
	}
	if err := c1.SetContext(ctx, "token", "t-1", time.Minute); err != nil {
		t.Fatal(err)
	}
	if v := c2.GetContext(ctx, "token"); v != "t-1" || !c2.IsExistContext(ctx, "token") {
		t.Errorf("the other instance read %v", v)
	}
	if err := c2.DeleteContext(ctx, "token"); err != nil {
		t.Fatal(err)
	}
	if v := c1.GetContext(ctx, "token"); v != nil {
		t.Errorf("a dropped token is still read: %v", v)
	}
}
