package workbook

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// Sheets of the summary workbook.
const (
	RankingSheet    = "Ranking"
	SEALMatrixSheet = "SEAL matrix"
	PointsSheet     = "Points"
	ProblemsSheet   = "Problems"
)

// SummaryOptions configures WriteSummary.
type SummaryOptions struct {
	// Created is stamped as the Created and Modified document properties
	// and shown on every sheet; the zero time stamps nothing.
	Created time.Time
	// ToolVersion is shown on every sheet.
	ToolVersion string
	// ProfileName is the profile the results were scored with; when empty,
	// the first result's profile is shown.
	ProfileName string
}

// Layout of every summary sheet: a title on row 1, the column headers on
// the row before sumFirstRow (Points has a second header row of names).
const (
	sumTitleRow  = 1
	sumHeaderRow = 2
	sumFirstRow  = 3
	// sumNamesHeight is the height of the Points row of factor names.
	sumNamesHeight = 64
)

// WriteSummary writes the summary workbook of a scoring run to w: a
// Ranking sheet (eligible providers by rank, then the others with the
// reasons they are not eligible), a SEAL matrix (providers x objectives,
// coloured by level), the Points of every factor and objective, and every
// Problem of every workbook. Each sheet is one table with an autofilter and
// frozen headers, ready to sort and filter.
//
// Ranks are computed as scoring.Rank does, on copies: results are not
// changed. Text from the workbooks (provider names, messages) is always
// stored as strings, never as formulas. The rows of every sheet go to a
// temporary file as they are made and the workbook is compressed straight
// into w, so memory does not grow with the number of rows; the same results
// and options give byte-identical output. On error, w may have received
// part of a workbook.
func WriteSummary(w io.Writer, results []*scoring.Result, opts SummaryOptions) (err error) {
	f := excelize.NewFile()
	s := &summary{f: f, opts: opts, order: sumOrder(results)}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("summary: %w", cerr)
		}
		if cerr := s.rows.close(); cerr != nil && err == nil {
			err = fmt.Errorf("summary: %w", cerr)
		}
	}()
	// The archive goes to w, not to the buffer excelize gives, which would
	// hold the whole compressed workbook; excelize then copies an empty
	// buffer to w. Its buffer only serves to patch parts over 4 GiB (zip64)
	// and to encrypt, neither of which a summary needs.
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter {
		return &sumZip{ZipWriter: zip.NewWriter(w), order: s.streamed, rows: &s.rows}
	})
	if s.opts.ProfileName == "" {
		for _, r := range results {
			if r != nil && r.Profile != nil {
				s.opts.ProfileName = r.Profile.Name
				break
			}
		}
	}
	if err := s.build(); err != nil {
		return fmt.Errorf("summary: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("summary: write: %w", err)
	}
	return nil
}

// summary carries the state of one summary workbook.
type summary struct {
	f     *excelize.File
	opts  SummaryOptions
	order []sumEntry
	st    annStyles
	// streamed lists the parts of the streamed sheets, in sheet order.
	streamed []string
	// rows holds the body rows of the streamed sheets until they are
	// spliced into their parts.
	rows sumRows
	// Table styles; only the reasons of the Ranking wrap, so that large
	// tables keep one line per row.
	text, textWrap, textCenter, number, integer, nameHeader int
}

// sumEntry is a result, its index in the results given, and its rank (0:
// not eligible).
type sumEntry struct {
	r     *scoring.Result
	index int
	rank  int
}

// sumOrder ranks copies of the results and lists the eligible ones by rank,
// then the others in input order. Nil results are skipped.
func sumOrder(results []*scoring.Result) []sumEntry {
	copies := make([]*scoring.Summary, 0, len(results))
	orig := make([]int, 0, len(results))
	for i, r := range results {
		if r == nil {
			continue
		}
		c := r.Summary
		copies = append(copies, &c)
		orig = append(orig, i)
	}
	scoring.Rank(copies)
	var ranked, others []sumEntry
	for i, c := range copies {
		e := sumEntry{r: results[orig[i]], index: orig[i], rank: c.Rank}
		if c.Rank > 0 {
			ranked = append(ranked, e)
		} else {
			others = append(others, e)
		}
	}
	// Stable: equal ranks keep the input order.
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].rank < ranked[j].rank })
	return append(ranked, others...)
}

