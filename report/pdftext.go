package report

// Text for fpdf: sanitising, wrapping, truncation and drawing one line.

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/sovscore/sovscore/scoring"
)

// sanitizeText makes s safe for fpdf with a UTF-8 font: runes above U+FFFF
// (emoji and the like), control characters and invalid UTF-8 become U+FFFD,
// CRLF and CR become \n, tabs become spaces, the Unicode line and paragraph
// separators become \n, and variation selectors (invisible, and absent from
// the font) are dropped. Everything else, including all of Latin, Greek and
// Cyrillic, is returned unchanged.
func sanitizeText(s string) string { return sanitize(s, false) }

// sanitizeKeepWide is sanitizeText that keeps the runes above U+FFFF, for
// text on its way to textLine, which draws them as U+FFFD but keeps them
// in the text layer. Such text must be measured with textWidth.
func sanitizeKeepWide(s string) string { return sanitize(s, true) }

func sanitize(s string, keepWide bool) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(replacementRune)
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			b.WriteByte('\n')
		case r == '\n':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case r == 0x85 || r == 0x2028 || r == 0x2029:
			b.WriteByte('\n')
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			b.WriteRune(replacementRune)
		case r >= 0xfe00 && r <= 0xfe0f:
			// variation selector: drop
		case r > 0xffff && !keepWide:
			b.WriteRune(replacementRune)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// wrapLines wraps text to width (mm) in the current font with a greedy word
// wrap. Explicit newlines start new lines, runs of spaces collapse, and a
// word wider than width is broken between runes (preferring a break after
// "/", "-", "." and similar, which keeps URLs readable). Empty text gives one
// empty line. A non-positive width disables wrapping. Only a single rune
// wider than width can make a line exceed it.
func (d *pdfDoc) wrapLines(text string, width float64) []string {
	var lines []string
	for _, para := range strings.Split(sanitizeKeepWide(text), "\n") {
		lines = append(lines, d.wrapParagraph(para, width)...)
	}
	return lines
}

// wrapParagraph wraps one line of text without newlines.
func (d *pdfDoc) wrapParagraph(para string, width float64) []string {
	var words []string
	for _, w := range strings.Split(para, " ") {
		if w != "" {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return []string{""}
	}
	if width <= 0 {
		return []string{strings.Join(words, " ")}
	}
	var lines []string
	cur := ""
	for _, w := range words {
		cand := w
		if cur != "" {
			cand = cur + " " + w
		}
		if d.fits(cand, width) {
			cur = cand
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
			cur = ""
		}
		if d.fits(w, width) {
			cur = w
			continue
		}
		pieces := d.breakWord(w, width)
		lines = append(lines, pieces[:len(pieces)-1]...)
		cur = pieces[len(pieces)-1]
	}
	return append(lines, cur)
}

// fits reports whether s is at most width mm wide in the current font.
func (d *pdfDoc) fits(s string, width float64) bool {
	return d.textWidth(s) <= width+pdfEps
}

// textWidth is the width of s in mm in the current font, as textLine draws
// it: fpdf cannot measure runes above U+FFFF (it indexes its 16-bit width
// table with them), so they are measured as the U+FFFD drawn instead.
func (d *pdfDoc) textWidth(s string) float64 { return d.GetStringWidth(sanitizeText(s)) }

// breakWord splits a word that is wider than width into pieces that fit,
// each holding at least one rune so that the loop always advances.
func (d *pdfDoc) breakWord(w string, width float64) []string {
	runes := []rune(w)
	_, fontSize := d.GetFontSize()
	var pieces []string
	for len(runes) > 0 {
		// Glyph widths add up exactly (fpdf applies no kerning), so the
		// running sum in font units matches GetStringWidth of the prefix.
		n, units := 0, 0
		for n < len(runes) {
			u := d.GetStringSymbolWidth(sanitizeText(string(runes[n])))
			if n > 0 && float64(units+u)*fontSize/1000 > width+pdfEps {
				break
			}
			units += u
			n++
		}
		if n < len(runes) {
			for j := n - 1; j >= n/2 && j > 0; j-- {
				if strings.ContainsRune("/-_.?&=#:;,+|\\", runes[j]) {
					n = j + 1
					break
				}
			}
		}
		pieces = append(pieces, string(runes[:n]))
		runes = runes[n:]
	}
	return pieces
}

// truncateEnd shortens s with a trailing ellipsis so that it fits width in
// the current font.
func (d *pdfDoc) truncateEnd(s string, width float64) string {
	if d.fits(s, width) {
		return s
	}
	runes := []rune(s)
	lo, hi := 0, len(runes) // largest n with runes[:n]+"…" fitting
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if d.fits(strings.TrimRight(string(runes[:mid]), " ")+pdfEllipsis, width) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimRight(string(runes[:lo]), " ") + pdfEllipsis
}

// truncateMiddle shortens s by replacing its middle with an ellipsis, which
// keeps both ends of a hash or path visible.
func (d *pdfDoc) truncateMiddle(s string, width float64) string {
	if d.fits(s, width) {
		return s
	}
	runes := []rune(s)
	cut := func(n int) string {
		head := (n + 1) / 2
		return string(runes[:head]) + pdfEllipsis + string(runes[len(runes)-(n-head):])
	}
	lo, hi := 0, len(runes)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if d.fits(cut(mid), width) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return cut(lo)
}

// textLine draws one line of text in the current font and text colour, in a
// box of width w and height h at (x, y), aligned "L", "C" or "R". A rune
// above U+FFFF (an emoji) cannot be drawn by fpdf and shows as U+FFFD; the
// line then carries its real text as the PDF's ActualText, so that copying,
// searching and text extraction give what the assessor wrote.
func (d *pdfDoc) textLine(x, y, w, h float64, s, align string) {
	d.SetXY(x, y)
	drawn := sanitizeText(s)
	real := sanitizeKeepWide(s)
	if real == drawn {
		d.CellFormat(w, h, drawn, "", 0, align, false, 0, "")
		return
	}
	d.RawWriteStr("/Span <</ActualText <" + pdfTextHex(real) + ">>> BDC\n")
	d.CellFormat(w, h, drawn, "", 0, align, false, 0, "")
	d.RawWriteStr("EMC\n")
}

// pdfTextHex is s as a PDF text string in hexadecimal form: UTF-16BE after
// a byte-order mark, runes above U+FFFF as surrogate pairs.
func pdfTextHex(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.WriteString("FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(hexDigits[u>>12])
		b.WriteByte(hexDigits[u>>8&15])
		b.WriteByte(hexDigits[u>>4&15])
		b.WriteByte(hexDigits[u&15])
	}
	return b.String()
}

// sealName is "SEAL-3" or "no SEAL" for a level: a SEAL named on its own
// (a badge, a minimum), where scoring.NoSEAL's dash would say nothing.
func sealName(level int) string {
	if level < 0 {
		return "no SEAL"
	}
	return scoring.SEALLabel(level, false)
}

// fmtFloat formats x with the given decimals, rounding half away from zero.
func fmtFloat(x float64, decimals int) string {
	return strconv.FormatFloat(round(x, decimals), 'f', decimals, 64)
}

// fmtPct formats a ratio (0..1) as a percentage.
func fmtPct(ratio float64, decimals int) string { return fmtFloat(100*ratio, decimals) + " %" }

// pluralS is the "s" of a plural noun for n things.
func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// upperFirst capitalises a message for a list item when it starts with a
// lower-case ASCII letter.
func upperFirst(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// orDash shows an empty value as a dash, so a blank cell reads as "none".
func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
