package scoring

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Normalize cleans text typed or pasted by assessors: compatibility
// normalisation (full-width digits, non-breaking spaces), invisible format
// characters (zero-width spaces, direction marks, BOM) removed, runs of
// white space folded and the ends trimmed.
func Normalize(s string) string {
	if normalASCII(s) {
		return s
	}
	return normalize(s)
}

// normalASCII reports text that Normalize returns unchanged because it is
// printable ASCII with single inner spaces, which most assessor text is:
// NFKC leaves ASCII as it is and ASCII has no format characters. The
// Unicode path costs about a millisecond per workbook.
func normalASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' {
			return false
		}
		if c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			return false
		}
	}
	return true
}

func normalize(s string) string {
	// Invisible format characters go first: between a letter and a
	// combining mark they would stop NFKC from composing the two, and a
	// second pass would then give another result.
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cf, r):
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// leadingNumber splits "4. Unlikely ..." into 4 and "Unlikely ...". The
// number must stand alone: "4", "4.", "4)", "4:", "4 -", "4. text",
// "4.text"; "4.5" or "4a" are not numbered answers.
func leadingNumber(s string) (int, string, bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 3 {
		return 0, "", false
	}
	n, _ := strconv.Atoi(s[:i])
	rest := s[i:]
	switch {
	case rest == "":
	case rest[0] == '.' || rest[0] == ')' || rest[0] == ':':
		if len(rest) > 1 && rest[1] >= '0' && rest[1] <= '9' {
			return 0, "", false // a decimal, "4.5"
		}
		rest = rest[1:]
	case rest[0] == ' ':
	default:
		return 0, "", false
	}
	rest = strings.TrimSpace(rest)
	rest = strings.TrimSpace(strings.TrimLeft(rest, "-–—"))
	return n, rest, true
}

// labelKey is the form in which labels are compared: case and trailing
// punctuation do not matter.
func labelKey(s string) string {
	return strings.ToLower(strings.TrimRight(Normalize(s), ". "))
}

// AnswerProblem describes why an answer could not be used.
type AnswerProblem struct {
	Code     string
	Severity Severity
	Message  string
}

// ParseAnswer finds the answer an assessor meant. It accepts a number
// ("4"), a number followed by any text ("4. Unlikely takeover ...": the
// number counts) or an official label that is unique on the ladder. It
// returns 0 and a problem when the answer is missing or unusable, and may
// return a number together with a warning (number and label disagree).
func ParseAnswer(f *Factor, raw string) (int, *AnswerProblem) {
	s := Normalize(raw)
	if s == "" {
		return 0, &AnswerProblem{CodeAnswerMissing, Error,
			fmt.Sprintf("%s has no answer: choose one of %s from the drop-down", f.ID, f.rangeText())}
	}
	if n, rest, ok := leadingNumber(s); ok {
		a, found := f.Answer(n)
		if !found {
			return 0, &AnswerProblem{CodeAnswerInvalid, Error,
				fmt.Sprintf("%s has answers %s; %d is not one of them", f.ID, f.rangeText(), n)}
		}
		if rest != "" && labelKey(rest) != labelKey(a.Text()) && labelKey(rest) != labelKey(a.Label) {
			// On SOV-8.2 .. 8.4 a label names two answers: the text
			// contradicts the number unless one of them is the number.
			if other := f.Matches(rest); len(other) > 0 && !slices.Contains(other, n) {
				return n, &AnswerProblem{CodeAnswerLabel, Warning,
					fmt.Sprintf("%s: the number %d was scored (%q), but the text is the label of answer %s; correct whichever is wrong",
						f.ID, n, a.Text(), joinNumbers(other))}
			}
		}
		return n, nil
	}
	switch m := f.Matches(s); len(m) {
	case 1:
		return m[0], nil
	case 0:
		return 0, &AnswerProblem{CodeAnswerInvalid, Error,
			fmt.Sprintf("%s: %q is not an answer of this factor; choose one of %s from the drop-down (the leading number counts)",
				f.ID, Clip(s, 60), f.rangeText())}
	default:
		return 0, &AnswerProblem{CodeAnswerAmbiguous, Error,
			fmt.Sprintf("%s: the label %q belongs to answers %s; write the number too, e.g. %q",
				f.ID, Clip(s, 60), joinNumbers(m), f.Answers[m[0]-1].Display())}
	}
}

// joinNumbers writes answer numbers as "2" or "2 and 4".
func joinNumbers(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, " and ")
}

// Matches returns the numbers of the answers whose official label is s
// (compared without case, number prefix or trailing dot): more than one
// means the label repeats on the ladder.
func (f *Factor) Matches(s string) []int {
	k := labelKey(s)
	var out []int
	for _, a := range f.Answers {
		if k == labelKey(a.Label) || k == labelKey(a.Text()) {
			out = append(out, a.Number)
		}
	}
	return out
}

func (f *Factor) rangeText() string {
	return fmt.Sprintf("1 to %d", len(f.Answers))
}

// ParseConfidence returns "high", "medium" or "low", or "" and false.
func ParseConfidence(raw string) (string, bool) {
	s := strings.ToLower(Normalize(raw))
	switch s {
	case "high", "medium", "low":
		return s, true
	}
	return "", false
}
