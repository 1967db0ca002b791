package console

import (
	"net/http"
	"strconv"

	"linli/knowledge"
)

// knowledgeData is the 知识库 page: the community's own entries, the
// one being edited, and the search tester's question and answer.
type knowledgeData struct {
	Entries []knowledge.Chunk
	Edit    *knowledge.Chunk
	Q       string
	Answer  *Explanation
}

// knowledgeCommands are the page's forms as chat commands: 添加问答,
// 修改问答 and 删除问答.
var knowledgeCommands = commands{
	"add":    func(f fields) string { return "添加问答 " + entryText(f) },
	"edit":   func(f fields) string { return "修改问答 #" + f("id") + " " + entryText(f) },
	"delete": func(f fields) string { return "删除问答 #" + f("id") },
}

// entryText writes an entry's fields as the chat command's labels.
func entryText(f fields) string {
	t := "问：" + f("question") + " 答：" + f("answer")
	if b := f("basis"); b != "" {
		t += " 依据：" + b
	}
	return t
}

func (s *Server) knowledgePage(w http.ResponseWriter, r *http.Request) {
	s.showKnowledge(w, r, nil)
}

func (s *Server) showKnowledge(w http.ResponseWriter, r *http.Request, notes []string) {
	all, c := s.scope(r)
	ctx := r.Context()
	entries, err := s.d.FAQ.Entries(ctx, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := knowledgeData{Entries: entries, Q: r.URL.Query().Get("q")}
	if id, err := strconv.ParseInt(r.URL.Query().Get("edit"), 10, 64); err == nil {
		for i := range entries {
			if entries[i].ID == id {
				d.Edit = &entries[i]
			}
		}
	}
	if d.Q != "" {
		e := s.d.FAQ.Explain(ctx, c, d.Q)
		d.Answer = &e
	}
	s.render(w, r, http.StatusOK, "knowledge", view{Title: "知识库", Nav: "knowledge", Communities: all, Community: c, Notes: notes, Data: d})
}