func (s *summary) build() error {
	f := s.f
	if err := f.SetSheetName("Sheet1", RankingSheet); err != nil {
		return err
	}
	for _, name := range []string{SEALMatrixSheet, PointsSheet, ProblemsSheet} {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	// Before any sheet is streamed: SetActiveSheet reads every sheet, and
	// reading a streamed one parses all its rows back into memory.
	f.SetActiveSheet(0)
	if err := s.styles(); err != nil {
		return fmt.Errorf("styles: %w", err)
	}
	steps := []struct {
		name string
		fn   func() error
	}{
		{RankingSheet, s.ranking},
		{SEALMatrixSheet, s.sealMatrix},
		{PointsSheet, s.points},
		{ProblemsSheet, s.problems},
	}
	for _, st := range steps {
		if err := st.fn(); err != nil {
			return fmt.Errorf("%s: %w", st.name, err)
		}
	}
	desc := "Made by sovscore"
	if s.opts.ToolVersion != "" {
		desc += " " + s.opts.ToolVersion
	}
	if s.opts.ProfileName != "" {
		desc += " with profile " + s.opts.ProfileName
	}
	props := &excelize.DocProperties{
		Title:          "Cloud sovereignty assessments: summary",
		Subject:        "Scores, SEAL levels and problems of the assessed cloud offers",
		Creator:        "sovscore",
		LastModifiedBy: "sovscore",
		Description:    desc + ".",
	}
	if !s.opts.Created.IsZero() {
		props.Created = s.opts.Created.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	return f.SetDocProps(props)
}

func (s *summary) styles() error {
	var err error
	if s.st, err = newAnnStyles(s.f); err != nil {
		return err
	}
	border := annBorder()
	top := &excelize.Alignment{Vertical: "top"}
	add := func(dst *int, st *excelize.Style) {
		if err == nil {
			*dst, err = s.f.NewStyle(st)
		}
	}
	add(&s.text, &excelize.Style{Border: border, Alignment: top})
	add(&s.textWrap, &excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	add(&s.textCenter, &excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}})
	add(&s.number, &excelize.Style{Border: border, Alignment: top, NumFmt: numFmtPoints})
	add(&s.integer, &excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}, NumFmt: 1})
	family, ferr := s.f.GetDefaultFont()
	if ferr != nil {
		return ferr
	}
	add(&s.nameHeader, &excelize.Style{Font: &excelize.Font{Size: 9, Color: colorNavy, Family: family}, Fill: annFill(colorBand),
		Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	return err
}

// title is the first row of every sheet: what it shows and how it was made.
func (s *summary) title(what string) string {
	t := fmt.Sprintf("%s: %d assessment(s)", what, len(s.order))
	if s.opts.ProfileName != "" {
		t += ", profile " + s.opts.ProfileName
	}
	t += ", sovscore"
	if s.opts.ToolVersion != "" {
		t += " " + s.opts.ToolVersion
	}
	if !s.opts.Created.IsZero() {
		t += ", " + s.opts.Created.UTC().Format("2006-01-02")
	}
	return t
}

// sumCell is one cell of a table row: a string, a float64, an int, or nil
// for an empty cell.
type sumCell struct {
	v     any
	style int
}

// table writes a sheet of one row per provider (Ranking, SEAL matrix): a
// title, a header row and the n rows that row makes, with widths, an
// autofilter and frozen panes.
func (s *summary) table(sheet, title string, heads []string, widths []float64, freezeCols, n int, row func(i int) []sumCell) error {
	// Streamed like the other sheets: excelize's cell model would hold
	// every provider's row until the workbook is written (about 11 KB per
	// provider).
	last := sumFirstRow + max(n, 1) - 1
	sw, err := s.stream(sheet, widths, sumHeaderRow, len(heads), last, freezeCols, true)
	if err != nil {
		return err
	}
	if err := sw.SetRow(tplCell(1, sumTitleRow), rowValues([]sumCell{{title, s.st.heading}})); err != nil {
		return err
	}
	hs := make([]sumCell, len(heads))
	for i, h := range heads {
		hs[i] = sumCell{h, s.st.header}
	}
	if err := sw.SetRow(tplCell(1, sumHeaderRow), rowValues(hs), sumRowHeight(rowLines(heads, widths))...); err != nil {
		return err
	}
	if err := s.body(sumHeaderRow); err != nil {
		return err
	}
	for i := range n {
		cells := row(i)
		lines := 1
		for j, c := range cells {
			if v, ok := c.v.(string); ok && c.style == s.textWrap {
				lines = max(lines, wrappedLines(v, widths[j]))
			}
		}
		if err := s.rows.row(sumFirstRow+i, cells, sumHeight(lines)); err != nil {
			return err
		}
	}
	s.rows.end()
	return sw.Flush()
}

// body starts the body rows of a streamed sheet, which follow row after,
// the last row written with the stream writer. They go to s.rows, not to
// the stream writer, which would keep them in memory.
func (s *summary) body(after int) error {
	// s.stream has just added the sheet's part.
	return s.rows.begin(s.streamed[len(s.streamed)-1], after)
}

// sumHeight is the height of a row tall enough for lines of wrapped text,
// 0 (the default height) for one line.
func sumHeight(lines int) float64 {
	if lines <= 1 {
		return 0
	}
	return float64(lines)*lineHeight + 2
}

// sumRowHeight gives a stream writer row sumHeight(lines).
func sumRowHeight(lines int) []excelize.RowOpts {
	if h := sumHeight(lines); h > 0 {
		return []excelize.RowOpts{{Height: h}}
	}
	return nil
}

// print sets a sheet up for printing: A4 landscape, the title and header
// rows and the frozen columns repeated on every page and, for tables that
// are not too wide, one page wide. It must follow AutoFilter, which resets
// the sheet properties.
func (s *summary) print(sheet string, headerRow, cols int, fitWidth bool) error {
	f := s.f
	orient, size, one, zero := "landscape", 9, 1, 0 // 9 is A4; zero pages high means "as many as needed"
	layout := &excelize.PageLayoutOptions{Size: &size, Orientation: &orient}
	if fitWidth {
		layout.FitToWidth, layout.FitToHeight = &one, &zero
	}
	if err := f.SetPageLayout(sheet, layout); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fitWidth}); err != nil {
		return err
	}
	quoted := "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
	lastCol, _ := excelize.ColumnNumberToName(max(cols, 1))
	return f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("%s!$A:$%s,%s!$1:$%d", quoted, lastCol, quoted, headerRow),
		Scope:    sheet,
	})
}

