package workbook

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook/cover"
)

var factorIDPattern = regexp.MustCompile(`(?i)^sov-?\s*(\d+)\.(\d+)$`)

// reader holds the state of reading one workbook.
type reader struct {
	f    *excelize.File
	fw   *scoring.Framework
	opts ReadOptions
	a    *scoring.Assessment
	// parts maps sheet names to their parts, for the scan.
	parts map[string]string
	// fatal is set when a problem makes the whole workbook unreadable
	// (a damaged shared strings part), to stop reading at once.
	fatal *FileError
	// layouts of the objective sheets read, for Book.
	layouts map[string]*sheetLayout
	// damaged: see Book.Damaged.
	damaged bool
}

func readFile(f *excelize.File, name string, fw *scoring.Framework, opts ReadOptions) (*Book, error) {
	r := &reader{f: f, fw: fw, opts: opts, a: &scoring.Assessment{File: name,
		// Results stay in memory for the whole run: no spare capacity.
		Factors: make([]scoring.FactorEntry, 0, len(fw.Factors()))}, parts: map[string]string{},
		layouts: map[string]*sheetLayout{}}
	for _, p := range sheetParts(f) {
		r.parts[p.name] = p.path
	}
	sheets := f.GetSheetList()
	objSheets := r.objectiveSheets(sheets)
	if len(objSheets) == 0 {
		return nil, &FileError{Code: scoring.CodeFileUnreadable,
			Message: "the workbook has no objective sheets (SOV-1 .. SOV-8): it is not a sovscore assessment; start from 'sovscore template'"}
	}
	r.readCover(sheets)
	usable := map[string]bool{}
	for _, o := range fw.Objectives {
		if r.fatal != nil {
			return nil, r.fatal
		}
		sheet, ok := objSheets[o.ID]
		if !ok {
			r.issue(scoring.Error, scoring.CodeSheetMissing, o.ID, "", "",
				fmt.Sprintf("the sheet %s (%s) is missing: its %d factors are unanswered; restore it from a fresh template", o.ID, o.Name, len(o.Factors)))
			continue
		}
		if twin := caseTwin(sheets, sheet); twin != "" {
			// excelize finds sheets ignoring case, so which of the two
			// would be read is left to chance.
			r.issue(scoring.Error, scoring.CodeSheetDuplicate, sheet, "", "",
				fmt.Sprintf("the sheets %q and %q differ only in case, which Excel does not allow; neither can be read reliably, so %s is not read and its %d factors are unanswered: rename or delete one", sheet, twin, o.ID, len(o.Factors)))
			continue
		}
		if r.readObjectiveSheet(sheet, o) {
			usable[o.ID] = true
		}
	}
	if r.fatal != nil {
		return nil, r.fatal
	}
	for _, o := range fw.Objectives {
		if !usable[o.ID] {
			continue
		}
		for _, fc := range o.Factors {
			if _, ok := r.a.Entry(fc.ID); !ok {
				r.issue(scoring.Error, scoring.CodeFactorMissing, objSheets[o.ID], "", fc.ID,
					fmt.Sprintf("no row for %s (%s): add a row with %s in the ID column, or restore the sheet from a fresh template", fc.ID, fc.Name, fc.ID))
			}
		}
	}
	return &Book{File: f, Assessment: r.a, layouts: r.layouts, damaged: r.damaged}, nil
}

// caseTwin returns another sheet whose name equals sheet's but for case.
func caseTwin(sheets []string, sheet string) string {
	for _, s := range sheets {
		if s != sheet && strings.EqualFold(s, sheet) {
			return s
		}
	}
	return ""
}

