package workbook

import (
	"fmt"
	"io"
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
	RobustnessSheet = "Robustness"
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
	// sumFitWidth is the widest table (in column width units) printed one
	// page wide: wider ones, shrunk to fit, would print too small to read,
	// and print several pages wide with their first columns repeated.
	sumFitWidth = 300
)

// WriteSummary writes the summary workbook of a scoring run to w: a
// Ranking sheet (eligible providers by rank, then the others with the
// reasons they are not eligible, each objective's outcome and the
// evidence behind the answers), a SEAL matrix (providers x objectives,
// coloured by level; provisional SEALs marked "*"), the Points of every
// factor and objective, every Problem of every workbook, and the
// Robustness of the ranking (see scoring.Assess). Each sheet is one table with an autofilter and
// frozen headers, ready to sort and filter.
//
// Providers are listed in scoring.DisplayOrder, with the ranks the results
// carry (scoring.Rank them first); results are not changed. Text from the
// workbooks (provider names, messages) is always stored as strings, never
// as formulas. Every sheet is written with excelize's stream writer, and
// the same results and options give byte-identical output. On error, w may
// have received part of a workbook.
func WriteSummary(w io.Writer, results []*scoring.Result, opts SummaryOptions) (err error) {
	f := excelize.NewFile()
	s := &summary{f: f, opts: opts, order: sumOrder(results), prof: scoring.ProfileOf(scoring.Summaries(results))}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("summary: %w", cerr)
		}
	}()
	if s.opts.ProfileName == "" && s.prof != nil {
		s.opts.ProfileName = s.prof.Name
	}
	if err := s.build(); err != nil {
		return fmt.Errorf("summary: %w", err)
	}
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return newOrderedZip(w, s.streamed) })
	if err := f.Write(w); err != nil {
		return fmt.Errorf("summary: write: %w", err)
	}
	return nil
}

// summary carries the state of one summary workbook.
type summary struct {
	f     *excelize.File
	opts  SummaryOptions
	order []*scoring.Result
	// prof is the profile the results were scored under, nil when none.
	prof *scoring.Profile
	st   annStyles
	// streamed lists the parts of the streamed sheets, in sheet order.
	streamed []string
	// cells and vals are the row being written (values).
	cells []excelize.Cell
	vals  []any
	// Table styles; only the reasons of the Ranking wrap, so that large
	// tables keep one line per row.
	text, textWrap, textCenter, number, integer, nameHeader int
}

// sumOrder lists the results in scoring.DisplayOrder. Nil results are
// skipped.
func sumOrder(results []*scoring.Result) []*scoring.Result {
	byRef := make(map[*scoring.Summary]*scoring.Result, len(results))
	for _, r := range results {
		if r != nil {
			byRef[&r.Summary] = r
		}
	}
	sums := scoring.DisplayOrder(scoring.Summaries(results))
	out := make([]*scoring.Result, len(sums))
	for i, sm := range sums {
		out[i] = byRef[sm]
	}
	return out
}

