package workbook

// Broken and hostile workbooks. Each case is generated from the template
// and mutated at the zip or XML level; each must give its clear message at
// the right place, quickly, in bounded memory and without a panic. Cases
// that need no mutation of a real workbook (empty, text, CSV, PDF, .xls,
// encrypted, missing sheets and columns, merged answers) are in
// reader_test.go.

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// zpart is one entry of a zip package.
type zpart struct {
	name string
	body []byte
}

func readParts(t testing.TB, data []byte) []zpart {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	var out []zpart
	for _, zf := range zr.File {
		rc, err := zf.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		out = append(out, zpart{zf.Name, b})
	}
	return out
}

// writeParts zips parts with fast compression.
func writeParts(t testing.TB, parts []zpart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, p := range parts {
		h := &zip.FileHeader{Name: p.name, Method: zip.Deflate}
		if len(p.body) == 0 {
			h.Method = zip.Store // a deflater per empty part is slow
		}
		w, err := zw.CreateHeader(h)
		require.NoError(t, err)
		_, err = w.Write(p.body)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// editPart rewrites one part of a package as text.
func editPart(t testing.TB, data []byte, name string, edit func(string) string) []byte {
	t.Helper()
	parts := readParts(t, data)
	found := false
	for i := range parts {
		if parts[i].name == name {
			parts[i].body = []byte(edit(string(parts[i].body)))
			found = true
		}
	}
	require.True(t, found, "no part %s", name)
	return writeParts(t, parts)
}

// partOf names the worksheet part holding sheet.
func partOf(t testing.TB, data []byte, sheet string) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	defer f.Close()
	for _, p := range sheetParts(f) {
		if p.name == sheet {
			return p.path
		}
	}
	t.Fatalf("no part for sheet %s", sheet)
	return ""
}

func editSheet(t testing.TB, data []byte, sheet string, edit func(string) string) []byte {
	t.Helper()
	return editPart(t, data, partOf(t, data, sheet), edit)
}

// setCell replaces the XML of one cell, which must exist, by cellXML.
func setCell(t testing.TB, sheetXML, cell, cellXML string) string {
	t.Helper()
	re := regexp.MustCompile(`<c r="` + cell + `"[^>]*?(/>|>.*?</c>)`)
	require.True(t, re.MatchString(sheetXML), "no cell %s", cell)
	return re.ReplaceAllLiteralString(sheetXML, cellXML)
}

// beforeSheetData inserts rows before </sheetData>.
func beforeSheetData(rows string) func(string) string {
	return func(s string) string { return strings.Replace(s, "</sheetData>", rows+"</sheetData>", 1) }
}

// streamPart replaces one part by what gen writes, compressed as it is
// written, so a 300 MB part never exists in memory.
func streamPart(t testing.TB, data []byte, name string, gen func(w io.Writer) error) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, zf := range zr.File {
		if zf.Name == name {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
			require.NoError(t, err)
			require.NoError(t, gen(w))
			continue
		}
		w, err := zw.CreateRaw(&zf.FileHeader)
		require.NoError(t, err)
		r, err := zf.OpenRaw()
		require.NoError(t, err)
		_, err = io.Copy(w, r)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// padSheet wraps n bytes of white space into the sheet XML of SOV-1, in
// the middle of its cells, where XML allows it.
func padSheet(t testing.TB, data []byte, n int64) []byte {
	t.Helper()
	name := partOf(t, data, "SOV-1")
	var orig string
	for _, p := range readParts(t, data) {
		if p.name == name {
			orig = string(p.body)
		}
	}
	head, tail, ok := strings.Cut(orig, "</sheetData>")
	require.True(t, ok)
	return streamPart(t, data, name, func(w io.Writer) error {
		if _, err := io.WriteString(w, head); err != nil {
			return err
		}
		pad := bytes.Repeat([]byte(" "), 1<<20)
		for left := n; left > 0; left -= int64(len(pad)) {
			if _, err := w.Write(pad[:min(left, int64(len(pad)))]); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, "</sheetData>"+tail)
		return err
	})
}

var (
	hostileOnce             sync.Once
	hostileBlank, hostileFW []byte
)

// bases returns a blank and a filled template, built once.
func bases(t testing.TB) (blank, filled []byte) {
	hostileOnce.Do(func() {
		fw := scoring.Default()
		hostileBlank = templateBytes(t, fw, nil)
		hostileFW = templateBytes(t, fw, filledAssessment(fw))
	})
	return hostileBlank, hostileFW
}

// fileError asserts err is a FileError (wrapping allowed) and returns it.
func fileError(t testing.TB, err error) *FileError {
	t.Helper()
	require.Error(t, err)
	var fe *FileError
	require.True(t, errors.As(err, &fe), "%T %v", err, err)
	assert.Equal(t, scoring.CodeFileUnreadable, fe.Code)
	assert.ErrorIs(t, err, ErrNotWorkbook)
	assert.NotContains(t, fe.Message, "internal error")
	return fe
}

// allocDuring returns the bytes allocated while fn ran.
func allocDuring(fn func()) uint64 {
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	fn()
	runtime.ReadMemStats(&m1)
	return m1.TotalAlloc - m0.TotalAlloc
}

func billionLaughs(root string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE ` + root + ` [<!ENTITY lol "lol">`)
	prev := "lol"
	for i := 1; i <= 9; i++ {
		name := fmt.Sprintf("lol%d", i)
		fmt.Fprintf(&b, `<!ENTITY %s "%s">`, name, strings.Repeat("&"+prev+";", 10))
		prev = name
	}
	b.WriteString(`]>`)
	return b.String()
}

// hostileFile is an input that is not a usable workbook at all, and what
// the FileError must say about it.
type hostileFile struct {
	name string
	data func(t testing.TB) []byte
	opts ReadOptions
	want []string
}

// hostileFiles are the cases of TestHostileFiles and BenchmarkHostileFiles.
func hostileFiles(t testing.TB) []hostileFile {
	blank, filled := bases(t)
	sst := func(edit func(string) string) func(t testing.TB) []byte {
		return func(t testing.TB) []byte { return editPart(t, filled, "xl/sharedStrings.xml", edit) }
	}
	return []hostileFile{
		{"cut to the zip signature", func(testing.TB) []byte { return blank[:4] }, ReadOptions{}, []string{"corrupt or truncated", "end of its zip package is missing"}},
		{"cut in the first part", func(testing.TB) []byte { return blank[:100] }, ReadOptions{}, []string{"corrupt or truncated", "interrupted"}},
		{"cut at 90%", func(testing.TB) []byte { return blank[:len(blank)*9/10] }, ReadOptions{}, []string{"corrupt or truncated"}},
		{"cut in the central directory", func(testing.TB) []byte { return blank[:len(blank)-300] }, ReadOptions{}, []string{"corrupt or truncated"}},
		{"cut in the end record", func(testing.TB) []byte { return blank[:len(blank)-10] }, ReadOptions{}, []string{"corrupt or truncated"}},
		{"last byte missing", func(testing.TB) []byte { return blank[:len(blank)-1] }, ReadOptions{}, []string{"corrupt or truncated"}},
		{"damaged part data", func(t testing.TB) []byte {
			return damagePart(t, blank, partOf(t, blank, "SOV-1"))
		}, ReadOptions{}, []string{`the part "xl/worksheets/sheet3.xml" of the workbook is damaged`, "save it again"}},
		{"part declares less than it holds", func(t testing.TB) []byte {
			// A bomb that lies in its header to pass the size limits:
			// archive/zip stops at the declared size.
			var compressed bytes.Buffer
			fw, _ := flate.NewWriter(&compressed, flate.BestSpeed)
			_, _ = fw.Write(bytes.Repeat([]byte(" "), 20<<20))
			require.NoError(t, fw.Close())
			parts := readParts(t, blank)
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			for _, p := range parts {
				if p.name == "xl/worksheets/sheet3.xml" {
					w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(nil),
						CompressedSize64: uint64(compressed.Len()), UncompressedSize64: 1000})
					require.NoError(t, err)
					_, _ = w.Write(compressed.Bytes())
					continue
				}
				w, _ := zw.Create(p.name)
				_, _ = w.Write(p.body)
			}
			require.NoError(t, zw.Close())
			return buf.Bytes()
		}, ReadOptions{}, []string{"xl/worksheets/sheet3.xml", "is damaged (zip: not a valid zip file)"}},
		{"zip bomb under a small --max-unzip-size", func(testing.TB) []byte { return blank }, ReadOptions{MaxUnzipSize: 100 << 10},
			[]string{"decompresses to more than the 100.0 KiB limit", "raise --max-unzip-size"}},
		{"one part over the part limit", func(t testing.TB) []byte { return padSheet(t, blank, 20<<20) }, ReadOptions{},
			[]string{`the part "xl/worksheets/sheet3.xml" decompresses to more than the 8 MiB limit for one part`, "declares 20.0 MiB", "raise --max-unzip-size"}},
		{"too many parts", func(t testing.TB) []byte {
			parts := readParts(t, blank)
			for i := range maxParts {
				parts = append(parts, zpart{fmt.Sprintf("customXml/item%d.xml", i), nil})
			}
			return writeParts(t, parts)
		}, ReadOptions{}, []string{"10021 parts, more than the 10000"}},
		{"billion laughs in the shared strings", sst(func(s string) string {
			s = strings.Replace(s, `<?xml version="1.0" encoding="UTF-8"?>`, billionLaughs("sst"), 1)
			return strings.Replace(s, "<t>Cloud Sovereignty Framework", "<t>&lol9;Cloud Sovereignty Framework", 1)
		}), ReadOptions{}, []string{"shared strings part", "invalid character entity &lol9;", "was crafted"}},
		{"external entity in the shared strings", sst(func(s string) string {
			s = strings.Replace(s, `<?xml version="1.0" encoding="UTF-8"?>`, `<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`, 1)
			return strings.Replace(s, "<t>Cloud Sovereignty Framework", "<t>&xxe;", 1)
		}), ReadOptions{}, []string{"shared strings part", "invalid character entity &xxe;"}},
		{"shared strings cut in half", sst(func(s string) string { return s[:len(s)/2] }), ReadOptions{}, []string{"shared strings part", "XML syntax error", "the file is damaged"}},
		{"billion laughs in the workbook part", func(t testing.TB) []byte {
			return editPart(t, blank, "xl/workbook.xml", func(s string) string {
				s = strings.Replace(s, `<?xml version="1.0" encoding="UTF-8"?>`, billionLaughs("workbook"), 1)
				return strings.Replace(s, `name="Cover"`, `name="&lol9;"`, 1)
			})
		}, ReadOptions{}, []string{"not well-formed XML", "invalid character entity &lol9;"}},
		{"OpenDocument with a compressed mimetype", func(t testing.TB) []byte {
			return writeParts(t, []zpart{{"mimetype", []byte("application/vnd.oasis.opendocument.spreadsheet")},
				{"content.xml", []byte("<office:document-content/>")}, {"META-INF/manifest.xml", []byte("<manifest/>")}})
		}, ReadOptions{}, []string{".ods", "Save As"}},
		{"Word document", func(t testing.TB) []byte {
			return writeParts(t, []zpart{{"[Content_Types].xml", nil}, {"word/document.xml", []byte("<w:document/>")}})
		}, ReadOptions{}, []string{"Word document"}},
		{"plain zip archive", func(t testing.TB) []byte {
			return writeParts(t, []zpart{{"assessment.xlsx", blank}})
		}, ReadOptions{}, []string{"zip archive but not an xlsx", "unzip it"}},
		{"binary workbook", func(t testing.TB) []byte {
			return writeParts(t, []zpart{{"[Content_Types].xml", []byte("<Types/>")}, {"xl/workbook.bin", []byte{0, 1, 2}}})
		}, ReadOptions{}, []string{".xlsb"}},
		{"two parts with the same name", func(t testing.TB) []byte {
			parts := readParts(t, filled)
			for _, p := range parts {
				if p.name == "xl/sharedStrings.xml" {
					parts = append(parts, zpart{"xl/SharedStrings.xml", p.body})
				}
			}
			return writeParts(t, parts)
		}, ReadOptions{}, []string{"two parts with the same name", `"xl/SharedStrings.xml"`}},
		{"part encrypted with a zip password", func(t testing.TB) []byte {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			for _, p := range readParts(t, blank) {
				h := &zip.FileHeader{Name: p.name, Method: zip.Deflate}
				if p.name == "xl/sharedStrings.xml" {
					h.Flags |= zipEncrypted
				}
				w, err := zw.CreateHeader(h)
				require.NoError(t, err)
				_, _ = w.Write(p.body)
			}
			require.NoError(t, zw.Close())
			return buf.Bytes()
		}, ReadOptions{}, []string{`the part "xl/sharedStrings.xml" of the workbook is encrypted`}},
		{"UTF-16 text export", func(testing.TB) []byte {
			return append([]byte{0xFF, 0xFE}, []byte("I\x00D\x00\t\x00A\x00")...)
		}, ReadOptions{}, []string{"UTF-16 text"}},
	}
}

// TestHostileFiles: inputs that are not a usable workbook at all give a
// FileError that says what the file is and what to do, in little memory
// (BenchmarkHostileFiles measures how fast).
func TestHostileFiles(t *testing.T) {
	for _, tt := range hostileFiles(t) {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data(t)
			var err error
			alloc := allocDuring(func() { _, err = OpenBytes(data, "x.xlsx", scoring.Default(), tt.opts) })
			fe := fileError(t, err)
			t.Log(fe.Message)
			for _, w := range tt.want {
				assert.Contains(t, fe.Message, w)
			}
			assert.Less(t, alloc, uint64(64<<20), "allocated %d MiB", alloc>>20)
		})
	}
}

// BenchmarkHostileFiles: refusing each input of TestHostileFiles takes
// milliseconds, not the time of reading what it claims to hold.
func BenchmarkHostileFiles(b *testing.B) {
	for _, tt := range hostileFiles(b) {
		b.Run(tt.name, func(b *testing.B) {
			data := tt.data(b)
			for b.Loop() {
				if _, err := OpenBytes(data, "x.xlsx", scoring.Default(), tt.opts); err == nil {
					b.Fatal("read as a workbook")
				}
			}
		})
	}
}

// TestZipBomb: a 300 MB sheet of white space compresses to a few hundred
// KB; it is refused from the sizes the zip declares, before anything is
// decompressed.
func TestZipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a 300 MB stream")
	}
	blank, _ := bases(t)
	bomb := padSheet(t, blank, 300<<20)
	require.Less(t, len(bomb), 1<<20)
	dir := t.TempDir()
	path := filepath.Join(dir, "bomb.xlsx")
	require.NoError(t, os.WriteFile(path, bomb, 0o444))

	var err error
	alloc := allocDuring(func() { _, err = Open(path, scoring.Default(), ReadOptions{}) })
	fe := fileError(t, err)
	assert.Less(t, alloc, uint64(4<<20)+uint64(len(bomb)), "allocated %d MiB", alloc>>20)
	assert.True(t, strings.HasPrefix(err.Error(), path+": "), err.Error())
	assert.Contains(t, fe.Message, "decompresses to more than the 256 MiB limit")
	assert.Contains(t, fe.Message, "--max-unzip-size")

	// Raising the limit lets the total through; the part limit, a
	// thirtysecond of it, still stops the sheet.
	_, err = Open(path, scoring.Default(), ReadOptions{MaxUnzipSize: 512 << 20})
	fe = fileError(t, err)
	assert.Contains(t, fe.Message, "more than the 16 MiB limit for one part")

	// Nothing is decompressed before the sizes are checked: with its data
	// damaged, the bomb is refused for its size all the same, not as
	// damaged, which only decompressing it could tell.
	for _, opts := range []ReadOptions{{}, {MaxUnzipSize: 512 << 20}} {
		_, want := Open(path, scoring.Default(), opts)
		_, err = OpenBytes(damagePart(t, bomb, partOf(t, blank, "SOV-1")), "bomb.xlsx", scoring.Default(), opts)
		assert.Equal(t, fileError(t, want).Message, fileError(t, err).Message)
	}
}

// damagePart flips bytes in the middle of a part's compressed data.
func damagePart(t testing.TB, data []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	for _, zf := range zr.File {
		if zf.Name == name {
			off, err := zf.DataOffset()
			require.NoError(t, err)
			out := bytes.Clone(data)
			for i := off + int64(zf.CompressedSize64)/2; i < off+int64(zf.CompressedSize64)/2+8; i++ {
				out[i] ^= 0x55
			}
			return out
		}
	}
	t.Fatalf("no part %s", name)
	return nil
}

// BenchmarkZipBomb: refusing the bomb of TestZipBomb.
func BenchmarkZipBomb(b *testing.B) {
	blank, _ := bases(b)
	bomb := padSheet(b, blank, 300<<20)
	for b.Loop() {
		if _, err := OpenBytes(bomb, "bomb.xlsx", scoring.Default(), ReadOptions{}); err == nil {
			b.Fatal("read as a workbook")
		}
	}
}

// TestEncryptedHostile: a password-protected workbook is checked like any
// other once decrypted.
func TestEncryptedHostile(t *testing.T) {
	blank, _ := bases(t)
	f, err := excelize.OpenReader(bytes.NewReader(padSheet(t, blank, 20<<20)), excelize.Options{UnzipXMLSizeLimit: 64 << 20})
	require.NoError(t, err)
	var enc bytes.Buffer
	require.NoError(t, f.Write(&enc, excelize.Options{Password: "pw"}))
	require.NoError(t, f.Close())

	_, err = OpenBytes(enc.Bytes(), "x.xlsx", scoring.Default(), ReadOptions{})
	assert.Contains(t, fileError(t, err).Message, "--password")
	_, err = OpenBytes(enc.Bytes(), "x.xlsx", scoring.Default(), ReadOptions{Password: "wrong"})
	assert.Contains(t, fileError(t, err).Message, "password given with --password does not open")
	_, err = OpenBytes(enc.Bytes(), "x.xlsx", scoring.Default(), ReadOptions{Password: "pw"})
	assert.Contains(t, fileError(t, err).Message, "limit for one part")
}

// TestCSVNamedXlsx: a CSV saved with an .xlsx name is named for what it is,
// with the path in front.
func TestCSVNamedXlsx(t *testing.T) {
	p := filepath.Join(t.TempDir(), "provider.xlsx")
	require.NoError(t, os.WriteFile(p, []byte("\xEF\xBB\xBFID;Answer;Confidence\nSOV-1.1;4;high\n"), 0o444))
	_, err := Open(p, scoring.Default(), ReadOptions{})
	assert.Contains(t, fileError(t, err).Message, "looks like CSV")
	assert.True(t, strings.HasPrefix(err.Error(), p+": "))
}

// TestOpenDocumentFile: a real .ods layout, mimetype first and stored.
func TestOpenDocumentFile(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	require.NoError(t, err)
	_, _ = io.WriteString(w, "application/vnd.oasis.opendocument.spreadsheet")
	for _, n := range []string{"content.xml", "styles.xml", "META-INF/manifest.xml"} {
		w, err := zw.Create(n)
		require.NoError(t, err)
		_, _ = io.WriteString(w, "<x/>")
	}
	require.NoError(t, zw.Close())
	_, err = OpenBytes(buf.Bytes(), "x.xlsx", scoring.Default(), ReadOptions{})
	assert.Contains(t, fileError(t, err).Message, "OpenDocument spreadsheet (.ods)")
}

// TestLimitMessages: every limit names the file, the limit and the flag
// that raises it.
func TestLimitMessages(t *testing.T) {
	blank, filled := bases(t)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o444))
		return p
	}
	tests := []struct {
		name string
		path string
		opts ReadOptions
		want []string
	}{
		{"file size", write("big.xlsx", filled), ReadOptions{MaxFileSize: 10 << 10}, []string{"over the 10.0 KiB limit", "--max-file-size"}},
		{"unzip size", write("unzip.xlsx", filled), ReadOptions{MaxUnzipSize: 64 << 10}, []string{"more than the 64.0 KiB limit", "--max-unzip-size"}},
		{"part size", write("part.xlsx", padSheet(t, blank, 2<<20)), ReadOptions{MaxXMLSize: 1 << 20}, []string{"more than the 1 MiB limit for one part", "--max-unzip-size"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(tt.path, scoring.Default(), tt.opts)
			fe := fileError(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), tt.path+": "), err.Error())
			for _, w := range tt.want {
				assert.Contains(t, fe.Message, w)
			}
		})
	}
	// The row limit is a problem of a sheet, not of the file: it names the
	// sheet, the row and the flag, and the assessment names the file.
	p := write("rows.xlsx", junkRows(t, filled, 100))
	a, err := Read(p, scoring.Default(), ReadOptions{MaxRows: 50})
	require.NoError(t, err)
	assert.Equal(t, p, a.File)
	is := findIssue(t, a.Issues, scoring.CodeCellUnreadable, "SOV-1")
	assert.Equal(t, "A52", is.Cell)
	assert.Contains(t, is.Message, "sheet SOV-1 has more than 50 non-empty rows; rows from 52 on were not read")
	assert.Contains(t, is.Message, "--max-rows")
}

// junkRows appends n rows of junk below the factor rows of SOV-1.
func junkRows(t testing.TB, data []byte, n int) []byte {
	t.Helper()
	var b strings.Builder
	for r := 13; r < 13+n; r++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>note %d</t></is></c><c r="B%d"><v>%d</v></c></row>`, r, r, r, r, r)
	}
	return editSheet(t, data, "SOV-1", beforeSheetData(b.String()))
}

