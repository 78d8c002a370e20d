package workbook

import (
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// An assessment date typed into Excel (2026-03-15, 15/03/2026) is stored
// as a number, the days since 1900 (or 1904), in a cell whose format is a
// date format; the Rows iterator returns it as that format shows it, and
// excelize shows Excel's short-date format 14 as "03-15-26", month first,
// whatever the computer's language. The reader therefore reads a date
// cell's number itself and gives scoring the date as YYYY-MM-DD.

// excelDate returns the date of a cover cell as YYYY-MM-DD when the cell
// holds a number in a date format; ok is false for any other cell, whose
// text is then read as written (and checked by scoring.ParseDate).
func (r *reader) excelDate(c cellFacts) (iso string, ok bool) {
	if c.typ != "" && c.typ != "n" {
		return "", false
	}
	serial, err := strconv.ParseFloat(strings.TrimSpace(c.value), 64)
	if err != nil || math.IsNaN(serial) || serial < 1 || serial >= 2958466 { // 2958466 is 10000-01-01
		return "", false
	}
	if !r.dateFormat(c.style) {
		return "", false
	}
	var date1904 bool
	if props, err := r.f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	// The day: a time of day in the fraction does not change it.
	t, err := excelize.ExcelDateToTime(math.Floor(serial), date1904)
	if err != nil {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

// dateFormat reports whether the cell format of index style shows a number
// as a date. A style sheet too damaged for excelize's GetStyle (which reads
// every part of the format, and can panic on a crafted one) makes it false:
// the date is then read as the Rows iterator shows it, rather than the
// whole workbook being lost.
func (r *reader) dateFormat(style int) (isDate bool) {
	if style <= 0 {
		return false
	}
	defer func() {
		if recover() != nil {
			isDate = false
		}
	}()
	st, err := r.f.GetStyle(style)
	if err != nil || st == nil {
		return false
	}
	if st.CustomNumFmt != nil {
		return dateFormatCode(*st.CustomNumFmt)
	}
	return builtinDateFormat(st.NumFmt)
}

// builtinDateFormat reports whether a built-in number format (ECMA-376
// part 1, 18.8.30) is a date: 14 to 17 and 22 (with a time), and the East
// Asian dates 27 to 31, 36 and 50 to 58. The time formats (18 to 21, 32 to
// 35, 45 to 47) are not.
func builtinDateFormat(id int) bool {
	switch {
	case id >= 14 && id <= 17, id == 22:
		return true
	case id >= 27 && id <= 31, id == 36, id >= 50 && id <= 58:
		return true
	}
	return false
}

// dateFormatCode reports whether a custom number format code shows a
// date: its first section has a year or day token (y or d) outside quoted
// text, escaped characters and [bracketed] codes such as colours, locales
// and elapsed times ([h]). (Some East Asian formats write the year "e", but
// so does scientific notation, "0.00E+00": they are read as written.)
func dateFormatCode(code string) bool {
	section, _, _ := strings.Cut(code, ";")
	var b strings.Builder
	inQuote, inBracket := false, false
	for i := 0; i < len(section); i++ {
		c := section[i]
		switch {
		case inQuote:
			inQuote = c != '"'
		case inBracket:
			inBracket = c != ']'
		case c == '"':
			inQuote = true
		case c == '[':
			inBracket = true
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is shown (or padded) as is
		default:
			b.WriteByte(c)
		}
	}
	plain := strings.ToLower(b.String())
	if strings.Contains(plain, "general") {
		return false
	}
	return strings.ContainsAny(plain, "yd")
}
