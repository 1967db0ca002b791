package console

import (
	"net/http"
	"strings"
)

// fields reads a submitted form's values, trimmed.
type fields func(name string) string

// commands maps a form's "do" to the chat command it stands for. The
// console never acts on the store itself: each form is a command the
// router runs as if the coordinator had typed it (one rule, two doors).
type commands map[string]func(f fields) string

// formAction handles a page's posted forms: it runs the chat command the
// form stands for (act) and shows the page again with what the chat
// would have answered. An unknown "do" is refused.
func (s *Server) formAction(cmds commands, show func(w http.ResponseWriter, r *http.Request, notes []string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		build, ok := cmds[r.PostFormValue("do")]
		if !ok {
			http.Error(w, "未知操作", http.StatusBadRequest)
			return
		}
		f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
		notes, ok := s.act(w, r, build(f))
		if !ok {
			return
		}
		show(w, r, notes)
	}
}
