package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
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

	cpuProfile string
	memProfile string

	checkLinks  bool
	linkTimeout time.Duration
	linkJobs    int

	// keepInMemory keeps every full result in memory instead of spooling
	// it to a temporary file (see spool); not a flag, tests compare both.
	keepInMemory bool
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

func score(ctx context.Context, args []string, o scoreOptions, s *streams) int {
	fw := framework()
	prof, err := fw.ResolveProfile(o.read.profile)
	if err != nil {
		return fail(s, "score", err)
	}
	want, err := parseOutputs(o.outputs)
	if err != nil {
		return fail(s, "score", err)
	}
	var fixed *time.Time
	if o.date != "" {
		t, err := parseDate(o.date)
		if err != nil {
			return fail(s, "score", err)
		}
		fixed = &t
	} else if t, ok := sourceDateEpoch(); ok {
		fixed = &t
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
	info := report.RunInfo{ToolName: "sovscore", ToolVersion: Version}

	// Names are allocated in input order before any work starts, so they
	// do not depend on which worker finishes first.
	annotatedNames := newNameAllocator()
	annotated := make([]string, len(in.Files))
	for i, p := range in.Files {
		annotated[i] = filepath.Join(o.out, "annotated", annotatedNames.name(inputStem(p), ".xlsx"))
	}
	annotateNow := want["annotated"] && !o.checkLinks

	var (
		mu       sync.Mutex
		problems []string // outputs that could not be written
	)
	failedOutput := func(err error) {
		mu.Lock()
		problems = append(problems, err.Error())
		mu.Unlock()
	}
	annotate := func(b *workbook.Book, r *scoring.Result, i int) {
		opts := workbook.AnnotateOptions{Created: docDate(fixed, r), ToolVersion: Version}
		if err := ow.write(annotated[i], func(w io.Writer) error { return b.WriteAnnotated(w, r, opts) }); err != nil {
			failedOutput(err)
		}
	}

	// Memory must not grow with the batch. Each result (every answer,
	// justification and source) goes to a spool file, in full and slim,
	// as soon as its workbook is scored and annotated, and leaves memory:
	// while workbooks are read and scorecards written, what is kept per
	// provider is a few words. The ranking and the reports that combine all
	// providers (the table, the summary workbook, the comparison,
	// providers.csv) load every slim result (loadSlim); the scorecards,
	// results.json, results.csv and the Markdown load the full results one
	// at a time (load).
	//
	// With --check-links the full results stay in memory instead: the link
	// check needs every cited source of every result at once, and its
	// warnings must reach every report. It makes network requests for
	// minutes anyway; keeping it simple beats saving memory there.
	var sp *spool
	if !o.checkLinks && !o.keepInMemory {
		var err error
		sp, err = newSpool(len(in.Files), fw, prof)
		if err != nil {
			fmt.Fprintf(s.Err, "sovscore score: %v; every result is kept in memory\n", err)
		} else {
			defer sp.Close()
		}
	}
	var load report.Loader
	if sp != nil {
		load = sp.Get
	}
	// results[i] is nil while the result is only in the spool; else it is
	// the full result, or the slim one when the spool could not take it.
	results := make([]*scoring.Result, len(in.Files))
	var spoolOnce sync.Once
	keep := func(i int, r *scoring.Result) {
		if sp == nil {
			results[i] = r
			return
		}
		if err := sp.Put(i, r); err != nil {
			spoolOnce.Do(func() {
				fmt.Fprintf(s.Err, "sovscore score: %v; the results that could not be set aside are kept in memory\n", err)
				setMemoryLimit(math.MaxInt64) // they grow with the batch
			})
			results[i] = r.Slim()
		}
	}
	// Decoding is most of the cost (gob compiles each record's types), so
	// the workers share it.
	loadSlim := func() error {
		errs := make([]error, len(results))
		forEach(context.Background(), len(results), o.jobs, func(i int) {
			if results[i] == nil { // only in the spool
				results[i], errs[i] = sp.Slim(i)
			}
		})
		for i, err := range errs {
			if err != nil {
				return fmt.Errorf("%s: %w", in.Files[i], err)
			}
		}
		return nil
	}
	dropSpooled := func() {
		for i := range results {
			if sp != nil && sp.Has(i) {
				results[i] = nil
			}
		}
	}

	// Every workbook leaves megabytes of short-lived garbage (parsed XML,
	// font tables, compressors) and nothing that lives on: while workbooks
	// are processed and scorecards written, collecting at three times the
	// live heap instead of twice saves a quarter of the run time (README,
	// Performance). The live heap counts what was allocated while the
	// collector ran, so the heap's goal swings with the moment's load; a
	// soft limit sized by the number of workers caps those swings, so that
	// the peak does not depend on how long the batch runs.
	// Only with the spool: results kept in memory grow with the batch.
	setGCPercent(200)
	if sp != nil {
		setMemoryLimit(memoryBase + int64(o.jobs)*memoryPerJob)
	}
	defer setGCPercent(100)
	defer setMemoryLimit(math.MaxInt64)

	prog := newProgress(s, len(in.Files), o.quiet, o.verbose)
	interrupted := forEach(ctx, len(in.Files), o.jobs, func(i int) {
		path := in.Files[i]
		var r *scoring.Result
		b, err := workbook.Open(path, fw, ropts)
		if err != nil {
			r = scoring.Evaluate(fw, unreadable(path, err, ropts), prof)
		} else {
			r = scoring.Evaluate(fw, b.Assessment, prof)
			if annotateNow && !damaged(r) {
				annotate(b, r, i)
			}
			b.Close()
		}
		prog.done(displayName(path), r)
		keep(i, r)
	})
	prog.finish()
	if interrupted {
		fmt.Fprintln(s.Err, "sovscore score: interrupted; the reports of the workbooks not yet done and the combined reports were not written")
		return exitUsage
	}
	if err := loadSlim(); err != nil {
		return fail(s, "score", err)
	}

	if o.checkLinks {
		checked, dead := applyLinkCheck(ctx, newLinkChecker(o.linkTimeout, o.linkJobs), results)
		if !o.quiet {
			fmt.Fprintf(s.Err, "checked %d distinct source URL(s): %d dead\n", checked, dead)
		}
		if want["annotated"] {
			// The warnings must reach the annotated workbooks: open each again,
			// refusing one that changed since it was scored.
			forEach(ctx, len(in.Files), o.jobs, func(i int) {
				r := results[i]
				b, err := workbook.Open(in.Files[i], fw, ropts)
				if err != nil {
					return
				}
				defer b.Close()
				if damaged(r) {
					return
				}
				if b.Assessment.SHA256 != r.SHA256 {
					failedOutput(fmt.Errorf("%s changed while it was being scored; annotated copy not written", in.Files[i]))
					return
				}
				annotate(b, r, i)
			})
		}
	}
	scoring.Rank(results)

	var latest time.Time
	for _, r := range results {
		if t := docDate(nil, r); t.After(latest) {
			latest = t
		}
	}
	runDate := latest
	if fixed != nil {
		runDate = *fixed
	}
	pdfOpts := func(t time.Time) report.PDFOptions {
		return report.PDFOptions{Created: t, ToolName: "sovscore", ToolVersion: Version}
	}

	if want["scorecards"] {
		names := newNameAllocator()
		paths := make([]string, len(results))
		for i, r := range results {
			paths[i] = filepath.Join(o.out, "scorecards", names.name(r.ProviderName(), ".pdf"))
		}
		// Only the ranks stay in memory while the scorecards are written.
		type rankOf struct{ rank, ranked int }
		ranks := make([]rankOf, len(results))
		for i, r := range results {
			ranks[i] = rankOf{r.Rank, r.Ranked}
		}
		dropSpooled()
		full := func(i int) (*scoring.Result, error) {
			if results[i] != nil {
				return report.LoadFull(results, load, i)
			}
			r, err := sp.Get(i)
			if err != nil {
				return nil, err
			}
			r.Rank, r.Ranked = ranks[i].rank, ranks[i].ranked
			return r, nil
		}
		forEach(ctx, len(results), o.jobs, func(i int) {
			r, err := full(i)
			if err != nil {
				failedOutput(fmt.Errorf("%s: %w", paths[i], err))
				return
			}
			if err := ow.write(paths[i], func(w io.Writer) error { return report.WriteScorecard(w, r, pdfOpts(docDate(fixed, r))) }); err != nil {
				failedOutput(err)
			}
		})
	}

	if ctx.Err() != nil {
		fmt.Fprintln(s.Err, "sovscore score: interrupted; the scorecards done so far are complete, the combined reports were not written")
		return exitUsage
	}
	if err := loadSlim(); err != nil {
		return fail(s, "score", err)
	}
	scoring.Rank(results) // as before the scorecards: ranking is a function of the results

	type output struct {
		kind, name string
		fill       func(io.Writer) error
	}
	// The combined reports hold every provider's slim result at once: back
	// to the usual pace of garbage collection, so memory stays twice what
	// they hold, and room above the workers' limit for the results, which
	// grow with the batch (a limit below them would make the collector run
	// without end).
	setGCPercent(100)
	// The memory the scorecards' larger heap used would otherwise stay
	// with the process for a while on top of the combined reports' own.
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	setMemoryLimit(memoryBase + int64(o.jobs)*memoryPerJob + 2*int64(ms.HeapAlloc))

	// Two lanes side by side. The comparison PDF and the summary workbook
	// have the largest working sets (fonts, excelize's model), so they go
	// one after the other and their peaks do not add up; results.json and
	// the CSV files, streamed provider by provider from the spool, go in
	// the other lane.
	lanes := [][]output{
		{
			{"comparison", "comparison.pdf", func(w io.Writer) error { return report.WriteComparison(w, results, prof, pdfOpts(runDate)) }},
			{"summary", "summary.xlsx", func(w io.Writer) error {
				return workbook.WriteSummary(w, results, workbook.SummaryOptions{Created: runDate, ToolVersion: Version, ProfileName: prof.Name, Load: load})
			}},
		},
		{
			{"json", "results.json", func(w io.Writer) error { return report.WriteJSONFrom(w, info, fw, prof, results, load) }},
			{"csv", "results.csv", func(w io.Writer) error { return report.WriteFactorsCSVFrom(w, results, load) }},
			{"csv", "providers.csv", func(w io.Writer) error { return report.WriteProvidersCSV(w, results) }},
		},
	}
	forEach(context.Background(), len(lanes), o.jobs, func(l int) {
		for _, wr := range lanes[l] {
			if !want[wr.kind] {
				continue
			}
			if err := ow.write(filepath.Join(o.out, wr.name), wr.fill); err != nil {
				failedOutput(err)
			}
		}
	})
	switch o.format {
	case "table":
		printTable(s.Out, results)
	case "json":
		err = report.WriteJSONFrom(s.Out, info, fw, prof, results, load)
	case "markdown":
		err = report.WriteMarkdownFrom(s.Out, results, load)
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
	if len(problems) > 0 {
		sort.Strings(problems)
		fmt.Fprintf(s.Err, "sovscore score: %d report(s) could not be written:\n  %s\n", len(problems), strings.Join(problems, "\n  "))
	}
	var failed []string
	eligible, withErrors := 0, 0
	for _, r := range results {
		if r.Eligible {
			eligible++
		}
		if r.Issues.Errors() > 0 {
			withErrors++
			code = max(code, exitInvalid)
		}
		for _, is := range r.Issues {
			if is.Code == scoring.CodeFileUnreadable {
				failed = append(failed, fmt.Sprintf("  %s: %s", displayName(r.File), is.Message))
			}
		}
	}
	if len(problems) > 0 {
		code = exitUsage
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

// damaged reports a workbook whose sheets the reader found broken (bad
// XML, rows out of order). It is not annotated: excelize's whole-sheet
// parsing, which annotation needs, can take hours on such sheets. The
// problems are in every other report.
func damaged(r *scoring.Result) bool {
	for _, is := range r.Issues {
		if is.Code != scoring.CodeCellUnreadable {
			continue
		}
		// Answers under merged cells or lost shared strings are ordinary
		// mistakes that deserve their notes; broken sheet XML is not.
		for _, sign := range []string{"damaged", "out of order", "cannot be read past", "non-empty rows"} {
			if strings.Contains(is.Message, sign) {
				return true
			}
		}
	}
	return false
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

// sourceDateEpoch reads SOURCE_DATE_EPOCH, the reproducible-builds
// convention for a fixed timestamp.
func sourceDateEpoch() (time.Time, bool) {
	v := os.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(n, 0).UTC(), true
}

// defaultDocDate stamps documents whose inputs give no usable date.
var defaultDocDate = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// docDate is the creation date stamped into a provider's documents: the
// fixed date if the user set one, else the assessment date of its cover
// sheet, else a constant. Never the clock: the same inputs must give the
// same bytes.
func docDate(fixed *time.Time, r *scoring.Result) time.Time {
	if fixed != nil {
		return *fixed
	}
	if t, err := parseDate(scoring.Normalize(r.Provider.Date.Text)); err == nil {
		return t
	}
	return defaultDocDate
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

// The soft memory limit while workbooks are processed, by the number of
// workers: measured, a worker's live heap stays under 15 MB with the
// generated workbooks, and the heap under three times that.
const (
	memoryBase   = 24 << 20
	memoryPerJob = 20 << 20
)

// setMemoryLimit sets the runtime's soft memory limit unless the user chose
// one with the GOMEMLIMIT environment variable.
func setMemoryLimit(bytes int64) {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(bytes)
	}
}

// setGCPercent sets the garbage collector's pace unless the user chose one
// with the GOGC environment variable.
func setGCPercent(p int) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(p)
	}
}
