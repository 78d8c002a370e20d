package scoring

import (
	"errors"
	"fmt"
	"slices"
)

// ErrSlim is the error of a slim copy given where the full result is
// needed.
var ErrSlim = errors.New("the result is a slim copy without its factors; the full result is needed")

// RequireFull returns an error wrapping ErrSlim and naming the file when r
// was made by Slim: a report printing factors calls it rather than print
// none.
func (r *Result) RequireFull() error {
	if r != nil && r.Slimmed {
		return fmt.Errorf("%s: %w", r.File, ErrSlim)
	}
	return nil
}

// Slim returns a copy of r small enough to keep for every provider of a
// large batch until the reports that combine all providers are written
// (the ranking, the comparison, the summary workbook, providers.csv).
//
// The copy keeps:
//   - File, SHA256, the whole Provider cover sheet (name, service, assessor,
//     date, ...), Profile and Framework;
//   - Complete, Score, SEAL, Provisional, Eligible, Reasons, Rank, Ranked;
//   - every ObjectiveResult as it is;
//   - Issues, every problem of the assessment (the counts of errors and
//     warnings and the problem lists of the combined reports need them).
//
// It drops Factors, the results of the 48 factors (five sixths of the
// memory of a result even without the answers' text), and sets Slimmed so
// that a report printing factors refuses the copy instead of printing
// none. Such reports (scorecards, results.json, results.csv, Markdown, the
// summary's points per factor) need the full result. Slices are copied,
// so the copy shares no slice with r; Slim of nil is nil.
func (r *Result) Slim() *Result {
	if r == nil {
		return nil
	}
	s := *r
	s.Reasons = slices.Clone(r.Reasons)
	s.Objectives = slices.Clone(r.Objectives)
	s.Issues = slices.Clone(r.Issues)
	s.Factors = nil
	s.Slimmed = true
	return &s
}
