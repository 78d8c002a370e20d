package workbook

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"regexp"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook/cover"
)

// TemplateProperty is the custom document property that marks a workbook
// made by NewTemplate; its value is the framework version.
const TemplateProperty = "sovscore-template"

// templateTimestamp is written as the Created and Modified document
// properties. A fixed value keeps the output byte-identical across runs
// (excelize itself stamps no time, but its default is a 2006 date that would
// confuse whoever looks at the file properties).
const templateTimestamp = "2026-01-01T00:00:00Z"

// Layout of the template. The reader finds sheets, headers and labels by
// name, so these only fix where the template puts things.
const (
	objTitleRow   = 1
	objDescRow    = 2
	objHeaderRow  = 4
	objFirstRow   = objHeaderRow + 1
	coverFirstRow = 4
	listFirstRow  = 2 // row 1 of the Lists sheet holds the factor ID
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

// Column widths of an objective sheet, by header.
var objectiveWidths = map[string]float64{
	HeaderID:            9,
	HeaderFactor:        28,
	HeaderQuestion:      50,
	HeaderAnswer:        45,
	HeaderConfidence:    12,
	HeaderJustification: 70,
	HeaderSources:       45,
}

// Guide sheet columns: the ladder table uses all six; paragraphs are merged
// across them.
var guideWidths = []float64{10, 34, 12, 12, 12, 80}

// Palette and number formats.
const (
	colorNavy      = "1F4E79"
	colorBand      = "DDEBF7"
	colorLocked    = "F2F2F2"
	colorInput     = "FFFDE7"
	colorReadOnly  = "D9D9D9"
	colorBorder    = "BFBFBF"
	colorMuted     = "595959"
	numFmtText     = 49 // "@": keep what the assessor types as text
	numFmtPoints   = 2  // "0.00"
	numFmtPercent  = 9  // "0%"
	numFmtPercent2 = 10 // "0.00%"
)

// ListName returns the workbook-scope defined name of a factor's answer
// list ("SOV-1.1" -> "opt_sov1_1"). The prefix and underscore keep the name
// from looking like a cell reference, which Excel rejects.
func ListName(factorID string) string {
	var b strings.Builder
	b.WriteString("opt_")
	for _, r := range strings.ToLower(factorID) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '.':
			b.WriteByte('_')
		}
	}
	return b.String()
}

// WriteTemplate renders the template (see NewTemplate) to w.
func WriteTemplate(w io.Writer, fw *scoring.Framework, a *scoring.Assessment) (err error) {
	f, err := NewTemplate(fw, a)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("template: %w", cerr)
		}
	}()
	if err := f.Write(w); err != nil {
		return fmt.Errorf("template: write: %w", err)
	}
	return nil
}

// NewTemplate builds the assessment workbook for a framework: a Cover sheet,
// a Guide, one sheet per objective (SOV-1 ..) and a hidden Lists sheet that
// feeds the answer drop-downs. With a nil assessment the input cells are
// blank; otherwise the cover values and, for each factor in a.Factors, the
// Answer, Confidence, Justification and Sources cells hold the raw texts
// verbatim, always as strings (a text such as "=1+1" never becomes a
// formula). A cover framework version in a is kept as given, so a mismatch
// still shows when the workbook is scored; when empty, fw.Version is used.
// An assessment with a factor the framework lacks, a factor listed twice or
// a text longer than a cell holds is refused rather than written partly.
//
// The output is deterministic: the same inputs give byte-identical files
// (Created and Modified are fixed at 2026-01-01T00:00:00Z, and sheets are
// protected without a password). Rows carry estimated heights that stay
// automatic (see autoHeightZip). The caller must Close the returned file.
func NewTemplate(fw *scoring.Framework, a *scoring.Assessment) (*excelize.File, error) {
	if fw == nil || len(fw.Objectives) == 0 {
		return nil, errors.New("template: no framework")
	}
	entries, err := entriesByID(fw, a)
	if err != nil {
		return nil, err
	}
	f := excelize.NewFile()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return &autoHeightZip{ZipWriter: zip.NewWriter(w)} })
	b := &tplBuilder{f: f, fw: fw}
	if err := b.build(a, entries); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("template: %w", err)
	}
	return f, nil
}