// sumPanes freezes the rows above firstRow and the first cols columns.
func sumPanes(cols, firstRow int) *excelize.Panes {
	top := tplCell(cols+1, firstRow)
	return &excelize.Panes{Freeze: true, XSplit: cols, YSplit: firstRow - 1, TopLeftCell: top, ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomRight"}}}
}

func sumYesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (s *summary) ranking() error {
	heads := []string{"Rank", "Provider", "File", "Score", "SEAL", "Complete", "Eligible", "Errors", "Warnings", "Reasons not eligible"}
	widths := []float64{7, 34, 32, 9, 10, 10, 10, 8, 10, 80}
	cells := make([]sumCell, 0, len(heads))
	var reasons []string
	return s.table(RankingSheet, s.title("Ranking"), heads, widths, 2, len(s.order), func(i int) []sumCell {
		e := s.order[i]
		r := e.r
		var rank any
		if e.rank > 0 {
			rank = e.rank
		}
		eligible := sumCell{"no", s.st.bad}
		if r.Eligible {
			eligible = sumCell{"yes", s.st.good}
		}
		reasons = reasons[:0]
		for _, rs := range r.Reasons {
			reasons = append(reasons, rs.Message)
		}
		return append(cells[:0],
			sumCell{rank, s.integer}, sumCell{r.ProviderName(), s.text}, sumCell{r.File, s.text}, sumCell{r.Score, s.number},
			sumCell{annSEALText(r.SEAL), s.st.sealStyle(r.SEAL)}, sumCell{sumYesNo(r.Complete), s.textCenter}, eligible,
			sumCell{r.Issues.Errors(), s.integer}, sumCell{r.Issues.Warnings(), s.integer},
			sumCell{strings.Join(reasons, "\n"), s.textWrap})
	})
}

// framework returns the results' framework, the embedded one if none has.
func (s *summary) framework() *scoring.Framework {
	for _, e := range s.order {
		if e.r.Framework != nil {
			return e.r.Framework
		}
	}
	return scoring.Default()
}

func (s *summary) sealMatrix() error {
	fw := s.framework()
	heads := []string{"Provider"}
	widths := []float64{34}
	for _, o := range fw.Objectives {
		heads = append(heads, o.ID)
		widths = append(widths, 10)
	}
	heads = append(heads, "Overall", "Complete", "File")
	widths = append(widths, 10, 10, 32)
	row := make([]sumCell, 0, len(heads))
	return s.table(SEALMatrixSheet, s.title("SEAL levels per objective"), heads, widths, 1, len(s.order), func(i int) []sumCell {
		r := s.order[i].r
		row = append(row[:0], sumCell{r.ProviderName(), s.text})
		for _, o := range fw.Objectives {
			level := -1
			if or, ok := r.Objective(o.ID); ok {
				level = or.SEAL
			}
			row = append(row, sumCell{annSEALText(level), s.st.sealStyle(level)})
		}
		return append(row, sumCell{annSEALText(r.SEAL), s.st.sealStyle(r.SEAL)},
			sumCell{sumYesNo(r.Complete), s.textCenter}, sumCell{r.File, s.text})
	})
}

// stream starts a streamed sheet: the autofilter goes on the worksheet
// before streaming, since the stream writer copies it when it flushes.
func (s *summary) stream(sheet string, widths []float64, headerRow, lastCol, lastRow, freezeCols int, fitWidth bool) (*excelize.StreamWriter, error) {
	if err := s.f.AutoFilter(sheet, tplCell(1, headerRow)+":"+tplCell(lastCol, max(lastRow, headerRow+1)), nil); err != nil {
		return nil, err
	}
	if err := s.print(sheet, headerRow, freezeCols, fitWidth); err != nil {
		return nil, err
	}
	sw, err := s.f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	s.streamed = append(s.streamed, fmt.Sprintf("xl/worksheets/sheet%d.xml", sw.SheetID))
	// The stream writer writes column widths in the reverse order of the
	// calls, and spreadsheets want them in ascending order.
	for i := len(widths) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, widths[i]); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(sumPanes(freezeCols, headerRow+1)); err != nil {
		return nil, err
	}
	return sw, nil
}

