package knowledge

import (
	"fmt"
	"os"
	"testing"
)

// halves splits the development questions by row: the even half tunes,
// the odd half measures.
func halves(rows []EvalRow) (even, odd []EvalRow) {
	for i, r := range rows {
		if i%2 == 0 {
			even = append(even, r)
		} else {
			odd = append(odd, r)
		}
	}
	return even, odd
}

// TestCalibrateConfidence refits the confidence model on the even half of
// the development questions and prints it as the Go literal to paste into
// calibratedConfidence, with the precision–coverage curve of both halves.
// It refits only with LINLI_CALIBRATE=1, since the fit takes a while.
func TestCalibrateConfidence(t *testing.T) {
	if os.Getenv("LINLI_CALIBRATE") == "" {
		t.Skip("set LINLI_CALIBRATE=1 to refit the confidence model")
	}
	code := loadCivilCode(t)
	even, odd := halves(loadDevQuestions(t))
	lex, _ := BuiltinLexicon()
	faq, _ := BuiltinFAQ()
	ix := NewIndex(append(code, faq...), lex, DefaultOptions())
	xs, right := EvalSignals(ix, even)
	m := FitConfidence(xs, right)
	fmt.Printf("var calibratedConfidence = ConfidenceModel{Bias: %.4f, Weights: [signalCount]float64{", m.Bias)
	for i, w := range m.Weights {
		if i > 0 {
			fmt.Print(", ")
		}
		fmt.Printf("%.4f", w)
	}
	fmt.Println("}}")
	for name, rows := range map[string][]EvalRow{"even": even, "odd": odd} {
		xs, right := EvalSignals(ix, rows)
		conf := make([]float64, len(xs))
		for i, x := range xs {
			conf[i] = m.Confidence(x)
		}
		for th := 0.0; th < 1; th += 0.05 {
			c, p := atThreshold(conf, right, th)
			fmt.Printf("%s  threshold %.2f  coverage %.3f  precision %.3f\n", name, th, c, p)
		}
	}
}