// entriesByID indexes the assessment's factors and rejects what cannot be
// written faithfully: an unknown or repeated factor, or a text longer than
// a cell holds (excelize would truncate it silently).
func entriesByID(fw *scoring.Framework, a *scoring.Assessment) (map[string]*scoring.FactorEntry, error) {
	out := map[string]*scoring.FactorEntry{}
	if a == nil {
		return out, nil
	}
	var errs []error
	for _, label := range cover.Labels {
		if n := utf16Len(escapeXString(tplCoverText(a, label))); n > maxCellChars {
			errs = append(errs, fmt.Errorf("cover %s: %d characters, a cell holds at most %d", label, n, maxCellChars))
		}
	}
	for i := range a.Factors {
		e := &a.Factors[i]
		if _, ok := fw.Factor(e.ID); !ok {
			errs = append(errs, fmt.Errorf("factor %q is not in framework %s", e.ID, fw.Version))
			continue
		}
		if _, dup := out[e.ID]; dup {
			errs = append(errs, fmt.Errorf("factor %s is listed twice", e.ID))
			continue
		}
		for _, fld := range []struct {
			name string
			text string
		}{{HeaderAnswer, e.Answer.Text}, {HeaderConfidence, e.Confidence.Text},
			{HeaderJustification, e.Justification.Text}, {HeaderSources, e.Sources.Text}} {
			if n := utf16Len(escapeXString(fld.text)); n > maxCellChars {
				errs = append(errs, fmt.Errorf("%s %s: %d characters, a cell holds at most %d", e.ID, fld.name, n, maxCellChars))
			}
		}
		out[e.ID] = e
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	return out, nil
}

// tplBuilder carries the file, the framework and the style IDs while the
// sheets are written.
type tplBuilder struct {
	f  *excelize.File
	fw *scoring.Framework
	st tplStyles
}

type tplStyles struct {
	title, subtitle, description, note, hint            int
	header, id, locked, input, inputWrap                int
	coverLabel, coverValue, coverDate, coverReadOnly    int
	heading, paragraph, band, cell, cellTop, cellCenter int
	points, seal, sealCenter, percent, percent2         int
}

func (b *tplBuilder) build(a *scoring.Assessment, entries map[string]*scoring.FactorEntry) error {
	f := b.f
	if err := f.SetSheetName("Sheet1", CoverSheet); err != nil {
		return err
	}
	sheets := []string{GuideSheet}
	for _, o := range b.fw.Objectives {
		sheets = append(sheets, o.ID)
	}
	sheets = append(sheets, ListsSheet)
	for _, s := range sheets {
		if _, err := f.NewSheet(s); err != nil {
			return fmt.Errorf("sheet %s: %w", s, err)
		}
	}
	if err := b.styles(); err != nil {
		return fmt.Errorf("styles: %w", err)
	}
	if err := b.cover(a); err != nil {
		return fmt.Errorf("%s: %w", CoverSheet, err)
	}
	if err := b.guide(); err != nil {
		return fmt.Errorf("%s: %w", GuideSheet, err)
	}
	for _, o := range b.fw.Objectives {
		if err := b.objective(o, entries); err != nil {
			return fmt.Errorf("%s: %w", o.ID, err)
		}
	}
	if err := b.lists(); err != nil {
		return fmt.Errorf("%s: %w", ListsSheet, err)
	}
	f.SetActiveSheet(0)
	return b.properties()
}

func (b *tplBuilder) properties() error {
	f := b.f
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          b.fw.Name + " assessment",
		Subject:        "Sovereignty assessment of a cloud offer",
		Creator:        "sovscore",
		LastModifiedBy: "sovscore",
		Description:    fmt.Sprintf("Assessment workbook for the %s %s, made by sovscore.", b.fw.Name, b.fw.Version),
		Keywords:       "cloud sovereignty; SEAL; tender",
		Created:        templateTimestamp,
		Modified:       templateTimestamp,
	}); err != nil {
		return fmt.Errorf("document properties: %w", err)
	}
	if err := f.SetCustomProps(excelize.CustomProperty{Name: TemplateProperty, Value: b.fw.Version}); err != nil {
		return fmt.Errorf("custom property: %w", err)
	}
	return nil
}

