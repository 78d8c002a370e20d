package workbook

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// Limits that keep a hostile or broken workbook from exhausting a laptop.
// The defaults are far above what a real assessment needs.
const (
	DefaultMaxFileSize   = 64 << 20  // bytes on disk
	DefaultMaxUnzipSize  = 256 << 20 // bytes once decompressed, all parts
	DefaultMaxXMLSize    = 64 << 20  // bytes of one decompressed worksheet kept in memory
	DefaultMaxRows       = 10000     // non-empty rows read per sheet
	headerSearchRows     = 50        // the header row must be within the first rows
	coverSearchRows      = 200
	maxFactorIDRunesSeen = 40
)

// ReadOptions configures Read. The zero value uses the defaults.
type ReadOptions struct {
	MaxFileSize  int64
	MaxUnzipSize int64
	MaxXMLSize   int64
	MaxRows      int
	// Password opens an encrypted workbook.
	Password string
}

func (o ReadOptions) withDefaults() ReadOptions {
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = DefaultMaxFileSize
	}
	if o.MaxUnzipSize <= 0 {
		o.MaxUnzipSize = DefaultMaxUnzipSize
	}
	if o.MaxXMLSize <= 0 || o.MaxXMLSize > o.MaxUnzipSize {
		o.MaxXMLSize = min(int64(DefaultMaxXMLSize), o.MaxUnzipSize)
	}
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	return o
}

// FileError is a problem with a whole input file: it cannot be read as an
// assessment workbook at all. Read returns it wrapped with the path.
type FileError struct {
	// Code is a stable problem code (scoring.CodeFileUnreadable).
	Code string
	// Message says what is wrong and what to do.
	Message string
	Err     error
}

func (e *FileError) Error() string { return e.Message }
func (e *FileError) Unwrap() error { return e.Err }

// ErrNotWorkbook is matched (errors.Is) by every FileError.
var ErrNotWorkbook = errors.New("not a readable xlsx workbook")

// Is makes every FileError match ErrNotWorkbook.
func (e *FileError) Is(target error) bool { return target == ErrNotWorkbook }

// Book is an open assessment workbook and what was read from it. The
// annotator works on the same open file, so a workbook is parsed once.
type Book struct {
	File       *excelize.File
	Assessment *scoring.Assessment
}

// Close releases the workbook (excelize keeps large parts in temporary files).
func (b *Book) Close() error {
	if b == nil || b.File == nil {
		return nil
	}
	return b.File.Close()
}

// Open reads the assessment workbook at path and keeps it open for
// annotation; the caller must Close it. The file is opened read-only and
// read once into memory (bounded by MaxFileSize), so the digest and the
// content always describe the same bytes.
//
// A file that is not a usable workbook gives an error wrapping a *FileError.
// Problems inside a readable workbook (missing sheets, columns or rows,
// unknown factor IDs) are returned as Assessment.Issues, never as an error.
func Open(path string, fw *scoring.Framework, opts ReadOptions) (*Book, error) {
	opts = opts.withDefaults()
	data, err := readBounded(path, opts.MaxFileSize)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	b, err := OpenBytes(data, path, fw, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sum := sha256.Sum256(data)
	b.Assessment.SHA256 = hex.EncodeToString(sum[:])
	return b, nil
}

// Read is Open followed by Close, for callers that only need the assessment.
func Read(path string, fw *scoring.Framework, opts ReadOptions) (*scoring.Assessment, error) {
	b, err := Open(path, fw, opts)
	if err != nil {
		return nil, err
	}
	return b.Assessment, b.Close()
}

// FileDigest returns the hex SHA-256 of a file, for inputs Read refused.
func FileDigest(path string, max int64) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(f, max)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func readBounded(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{Code: scoring.CodeFileUnreadable, Message: "cannot open the file: " + unwrapPathError(err), Err: err}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &FileError{Code: scoring.CodeFileUnreadable, Message: "cannot read the file: " + unwrapPathError(err), Err: err}
	}
	if st.IsDir() {
		return nil, &FileError{Code: scoring.CodeFileUnreadable, Message: "is a directory, not a workbook"}
	}
	if st.Size() > max {
		return nil, &FileError{Code: scoring.CodeFileUnreadable,
			Message: fmt.Sprintf("the file is %d MiB, over the %d MiB limit for one workbook (raise --max-file-size if it is genuine)", st.Size()>>20, max>>20)}
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, &FileError{Code: scoring.CodeFileUnreadable, Message: "cannot read the file: " + unwrapPathError(err), Err: err}
	}
	if int64(len(data)) > max {
		return nil, &FileError{Code: scoring.CodeFileUnreadable, Message: fmt.Sprintf("the file grew over the %d MiB limit while being read", max>>20)}
	}
	return data, nil
}

