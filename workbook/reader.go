package workbook

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook/cover"
)

// Limits that keep a hostile or broken workbook from exhausting a laptop.
// The defaults are far above what a real assessment needs (the template's
// largest part is about 60 KB, a filled-in one a few hundred KB).
const (
	DefaultMaxFileSize  = 64 << 20  // bytes on disk
	DefaultMaxUnzipSize = 256 << 20 // bytes once decompressed, all parts
	// DefaultMaxXMLSize is the default for one decompressed part: a
	// thirtysecond of the unzip limit. excelize parses some parts whole
	// (shared strings, styles, the workbook) at 15-25 bytes of memory per
	// byte of XML, so this bounds the memory of one workbook to a few
	// hundred MiB.
	DefaultMaxXMLSize    = DefaultMaxUnzipSize / xmlShare
	DefaultMaxRows       = 20000 // non-empty rows read per sheet
	xmlShare             = 32
	minMaxXMLSize        = 1 << 20
	maxParts             = 10000 // zip entries; a workbook has a few dozen
	headerSearchRows     = 50    // the header row must be within the first rows
	coverSearchRows      = 200
	maxFactorIDRunesSeen = 40
	maxCellsReported     = 20 // damaged cells or rows reported one by one per sheet
)

// ReadOptions configures Read. The zero value uses the defaults.
type ReadOptions struct {
	// MaxFileSize bounds the file on disk (--max-file-size).
	MaxFileSize int64
	// MaxUnzipSize bounds the sum of the decompressed parts (--max-unzip-size).
	MaxUnzipSize int64
	// MaxXMLSize bounds one decompressed part; by default a thirtysecond
	// of MaxUnzipSize (at least 1 MiB), so --max-unzip-size raises both.
	MaxXMLSize int64
	// MaxRows bounds the non-empty rows read per sheet (--max-rows).
	MaxRows int
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
	if o.MaxXMLSize <= 0 {
		o.MaxXMLSize = max(o.MaxUnzipSize/xmlShare, minMaxXMLSize)
	}
	o.MaxXMLSize = min(o.MaxXMLSize, o.MaxUnzipSize)
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	return o
}

// sizeText writes a byte count for messages: "64 MiB", "1.5 MiB", "1000 bytes".
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
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

	// layouts is what the reader saw of each objective sheet's rows, so
	// the annotator need not scan the sheets again.
	layouts map[string]*sheetLayout
	// damaged is set when a sheet's XML could not be read whole (see
	// Damaged).
	damaged bool
}

// Damaged reports whether the reader found a sheet whose XML it could not
// read whole: broken XML, rows or cells out of order, damaged cells, more
// rows than the limits allow. Such a workbook is scored, with those
// problems on it, but not annotated: excelize's whole-sheet parsing, which
// annotation needs, can take hours on such sheets.
func (b *Book) Damaged() bool { return b.damaged }

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
			Message: fmt.Sprintf("the file is %s, over the %s limit for one workbook (raise --max-file-size if it is genuine)", sizeText(st.Size()), sizeText(max))}
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, &FileError{Code: scoring.CodeFileUnreadable, Message: "cannot read the file: " + unwrapPathError(err), Err: err}
	}
	if int64(len(data)) > max {
		return nil, &FileError{Code: scoring.CodeFileUnreadable, Message: fmt.Sprintf("the file grew over the %s limit while being read (raise --max-file-size if it is genuine)", sizeText(max))}
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
//
// No input makes it panic: a panic inside excelize is recovered and
// returned as a FileError, so one bad file never stops a batch.
func OpenBytes(data []byte, name string, fw *scoring.Framework, opts ReadOptions) (b *Book, err error) {
	opts = opts.withDefaults()
	if fe := sniff(data, opts.Password != ""); fe != nil {
		return nil, fe
	}
	var f *excelize.File
	defer func() {
		if p := recover(); p != nil {
			if f != nil {
				_ = f.Close()
			}
			b, err = nil, &FileError{Code: scoring.CodeFileUnreadable,
				Message: fmt.Sprintf("internal error reading the workbook (%v); the file is probably damaged: save it again from Excel or LibreOffice, and please report this file to the sovscore maintainers", p),
				Err:     fmt.Errorf("panic: %v\n%s", p, debug.Stack())}
		}
	}()
	if isOLE(data) {
		// Decrypt here rather than in excelize, so the package inside is
		// checked like any other.
		if data, err = decrypt(data, opts.Password); err != nil {
			return nil, err
		}
	}
	if fe := checkPackage(data, opts); fe != nil {
		return nil, fe
	}
	f, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: opts.MaxUnzipSize,
		// No part is over MaxXMLSize (checkPackage), so every part stays
		// in memory and the sheet scan sees what the Rows iterator sees.
		UnzipXMLSizeLimit: opts.MaxXMLSize,
	})
	if err != nil {
		if f != nil {
			_ = f.Close()
		}
		return nil, openError(err, opts)
	}
	b, err = readFile(f, name, fw, opts)
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return b, nil
}

var oleSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

func isOLE(data []byte) bool { return bytes.HasPrefix(data, oleSignature) }

// decrypt opens an encrypted workbook (sniff let it through only with a
// password) and returns the xlsx package inside.
func decrypt(data []byte, password string) ([]byte, error) {
	out, err := excelize.Decrypt(data, &excelize.Options{Password: password})
	if err != nil {
		return nil, &FileError{Code: scoring.CodeFileUnreadable,
			Message: fmt.Sprintf("the encrypted workbook cannot be decrypted (%v): check the password given with --password, or save a copy without a password", err), Err: err}
	}
	if !bytes.HasPrefix(out, []byte("PK\x03\x04")) {
		return nil, &FileError{Code: scoring.CodeFileUnreadable, Err: excelize.ErrWorkbookPassword,
			Message: "the password given with --password does not open this workbook (or it uses an encryption sovscore cannot read): check the password, or save a copy without a password"}
	}
	return out, nil
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
			return fe(odfMessage)
		}
		return nil
	case isOLE(data):
		if bytes.Contains(data, []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e")) {
			if havePassword {
				return nil
			}
			return fe("the workbook is password-protected (encrypted): give the password with --password, or save a copy without a password (File > Info > Protect Workbook in Excel)")
		}
		return fe("this is a legacy Excel 97-2003 file (.xls) or another OLE document, not an xlsx workbook: open it in Excel or LibreOffice and save it as .xlsx")
	case bytes.HasPrefix(data, []byte("%PDF")):
		return fe("this is a PDF document, not an xlsx workbook")
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return fe("this is a UTF-16 text file (such as Excel's \"Unicode Text\" export), not an xlsx workbook: save the assessment as .xlsx")
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

const odfMessage = "this is an OpenDocument spreadsheet (.ods), not an xlsx workbook: in LibreOffice use File > Save As > Excel 2007-365 (.xlsx)"

func looksLikeText(b []byte) bool {
	for _, c := range b {
		if c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
			return false
		}
	}
	return true
}