func (b *tplBuilder) styles() error {
	f := b.f
	border := []excelize.Border{
		{Type: "left", Color: colorBorder, Style: 1}, {Type: "right", Color: colorBorder, Style: 1},
		{Type: "top", Color: colorBorder, Style: 1}, {Type: "bottom", Color: colorBorder, Style: 1},
	}
	fill := func(c string) excelize.Fill { return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}} }
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	unlocked := &excelize.Protection{Locked: false}
	locked := &excelize.Protection{Locked: true}
	var err error
	add := func(dst *int, s *excelize.Style) {
		if err != nil {
			return
		}
		// Name the workbook's font: without it LibreOffice falls back to
		// a serif face for styled cells.
		if s.Font != nil && s.Font.Family == "" {
			s.Font.Family = "Calibri"
		}
		*dst, err = f.NewStyle(s)
	}
	st := &b.st
	add(&st.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 16, Color: colorNavy}, Protection: locked})
	add(&st.subtitle, &excelize.Style{Font: &excelize.Font{Color: colorMuted}, Protection: locked})
	add(&st.description, &excelize.Style{Font: &excelize.Font{Italic: true, Color: colorMuted}, Alignment: top, Protection: locked})
	add(&st.note, &excelize.Style{Alignment: top, Protection: locked})
	add(&st.hint, &excelize.Style{Font: &excelize.Font{Italic: true, Color: colorMuted}, Alignment: top, Protection: locked})
	add(&st.header, &excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, Fill: fill(colorNavy), Border: border,
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}, Protection: locked})
	add(&st.id, &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill(colorLocked), Border: border, Alignment: top, Protection: locked})
	add(&st.locked, &excelize.Style{Fill: fill(colorLocked), Border: border, Alignment: top, Protection: locked})
	add(&st.input, &excelize.Style{Fill: fill(colorInput), Border: border, Alignment: &excelize.Alignment{Vertical: "top"}, Protection: unlocked})
	add(&st.inputWrap, &excelize.Style{Fill: fill(colorInput), Border: border, Alignment: top, Protection: unlocked})
	add(&st.coverLabel, &excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, Alignment: top, Protection: locked})
	add(&st.coverValue, &excelize.Style{Fill: fill(colorInput), Border: border, Alignment: top, Protection: unlocked})
	add(&st.coverDate, &excelize.Style{Fill: fill(colorInput), Border: border, Alignment: top, Protection: unlocked, NumFmt: numFmtText})
	add(&st.coverReadOnly, &excelize.Style{Font: &excelize.Font{Color: colorMuted}, Fill: fill(colorReadOnly), Border: border,
		Alignment: top, Protection: locked, NumFmt: numFmtText})
	add(&st.heading, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 13, Color: colorNavy}, Protection: locked})
	add(&st.paragraph, &excelize.Style{Alignment: top, Protection: locked})
	add(&st.band, &excelize.Style{Font: &excelize.Font{Bold: true, Color: colorNavy}, Fill: fill(colorBand), Border: border, Protection: locked})
	add(&st.cell, &excelize.Style{Border: border, Alignment: top, Protection: locked})
	add(&st.cellTop, &excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, Alignment: top, Protection: locked})
	add(&st.cellCenter, &excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}, Protection: locked})
	add(&st.points, &excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top"}, NumFmt: numFmtPoints, Protection: locked})
	sealFmt := `"SEAL-"0`
	add(&st.seal, &excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}, CustomNumFmt: &sealFmt, Protection: locked})
	add(&st.sealCenter, &excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}, CustomNumFmt: &sealFmt, Protection: locked})
	add(&st.percent, &excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top"}, NumFmt: numFmtPercent, Protection: locked})
	add(&st.percent2, &excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top"}, NumFmt: numFmtPercent2, Protection: locked})
	return err
}

// protect locks a sheet without a password: a password hash is salted at
// random (no byte-identical output) and costs ~130 ms. The protection only
// guards against accidental edits; assessors keep every formatting,
// inserting, sorting and filtering right. excelize ignores protection, so
// the annotation step can still write anywhere.
func (b *tplBuilder) protect(sheet string) error {
	return b.f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{
		AutoFilter:          true,
		FormatCells:         true,
		FormatColumns:       true,
		FormatRows:          true,
		InsertColumns:       true,
		InsertRows:          true,
		InsertHyperlinks:    true,
		Sort:                true,
		SelectLockedCells:   true,
		SelectUnlockedCells: true,
	})
}

// landscape prints a sheet on A4 landscape, one page wide.
func (b *tplBuilder) landscape(sheet string) error {
	orient, size, one, zero := "landscape", 9, 1, 0 // 9 is A4; zero pages high means "as many as needed"
	if err := b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero,
	}); err != nil {
		return err
	}
	fit := true
	return b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
}

// setWidths sets the widths of columns A, B, ... in order.
func (b *tplBuilder) setWidths(sheet string, widths []float64) error {
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1) // i+1 is always a valid column
		if err := b.f.SetColWidth(sheet, col, col, w); err != nil {
			return err
		}
	}
	return nil
}

// put writes a string cell with a style. Strings go through SetCellStr so
// that text beginning with = + - @ stays text, never a formula.
func (b *tplBuilder) put(sheet string, col, row int, text string, style int) error {
	ref := tplCell(col, row)
	if err := b.f.SetCellStr(sheet, ref, escapeXString(text)); err != nil {
		return err
	}
	return b.f.SetCellStyle(sheet, ref, ref, style)
}

// putNumber writes a numeric cell with a style.
func (b *tplBuilder) putNumber(sheet string, col, row int, v any, style int) error {
	ref := tplCell(col, row)
	if err := b.f.SetCellValue(sheet, ref, v); err != nil {
		return err
	}
	return b.f.SetCellStyle(sheet, ref, ref, style)
}

// styleRange applies a style to a rectangle of cells.
func (b *tplBuilder) styleRange(sheet string, col1, row1, col2, row2, style int) error {
	return b.f.SetCellStyle(sheet, tplCell(col1, row1), tplCell(col2, row2), style)
}

