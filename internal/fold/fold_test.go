package fold

import "testing"

func TestWidth(t *testing.T) {
	tests := []struct{ in, want string }{
		{"接单＃１２", "接单#12"},
		{"ＡＢｃ　１０：３０", "ABc 10:30"},
		{"好的。谢谢、再见", "好的。谢谢、再见"},
		{"！～", "!~"},
	}
	for _, tt := range tests {
		if got := Width(tt.in); got != tt.want {
			t.Errorf("Width(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
