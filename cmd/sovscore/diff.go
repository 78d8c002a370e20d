package main

import (
	"fmt"
	"io"
	"os"

	"github.com/sovscore/sovscore/report"
	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook"
)

func runDiff(args []string, s *streams) int {
	fs := newFlags("diff", "OLD NEW [options]", `Compare two assessments of the same provider made at different times: two
workbooks, or two folders whose workbooks are paired by provider and service
(those without a counterpart are listed as added or removed). For each pair:
every factor whose answer, confidence, sources or justification changed
(re-evaluated when the answer or justification changed, carried over
otherwise), the points and SEAL changes per factor and objective, the score
change, the overall SEAL and eligibility under the profile, and the problems
that appeared or were resolved. Workbooks are read, checked and composed
with the hosts they name (see --hosts) as by score; the old and the new
side each on its own.
With -o DIR it writes:
  diff.json   the comparison, machine-readable
  diff.pdf    a section per provider pair: headline changes, objectives
              before and after, changed factors side by side
  diff.xlsx   a row per changed factor (a sheet per pair for folders)
Exit status: 0 when the comparison ran, whatever changed; 1 when a workbook
could not be read; 2 on usage errors or when a file could not be written.`, s)
	var o compareOptions
	o.register(fs, "diff.json, diff.pdf and diff.xlsx")
	if code, ok := parse(fs, args, s); !ok {
		return code
	}
	if fs.NArg() != 2 {
		fmt.Fprintln(s.Err, "sovscore diff: give the old and the new workbook, or the old and the new folder (e.g. sovscore diff samples/history/scalingo-2025.xlsx samples/tender/scalingo.xlsx)")
		return exitUsage
	}
	r, code := newCompareRun("diff", o, fs.Args(), s)
	if r == nil {
		return code
	}
	oldArg, newArg := fs.Arg(0), fs.Arg(1)
	oldDir, err := isDir(oldArg)
	if err != nil {
		fmt.Fprintf(s.Err, "sovscore diff: %s: %v\n", oldArg, unwrapPath(err))
		return exitInvalid
	}
	newDir, err := isDir(newArg)
	if err != nil {
		fmt.Fprintf(s.Err, "sovscore diff: %s: %v\n", newArg, unwrapPath(err))
		return exitInvalid
	}
	if oldDir != newDir {
		fmt.Fprintln(s.Err, "sovscore diff: give two workbooks or two folders, not one of each")
		return exitUsage
	}

	var c scoring.Comparison
	var inputs []string
	if !oldDir {
		inputs = []string{oldArg, newArg}
		rs := r.score(inputs[:1], inputs[1:])
		if rs[0][0] == nil || rs[1][0] == nil {
			return r.finish(nil, "")
		}
		c.Pairs = []scoring.PairDiff{scoring.Diff(rs[0][0], rs[1][0])}
	} else {
		oldIn, newIn := r.collect(oldArg), r.collect(newArg)
		inputs = append(append(inputs, oldIn...), newIn...)
		rs := r.score(oldIn, newIn)
		c = scoring.Compare(readable(rs[0]), readable(rs[1]))
	}
	for i := range c.Pairs {
		r.warn(c.Pairs[i].Warnings())
	}

	all := comparedResults(c)
	date := r.runDate(all)
	info := report.RunInfo{ToolName: "sovscore", ToolVersion: Version}
	problems := r.writeOutputs(inputs, []output{
		{"diff.json", func(w io.Writer) error { return report.WriteDiffJSON(w, info, r.fw, r.prof, c) }},
		{"diff.pdf", func(w io.Writer) error {
			return report.WriteDiffPDF(w, r.fw, r.prof, comparisonForPDF(c), r.pdfOptions(date))
		}},
		{diffBook, func(w io.Writer) error {
			return workbook.WriteDiff(w, c, workbook.DiffOptions{Created: date, ToolVersion: Version, ProfileName: r.prof.Name})
		}},
	})
	var perr error
	switch o.format {
	case "table":
		perr = report.WriteDiffTable(s.Out, c)
	case "json":
		perr = report.WriteDiffJSON(s.Out, info, r.fw, r.prof, c)
	case "markdown":
		perr = report.WriteDiffMarkdown(s.Out, r.fw, r.prof, c)
	}
	if perr != nil {
		return fail(s, "diff", perr)
	}
	summary := fmt.Sprintf("compared %d pair(s) with profile %s: %d added, %d removed", len(c.Pairs), r.prof.Name, len(c.Added), len(c.Removed))
	if o.out != "" {
		summary += "; files in " + o.out
	}
	return r.finish(problems, summary)
}

// collect lists the workbooks of a folder as score does, saying what it
// skipped.
func (r *compareRun) collect(dir string) []string {
	in := collectInputs([]string{dir}, r.o.out)
	r.missing = r.missing || in.Missing
	for _, n := range in.Notes {
		fmt.Fprintf(r.s.Err, "sovscore %s: %s\n", r.cmd, n)
	}
	if len(in.Files) == 0 {
		fmt.Fprintf(r.s.Err, "sovscore %s: warning: no .xlsx workbook in %s\n", r.cmd, dir)
	}
	return in.Files
}

// comparedResults lists every result of a comparison.
func comparedResults(c scoring.Comparison) []*scoring.Result {
	var out []*scoring.Result
	for _, p := range c.Pairs {
		out = append(out, p.Old, p.New)
	}
	return append(append(out, c.Added...), c.Removed...)
}

// isDir reports whether path is a directory; an error when it does not exist.
func isDir(path string) (bool, error) {
	st, err := os.Stat(path)
	if err != nil {
		return false, err
	}
	return st.IsDir(), nil
}