func findIssue(t testing.TB, issues scoring.Issues, code, sheet string) scoring.Issue {
	t.Helper()
	for _, is := range issues {
		if is.Code == code && is.Sheet == sheet {
			return is
		}
	}
	t.Fatalf("no %s on %s in %v", code, sheet, issues)
	return scoring.Issue{}
}

// hostileSheet is damage inside a readable workbook, and the problem the
// reader must report for it.
type hostileSheet struct {
	name     string
	data     func(t testing.TB) []byte
	opts     ReadOptions
	code     string
	sheet    string
	cell     string
	factor   string
	inMsg    string
	severity scoring.Severity
	factors  int
}

// hostileSheets are the cases of TestHostileSheets and BenchmarkHostileSheets.
func hostileSheets(t testing.TB) []hostileSheet {
	blank, filled := bases(t)
	sov1 := func(edit func(string) string) func(t testing.TB) []byte {
		return func(t testing.TB) []byte { return editSheet(t, filled, "SOV-1", edit) }
	}
	const unreadable, missing, dup = scoring.CodeCellUnreadable, scoring.CodeSheetMissing, scoring.CodeSheetDuplicate
	return []hostileSheet{
		{"shared-string index out of range on an answer", sov1(func(s string) string {
			return setCell(t, s, "D5", `<c r="D5" s="9" t="s"><v>99999</v></c>`)
		}), ReadOptions{}, unreadable, "SOV-1", "D5", "SOV-1.1", "refers to shared string 99999, but the workbook has", scoring.Error, 48},
		{"shared-string reference not a number", sov1(func(s string) string {
			return setCell(t, s, "F6", `<c r="F6" s="9" t="s"><v>x1</v></c>`)
		}), ReadOptions{}, unreadable, "SOV-1", "F6", "SOV-1.2", `reference "x1" is not a number`, scoring.Error, 48},
		{"shared-string index out of range on the cover", func(t testing.TB) []byte {
			return editSheet(t, filled, CoverSheet, func(s string) string {
				return setCell(t, s, "B4", `<c r="B4" t="s"><v>-1</v></c>`)
			})
		}, ReadOptions{}, unreadable, CoverSheet, "B4", "", "refers to shared string -1", scoring.Error, 48},
		{"billion laughs in a sheet", sov1(func(s string) string {
			s = strings.Replace(s, `<?xml version="1.0" encoding="UTF-8"?>`, billionLaughs("worksheet"), 1)
			return setCell(t, s, "F7", `<c r="F7" t="inlineStr"><is><t>&lol9;</t></is></c>`)
		}), ReadOptions{}, unreadable, "SOV-1", "A7", "SOV-1.3", "damaged in row 7 (XML syntax error on line 2: invalid character entity &lol9;)", scoring.Error, 43},
		{"sheet XML cut short", sov1(func(s string) string { return s[:strings.Index(s, `<row r="9"`)+20] }),
			ReadOptions{}, unreadable, "SOV-1", "A9", "", "damaged in row 9 (XML syntax error on line 2: unexpected EOF)", scoring.Error, 44},
		{"damage after the cells", sov1(func(s string) string { return strings.Replace(s, "<mergeCells", "<mergeCells <", 1) }),
			ReadOptions{}, unreadable, "SOV-1", "", "", "damaged after its cells", scoring.Warning, 48},
		{"rows out of order", sov1(func(s string) string { return strings.Replace(s, `<row r="6"`, `<row r="5"`, 1) }),
			ReadOptions{}, unreadable, "SOV-1", "A5", "SOV-1.1", "out of order from row 5", scoring.Error, 47},
		{"cells out of order", sov1(func(s string) string {
			return strings.Replace(s, `<c r="A7"`, `<c r="H7" t="inlineStr"><is><t>x</t></is></c><c r="A7"`, 1)
		}), ReadOptions{}, unreadable, "SOV-1", "A7", "", "out of order from row 7", scoring.Error, 47},
		{"bad cell reference", sov1(func(s string) string { return strings.Replace(s, `<c r="D5"`, `<c r="D"`, 1) }),
			ReadOptions{}, unreadable, "SOV-1", "A5", "", `row 5 cannot be read (cannot convert cell "D" to coordinates`, scoring.Error, 47},
		{"many unreadable rows", func(t testing.TB) []byte {
			var b strings.Builder
			for r := 13; r < 113; r++ {
				fmt.Fprintf(&b, `<row r="%d"><c r="?"><v>1</v></c></row>`, r)
			}
			return editSheet(t, filled, "SOV-1", beforeSheetData(b.String()))
		}, ReadOptions{}, unreadable, "SOV-1", "", "", "and 80 more rows of sheet SOV-1 cannot be read", scoring.Error, 48},
		{"row numbered past Excel's last row", sov1(beforeSheetData(`<row r="2000000"><c r="A2000000"><v>1</v></c></row>`)),
			ReadOptions{}, unreadable, "SOV-1", "A13", "", "cannot be read past row 12 (a row is numbered beyond 1048576", scoring.Error, 48},
		{"10,000 junk rows under a low --max-rows", func(t testing.TB) []byte { return junkRows(t, filled, 10000) },
			ReadOptions{MaxRows: 1000}, unreadable, "SOV-1", "A1002", "", "more than 1000 non-empty rows; rows from 1002 on were not read", scoring.Error, 48},
		{"sheet names differing in case", func(t testing.TB) []byte {
			return editPart(t, filled, "xl/workbook.xml", func(s string) string {
				return strings.Replace(s, `name="Guide"`, `name="sov-1"`, 1)
			})
		}, ReadOptions{}, dup, "sov-1", "", "", "differ only in case", scoring.Error, 40},
		{"worksheet part missing", func(t testing.TB) []byte {
			var kept []zpart
			name := partOf(t, blank, "SOV-2")
			for _, p := range readParts(t, blank) {
				if p.name != name {
					kept = append(kept, p)
				}
			}
			return writeParts(t, kept)
		}, ReadOptions{}, missing, "SOV-2", "", "", "its part is missing", scoring.Error, 42},
	}
}

