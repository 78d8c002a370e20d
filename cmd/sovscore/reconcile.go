package main

import (
	"fmt"
	"io"

	"github.com/sovscore/sovscore/report"
	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook"
)

func runReconcile(args []string, s *streams) int {
	fs := newFlags("reconcile", "A B [C...] [options]", `Set side by side two or more assessments of the same provider made by
different assessors (workbooks, or folders of them), before the panel
moderates them. For each factor: whether the assessors agree, each one's
answer, confidence and justification, and the spread of points and SEALs;
per objective, the range of SEALs; the score each workbook gives. Workbooks
are read, checked and composed with the hosts they name (see --hosts) as by
score. With -o DIR it writes:
  reconcile.json   the reconciliation, machine-readable
  reconcile.pdf    for the moderation meeting: divergent factors first,
                   the largest SEAL spread first
  consensus.xlsx   the template filled with the agreed answers; divergent
                   ones blank, each assessor's view in a note on the cell.
                   The panel completes it and scores it with score.
Exit status: 0 when the reconciliation ran; 1 when a workbook could not be
read; 2 on usage errors or when a file could not be written.`, s)
	var o compareOptions
	o.register(fs, "reconcile.json, reconcile.pdf and consensus.xlsx")
	if code, ok := parse(fs, args, s); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(s.Err, "sovscore reconcile: give two or more workbooks of the same provider (e.g. sovscore reconcile samples/panel/*.xlsx)")
		return exitUsage
	}
	r, code := newCompareRun("reconcile", o, fs.Args(), s)
	if r == nil {
		return code
	}
	in := collectInputs(fs.Args(), o.out)
	for _, n := range in.Notes {
		fmt.Fprintf(s.Err, "sovscore reconcile: %s\n", n)
	}
	if len(in.Files) < 2 {
		fmt.Fprintf(s.Err, "sovscore reconcile: %d workbook(s) found; give two or more\n", len(in.Files))
		if in.Missing {
			return exitInvalid
		}
		return exitUsage
	}
	r.missing = in.Missing
	rs := readable(r.score(in.Files)[0])
	if len(rs) < 2 {
		fmt.Fprintf(s.Err, "sovscore reconcile: %d readable workbook(s); two or more are needed\n", len(rs))
		return r.finish(nil, "")
	}
	rc := scoring.Reconcile(rs)
	r.warn(rc.Warnings())

	date := r.runDate(rs)
	problems := r.writeOutputs(in.Files, []output{
		{"reconcile.json", func(w io.Writer) error { return report.WriteReconcileJSON(w, &rc) }},
		{"reconcile.pdf", func(w io.Writer) error {
			return report.WriteReconcilePDF(w, reconciliationForPDF(&rc), r.pdfOptions(date))
		}},
		{consensusBook, func(w io.Writer) error { return workbook.WriteConsensus(w, &rc) }},
	})
	var perr error
	switch o.format {
	case "table":
		perr = report.WriteReconcileTable(s.Out, &rc)
	case "json":
		perr = report.WriteReconcileJSON(s.Out, &rc)
	case "markdown":
		perr = report.WriteReconcileMarkdown(s.Out, &rc)
	}
	if perr != nil {
		return fail(s, "reconcile", perr)
	}
	summary := fmt.Sprintf("reconciled %d assessments with profile %s: %d of %d factors agreed",
		len(rs), r.prof.Name, rc.Agreed(), len(rc.Factors))
	if o.out != "" {
		summary += "; files in " + o.out
	}
	return r.finish(problems, summary)
}