// rowValues turns table cells into stream writer values, for the title and
// header rows (sumRows writes the body rows the same way). Strings become
// inline strings, never formulas; excelize escapes them.
func rowValues(cells []sumCell) []any {
	out := make([]any, len(cells))
	for i, c := range cells {
		out[i] = excelize.Cell{StyleID: c.style, Value: c.v}
	}
	return out
}

func (s *summary) points() error {
	fw := s.framework()
	factors := fw.Factors()
	names := []sumCell{{"Factor", s.nameHeader}}
	ids := []sumCell{{"Provider", s.st.header}}
	widths := []float64{34}
	for _, fc := range factors {
		names = append(names, sumCell{fc.Name, s.nameHeader})
		ids = append(ids, sumCell{fc.ID, s.st.header})
		widths = append(widths, 10)
	}
	for _, o := range fw.Objectives {
		names = append(names, sumCell{o.Name + " (objective points)", s.nameHeader})
		ids = append(ids, sumCell{o.ID, s.st.header})
		widths = append(widths, 10)
	}
	names = append(names, sumCell{"Sovereignty Score (%)", s.nameHeader}, sumCell{"Workbook", s.nameHeader})
	ids = append(ids, sumCell{"Score", s.st.header}, sumCell{"File", s.st.header})
	widths = append(widths, 10, 32)
	const headerRow = sumHeaderRow + 1 // names on row 2, IDs on row 3
	sw, err := s.stream(PointsSheet, widths, headerRow, len(ids), headerRow+len(s.order), 1, false)
	if err != nil {
		return err
	}
	if err := sw.SetRow(tplCell(1, sumTitleRow), rowValues([]sumCell{{s.title("Points per factor"), s.st.heading}})); err != nil {
		return err
	}
	if err := sw.SetRow(tplCell(1, sumHeaderRow), rowValues(names), excelize.RowOpts{Height: sumNamesHeight}); err != nil {
		return err
	}
	if err := sw.SetRow(tplCell(1, headerRow), rowValues(ids)); err != nil {
		return err
	}
	if err := s.body(headerRow); err != nil {
		return err
	}
	row := make([]sumCell, len(ids))
	for i, e := range s.order {
		r := e.r
		row = row[:0]
		row = append(row, sumCell{r.ProviderName(), s.text})
		byID := make(map[string]*scoring.FactorResult, len(r.Factors))
		for j := range r.Factors {
			byID[r.Factors[j].Factor.ID] = &r.Factors[j]
		}
		for _, fc := range factors {
			// An unanswered factor is left empty, so that filters tell
			// it from an answer worth 0 points.
			c := sumCell{nil, s.number}
			if fr, ok := byID[fc.ID]; ok && fr.Option > 0 {
				c.v = fr.Points.Float()
			}
			row = append(row, c)
		}
		for _, o := range fw.Objectives {
			c := sumCell{nil, s.number}
			if or, ok := r.Objective(o.ID); ok {
				c.v = or.Points.Float()
			}
			row = append(row, c)
		}
		row = append(row, sumCell{r.Score, s.number}, sumCell{r.File, s.text})
		if err := s.rows.row(headerRow+1+i, row, 0); err != nil {
			return err
		}
	}
	s.rows.end()
	return sw.Flush()
}

