package report

// The pdf*.go files are a small layout toolkit on top of
// codeberg.org/go-pdf/fpdf. The scorecard and comparison reports are built
// from these helpers only, so the known fpdf pitfalls are handled in one
// place:
//
//   - every string that reaches fpdf goes through sanitizeText (runes above
//     U+FFFF panic in GetStringWidth/SplitText and break Output); wrapped
//     text keeps them until textLine, which draws U+FFFD and keeps the real
//     text as ActualText, and is measured with textWidth;
//   - text is wrapped by wrapLines (greedy, on GetStringWidth) and drawn one
//     line at a time with CellFormat; SplitText and MultiCell are never used;
//   - fpdf is a state machine, so each helper sets the font, colours and line
//     width it uses, restores alpha, and leaves the body style behind;
//   - output is deterministic (fixed dates, sorted catalogs) so that the same
//     input gives a byte-identical report.
//
// This file holds the document: setup, fonts, drawing state, pages, the
// running header and footer, and output; pdftext.go the text, pdfblocks.go
// headings and paragraphs, pdftable.go tables, pdfchart.go the charts and
// pdfpalette.go the colours.

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
	"time"

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

// Type sizes of the report tables; nothing is drawn below 7 pt.
const (
	pdfTableSize = 7.5
	pdfSmallSize = 8.0
)

// pdfOptions configures newPDFDoc. Created is required unless Undated is
// set: it is written as the creation and modification date so that
// identical input gives identical bytes (fpdf would otherwise stamp the
// current time). An undated document carries no date at all.
type pdfOptions struct {
	Landscape bool      // A4 landscape instead of portrait
	Created   time.Time // document date, stored in UTC; must not be zero unless Undated
	// Undated is set for a document that no input or option dates: its
	// Info dictionary then has no /CreationDate or /ModDate (finishPDF
	// drops the placeholder fpdf is given).
	Undated bool

	Title    string
	Author   string
	Subject  string
	Keywords string
	Creator  string
	Producer string // empty keeps fpdf's default
	Lang     string // e.g. "en"; empty leaves /Lang unset

	FooterLeft   string // e.g. tool version
	FooterCenter string // e.g. "input SHA-256: ..."; shrunk or shortened to fit
	FooterSecond string // a second, centred footer line (e.g. the profile's hash); "" for none
	Header       string // printed at the top of every page after the first
	PageLabel    string // fmt format with two %d verbs; default "Page %d of %d"
	Font         *Font  // nil: the embedded faces; else this font in every style
}

// pdfDoc is an A4 document in mm with the embedded "sans" font family in
// styles "", "B" and "I" (each loaded when setFont first asks for it, so
// code must select fonts with setFont, never fpdf's SetFont). The embedded
// *fpdf.Fpdf stays available for drawing that the helpers do not cover;
// such code must set its own colours, must pass text through sanitizeText
// and draws text only with the methods pdfDoc wraps (CellFormat,
// GetStringWidth, GetStringSymbolWidth, GetFontSize): setFont hands the
// font to fpdf only when they run (see applyFont), so fpdf's Text, Cell,
// Write or MultiCell would use the font before it; call applyFont first
// to use them.
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

// fontData gives the content of each style's font file, read once per
// process and only when first asked for: templates.Font copies the 400 KB
// file at each call, and fpdf only reads the bytes it is given (it parses
// them into a per-document copy). A run that draws with --font, or only
// checks glyphs (DefaultFont), reads no face it does not use.
var fontData = func() map[string]func() fontFile {
	m := map[string]func() fontFile{}
	for style, file := range fontFiles {
		m[style] = sync.OnceValue(func() fontFile {
			b, err := templates.Font(file)
			return fontFile{name: file, data: b, err: err}
		})
	}
	return m
}()

// fontFile is a face's file as read from templates.
type fontFile struct {
	name string
	data []byte
	err  error
}

