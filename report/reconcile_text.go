package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/sovscore/sovscore/scoring"
)

// WriteReconcileTable prints a reconciliation for the terminal: each
// assessor's score, the SEAL each gives every objective with its range,
// and the divergent factors, largest SEAL spread first, with each
// assessor's answer, SEAL and confidence.
func WriteReconcileTable(w io.Writer, rc *scoring.Reconciliation) error {
	bw := bufio.NewWriter(w)
	if len(rc.Results) > 0 {
		fmt.Fprintf(bw, "%s\n", termText(rc.Results[0].ProviderAndService(), 120))
	}
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  ASSESSOR\tSCORE\tSEAL\tELIGIBLE\tFILE")
	for i, r := range rc.Results {
		fmt.Fprintf(tw, "  %s\t%s %%\t%s\t%s\t%s\n", termText(rc.Assessors[i], 40), fmtFloat(r.Score, 2),
			scoring.SEALLabel(r.SEAL, r.Provisional), yesNo(r.Eligible), termText(r.File, 80))
	}
	tw.Flush()
	if p := rc.Profile(); noMinimum(p) {
		fmt.Fprintf(bw, "  %s\n", noMinimumLine(p))
	}
	div := rc.Divergent()
	fmt.Fprintf(bw, "  %s\n\n", agreementLine(rc, len(div)))

	tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	head := []string{"  OBJECTIVE"}
	for _, a := range rc.Assessors {
		head = append(head, strings.ToUpper(termText(a, 24)))
	}
	fmt.Fprintln(tw, strings.Join(append(head, "RANGE"), "\t"))
	for _, o := range rc.Objectives {
		row := []string{"  " + o.Objective.ID}
		for _, x := range o.Results {
			row = append(row, objectiveSEAL(x))
		}
		fmt.Fprintln(tw, strings.Join(append(row, sealRange(o.SEALMin, o.SEALMax)), "\t"))
	}
	tw.Flush()

	if len(div) > 0 {
		bw.WriteString("\n  Divergent factors, largest SEAL spread first (answer · SEAL · confidence):\n")
		tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		head = []string{"  FACTOR", "SEAL SPREAD", "POINTS SPREAD"}
		for _, a := range rc.Assessors {
			head = append(head, strings.ToUpper(termText(a, 24)))
		}
		fmt.Fprintln(tw, strings.Join(head, "\t"))
		for _, fa := range div {
			row := []string{"  " + fa.Factor.ID, fmt.Sprint(fa.SEALSpread()), fa.PointsSpread().String()}
			for _, a := range fa.Answers {
				row = append(row, answerSummary(a))
			}
			fmt.Fprintln(tw, strings.Join(row, "\t"))
		}
		tw.Flush()
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: reconcile table: %w", err)
	}
	return nil
}

// agreementLine sums up a reconciliation: "42 of 48 factors agreed, 6 divergent".
func agreementLine(rc *scoring.Reconciliation, divergent int) string {
	return fmt.Sprintf("%d of %d factors agreed, %d divergent", rc.Agreed(), len(rc.Factors), divergent)
}

// objectiveSEAL is an objective's SEAL in one assessment, "*" when
// provisional.
func objectiveSEAL(o *scoring.ObjectiveResult) string {
	if o == nil {
		return scoring.NoSEAL
	}
	return scoring.SEALLabel(o.SEAL, !o.Complete)
}

// WriteReconcileMarkdown writes a reconciliation as Markdown: the
// assessors and their scores, the objectives' SEALs side by side, every
// divergent factor (largest SEAL spread first) with each assessor's
// answer, confidence and justification, and the agreed factors.
func WriteReconcileMarkdown(w io.Writer, rc *scoring.Reconciliation) error {
	bw := bufio.NewWriter(w)
	title := "Reconciliation"
	if len(rc.Results) > 0 {
		title += ": " + rc.Results[0].ProviderAndService()
	}
	fmt.Fprintf(bw, "# %s\n\n", mdText(title))
	bw.WriteString("| Assessor | Score | SEAL | Eligible | File |\n|---|---|---|---|---|\n")
	for i, r := range rc.Results {
		fmt.Fprintf(bw, "| %s | %s %% | %s | %s | %s |\n", mdCell(rc.Assessors[i]), fmtFloat(r.Score, 2),
			scoring.SEALLabel(r.SEAL, r.Provisional), yesNo(r.Eligible), mdCell(r.File))
	}
	if p := rc.Profile(); noMinimum(p) {
		fmt.Fprintf(bw, "\n%s\n", noMinimumLine(p))
	}
	div := rc.Divergent()
	fmt.Fprintf(bw, "\n%s.\n", upperFirst(agreementLine(rc, len(div))))

	bw.WriteString("\n| Objective |")
	sep := "|---|"
	for _, a := range rc.Assessors {
		fmt.Fprintf(bw, " %s |", mdCell(a))
		sep += "---|"
	}
	fmt.Fprintf(bw, " Range |\n%s---|\n", sep)
	for _, o := range rc.Objectives {
		fmt.Fprintf(bw, "| %s %s |", o.Objective.ID, mdCell(o.Objective.Name))
		for _, x := range o.Results {
			fmt.Fprintf(bw, " %s |", objectiveSEAL(x))
		}
		fmt.Fprintf(bw, " %s |\n", sealRange(o.SEALMin, o.SEALMax))
	}

	if len(div) > 0 {
		bw.WriteString("\n## Divergent factors\n")
	}
	for _, fa := range div {
		fmt.Fprintf(bw, "\n### %s %s\n\nSEAL spread %d, points spread %s.\n\n", fa.Factor.ID, mdText(fa.Factor.Name),
			fa.SEALSpread(), fa.PointsSpread())
		bw.WriteString("| Assessor | Answer | SEAL | Confidence | Justification |\n|---|---|---|---|---|\n")
		for i, a := range fa.Answers {
			fmt.Fprintf(bw, "| %s | %s | %s | %s | %s |\n", mdCell(rc.Assessors[i]), mdCell(answerText(a)),
				scoring.SEALLabel(a.SEAL, false), orDash(a.Confidence), mdCell(justificationOf(a)))
		}
	}
	if rc.Agreed() > 0 {
		bw.WriteString("\n## Agreed factors\n\n| ID | Factor | Answer | SEAL | Confidence |\n|---|---|---|---|---|\n")
		for i := range rc.Factors {
			fa := &rc.Factors[i]
			if !fa.Agreed {
				continue
			}
			confs := make([]string, len(fa.Answers))
			for k, a := range fa.Answers {
				confs[k] = orDash(a.Confidence)
			}
			fmt.Fprintf(bw, "| %s | %s | %s | %s | %s |\n", fa.Factor.ID, mdCell(fa.Factor.Name), mdCell(answerText(fa.Answers[0])),
				scoring.SEALLabel(fa.SEALMin, false), strings.Join(confs, " / "))
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: reconcile markdown: %w", err)
	}
	return nil
}
