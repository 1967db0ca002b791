package intent

import (
	"strings"
	"unicode"
)

// OwnPiece reports whether words hold two Chinese characters in a row of
// names[i] that no other of names has: 「东门」 names 东门车棚 among 东门车棚
// and 北门空地, 「灯谜」 names 猜灯谜. It is how residents name one of a few
// things by the part they remember.
func OwnPiece(names []string, i int, words string) bool {
	r := []rune(names[i])
	for k := 0; k+2 <= len(r); k++ {
		if !unicode.Is(unicode.Han, r[k]) || !unicode.Is(unicode.Han, r[k+1]) {
			continue
		}
		piece := string(r[k : k+2])
		if !strings.Contains(words, piece) {
			continue
		}
		own := true
		for j, other := range names {
			if j != i && strings.Contains(other, piece) {
				own = false
				break
			}
		}
		if own {
			return true
		}
	}
	return false
}