// loadFont registers the face of a style with fpdf unless it is already.
func (d *pdfDoc) loadFont(style string) error {
	if d.loaded[style] {
		return nil
	}
	var ff fontFile
	if f := d.opts.Font; f != nil && f.data != nil {
		// One file for every style: bold and italic text is drawn
		// regular rather than in a face that lacks the characters.
		ff = fontFile{name: f.Name, data: f.data}
	} else if face, ok := fontData[style]; ok {
		ff = face()
	} else {
		return fmt.Errorf("report: no font for style %q", style)
	}
	if ff.err != nil {
		return ff.err
	}
	if err := d.addFace(style, ff.name, ff.data); err != nil {
		return err
	}
	if d.loaded == nil {
		d.loaded = map[string]bool{}
	}
	d.loaded[style] = true
	return nil
}

// addFace registers a TrueType file, named name in errors, as the face of
// a style.
func (d *pdfDoc) addFace(style, name string, data []byte) error {
	d.AddUTF8FontFromBytes(pdfFamily, style, data)
	if err := d.Error(); err != nil {
		return fmt.Errorf("report: loading font %s: %w", name, err)
	}
	// fpdf prints a font it cannot parse to stdout and registers nothing,
	// without an error; a registered face has an ascent.
	if d.GetFontDesc(pdfFamily, style).Ascent == 0 {
		return fmt.Errorf("report: loading font %s: not a usable TrueType font", name)
	}
	return nil
}