func unwrapPathError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// OpenBytes reads an assessment from the bytes of an xlsx file; name is
// used in messages and as Assessment.File. It does not set SHA256.
func OpenBytes(data []byte, name string, fw *scoring.Framework, opts ReadOptions) (*Book, error) {
	opts = opts.withDefaults()
	if fe := sniff(data, opts.Password != ""); fe != nil {
		return nil, fe
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		Password:          opts.Password,
		UnzipSizeLimit:    opts.MaxUnzipSize,
		UnzipXMLSizeLimit: opts.MaxXMLSize,
	})
	if err != nil {
		return nil, openError(err, opts)
	}
	a, err := readFile(f, name, fw, opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &Book{File: f, Assessment: a}, nil
}

// sniff names the common wrong inputs from their first bytes, because
// excelize gives the same "not a valid zip file" for all of them.
func sniff(data []byte, havePassword bool) *FileError {
	fe := func(msg string) *FileError { return &FileError{Code: scoring.CodeFileUnreadable, Message: msg} }
	switch {
	case len(data) == 0:
		return fe("the file is empty (0 bytes): it is not a workbook; save the assessment again from Excel or LibreOffice")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if bytes.Contains(data[:min(len(data), 200)], []byte("application/vnd.oasis.opendocument")) {
			return fe("this is an OpenDocument spreadsheet (.ods), not an xlsx workbook: in LibreOffice use File > Save As > Excel 2007-365 (.xlsx)")
		}
		return nil
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		if bytes.Contains(data, []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e")) {
			if havePassword {
				return nil
			}
			return fe("the workbook is password-protected (encrypted): give the password with --password, or save a copy without a password (File > Info > Protect Workbook in Excel)")
		}
		return fe("this is a legacy Excel 97-2003 file (.xls) or another OLE document, not an xlsx workbook: open it in Excel or LibreOffice and save it as .xlsx")
	case bytes.HasPrefix(data, []byte("%PDF")):
		return fe("this is a PDF document, not an xlsx workbook")
	}
	head := data[:min(len(data), 512)]
	if looksLikeText(head) {
		if bytes.Count(head, []byte{','})+bytes.Count(head, []byte{';'})+bytes.Count(head, []byte{'\t'}) > 2 {
			return fe("this is a text file (it looks like CSV), not an xlsx workbook: generate a template with 'sovscore template' and copy the answers into it")
		}
		return fe("this is a text file, not an xlsx workbook")
	}
	return fe("the file is not an xlsx workbook (it is not a zip package): it may be corrupt or of another format")
}

func looksLikeText(b []byte) bool {
	for _, c := range b {
		if c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
			return false
		}
	}
	return true
}