// rowError handles an error of Rows.Columns. An error while the shared
// strings are still unloaded comes from loading them (excelize loads them
// on the first Columns call and keeps nil on failure): every text cell of
// the workbook is then lost, so the whole file is refused. It returns true
// when reading must stop.
func (r *reader) rowError(err error) bool {
	if sharedStringCount(r.f) >= 0 {
		return false
	}
	why := "the file is damaged"
	if strings.Contains(err.Error(), "entity") {
		why = "the file was crafted (Excel never writes entities of its own)"
	}
	r.fatal = &FileError{Code: scoring.CodeFileUnreadable, Err: err,
		Message: fmt.Sprintf("the shared strings part of the workbook (xl/sharedStrings.xml, which holds the text of every cell) cannot be read: %v; %s: save it again from Excel or LibreOffice", err, why)}
	return true
}

func (r *reader) issue(sev scoring.Severity, code, sheet, cell, factor, msg string) {
	r.a.Issues = append(r.a.Issues, scoring.Issue{Severity: sev, Code: code, Sheet: sheet, Cell: cell, Factor: factor, Message: msg})
}

// objectiveSheets maps objective IDs to sheet names. Names match exactly,
// ignoring case and surrounding space; a sheet renamed with a suffix
// ("SOV-1 Strategic") is still used, with a warning, rather than dropping
// its answers.
func (r *reader) objectiveSheets(sheets []string) map[string]string {
	out := map[string]string{}
	for _, o := range r.fw.Objectives {
		var exact, prefixed []string
		for _, s := range sheets {
			n := strings.ToUpper(strings.TrimSpace(s))
			switch {
			case n == o.ID:
				exact = append(exact, s)
			case strings.HasPrefix(n, o.ID) && !isDigit(n[len(o.ID):]):
				prefixed = append(prefixed, s)
			}
		}
		cands := exact
		if len(cands) == 0 && len(prefixed) == 1 {
			r.issue(scoring.Warning, scoring.CodeSheetMissing, prefixed[0], "", "",
				fmt.Sprintf("the sheet for %s is named %q instead of %q; it was read, but rename it so other tools find it", o.ID, prefixed[0], o.ID))
		}
		cands = append(cands, prefixed...)
		if len(cands) == 0 {
			continue
		}
		out[o.ID] = cands[0]
		// A second sheet for the same objective (often Excel's "SOV-5 (2)"
		// copy) may hold answers; say so rather than ignore it silently.
		for _, dup := range cands[1:] {
			r.issue(scoring.Error, scoring.CodeSheetDuplicate, dup, "", "",
				fmt.Sprintf("sheets %q and %q both claim %s; only %q was read: delete the other or merge its answers into %q", cands[0], dup, o.ID, cands[0], cands[0]))
		}
	}
	return out
}

func isDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func (r *reader) readCover(sheets []string) {
	p := &r.a.Provider
	var sheet string
	for _, s := range sheets {
		if strings.EqualFold(strings.TrimSpace(s), CoverSheet) {
			sheet = s
			break
		}
	}
	if sheet == "" {
		r.issue(scoring.Error, scoring.CodeSheetMissing, CoverSheet, "", "",
			"the Cover sheet is missing: the provider name and assessment details are read from it; restore it from a fresh template")
		p.Name.Loc = scoring.Location{Sheet: CoverSheet}
		return
	}
	set := map[*scoring.Field]bool{}
	lastRow := 0
	rows, err := r.f.Rows(sheet)
	if err != nil {
		r.issue(scoring.Error, scoring.CodeSheetMissing, sheet, "", "", "the Cover sheet cannot be read ("+err.Error()+"): the file is damaged; restore the sheet from a fresh template")
		p.Name.Loc = scoring.Location{Sheet: sheet}
		return
	}
	defer rows.Close()
	for row := 1; rows.Next() && row <= coverSearchRows; row++ {
		cols, err := rows.Columns()
		if errors.Is(err, excelize.ErrMaxRows) {
			err = nil // about the next row, as in readObjectiveSheet
		}
		if err != nil {
			if r.rowError(err) {
				return
			}
			r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, fmt.Sprintf("A%d", row), "", fmt.Sprintf("row %d cannot be read (%v); retype it", row, err))
			continue
		}
		lastRow = row
		for c := 0; c < len(cols); c++ {
			fld := cover.Field(p, strings.TrimRight(scoring.Normalize(cols[c]), ": "))
			if fld == nil || set[fld] {
				continue
			}
			set[fld] = true
			// The value, and so the location problems are reported at,
			// is the cell right of the label.
			fld.Loc = scoring.Location{Sheet: sheet, Cell: cellName(c+2, row)}
			if c+1 < len(cols) {
				fld.Text = strings.Clone(cols[c+1])
			}
			break
		}
	}
	if err := rows.Error(); err != nil {
		r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, "", "", "the Cover sheet cannot be read to the end: "+rowsErrorText(err))
	}
	if r.fatal == nil {
		var want map[string]bool
		if set[&p.Date] {
			want = map[string]bool{p.Date.Loc.Cell: true}
		}
		sc := r.scan(sheet, lastRow, want)
		r.reportScan(sheet, sc, nil)
		if set[&p.Date] {
			if iso, ok := r.excelDate(sc.cells[p.Date.Loc.Cell]); ok {
				p.Date.Text = iso
			}
		}
	}
	if !set[&p.Name] {
		p.Name.Loc = scoring.Location{Sheet: sheet}
	}
}

