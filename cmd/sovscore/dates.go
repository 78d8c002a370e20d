package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/sovscore/sovscore/scoring"
)

// sourceDateEpoch reads SOURCE_DATE_EPOCH, the reproducible-builds
// convention for a fixed timestamp.
func sourceDateEpoch() (time.Time, bool) {
	v := os.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	t := time.Unix(n, 0).UTC()
	return t, stampable(t)
}

// docDate is the date stamped into a provider's documents: the fixed date
// if the user set one, else the assessment date of its cover sheet
// (Summary.Date, which scoring read and checked). Never the clock, and
// never an invented date: with neither, it is the zero time, and the
// documents say "not dated" and carry no date.
func docDate(fixed *time.Time, r *scoring.Summary) time.Time {
	if fixed != nil {
		return *fixed
	}
	if t, err := time.Parse("2006-01-02", r.Date); err == nil && stampable(t) {
		return t.UTC()
	}
	return time.Time{}
}

// latestDate is the date of documents that combine results: the fixed
// date, else the latest assessment date of the results; the zero time
// ("not dated") when none has one.
func latestDate(fixed *time.Time, results []*scoring.Result) time.Time {
	if fixed != nil {
		return *fixed
	}
	var latest time.Time
	for _, res := range results {
		if t := docDate(nil, &res.Summary); t.After(latest) {
			latest = t
		}
	}
	return latest
}

// stampable reports whether a date can be stamped into documents: the
// PDF writer takes the zero time (0001-01-01) for "no date", and dates
// outside Excel's years 1900 to 9999 are typing mistakes.
func stampable(t time.Time) bool { return t.Year() >= 1900 && t.Year() <= 9999 }

// parseDate accepts YYYY-MM-DD or RFC 3339.
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: use YYYY-MM-DD or RFC 3339", s)
	}
	return t.UTC(), nil
}

// fixedDate is the date every document of a run carries: --date when
// given, else SOURCE_DATE_EPOCH; nil when each document takes its
// assessment's date. score, diff and reconcile check --date alike.
func fixedDate(date string) (*time.Time, error) {
	if date != "" {
		t, err := parseStampDate(date)
		if err != nil {
			return nil, err
		}
		return &t, nil
	}
	if t, ok := sourceDateEpoch(); ok {
		return &t, nil
	}
	return nil, nil
}

// parseStampDate is parseDate for --date: a date documents can carry.
func parseStampDate(s string) (time.Time, error) {
	t, err := parseDate(s)
	if err == nil && !stampable(t) {
		err = fmt.Errorf("date %q: use a year between 1900 and 9999", s)
	}
	return t, err
}