// checkPackage checks the zip package before excelize opens it: a readable
// directory, the sizes its parts declare against the limits (nothing is
// decompressed before that), that it is an xlsx and not another zip-based
// format, and that every part decompresses intact, since excelize ignores a
// part that breaks off halfway and reads what came before.
func checkPackage(data []byte, opts ReadOptions) *FileError {
	fe := func(msg string, err error) *FileError {
		return &FileError{Code: scoring.CodeFileUnreadable, Message: msg, Err: err}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		// The directory is at the end: a cut file has none.
		if !bytes.Contains(data[max(0, len(data)-(1<<16)-22):], []byte("PK\x05\x06")) {
			return fe(fmt.Sprintf("the workbook is corrupt or truncated: the end of its zip package is missing (%v); the download or copy was probably interrupted: get the file again, or save it again from Excel or LibreOffice", err), err)
		}
		return fe(fmt.Sprintf("the workbook is corrupt or truncated (its zip package cannot be read: %v); save it again from Excel or LibreOffice", err), err)
	}
	if len(zr.File) > maxParts {
		return fe(fmt.Sprintf("the zip package has %d parts, more than the %d an assessment workbook could have: it is not an assessment, or it was crafted", len(zr.File), maxParts), nil)
	}
	var total uint64
	has := map[string]bool{}
	for _, zf := range zr.File {
		has[strings.ToLower(strings.ReplaceAll(zf.Name, "\\", "/"))] = true
		size := zf.UncompressedSize64
		total += size
		if size > uint64(opts.MaxUnzipSize) || total > uint64(opts.MaxUnzipSize) {
			return fe(fmt.Sprintf("the workbook decompresses to more than the %s limit (a zip bomb, or a workbook far larger than an assessment); raise --max-unzip-size if it is genuine", sizeText(opts.MaxUnzipSize)), nil)
		}
		if size > uint64(opts.MaxXMLSize) {
			return fe(fmt.Sprintf("the part %q decompresses to more than the %s limit for one part of a workbook (it declares %s: a zip bomb, or content far larger than an assessment); raise --max-unzip-size if it is genuine (one part may use 1/%d of it)",
				scoring.Clip(zf.Name, 80), sizeText(opts.MaxXMLSize), sizeText(int64(size)), xmlShare), nil)
		}
	}
	switch {
	case has["xl/workbook.xml"]:
	case has["xl/workbook.bin"]:
		return fe("this is an Excel binary workbook (.xlsb), not an xlsx workbook: in Excel use File > Save As > Excel Workbook (.xlsx)", nil)
	case has["word/document.xml"]:
		return fe("this is a Word document (.docx), not an xlsx workbook", nil)
	case has["ppt/presentation.xml"]:
		return fe("this is a PowerPoint presentation (.pptx), not an xlsx workbook", nil)
	case has["mimetype"] || has["content.xml"]:
		return fe(odfMessage, nil)
	case !has["[content_types].xml"]:
		return fe("this is a zip archive but not an xlsx workbook (it has no [Content_Types].xml): unzip it, or save the assessment as .xlsx", nil)
	}
	for _, zf := range zr.File {
		if err := checkPart(zf); err != nil {
			return fe(fmt.Sprintf("the part %q of the workbook is damaged (%v): the file is corrupt; save it again from Excel or LibreOffice", scoring.Clip(zf.Name, 80), err), err)
		}
	}
	return nil
}

// checkPart decompresses one part and discards it; archive/zip checks the
// declared size and the checksum.
func checkPart(zf *zip.File) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	_, err = io.Copy(io.Discard, rc)
	return err
}

func openError(err error, opts ReadOptions) *FileError {
	msg := err.Error()
	switch {
	case errors.Is(err, excelize.ErrWorkbookPassword):
		return &FileError{Code: scoring.CodeFileUnreadable, Message: "the password given with --password does not open this workbook", Err: err}
	case errors.Is(err, excelize.ErrOptionsUnzipSizeLimit), strings.Contains(msg, "unzip size"), strings.Contains(msg, "size limit"):
		return &FileError{Code: scoring.CodeFileUnreadable,
			Message: fmt.Sprintf("the workbook decompresses to more than the %s limit (a zip bomb, or a workbook far larger than an assessment); raise --max-unzip-size if it is genuine", sizeText(opts.MaxUnzipSize)), Err: err}
	case errors.As(err, new(*xml.SyntaxError)):
		return &FileError{Code: scoring.CodeFileUnreadable,
			Message: "a part of the workbook is not well-formed XML (" + msg + "): the file is corrupt or was not written by a spreadsheet program; save it again from Excel or LibreOffice", Err: err}
	case strings.Contains(msg, "zip"):
		return &FileError{Code: scoring.CodeFileUnreadable, Message: "the workbook is corrupt or truncated (its zip package cannot be read): " + msg + "; save it again from Excel or LibreOffice", Err: err}
	}
	return &FileError{Code: scoring.CodeFileUnreadable, Message: "the workbook cannot be read: " + msg + "; save it again from Excel or LibreOffice", Err: err}
}

var factorIDPattern = regexp.MustCompile(`(?i)^sov-?\s*(\d+)\.(\d+)$`)