// paragraph writes text merged across columns 1..lastCol of a row. No
// spreadsheet auto-fits a row of merged cells, so its height is estimated.
func (b *tplBuilder) paragraph(sheet string, row, lastCol int, width float64, text string, style int) error {
	if err := b.put(sheet, 1, row, text, style); err != nil {
		return err
	}
	if lastCol > 1 {
		if err := b.f.MergeCell(sheet, tplCell(1, row), tplCell(lastCol, row)); err != nil {
			return err
		}
	}
	return b.fitRow(sheet, row, wrappedLines(text, width))
}

// fitRow gives a row the height of its tallest cell, in lines. Excel
// auto-fits rows without a stored height when it opens a file, but
// LibreOffice does not (it shows one clipped line), so the template stores
// an estimate; autoHeightZip keeps it automatic, so both programs re-fit
// the row as soon as the assessor edits it.
func (b *tplBuilder) fitRow(sheet string, row, lines int) error {
	if lines <= 1 {
		return nil
	}
	return b.f.SetRowHeight(sheet, row, float64(lines)*lineHeight+2)
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

// rowCustomHeight matches the flag excelize's SetRowHeight always sets.
var rowCustomHeight = regexp.MustCompile(`(<row\b[^>]*?) customHeight="(?:true|1)"`)

// autoHeightZip writes the workbook like excelize's default zip writer, but
// drops customHeight from worksheet rows: a row with a height and no
// customHeight is what Excel itself writes for an auto-fitted row. The
// estimated heights then show in LibreOffice and Excel, and stay automatic
// (the row grows when an assessor types a long justification) instead of
// being fixed. Worksheet parts are buffered so a row tag is never split.
type autoHeightZip struct {
	excelize.ZipWriter
	name    string
	buf     bytes.Buffer
	pending bool
}

// Create starts a part; worksheet parts are held until the next part.
func (z *autoHeightZip) Create(name string) (io.Writer, error) {
	if err := z.flush(); err != nil {
		return nil, err
	}
	if !strings.HasPrefix(name, "xl/worksheets/") || !strings.HasSuffix(name, ".xml") {
		return z.ZipWriter.Create(name)
	}
	z.name, z.pending = name, true
	z.buf.Reset()
	return &z.buf, nil
}

// AddFS writes any held part first, to keep the order of parts.
func (z *autoHeightZip) AddFS(fsys fs.FS) error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.ZipWriter.AddFS(fsys)
}

// Close writes any held part and closes the archive.
func (z *autoHeightZip) Close() error {
	if err := z.flush(); err != nil {
		_ = z.ZipWriter.Close()
		return err
	}
	return z.ZipWriter.Close()
}

func (z *autoHeightZip) flush() error {
	if !z.pending {
		return nil
	}
	z.pending = false
	w, err := z.ZipWriter.Create(z.name)
	if err != nil {
		return err
	}
	_, err = w.Write(rowCustomHeight.ReplaceAll(z.buf.Bytes(), []byte("$1")))
	return err
}

func tplSum(ws []float64) float64 {
	t := 0.0
	for _, w := range ws {
		t += w
	}
	return t
}

// tplCell returns "B7" style references; the coordinates used here are
// always in range, so the error is impossible.
func tplCell(col, row int) string {
	ref, _ := excelize.CoordinatesToCellName(col, row)
	return ref
}

