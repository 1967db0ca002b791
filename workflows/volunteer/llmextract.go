package volunteer

import (
	"linli/internal/fold"
	"strings"
	"time"

	"linli/llm"
)

// mergeLLM fills a request from the model's reading, field by field: a
// field the model got wrong or left empty keeps the rules' value, and the
// phone is always the rules' (the model sees it masked).
func mergeLLM(rules Request, x llm.TaskExtraction, now time.Time) Request {
	if x.Validate() != nil {
		return rules
	}
	r := rules
	for _, s := range Skills() {
		if string(s) == x.Category {
			r.Category = s
		}
	}
	if what := strings.TrimSpace(x.What); what != "" && len([]rune(what)) <= 40 {
		r.What = what
	}
	if when := strings.TrimSpace(x.When); when != "" {
		if w, ok := findWindow(when, now); ok {
			r.Window = w
		}
	}
	if place := strings.TrimSpace(x.Place); place != "" {
		if p, _ := findPlace(fold.Width(place)); !p.IsZero() {
			r.Place = p
		}
	}
	switch x.Urgency {
	case llm.UrgencyHigh:
		r.Urgent = true
		if r.Window.IsZero() {
			r.Window = Window{Start: now, End: now.Add(2 * time.Hour)}
		}
	}
	return r
}
