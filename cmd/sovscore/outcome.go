package main

// The end of a score run: what it prints on stdout, what it says on
// stderr and its exit status.

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/sovscore/sovscore/report"
	"github.com/sovscore/sovscore/scoring"
)

// printResults prints what --format asks for on stdout, with the rows the
// matching combined report has. A failed write (a closed pipe, a full
// disk) is an error whatever the format.
func (r *scoreRun) printResults() error {
	out := &errWriter{w: r.s.Out}
	var err error
	switch r.o.format {
	case "table":
		printTable(out, scoring.Summaries(r.results))
	case "json":
		err = report.WriteJSON(out, r.runInfo(), r.fw, r.prof, r.kept("results.json"))
	case "markdown":
		err = report.WriteMarkdown(out, r.results)
	case "csv":
		err = report.WriteProvidersCSV(out, scoring.Summaries(r.kept("providers.csv")))
	}
	if out.err != nil {
		return fmt.Errorf("writing the results to standard output: %w", out.err)
	}
	return err
}

// noMinimumNotice says on stderr, once, that the profile sets no minimum
// SEAL, so that eligible means complete and free of errors. It is said
// even with --quiet: it is what the results mean, not progress.
func noMinimumNotice(w io.Writer, cmd string, p *scoring.Profile) {
	if !p.HasMinimum() {
		fmt.Fprintf(w, "sovscore %s: notice: profile %s: %s; a profile file's min_seal requires one\n",
			cmd, p.Name, scoring.NoMinimumNote)
	}
}

// errWriter keeps the first write error, for writers that drop it.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// finish says what happened on stderr and returns the exit status.
func (r *scoreRun) finish() int {
	code := exitOK
	if r.in.Missing {
		code = exitInvalid
	}
	if len(r.problems) > 0 {
		sort.Strings(r.problems)
		fmt.Fprintf(r.s.Err, "sovscore score: %d report(s) could not be written:\n  %s\n", len(r.problems), strings.Join(r.problems, "\n  "))
	}
	if r.dir != nil {
		r.dir.done(r.problems)
	}
	var failed, partial []string
	eligible, withErrors := 0, 0
	for _, res := range r.results {
		if res.Eligible {
			eligible++
		}
		if res.Issues.Errors() > 0 {
			withErrors++
			code = max(code, exitInvalid)
		}
		for _, is := range res.Issues {
			switch is.Code {
			case scoring.CodeFileUnreadable:
				failed = append(failed, fmt.Sprintf("  %s: %s", displayName(res.File), is.Message))
			case scoring.CodeOutputFailed:
				partial = append(partial, fmt.Sprintf("  %s: %s", displayName(res.File), is.Message))
				code = max(code, exitInvalid)
			}
		}
	}
	if len(r.problems) > 0 {
		code = exitUsage
	}
	noMinimumNotice(r.s.Err, "score", r.prof)
	if !r.o.quiet {
		where := "reports in " + r.o.out
		if len(r.want) == 0 {
			where = "no report was written (--outputs selects none)"
		}
		fmt.Fprintf(r.s.Err, "scored %d workbook(s) with profile %s: %d eligible, %d with errors; %s\n",
			len(r.results), r.prof.Name, eligible, withErrors, where)
		if len(failed) > 0 {
			fmt.Fprintf(r.s.Err, "%d file(s) could not be read:\n%s\n", len(failed), strings.Join(failed, "\n"))
		}
		if len(partial) > 0 {
			fmt.Fprintf(r.s.Err, "%d report(s) of single workbooks could not be made:\n%s\n", len(partial), strings.Join(partial, "\n"))
		}
	}
	return code
}
