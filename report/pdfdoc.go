package report

// This file is a small layout toolkit on top of codeberg.org/go-pdf/fpdf. The
// scorecard and comparison reports are built from these helpers only, so the
// known fpdf pitfalls are handled in one place:
//
//   - every string that reaches fpdf goes through sanitizeText (runes above
//     U+FFFF panic in GetStringWidth/SplitText and break Output);
//   - text is wrapped by wrapLines (greedy, on GetStringWidth) and drawn one
//     line at a time with CellFormat; SplitText and MultiCell are never used;
//   - fpdf is a state machine, so each helper sets the font, colours and line
//     width it uses, restores alpha, and leaves the body style behind;
//   - output is deterministic (fixed dates, sorted catalogs) so that the same
//     input gives a byte-identical report.

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"

	"github.com/sovscore/sovscore/templates"
)

// Page geometry and typography, in mm and pt.
const (
	pdfFamily        = "sans"
	pdfMargin        = 15.0 // left, right, top and bottom margin
	pdfPtToMM        = 25.4 / 72
	pdfBodySize      = 9.5
	pdfLineSpacing   = 1.4  // line height as a multiple of the font size
	pdfEps           = 1e-6 // tolerance for "fits" comparisons on float geometry
	pdfFooterSize    = 7.0
	pdfFooterMinSize = 5.5
	pdfHeaderSize    = 7.5
	pdfEllipsis      = "…"
	replacementRune  = '\uFFFD'
)

// rgb is a colour with 8-bit components.
type rgb struct{ R, G, B uint8 }

// Palette. Text colours are dark grey rather than pure black, which prints
// and reads better next to the coloured SEAL badges.
var (
	pdfColText       = rgb{33, 37, 41}
	pdfColMuted      = rgb{108, 117, 125}
	pdfColHeading    = rgb{20, 45, 90}
	pdfColRule       = rgb{200, 205, 212}
	pdfColGrid       = rgb{206, 212, 218}
	pdfColLink       = rgb{13, 71, 161}
	pdfColHeaderFill = rgb{226, 230, 235}
	pdfColZebra      = rgb{246, 247, 249}
	pdfColTrack      = rgb{233, 236, 239}
	pdfColChart      = rgb{31, 97, 171}
	pdfColWhite      = rgb{255, 255, 255}
	pdfColBlack      = rgb{0, 0, 0}
)

// pdfOptions configures newPDFDoc. Created is required: it is written as the
// creation and modification date so that identical input gives identical
// bytes (fpdf would otherwise stamp the current time).
type pdfOptions struct {
	Landscape bool      // A4 landscape instead of portrait
	Created   time.Time // document date, stored in UTC; must not be zero

	Title    string
	Author   string
	Subject  string
	Keywords string
	Creator  string
	Producer string // empty keeps fpdf's default
	Lang     string // e.g. "en"; empty leaves /Lang unset

	FooterLeft   string // e.g. tool version
	FooterCenter string // e.g. "input SHA-256: ..."; shrunk or shortened to fit
	Header       string // printed at the top of every page after the first
	PageLabel    string // fmt format with two %d verbs; default "Page %d of %d"
}

// pdfDoc is an A4 document in mm with the embedded "sans" font family in
// styles "", "B" and "I" (each loaded when setFont first asks for it, so
// code must select fonts with setFont). The embedded *fpdf.Fpdf stays
// available for drawing that the helpers do not cover; such code must set its
// own colours and font and must pass text through sanitizeText.
//
// The cell margin is set to 0 (helpers handle their own padding) and
// automatic page breaks are off: call ensureSpace before drawing a block.
type pdfDoc struct {
	*fpdf.Fpdf
	opts       pdfOptions
	header     string
	outlineLvl int  // level of the last bookmark, -1 before the first
	written    bool // write was called; fpdf can be output only once
	loaded     map[string]bool
	pen        pdfPen
}

// fontFiles are the embedded font files of each fpdf style.
var fontFiles = map[string]string{"": templates.FontRegular, "B": templates.FontBold, "I": templates.FontItalic}

// loadFont registers the face of a style with fpdf unless it is already.
func (d *pdfDoc) loadFont(style string) error {
	if d.loaded[style] {
		return nil
	}
	file, ok := fontFiles[style]
	if !ok {
		return fmt.Errorf("report: no font for style %q", style)
	}
	b, err := templates.Font(file)
	if err != nil {
		return err
	}
	d.AddUTF8FontFromBytes(pdfFamily, style, b)
	if err := d.Error(); err != nil {
		return fmt.Errorf("report: loading font %s: %w", file, err)
	}
	if d.loaded == nil {
		d.loaded = map[string]bool{}
	}
	d.loaded[style] = true
	return nil
}