// reader holds the state of reading one workbook.
type reader struct {
	f    *excelize.File
	fw   *scoring.Framework
	opts ReadOptions
	a    *scoring.Assessment
	// parts maps sheet names to their worksheet parts, for the scan.
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
	r := &reader{f: f, fw: fw, opts: opts, a: &scoring.Assessment{File: name}, parts: sheetParts(f),
		layouts: map[string]*sheetLayout{}}
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
	if r.f.SharedStrings != nil {
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
		r.reportScan(sheet, r.scan(sheet, lastRow, nil), nil)
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
		want[e.Answer.Loc.Cell] = true
		if _, row, err := excelize.CellNameToCoordinates(e.Row.Cell); err == nil {
			factorAt[row] = e.ID
		}
	}
	sc := r.scan(sheet, lastRow, want)
	r.reportScan(sheet, sc, factorAt)
	for _, i := range entries {
		e := &r.a.Factors[i]
		c, ok := sc.cells[e.Answer.Loc.Cell]
		if !ok {
			continue
		}
		e.Answer.Formula = c.formula
		if e.Answer.Text == c.value {
			e.Answer.Text = cellText(c)
		}
		if rng := sc.merged[e.Answer.Loc.Cell]; rng != "" && scoring.Normalize(e.Answer.Text) == "" {
			r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, e.Answer.Loc.Cell, e.ID,
				fmt.Sprintf("%s is inside the merged range %s, so it reads as empty; unmerge the cells and type the answer in %s",
					e.Answer.Loc.Cell, rng, e.Answer.Loc.Cell))
		}
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
	field := func(col int) scoring.Field {
		if col < 0 {
			return scoring.Field{Loc: scoring.Location{Sheet: sheet}}
		}
		// Clone: excelize builds cell strings in buffers with spare
		// capacity; a result kept for the whole batch should hold only
		// the text itself.
		return scoring.Field{Text: strings.Clone(get(col)), Loc: scoring.Location{Sheet: sheet, Cell: cellName(col+1, row)}}
	}
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
		ID:            id,
		Row:           scoring.Location{Sheet: sheet, Cell: idCell},
		Answer:        field(c.answer),
		Confidence:    field(c.confidence),
		Justification: field(c.justification),
		Sources:       field(c.sources),
	}
	r.a.Factors = append(r.a.Factors, e)
	return true
}

// sheetParts maps sheet names to their worksheet parts, resolved as
// excelize resolves them (package and workbook relationships), so the scan
// reads the part the Rows iterator reads.
func sheetParts(f *excelize.File) map[string]string {
	out := map[string]string{}
	if f.WorkBook == nil {
		return out
	}
	var wbPath string
	for _, rel := range readRels(f, "_rels/.rels") {
		if strings.HasSuffix(rel.Type, "/officeDocument") {
			wbPath = strings.TrimPrefix(rel.Target, "/")
			break
		}
	}
	relsPath := strings.TrimPrefix(path.Dir(wbPath)+"/_rels/"+path.Base(wbPath)+".rels", "/")
	if path.Dir(wbPath) == "." {
		relsPath = "_rels/" + path.Base(wbPath) + ".rels"
	}
	targets := map[string]string{}
	for _, rel := range readRels(f, relsPath) {
		targets[rel.ID] = rel.Target
	}
	for _, sh := range f.WorkBook.Sheets.Sheet {
		t, ok := targets[sh.ID]
		if !ok {
			continue
		}
		p := path.Clean(path.Dir(wbPath) + "/" + t)
		if strings.HasPrefix(t, "/") {
			p = path.Clean(t)
		}
		out[sh.Name] = strings.TrimPrefix(strings.ReplaceAll(p, "\\", "/"), "/")
	}
	return out
}

type xmlRel struct {
	ID     string `xml:"Id,attr"`
	Target string `xml:"Target,attr"`
	Type   string `xml:"Type,attr"`
}

