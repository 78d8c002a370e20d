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
	"os"
	"runtime/debug"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
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
	var wide []string
	if fe := checkPackage(data, opts, &wide); fe != nil {
		return nil, fe
	}
	if len(wide) > 0 {
		if data, err = toUTF8Parts(data, wide); err != nil {
			return nil, &FileError{Code: scoring.CodeFileUnreadable, Err: err,
				Message: fmt.Sprintf("a part of the workbook is UTF-16 text that cannot be read (%v): save the workbook again from Excel or LibreOffice", err)}
		}
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
	dropUnsafeParts(f)
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
//
// The parts that are UTF-16 text, which OPC allows and excelize cannot
// read, are added to wide.
func checkPackage(data []byte, opts ReadOptions, wide *[]string) *FileError {
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
		name := strings.ToLower(strings.ReplaceAll(zf.Name, "\\", "/"))
		if has[name] {
			// Part names ignore case; which of two a program reads
			// differs (excelize keeps the last).
			return fe(fmt.Sprintf("the zip package has two parts with the same name (%q): the file was damaged or crafted, and programs disagree on which one they read; save the workbook again from Excel or LibreOffice",
				scoring.Clip(zf.Name, 80)), nil)
		}
		has[name] = true
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
		if zf.Flags&zipEncrypted != 0 {
			return fe(fmt.Sprintf("the part %q of the workbook is encrypted with a zip password, which Excel never does (a workbook password encrypts the whole file): "+
				"unzip it with its password, or save the workbook again from Excel or LibreOffice", scoring.Clip(zf.Name, 80)), nil)
		}
		utf16, err := checkPart(zf)
		if err != nil {
			return fe(fmt.Sprintf("the part %q of the workbook is damaged (%v): the file is corrupt; save it again from Excel or LibreOffice", scoring.Clip(zf.Name, 80), err), err)
		}
		if utf16 {
			*wide = append(*wide, zf.Name)
		}
	}
	return nil
}

// zipEncrypted is the general-purpose flag of an encrypted zip entry.
const zipEncrypted = 0x1

// checkPart decompresses one part and discards it; archive/zip checks the
// declared size and the checksum. It reports whether the part is UTF-16
// text (XML that starts with a byte order mark or a UTF-16 "<").
func checkPart(zf *zip.File) (utf16 bool, err error) {
	rc, err := zf.Open()
	if err != nil {
		return false, err
	}
	defer rc.Close()
	var head [4]byte
	n, err := io.ReadFull(rc, head[:])
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return false, err
	}
	_, err = io.Copy(io.Discard, rc)
	return isUTF16(head[:n]), err
}

// isUTF16 tells UTF-16 XML from its first bytes.
func isUTF16(b []byte) bool {
	for _, p := range [][]byte{{0xFF, 0xFE}, {0xFE, 0xFF}, {'<', 0, '?', 0}, {0, '<', 0, '?'}} {
		if bytes.HasPrefix(b, p) {
			return true
		}
	}
	return false
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
