package workbook

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"strings"

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

// Column widths of an objective sheet, by header.
// They add up to what prints one page wide on A4 landscape at a readable
// size (see printSetup).
var objectiveWidths = map[string]float64{
	HeaderID:            8,
	HeaderFactor:        18,
	HeaderQuestion:      32,
	HeaderAnswer:        40,
	HeaderConfidence:    10,
	HeaderJustification: 42,
	HeaderSources:       22,
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
	b := &tplBuilder{f: f, fw: fw, ladderRows: map[string]int{}}
	if a != nil {
		b.provider = scoring.Normalize(a.Provider.Name.Text)
	}
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
	// ladderRows is the Guide row where each factor's ladder starts.
	ladderRows map[string]int
	// provider names the assessment in printed headers ("" for a blank
	// template, whose header shows the file name instead).
	provider string
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
	for _, s := range sheets[:len(sheets)-1] {
		if err := b.printSetup(s); err != nil {
			return fmt.Errorf("%s: print setup: %w", s, err)
		}
	}
	if err := b.printSetup(CoverSheet); err != nil {
		return fmt.Errorf("%s: print setup: %w", CoverSheet, err)
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
	dateFmt := coverDateFormat
	add(&st.coverDate, &excelize.Style{Fill: fill(colorInput), Border: border, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true},
		Protection: unlocked, CustomNumFmt: &dateFmt})
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
	return b.f.SetRowHeight(sheet, row, linesHeight(lines))
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
