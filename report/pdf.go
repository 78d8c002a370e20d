package report

// What the scorecard and the comparison share: their options and the
// wording of profiles and verdicts.

import (
	"strings"
	"time"

	"github.com/sovscore/sovscore/scoring"
)

// PDFOptions configures the PDF reports.
type PDFOptions struct {
	// Created is the document date, printed in the report and written as
	// the PDF's creation date. The caller fixes it (e.g. from the
	// assessment date) so that the same input gives byte-identical output;
	// it must not be zero.
	Created time.Time
	// ToolName and ToolVersion identify the program in the footer and the
	// document properties ("sovscore v1.4.0").
	ToolName    string
	ToolVersion string
	// Font, when set, draws all text (LoadFont); nil means the embedded
	// Liberation Sans.
	Font *Font
	// Dossier is the procurement procedure the reports belong to
	// (--dossier); nil when none was given.
	Dossier *Dossier
}

// tool returns "name version", defaulting the name to sovscore.
func (o PDFOptions) tool() string {
	name := strings.TrimSpace(o.ToolName)
	if name == "" {
		name = "sovscore"
	}
	return strings.TrimSpace(name + " " + o.ToolVersion)
}

// date is the report date as an ISO date, unambiguous in every EU language.
func (o PDFOptions) date() string { return o.Created.UTC().Format("2006-01-02") }

// profileName names a profile, or "—" when there is none.
func profileName(p *scoring.Profile) string {
	if p == nil {
		return "—"
	}
	return p.Name
}

// profileLabel names a profile and its divisor.
func profileLabel(p *scoring.Profile) string {
	if p == nil {
		return "—"
	}
	return p.Name + " (divided by the " + divisorLabel(p) + ")"
}

// divisorLabel says what objective points are divided by in the score.
func divisorLabel(p *scoring.Profile) string {
	switch {
	case p == nil:
		return "—"
	case p.Divisor == scoring.DivisorNominal:
		return "nominal 1000"
	default:
		return "exact objective maximum"
	}
}

// divisorText says what objective points are divided by.
func divisorText(p *scoring.Profile) string {
	if p != nil && p.Divisor == scoring.DivisorNominal {
		return "1000"
	}
	return "the objective's maximum"
}

// eligibleCell is a provider's verdict, for the scorecard's total row and
// the comparison's ranking.
func eligibleCell(r *scoring.Summary) pdfCell {
	if r.Eligible {
		return pdfCell{Text: "eligible", Bold: true, TextColor: &colPass}
	}
	return pdfCell{Text: "not eligible", Bold: true, TextColor: &colFail}
}
