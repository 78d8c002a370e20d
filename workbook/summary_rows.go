package workbook

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// sumRows spools the body rows of the summary sheets to a temporary file,
// one section per sheet part, so that memory does not grow with the number
// of rows: excelize's stream writer keeps up to 16 MB of every sheet in
// memory. sumZip splices each section into its part when the workbook is
// written.
//
// Rows are encoded exactly as excelize's StreamWriter.SetRow encodes them
// (excelize v2.11.1, stream.go and cell.go), for the values the summary
// writes: strings, float64, int and nil, with a style and a row height;
// other values are refused. The summary sets no row or column styles, so a
// cell's style is its own. TestSumRowsLikeStreamWriter compares the two.
type sumRows struct {
	file  *os.File
	name  string // still to remove on close; "" once unlinked
	w     *bufio.Writer
	size  int64                 // bytes written to w
	parts map[string]sumSection // the rows of each part
	part  string                // the part being written, "" if none
	start int64                 // where the rows of part start
	last  int                   // the last row number written or reserved
	buf   []byte                // one row, encoded
	esc   bytes.Buffer          // one string, escaped
	cols  []string              // column names, A, B, ...
}

// sumSection is a part's rows in the temporary file.
type sumSection struct{ off, n int64 }

// sumRowsBuffer is what sumRows holds of the file in memory.
const sumRowsBuffer = 64 << 10

// begin starts the rows of a sheet part, which follow row after (the last
// row excelize writes itself). The temporary file is made at the first
// call.
func (r *sumRows) begin(part string, after int) error {
	if r.part != "" {
		return fmt.Errorf("rows of %s not ended", r.part)
	}
	if _, ok := r.parts[part]; ok {
		return fmt.Errorf("rows of %s written twice", part)
	}
	if r.file == nil {
		f, err := os.CreateTemp("", "sovscore-summary-*")
		if err != nil {
			return err
		}
		r.file, r.name, r.w = f, f.Name(), bufio.NewWriterSize(f, sumRowsBuffer)
		// An open file without a name lives until it is closed, and is
		// gone even if the process is killed; on Windows an open file
		// cannot be removed, close does it there.
		if runtime.GOOS != "windows" && os.Remove(f.Name()) == nil {
			r.name = ""
		}
		r.parts = map[string]sumSection{}
	}
	r.part, r.start, r.last = part, r.size, after
	return nil
}

// end ends the rows of the part begun.
func (r *sumRows) end() {
	r.parts[r.part] = sumSection{r.start, r.size - r.start}
	r.part = ""
}

// section returns the rows of part, nil if it has none. Rows still in the
// buffer are written to the file first.
func (r *sumRows) section(part string) (*io.SectionReader, error) {
	s, ok := r.parts[part]
	if !ok || s.n == 0 {
		return nil, nil
	}
	if err := r.w.Flush(); err != nil {
		return nil, err
	}
	return io.NewSectionReader(r.file, s.off, s.n), nil
}

// close closes the temporary file and removes it if it still has a name.
func (r *sumRows) close() error {
	if r.file == nil {
		return nil
	}
	err := r.file.Close()
	if r.name != "" {
		if rerr := os.Remove(r.name); err == nil {
			err = rerr
		}
	}
	r.file, r.name = nil, ""
	return err
}

// row writes row number num, its cells from column A on, height points
// tall (0: the default height), as SetRow(cell, rowValues(cells),
// excelize.RowOpts{Height: height}) would.
func (r *sumRows) row(num int, cells []sumCell, height float64) error {
	if r.part == "" {
		return errors.New("row written outside a sheet")
	}
	if num <= r.last {
		// SetRow's rule: rows in ascending order.
		return fmt.Errorf("row %d written after row %d", num, r.last)
	}
	if height > excelize.MaxRowHeight {
		return excelize.ErrMaxRowHeight
	}
	r.last = num
	b := append(r.buf[:0], `<row r="`...)
	b = strconv.AppendInt(b, int64(num), 10)
	b = append(b, '"')
	if height > 0 {
		b = append(b, ` ht="`...)
		b = strconv.AppendFloat(b, height, 'f', -1, 64)
		b = append(b, `" customHeight="1"`...)
	}
	b = append(b, '>')
	for i, c := range cells {
		var err error
		if b, err = r.cell(b, i+1, num, c); err != nil {
			r.buf = b
			return fmt.Errorf("%s%d: %w", r.col(i+1), num, err)
		}
	}
	b = append(b, `</row>`...)
	r.buf = b
	n, err := r.w.Write(b)
	r.size += int64(n)
	return err
}

// col returns the name of column n (from 1).
func (r *sumRows) col(n int) string {
	for len(r.cols) < n {
		name, err := excelize.ColumnNumberToName(len(r.cols) + 1)
		if err != nil {
			return "?"
		}
		r.cols = append(r.cols, name)
	}
	return r.cols[n-1]
}

