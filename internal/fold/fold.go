// Package fold folds the full-width forms residents type on Chinese phone
// keyboards into the half-width ones the chat grammar, the time parser and
// retrieval read: `＃１２` is `#12`, the ideographic space a space. Chinese
// punctuation such as 。and 、 has no half-width form here and is kept.
package fold

import "strings"

// Rune returns the half-width form of a full-width ASCII character or the
// ideographic space, and any other rune unchanged.
func Rune(r rune) rune {
	switch {
	case r == '\u3000':
		return ' '
	case r >= '\uFF01' && r <= '\uFF5E':
		return r - 0xFEE0
	}
	return r
}

// Width folds every rune of s with Rune.
func Width(s string) string { return strings.Map(Rune, s) }
