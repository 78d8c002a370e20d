package workbook

import (
	"regexp"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// Excel limits, counted in UTF-16 code units as Excel counts them.
const (
	maxCellChars        = 32767
	maxPromptChars      = 255
	maxPromptTitleChars = 32
	maxErrorChars       = 225
)

// Points of a 11 pt line and the characters of average prose that fit in
// one unit of column width, erring on the generous side; used to estimate
// row heights (see autoHeightZip).
const (
	lineHeight    = 15.0
	charsPerWidth = 1.15
)

// linesHeight is the height, in points, of a row showing lines of text,
// capped at the tallest row Excel allows (409 points): a longer text
// scrolls in its cell instead of failing the whole workbook.
func linesHeight(lines int) float64 {
	return min(float64(lines)*lineHeight+2, excelize.MaxRowHeight)
}

// rowLines returns the lines the tallest of texts takes, texts[i] being
// wrapped in a column of widths[i].
func rowLines(texts []string, widths []float64) int {
	n := 1
	for i, t := range texts {
		if t != "" && i < len(widths) {
			n = max(n, wrappedLines(t, widths[i]))
		}
	}
	return n
}

// wrappedLines estimates how many lines text takes in a wrapped cell of the
// given width (in Excel width units) by wrapping it word by word, as the
// spreadsheet does, with a conservative number of characters per line.
func wrappedLines(text string, width float64) int {
	capacity := max(5, int(width*charsPerWidth))
	n := 0
	for _, line := range strings.Split(text, "\n") {
		lines, used := 1, 0
		for _, w := range strings.Fields(line) {
			l := len([]rune(w))
			switch {
			case used == 0:
			case used+1+l <= capacity:
				used++ // the space before the word
			default:
				lines++
				used = 0
			}
			for l > capacity { // a word longer than the line is cut
				lines++
				l -= capacity
			}
			used += l
		}
		n += lines
	}
	return n
}

// fitLines joins lines with newlines within limit UTF-16 units. When they
// do not fit, the longest lines are clipped first, to a common length, so
// short answers stay whole.
func fitLines(lines []string, limit int) string {
	budget := limit - (len(lines) - 1)
	lens := make([]int, len(lines))
	total := 0
	for i, l := range lines {
		lens[i] = utf16Len(l)
		total += lens[i]
	}
	if total <= budget {
		return strings.Join(lines, "\n")
	}
	capLen := budget
	for capLen > 1 {
		t := 0
		for _, n := range lens {
			t += min(n, capLen)
		}
		if t <= budget {
			break
		}
		capLen--
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = clipUTF16(l, capLen)
	}
	return strings.Join(out, "\n")
}

// clipUTF16 shortens s to at most n UTF-16 units, ending in "…" when cut.
func clipUTF16(s string, n int) string {
	if utf16Len(s) <= n {
		return s
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		w := utf16.RuneLen(r)
		if w < 0 {
			w = 1
		}
		if used+w > n-1 {
			break
		}
		b.WriteRune(r)
		used += w
	}
	return strings.TrimRight(b.String(), " ") + "…"
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if w := utf16.RuneLen(r); w > 0 {
			n += w
		} else {
			n++
		}
	}
	return n
}

// xEscape matches the "_xHHHH_" escapes of OOXML strings.
var xEscape = regexp.MustCompile(`_(x[0-9A-Fa-f]{4}_)`)

// escapeXString protects a literal "_xHHHH_" in a text: spreadsheets (and
// excelize when reading) decode it as the character U+HHHH, and excelize
// v2.11.1 does not escape it in shared strings. "_x005F_" is the escaped "_".
func escapeXString(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	return xEscape.ReplaceAllString(s, "_x005F_$1")
}