// columns of an objective sheet, by header.
type columns struct {
	id, answer, confidence, justification, sources int
}

// readObjectiveSheet reads the factor rows of one sheet. It returns false
// when the sheet cannot be used at all (no header row), in which case the
// sheet-level problem stands for every factor on it.
func (r *reader) readObjectiveSheet(sheet string, o *scoring.Objective) bool {
	rows, err := r.f.Rows(sheet)
	if err != nil {
		if errors.As(err, new(excelize.ErrSheetNotExist)) {
			r.issue(scoring.Error, scoring.CodeSheetMissing, sheet, "", "",
				fmt.Sprintf("sheet %s is listed in the workbook but its part is missing (the file is damaged): its %d factors are unanswered; restore the sheet from a fresh template", sheet, len(o.Factors)))
			return false
		}
		r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, "", "", "the sheet cannot be read: "+err.Error())
		return false
	}
	defer rows.Close()

	var cols *columns
	var layout *sheetLayout
	headerRow, content, lastRow, bad := 0, 0, 0, 0
	var entries []int // indexes in r.a.Factors of this sheet's factor rows
	for row := 1; rows.Next(); row++ {
		if row > excelize.TotalRows {
			r.damaged = true
			r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, "", "",
				fmt.Sprintf("sheet %s has more than %d rows, the most Excel allows: the file is damaged or was crafted; rows past %d were not read", sheet, excelize.TotalRows, excelize.TotalRows))
			break
		}
		lastRow = row
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if errors.Is(err, excelize.ErrMaxRows) {
			// The error is about the next row: this one was read whole.
			// Next stops, and rows.Error reports it.
			err = nil
		}
		if err != nil && r.rowError(err) {
			return false
		}
		if err == nil && len(cells) == 0 {
			continue
		}
		// Unreadable rows count too, or a sheet of them would be read to
		// its end.
		content++
		if content > r.opts.MaxRows {
			r.damaged = true
			lastRow = row - 1
			r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, fmt.Sprintf("A%d", row), "",
				fmt.Sprintf("sheet %s has more than %d non-empty rows; rows from %d on were not read (delete stray content below the factors, or raise --max-rows)", sheet, r.opts.MaxRows, row))
			break
		}
		if err != nil {
			if bad++; bad <= maxCellsReported {
				r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, fmt.Sprintf("A%d", row), "",
					fmt.Sprintf("row %d cannot be read (%v); any answer on it is lost: retype the row", row, err))
			}
			continue
		}
		if cols == nil {
			if row > headerSearchRows {
				break
			}
			cols = r.headerColumns(sheet, row, cells)
			if cols != nil {
				headerRow = row
				layout = &sheetLayout{headerRow: row, header: cloneStrings(cells)}
				r.layouts[sheet] = layout
			}
			continue
		}
		if last := annLastUsed(cells); last > 0 {
			layout.extents = append(layout.extents, [2]int{row, last})
		}
		if r.factorRow(sheet, o, row, cells, cols) {
			entries = append(entries, len(r.a.Factors)-1)
		}
	}
	if bad > maxCellsReported {
		r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, "", "",
			fmt.Sprintf("and %d more rows of sheet %s cannot be read", bad-maxCellsReported, sheet))
	}
	if bad > 0 || rows.Error() != nil {
		// The layout misses rows: the annotator scans the sheet itself.
		delete(r.layouts, sheet)
	}
	if err := rows.Error(); err != nil {
		r.damaged = true
		r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, fmt.Sprintf("A%d", lastRow+1), "",
			fmt.Sprintf("sheet %s cannot be read past row %d (%s); answers below it are lost", sheet, lastRow, rowsErrorText(err)))
	}
	r.applyScan(sheet, lastRow, entries)
	if cols == nil {
		if headerRow == 0 && !r.reportedColumns(sheet) {
			r.issue(scoring.Error, scoring.CodeColumnMissing, sheet, "", "",
				fmt.Sprintf("no header row with %q and %q columns in the first %d rows: the factors of %s cannot be read; restore the header row from a fresh template",
					HeaderID, HeaderAnswer, headerSearchRows, o.ID))
		}
		return false
	}
	return true
}

