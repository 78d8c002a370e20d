package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/sovscore/sovscore/scoring"
)

// WriteDiffTable prints a comparison for the terminal: per pair the two
// workbooks, the headline changes, the objectives and the changed factors
// as aligned tables, the problems added and resolved; then the workbooks
// found on one side only.
func WriteDiffTable(w io.Writer, c scoring.Comparison) error {
	bw := bufio.NewWriter(w)
	for i := range c.Pairs {
		if i > 0 {
			bw.WriteString("\n")
		}
		writePairTable(bw, &c.Pairs[i])
	}
	if len(c.Pairs) == 0 {
		bw.WriteString("No workbook of the old set has a counterpart (same provider and service) in the new set.\n")
	}
	writeOneSided(bw, "Only in the new set (added)", c.Added)
	writeOneSided(bw, "Only in the old set (removed)", c.Removed)
	// Said once, after the tables, as score's table does.
	if p := c.Profile(); noMinimum(p) {
		fmt.Fprintf(bw, "\n%s\n", noMinimumLine(p))
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: diff table: %w", err)
	}
	return nil
}

func writePairTable(w *bufio.Writer, d *scoring.PairDiff) {
	fmt.Fprintf(w, "%s\n", termText(d.New.ProviderAndService(), 120))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, side := range []struct {
		name string
		s    *scoring.Summary
	}{{"old", &d.Old.Summary}, {"new", &d.New.Summary}} {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", side.name, termText(side.s.File, 80), orDash(termText(side.s.Provider.Date.Text, 20)), sideLine(side.s))
	}
	tw.Flush()
	fmt.Fprintf(w, "  %s\n  %s\n\n", headline(d), factorCount(d))

	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  OBJECTIVE\tPOINTS Δ\tSEAL")
	for i := range d.Objectives {
		o := &d.Objectives[i]
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", o.Objective.ID, signedPoints(o.PointsDelta()), sealMove(o.Old.SEAL, o.New.SEAL))
	}
	tw.Flush()

	if len(d.Factors) > 0 {
		w.WriteString("\n")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  FACTOR\tSTATUS\tCHANGED\tOLD\tNEW\tPOINTS Δ\tSEAL")
		for i := range d.Factors {
			f := &d.Factors[i]
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\n", f.Factor.ID, status(f), changeList(f.Changes),
				termText(answerText(f.Old), 34), termText(answerText(f.New), 34), signedPoints(f.PointsDelta()),
				sealMove(f.Old.SEAL, f.New.SEAL))
		}
		tw.Flush()
	}
	writeProblems(w, "Problems added", d.ProblemsAdded)
	writeProblems(w, "Problems resolved", d.ProblemsResolved)
}

func writeProblems(w *bufio.Writer, title string, l scoring.Issues) {
	if len(l) == 0 {
		return
	}
	fmt.Fprintf(w, "\n  %s (%d):\n", title, len(l))
	for _, is := range l {
		fmt.Fprintf(w, "    %s\n", termText(is.String(), 200))
	}
}

func writeOneSided(w *bufio.Writer, title string, rs []*scoring.Result) {
	if len(rs) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s:\n", title)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range rs {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", termText(r.ProviderAndService(), 60), termText(r.File, 80), sideLine(&r.Summary))
	}
	tw.Flush()
}