// TestHostileSheets: damage inside a readable workbook is reported on the
// cell or row it concerns; the rest of the workbook is still read
// (BenchmarkHostileSheets measures how fast).
func TestHostileSheets(t *testing.T) {
	for _, tt := range hostileSheets(t) {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data(t)
			b, err := OpenBytes(data, "x.xlsx", scoring.Default(), tt.opts)
			require.NoError(t, err)
			defer b.Close()
			var hit *scoring.Issue
			for i, is := range b.Assessment.Issues {
				if is.Sheet == tt.sheet && strings.Contains(is.Message, tt.inMsg) {
					hit = &b.Assessment.Issues[i]
					break
				}
			}
			require.NotNil(t, hit, "want %q on %s, got %v", tt.inMsg, tt.sheet, b.Assessment.Issues)
			t.Log(hit.String())
			assert.Equal(t, tt.code, hit.Code)
			assert.Equal(t, tt.cell, hit.Cell)
			assert.Equal(t, tt.factor, hit.Factor)
			assert.Equal(t, tt.severity, hit.Severity)
			assert.Equal(t, tt.factors, len(b.Assessment.Factors))
		})
	}
}

// BenchmarkHostileSheets: reading each workbook of TestHostileSheets.
func BenchmarkHostileSheets(b *testing.B) {
	for _, tt := range hostileSheets(b) {
		b.Run(tt.name, func(b *testing.B) {
			data := tt.data(b)
			for b.Loop() {
				bk, err := OpenBytes(data, "x.xlsx", scoring.Default(), tt.opts)
				if err != nil {
					b.Fatal(err)
				}
				_ = bk.Close()
			}
		})
	}
}