func (s *summary) problems() error {
	heads := []string{"File", "Provider", "Sheet", "Cell", "Severity", "Code", "Message"}
	widths := []float64{32, 30, 12, 8, 10, 22, 100}
	n := 0
	for _, e := range s.order {
		n += len(e.r.Issues)
	}
	sw, err := s.stream(ProblemsSheet, widths, sumHeaderRow, len(heads), sumHeaderRow+n, 1, true)
	if err != nil {
		return err
	}
	title := s.title("Problems")
	if err := sw.SetRow(tplCell(1, sumTitleRow), rowValues([]sumCell{{title, s.st.heading}})); err != nil {
		return err
	}
	hs := make([]sumCell, len(heads))
	for i, h := range heads {
		hs[i] = sumCell{h, s.st.header}
	}
	if err := sw.SetRow(tplCell(1, sumHeaderRow), rowValues(hs)); err != nil {
		return err
	}
	if err := s.body(sumHeaderRow); err != nil {
		return err
	}
	row := sumFirstRow
	cells := make([]sumCell, 0, len(heads))
	for _, e := range s.order {
		r := e.r
		name := r.ProviderName()
		for _, is := range r.Issues {
			sev := sumCell{"warning", s.st.warn}
			if is.Severity == scoring.Error {
				sev = sumCell{"error", s.st.bad}
			}
			cells = append(cells[:0], sumCell{r.File, s.text}, sumCell{name, s.text}, sumCell{is.Sheet, s.text},
				sumCell{is.Cell, s.text}, sev, sumCell{is.Code, s.text}, sumCell{is.Message, s.text})
			if err := s.rows.row(row, cells, 0); err != nil {
				return err
			}
			row++
		}
	}
	if n == 0 {
		if err := s.rows.row(row, []sumCell{{"", s.text}, {"No problem found.", s.text}}, 0); err != nil {
			return err
		}
	}
	s.rows.end()
	return sw.Flush()
}