// rowsErrorText explains an error of the Rows iterator.
func rowsErrorText(err error) string {
	if errors.Is(err, excelize.ErrMaxRows) {
		return fmt.Sprintf("a row is numbered beyond %d, the most Excel allows: the file is damaged or was crafted", excelize.TotalRows)
	}
	return err.Error()
}

// applyScan completes the entries read from a sheet with what only its XML
// tells (formulas, cell types, merged ranges) and reports damaged cells.
func (r *reader) applyScan(sheet string, lastRow int, entries []int) {
	want := map[string]bool{}
	factorAt := map[int]string{}
	for _, i := range entries {
		e := &r.a.Factors[i]
		for _, c := range []scoring.EntryCell{e.Answer, e.Confidence, e.Justification, e.Sources} {
			if c.Col != 0 {
				want[e.Loc(c).Cell] = true
			}
		}
		factorAt[int(e.Answer.Row)] = e.ID // the row of every cell of the entry
	}
	sc := r.scan(sheet, lastRow, want)
	r.reportScan(sheet, sc, factorAt)
	for _, i := range entries {
		e := &r.a.Factors[i]
		if e.Answer.Col == 0 {
			continue
		}
		cell := e.Loc(e.Answer).Cell
		c, ok := sc.cells[cell]
		if !ok {
			continue
		}
		e.Answer.Formula = c.formula
		if e.Answer.Text == c.value {
			e.Answer.Text = cellText(c)
		}
		if rng := sc.merged[cell]; rng != "" && scoring.Normalize(e.Answer.Text) == "" {
			r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, cell, e.ID,
				fmt.Sprintf("%s is inside the merged range %s, so it reads as empty; unmerge the cells and type the answer in %s",
					cell, rng, cell))
		}
	}
	for _, i := range entries {
		r.reportHidden(sheet, &r.a.Factors[i], sc.merged)
	}
}

// reportHidden reports the non-empty answer, confidence, justification and
// sources cells of a factor that a merged range covers: Excel and
// LibreOffice show only a merged range's top-left cell, so the assessor
// cannot see what is scored.
func (r *reader) reportHidden(sheet string, e *scoring.FactorEntry, merged map[string]string) {
	for _, h := range []struct {
		fld  scoring.EntryCell
		what string
		sev  scoring.Severity
	}{{e.Answer, "an answer", scoring.Error}, {e.Confidence, "a confidence", scoring.Warning},
		{e.Justification, "a justification", scoring.Warning}, {e.Sources, "sources", scoring.Warning}} {
		if h.fld.Col == 0 {
			continue
		}
		cell := e.Loc(h.fld).Cell
		rng := merged[cell]
		if rng == "" || scoring.Normalize(h.fld.Text) == "" {
			continue
		}
		top, _, _ := strings.Cut(rng, ":")
		r.issue(h.sev, scoring.CodeCellHidden, sheet, cell, e.ID,
			fmt.Sprintf("%s holds %s (%q) but is covered by the merged range %s, so Excel and LibreOffice show only %s and hide it; it is scored all the same: unmerge %s and check the value of %s",
				cell, h.what, scoring.Clip(scoring.Normalize(h.fld.Text), 40), rng, top, rng, cell))
	}
}

