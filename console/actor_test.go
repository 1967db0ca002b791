package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"linli/console"
)

// TestStreetWorkerIsNamedInTheAudit: a 街道 worker signed in by a link
// from the command line has no member id; what they do in the console is
// still in the audit log under their name, on the audit page as well.
func TestStreetWorkerIsNamedInTheAudit(t *testing.T) {
	w := newWeek(t)
	ctx := context.Background()
	tok, err := w.sim.Program.ConsoleAuth.NewLink(ctx, console.Grant{Name: "街道", Role: console.Street}, w.clock().Now())
	if err != nil {
		t.Fatal(err)
	}
	b := w.browser(t)
	page := b.login(console.LoginURL("", tok))
	form := url.Values{"csrf": {csrfOf(t, page)}, "c": {"锦霞社区"}, "do": {"dispatch"}, "task": {"1"}, "name": {"小林"}, "nonce": {"street-1"}}
	if code, page := b.post("/volunteer/act", form); code != http.StatusOK || !strings.Contains(page, "#1") {
		t.Fatalf("dispatch by 街道: %d", code)
	}
	log, err := w.sim.Program.Store.AuditLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var login, dispatch bool
	for _, e := range log {
		switch {
		case e.Action == "console login" && e.MemberID == 0:
			login = e.Actor == "街道"
		case e.Action == "command" && strings.Contains(e.Detail, "派单 #1 小林"):
			dispatch = e.Actor == "街道" && e.MemberID == 0
		}
	}
	if !login || !dispatch {
		t.Errorf("audit log lacks 街道 as the actor (login %v, dispatch %v):\n%s", login, dispatch, w.auditText(t))
	}
	_, page = b.get("/audit?c=" + url.QueryEscape("锦霞社区") + "&q=" + url.QueryEscape("街道"))
	if !strings.Contains(page, "派单 #1 小林") {
		t.Errorf("the audit page, searched for 街道, does not show the dispatch:\n%s", page)
	}
}