// sumZip writes the package like excelize's default zip writer, but writes
// the streamed sheets in sheet order, each with its body rows: excelize
// writes the streamed sheets first, in the random order of a map, which
// would make the output differ between runs, and without their body rows,
// which the summary spools to a temporary file (sumRows). A streamed part
// is held in memory (it is small without its body rows) until the next
// part starts and the parts before it are written; its rows are then
// copied from the file right before its </sheetData>.
type sumZip struct {
	excelize.ZipWriter
	order []string
	rows  *sumRows
	next  int
	held  map[string]*bytes.Buffer
}

// Create starts a part, holding a streamed sheet.
func (z *sumZip) Create(name string) (io.Writer, error) {
	if err := z.release(); err != nil {
		return nil, err
	}
	if slices.Contains(z.order, name) {
		if z.held == nil {
			z.held = map[string]*bytes.Buffer{}
		}
		buf := new(bytes.Buffer)
		z.held[name] = buf
		return buf, nil
	}
	return z.ZipWriter.Create(name)
}

// release writes the held parts that are next in order.
func (z *sumZip) release() error {
	for z.next < len(z.order) {
		buf, ok := z.held[z.order[z.next]]
		if !ok {
			return nil
		}
		delete(z.held, z.order[z.next])
		err := z.writePart(z.order[z.next], buf.Bytes())
		z.next++
		if err != nil {
			return err
		}
	}
	return nil
}

// sumSheetDataEnd ends the rows of a streamed sheet. It cannot occur
// earlier in the part: text in cells has its < escaped.
var sumSheetDataEnd = []byte("</sheetData>")

// writePart writes a streamed sheet: what excelize wrote, with the body
// rows spliced in before </sheetData>.
func (z *sumZip) writePart(name string, part []byte) error {
	rows, err := z.rows.section(name)
	if err != nil {
		return err
	}
	cut := len(part)
	if rows != nil {
		// The stream writer always writes <sheetData> and </sheetData>,
		// never <sheetData/>.
		if cut = bytes.Index(part, sumSheetDataEnd); cut < 0 {
			return fmt.Errorf("%s: no %s to put the rows before", name, sumSheetDataEnd)
		}
	}
	w, err := z.ZipWriter.Create(name)
	if err != nil {
		return err
	}
	if _, err := w.Write(part[:cut]); err != nil {
		return err
	}
	if rows != nil {
		if _, err := io.Copy(w, rows); err != nil {
			return err
		}
	}
	_, err = w.Write(part[cut:])
	return err
}

// AddFS writes the held parts first, to keep the order of parts.
func (z *sumZip) AddFS(fsys fs.FS) error {
	if err := z.release(); err != nil {
		return err
	}
	return z.ZipWriter.AddFS(fsys)
}

// Close writes whatever is still held and closes the archive.
func (z *sumZip) Close() error {
	err := z.release()
	for _, name := range z.order {
		if buf, ok := z.held[name]; ok && err == nil {
			delete(z.held, name)
			err = z.writePart(name, buf.Bytes())
		}
	}
	if cerr := z.ZipWriter.Close(); err == nil {
		err = cerr
	}
	return err
}
