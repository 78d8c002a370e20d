package report

// What the text forms of diff and reconcile share: how a change, an
// answer and a SEAL movement are written.

import (
	"fmt"
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// signedPoints writes a points difference with its sign: "+31.25",
// "-4.17", "0.00".
func signedPoints(p scoring.Points) string {
	sign := "+"
	switch {
	case p == 0:
		sign = ""
	case p < 0:
		sign, p = "-", -p
	}
	return sign + p.String()
}

// signedFloat writes a difference with its sign and the given decimals.
func signedFloat(x float64, decimals int) string {
	s := fmtFloat(x, decimals)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s
}

// sealMove writes a SEAL before and after: "SEAL-2 → SEAL-4", or the one
// level when it did not move.
func sealMove(old, new int) string {
	if old == new {
		return scoring.SEALLabel(new, false)
	}
	return scoring.SEALLabel(old, false) + " → " + scoring.SEALLabel(new, false)
}

// changeList writes the kinds of change of a factor: "answer, sources".
func changeList(cs []scoring.Change) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = string(c)
	}
	return strings.Join(parts, ", ")
}

// status is "re-evaluated" or "carried over".
func status(d *scoring.FactorDiff) string {
	if d.Reevaluated() {
		return "re-evaluated"
	}
	return "carried over"
}

// answerText names a factor's answer: its numbered label, else what the
// assessor wrote, else "—".
func answerText(f *scoring.FactorResult) string {
	if a, ok := f.Answer(); ok {
		return a.Display()
	}
	if f.Entry != nil {
		if s := scoring.Normalize(f.Entry.Answer.Text); s != "" {
			return s + " (unusable)"
		}
	}
	return "—"
}

// justificationOf is a factor's justification as written, "" when none.
func justificationOf(f *scoring.FactorResult) string {
	if f.Entry == nil {
		return ""
	}
	return scoring.Normalize(f.Entry.Justification.Text)
}

// eligibleWord is "eligible" or "not eligible".
func eligibleWord(eligible bool) string {
	if eligible {
		return "eligible"
	}
	return "not eligible"
}

// sideLine sums up one workbook of a comparison: score, SEAL, eligibility.
func sideLine(s *scoring.Summary) string {
	return fmt.Sprintf("%s %%, %s, %s", fmtFloat(s.Score, 2), scoring.SEALLabel(s.SEAL, s.Provisional), eligibleWord(s.Eligible))
}

// headline sums up a pair: "score +4.74, SEAL-2 → SEAL-3, eligibility gained".
func headline(d *scoring.PairDiff) string {
	elig := "eligibility unchanged (" + eligibleWord(d.New.Eligible) + ")"
	switch d.EligibilityChange {
	case scoring.EligibilityGained:
		elig = "became eligible"
	case scoring.EligibilityLost:
		elig = "no longer eligible"
	}
	return fmt.Sprintf("score %s points, %s, %s", signedFloat(d.ScoreDelta, 2), sealMove(d.Old.SEAL, d.New.SEAL), elig)
}

// factorCount sums up the factors of a pair.
func factorCount(d *scoring.PairDiff) string {
	return fmt.Sprintf("%d factor%s re-evaluated, %d carried over; %d changed in some way",
		d.Reevaluated, pluralS(d.Reevaluated), d.CarriedOver, len(d.Factors))
}

// termText makes workbook text fit one terminal table cell: white space
// folded, control characters dropped, clipped to n runes.
func termText(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, scoring.Normalize(s))
	return scoring.Clip(s, n)
}

// answerSummary is one assessor's answer for a reconciliation table:
// "3 · SEAL-1 · medium".
func answerSummary(f *scoring.FactorResult) string {
	conf := f.Confidence
	if conf == "" {
		conf = "no confidence"
	}
	if f.Option == 0 {
		return "no answer · " + conf
	}
	return fmt.Sprintf("%d · %s · %s", f.Option, scoring.SEALLabel(f.SEAL, false), conf)
}

// sealRange writes a range of SEALs: "SEAL-2", "SEAL-1 – SEAL-3" or "—".
func sealRange(lo, hi int) string {
	if lo == hi {
		return scoring.SEALLabel(lo, false)
	}
	return scoring.SEALLabel(lo, false) + " – " + scoring.SEALLabel(hi, false)
}