// cellText is the text of a cell as an assessor means it: a number as
// Excel shows it in General format ("4", never "4.0" or
// "3.9999999999999996"), a boolean as TRUE or FALSE rather than 1 or 0.
func cellText(c cellFacts) string {
	switch c.typ {
	case "", "n":
		return cleanNumber(c.value)
	case "b":
		switch strings.TrimSpace(c.value) {
		case "1":
			return "TRUE"
		case "0":
			return "FALSE"
		}
	}
	return c.value
}

// cleanNumber rounds a stored number to the 15 significant digits Excel
// shows; other text is returned unchanged.
func cleanNumber(v string) string {
	x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return v
	}
	x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
	return strconv.FormatFloat(x, 'f', -1, 64)
}

func (r *reader) reportedColumns(sheet string) bool {
	for _, i := range r.a.Issues {
		if i.Sheet == sheet && i.Code == scoring.CodeColumnMissing {
			return true
		}
	}
	return false
}

// headerColumns recognises the header row: it has an ID and an Answer
// header. Missing optional-but-expected columns are reported; the sheet is
// still read so that no answer is lost.
func (r *reader) headerColumns(sheet string, row int, cells []string) *columns {
	idx := map[string]int{}
	for c, v := range cells {
		k := strings.ToLower(scoring.Normalize(v))
		if k == "" {
			continue
		}
		if _, dup := idx[k]; !dup {
			idx[k] = c
		}
	}
	id, okID := idx[strings.ToLower(HeaderID)]
	ans, okAns := idx[strings.ToLower(HeaderAnswer)]
	if !okID || !okAns {
		if okID || okAns {
			missing := HeaderAnswer
			if okAns {
				missing = HeaderID
			}
			r.issue(scoring.Error, scoring.CodeColumnMissing, sheet, cellName(1, row), "",
				fmt.Sprintf("the header row has no %q column, so no factor on this sheet can be read; restore the header %q", missing, missing))
		}
		return nil
	}
	cols := &columns{id: id, answer: ans, confidence: -1, justification: -1, sources: -1}
	for _, h := range []struct {
		name string
		dst  *int
	}{{HeaderConfidence, &cols.confidence}, {HeaderJustification, &cols.justification}, {HeaderSources, &cols.sources}} {
		if c, ok := idx[strings.ToLower(h.name)]; ok {
			*h.dst = c
		} else {
			r.issue(scoring.Error, scoring.CodeColumnMissing, sheet, cellName(1, row), "",
				fmt.Sprintf("the header row has no %q column; add it back (any position) so %s can be read", h.name, strings.ToLower(h.name)))
		}
	}
	return cols
}

