package faq_test

import (
	"testing"

	"linli/program/programtest"
)

// TestGolden plays this package's transcripts through the whole program.
func TestGolden(t *testing.T) { programtest.Golden(t, "testdata") }