// TestAnswerCellForms: what a crafted or formula answer cell reads as and
// scores to. The cell XML replaces SOV-1!D5 (factor SOV-1.1, four answers).
func TestAnswerCellForms(t *testing.T) {
	_, filled := bases(t)
	fw := scoring.Default()
	p := mustDefaultProfile(t)
	tests := []struct {
		name    string
		cell    string
		text    string
		formula bool
		option  int
		codes   []string // expected on SOV-1!D5
	}{
		{"formula with a cached number", `<c r="D5"><f>2+2</f><v>4</v></c>`, "4", true, 4, []string{scoring.CodeFormula}},
		{"formula with a cached string", `<c r="D5" t="str"><f>"3. x"</f><v>3</v></c>`, "3", true, 3, []string{scoring.CodeFormula}},
		{"formula without a cached value", `<c r="D5"><f>A1</f></c>`, "", true, 0, []string{scoring.CodeFormula, scoring.CodeAnswerMissing}},
		{"shared formula", `<c r="D5"><f t="shared" si="0"/><v>2</v></c>`, "2", true, 2, []string{scoring.CodeFormula}},
		{"number stored as 4.0", `<c r="D5"><v>4.0</v></c>`, "4", false, 4, nil},
		{"number with float noise", `<c r="D5" t="n"><v>3.9999999999999996</v></c>`, "4", false, 4, nil},
		{"number in exponent form", `<c r="D5"><v>4E0</v></c>`, "4", false, 4, nil},
		{"fraction", `<c r="D5"><v>2.5</v></c>`, "2.5", false, 0, []string{scoring.CodeAnswerInvalid}},
		{"text with spaces", `<c r="D5" t="inlineStr"><is><t xml:space="preserve"> 4 </t></is></c>`, " 4 ", false, 4, nil},
		{"text 4.0 stays text", `<c r="D5" t="inlineStr"><is><t>4.0</t></is></c>`, "4.0", false, 0, []string{scoring.CodeAnswerInvalid}},
		{"boolean TRUE is not answer 1", `<c r="D5" t="b"><v>1</v></c>`, "TRUE", false, 0, []string{scoring.CodeAnswerInvalid}},
		{"error value", `<c r="D5" t="e"><v>#N/A</v></c>`, "#N/A", false, 0, []string{scoring.CodeAnswerInvalid}},
		{"rich text", `<c r="D5" t="inlineStr"><is><r><t>2</t></r><r><t>. rich</t></r></is></c>`, "2. rich", false, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := editSheet(t, filled, "SOV-1", func(s string) string { return setCell(t, s, "D5", tt.cell) })
			b := openBook(t, data)
			e, ok := b.Assessment.Entry("SOV-1.1")
			require.True(t, ok)
			assert.Equal(t, tt.text, e.Answer.Text)
			assert.Equal(t, tt.formula, e.Answer.Formula)
			assert.Equal(t, scoring.Location{Sheet: "SOV-1", Cell: "D5"}, e.Loc(e.Answer))
			r := scoring.Evaluate(fw, b.Assessment, p)
			fr, ok := r.FactorResult("SOV-1.1")
			require.True(t, ok)
			assert.Equal(t, tt.option, fr.Option)
			var codes []string
			for _, i := range fr.Issues {
				if i.Cell == "D5" && i.Code != scoring.CodeClaimMismatch && i.Code != scoring.CodeAnswerLabel {
					codes = append(codes, i.Code)
				}
			}
			assert.ElementsMatch(t, tt.codes, codes, fr.Issues)
		})
	}
}