func openError(err error, opts ReadOptions) *FileError {
	msg := err.Error()
	switch {
	case errors.Is(err, excelize.ErrWorkbookPassword):
		return &FileError{Code: scoring.CodeFileUnreadable, Message: "the password given with --password does not open this workbook", Err: err}
	case errors.Is(err, excelize.ErrOptionsUnzipSizeLimit), strings.Contains(msg, "unzip size"), strings.Contains(msg, "size limit"):
		return &FileError{Code: scoring.CodeFileUnreadable,
			Message: fmt.Sprintf("the workbook decompresses to more than the %d MiB limit (a zip bomb, or a workbook far larger than an assessment); raise --max-unzip-size if it is genuine", opts.MaxUnzipSize>>20), Err: err}
	case strings.Contains(msg, "zip"):
		return &FileError{Code: scoring.CodeFileUnreadable, Message: "the workbook is corrupt or truncated (its zip package cannot be read): " + msg + "; save it again from Excel or LibreOffice", Err: err}
	}
	return &FileError{Code: scoring.CodeFileUnreadable, Message: "the workbook cannot be read: " + msg, Err: err}
}

var factorIDPattern = regexp.MustCompile(`(?i)^sov-?\s*(\d+)\.(\d+)$`)

// reader holds the state of reading one workbook.
type reader struct {
	f    *excelize.File
	fw   *scoring.Framework
	opts ReadOptions
	a    *scoring.Assessment
	// hasFormulas is false when no worksheet part contains a formula, which
	// spares the per-cell formula look-ups on the common path.
	hasFormulas bool
}

