package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"sync"
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

	cpuProfile string
	memProfile string

	checkLinks  bool
	linkTimeout time.Duration
	linkJobs    int
}

func runScore(args []string, s *streams) int {
	fs := newFlags("score", "FILE|DIR... [options]", `Read every .xlsx workbook given (directories are searched recursively),
validate and score each, rank the eligible providers, print a table and
write the reports into the output directory:
  annotated/<input>.xlsx     each workbook with points, SEALs and problems
  scorecards/<provider>.pdf  one scorecard per provider
  comparison.pdf             ranking and comparison of all providers
  summary.xlsx               ranking, SEAL matrix, points and problems
  results.json, results.csv, providers.csv    machine-readable results
Input files are never modified.
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
	fs.StringVar(&o.outputs, "outputs", "all", "reports to write, comma-separated: "+strings.Join(outputKinds, ",")+" or all")
	fs.BoolVar(&o.checkLinks, "check-links", false, "fetch every cited source URL once and warn on dead links (network access)")
	fs.DurationVar(&o.linkTimeout, "link-timeout", 10*time.Second, "time-out for one link check")
	fs.IntVar(&o.linkJobs, "link-jobs", 8, "links checked at once (at most 2 per host)")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile (go tool pprof) to this file")
	fs.StringVar(&o.memProfile, "memprofile", "", "write a heap profile at the end of the run to this file")
	_ = fs.MarkHidden("cpuprofile")
	_ = fs.MarkHidden("memprofile")
	if code, ok := parse(fs, args, s); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(s.Err, "sovscore score: give at least one workbook or directory (e.g. sovscore score samples/tender/)")
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
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return fail(s, "score", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fail(s, "score", err)
		}
		defer pprof.StopCPUProfile()
	}
	code := score(ctx, fs.Args(), o, s)
	if o.memProfile != "" {
		f, err := os.Create(o.memProfile)
		if err != nil {
			return fail(s, "score", err)
		}
		defer f.Close()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			return fail(s, "score", err)
		}
	}
	return code
}

// outputKinds are the reports score can write; --outputs selects some.
var outputKinds = []string{"json", "csv", "annotated", "summary", "scorecards", "comparison"}

func parseOutputs(list string) (map[string]bool, error) {
	want := map[string]bool{}
	for _, k := range strings.Split(list, ",") {
		k = strings.TrimSpace(k)
		switch {
		case k == "all":
			for _, o := range outputKinds {
				want[o] = true
			}
		case k == "":
		case slices.Contains(outputKinds, k):
			want[k] = true
		default:
			return nil, fmt.Errorf("--outputs: unknown output %q (use %s or all)", k, strings.Join(outputKinds, ","))
		}
	}
	return want, nil
}

// score runs the score command on the inputs args.
func score(ctx context.Context, args []string, o scoreOptions, s *streams) int {
	run, code := newScoreRun(args, o, s)
	if run == nil {
		return code
	}
	return run.run(ctx)
}

// scoreRun is one run of the score command: what it was asked, its inputs
// and what it has found so far. Each phase is a method; every full result
// stays in memory from the moment its workbook is scored to the end of the
// run (about 50 KB each: see README, Performance).
type scoreRun struct {
	o    scoreOptions
	s    *streams
	fw   *scoring.Framework
	prof *scoring.Profile
	want map[string]bool // outputs to write (--outputs)
	// fixed is the date given by --date or SOURCE_DATE_EPOCH, nil when
	// documents take their assessment's date.
	fixed *time.Time
	in    inputSet
	ow    *outputWriter
	// annotated[i] is where the annotated copy of input i goes.
	annotated []string
	// results[i] is the result of input i, in input order.
	results []*scoring.Result

	mu       sync.Mutex
	problems []string // outputs that could not be written
}

// newScoreRun checks the options and finds the inputs. On a usage error it
// returns nil and the exit code, having said why.
func newScoreRun(args []string, o scoreOptions, s *streams) (*scoreRun, int) {
	r := &scoreRun{o: o, s: s, fw: framework()}
	var err error
	if r.prof, err = r.fw.ResolveProfile(o.read.profile); err != nil {
		return nil, fail(s, "score", err)
	}
	if r.want, err = parseOutputs(o.outputs); err != nil {
		return nil, fail(s, "score", err)
	}
	if o.date != "" {
		t, err := parseDate(o.date)
		if err != nil {
			return nil, fail(s, "score", err)
		}
		r.fixed = &t
	} else if t, ok := sourceDateEpoch(); ok {
		r.fixed = &t
	}
	r.in = collectInputs(args, o.out)
	for _, n := range r.in.Notes {
		fmt.Fprintf(s.Err, "sovscore score: %s\n", n)
	}
	if len(r.in.Files) == 0 {
		fmt.Fprintln(s.Err, "sovscore score: no .xlsx workbook found")
		return nil, exitUsage
	}
	if o.verbose && r.in.Skipped > 0 {
		fmt.Fprintf(s.Err, "skipped %d file(s) that are not .xlsx workbooks\n", r.in.Skipped)
	}
	r.ow = newOutputWriter(r.in.Files)
	// Names are allocated in input order before any work starts, so they
	// do not depend on which worker finishes first.
	names := newNameAllocator()
	r.annotated = make([]string, len(r.in.Files))
	for i, p := range r.in.Files {
		r.annotated[i] = filepath.Join(o.out, "annotated", names.name(inputStem(p), ".xlsx"))
	}
	r.results = make([]*scoring.Result, len(r.in.Files))
	return r, exitOK
}

// run does the phases in turn and returns the exit status.
func (r *scoreRun) run(ctx context.Context) int {
	if r.scoreWorkbooks(ctx) {
		fmt.Fprintln(r.s.Err, "sovscore score: interrupted; the reports of the workbooks not yet done and the combined reports were not written")
		return exitUsage
	}
	if r.o.checkLinks {
		r.checkLinks(ctx)
	}
	scoring.Rank(scoring.Summaries(r.results))
	if r.want["scorecards"] {
		r.writeScorecards(ctx)
	}
	if ctx.Err() != nil {
		fmt.Fprintln(r.s.Err, "sovscore score: interrupted; the scorecards done so far are complete, the combined reports were not written")
		return exitUsage
	}
	r.writeCombined()
	if err := r.printResults(); err != nil {
		return fail(r.s, "score", err)
	}
	return r.finish()
}

// failedOutput records an output that could not be written.
func (r *scoreRun) failedOutput(err error) {
	r.mu.Lock()
	r.problems = append(r.problems, err.Error())
	r.mu.Unlock()
}

// write writes one output file atomically, recording a failure.
func (r *scoreRun) write(path string, fill func(io.Writer) error) {
	if err := r.ow.write(path, fill); err != nil {
		r.failedOutput(err)
	}
}

// scoreWorkbooks reads, validates and scores every workbook, and writes
// its annotated copy unless the link check must add its warnings first.
// It returns true when interrupted.
func (r *scoreRun) scoreWorkbooks(ctx context.Context) bool {
	annotateNow := r.want["annotated"] && !r.o.checkLinks
	ropts := r.o.read.options()
	prog := newProgress(r.s, len(r.in.Files), r.o.quiet, r.o.verbose)
	interrupted := forEach(ctx, len(r.in.Files), r.o.jobs, func(i int) {
		path := r.in.Files[i]
		var res *scoring.Result
		b, err := workbook.Open(path, r.fw, ropts)
		if err != nil {
			res = scoring.Evaluate(r.fw, unreadable(path, err, ropts), r.prof)
		} else {
			res = scoring.Evaluate(r.fw, b.Assessment, r.prof)
			if annotateNow && !b.Damaged() {
				r.annotate(b, res, i)
			}
			b.Close()
		}
		prog.done(displayName(path), &res.Summary)
		r.results[i] = res
	})
	prog.finish()
	return interrupted
}

// annotate writes the annotated copy of input i.
func (r *scoreRun) annotate(b *workbook.Book, res *scoring.Result, i int) {
	opts := workbook.AnnotateOptions{Created: docDate(r.fixed, &res.Summary), ToolVersion: Version}
	r.write(r.annotated[i], func(w io.Writer) error { return b.WriteAnnotated(w, res, opts) })
}

// checkLinks fetches every cited source once, adds a warning for each dead
// one, and then writes the annotated copies, which must show them.
func (r *scoreRun) checkLinks(ctx context.Context) {
	checked, dead := applyLinkCheck(ctx, newLinkChecker(r.o.linkTimeout, r.o.linkJobs), r.results)
	if !r.o.quiet {
		fmt.Fprintf(r.s.Err, "checked %d distinct source URL(s): %d dead\n", checked, dead)
	}
	if !r.want["annotated"] {
		return
	}
	ropts := r.o.read.options()
	forEach(ctx, len(r.in.Files), r.o.jobs, func(i int) {
		res := r.results[i]
		b, err := workbook.Open(r.in.Files[i], r.fw, ropts)
		if err != nil {
			return
		}
		defer b.Close()
		if b.Damaged() {
			return
		}
		// Refuse a workbook that changed since it was scored.
		if b.Assessment.SHA256 != res.SHA256 {
			r.failedOutput(fmt.Errorf("%s changed while it was being scored; annotated copy not written", r.in.Files[i]))
			return
		}
		r.annotate(b, res, i)
	})
}

// writeScorecards writes one PDF scorecard per provider.
func (r *scoreRun) writeScorecards(ctx context.Context) {
	names := newNameAllocator()
	paths := make([]string, len(r.results))
	for i, res := range r.results {
		paths[i] = filepath.Join(r.o.out, "scorecards", names.name(res.ProviderName(), ".pdf"))
	}
	forEach(ctx, len(r.results), r.o.jobs, func(i int) {
		res := r.results[i]
		opts := r.pdfOptions(docDate(r.fixed, &res.Summary))
		r.write(paths[i], func(w io.Writer) error { return report.WriteScorecard(w, res, opts) })
	})
}

func (r *scoreRun) pdfOptions(t time.Time) report.PDFOptions {
	return report.PDFOptions{Created: t, ToolName: "sovscore", ToolVersion: Version}
}

// runDate is the date of the combined reports: the fixed one, else the
// latest assessment date of the inputs.
func (r *scoreRun) runDate() time.Time {
	if r.fixed != nil {
		return *r.fixed
	}
	var latest time.Time
	for _, res := range r.results {
		if t := docDate(nil, &res.Summary); t.After(latest) {
			latest = t
		}
	}
	return latest
}

// writeCombined writes the reports that combine every provider.
func (r *scoreRun) writeCombined() {
	date := r.runDate()
	sums := scoring.Summaries(r.results)
	info := report.RunInfo{ToolName: "sovscore", ToolVersion: Version}
	outputs := []struct {
		kind, name string
		fill       func(io.Writer) error
	}{
		{"comparison", "comparison.pdf", func(w io.Writer) error {
			return report.WriteComparison(w, sums, r.prof, r.pdfOptions(date))
		}},
		{"summary", "summary.xlsx", func(w io.Writer) error {
			return workbook.WriteSummary(w, r.results, workbook.SummaryOptions{Created: date, ToolVersion: Version, ProfileName: r.prof.Name})
		}},
		{"json", "results.json", func(w io.Writer) error { return report.WriteJSON(w, info, r.fw, r.prof, r.results) }},
		{"csv", "results.csv", func(w io.Writer) error { return report.WriteFactorsCSV(w, r.results) }},
		{"csv", "providers.csv", func(w io.Writer) error { return report.WriteProvidersCSV(w, sums) }},
	}
	forEach(context.Background(), len(outputs), r.o.jobs, func(i int) {
		if out := outputs[i]; r.want[out.kind] {
			r.write(filepath.Join(r.o.out, out.name), out.fill)
		}
	})
}

// printResults prints what --format asks for on stdout.
func (r *scoreRun) printResults() error {
	switch r.o.format {
	case "table":
		printTable(r.s.Out, scoring.Summaries(r.results))
	case "json":
		return report.WriteJSON(r.s.Out, report.RunInfo{ToolName: "sovscore", ToolVersion: Version}, r.fw, r.prof, r.results)
	case "markdown":
		return report.WriteMarkdown(r.s.Out, r.results)
	case "csv":
		return report.WriteProvidersCSV(r.s.Out, scoring.Summaries(r.results))
	}
	return nil
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
	var failed []string
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
			if is.Code == scoring.CodeFileUnreadable {
				failed = append(failed, fmt.Sprintf("  %s: %s", displayName(res.File), is.Message))
			}
		}
	}
	if len(r.problems) > 0 {
		code = exitUsage
	}
	if !r.o.quiet {
		fmt.Fprintf(r.s.Err, "scored %d workbook(s) with profile %s: %d eligible, %d with errors; reports in %s\n",
			len(r.results), r.prof.Name, eligible, withErrors, r.o.out)
		if len(failed) > 0 {
			fmt.Fprintf(r.s.Err, "%d file(s) could not be read:\n%s\n", len(failed), strings.Join(failed, "\n"))
		}
	}
	return code
}