// readRels parses a relationships part; a damaged one gives none.
func readRels(f *excelize.File, name string) []xmlRel {
	v, _ := f.Pkg.Load(name)
	b, _ := v.([]byte)
	var rels struct {
		Rels []xmlRel `xml:"Relationship"`
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.CharsetReader = f.CharsetReader
	if err := d.Decode(&rels); err != nil {
		return nil
	}
	return rels.Rels
}

// cellFacts is what a sheet's XML says about a cell beyond the value the
// Rows iterator returns.
type cellFacts struct {
	formula bool
	typ     string // the t attribute: "" or "n" for numbers, "s", "str", "b", ...
	value   string // the stored value, or a formula's cached result
}

type damagedCell struct {
	row  int
	cell string
	why  string
}

// sheetScan is the result of scanning a sheet's XML.
type sheetScan struct {
	cells  map[string]cellFacts // the cells asked for
	merged map[string]string    // asked-for cell -> merged range covering it, not at its top left
	// damaged lists cells whose text excelize drops or replaces without a
	// word (a bad shared-string reference), up to maxCellsReported.
	damaged     []damagedCell
	moreDamaged int
	// xmlErr is where the XML breaks: the Rows iterator stops there
	// silently. xmlRow is the last row begun, inRow true when the break is
	// inside it; afterCells is true when the break is after the cells (all
	// values were read).
	xmlErr     error
	xmlRow     int
	inRow      bool
	afterCells bool
	// disorder is the first row where rows or cells are out of order,
	// which makes the Rows iterator put values in the wrong place.
	disorder int
}

// scan reads the XML of a sheet up to lastRow (and its merged ranges).
func (r *reader) scan(sheet string, lastRow int, want map[string]bool) *sheetScan {
	var data []byte
	if name, ok := r.parts[sheet]; ok {
		v, _ := r.f.Pkg.Load(name)
		data, _ = v.([]byte)
	}
	sstLen := -1
	if r.f.SharedStrings != nil {
		sstLen = len(r.f.SharedStrings.SI)
	}
	return scanSheet(data, r.f.CharsetReader, lastRow, want, sstLen)
}

// scanSheet streams a worksheet's XML as the Rows iterator does (same
// decoder, same row and column numbering), so a value and the facts about
// its cell line up. sstLen < 0 skips the shared-string checks.
func scanSheet(data []byte, charset func(string, io.Reader) (io.Reader, error), lastRow int, want map[string]bool, sstLen int) *sheetScan {
	sc := &sheetScan{cells: map[string]cellFacts{}, merged: map[string]string{}}
	if len(data) == 0 {
		return sc
	}
	type point struct{ col, row int }
	wanted := map[string]point{}
	for c := range want {
		if col, row, err := excelize.CellNameToCoordinates(c); err == nil {
			wanted[c] = point{col, row}
		}
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charset
	row, col, prevRow := 0, 0, 0
	inCells, cellsDone, inRow := false, false, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return sc
		}
		if err != nil {
			sc.xmlErr, sc.xmlRow, sc.inRow, sc.afterCells = err, row, inRow, cellsDone
			return sc
		}
		t, ok := tok.(xml.StartElement)
		if !ok {
			if e, ok := tok.(xml.EndElement); ok {
				switch e.Name.Local {
				case "sheetData":
					inCells, cellsDone = false, true
				case "row":
					inRow = false
				}
			}
			continue
		}
		switch t.Name.Local {
		case "sheetData":
			inCells = true
		case "row":
			if !inCells {
				continue
			}
			row++
			col, inRow = 0, true
			if n, err := strconv.Atoi(attrValue(t, "r")); err == nil && n > 0 {
				row = n
				if n <= prevRow && sc.disorder == 0 {
					sc.disorder = n
				}
				prevRow = n
			}
			if row > excelize.TotalRows {
				return sc // the Rows iterator stops here too, and says so
			}
		case "c":
			if !inCells {
				continue
			}
			prevCol := col
			col++
			if ref := attrValue(t, "r"); ref != "" {
				if c, _, err := excelize.CellNameToCoordinates(ref); err == nil {
					col = c
				}
			}
			if col <= prevCol && sc.disorder == 0 && row <= lastRow {
				sc.disorder = row
			}
			cf, err := readCell(d)
			if err != nil {
				sc.xmlErr, sc.xmlRow, sc.inRow = err, row, true
				return sc
			}
			if row > lastRow {
				continue
			}
			cf.typ = attrValue(t, "t")
			name := cellName(col, row)
			if want[name] {
				sc.cells[name] = cf
			}
			if cf.typ == "s" && sstLen >= 0 {
				sc.checkSharedString(row, name, cf.value, sstLen)
			}
		case "mergeCell":
			from, to, ok := strings.Cut(attrValue(t, "ref"), ":")
			if !ok {
				continue
			}
			c1, r1, err1 := excelize.CellNameToCoordinates(from)
			c2, r2, err2 := excelize.CellNameToCoordinates(to)
			if err1 != nil || err2 != nil {
				continue
			}
			c1, c2 = min(c1, c2), max(c1, c2)
			r1, r2 = min(r1, r2), max(r1, r2)
			for name, p := range wanted {
				if p.col >= c1 && p.col <= c2 && p.row >= r1 && p.row <= r2 && (p.col != c1 || p.row != r1) && sc.merged[name] == "" {
					sc.merged[name] = cellName(c1, r1) + ":" + cellName(c2, r2)
				}
			}
		}
	}
}