func readFile(f *excelize.File, name string, fw *scoring.Framework, opts ReadOptions) (*scoring.Assessment, error) {
	r := &reader{f: f, fw: fw, opts: opts, a: &scoring.Assessment{File: name}, hasFormulas: anyFormula(f)}
	sheets := f.GetSheetList()
	objSheets := r.objectiveSheets(sheets)
	if len(objSheets) == 0 {
		return nil, &FileError{Code: scoring.CodeFileUnreadable,
			Message: "the workbook has no objective sheets (SOV-1 .. SOV-8): it is not a sovscore assessment; start from 'sovscore template'"}
	}
	r.readCover(sheets)
	usable := map[string]bool{}
	for _, o := range fw.Objectives {
		sheet, ok := objSheets[o.ID]
		if !ok {
			r.issue(scoring.Error, scoring.CodeSheetMissing, o.ID, "", "",
				fmt.Sprintf("the sheet %s (%s) is missing: its %d factors are unanswered; restore it from a fresh template", o.ID, o.Name, len(o.Factors)))
			continue
		}
		if r.readObjectiveSheet(sheet, o) {
			usable[o.ID] = true
		}
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
	return r.a, nil
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

// coverFields maps normalised cover labels (and accepted synonyms) to the
// field they fill.
func coverFields(p *scoring.ProviderInfo) map[string]*scoring.Field {
	return map[string]*scoring.Field{
		"provider": &p.Name, "provider name": &p.Name,
		"service or offer in scope": &p.Service, "service": &p.Service, "offer": &p.Service,
		"assessor":        &p.Assessor,
		"assessment date": &p.Date, "date": &p.Date,
		"framework version":               &p.FrameworkVersion,
		"hosting infrastructure provider": &p.Hosting, "hosting": &p.Hosting,
		"hosting qualifications": &p.HostingQualifications, "qualifications": &p.HostingQualifications,
		"notes": &p.Notes,
	}
}

func (r *reader) readCover(sheets []string) {
	p := &r.a.Provider
	var cover string
	for _, s := range sheets {
		if strings.EqualFold(strings.TrimSpace(s), CoverSheet) {
			cover = s
			break
		}
	}
	if cover == "" {
		r.issue(scoring.Error, scoring.CodeSheetMissing, CoverSheet, "", "",
			"the Cover sheet is missing: the provider name and assessment details are read from it; restore it from a fresh template")
		p.Name.Loc = scoring.Location{Sheet: CoverSheet}
		return
	}
	fields := coverFields(p)
	set := map[*scoring.Field]bool{}
	rows, err := r.f.Rows(cover)
	if err != nil {
		r.issue(scoring.Error, scoring.CodeCellUnreadable, cover, "", "", "the Cover sheet cannot be read: "+err.Error())
		return
	}
	defer rows.Close()
	for row := 1; rows.Next() && row <= coverSearchRows; row++ {
		cols, err := rows.Columns()
		if err != nil {
			r.issue(scoring.Error, scoring.CodeCellUnreadable, cover, fmt.Sprintf("A%d", row), "", "row cannot be read: "+err.Error())
			continue
		}
		for c := 0; c < len(cols); c++ {
			key := strings.ToLower(strings.TrimRight(scoring.Normalize(cols[c]), ": "))
			fld, ok := fields[key]
			if !ok || set[fld] {
				continue
			}
			set[fld] = true
			// The value, and so the location problems are reported at,
			// is the cell right of the label.
			fld.Loc = scoring.Location{Sheet: cover, Cell: cellName(c+2, row)}
			if c+1 < len(cols) {
				fld.Text = cols[c+1]
			}
			break
		}
	}
	if err := rows.Error(); err != nil {
		r.issue(scoring.Error, scoring.CodeCellUnreadable, cover, "", "", "the Cover sheet cannot be read to the end: "+err.Error())
	}
	if !set[&p.Name] {
		p.Name.Loc = scoring.Location{Sheet: cover}
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
		r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, "", "", "the sheet cannot be read: "+err.Error())
		return false
	}
	defer rows.Close()

	var cols *columns
	headerRow, content := 0, 0
	var emptyAnswers []string
	for row := 1; rows.Next(); row++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, fmt.Sprintf("A%d", row), "",
				fmt.Sprintf("row %d cannot be read (%v); any answer on it is lost: retype the row", row, err))
			continue
		}
		if len(cells) == 0 {
			continue
		}
		content++
		if content > r.opts.MaxRows {
			r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, fmt.Sprintf("A%d", row), "",
				fmt.Sprintf("the sheet has more than %d non-empty rows; rows from %d on were not read (delete stray content, or raise --max-rows)", r.opts.MaxRows, row))
			break
		}
		if cols == nil {
			if row > headerSearchRows {
				break
			}
			cols = r.headerColumns(sheet, row, cells)
			if cols != nil {
				headerRow = row
			}
			continue
		}
		if e, ok := r.factorRow(sheet, o, row, cells, cols); ok && scoring.Normalize(e.Answer.Text) == "" {
			emptyAnswers = append(emptyAnswers, e.Answer.Loc.Cell)
		}
	}
	if err := rows.Error(); err != nil {
		r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, "", "",
			fmt.Sprintf("the sheet cannot be read to the end (%v); answers after the last row read are lost", err))
	}
	if cols == nil {
		if headerRow == 0 && !r.reportedColumns(sheet) {
			r.issue(scoring.Error, scoring.CodeColumnMissing, sheet, "", "",
				fmt.Sprintf("no header row with %q and %q columns in the first %d rows: the factors of %s cannot be read; restore the header row from a fresh template",
					HeaderID, HeaderAnswer, headerSearchRows, o.ID))
		}
		return false
	}
	if len(emptyAnswers) > 0 {
		r.explainMerged(sheet, emptyAnswers)
	}
	return true
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
func (r *reader) factorRow(sheet string, o *scoring.Objective, row int, cells []string, c *columns) (*scoring.FactorEntry, bool) {
	get := func(col int) string {
		if col < 0 || col >= len(cells) {
			return ""
		}
		return cells[col]
	}
	field := func(col int) scoring.Field {
		if col < 0 {
			return scoring.Field{Loc: scoring.Location{Sheet: sheet}}
		}
		return scoring.Field{Text: get(col), Loc: scoring.Location{Sheet: sheet, Cell: cellName(col+1, row)}}
	}
	rawID := scoring.Normalize(get(c.id))
	idCell := cellName(c.id+1, row)
	if rawID == "" {
		if scoring.Normalize(get(c.answer)) != "" {
			r.issue(scoring.Error, scoring.CodeFactorUnknown, sheet, cellName(c.answer+1, row), "",
				fmt.Sprintf("row %d has an answer but no factor ID in %s: the answer is not scored; put the factor ID back", row, idCell))
		}
		return nil, false
	}
	m := factorIDPattern.FindStringSubmatch(rawID)
	if m == nil {
		return nil, false // a note, a sub-heading: not a factor row
	}
	id := fmt.Sprintf("SOV-%s.%s", strings.TrimLeft(m[1], "0"), strings.TrimLeft(m[2], "0"))
	fc, ok := r.fw.Factor(id)
	if !ok {
		r.issue(scoring.Error, scoring.CodeFactorUnknown, sheet, idCell, "",
			fmt.Sprintf("%q is not a factor of framework %s; this row is not scored: correct the ID", clipRunes(rawID, maxFactorIDRunesSeen), r.fw.Version))
		return nil, false
	}
	if prev, dup := r.a.Entry(id); dup {
		r.issue(scoring.Error, scoring.CodeFactorDuplicate, sheet, idCell, id,
			fmt.Sprintf("%s appears twice (first at %s!%s); only the first row is scored: delete one of them", id, prev.Row.Sheet, prev.Row.Cell))
		return nil, false
	}
	if fc.Objective.ID != o.ID {
		r.issue(scoring.Warning, scoring.CodeFactorMisplaced, sheet, idCell, id,
			fmt.Sprintf("%s belongs to %s but is on sheet %s; it was scored, but move it to its sheet", id, fc.Objective.ID, sheet))
	}
	e := scoring.FactorEntry{
		ID:            id,
		Row:           scoring.Location{Sheet: sheet, Cell: idCell},
		Answer:        field(c.answer),
		Confidence:    field(c.confidence),
		Justification: field(c.justification),
		Sources:       field(c.sources),
	}
	if r.hasFormulas && e.Answer.Loc.Cell != "" {
		if fm, err := r.f.GetCellFormula(sheet, e.Answer.Loc.Cell); err == nil && fm != "" {
			e.Answer.Formula = true
		}
	}
	r.a.Factors = append(r.a.Factors, e)
	return &r.a.Factors[len(r.a.Factors)-1], true
}

