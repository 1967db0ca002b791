package mp_test

import (
	"testing"

	"linli/program/programtest"
)

// TestGolden plays the Official Account's conversations through the whole
// wired program.
func TestGolden(t *testing.T) { programtest.Golden(t, "testdata") }
