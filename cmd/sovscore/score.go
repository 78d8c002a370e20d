package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sovscore/sovscore/report"
	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook"
)

// scoreOptions are the options of the score command.
type scoreOptions struct {
	read    readFlags
	out     string
	format  string
	jobs    int
	quiet   bool
	verbose bool
	date    string
	outputs string
}

func runScore(args []string, s *streams) int {
	fs := newFlags("score", "FILE|DIR... [options]", `Read every .xlsx workbook given (directories are searched recursively),
validate and score each, rank the eligible providers, print a table and
write the reports into the output directory:
  results.json, results.csv, providers.csv    machine-readable results
Exit status: 0 when every workbook is valid, 1 when any has errors or could
not be read (reports are still written), 2 on usage or fatal errors.`, s)
	var o scoreOptions
	o.read.register(fs)
	fs.StringVarP(&o.out, "out", "o", "sovscore-out", "directory for the reports")
	fs.StringVar(&o.format, "format", "table", "what to print on stdout: table, json, markdown, csv or none")
	fs.IntVarP(&o.jobs, "jobs", "j", runtime.NumCPU(), "workbooks processed in parallel")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress and no summary on stderr")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "one line per workbook on stderr")
	fs.StringVar(&o.date, "date", "", "creation date stamped in reports (YYYY-MM-DD or RFC 3339); default: SOURCE_DATE_EPOCH, else the latest assessment date of the inputs")
	if code, ok := parse(fs, args, s); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(s.Err, "sovscore score: give at least one workbook or directory (e.g. sovscore score samples/)")
		return exitUsage
	}
	switch o.format {
	case "table", "json", "markdown", "csv", "none":
	default:
		fmt.Fprintf(s.Err, "sovscore score: --format %q: use table, json, markdown, csv or none\n", o.format)
		return exitUsage
	}
	if o.jobs < 1 {
		o.jobs = 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return score(ctx, fs.Args(), o, s)
}

func score(ctx context.Context, args []string, o scoreOptions, s *streams) int {
	fw := framework()
	prof, err := fw.ResolveProfile(o.read.profile)
	if err != nil {
		return fail(s, "score", err)
	}
	in := collectInputs(args, o.out)
	for _, n := range in.Notes {
		fmt.Fprintf(s.Err, "sovscore score: %s\n", n)
	}
	if len(in.Files) == 0 {
		fmt.Fprintln(s.Err, "sovscore score: no .xlsx workbook found")
		return exitUsage
	}
	if o.verbose && in.Skipped > 0 {
		fmt.Fprintf(s.Err, "skipped %d file(s) that are not .xlsx workbooks\n", in.Skipped)
	}
	ow := newOutputWriter(in.Files)
	ropts := o.read.options()

	results := make([]*scoring.Result, len(in.Files))
	prog := newProgress(s, len(in.Files), o.quiet, o.verbose)
	interrupted := forEach(ctx, len(in.Files), o.jobs, func(i int) {
		path := in.Files[i]
		var a *scoring.Assessment
		b, err := workbook.Open(path, fw, ropts)
		if err != nil {
			a = assess(path, fw, ropts) // the error, turned into an assessment
		} else {
			a = b.Assessment
			b.Close()
		}
		r := scoring.Evaluate(fw, a, prof)
		results[i] = r
		prog.done(displayName(path), r)
	})
	prog.finish()
	if interrupted {
		fmt.Fprintln(s.Err, "sovscore score: interrupted; no report written")
		return exitUsage
	}
	scoring.Rank(results)

	info := report.RunInfo{ToolName: "sovscore", ToolVersion: Version}
	writes := []struct {
		name string
		fill func(io.Writer) error
	}{
		{"results.json", func(w io.Writer) error { return report.WriteJSON(w, info, fw, prof, results) }},
		{"results.csv", func(w io.Writer) error { return report.WriteFactorsCSV(w, results) }},
		{"providers.csv", func(w io.Writer) error { return report.WriteProvidersCSV(w, results) }},
	}
	for _, wr := range writes {
		if err := ow.write(filepath.Join(o.out, wr.name), wr.fill); err != nil {
			return fail(s, "score", err)
		}
	}

	switch o.format {
	case "table":
		printTable(s.Out, results)
	case "json":
		err = report.WriteJSON(s.Out, info, fw, prof, results)
	case "markdown":
		err = report.WriteMarkdown(s.Out, results)
	case "csv":
		err = report.WriteProvidersCSV(s.Out, results)
	}
	if err != nil {
		return fail(s, "score", err)
	}

	code := exitOK
	if in.Missing {
		code = exitInvalid
	}
	var failed []string
	eligible, withErrors := 0, 0
	for _, r := range results {
		if r.Eligible {
			eligible++
		}
		if r.Issues.Errors() > 0 {
			withErrors++
			code = exitInvalid
		}
		for _, is := range r.Issues {
			if is.Code == scoring.CodeFileUnreadable {
				failed = append(failed, fmt.Sprintf("  %s: %s", displayName(r.File), is.Message))
			}
		}
	}
	if !o.quiet {
		fmt.Fprintf(s.Err, "scored %d workbook(s) with profile %s: %d eligible, %d with errors; reports in %s\n",
			len(results), prof.Name, eligible, withErrors, o.out)
		if len(failed) > 0 {
			fmt.Fprintf(s.Err, "%d file(s) could not be read:\n%s\n", len(failed), strings.Join(failed, "\n"))
		}
	}
	return code
}

// printTable prints the human summary: eligible providers by rank, then
// the others in input order.
func printTable(w io.Writer, results []*scoring.Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RANK\tPROVIDER\tSCORE\tSEAL\tELIGIBLE\tERRORS\tWARNINGS\tFILE")
	for _, r := range orderForDisplay(results) {
		rank := "-"
		if r.Rank > 0 {
			rank = fmt.Sprint(r.Rank)
		}
		seal := "-"
		if r.SEAL >= 0 {
			seal = fmt.Sprintf("SEAL-%d", r.SEAL)
			if r.Provisional {
				seal += "*"
			}
		}
		elig := "yes"
		if !r.Eligible {
			elig = "no"
		}
		fmt.Fprintf(tw, "%s\t%s\t%.2f\t%s\t%s\t%d\t%d\t%s\n", rank, clipName(r.ProviderName(), 40), r.Score, seal, elig,
			r.Issues.Errors(), r.Issues.Warnings(), displayName(r.File))
	}
	tw.Flush()
	for _, r := range results {
		if r.Provisional {
			fmt.Fprintln(w, "* provisional: some factors are unanswered, so the SEAL may be lower once they are")
			break
		}
	}
}

// orderForDisplay lists eligible providers by rank, then the rest in input order.
func orderForDisplay(results []*scoring.Result) []*scoring.Result {
	out := make([]*scoring.Result, 0, len(results))
	for rank := 1; rank <= len(results); rank++ {
		for _, r := range results {
			if r.Rank == rank {
				out = append(out, r)
			}
		}
	}
	for _, r := range results {
		if r.Rank == 0 {
			out = append(out, r)
		}
	}
	return out
}

func clipName(s string, n int) string {
	r := []rune(strings.Map(func(r rune) rune {
		if r < ' ' {
			return ' '
		}
		return r
	}, s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}

// parseDate accepts YYYY-MM-DD or RFC 3339.
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: use YYYY-MM-DD or RFC 3339", s)
	}
	return t.UTC(), nil
}