// WriteDiffMarkdown writes a comparison as Markdown: per pair a table of
// the two workbooks and the headline changes, the objectives, the changed
// factors with old and new answers, and the problems added and resolved;
// then the workbooks found on one side only. Text from workbooks is
// escaped as in WriteMarkdown.
func WriteDiffMarkdown(w io.Writer, fw *scoring.Framework, p *scoring.Profile, c scoring.Comparison) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("# Changes between assessments\n")
	var about []string
	if fw != nil {
		about = append(about, mdText(strings.TrimSpace(fw.Name+" "+fw.Version)))
	}
	if p != nil {
		about = append(about, "profile "+mdText(p.Name))
	}
	about = append(about, fmt.Sprintf("%d pair%s compared", len(c.Pairs), pluralS(len(c.Pairs))))
	fmt.Fprintf(bw, "\n%s.\n", strings.Join(about, " · "))
	// The line above names the profile already.
	if noMinimum(p) && len(c.Pairs)+len(c.Added)+len(c.Removed) > 0 {
		fmt.Fprintf(bw, "%s.\n", upperFirst(noMinimumNote))
	}
	for i := range c.Pairs {
		writePairMarkdown(bw, &c.Pairs[i])
	}
	for _, side := range []struct {
		title string
		rs    []*scoring.Result
	}{{"Only in the new set (added)", c.Added}, {"Only in the old set (removed)", c.Removed}} {
		if len(side.rs) == 0 {
			continue
		}
		fmt.Fprintf(bw, "\n## %s\n\n| Provider | File | Score | SEAL | Eligible |\n|---|---|---|---|---|\n", side.title)
		for _, r := range side.rs {
			fmt.Fprintf(bw, "| %s | %s | %s %% | %s | %s |\n", mdCell(r.ProviderAndService()), mdCell(r.File),
				fmtFloat(r.Score, 2), scoring.SEALLabel(r.SEAL, r.Provisional), yesNo(r.Eligible))
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: diff markdown: %w", err)
	}
	return nil
}

func writePairMarkdown(w *bufio.Writer, d *scoring.PairDiff) {
	o, n := &d.Old.Summary, &d.New.Summary
	fmt.Fprintf(w, "\n## %s\n\n", mdText(n.ProviderAndService()))
	w.WriteString("| | Old | New | Change |\n|---|---|---|---|\n")
	fmt.Fprintf(w, "| File | %s | %s | |\n", mdCell(o.File), mdCell(n.File))
	fmt.Fprintf(w, "| Date | %s | %s | |\n", mdCell(orDash(o.Provider.Date.Text)), mdCell(orDash(n.Provider.Date.Text)))
	fmt.Fprintf(w, "| Score | %s %% | %s %% | %s |\n", fmtFloat(o.Score, 2), fmtFloat(n.Score, 2), signedFloat(d.ScoreDelta, 2))
	fmt.Fprintf(w, "| SEAL | %s | %s | %s |\n", scoring.SEALLabel(o.SEAL, o.Provisional), scoring.SEALLabel(n.SEAL, n.Provisional), d.SEALChange)
	fmt.Fprintf(w, "| Eligible | %s | %s | %s |\n", yesNo(o.Eligible), yesNo(n.Eligible), d.EligibilityChange)
	fmt.Fprintf(w, "\n%s.\n", upperFirst(factorCount(d)))

	w.WriteString("\n| Objective | Points Δ | Old SEAL | New SEAL |\n|---|---|---|---|\n")
	for i := range d.Objectives {
		x := &d.Objectives[i]
		fmt.Fprintf(w, "| %s %s | %s | %s | %s |\n", x.Objective.ID, mdCell(x.Objective.Name), signedPoints(x.PointsDelta()),
			scoring.SEALLabel(x.Old.SEAL, false), scoring.SEALLabel(x.New.SEAL, false))
	}
	if len(d.Factors) > 0 {
		w.WriteString("\n| ID | Status | Changed | Old answer | New answer | Points Δ | Old SEAL | New SEAL |\n|---|---|---|---|---|---|---|---|\n")
		for i := range d.Factors {
			f := &d.Factors[i]
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", f.Factor.ID, status(f), changeList(f.Changes),
				mdCell(answerText(f.Old)), mdCell(answerText(f.New)), signedPoints(f.PointsDelta()),
				scoring.SEALLabel(f.Old.SEAL, false), scoring.SEALLabel(f.New.SEAL, false))
		}
	}
	for _, pr := range []struct {
		title string
		l     scoring.Issues
	}{{"Problems added", d.ProblemsAdded}, {"Problems resolved", d.ProblemsResolved}} {
		if len(pr.l) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s:\n\n", pr.title)
		for _, is := range pr.l {
			fmt.Fprintf(w, "- %s\n", mdText(is.String()))
		}
	}
}

// yesNo writes a flag for a table cell.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