// TestNumericAnswerCell: a real numeric cell with the "0.00" format, as a
// spreadsheet program writes it, reads as 4 (raw value), not "4.00".
func TestNumericAnswerCell(t *testing.T) {
	_, filled := bases(t)
	data := rewrite(t, filled, func(f *excelize.File) {
		st, err := f.NewStyle(&excelize.Style{NumFmt: 2})
		require.NoError(t, err)
		require.NoError(t, f.SetCellInt("SOV-1", "D5", 4))
		require.NoError(t, f.SetCellStyle("SOV-1", "D5", "D5", st))
		require.NoError(t, f.SetCellFloat("SOV-1", "D6", 4.0, -1, 64))
		require.NoError(t, f.SetCellStyle("SOV-1", "D6", "D6", st))
		shown, err := f.GetCellValue("SOV-1", "D5")
		require.NoError(t, err)
		require.Equal(t, "4.00", shown)
	})
	b := openBook(t, data)
	for _, id := range []string{"SOV-1.1", "SOV-1.2"} {
		e, ok := b.Assessment.Entry(id)
		require.True(t, ok)
		assert.Equal(t, "4", e.Answer.Text, id)
	}
}

// TestOddUnicodeAnswers: invisible and compatibility characters pasted
// with an answer do not change the option it scores. Each text is the
// answer of SOV-1.1, whose option 3 is the wanted one.
func TestOddUnicodeAnswers(t *testing.T) {
	fw := scoring.Default()
	f11, ok := fw.Factor("SOV-1.1")
	require.True(t, ok)
	label := f11.Answers[2].Display() // "3. ..."
	tests := []struct{ name, text string }{
		{"non-breaking spaces", "\u00a03\u00a0"},
		{"narrow no-break space", "3\u202f"},
		{"zero-width space", "\u200b3"},
		{"zero-width joiner", "3\u200d"},
		{"byte order mark", "\ufeff3"},
		{"right-to-left mark", "\u200f3"},
		{"left-to-right embedding", "\u202a3\u202c"},
		{"full-width digit", "\uff13"},
		{"full-width digit and stop", "\uff13\uff0e"},
		{"ideographic space", "\u30003\u3000"},
		{"line separator", "3\u2028"},
		{"label with non-breaking spaces", strings.ReplaceAll(label, " ", "\u00a0")},
		{"label with zero-width spaces", strings.ReplaceAll(label, " ", "\u200b ")},
		{"label with a right-to-left mark", "\u200f" + label},
		{"label in full-width digits", "\uff13\uff0e" + strings.TrimPrefix(label, "3.")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := filledAssessment(fw)
			a.Factors[0].Answer.Text = tt.text
			b := openBook(t, templateBytes(t, fw, a))
			e, ok := b.Assessment.Entry("SOV-1.1")
			require.True(t, ok)
			assert.Equal(t, tt.text, e.Answer.Text, "read verbatim")
			r := scoring.Evaluate(fw, b.Assessment, mustDefaultProfile(t))
			fr, ok := r.FactorResult("SOV-1.1")
			require.True(t, ok)
			assert.Equal(t, 3, fr.Option, "%q: %v", tt.text, fr.Issues)
			for _, i := range fr.Issues {
				assert.NotEqual(t, scoring.CodeAnswerLabel, i.Code, i.Message)
			}
		})
	}
}