// newPDFDoc creates the document and its first page. Footers ("Page x of y"
// and the optional left/centre texts) are drawn by write, when the page
// count is known, so the right-aligned page label is exact; this is why the
// document must be written with write (or writeTo) and not with Output.
func newPDFDoc(opts pdfOptions) (*pdfDoc, error) {
	if opts.Created.IsZero() && !opts.Undated {
		return nil, errors.New("report: pdfOptions.Created must be set (it makes the output reproducible), or Undated")
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
	if opts.Undated {
		// fpdf writes the clock's time for a zero date: a fixed
		// placeholder keeps the bytes reproducible until finishPDF
		// drops it.
		created = undatedPlaceholder
	}
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	f.SetCatalogSort(true)
	// finishPDF compresses the streams: fpdf's own compression costs a
	// new zlib writer per stream.
	f.SetCompression(false)
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
	fw := &finishingWriter{w: w, undated: d.opts.Undated}
	if err := d.Output(fw); err != nil {
		return fmt.Errorf("writing PDF: %w", err)
	}
	if !fw.done {
		return errors.New("writing PDF: fpdf wrote no document")
	}
	return nil
}

// finishingWriter passes the document fpdf writes through finishPDF on
// its way to w, without a copy of it: fpdf's Output hands over the
// document in one Write (bytes.Buffer.WriteTo), which finishPDF reads
// before Write returns. A second Write would be a document in pieces,
// which finishPDF cannot read: it is an error, never a silent half.
type finishingWriter struct {
	w       io.Writer
	undated bool // drop the Info dictionary's dates
	done    bool
}

func (f *finishingWriter) Write(p []byte) (int, error) {
	if f.done {
		return 0, errors.New("fpdf wrote the document in more than one piece")
	}
	f.done = true
	doc, err := finishPDF(p, f.undated)
	if err != nil {
		return 0, err
	}
	if _, err := f.w.Write(doc); err != nil {
		return 0, err
	}
	return len(p), nil
}

// writeTo writes the document to w with write; what names the document in
// errors.
func (d *pdfDoc) writeTo(w io.Writer, what string) error {
	if err := d.write(w); err != nil {
		return fmt.Errorf("report: %s: %w", what, err)
	}
	return nil
}

// setFont selects the "sans" family in style "", "B" or "I" at size pt.
// A face that cannot be loaded leaves the error in fpdf, which write
// reports.
//
// The font is given to fpdf only when text is measured or drawn (see
// applyFont): helpers set the body font when they end and the next one
// sets its own, and fpdf writes each change to the page, 57 bytes with
// its font names. Deferred, the 100-provider comparison has 37 % fewer
// font changes and 8 % less page content, which fpdf holds until the
// document is written.
func (d *pdfDoc) setFont(style string, size float64) {
	if err := d.loadFont(style); err != nil {
		d.SetError(err)
		return
	}
	d.pen.want = penFont{style: style, size: size, set: true}
	if !pdfPenCache {
		d.applyFont()
	}
}

// applyFont gives fpdf the font last chosen with setFont, unless it has
// it already.
func (d *pdfDoc) applyFont() {
	w := d.pen.want
	if !w.set || pdfPenCache && d.pen.font == w {
		return
	}
	d.SetFont(pdfFamily, w.style, w.size)
	d.pen.font = w
}

// GetStringWidth is fpdf's, in the font last chosen with setFont.
func (d *pdfDoc) GetStringWidth(s string) float64 {
	d.applyFont()
	return d.Fpdf.GetStringWidth(s)
}

// GetStringSymbolWidth is fpdf's, in the font last chosen with setFont.
func (d *pdfDoc) GetStringSymbolWidth(s string) int {
	d.applyFont()
	return d.Fpdf.GetStringSymbolWidth(s)
}

// GetFontSize is fpdf's, for the font last chosen with setFont.
func (d *pdfDoc) GetFontSize() (ptSize, unitSize float64) {
	d.applyFont()
	return d.Fpdf.GetFontSize()
}

// CellFormat is fpdf's, in the font last chosen with setFont.
func (d *pdfDoc) CellFormat(w, h float64, txtStr, borderStr string, ln int, alignStr string, fill bool, link int, linkStr string) {
	d.applyFont()
	d.Fpdf.CellFormat(w, h, txtStr, borderStr, ln, alignStr, fill, link, linkStr)
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

// AddPage adds a page. The pen is forgotten but for the font chosen:
// after the header, fpdf restores the font and colours of before the page
// break.
func (d *pdfDoc) AddPage() {
	want := d.pen.want
	d.Fpdf.AddPage()
	d.pen = pdfPen{want: want}
}

// pdfPen is the font and colours the helpers last set, so that setting
// the same again writes nothing: fpdf writes every change to the page,
// and tables repeat them cell by cell (about a fifth of a comparison's
// page content). It is forgotten whenever the page changes: fpdf starts a
// new page in its current state, but SetPage returns to a page that ended
// in another.
type pdfPen struct {
	// want is the font chosen, font the one fpdf has (see setFont).
	want, font       penFont
	fillSet, drawSet bool
	fill, draw       rgb
}

// penFont is a face and size of the "sans" family.
type penFont struct {
	style string
	size  float64
	set   bool
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
// label on the right, and FooterSecond centred on a line below. It runs
// from write on pages already written, so it sets every piece of state it
// relies on.
func (d *pdfDoc) drawFooter(p, n int) {
	if a, _ := d.GetAlpha(); a != 1 {
		d.SetAlpha(1, "Normal")
	}
	pw, ph := d.GetPageSize()
	l, _, r, _ := d.GetMargins()
	w := pw - l - r
	y, ruleY := ph-10.5, ph-11.5
	second := sanitizeText(strings.ReplaceAll(d.opts.FooterSecond, "\n", " "))
	if second != "" {
		// Two lines in the bottom margin: the rule just under the content.
		y, ruleY = ph-13.6, ph-14.4
	}
	const gap = 4.0

	d.setDrawRGB(pdfColRule)
	d.SetLineWidth(0.2)
	d.Line(l, ruleY, pw-r, ruleY)
	d.setFillRGB(pdfColWhite)
	d.setTextRGB(pdfColMuted)
	if second != "" {
		d.setFont("", pdfFooterSize)
		d.textLine(l, y+3.6, w, 4, d.truncateMiddle(second, w), "C")
	}
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