// newPDFDoc creates the document and its first page. Footers ("Page x of y"
// and the optional left/centre texts) are drawn by write, when the page
// count is known, so the right-aligned page label is exact; this is why the
// document must be written with write (or writeTo) and not with Output.
func newPDFDoc(opts pdfOptions) (*pdfDoc, error) {
	if opts.Created.IsZero() {
		return nil, errors.New("report: pdfOptions.Created must be set (it makes the output reproducible)")
	}
	if opts.PageLabel == "" {
		opts.PageLabel = "Page %d of %d"
	}
	orientation := "P"
	if opts.Landscape {
		orientation = "L"
	}
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: orientation, UnitStr: "mm", SizeStr: "A4"})
	d := &pdfDoc{Fpdf: f, opts: opts, header: opts.Header, outlineLvl: -1}

	// The regular face is loaded now so that a font error shows at once;
	// the others when first used: each face loaded costs a few
	// milliseconds and is embedded even if unused, and a scorecard uses
	// only two.
	if err := d.loadFont(""); err != nil {
		return nil, err
	}

	created := opts.Created.UTC()
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	f.SetCatalogSort(true)
	setMeta := func(set func(string, bool), s string) {
		if s != "" {
			set(sanitizeText(s), true)
		}
	}
	setMeta(f.SetTitle, opts.Title)
	setMeta(f.SetAuthor, opts.Author)
	setMeta(f.SetSubject, opts.Subject)
	setMeta(f.SetKeywords, opts.Keywords)
	setMeta(f.SetCreator, opts.Creator)
	setMeta(f.SetProducer, opts.Producer)
	if opts.Lang != "" {
		f.SetLang(opts.Lang)
	}

	f.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	// No automatic page breaks: helpers break pages themselves (ensureSpace,
	// table), and a badge or chart label drawn near the bottom must not
	// silently move the rest of the drawing to a new page.
	f.SetAutoPageBreak(false, pdfMargin)
	f.SetCellMargin(0)
	f.SetHeaderFuncMode(d.drawHeader, true)
	d.resetStyle()
	d.AddPage()
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("report: creating document: %w", err)
	}
	return d, nil
}

// setHeader changes the header text used on pages added from now on, e.g.
// the provider name for each section of a comparison report.
func (d *pdfDoc) setHeader(text string) { d.header = text }

// errPDFWritten is returned when a document is written a second time.
var errPDFWritten = errors.New("PDF already written")

// write draws the footers, checks fpdf's sticky error and writes the PDF
// to w. A document is written once and cannot be changed afterwards. An
// error found while finishing the document writes nothing; a failing w
// may have received part of the PDF.
func (d *pdfDoc) write(w io.Writer) error {
	if d.written {
		return errPDFWritten
	}
	d.written = true
	if err := d.Error(); err != nil {
		return fmt.Errorf("rendering PDF: %w", err)
	}
	n := d.PageCount()
	for p := 1; p <= n; p++ {
		d.SetPage(p)
		d.pen = pdfPen{}
		d.drawFooter(p, n)
	}
	// Output would write what Close built even when Close failed.
	d.Close()
	if err := d.Error(); err != nil {
		return fmt.Errorf("rendering PDF: %w", err)
	}
	if err := d.Output(w); err != nil {
		return fmt.Errorf("writing PDF: %w", err)
	}
	return nil
}

// ---- text ----------------------------------------------------------------

