package workbook

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/sovscore/sovscore/scoring"
)

// answerPrompt lists a factor's answers in the input message Excel shows
// beside the drop-down, within its 255 characters. Many ladders repeat a
// long opening from one answer to the next ("Non-EU authorities can compel
// access to data or systems ..."), so clipping every answer at its end
// would leave several reading the same. Instead, when the answers do not
// fit, each answer that shares its opening with the one before it shows
// only what follows ("…systems with customers being notified in all
// cases"), then every answer drops the opening of its group, and only then
// are the longest clipped. Answers whose labels are the same (a ladder may
// repeat one) get their points and SEAL, their only difference. An
// infrastructure factor's list ends with the answer that takes the host's.
func answerPrompt(fac *scoring.Factor) string {
	var extra []string
	if fac.Layer == scoring.LayerInfrastructure {
		extra = []string{scoring.InheritedAnswer + ": the host's"}
	}
	n := len(fac.Answers)
	words := make([][]string, n)
	for i, a := range fac.Answers {
		words[i] = strings.Fields(a.Text())
	}
	line := func(i, skip int) string {
		a := fac.Answers[i]
		text := strings.Join(words[i][skip:], " ")
		if skip > 0 {
			text = "…" + text
		}
		for j, b := range fac.Answers {
			if j != i && strings.EqualFold(a.Text(), b.Text()) {
				text += fmt.Sprintf(" (%s points, SEAL-%d)", a.Points, a.SEAL)
				break
			}
		}
		return fmt.Sprintf("%d. %s", a.Number, text)
	}
	lines := func(skip []int) []string {
		out := make([]string, n, n+len(extra))
		for i := range n {
			out[i] = line(i, skip[i])
		}
		return append(out, extra...)
	}
	// Step 1: every answer whole.
	skip := make([]int, n)
	if l := lines(skip); fits(l) {
		return strings.Join(l, "\n")
	}
	// Step 2: an answer that opens like the one before it (three words or
	// more) starts at the last shared word, which keeps the sentence
	// readable; the first answer of each such group stays whole.
	group := make([]int, n) // index of the first answer of i's group
	for i := 1; i < n; i++ {
		group[i] = i
		if k := sharedOpening(words[i-1], words[i]); k >= 3 && k < len(words[i]) {
			skip[i] = k - 1
			group[i] = group[i-1]
		}
	}
	if l := lines(skip); fits(l) {
		return strings.Join(l, "\n")
	}
	// Step 3: the first answer of a group drops the opening all of the
	// group shares.
	for i := 0; i < n; i++ {
		if group[i] != i {
			continue
		}
		k := len(words[i])
		members := 0
		for j := i + 1; j < n && group[j] == i; j++ {
			k = min(k, sharedOpening(words[i], words[j]))
			members++
		}
		if members > 0 && k >= 3 && k < len(words[i]) {
			skip[i] = k - 1
		}
	}
	return fitLines(lines(skip), maxPromptChars)
}

func fits(lines []string) bool {
	return utf16Len(strings.Join(lines, "\n")) <= maxPromptChars
}

// sharedOpening counts the words two answers open with, ignoring case and
// the punctuation that ends a word ("notified" and "notified,").
func sharedOpening(a, b []string) int {
	k := 0
	for k < len(a) && k < len(b) && strings.EqualFold(bareWord(a[k]), bareWord(b[k])) {
		k++
	}
	return k
}

func bareWord(w string) string {
	return strings.TrimRightFunc(w, func(r rune) bool { return unicode.IsPunct(r) && r != ')' })
}