// cell appends the cell at column col of row num to b, as excelize's
// writeCell does: <c r s t>, then <v> or <is><t>, then </c>.
func (r *sumRows) cell(b []byte, col, num int, c sumCell) ([]byte, error) {
	if col > excelize.MaxColumns {
		return b, excelize.ErrColumnNumber
	}
	b = append(b, `<c r="`...)
	b = append(b, r.col(col)...)
	b = strconv.AppendInt(b, int64(num), 10)
	b = append(b, '"')
	if c.style > 0 {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(c.style), 10)
		b = append(b, '"')
	}
	switch v := c.v.(type) {
	case nil:
		// An empty cell keeps its style, as a Cell with a nil Value does.
		b = append(b, '>')
	case int:
		b = append(b, `><v>`...)
		b = strconv.AppendInt(b, int64(v), 10)
		b = append(b, `</v>`...)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			// excelize writes them as text: NaN, +Inf, -Inf.
			return r.inlineStr(b, fmt.Sprint(v)), nil
		}
		b = append(b, `><v>`...)
		b = append(b, sumFormatFloat(v)...)
		b = append(b, `</v>`...)
	case string:
		return r.inlineStr(b, v), nil
	default:
		return b, fmt.Errorf("summary cell of type %T not supported", c.v)
	}
	return append(b, `</c>`...), nil
}

// inlineStr appends the rest of a cell holding an inline string, as
// excelize's setInlineStr and writeCell do.
func (r *sumRows) inlineStr(b []byte, s string) []byte {
	// trimCellValue: cut to the cell limit, in UTF-16 code units (never
	// more than bytes, hence the quick test).
	if len(s) > excelize.TotalCellChars {
		s = sumTruncUTF16(s, excelize.TotalCellChars)
	}
	b = append(b, ` t="inlineStr"><is><t`...)
	if s != "" && (sumSpace(s[0]) || sumSpace(s[len(s)-1])) {
		b = append(b, ` xml:space="preserve"`...)
	}
	b = append(b, '>')
	if s != "" {
		r.esc.Reset()
		_ = xml.EscapeText(&r.esc, []byte(s)) // writes to a bytes.Buffer: no error
		e := r.esc.Bytes()
		// excelize keeps line feeds as they are.
		if bytes.Contains(e, []byte("&#xA;")) {
			e = bytes.ReplaceAll(e, []byte("&#xA;"), []byte("\n"))
		}
		b = sumBstrMarshal(b, e)
	}
	return append(b, `</t></is></c>`...)
}

// sumSpace reports whether a string starting or ending with c needs
// xml:space="preserve" (tab, line feed, carriage return, space).
func sumSpace(c byte) bool { return c == 9 || c == 10 || c == 13 || c == 32 }

// sumTruncUTF16 cuts s to at most n UTF-16 code units, as excelize's
// truncateUTF16Units does.
func sumTruncUTF16(s string, n int) string {
	cnt := 0
	for i, c := range s {
		if cnt += utf16.RuneLen(c); cnt > n {
			return s[:i]
		}
	}
	return s
}

// sumFormatFloat formats a number as excelize's formatCellFloat does with
// automatic precision: the shortest decimal form, cut (not rounded) to
// Excel's 15 significant digits.
func sumFormatFloat(v float64) string {
	str := strconv.FormatFloat(v, 'f', -1, 64)
	if math.Abs(v) == math.MaxFloat64 {
		return str
	}
	const maxPrec = 15
	decimal := strings.IndexByte(str, '.')
	significant := 0
	for idx := range str {
		if str[idx] < '0' || str[idx] > '9' || significant == 0 && str[idx] == '0' {
			continue
		}
		significant++
		if significant <= maxPrec {
			continue
		}
		if decimal >= 0 && idx > decimal {
			return strings.TrimSuffix(str[:idx], ".")
		}
		if decimal < 0 {
			decimal = len(str)
		}
		truncated := []byte(str[:decimal])
		for ; idx < len(truncated); idx++ {
			truncated[idx] = '0'
		}
		return string(truncated)
	}
	return str
}

// excelize's patterns for the _xHHHH_ escapes of characters not allowed
// in XML 1.0.
var (
	sumBstrExp       = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)
	sumBstrEscapeExp = regexp.MustCompile(`x[a-fA-F\d]{4}_`)
)

// sumBstrMarshal appends s to b with the text that would read as an
// _xHHHH_ escape escaped, as excelize's bstrMarshal does (including its
// treatment of _x005F_).
func sumBstrMarshal(b, s []byte) []byte {
	if !bytes.Contains(s, []byte("_x")) {
		return append(b, s...)
	}
	matches, l, cursor := sumBstrExp.FindAllIndex(s, -1), len(s), 0
	for _, match := range matches {
		b = append(b, s[cursor:match[0]]...)
		sub := s[match[0]:match[1]]
		if string(sub) == "_x005F_" {
			cursor = match[1]
			if match[1]+6 <= l && sumBstrEscapeExp.Match(s[match[1]:match[1]+6]) {
				if _, err := strconv.Unquote(`"\u` + string(s[match[1]+1:match[1]+5]) + `"`); err == nil {
					b = append(b, sub...)
					b = append(b, "x005F"...)
					b = append(b, sub...)
					continue
				}
			}
			b = append(b, sub...)
			b = append(b, "x005F_"...)
			continue
		}
		cursor = match[1]
		if _, err := strconv.Unquote(`"\u` + string(s[match[0]+2:match[1]-1]) + `"`); err == nil {
			b = append(b, "_x005F"...)
			b = append(b, sub...)
			continue
		}
	}
	if cursor < l {
		b = append(b, s[cursor:]...)
	}
	return b
}