// sanitizeText makes s safe for fpdf with a UTF-8 font: runes above U+FFFF
// (emoji and the like), control characters and invalid UTF-8 become U+FFFD,
// CRLF and CR become \n, tabs become spaces, the Unicode line and paragraph
// separators become \n, and variation selectors (invisible, and absent from
// the font) are dropped. Everything else, including all of Latin, Greek and
// Cyrillic, is returned unchanged.
func sanitizeText(s string) string {
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
		case r > 0xffff:
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
	for _, para := range strings.Split(sanitizeText(text), "\n") {
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
	return d.GetStringWidth(s) <= width+pdfEps
}

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
			u := d.GetStringSymbolWidth(string(runes[n]))
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

// ---- state -----------------------------------------------------------------

// setFont selects the "sans" family in style "", "B" or "I" at size pt.
// A face that cannot be loaded leaves the error in fpdf, which write
// reports.
func (d *pdfDoc) setFont(style string, size float64) {
	if pdfPenCache && d.pen.fontSet && d.pen.style == style && d.pen.size == size {
		return
	}
	if err := d.loadFont(style); err != nil {
		d.SetError(err)
		return
	}
	d.SetFont(pdfFamily, style, size)
	d.pen.fontSet, d.pen.style, d.pen.size = true, style, size
}

func (d *pdfDoc) setTextRGB(c rgb) { d.SetTextColor(int(c.R), int(c.G), int(c.B)) }

func (d *pdfDoc) setFillRGB(c rgb) {
	if pdfPenCache && d.pen.fillSet && d.pen.fill == c {
		return
	}
	d.SetFillColor(int(c.R), int(c.G), int(c.B))
	d.pen.fillSet, d.pen.fill = true, c
}

func (d *pdfDoc) setDrawRGB(c rgb) {
	if pdfPenCache && d.pen.drawSet && d.pen.draw == c {
		return
	}
	d.SetDrawColor(int(c.R), int(c.G), int(c.B))
	d.pen.drawSet, d.pen.draw = true, c
}

// pdfPenCache turns the pen off in a test that checks it changes no pixel.
var pdfPenCache = true

// AddPage adds a page. The pen is forgotten: after the header, fpdf
// restores the font and colours of before the page break.
func (d *pdfDoc) AddPage() {
	d.Fpdf.AddPage()
	d.pen = pdfPen{}
}

// pdfPen is the font and colours the helpers last set, so that setting
// the same again writes nothing: fpdf writes every change to the page,
// and tables repeat them cell by cell (about a fifth of a comparison's
// page content). It is forgotten whenever the page changes: fpdf starts a
// new page in its current state, but SetPage returns to a page that ended
// in another.
type pdfPen struct {
	fontSet, fillSet, drawSet bool
	style                     string
	size                      float64
	fill, draw                rgb
}

// resetStyle restores the body style, so that code after a helper starts from
// a known state instead of whatever the helper used last.
func (d *pdfDoc) resetStyle() {
	d.setFont("", pdfBodySize)
	d.setTextRGB(pdfColText)
	d.setFillRGB(pdfColWhite)
	d.setDrawRGB(pdfColRule)
	d.SetLineWidth(0.2)
}

// withAlpha runs draw with the given opacity and then restores the previous
// alpha and blend mode, which fpdf would otherwise carry into later drawing.
func (d *pdfDoc) withAlpha(alpha float64, draw func()) {
	prevA, prevMode := d.GetAlpha()
	d.SetAlpha(alpha, "Normal")
	draw()
	d.SetAlpha(prevA, prevMode)
}

// pdfLineHeight is the line height in mm for a font size in pt.
func pdfLineHeight(sizePt float64) float64 { return sizePt * pdfPtToMM * pdfLineSpacing }

func (d *pdfDoc) contentWidth() float64 {
	w, _ := d.GetPageSize()
	l, _, r, _ := d.GetMargins()
	return w - l - r
}

// pageBottom is the lowest y content may reach (the bottom margin).
func (d *pdfDoc) pageBottom() float64 {
	_, h := d.GetPageSize()
	_, _, _, b := d.GetMargins()
	return h - b
}

// atPageTop reports whether nothing has been drawn below the top margin, so
// that adding a page could not give more room.
func (d *pdfDoc) atPageTop() bool {
	_, t, _, _ := d.GetMargins()
	return d.GetY() <= t+pdfEps
}

// ensureSpace adds a page when less than h mm remain above the bottom margin
// and reports whether it did. It never adds a page to an empty page, so a
// block taller than a page cannot cause an endless run of blank pages.
func (d *pdfDoc) ensureSpace(h float64) bool {
	if d.GetY()+h <= d.pageBottom()+pdfEps || d.atPageTop() {
		return false
	}
	d.AddPage()
	return true
}

// textLine draws one line of text in the current font and text colour, in a
// box of width w and height h at (x, y), aligned "L", "C" or "R".
func (d *pdfDoc) textLine(x, y, w, h float64, s, align string) {
	d.SetXY(x, y)
	d.CellFormat(w, h, sanitizeText(s), "", 0, align, false, 0, "")
}

// ---- header and footer -----------------------------------------------------

// drawHeader is fpdf's header callback: the header text on pages after the
// first, small and grey above a thin rule inside the top margin.
func (d *pdfDoc) drawHeader() {
	d.pen = pdfPen{}
	if d.PageNo() <= 1 || d.header == "" {
		return
	}
	l, _, _, _ := d.GetMargins()
	w := d.contentWidth()
	d.setFont("", pdfHeaderSize)
	d.setTextRGB(pdfColMuted)
	d.setFillRGB(pdfColWhite)
	d.textLine(l, 6.5, w, 4, d.truncateEnd(sanitizeText(d.header), w), "L")
	d.setDrawRGB(pdfColRule)
	d.SetLineWidth(0.2)
	d.Line(l, 11, l+w, 11)
}

// drawFooter draws the footer of page p of n: a rule, FooterLeft on the left,
// FooterCenter in the middle (smaller or shortened when long) and the page
// label on the right. It runs from write on pages already written, so it
// sets every piece of state it relies on.
func (d *pdfDoc) drawFooter(p, n int) {
	if a, _ := d.GetAlpha(); a != 1 {
		d.SetAlpha(1, "Normal")
	}
	pw, ph := d.GetPageSize()
	l, _, r, _ := d.GetMargins()
	w := pw - l - r
	y := ph - 10.5
	const gap = 4.0

	d.setDrawRGB(pdfColRule)
	d.SetLineWidth(0.2)
	d.Line(l, ph-11.5, pw-r, ph-11.5)
	d.setFillRGB(pdfColWhite)
	d.setTextRGB(pdfColMuted)
	d.setFont("", pdfFooterSize)

	right := sanitizeText(fmt.Sprintf(d.opts.PageLabel, p, n))
	wr := d.GetStringWidth(right)
	d.textLine(pw-r-wr, y, wr, 4, right, "R")

	left := d.truncateEnd(sanitizeText(d.opts.FooterLeft), 0.35*w)
	wl := d.GetStringWidth(left)
	if left != "" {
		d.textLine(l, y, wl, 4, left, "L")
	}

	center := sanitizeText(strings.ReplaceAll(d.opts.FooterCenter, "\n", " "))
	if center == "" {
		return
	}
	x0, x1 := l+wl+gap, pw-r-wr-gap // free band between left and right texts
	if left == "" {
		x0 = l
	}
	mid := pw / 2
	half := math.Min(mid-x0, x1-mid) // widest text centred on the page
	for size := pdfFooterSize; size >= pdfFooterMinSize-pdfEps; size -= 0.5 {
		d.setFont("", size)
		if cw := d.GetStringWidth(center); cw <= 2*half+pdfEps {
			d.textLine(mid-cw/2, y, cw, 4, center, "L")
			return
		} else if cw <= x1-x0+pdfEps {
			d.textLine(x0, y, x1-x0, 4, center, "C")
			return
		}
	}
	d.textLine(x0, y, x1-x0, 4, d.truncateMiddle(center, x1-x0), "C")
}

// ---- blocks ----------------------------------------------------------------

// heading draws a section title (level 0 largest) and adds an outline entry
// at that level. It keeps at least a few lines of room below, so a heading
// is never left alone at the bottom of a page.
func (d *pdfDoc) heading(level int, text string) {
	if level < 0 {
		level = 0
	}
	sizes := []float64{15, 12, 10.5}
	size := sizes[min(level, len(sizes)-1)]
	before := []float64{5, 4, 2.5}[min(level, 2)]
	lh := pdfLineHeight(size)

	d.setFont("B", size)
	lines := d.wrapLines(text, d.contentWidth())
	h := float64(len(lines)) * lh
	if !d.ensureSpace(before+h+15) && !d.atPageTop() {
		d.SetY(d.GetY() + before)
	}
	d.setFont("B", size) // AddPage may have been called: restate the font

	// fpdf's outline needs levels that rise by at most one at a time.
	bl := min(level, d.outlineLvl+1)
	d.Bookmark(sanitizeText(strings.Join(lines, " ")), bl, -1)
	d.outlineLvl = bl

	l, _, _, _ := d.GetMargins()
	d.setTextRGB(pdfColHeading)
	d.setFillRGB(pdfColWhite)
	y := d.GetY()
	for _, ln := range lines {
		d.textLine(l, y, d.contentWidth(), lh, ln, "L")
		y += lh
	}
	if level == 0 {
		d.setDrawRGB(pdfColHeading)
		d.SetLineWidth(0.4)
		d.Line(l, y+0.6, l+d.contentWidth(), y+0.6)
		y += 1.2
	}
	d.SetXY(l, y+1.5)
	d.resetStyle()
}

// paragraph draws wrapped text across the content width in the given style
// and size (0 means the body size), breaking pages between lines.
func (d *pdfDoc) paragraph(text, style string, size float64) {
	if size <= 0 {
		size = pdfBodySize
	}
	lh := pdfLineHeight(size)
	l, _, _, _ := d.GetMargins()
	d.setFont(style, size)
	for _, ln := range d.wrapLines(text, d.contentWidth()) {
		d.ensureSpace(lh)
		d.setFont(style, size)
		d.setTextRGB(pdfColText)
		d.textLine(l, d.GetY(), d.contentWidth(), lh, ln, "L")
		d.SetXY(l, d.GetY()+lh)
	}
	d.resetStyle()
}

// keyValueBlock draws label/value pairs in two columns (labels bold and grey
// in labelWidth mm, values wrapped in the rest), as used for report headers.
// Short pairs are kept on one page; long values continue on the next.
func (d *pdfDoc) keyValueBlock(pairs [][2]string, labelWidth float64) {
	const size = 9.0
	lh := pdfLineHeight(size)
	l, _, _, _ := d.GetMargins()
	cw := d.contentWidth()
	labelWidth = math.Max(0, math.Min(labelWidth, cw/2))
	valueW := cw - labelWidth
	for _, kv := range pairs {
		d.setFont("B", size)
		labels := d.wrapLines(kv[0], labelWidth-2)
		d.setFont("", size)
		values := d.wrapLines(kv[1], valueW)
		n := max(len(labels), len(values))
		d.ensureSpace(float64(min(n, 4)) * lh)
		for i := 0; i < n; i++ {
			d.ensureSpace(lh)
			y := d.GetY()
			d.setFillRGB(pdfColWhite)
			if i < len(labels) {
				d.setFont("B", size)
				d.setTextRGB(pdfColMuted)
				d.textLine(l, y, labelWidth, lh, labels[i], "L")
			}
			if i < len(values) {
				d.setFont("", size)
				d.setTextRGB(pdfColText)
				d.textLine(l+labelWidth, y, valueW, lh, values[i], "L")
			}
			d.SetXY(l, y+lh)
		}
		d.SetY(d.GetY() + 0.8)
	}
	d.resetStyle()
}

// ---- tables ----------------------------------------------------------------

// pdfColumn describes a table column. A Width of 0 shares the width left by
// the other columns; widths are scaled down when the table would be wider
// than the space to the right margin. Align is "L" (default), "C" or "R".
type pdfColumn struct {
	Header string
	Width  float64
	Align  string
}

// pdfCell is one table cell. Link makes the whole cell clickable and draws
// its text in blue (the URL itself is shown when Text is empty); each entry
// of Links is drawn on its own line(s) below Text and is clickable on its
// own. Only http, https and mailto links become clickable; others are shown
// as text. Fill and TextColor override the zebra and default colours.
type pdfCell struct {
	Text      string
	Link      string
	Links     []string
	Fill      *rgb
	Bold      bool
	TextColor *rgb
}

// tableOptions tunes table(). Zero values give the defaults.
type tableOptions struct {
	FontSize   float64 // pt, default 8.5
	LineHeight float64 // mm, default 4.2 at 8.5 pt (scaled with FontSize)
	Padding    float64 // mm, inside each cell, default 1.2
	Zebra      bool    // shade every other row
	HeaderFill *rgb    // default light grey
	X          float64 // left edge, default the left margin
}

// cellLine is one laid-out line of a table cell.
type cellLine struct {
	text  string
	link  string // clickable target of this line only
	color rgb
}

// cellLayout is a table cell wrapped to its column.
type cellLayout struct {
	lines    []cellLine
	bold     bool
	fill     *rgb
	cellLink string // clickable target of the whole cell
}

// table draws a table at the current position. Each row's height is
// computed before drawing it; a row that does not fit goes to a new page,
// where the header row is repeated. A row taller than a page is split
// between pages line by line. The position ends below the table.
// tableWidths returns the column widths of a table starting at opt.X
// (the left margin when zero) and running to the right margin.
func (d *pdfDoc) tableWidths(cols []pdfColumn, opt tableOptions) []float64 {
	l, _, _, _ := d.GetMargins()
	return d.columnWidths(cols, l+d.contentWidth()-d.tableX(opt))
}

// tableX is the left edge of a table: opt.X, or the left margin when zero.
func (d *pdfDoc) tableX(opt tableOptions) float64 {
	if opt.X > 0 {
		return opt.X
	}
	l, _, _, _ := d.GetMargins()
	return l
}

// writeTo writes the document to w with write; what names the document in
// errors.
func (d *pdfDoc) writeTo(w io.Writer, what string) error {
	if err := d.write(w); err != nil {
		return fmt.Errorf("report: %s: %w", what, err)
	}
	return nil
}

// metrics returns the font size, line height and padding of a table,
// with the defaults for what the options leave at zero.
func (opt tableOptions) metrics() (size, lineHeight, padding float64) {
	size, lineHeight, padding = opt.FontSize, opt.LineHeight, opt.Padding
	if size <= 0 {
		size = 8.5
	}
	if lineHeight <= 0 {
		lineHeight = 4.2 * size / 8.5
	}
	if padding <= 0 {
		padding = 1.2
	}
	return size, lineHeight, padding
}

// table draws rows under a header of cols, repeating the header on each
// new page and splitting a row that does not fit on a page.
func (d *pdfDoc) table(cols []pdfColumn, rows [][]pdfCell, opt tableOptions) {
	d.tableRows(cols, len(rows), func(i int) []pdfCell { return rows[i] }, opt)
}

// tableRows is table with its n rows made one at a time by row, in order:
// a table with a row per provider is never held whole, whatever the number
// of providers.
func (d *pdfDoc) tableRows(cols []pdfColumn, n int, row func(i int) []pdfCell, opt tableOptions) {
	if len(cols) == 0 {
		return
	}
	size, lh, pad := opt.metrics()
	headerFill := pdfColHeaderFill
	if opt.HeaderFill != nil {
		headerFill = *opt.HeaderFill
	}
	x0, widths := d.tableX(opt), d.tableWidths(cols, opt)

	layout := func(c pdfCell, col int) cellLayout {
		inner := widths[col] - 2*pad
		lay := cellLayout{bold: c.Bold, fill: c.Fill}
		style := ""
		if c.Bold {
			style = "B"
		}
		d.setFont(style, size)
		color := pdfColText
		if c.TextColor != nil {
			color = *c.TextColor
		}
		text := c.Text
		if c.Link != "" {
			lay.cellLink = linkTarget(c.Link)
			if text == "" {
				text = c.Link
			}
			if lay.cellLink != "" && c.TextColor == nil {
				color = pdfColLink
			}
		}
		if text != "" || len(c.Links) == 0 {
			for _, s := range d.wrapLines(text, inner) {
				lay.lines = append(lay.lines, cellLine{text: s, color: color})
			}
		}
		// A trailing newline in workbook text should not add an empty line.
		for len(lay.lines) > 1 && lay.lines[len(lay.lines)-1].text == "" {
			lay.lines = lay.lines[:len(lay.lines)-1]
		}
		for _, u := range c.Links {
			target := linkTarget(u)
			lc := color
			if target != "" && c.TextColor == nil {
				lc = pdfColLink
			}
			for _, s := range d.wrapLines(u, inner) {
				lay.lines = append(lay.lines, cellLine{text: s, link: target, color: lc})
			}
		}
		return lay
	}

	header := make([]cellLayout, len(cols))
	headerLines := 1
	for i, c := range cols {
		header[i] = layout(pdfCell{Text: c.Header, Bold: true}, i)
		headerLines = max(headerLines, len(header[i].lines))
	}
	headerH := float64(headerLines)*lh + 2*pad
	drawHeader := func() {
		d.drawRow(x0, widths, cols, header, 0, headerLines, headerH, lh, pad, size, &headerFill)
	}

	// Start on a new page unless the header and a line of the first row fit.
	d.ensureSpace(headerH + lh + 2*pad)
	drawHeader()
	newPage := func() {
		d.AddPage()
		drawHeader()
	}
	for ri := range n {
		row := row(ri)
		cells := make([]cellLayout, len(cols))
		n := 1
		for ci := range cols {
			var c pdfCell
			if ci < len(row) {
				c = row[ci]
			}
			cells[ci] = layout(c, ci)
			n = max(n, len(cells[ci].lines))
		}
		var zebra *rgb
		if opt.Zebra && ri%2 == 1 {
			zebra = &pdfColZebra
		}
		rowH := float64(n)*lh + 2*pad
		fresh := d.pageBottom() - d.topAfterHeader(headerH)
		if d.GetY()+rowH > d.pageBottom()+pdfEps && (rowH <= fresh+pdfEps || d.linesThatFit(lh, pad) < 3) {
			newPage() // the row fits on a new page, or too little of it fits here
		}
		for start := 0; start < n; {
			avail := d.linesThatFit(lh, pad)
			if avail < 1 {
				if !d.justBrokeTable(headerH) {
					newPage()
					continue
				}
				avail = 1 // page too small for even one line: overflow, but advance
			}
			k := min(avail, n-start)
			d.drawRow(x0, widths, cols, cells, start, k, float64(k)*lh+2*pad, lh, pad, size, zebra)
			start += k
			if start < n {
				newPage()
			}
		}
	}
	l, _, _, _ := d.GetMargins()
	d.SetXY(l, d.GetY())
	d.resetStyle()
}

// topAfterHeader is where rows start on a new page: the top margin plus the
// repeated header row.
func (d *pdfDoc) topAfterHeader(headerH float64) float64 {
	_, t, _, _ := d.GetMargins()
	return t + headerH
}

// justBrokeTable reports whether only the table header has been drawn on
// this page, in which case a new page would not give more room.
func (d *pdfDoc) justBrokeTable(headerH float64) bool {
	return d.GetY() <= d.topAfterHeader(headerH)+pdfEps
}

// linesThatFit is how many table lines of height lh (plus cell padding) fit
// between the current position and the bottom margin.
func (d *pdfDoc) linesThatFit(lh, pad float64) int {
	return int(math.Floor((d.pageBottom() - d.GetY() - 2*pad + pdfEps) / lh))
}

// columnWidths resolves zero widths and scales the columns to avail.
func (d *pdfDoc) columnWidths(cols []pdfColumn, avail float64) []float64 {
	widths := make([]float64, len(cols))
	fixed, zero := 0.0, 0
	for i, c := range cols {
		if c.Width > 0 {
			widths[i] = c.Width
			fixed += c.Width
		} else {
			zero++
		}
	}
	if zero > 0 {
		share := math.Max((avail-fixed)/float64(zero), 10)
		for i := range widths {
			if widths[i] == 0 {
				widths[i] = share
			}
		}
	}
	total := 0.0
	for _, w := range widths {
		total += w
	}
	if total > avail && total > 0 {
		for i := range widths {
			widths[i] *= avail / total
		}
	}
	return widths
}

// drawRow draws lines [start, start+k) of every cell as one row of height h
// at the current y, then moves below it. rowFill is the default background
// (header or zebra colour) for cells without their own Fill.
func (d *pdfDoc) drawRow(x0 float64, widths []float64, cols []pdfColumn, cells []cellLayout,
	start, k int, h, lh, pad, size float64, rowFill *rgb) {
	y := d.GetY()
	x := x0
	d.SetLineWidth(0.15)
	d.setDrawRGB(pdfColRule)
	for ci, c := range cells {
		w := widths[ci]
		fill := rowFill
		if c.fill != nil {
			fill = c.fill
		}
		if fill != nil {
			d.setFillRGB(*fill)
			d.Rect(x, y, w, h, "FD")
		} else {
			d.Rect(x, y, w, h, "D")
		}
		if c.cellLink != "" {
			d.LinkString(x, y, w, h, c.cellLink)
		}
		style := ""
		if c.bold {
			style = "B"
		}
		d.setFont(style, size)
		align := strings.ToUpper(cols[ci].Align)
		if align != "C" && align != "R" {
			align = "L"
		}
		inner := w - 2*pad
		for i := start; i < start+k && i < len(c.lines); i++ {
			ln := c.lines[i]
			ly := y + pad + float64(i-start)*lh
			d.setTextRGB(ln.color)
			if fill != nil {
				d.setFillRGB(*fill)
			} else {
				d.setFillRGB(pdfColWhite)
			}
			d.textLine(x+pad, ly, inner, lh, ln.text, align)
			if ln.link != "" && ln.text != "" {
				tw := math.Min(d.GetStringWidth(ln.text), inner)
				lx := x + pad
				switch align {
				case "C":
					lx += (inner - tw) / 2
				case "R":
					lx += inner - tw
				}
				d.LinkString(lx, ly, tw, lh, ln.link)
			}
		}
		x += w
	}
	d.SetXY(x0, y+h)
}

// linkTarget returns the URI to use for a clickable link, or "" when s is
// not an http, https or mailto URL: links come from supplier workbooks and
// must not smuggle javascript: or file: actions into the report. Spaces,
// control and non-ASCII bytes are percent-encoded (PDF URIs are ASCII).
func linkTarget(s string) string {
	s = strings.TrimSpace(s)
	lower := strings.ToLower(s)
	ok := false
	for _, p := range []string{"http://", "https://", "mailto:"} {
		if strings.HasPrefix(lower, p) && len(s) > len(p) {
			ok = true
		}
	}
	if !ok {
		return ""
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7f {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// ---- graphics --------------------------------------------------------------

// sealColor is the fill colour for a SEAL level: 0 red, 1 orange, 2 amber,
// 3 light green, 4 green; anything else (e.g. -1, not assessed) grey. Each
// colour has at least 4.5:1 contrast with sealTextColor of the same level.
func sealColor(level int) rgb {
	switch level {
	case 0:
		return rgb{198, 40, 40}
	case 1:
		return rgb{239, 108, 0}
	case 2:
		return rgb{249, 190, 35}
	case 3:
		return rgb{124, 179, 66}
	case 4:
		return rgb{46, 125, 50}
	default:
		return rgb{158, 158, 158}
	}
}

// sealTextColor is black or white, whichever reads better on sealColor(level).
func sealTextColor(level int) rgb { return textColorOn(sealColor(level)) }

// textColorOn picks black or white text for a background by WCAG contrast.
func textColorOn(bg rgb) rgb {
	if contrastRatio(bg, pdfColBlack) >= contrastRatio(bg, pdfColWhite) {
		return pdfColBlack
	}
	return pdfColWhite
}

// relativeLuminance is the WCAG 2 relative luminance of c.
func relativeLuminance(c rgb) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// contrastRatio is the WCAG 2 contrast ratio of two colours (1 to 21).
func contrastRatio(a, b rgb) float64 {
	la, lb := relativeLuminance(a), relativeLuminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// badge draws a filled rounded rectangle with centred bold text in black or
// white (whichever contrasts more with fill). The text is shrunk, then
// shortened, to fit.
func (d *pdfDoc) badge(x, y, w, h float64, text string, fill rgb) {
	d.setFillRGB(fill)
	d.setDrawRGB(fill)
	d.SetLineWidth(0.1)
	d.RoundedRect(x, y, w, h, math.Min(1.5, h/3), "1234", "F")

	text = strings.ReplaceAll(sanitizeText(text), "\n", " ")
	inner := w - 2*math.Min(2, w/8)
	size := math.Max(5, math.Min(11, h/pdfPtToMM*0.55))
	d.setFont("B", size)
	for size > 5 && !d.fits(text, inner) {
		size -= 0.5
		d.setFont("B", size)
	}
	d.setTextRGB(textColorOn(fill))
	d.textLine(x, y, w, h, d.truncateEnd(text, inner), "C")
	d.resetStyle()
}

// hbar draws a horizontal score bar: a light track of width w and the part
// value/maxValue of it in fill. value is clamped to [0, maxValue].
func (d *pdfDoc) hbar(x, y, w, h, value, maxValue float64, fill rgb) {
	frac := 0.0
	if maxValue > 0 && !math.IsNaN(value) {
		frac = math.Min(1, math.Max(0, value/maxValue))
	}
	d.setFillRGB(pdfColTrack)
	d.Rect(x, y, w, h, "F")
	if frac > 0 {
		d.setFillRGB(fill)
		d.Rect(x, y, w*frac, h, "F")
	}
	d.resetStyle()
}

// radarChart draws a radar (spider) chart centred at (cx, cy) with radius r:
// grid polygons at 25/50/75/100 % (unlabelled: scale labels on an axis
// collide with the data), one axis per label clockwise from the top, the
// values (0..1, clamped) as a translucent polygon, and each label (with its
// annotation, e.g. "SEAL-3", as a bold last line) outside the circle.
// Leave radarLabelRoom(r) free left and right of the circle and about 15 mm
// above and below it. Fewer than three axes draw nothing.
func (d *pdfDoc) radarChart(cx, cy, r float64, labels []string, values []float64, annotations []string) {
	n := len(labels)
	if n < 3 || r <= 0 {
		return
	}
	angle := func(i int) float64 { return -math.Pi/2 + 2*math.Pi*float64(i)/float64(n) }
	point := func(i int, frac float64) fpdf.PointType {
		a := angle(i)
		return fpdf.PointType{X: cx + r*frac*math.Cos(a), Y: cy + r*frac*math.Sin(a)}
	}

	// Grid and axes.
	d.setDrawRGB(pdfColGrid)
	for _, frac := range []float64{0.25, 0.5, 0.75, 1} {
		pts := make([]fpdf.PointType, n)
		for i := range pts {
			pts[i] = point(i, frac)
		}
		d.SetLineWidth(0.15)
		if frac == 1 {
			d.SetLineWidth(0.3)
		}
		d.Polygon(pts, "D")
	}
	d.SetLineWidth(0.15)
	for i := 0; i < n; i++ {
		p := point(i, 1)
		d.Line(cx, cy, p.X, p.Y)
	}
	// Values.
	pts := make([]fpdf.PointType, n)
	for i := range pts {
		v := 0.0
		if i < len(values) && !math.IsNaN(values[i]) {
			v = math.Min(1, math.Max(0, values[i]))
		}
		pts[i] = point(i, v)
	}
	d.setFillRGB(pdfColChart)
	d.withAlpha(0.25, func() { d.Polygon(pts, "F") })
	d.setDrawRGB(pdfColChart)
	d.SetLineWidth(0.5)
	d.SetLineJoinStyle("round")
	d.Polygon(pts, "D")
	d.SetLineJoinStyle("miter")
	for _, p := range pts {
		d.Circle(p.X, p.Y, 0.7, "F")
	}

	d.radarLabels(cx, cy, r, labels, annotations)
	d.resetStyle()
}

// radarLabelGeometry gives the gap between the circle and the labels and the
// width labels are wrapped to, both in mm, for a chart of radius r.
func radarLabelGeometry(r float64) (gap, maxWidth float64) {
	return math.Max(2, r*0.06), math.Max(18, math.Min(40, 0.8*r))
}

// radarLabelRoom is the horizontal room (mm) that radarChart's labels may
// take beyond the circle on either side.
func radarLabelRoom(r float64) float64 {
	gap, maxW := radarLabelGeometry(r)
	return gap + maxW
}

// radarLabel is a label block placed around a radar chart.
type radarLabel struct {
	lines  []string
	bold   int // index of the first bold (annotation) line
	w, h   float64
	ux, uy float64 // unit vector of the axis
	dist   float64 // distance of the anchor from the centre
	x, y   float64 // top-left corner of the block
	align  string
}

// place puts the block beside the anchor at distance dist on its axis, on the
// side facing away from the centre (continuously: the block's near edge or
// corner touches the anchor point).
func (lb *radarLabel) place(cx, cy float64) {
	ax, ay := cx+lb.dist*lb.ux, cy+lb.dist*lb.uy
	lb.x = ax + lb.ux*lb.w/2 - lb.w/2
	lb.y = ay + lb.uy*lb.h/2 - lb.h/2
}

// distTo is the distance from (px, py) to the block (0 inside it).
func (lb *radarLabel) distTo(px, py float64) float64 {
	dx := math.Max(0, math.Max(lb.x-px, px-(lb.x+lb.w)))
	dy := math.Max(0, math.Max(lb.y-py, py-(lb.y+lb.h)))
	return math.Hypot(dx, dy)
}

// overlaps reports whether two blocks are closer than gap.
func (lb *radarLabel) overlaps(o *radarLabel, gap float64) bool {
	return lb.x < o.x+o.w+gap && o.x < lb.x+lb.w+gap && lb.y < o.y+o.h+gap && o.y < lb.y+lb.h+gap
}

// radarLabels lays out and draws the axis labels: each block starts just
// outside the circle and is pushed outwards along its axis until it clears
// the circle and its neighbours.
func (d *pdfDoc) radarLabels(cx, cy, r float64, labels, annotations []string) {
	const size = 7.5
	lh := pdfLineHeight(size) * 0.9
	gap, maxW := radarLabelGeometry(r)
	n := len(labels)
	blocks := make([]*radarLabel, n)
	for i := range labels {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		lb := &radarLabel{ux: math.Cos(a), uy: math.Sin(a), dist: r + gap}
		d.setFont("", size)
		lb.lines = d.wrapLines(labels[i], maxW)
		for _, s := range lb.lines {
			lb.w = math.Max(lb.w, d.GetStringWidth(s))
		}
		lb.bold = len(lb.lines)
		if i < len(annotations) && annotations[i] != "" {
			d.setFont("B", size)
			for _, s := range d.wrapLines(annotations[i], maxW) {
				lb.lines = append(lb.lines, s)
				lb.w = math.Max(lb.w, d.GetStringWidth(s))
			}
		}
		lb.h = float64(len(lb.lines)) * lh
		switch {
		case math.Abs(lb.ux) < 0.25:
			lb.align = "C"
		case lb.ux > 0:
			lb.align = "L"
		default:
			lb.align = "R"
		}
		lb.place(cx, cy)
		for k := 0; k < 400 && lb.distTo(cx, cy) < r+gap; k++ {
			lb.dist += 0.25
			lb.place(cx, cy)
		}
		blocks[i] = lb
	}
	// Separate neighbours; the axes diverge, so moving outwards always ends
	// an overlap. The iteration bound only guards against pathological input.
	for iter := 0; iter < 400; iter++ {
		moved := false
		for i := range blocks {
			j := (i + 1) % n
			if i == j || !blocks[i].overlaps(blocks[j], 1) {
				continue
			}
			for _, b := range []*radarLabel{blocks[i], blocks[j]} {
				b.dist += 0.25
				b.place(cx, cy)
			}
			moved = true
		}
		if !moved {
			break
		}
	}

	d.setFillRGB(pdfColWhite)
	for _, lb := range blocks {
		for k, s := range lb.lines {
			if k < lb.bold {
				d.setFont("", size)
				d.setTextRGB(pdfColText)
			} else {
				d.setFont("B", size)
				d.setTextRGB(pdfColHeading)
			}
			d.textLine(lb.x, lb.y+float64(k)*lh, lb.w, lh, s, lb.align)
		}
	}
}