// tplHeaderCol returns the 1-based column of a header in template order.
func tplHeaderCol(h string) int {
	for i, x := range Headers {
		if x == h {
			return i + 1
		}
	}
	panic("workbook: unknown header " + h)
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

// ---- Cover ----

// tplCoverHints are shown beside the cover values; the reader only reads
// columns A and B.
var tplCoverHints = map[string]string{
	cover.Provider:              "Legal or trading name of the provider",
	cover.Service:               "The offer assessed, e.g. a PaaS in a given region",
	cover.Assessor:              "Your name and organisation",
	cover.Date:                  "YYYY-MM-DD, e.g. 2026-03-15",
	cover.FrameworkVersion:      "Set by sovscore; do not change",
	cover.Hosting:               "Who runs the underlying infrastructure, if not the provider",
	cover.HostingQualifications: "e.g. SecNumCloud 3.2, EUCS High, ISO/IEC 27001",
	cover.Notes:                 "Anything a reader of the assessment should know",
}

func tplCoverText(a *scoring.Assessment, label string) string {
	if a == nil {
		return ""
	}
	if f := cover.Field(&a.Provider, label); f != nil {
		return f.Text
	}
	return ""
}

func (b *tplBuilder) cover(a *scoring.Assessment) error {
	const sheet = CoverSheet
	f, st, fw := b.f, b.st, b.fw
	widths := []float64{34, 70, 60}
	if err := b.setWidths(sheet, widths); err != nil {
		return err
	}
	if err := b.put(sheet, 1, 1, fw.Name+": sovereignty assessment", st.title); err != nil {
		return err
	}
	sub := fmt.Sprintf("Framework version %s (%s), %s.", fw.Version, fw.Date, fw.Publisher)
	if err := b.put(sheet, 1, 2, sub, st.subtitle); err != nil {
		return err
	}
	row := coverFirstRow
	for _, label := range cover.Labels {
		if err := b.put(sheet, 1, row, label, st.coverLabel); err != nil {
			return err
		}
		text, style := tplCoverText(a, label), st.coverValue
		switch label {
		case cover.FrameworkVersion:
			style = st.coverReadOnly
			if text == "" {
				text = fw.Version
			}
		case cover.Date:
			style = st.coverDate
		}
		if err := b.put(sheet, 2, row, text, style); err != nil {
			return err
		}
		if err := b.put(sheet, 3, row, tplCoverHints[label], st.hint); err != nil {
			return err
		}
		if err := b.fitRow(sheet, row, rowLines([]string{label, text, tplCoverHints[label]}, widths)); err != nil {
			return err
		}
		row++
	}
	row++
	if err := b.put(sheet, 1, row, "What to fill in", st.heading); err != nil {
		return err
	}
	row++
	note := fmt.Sprintf("Fill in the yellow cells of column B, then answer every factor on the sheets %s to %s: "+
		"pick the answer from the drop-down, set your confidence, justify the answer and cite your sources. "+
		"Grey cells are fixed. The %s sheet explains the answers, the confidence levels and how the assessment is scored.",
		fw.Objectives[0].ID, fw.Objectives[len(fw.Objectives)-1].ID, GuideSheet)
	if err := b.paragraph(sheet, row, len(widths), tplSum(widths), note, st.note); err != nil {
		return err
	}
	show := false
	if err := f.SetSheetView(sheet, 0, &excelize.ViewOptions{ShowGridLines: &show}); err != nil {
		return err
	}
	first := tplCell(2, coverFirstRow)
	if err := f.SetPanes(sheet, &excelize.Panes{Selection: []excelize.Selection{{SQRef: first, ActiveCell: first}}}); err != nil {
		return err
	}
	if err := b.landscape(sheet); err != nil {
		return err
	}
	return b.protect(sheet)
}

// ---- Objective sheets ----

func (b *tplBuilder) objective(o *scoring.Objective, entries map[string]*scoring.FactorEntry) error {
	sheet := o.ID
	f, st := b.f, b.st
	widths := make([]float64, len(Headers))
	for i, h := range Headers {
		widths[i] = objectiveWidths[h]
	}
	if err := b.setWidths(sheet, widths); err != nil {
		return err
	}
	if err := b.put(sheet, 1, objTitleRow, o.ID+": "+o.Name, st.title); err != nil {
		return err
	}
	if err := b.paragraph(sheet, objDescRow, len(Headers), tplSum(widths), o.Description, st.description); err != nil {
		return err
	}
	for i, h := range Headers {
		if err := b.put(sheet, i+1, objHeaderRow, h, st.header); err != nil {
			return err
		}
	}
	cID, cFactor, cQuestion := tplHeaderCol(HeaderID), tplHeaderCol(HeaderFactor), tplHeaderCol(HeaderQuestion)
	cAnswer, cConf := tplHeaderCol(HeaderAnswer), tplHeaderCol(HeaderConfidence)
	cJust, cSrc := tplHeaderCol(HeaderJustification), tplHeaderCol(HeaderSources)
	for i, fac := range o.Factors {
		row := objFirstRow + i
		var e scoring.FactorEntry
		if p, ok := entries[fac.ID]; ok {
			e = *p
		}
		cells := []struct {
			col   int
			text  string
			style int
		}{
			{cID, fac.ID, st.id}, {cFactor, fac.Name, st.locked}, {cQuestion, fac.Question, st.locked},
			{cAnswer, e.Answer.Text, st.inputWrap}, {cConf, e.Confidence.Text, st.input},
			{cJust, e.Justification.Text, st.inputWrap}, {cSrc, e.Sources.Text, st.inputWrap},
		}
		texts := make([]string, len(Headers))
		for _, c := range cells {
			if err := b.put(sheet, c.col, row, c.text, c.style); err != nil {
				return err
			}
			texts[c.col-1] = c.text
		}
		if err := b.fitRow(sheet, row, rowLines(texts, widths)); err != nil {
			return err
		}
		if err := f.AddDataValidation(sheet, answerValidation(fac, tplCell(cAnswer, row))); err != nil {
			return fmt.Errorf("%s answer validation: %w", fac.ID, err)
		}
	}
	last := objFirstRow + len(o.Factors) - 1
	conf, err := confidenceValidation(tplCell(cConf, objFirstRow) + ":" + tplCell(cConf, last))
	if err != nil {
		return err
	}
	if err := f.AddDataValidation(sheet, conf); err != nil {
		return fmt.Errorf("confidence validation: %w", err)
	}
	first := tplCell(cAnswer, objFirstRow)
	if err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, XSplit: cID, YSplit: objHeaderRow,
		TopLeftCell: tplCell(cID+1, objFirstRow), ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: first, ActiveCell: first, Pane: "bottomRight"}},
	}); err != nil {
		return err
	}
	// Repeat the header row on every printed page.
	if err := f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, objHeaderRow, objHeaderRow), Scope: sheet,
	}); err != nil {
		return err
	}
	if err := b.landscape(sheet); err != nil {
		return err
	}
	return b.protect(sheet)
}

