package faq_test

import (
	"testing"

	"linli/program/programtest"
)

// TestGolden plays this package's transcripts through the whole program.
func TestGolden(t *testing.T) { programtest.Golden(t, "testdata") }

// TestGoldenWithCode plays the transcripts of testdata/code on a store
// with the full Civil Code imported, as `linli kb import` leaves it; it
// skips where the public copy of the Code is absent.
func TestGoldenWithCode(t *testing.T) {
	programtest.GoldenAfter(t, "testdata/"+programtest.CodeDir, programtest.ImportCivilCode)
}
