package intent

import "testing"

func TestOwnPieceNamesOneThingByThePartOnlyItHas(t *testing.T) {
	names := []string{"东门车棚", "北门空地", "猜灯谜"}
	for _, tc := range []struct {
		i     int
		words string
		want  bool
	}{
		{0, "充电桩 东门", true},
		{2, "灯谜", true},
		{0, "门口", false},   // 门 alone is in two names
		{1, "东门车棚", false}, // words of another name
	} {
		if got := OwnPiece(names, tc.i, tc.words); got != tc.want {
			t.Errorf("OwnPiece(%q, %q) = %v, want %v", names[tc.i], tc.words, got, tc.want)
		}
	}
}