// answerValidation offers the factor's answers from its named list. The
// error style is "warning", not "stop": assessors paste paraphrases such as
// "4. Unlikely takeover ..." whose leading number is what scoring uses.
func answerValidation(fac *scoring.Factor, ref string) *excelize.DataValidation {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = ref
	dv.SetSqrefDropList(ListName(fac.ID))
	dv.SetError(excelize.DataValidationErrorStyleWarning, clipUTF16(fac.ID+": not a listed answer", maxPromptTitleChars),
		clipUTF16(fmt.Sprintf("This is not one of the %d answers of %s. Only the leading number (1 to %d) is scored, "+
			"so keep it at the start, e.g. \"%d. ...\". Yes keeps your text, No lets you edit it.",
			len(fac.Answers), fac.ID, len(fac.Answers), len(fac.Answers)), maxErrorChars))
	dv.SetInput(clipUTF16(fac.ID+" answers", maxPromptTitleChars), answerPrompt(fac))
	return dv
}

// answerPrompt lists the answers within Excel's 255-character prompt.
func answerPrompt(fac *scoring.Factor) string {
	lines := make([]string, len(fac.Answers))
	for i, a := range fac.Answers {
		lines[i] = a.Display()
	}
	return fitLines(lines, maxPromptChars)
}

func confidenceValidation(ref string) (*excelize.DataValidation, error) {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = ref
	if err := dv.SetDropList(Confidences); err != nil {
		return nil, err
	}
	dv.SetError(excelize.DataValidationErrorStyleWarning, "Confidence",
		"Confidence is one of high, medium or low.")
	dv.SetInput("Confidence", "high: public, verifiable evidence\nmedium: indirect evidence or inference\n"+
		"low: assumption, to confirm with the provider")
	return dv, nil
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

// ---- Lists ----

// lists writes one column per factor (ID on row 1, answers below) and a
// workbook-scope name per column. Drop-downs reference the names because
// an inline list is capped at 255 characters and splits on commas.
func (b *tplBuilder) lists() error {
	const sheet = ListsSheet
	f := b.f
	for i, fac := range b.fw.Factors() {
		col := i + 1
		if err := f.SetCellStr(sheet, tplCell(col, 1), fac.ID); err != nil {
			return err
		}
		for j, a := range fac.Answers {
			if err := f.SetCellStr(sheet, tplCell(col, listFirstRow+j), escapeXString(a.Display())); err != nil {
				return err
			}
		}
		colName, _ := excelize.ColumnNumberToName(col) // col is always valid
		ref := fmt.Sprintf("%s!$%s$%d:$%s$%d", sheet, colName, listFirstRow, colName, listFirstRow+len(fac.Answers)-1)
		if err := f.SetDefinedName(&excelize.DefinedName{Name: ListName(fac.ID), RefersTo: ref}); err != nil {
			return fmt.Errorf("name %s: %w", ListName(fac.ID), err)
		}
	}
	if err := b.protect(sheet); err != nil {
		return err
	}
	return f.SetSheetVisible(sheet, false)
}

// ---- Guide ----

// guide writes the instructions, the scoring rules, the SEAL levels, the
// weight profiles and every factor's ladder. Everything is rendered from
// the framework, so a new framework version needs no code change.
func (b *tplBuilder) guide() error {
	const sheet = GuideSheet
	f, st, fw := b.f, b.st, b.fw
	if err := b.setWidths(sheet, guideWidths); err != nil {
		return err
	}
	nCols, width := len(guideWidths), tplSum(guideWidths)
	row := 1
	var err error
	para := func(text string, style int) {
		if err == nil {
			err = b.paragraph(sheet, row, nCols, width, text, style)
			row++
		}
	}
	heading := func(text string) {
		if err == nil {
			row++ // a blank row before each section
			err = b.put(sheet, 1, row, text, st.heading)
			row++
		}
	}
	firstObj, lastObj := fw.Objectives[0].ID, fw.Objectives[len(fw.Objectives)-1].ID

	if err := b.put(sheet, 1, row, "How to fill in and score this assessment", st.title); err != nil {
		return err
	}
	row++
	para(fmt.Sprintf("%s %s (%s), %s.", fw.Name, fw.Version, fw.Date, fw.Publisher), st.subtitle)

	heading("Filling it in")
	for _, t := range []string{
		fmt.Sprintf("1. %s: fill in the provider, the service or offer in scope, your name, the assessment date (YYYY-MM-DD), "+
			"the hosting infrastructure provider and its qualifications, and any notes. The framework version is set by sovscore.", CoverSheet),
		fmt.Sprintf("2. One sheet per objective (%s to %s), one row per factor. Only the yellow cells are yours: %s, %s, %s and %s. "+
			"The sheets are protected without a password against accidental edits of the IDs and questions; you can still "+
			"resize, format, insert rows and columns, sort and filter, and Review > Unprotect Sheet needs no password.",
			firstObj, lastObj, HeaderAnswer, HeaderConfidence, HeaderJustification, HeaderSources),
		fmt.Sprintf("3. %s: pick the answer from the drop-down. Answers are numbered from 1 (least sovereign); the leading number "+
			"is what counts. You may paste your own wording if it starts with the number, e.g. \"4. Unlikely takeover ...\"; "+
			"Excel then warns and you can keep it. Some ladders repeat a label at two positions, so always keep the number. "+
			"Type text, not formulas.", HeaderAnswer),
		fmt.Sprintf("4. %s: high = established by public, verifiable evidence (contracts, certifications, official registers, "+
			"the provider's own documentation); medium = indirect evidence or a reasoned inference from reliable sources; "+
			"low = assumption or partial, outdated information, to be confirmed with the provider. "+
			"High confidence needs at least one source.", HeaderConfidence),
		fmt.Sprintf("5. %s: say in a few sentences why the answer applies (for example, that the service runs on an already "+
			"qualified infrastructure). %s: cite the evidence as URLs in the %s column, one per line, or inline in the "+
			"justification as (src: https://...). Only https:// and http:// URLs are accepted; plain http:// is flagged.",
			HeaderJustification, HeaderSources, HeaderSources),
		"6. Answer every factor. An unanswered factor scores no points and never passes: the assessment stays incomplete " +
			"and the offer cannot be found compliant.",
	} {
		para(t, st.paragraph)
	}

	heading("How it is scored")
	var sealOnly []string
	for _, fac := range fw.Factors() {
		all := true
		for _, a := range fac.Answers {
			all = all && a.SEAL == scoring.MaxSEAL
		}
		if all {
			sealOnly = append(sealOnly, fac.ID)
		}
	}
	rules := []string{
		"Factor: the points and the SEAL of the chosen answer (see the ladders below).",
		"Objective: points = the sum of its factors' points; SEAL = the lowest SEAL of its factors.",
		"Overall SEAL = the lowest objective SEAL.",
		"Sovereignty Score (%) = 100 x the sum over objectives of weight x (objective points / divisor), " +
			"with the weights and divisor of a profile (table below).",
		"Tender: the buyer sets a minimum SEAL per objective. An offer below it on any objective is rejected, not ranked; " +
			"the score ranks the offers that pass. SEAL prevails over score. An unanswered factor never passes.",
	}
	if len(sealOnly) > 0 {
		rules = append(rules, fmt.Sprintf("Every answer of %s grants SEAL-%d: these factors move the score, never the SEAL.",
			strings.Join(sealOnly, ", "), scoring.MaxSEAL))
	}
	for _, t := range rules {
		para("- "+t, st.paragraph)
	}

	heading("SEAL levels (Sovereignty Effective Assurance Levels)")
	if err != nil {
		return err
	}
	if err := b.tableHeader(sheet, row, []string{"SEAL", "Name"}); err != nil {
		return err
	}
	if err := b.styleRange(sheet, 3, row, nCols, row, st.header); err != nil {
		return err
	}
	if err := f.MergeCell(sheet, tplCell(2, row), tplCell(nCols, row)); err != nil {
		return err
	}
	row++
	for _, l := range fw.SEALLevels {
		name := l.Name
		if l.AltName != "" {
			name += " (called " + l.AltName + " in the 2026 guidance)"
		}
		if err := b.putNumber(sheet, 1, row, l.Level, st.sealCenter); err != nil {
			return err
		}
		if err := b.put(sheet, 2, row, name, st.cell); err != nil {
			return err
		}
		if err := b.styleRange(sheet, 3, row, nCols, row, st.cell); err != nil {
			return err
		}
		if err := f.MergeCell(sheet, tplCell(2, row), tplCell(nCols, row)); err != nil {
			return err
		}
		row++
	}

	heading("Weight profiles")
	if err != nil {
		return err
	}
	if err := b.weights(sheet, &row); err != nil {
		return err
	}
	for _, p := range fw.Profiles {
		para(p.Name+": "+p.Description, st.paragraph)
	}

	heading("Answer ladders: the consequence of each answer")
	if err != nil {
		return err
	}
	if err := b.ladders(sheet, &row); err != nil {
		return err
	}
	show := false
	if err := f.SetSheetView(sheet, 0, &excelize.ViewOptions{ShowGridLines: &show}); err != nil {
		return err
	}
	if err := b.landscape(sheet); err != nil {
		return err
	}
	return b.protect(sheet)
}

func (b *tplBuilder) tableHeader(sheet string, row int, titles []string) error {
	for i, t := range titles {
		if err := b.put(sheet, i+1, row, t, b.st.header); err != nil {
			return err
		}
	}
	return nil
}

// weights renders the built-in profiles' weights, one column per profile.
func (b *tplBuilder) weights(sheet string, row *int) error {
	st, fw := b.st, b.fw
	titles := []string{"Objective", "Name", "Max points"}
	for _, p := range fw.Profiles {
		titles = append(titles, p.Name)
	}
	if err := b.tableHeader(sheet, *row, titles); err != nil {
		return err
	}
	if err := b.fitRow(sheet, *row, rowLines(titles, guideWidths)); err != nil {
		return err
	}
	*row++
	for _, o := range fw.Objectives {
		if err := b.put(sheet, 1, *row, o.ID, st.cellTop); err != nil {
			return err
		}
		if err := b.put(sheet, 2, *row, o.Name, st.cell); err != nil {
			return err
		}
		if err := b.putNumber(sheet, 3, *row, o.Max().Float(), st.points); err != nil {
			return err
		}
		for i, p := range fw.Profiles {
			w := p.Weights[o.ID]
			style := st.percent
			if math.Abs(w*100-math.Round(w*100)) > 1e-9 {
				style = st.percent2
			}
			if err := b.putNumber(sheet, 4+i, *row, w, style); err != nil {
				return err
			}
		}
		*row++
	}
	if err := b.put(sheet, 1, *row, "Divisor", st.cellTop); err != nil {
		return err
	}
	if err := b.put(sheet, 2, *row, "objective points are divided by", st.cell); err != nil {
		return err
	}
	if err := b.put(sheet, 3, *row, "", st.cell); err != nil {
		return err
	}
	for i, p := range fw.Profiles {
		d := "exact max"
		if p.Divisor == scoring.DivisorNominal {
			d = "1000"
		}
		if err := b.put(sheet, 4+i, *row, d, st.cell); err != nil {
			return err
		}
	}
	*row++
	return nil
}

// ladders renders every factor's answers with their points and SEAL, one
// band per objective; the factor ID and name are merged down its rungs.
func (b *tplBuilder) ladders(sheet string, row *int) error {
	f, st, fw := b.f, b.st, b.fw
	nCols := len(guideWidths)
	if err := b.tableHeader(sheet, *row, []string{"ID", "Factor", "Answer no.", "Points", "SEAL", "Answer"}); err != nil {
		return err
	}
	*row++
	for _, o := range fw.Objectives {
		band := fmt.Sprintf("%s: %s (at most %s points)", o.ID, o.Name, o.Max())
		if err := b.put(sheet, 1, *row, band, st.band); err != nil {
			return err
		}
		if err := b.styleRange(sheet, 2, *row, nCols, *row, st.band); err != nil {
			return err
		}
		if err := f.MergeCell(sheet, tplCell(1, *row), tplCell(nCols, *row)); err != nil {
			return err
		}
		*row++
		for _, fac := range o.Factors {
			first := *row
			for i, a := range fac.Answers {
				r := first + i
				id, name := "", ""
				if i == 0 {
					id, name = fac.ID, fac.Name
				}
				if err := b.put(sheet, 1, r, id, st.cellTop); err != nil {
					return err
				}
				if err := b.put(sheet, 2, r, name, st.cell); err != nil {
					return err
				}
				if err := b.putNumber(sheet, 3, r, a.Number, st.cellCenter); err != nil {
					return err
				}
				if err := b.putNumber(sheet, 4, r, a.Points.Float(), st.points); err != nil {
					return err
				}
				if err := b.putNumber(sheet, 5, r, a.SEAL, st.seal); err != nil {
					return err
				}
				if err := b.put(sheet, 6, r, a.Display(), st.cell); err != nil {
					return err
				}
				if err := b.fitRow(sheet, r, rowLines([]string{"", "", "", "", "", a.Display()}, guideWidths)); err != nil {
					return err
				}
			}
			last := first + len(fac.Answers) - 1
			for col := 1; col <= 2; col++ {
				if err := f.MergeCell(sheet, tplCell(col, first), tplCell(col, last)); err != nil {
					return err
				}
			}
			*row = last + 1
		}
	}
	return nil
}