// checkSharedString records a cell whose shared-string reference excelize
// cannot resolve: out of range, it drops the cell; not a number, it reads
// the first string instead.
func (sc *sheetScan) checkSharedString(row int, cell, ref string, sstLen int) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return
	}
	var why string
	if i, err := strconv.Atoi(ref); err != nil {
		why = fmt.Sprintf("its shared-string reference %q is not a number, so it reads as the workbook's first string", scoring.Clip(ref, 20))
	} else if i < 0 || i >= sstLen {
		why = fmt.Sprintf("it refers to shared string %d, but the workbook has %d (numbered from 0), so its text is lost", i, sstLen)
	} else {
		return
	}
	if len(sc.damaged) >= maxCellsReported {
		sc.moreDamaged++
		return
	}
	sc.damaged = append(sc.damaged, damagedCell{row: row, cell: cell, why: why})
}

// readCell reads the children of a <c> element up to its end, as excelize
// does: the last <v> anywhere inside is the value; any <f> is a formula.
func readCell(d *xml.Decoder) (cellFacts, error) {
	var cf cellFacts
	var v []byte
	depth, vDepth := 0, -1
	for {
		tok, err := d.Token()
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return cf, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case t.Name.Local == "f":
				cf.formula = true
			case t.Name.Local == "v" && vDepth < 0:
				vDepth, v = depth, v[:0]
			}
		case xml.EndElement:
			if depth == 0 {
				return cf, nil
			}
			if depth == vDepth {
				cf.value, vDepth = string(v), -1
			}
			depth--
		case xml.CharData:
			if depth == vDepth {
				v = append(v, t...)
			}
		}
	}
}

func attrValue(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// reportScan turns what the scan found wrong into issues; factorAt names
// the factor of a row, when it has one.
func (r *reader) reportScan(sheet string, sc *sheetScan, factorAt map[int]string) {
	if sc.xmlErr != nil || sc.disorder > 0 || len(sc.damaged) > 0 {
		r.damaged = true
	}
	if sc.xmlErr != nil {
		switch {
		case sc.afterCells:
			r.issue(scoring.Warning, scoring.CodeCellUnreadable, sheet, "", "",
				fmt.Sprintf("the XML of sheet %s is damaged after its cells (%v): the values were read, but the file is corrupt; save it again from Excel or LibreOffice", sheet, sc.xmlErr))
		case sc.inRow:
			r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, cellName(1, sc.xmlRow), factorAt[sc.xmlRow],
				fmt.Sprintf("the XML of sheet %s is damaged in row %d (%v): the rest of that row and the rows below cannot be read, and their answers are lost; the file is corrupt or was crafted: save it again from Excel or LibreOffice", sheet, sc.xmlRow, sc.xmlErr))
		case sc.xmlRow == 0:
			r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, "", "",
				fmt.Sprintf("the XML of sheet %s is damaged before its first row (%v): nothing on it can be read; the file is corrupt or was crafted: save it again from Excel or LibreOffice", sheet, sc.xmlErr))
		default:
			r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, cellName(1, sc.xmlRow+1), "",
				fmt.Sprintf("the XML of sheet %s is damaged after row %d (%v): the rows below cannot be read and their answers are lost; the file is corrupt or was crafted: save it again from Excel or LibreOffice", sheet, sc.xmlRow, sc.xmlErr))
		}
	}
	if sc.disorder > 0 {
		r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, cellName(1, sc.disorder), factorAt[sc.disorder],
			fmt.Sprintf("the rows or cells of sheet %s are out of order from row %d (Excel never writes them so): values may be read in the wrong row or column; save the file again from Excel or LibreOffice", sheet, sc.disorder))
	}
	for _, c := range sc.damaged {
		r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, c.cell, factorAt[c.row],
			fmt.Sprintf("the cell %s is damaged: %s; the file was damaged or written by a faulty tool: retype the value", c.cell, c.why))
	}
	if sc.moreDamaged > 0 {
		r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, "", "",
			fmt.Sprintf("and %d more damaged cells on sheet %s with a bad shared-string reference", sc.moreDamaged, sheet))
	}
}

func cellName(col, row int) string {
	s, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return fmt.Sprintf("R%dC%d", row, col)
	}
	return s
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