// largeSheet is a workbook whose sheets are large or spread far.
type largeSheet struct {
	name string
	data func(t testing.TB) []byte
}

// largeSheets are the cases of TestLargeSheets and BenchmarkLargeSheets.
func largeSheets(t testing.TB) []largeSheet {
	_, filled := bases(t)
	header := func(t testing.TB) []byte {
		// 16,384 header cells: the real headers, then "Extra" to XFD.
		var b strings.Builder
		for c := 8; c <= excelize.MaxColumns; c++ {
			n, _ := excelize.CoordinatesToCellName(c, 4)
			fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t>Extra %d</t></is></c>`, n, c)
		}
		return editSheet(t, filled, "SOV-1", func(s string) string {
			i := strings.Index(s, `<row r="5"`)
			return s[:i-len("</row>")] + b.String() + s[i-len("</row>"):]
		})
	}
	return []largeSheet{
		{"10,000 junk rows", func(t testing.TB) []byte { return junkRows(t, filled, 10000) }},
		{"stray cell at XFD1048576", func(t testing.TB) []byte {
			return editSheet(t, filled, "SOV-1", beforeSheetData(`<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>oops</t></is></c></row>`))
		}},
		{"16,384 header columns", header},
		{"a million empty rows", func(t testing.TB) []byte {
			return editSheet(t, filled, "SOV-1", beforeSheetData(strings.Repeat("<row/>", excelize.TotalRows-100)))
		}},
	}
}

// TestLargeSheets: sheets that are large or spread far are read whole,
// without a problem (BenchmarkLargeSheets measures how fast).
func TestLargeSheets(t *testing.T) {
	for _, tt := range largeSheets(t) {
		t.Run(tt.name, func(t *testing.T) {
			b := openBook(t, tt.data(t))
			assert.Empty(t, b.Assessment.Issues)
			assert.Len(t, b.Assessment.Factors, 48)
		})
	}
}

// BenchmarkLargeSheets: reading each workbook of TestLargeSheets.
func BenchmarkLargeSheets(b *testing.B) {
	for _, tt := range largeSheets(b) {
		b.Run(tt.name, func(b *testing.B) {
			data := tt.data(b)
			for b.Loop() {
				bk, err := OpenBytes(data, "x.xlsx", scoring.Default(), ReadOptions{})
				if err != nil {
					b.Fatal(err)
				}
				_ = bk.Close()
			}
		})
	}
}

// TestPanicBecomesFileError: a panic while reading (here a nil framework,
// as excelize would panic on some input) is returned as a FileError.
func TestPanicBecomesFileError(t *testing.T) {
	blank, _ := bases(t)
	b, err := OpenBytes(blank, "x.xlsx", nil, ReadOptions{})
	assert.Nil(t, b)
	var fe *FileError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, scoring.CodeFileUnreadable, fe.Code)
	assert.Contains(t, fe.Message, "internal error reading the workbook")
	assert.Contains(t, fe.Message, "please report")
	assert.Contains(t, fe.Err.Error(), "panic: ")
}

// TestInputUntouched: reading never writes to the input, even a broken one.
func TestInputUntouched(t *testing.T) {
	_, filled := bases(t)
	dir := t.TempDir()
	for name, data := range map[string][]byte{"good.xlsx": filled, "cut.xlsx": filled[:len(filled)/3]} {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o444))
		old := time.Now().Add(-time.Hour).Truncate(time.Second)
		require.NoError(t, os.Chtimes(p, old, old))
		if b, err := Open(p, scoring.Default(), ReadOptions{}); err == nil {
			require.NoError(t, b.Close())
		}
		st, err := os.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, old, st.ModTime())
		assert.Equal(t, os.FileMode(0o444), st.Mode().Perm())
		got, err := os.ReadFile(p)
		require.NoError(t, err)
		assert.Equal(t, data, got)
	}
}

// fuzzOptions keep each fuzz run small.
var fuzzOptions = ReadOptions{MaxFileSize: 4 << 20, MaxUnzipSize: 4 << 20, MaxRows: 500}

// checkRead asserts the reader's contract on any input: a FileError, or an
// assessment that Evaluate scores within the framework's ladders.
func checkRead(t *testing.T, b *Book, err error) {
	fw := scoring.Default()
	if err != nil {
		var fe *FileError
		require.ErrorAs(t, err, &fe)
		require.Equal(t, scoring.CodeFileUnreadable, fe.Code)
		require.NotEmpty(t, fe.Message)
		require.NotContains(t, fe.Message, "internal error", "a panic was recovered: %v", fe.Err)
		return
	}
	defer b.Close()
	seen := map[string]bool{}
	for _, e := range b.Assessment.Factors {
		_, ok := fw.Factor(e.ID)
		require.True(t, ok, e.ID)
		require.False(t, seen[e.ID], "duplicate %s", e.ID)
		seen[e.ID] = true
		require.NotEmpty(t, e.Loc(e.Answer).Sheet)
	}
	for _, is := range b.Assessment.Issues {
		require.NotEmpty(t, is.Message)
	}
	p, perr := fw.ResolveProfile("")
	require.NoError(t, perr)
	r := scoring.Evaluate(fw, b.Assessment, p)
	for _, fr := range r.Factors {
		if fr.Option != 0 {
			_, ok := fr.Factor.Answer(fr.Option)
			require.True(t, ok, "%s option %d", fr.Factor.ID, fr.Option)
		}
	}
}

// FuzzOpenBytes: no input panics the reader (a recovered panic fails the
// fuzz run too) or breaks its contract. Seeds: the template, blank and
// filled, cut at several points, the minimal package of FuzzSheetXML, and
// the committed corpus in testdata/fuzz/FuzzOpenBytes.
func FuzzOpenBytes(f *testing.F) {
	blank, filled := bases(f)
	small := minimalPackage([]byte(seedSheet), []byte(seedSST))
	for _, d := range [][]byte{blank, filled, blank[:len(blank)/2], filled[:len(filled)-30], blank[:200], nil, []byte("PK\x03\x04"), small, small[:len(small)-40]} {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := OpenBytes(data, "fuzz.xlsx", scoring.Default(), fuzzOptions)
		checkRead(t, b, err)
	})
}

// minimalPackage is the smallest workbook the reader accepts: one
// objective sheet and optional shared strings, given as XML. Its parts are
// zipped intact, so fuzzing the XML reaches excelize and the scan instead
// of failing the checksum.
func minimalPackage(sheetXML, sstXML []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, body []byte) {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		_, _ = w.Write(body)
	}
	add("[Content_Types].xml", []byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`))
	add("_rels/.rels", []byte(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`))
	add("xl/workbook.xml", []byte(`<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="SOV-1" sheetId="1" r:id="rId1"/></sheets></workbook>`))
	add("xl/_rels/workbook.xml.rels", []byte(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`))
	add("xl/worksheets/sheet1.xml", sheetXML)
	if sstXML != nil {
		add("xl/sharedStrings.xml", sstXML)
	}
	_ = zw.Close()
	return buf.Bytes()
}