// factorRow reads one row after the header. Rows without an ID are skipped
// unless they carry an answer, which is reported rather than dropped.
func (r *reader) factorRow(sheet string, o *scoring.Objective, row int, cells []string, c *columns) bool {
	get := func(col int) string {
		if col < 0 || col >= len(cells) {
			return ""
		}
		return cells[col]
	}
	// A result is kept for the whole run, so it holds its own text and
	// nothing more: excelize builds cell strings in buffers with spare
	// capacity (clone them), and most answers and confidences are one of
	// a few texts the program already holds (share those).
	field := func(col int, intern func(string) (string, bool)) scoring.EntryCell {
		if col < 0 {
			return scoring.EntryCell{Row: int32(row)} // no such column: the sheet alone
		}
		text := get(col)
		if t, ok := intern(text); ok {
			text = t
		} else {
			text = strings.Clone(text)
		}
		return scoring.EntryCell{Text: text, Row: int32(row), Col: int16(col + 1)}
	}
	own := func(string) (string, bool) { return "", false }
	rawID := scoring.Normalize(get(c.id))
	idCell := cellName(c.id+1, row)
	if rawID == "" {
		if scoring.Normalize(get(c.answer)) != "" {
			r.issue(scoring.Error, scoring.CodeFactorUnknown, sheet, cellName(c.answer+1, row), "",
				fmt.Sprintf("row %d has an answer but no factor ID in %s: the answer is not scored; put the factor ID back", row, idCell))
		}
		return false
	}
	m := factorIDPattern.FindStringSubmatch(rawID)
	if m == nil {
		return false // a note, a sub-heading: not a factor row
	}
	id := fmt.Sprintf("SOV-%s.%s", strings.TrimLeft(m[1], "0"), strings.TrimLeft(m[2], "0"))
	fc, ok := r.fw.Factor(id)
	if !ok {
		r.issue(scoring.Error, scoring.CodeFactorUnknown, sheet, idCell, "",
			fmt.Sprintf("%q is not a factor of framework %s; this row is not scored: correct the ID", scoring.Clip(rawID, maxFactorIDRunesSeen), r.fw.Version))
		return false
	}
	if prev, dup := r.a.Entry(id); dup {
		r.issue(scoring.Error, scoring.CodeFactorDuplicate, sheet, idCell, id,
			fmt.Sprintf("%s appears twice (first at %s!%s); only the first row is scored: delete one of them", id, prev.Row.Sheet, prev.Row.Cell))
		return false
	}
	if fc.Objective.ID != o.ID {
		r.issue(scoring.Warning, scoring.CodeFactorMisplaced, sheet, idCell, id,
			fmt.Sprintf("%s belongs to %s but is on sheet %s; it was scored, but move it to its sheet", id, fc.Objective.ID, sheet))
	}
	e := scoring.FactorEntry{
		ID:            fc.ID,
		Row:           scoring.Location{Sheet: sheet, Cell: idCell},
		Answer:        field(c.answer, fc.Intern),
		Confidence:    field(c.confidence, internConfidence),
		Justification: field(c.justification, own),
		Sources:       field(c.sources, own),
	}
	r.a.Factors = append(r.a.Factors, e)
	return true
}

// sheetLayout is the header row of an objective sheet and how far its
// later rows reach to the right: where the annotator may add columns.
type sheetLayout struct {
	headerRow int
	header    []string
	// extents holds, for each non-empty row after the header, its number
	// and last used column (1-based), in row order.
	extents [][2]int
}

// lastColumn is the last used column of the header row and of the rows
// after it up to maxRow.
func (l *sheetLayout) lastColumn(maxRow int) int {
	last := annLastUsed(l.header)
	for _, e := range l.extents {
		if e[0] > maxRow {
			break
		}
		last = max(last, e[1])
	}
	return last
}

// internConfidence shares the three confidence words as most cells hold
// them.
func internConfidence(s string) (string, bool) {
	switch s {
	case "high":
		return "high", true
	case "medium":
		return "medium", true
	case "low":
		return "low", true
	}
	return "", false
}

// cellName is the name of a cell from its column and row numbers, and a
// readable stand-in for coordinates outside a sheet.
func cellName(col, row int) string {
	if col < 1 || col > excelize.MaxColumns || row < 1 || row > excelize.TotalRows {
		return fmt.Sprintf("R%dC%d", row, col)
	}
	return scoring.CellName(col, row)
}

// cloneStrings copies strings out of excelize's row buffers, which are
// reused and have spare capacity.
func cloneStrings(l []string) []string {
	out := make([]string, len(l))
	for i, v := range l {
		out[i] = strings.Clone(v)
	}
	return out
}
