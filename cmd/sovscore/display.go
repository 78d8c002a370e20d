package main

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/sovscore/sovscore/report"
	"github.com/sovscore/sovscore/scoring"
)

// workingDir is the working directory, read once.
var workingDir = sync.OnceValue(func() string {
	wd, _ := os.Getwd()
	return wd
})

// displayPath is how an input is named in reports: relative to the working
// directory, with forward slashes, so that dossiers made on different
// machines read the same and never show a home folder (C:\Users\...). A
// path on another drive is named by its file name alone. The PDFs use it;
// results.json keeps the path as given, for scripts.
func displayPath(p string) string {
	if !filepath.IsAbs(p) {
		return filepath.ToSlash(filepath.Clean(p))
	}
	if wd := workingDir(); wd != "" {
		if rel, err := filepath.Rel(wd, p); err == nil && !filepath.IsAbs(rel) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.Base(p)
}

// forPDF returns a copy of a result that names its input by displayPath.
// The copy shares everything else with res, which it must not change.
func forPDF(res *scoring.Result) *scoring.Result {
	c := *res
	c.File = displayPath(res.File)
	return &c
}

// resultsForPDF applies forPDF to each result.
func resultsForPDF(rs []*scoring.Result) []*scoring.Result {
	out := make([]*scoring.Result, len(rs))
	for i, r := range rs {
		out[i] = forPDF(r)
	}
	return out
}

// comparisonForPDF returns a copy of a comparison whose results name
// their inputs by displayPath, as the score PDFs do.
func comparisonForPDF(c scoring.Comparison) scoring.Comparison {
	out := scoring.Comparison{Pairs: slices.Clone(c.Pairs), Added: resultsForPDF(c.Added), Removed: resultsForPDF(c.Removed)}
	for i := range out.Pairs {
		out.Pairs[i].Old, out.Pairs[i].New = forPDF(c.Pairs[i].Old), forPDF(c.Pairs[i].New)
	}
	return out
}

// reconciliationForPDF returns a copy of a reconciliation whose results
// name their inputs by displayPath.
func reconciliationForPDF(rc *scoring.Reconciliation) *scoring.Reconciliation {
	out := *rc
	out.Results = resultsForPDF(rc.Results)
	return &out
}

// summariesForPDF returns copies of the summaries that name their inputs
// by displayPath.
func summariesForPDF(sums []*scoring.Summary) []*scoring.Summary {
	out := make([]*scoring.Summary, len(sums))
	for i, s := range sums {
		c := *s
		c.File = displayPath(s.File)
		out[i] = &c
	}
	return out
}

// withBOM starts a CSV file with the byte-order mark (see report.BOM).
func withBOM(w io.Writer, fill func() error) error {
	if _, err := io.WriteString(w, report.BOM); err != nil {
		return err
	}
	return fill()
}