const (
	seedSheet = `<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>Confidence</t></is></c><c r="D1" t="inlineStr"><is><t>Justification</t></is></c><c r="E1" t="inlineStr"><is><t>Sources</t></is></c></row>
<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>4</v></c><c r="C2" t="str"><f>"high"</f><v>high</v></c><c r="D2" t="inlineStr"><is><t>See (src: https://a.example/x)</t></is></c><c r="E2" t="s"><v>3</v></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>SOV-1.2</t></is></c><c r="B3" t="inlineStr"><is><t>３. label</t></is></c><c r="C3" t="b"><v>1</v></c></row>
<row r="5"><c r="A5" t="inlineStr"><is><t>SOV-1.3</t></is></c><c r="B5" t="s"><v>99</v></c></row>
</sheetData><mergeCells count="1"><mergeCell ref="A5:B5"/></mergeCells></worksheet>`
	seedSST = `<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>ID</t></si><si><t>Answer</t></si><si><r><t>SOV-</t></r><r><t>1.1</t></r></si><si><t>https://a.example/x</t></si></sst>`
)

// FuzzSheetXML: any sheet and shared-strings XML, in an intact package.
func FuzzSheetXML(f *testing.F) {
	f.Add([]byte(seedSheet), []byte(seedSST))
	f.Add([]byte(seedSheet), []byte(nil))
	f.Add([]byte(strings.Replace(seedSheet, `<row r="5"`, `<row r="1048577"`, 1)), []byte(seedSST))
	f.Add([]byte(strings.Replace(seedSheet, `<?xml version="1.0" encoding="UTF-8"?>`, billionLaughs("worksheet"), 1)), []byte(seedSST))
	f.Add([]byte(seedSheet), []byte(strings.Replace(seedSST, `<t>ID</t>`, `<t>&lol;</t>`, 1)))
	f.Fuzz(func(t *testing.T, sheetXML, sstXML []byte) {
		b, err := OpenBytes(minimalPackage(sheetXML, sstXML), "fuzz.xlsx", scoring.Default(), fuzzOptions)
		checkRead(t, b, err)
	})
}

