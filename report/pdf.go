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
	// the PDF's creation date. The caller takes it from an input (the
	// assessment date) or from --date / SOURCE_DATE_EPOCH, never from the
	// clock, so that the same input gives byte-identical output. Zero
	// means "not dated": the report says so and the PDF carries no date.
	Created time.Time
	// ToolName and ToolVersion identify the program in the footer and the
	// document properties ("sovscore v1.4.0").
	ToolName    string
	ToolVersion string
	// Font, when set, draws all text (LoadFont); nil means the embedded
	// Liberation Sans.
	Font *Font
	// Dossier, when set, names the procedure the reports belong to (see
	// Dossier); nil draws the dossier pages with what is known.
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

// newReportDoc starts a report's document with what every report takes
// from o: the date, the tool as author, creator and left footer, the
// profile line of the footer for p, and the font. own holds what is the
// report's own (orientation, title, subject, keywords, centre footer,
// header); the shared fields are set here so that no report leaves one
// out.
func newReportDoc(o PDFOptions, p *scoring.Profile, own pdfOptions) (*pdfDoc, error) {
	own.Created = o.Created
	own.Undated = o.undated()
	own.Author = o.tool()
	own.Creator = o.tool()
	own.Lang = "en"
	own.FooterLeft = o.tool()
	own.FooterSecond = footerSecond(p, o.Dossier)
	own.Font = o.Font
	return newPDFDoc(own)
}

// notDated is what a report prints where no input or option gives a date.
const notDated = "not dated"

// date is the report date as an ISO date, unambiguous in every EU
// language, or "not dated".
func (o PDFOptions) date() string {
	if o.Created.IsZero() {
		return notDated
	}
	return o.Created.UTC().Format("2006-01-02")
}

// undated reports whether the document carries no date (see Created).
func (o PDFOptions) undated() bool { return o.Created.IsZero() }

// assessmentDate is a cover's assessment date as an ISO date; a date that
// cannot be read is shown as written, marked; none is "not dated".
func assessmentDate(s *scoring.Summary) string {
	if s.Date != "" {
		return s.Date
	}
	if raw := coverText(s.Provider.Date.Text); raw != "" {
		return "“" + raw + "” (unreadable date)"
	}
	return notDated
}

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
