package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// WriteMarkdown writes the assessments in the framework's Markdown table
// form (the form of the framework's sample assessments): per provider a
// "## Provider" heading, a line with score, overall SEAL, profile and
// eligibility, the objective table ("| SOV-1 Strategic Sovereignty | SEAL-4 | |")
// and one factor table per objective:
//
//	| ID | Factor | Value | Score | SEAL | Conf. | Justification |
//	|---|---|---|---|---|---|---|
//	| SOV-1.2 | Change of control risk | 4. Unlikely ... | 94/125 | SEAL-4 | medium | ... |
//
// Value and Justification are the assessor's text as written, with white
// space folded. Score is scoring.FormatFraction; an unanswered or unusable
// factor shows the 0 points it counts for ("0/125") and "—" as its SEAL.
// The ID, Score, SEAL and Conf. columns reproduce the framework's sample
// exactly. Unlike the sample, which is a paste without blank lines or a
// header for the objective table, the tables here are separated by blank
// lines and the objective table has a header row, so that every renderer
// shows them as tables. Its third column, empty in the sample, holds the
// objective's outcome: its errors, unanswered factors, a SEAL below the
// profile's minimum, else "no minimum" or "pass (SEAL-n required)".
// Under a profile without any minimum SEAL each provider's line of facts
// is followed by scoring.NoMinimumNote. Dates are YYYY-MM-DD; a cover date
// that cannot be read is shown as written, and so are the cover's notes.
//
// When an assessment is incomplete its SEALs are provisional: they are
// marked "SEAL-3*" and a footnote says why. Text from the workbook is
// escaped ("|" as "\|", HTML tags defused) and never breaks a table.
func WriteMarkdown(w io.Writer, results []*scoring.Result) error {
	bw := bufio.NewWriter(w)
	if len(results) > 0 && results[0].Framework != nil {
		fw := results[0].Framework
		fmt.Fprintf(bw, "# %s assessments\n", mdText(strings.TrimSpace(fw.Name+" "+fw.Version)))
	}
	for _, r := range results {
		writeMarkdownResult(bw, r)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: markdown: %w", err)
	}
	return nil
}

func writeMarkdownResult(w *bufio.Writer, r *scoring.Result) {
	fmt.Fprintf(w, "\n## %s\n\n", mdText(r.ProviderName()))

	var facts []string
	facts = append(facts, "Score "+strconv.FormatFloat(round(r.Score, 2), 'f', 2, 64)+" %")
	// A "*" after a digit and before a space or "|" can only close
	// emphasis, never open it, so a provisional SEAL needs no escape.
	facts = append(facts, "overall "+scoring.SEALLabel(r.SEAL, r.Provisional))
	if r.Profile != nil {
		facts = append(facts, "profile "+mdText(r.Profile.Name))
	}
	switch {
	case r.Eligible:
		facts = append(facts, "eligible, rank "+strconv.Itoa(r.Rank))
	default:
		facts = append(facts, "not eligible")
	}
	fmt.Fprintf(w, "%s.\n", strings.Join(facts, " · "))
	if noMinimum(r.Profile) {
		fmt.Fprintf(w, "%s.\n", upperFirst(noMinimumNote))
	}

	var about []string
	if s := scoring.Normalize(r.Provider.Service.Text); s != "" {
		about = append(about, "Service: "+mdText(s))
	}
	if s := scoring.Normalize(r.Provider.Assessor.Text); s != "" {
		about = append(about, "Assessor: "+mdText(s))
	}
	if d := mdText(r.DateText()); d != "" {
		about = append(about, "Date: "+d)
	}
	if r.File != "" {
		about = append(about, "File: "+mdText(r.File))
	}
	if len(about) > 0 {
		fmt.Fprintf(w, "%s.\n", strings.Join(about, " · "))
	}
	if notes := mdText(r.Provider.Notes.Text); notes != "" {
		fmt.Fprintf(w, "Notes: %s\n", notes)
	}
	if len(r.Hosts) > 0 {
		fmt.Fprintf(w, "Host chain: %s. Answers marked [inherited ...] or [capped ...] come from the host chain, "+
			"under sovscore's own composition convention (the CSF defines none).\n", mdText(chainText(r.ProviderName(), r.Hosts)))
	}
	if len(r.Reasons) > 0 {
		w.WriteString("\n")
		for _, rs := range r.Reasons {
			fmt.Fprintf(w, "- %s\n", mdText(rs.Message))
		}
	}

	w.WriteString("\n| Objective | SEAL | Note |\n|---|---|---|\n")
	for _, o := range r.Objectives {
		fmt.Fprintf(w, "| %s %s | %s | %s |\n", o.Objective.ID, mdCell(o.Objective.Name),
			scoring.SEALLabel(o.SEAL, !o.Complete), mdCell(objectiveNote(r, o)))
	}
	if r.Provisional {
		missing := 0
		for _, f := range r.Factors {
			if f.Option == 0 {
				missing++
			}
		}
		fmt.Fprintf(w, "\n\\* Provisional: %d of %d factors have no usable answer. An unanswered factor never counts as compliant, so a SEAL marked * is only the lowest SEAL of the answered factors; the final SEAL can only be the same or lower.\n",
			missing, len(r.Factors))
	}

	for _, o := range r.Objectives {
		w.WriteString("\n| ID | Factor | Value | Score | SEAL | Conf. | Justification |\n|---|---|---|---|---|---|---|\n")
		for _, f := range r.Factors {
			if f.Factor.Objective != o.Objective {
				continue
			}
			var value, conf, just string
			if e := f.Entry; e != nil {
				value, just = e.Answer.Text, e.Justification.Text
				conf = e.Confidence.Text
			}
			if f.Confidence != "" {
				conf = f.Confidence
			}
			if m := mdHostMark(f); m != "" {
				value = strings.TrimSpace(value + " " + m)
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n",
				f.Factor.ID, mdCell(f.Factor.Name), mdCell(value), scoring.FormatFraction(f.Points, f.Max),
				scoring.SEALLabel(f.SEAL, false), mdCell(conf), mdCell(just))
		}
	}
}