// TestMinimalPackage: the fuzz seed reads as intended, so the fuzzer
// starts from a workbook that exercises every path of the reader.
func TestMinimalPackage(t *testing.T) {
	b, err := OpenBytes(minimalPackage([]byte(seedSheet), []byte(seedSST)), "x.xlsx", scoring.Default(), ReadOptions{})
	require.NoError(t, err)
	defer b.Close()
	require.Len(t, b.Assessment.Factors, 3)
	e, _ := b.Assessment.Entry("SOV-1.1")
	assert.Equal(t, "4", e.Answer.Text)
	assert.Equal(t, "high", e.Confidence.Text)
	e, _ = b.Assessment.Entry("SOV-1.3")
	assert.Equal(t, "B5", e.Loc(e.Answer).Cell)
	var msgs []string
	for _, i := range b.Assessment.Issues {
		msgs = append(msgs, i.Location()+" "+i.Message)
	}
	joined := strings.Join(msgs, "\n")
	assert.Contains(t, joined, "SOV-1!B5 the cell B5 is damaged: it refers to shared string 99")
	assert.Contains(t, joined, "SOV-1!B5 B5 is inside the merged range A5:B5")
}

// update rewrites the files under testdata/ that the tests generate, as
// -update does in every package of the module.
var update = flag.Bool("update", false, "rewrite the seed corpora in testdata/fuzz from the helpers that make them")

// TestWriteFuzzSeeds writes the committed seed corpora of FuzzOpenBytes and
// FuzzSheetXML from the helpers above; run it with -update (or
// SOVSCORE_WRITE_FUZZ_SEEDS=1) after changing them.
func TestWriteFuzzSeeds(t *testing.T) {
	if !*update && os.Getenv("SOVSCORE_WRITE_FUZZ_SEEDS") == "" {
		t.Skip("run with -update to rewrite testdata/fuzz")
	}
	sheet := func(old, new string) []byte { return []byte(strings.Replace(seedSheet, old, new, 1)) }
	endRows := func(rows string) []byte { return sheet("</sheetData>", rows+"</sheetData>") }
	lyingPart := func() []byte {
		var compressed bytes.Buffer
		fw, _ := flate.NewWriter(&compressed, flate.BestCompression)
		_, _ = fw.Write(bytes.Repeat([]byte(" "), 64<<10))
		require.NoError(t, fw.Close())
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
			w, err := zw.Create(name)
			require.NoError(t, err)
			_, _ = io.WriteString(w, "<x/>")
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
			CompressedSize64: uint64(compressed.Len()), UncompressedSize64: 100})
		require.NoError(t, err)
		_, _ = w.Write(compressed.Bytes())
		require.NoError(t, zw.Close())
		return buf.Bytes()
	}
	small := minimalPackage([]byte(seedSheet), []byte(seedSST))
	openBytes := map[string][]byte{
		"minimal":                  small,
		"minimal-cut":              small[:len(small)-40],
		"sst-billion-laughs":       minimalPackage([]byte(seedSheet), []byte(strings.Replace(strings.Replace(seedSST, `<?xml version="1.0" encoding="UTF-8"?>`, billionLaughs("sst"), 1), "<t>ID</t>", "<t>&lol9;</t>", 1))),
		"row-2000000":              minimalPackage(endRows(`<row r="2000000"><c r="A2000000"><v>1</v></c></row>`), []byte(seedSST)),
		"stray-xfd1048576":         minimalPackage(endRows(`<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`), []byte(seedSST)),
		"part-declares-less":       lyingPart(),
		"ods":                      writeParts(t, []zpart{{"mimetype", []byte("application/vnd.oasis.opendocument.spreadsheet")}, {"content.xml", []byte("<x/>")}}),
		"docx":                     writeParts(t, []zpart{{"[Content_Types].xml", []byte("<Types/>")}, {"word/document.xml", []byte("<w:document/>")}}),
		"csv":                      []byte("ID;Answer;Confidence\nSOV-1.1;4;high\n"),
		"encrypted-header-no-body": append(bytes.Clone(oleSignature), make([]byte, 512)...),
	}
	sheetXML := map[string][2][]byte{
		"rows-out-of-order":  {sheet(`<row r="3">`, `<row r="2">`), []byte(seedSST)},
		"cells-out-of-order": {sheet(`<c r="A3"`, `<c r="H3"><v>1</v></c><c r="A3"`), []byte(seedSST)},
		"formulas":           {sheet(`<c r="B2"><v>4</v></c>`, `<c r="B2"><f t="shared" si="0" ref="B2:B9">1+3</f><v>4.0000000000000001</v></c>`), []byte(seedSST)},
		"xxe":                {sheet(`<?xml version="1.0" encoding="UTF-8"?>`, `<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>`), []byte(strings.Replace(seedSST, "<t>ID</t>", "<t>&x;</t>", 1))},
		"prefixed":           {[]byte(strings.NewReplacer("<worksheet xmlns=", "<x:worksheet xmlns:x=", "</worksheet>", "</x:worksheet>", "<sheetData>", "<x:sheetData>", "</sheetData>", "</x:sheetData>", "<row ", "<x:row ", "</row>", "</x:row>", "<c ", "<x:c ", "</c>", "</x:c>", "<v>", "<x:v>", "</v>", "</x:v>").Replace(seedSheet)), []byte(seedSST)},
		"header-at-xfd":      {sheet(`<c r="B1" t="s"><v>1</v></c>`, `<c r="XFD1" t="s"><v>1</v></c>`), []byte(seedSST)},
		"latin1":             {[]byte(strings.Replace(strings.Replace(seedSheet, "UTF-8", "ISO-8859-1", 1), "３. label", "3. \xe9t\xe9", 1)), []byte(seedSST)},
		"no-sst":             {[]byte(seedSheet), nil},
	}
	write := func(fuzz, name string, args ...[]byte) {
		dir := filepath.Join("testdata", "fuzz", fuzz)
		require.NoError(t, os.MkdirAll(dir, 0o755))
		var b strings.Builder
		b.WriteString("go test fuzz v1\n")
		for _, a := range args {
			fmt.Fprintf(&b, "[]byte(%q)\n", a)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644))
	}
	for name, data := range openBytes {
		write("FuzzOpenBytes", name, data)
	}
	for name, args := range sheetXML {
		write("FuzzSheetXML", name, args[0], args[1])
	}
}