// explainMerged adds a hint when an empty answer cell is covered by a merged
// range: its value then lives in the range's top-left cell.
func (r *reader) explainMerged(sheet string, cells []string) {
	merged, err := r.f.GetMergeCells(sheet)
	if err != nil || len(merged) == 0 {
		return
	}
	for _, cell := range cells {
		col, row, err := excelize.CellNameToCoordinates(cell)
		if err != nil {
			continue
		}
		for _, m := range merged {
			c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
			c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
			if err1 != nil || err2 != nil || col < c1 || col > c2 || row < r1 || row > r2 {
				continue
			}
			if m.GetStartAxis() != cell {
				r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, cell, "",
					fmt.Sprintf("%s is inside the merged range %s:%s, so it reads as empty; unmerge the cells and type the answer in %s",
						cell, m.GetStartAxis(), m.GetEndAxis(), cell))
			}
			break
		}
	}
}

// anyFormula reports whether any worksheet part held in memory contains a
// formula element. Worksheets too large to be held in memory are spilled by
// excelize to temporary files; then we cannot tell cheaply and say yes.
func anyFormula(f *excelize.File) bool {
	found, parts := false, 0
	f.Pkg.Range(func(k, v any) bool {
		name, _ := k.(string)
		if !strings.HasPrefix(name, "xl/worksheets/") || !strings.HasSuffix(name, ".xml") || strings.Contains(name, "/_rels/") {
			return true
		}
		parts++
		b, ok := v.([]byte)
		if !ok || bytes.Contains(b, []byte("<f>")) || bytes.Contains(b, []byte("<f ")) || bytes.Contains(b, []byte(":f>")) || bytes.Contains(b, []byte(":f ")) {
			found = true
			return false
		}
		return true
	})
	return found || parts < f.SheetCount
}

func cellName(col, row int) string {
	s, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return fmt.Sprintf("R%dC%d", row, col)
	}
	return s
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