// objectiveNote says the objective's outcome against the profile
// (scoring.ObjectiveStatus) and what keeps it from a final, passing SEAL:
// its errors, unanswered factors, a SEAL below the minimum. It never says
// "pass" where the profile sets no minimum.
func objectiveNote(r *scoring.Result, o scoring.ObjectiveResult) string {
	var notes []string
	if o.Errors > 0 {
		errs := "1 error"
		if o.Errors > 1 {
			errs = strconv.Itoa(o.Errors) + " errors"
		}
		notes = append(notes, errs)
	}
	if !o.Complete {
		n := 0
		for _, f := range r.Factors {
			if f.Factor.Objective == o.Objective && f.Option == 0 {
				n++
			}
		}
		notes = append(notes, fmt.Sprintf("%d of %d factors unanswered", n, len(o.Objective.Factors)))
	}
	if o.SEAL >= 0 && o.SEAL < o.MinSEAL {
		notes = append(notes, fmt.Sprintf("below the required SEAL-%d", o.MinSEAL))
	}
	switch o.Status() {
	case scoring.StatusNoMinimum:
		notes = append(notes, string(scoring.StatusNoMinimum))
	case scoring.StatusPass:
		notes = append(notes, fmt.Sprintf("pass (SEAL-%d required)", o.MinSEAL))
	}
	return strings.Join(notes, "; ")
}

// mdCell makes workbook text safe inside a table cell: white space folded
// (a newline would end the row) and "|" escaped (it would split the cell).
func mdCell(s string) string {
	return strings.ReplaceAll(mdText(s), "|", `\|`)
}

// mdText makes workbook text safe in running Markdown: white space is
// folded, and a "<" that could open an HTML tag or comment is written as
// "&lt;", so an assessment cannot inject markup into a rendered report.
// A "<" followed by a space or digit ("PUE < 1.5") is left as written.
func mdText(s string) string {
	s = scoring.Normalize(s)
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '<' && i+1 < len(s) && opensTag(s[i+1]) {
			b.WriteString("&lt;")
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func opensTag(c byte) bool {
	return c == '/' || c == '!' || c == '?' || (c|0x20 >= 'a' && c|0x20 <= 'z')
}
