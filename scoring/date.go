package scoring

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Assessment dates are read in the forms a European assessor writes
// them: ISO (2026-05-12, also with a time), DD/MM/YYYY and DD.MM.YYYY.
// Anything else, in particular a two-digit year (11/3/26) or a form that
// may be month-first (03-15-26), is refused rather than guessed: a date in
// a procurement dossier must be the one the assessor meant.
var (
	dateISO    = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$`)
	dateDayFst = regexp.MustCompile(`^(\d{1,2})([/.])(\d{1,2})([/.])(\d{4})$`)
)

// ParseDate reads an assessment date and returns it as YYYY-MM-DD. When
// the text is not a date in an accepted form, or names a day that does
// not exist, it returns "" and a message saying why.
func ParseDate(text string) (string, string) {
	s := Normalize(text)
	if m := dateISO.FindStringSubmatch(s); m != nil {
		return calendarDate(s, m[1], m[2], m[3])
	}
	if m := dateDayFst.FindStringSubmatch(s); m != nil && m[2] == m[4] {
		return calendarDate(s, m[5], m[3], m[1])
	}
	return "", fmt.Sprintf("the assessment date %q is not a date in an accepted form; write it as YYYY-MM-DD (e.g. 2026-05-12), DD/MM/YYYY or DD.MM.YYYY, with a four-digit year", Clip(s, 40))
}

// calendarDate checks that year, month and day name a real day.
func calendarDate(s, year, month, day string) (string, string) {
	y, _ := strconv.Atoi(year)
	mo, _ := strconv.Atoi(month)
	d, _ := strconv.Atoi(day)
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if y < 1900 || mo < 1 || mo > 12 || t.Day() != d || t.Month() != time.Month(mo) {
		return "", fmt.Sprintf("the assessment date %q names no real day (read as year %d, month %d, day %d); correct it (YYYY-MM-DD)", Clip(s, 40), y, mo, d)
	}
	return t.Format("2006-01-02"), ""
}
