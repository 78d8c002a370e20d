package scoring

import "slices"

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
//     warnings and the problem lists of the combined reports need them);
//   - per factor: Factor, Option, Points, Max, SEAL and Confidence, so that
//     the points per factor and the number of unanswered factors are known.
//
// It drops the heavy per-factor parts: Entry (the answer text, the
// justification and the sources as written, with their cells), Sources
// (the valid sources found) and the factor's Issues (they are also in
// Issues). The reports that print those (scorecards, results.json,
// results.csv, Markdown) need the full result. Slices are copied, so the
// copy shares no slice with r; Slim of nil is nil.
func (r *Result) Slim() *Result {
	if r == nil {
		return nil
	}
	s := *r
	s.Reasons = slices.Clone(r.Reasons)
	s.Objectives = slices.Clone(r.Objectives)
	s.Issues = slices.Clone(r.Issues)
	s.Factors = nil
	if r.Factors != nil {
		s.Factors = make([]FactorResult, len(r.Factors))
		for i, f := range r.Factors {
			s.Factors[i] = FactorResult{Factor: f.Factor, Option: f.Option, Points: f.Points, Max: f.Max,
				SEAL: f.SEAL, Confidence: internConfidence(f.Confidence)}
		}
	}
	return &s
}

// internConfidence returns the constant of a parsed confidence, so that a
// slim result does not keep the workbook's cell text alive through it.
func internConfidence(c string) string {
	switch c {
	case "high":
		return "high"
	case "medium":
		return "medium"
	case "low":
		return "low"
	case "":
		return ""
	}
	return c
}