func (s *summary) build() error {
	f := s.f
	if err := f.SetSheetName("Sheet1", RankingSheet); err != nil {
		return err
	}
	for _, name := range []string{SEALMatrixSheet, PointsSheet, ProblemsSheet, RobustnessSheet} {
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
		{RobustnessSheet, s.robustness},
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
	return setDocProps(f, props, s.opts.Created)
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
	return madeBy(fmt.Sprintf("%s: %d assessment(s)", what, len(s.order)), s.opts.ProfileName, s.opts.ToolVersion, s.opts.Created)
}

// madeBy ends a sheet title with how the sheet was made: "..., profile
// eucsf-1.2.1, sovscore 0.1.0, 2026-06-15" (each part when known; "not
// dated" when no input and no option gave a date).
func madeBy(what, profile, toolVersion string, created time.Time) string {
	t := what
	if profile != "" {
		t += ", profile " + profile
	}
	t += ", sovscore"
	if toolVersion != "" {
		t += " " + toolVersion
	}
	if created.IsZero() {
		t += ", not dated"
	} else {
		t += ", " + created.UTC().Format("2006-01-02")
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
	sw, err := s.stream(sheet, widths, sumHeaderRow, len(heads), last, freezeCols, annSum(widths) <= sumFitWidth)
	if err != nil {
		return err
	}
	if err := sw.SetRow(tplCell(1, sumTitleRow), s.values([]sumCell{{title, s.st.heading}})); err != nil {
		return err
	}
	hs := make([]sumCell, len(heads))
	for i, h := range heads {
		hs[i] = sumCell{h, s.st.header}
	}
	if err := sw.SetRow(tplCell(1, sumHeaderRow), s.values(hs), sumRowHeight(rowLines(heads, widths))...); err != nil {
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
		if err := sw.SetRow(tplCell(1, sumFirstRow+i), s.values(cells), sumRowHeight(lines)...); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// sumRowHeight gives a stream writer row the height of lines of wrapped
// text; one line keeps the default height.
func sumRowHeight(lines int) []excelize.RowOpts {
	if lines <= 1 {
		return nil
	}
	return []excelize.RowOpts{{Height: linesHeight(lines)}}
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

// sumRank is a Rank cell's value: none for an unranked provider.
func sumRank(rank int) any {
	if rank > 0 {
		return rank
	}
	return nil
}

// sumEligible is an Eligible cell: "yes" in green, "no" in red.
func sumEligible(st *annStyles, eligible bool) sumCell {
	if eligible {
		return sumCell{"yes", st.good}
	}
	return sumCell{"no", st.bad}
}

// framework returns the results' framework, the embedded one if none has.
func (s *summary) framework() *scoring.Framework {
	for _, r := range s.order {
		if r.Framework != nil {
			return r.Framework
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
		r := s.order[i]
		row = append(row[:0], sumCell{r.ProviderName(), s.text})
		for _, o := range fw.Objectives {
			level, provisional := -1, false
			if or, ok := r.Objective(o.ID); ok {
				// An incomplete objective's SEAL is provisional, as in
				// every report: marked "*".
				level, provisional = or.SEAL, !or.Complete
			}
			row = append(row, sumCell{scoring.SEALLabel(level, provisional), s.st.sealStyle(level)})
		}
		return append(row, sumCell{scoring.SEALLabel(r.SEAL, r.Provisional), s.st.sealStyle(r.SEAL)},
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

// values turns table cells into stream writer values. Strings become
// inline strings, never formulas; excelize escapes them. A nil value is
// written as an empty cell that keeps its style. The values are reused
// from row to row: SetRow is done with them when it returns.
func (s *summary) values(cells []sumCell) []any {
	s.cells, s.vals = s.cells[:0], s.vals[:0]
	for _, c := range cells {
		s.cells = append(s.cells, excelize.Cell{StyleID: c.style, Value: c.v})
	}
	for i := range s.cells {
		s.vals = append(s.vals, &s.cells[i])
	}
	return s.vals
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
	if err := sw.SetRow(tplCell(1, sumTitleRow), s.values([]sumCell{{s.title("Points per factor"), s.st.heading}})); err != nil {
		return err
	}
	if err := sw.SetRow(tplCell(1, sumHeaderRow), s.values(names), excelize.RowOpts{Height: sumNamesHeight}); err != nil {
		return err
	}
	if err := sw.SetRow(tplCell(1, headerRow), s.values(ids)); err != nil {
		return err
	}
	row := make([]sumCell, len(ids))
	for i, r := range s.order {
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
		if err := sw.SetRow(tplCell(1, headerRow+1+i), s.values(row)); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func (s *summary) problems() error {
	heads := []string{"File", "Provider", "Sheet", "Cell", "Severity", "Code", "Message"}
	widths := []float64{32, 30, 12, 8, 10, 22, 100}
	n := 0
	for _, r := range s.order {
		n += len(r.Issues)
	}
	sw, err := s.stream(ProblemsSheet, widths, sumHeaderRow, len(heads), sumHeaderRow+n, 1, true)
	if err != nil {
		return err
	}
	title := s.title("Problems")
	if err := sw.SetRow(tplCell(1, sumTitleRow), s.values([]sumCell{{title, s.st.heading}})); err != nil {
		return err
	}
	hs := make([]sumCell, len(heads))
	for i, h := range heads {
		hs[i] = sumCell{h, s.st.header}
	}
	if err := sw.SetRow(tplCell(1, sumHeaderRow), s.values(hs)); err != nil {
		return err
	}
	row := sumFirstRow
	cells := make([]sumCell, 0, len(heads))
	for _, r := range s.order {
		name := r.ProviderName()
		for _, is := range r.Issues {
			sev := sumCell{"warning", s.st.warn}
			if is.Severity == scoring.Error {
				sev = sumCell{"error", s.st.bad}
			}
			cells = append(cells[:0], sumCell{r.File, s.text}, sumCell{name, s.text}, sumCell{is.Sheet, s.text},
				sumCell{is.Cell, s.text}, sev, sumCell{is.Code, s.text}, sumCell{is.Message, s.text})
			if err := sw.SetRow(tplCell(1, row), s.values(cells)); err != nil {
				return err
			}
			row++
		}
	}
	if n == 0 {
		if err := sw.SetRow(tplCell(1, row), s.values([]sumCell{{"", s.text}, {"No problem found.", s.text}})); err != nil {
			return err
		}
	}
	return sw.Flush()
}
