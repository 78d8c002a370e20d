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
	dossier string

	cpuProfile string
	memProfile string

	checkLinks   bool
	linkTimeout  time.Duration
	linkJobs     int
	linkDeadline time.Duration
	allowPrivate bool
}

// Defaults of the link check: a tarpit host costs at most the deadline.
const (
	defaultLinkTimeout  = 10 * time.Second
	defaultLinkJobs     = 8
	defaultLinkDeadline = 3 * time.Minute
)

func runScore(args []string, s *streams) int {
	fs := newFlags("score", "FILE|DIR... [options]", `Read every .xlsx workbook given (directories are searched recursively),
validate and score each, rank the eligible providers, print a table and
write the reports into the output directory:
  annotated/<input>.xlsx     each workbook with points, SEALs and problems
  scorecards/<provider>.pdf  one scorecard per provider
  comparison.pdf             ranking and comparison of all providers
  summary.xlsx               ranking, SEAL matrix, points and problems
  results.json, results.csv, providers.csv    machine-readable results
Input files are never modified. A run holds the output directory: a second
run into it is refused while the first lives.
Exit status: 0 when every workbook is valid, 1 when any has errors, could
not be read or did not get all its reports (the others are still written),
2 on usage errors, when an output cannot be written at all, or when
interrupted.`, s)
	var o scoreOptions
	o.read.register(fs)
	fs.StringVarP(&o.out, "out", "o", "sovscore-out", "directory for the reports")
	fs.StringVar(&o.format, "format", "table", "what to print on stdout: table, json, markdown, csv or none")
	fs.IntVarP(&o.jobs, "jobs", "j", runtime.NumCPU(), "workbooks processed in parallel")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress and no summary on stderr")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "one line per workbook on stderr")
	fs.StringVar(&o.date, "date", "", "creation date stamped in reports (YYYY-MM-DD or RFC 3339); default: SOURCE_DATE_EPOCH, else each assessment's date (the latest for the combined reports); with none, reports say \"not dated\"")
	fs.StringVar(&o.dossier, "dossier", "", "procedure file (YAML or JSON: authority, procedure, lot, version, status, panel, disclaimer) for the reports' dossier pages")
	fs.StringVar(&o.outputs, "outputs", "all", "reports to write, comma-separated: "+strings.Join(outputKinds, ",")+" or all")
	fs.BoolVar(&o.checkLinks, "check-links", false, "fetch every cited source URL once and warn on dead links (network access)")
	fs.DurationVar(&o.linkTimeout, "link-timeout", defaultLinkTimeout, "time-out for one link check (positive)")
	fs.IntVar(&o.linkJobs, "link-jobs", defaultLinkJobs, "links checked at once, at most 2 per host (positive)")
	fs.DurationVar(&o.linkDeadline, "link-deadline", defaultLinkDeadline, "time for the whole link check; links not checked by then are reported as unchecked (positive)")
	fs.BoolVar(&o.allowPrivate, "allow-private-links", false, "also fetch sources on loopback, private, link-local and multicast addresses (refused by default)")
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
	if o.linkTimeout <= 0 || o.linkJobs <= 0 || o.linkDeadline <= 0 {
		fmt.Fprintln(s.Err, "sovscore score: --link-timeout, --link-jobs and --link-deadline must be positive")
		return exitUsage
	}
	if err := checkJobs(o.jobs); err != nil {
		return fail(s, "score", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// After the first Ctrl-C the run stops cleanly; a second one ends the
	// process at once (a later run removes what it leaves).
	context.AfterFunc(ctx, stop)
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
	// font is the --font of the PDF reports (nil: the embedded one);
	// glyphs checks the texts against the font the reports use.
	font   *report.Font
	glyphs *glyphCheck
	// dossier is the --dossier file read, nil without one.
	dossier *report.Dossier
	in      inputSet
	ow      *outputWriter
	dir     *outDir // the output directory, held while the run writes into it
	do      steps
	// annotated[i] is where the annotated copy of input i goes.
	annotated []string
	// results[i] is the result of input i, in input order.
	results []*scoring.Result
	// left[name] are the inputs left out of the combined report name
	// because their rows could not be written.
	left map[string]map[int]bool
	// late[i] is set when input i names a host: it is annotated once
	// composition has set its answers (see compose).
	late []bool

	mu       sync.Mutex
	problems []string // outputs that could not be written
}

// newScoreRun checks the options and finds the inputs. On a usage error it
// returns nil and the exit code, having said why.
func newScoreRun(args []string, o scoreOptions, s *streams) (*scoreRun, int) {
	r := &scoreRun{o: o, s: s, fw: framework(), do: newSteps(), left: map[string]map[int]bool{}}
	var err error
	if r.prof, err = r.fw.ResolveProfile(o.read.profile); err != nil {
		return nil, fail(s, "score", err)
	}
	if r.want, err = parseOutputs(o.outputs); err != nil {
		return nil, fail(s, "score", err)
	}
	if err := checkHostDirs(o.read.hosts); err != nil {
		return nil, fail(s, "score", err)
	}
	if r.font, err = o.read.loadFont(); err != nil {
		return nil, fail(s, "score", err)
	}
	r.glyphs = newGlyphCheck(r.font)
	if o.dossier != "" {
		if r.dossier, err = report.ReadDossier(o.dossier); err != nil {
			return nil, fail(s, "score", err)
		}
	}
	if r.fixed, err = fixedDate(o.date); err != nil {
		return nil, fail(s, "score", err)
	}
	// The output folder is checked before any workbook is read: a wrong
	// -o must not cost the whole run.
	if len(r.want) > 0 && refuseOutput(s.Err, "score", o.out, args) {
		return nil, exitUsage
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
	if o.verbose && r.in.Outputs > 0 {
		fmt.Fprintf(s.Err, "skipped %d output(s) of earlier runs (in folders marked by %s)\n", r.in.Outputs, outputMarker)
	}
	r.ow = newOutputWriter(r.in.Files)
	// Names are allocated in input order before any work starts, so they
	// do not depend on which worker finishes first.
	names := newNameAllocator()
	r.annotated = make([]string, len(r.in.Files))
	for i, p := range r.in.Files {
		r.annotated[i] = filepath.Join(o.out, annotatedDir, names.name(inputStem(p), ".xlsx"))
	}
	r.results = make([]*scoring.Result, len(r.in.Files))
	r.late = make([]bool, len(r.in.Files))
	return r, exitOK
}

// run does the phases in turn and returns the exit status.
func (r *scoreRun) run(ctx context.Context) int {
	if err := r.claim(); err != nil {
		return fail(r.s, "score", err)
	}
	defer r.release()
	if r.scoreWorkbooks(ctx) {
		return r.interrupted("the reports of the workbooks not yet done and the combined reports were not written")
	}
	r.compose(ctx)
	if r.o.checkLinks {
		r.checkLinks(ctx)
		if ctx.Err() != nil {
			return r.interrupted("the scorecards and the combined reports were not written")
		}
	} else if r.want["annotated"] {
		r.annotateAfter(ctx, func(i int) bool { return r.late[i] })
		if ctx.Err() != nil {
			return r.interrupted("the scorecards and the combined reports were not written")
		}
	}
	scoring.Rank(scoring.Summaries(r.results))
	if r.want["scorecards"] {
		r.writeScorecards(ctx)
	}
	if ctx.Err() != nil {
		return r.interrupted("the scorecards done so far are complete, the combined reports were not written")
	}
	if r.writeCombined(ctx) {
		return r.interrupted("the combined reports being written were not written")
	}
	if err := r.printResults(); err != nil {
		return fail(r.s, "score", err)
	}
	return r.finish()
}

// claim takes the output directory when some output is to be written
// (see claimOutput).
func (r *scoreRun) claim() error {
	if len(r.want) == 0 {
		return nil
	}
	d, err := claimOutput("score", r.o.out, r.s, r.o.verbose, r.o.quiet)
	r.dir = d
	return err
}

// release gives the output directory back.
func (r *scoreRun) release() {
	if r.dir != nil {
		r.dir.release()
	}
}

// interrupted stops the run after Ctrl-C: writes still running are
// abandoned (their temporary files removed), the folder stays marked
// incomplete.
func (r *scoreRun) interrupted(what string) int {
	r.ow.abandon()
	if r.dir != nil {
		_ = r.dir.markIncomplete("sovscore score was interrupted (Ctrl-C); " + what + ".")
	}
	fmt.Fprintln(r.s.Err, "sovscore score: interrupted; "+what)
	return exitUsage
}

// failedOutput records an output that could not be written.
func (r *scoreRun) failedOutput(err error) {
	r.mu.Lock()
	r.problems = append(r.problems, err.Error())
	r.mu.Unlock()
}

// scoreWorkbooks reads, validates and scores every workbook, and writes
// its annotated copy unless the link check must add its warnings first.
// It returns true when interrupted.
func (r *scoreRun) scoreWorkbooks(ctx context.Context) bool {
	annotateNow := r.want["annotated"] && !r.o.checkLinks
	prog := newProgress(r.s, len(r.in.Files), r.o.quiet, r.o.verbose)
	interrupted := forEach(ctx, len(r.in.Files), r.o.jobs, func(i int) {
		res, b := r.readAndScore(i)
		switch {
		case !annotateNow || b == nil || b.Damaged():
		case namesHost(b.Assessment):
			r.late[i] = true
		default:
			r.annotate(ctx, b, res, i)
		}
		b.Close()
		prog.done(displayName(r.in.Files[i]), &res.Summary)
		r.results[i] = res
	})
	prog.finish()
	return interrupted
}

// annotate writes the annotated copy of input i. A workbook that cannot be
// annotated gets an output-failed warning, which its scorecard and the
// combined reports show.
func (r *scoreRun) annotate(ctx context.Context, b *workbook.Book, res *scoring.Result, i int) {
	opts := workbook.AnnotateOptions{Created: docDate(r.fixed, &res.Summary), ToolVersion: Version}
	err := r.ow.write(ctx, r.annotated[i], func(w io.Writer) error { return r.do.annotate(b, w, res, opts) })
	r.failed(res, "annotated copy", err, annotateMessage)
}

// checkLinks fetches every cited source once, adds a warning for each dead
// one, and then writes the annotated copies, which must show them.
func (r *scoreRun) checkLinks(ctx context.Context) {
	lctx, cancel := context.WithTimeout(ctx, r.o.linkDeadline)
	checker := newLinkChecker(linkOptions{timeout: r.o.linkTimeout, jobs: r.o.linkJobs, allowPrivate: r.o.allowPrivate})
	checked, dead, unchecked := applyLinkCheck(lctx, checker, r.results)
	cancel()
	if !r.o.quiet {
		fmt.Fprintf(r.s.Err, "checked %d distinct source URL(s): %d dead\n", checked-unchecked, dead)
	}
	if unchecked > 0 && ctx.Err() == nil {
		fmt.Fprintf(r.s.Err, "sovscore score: the link check stopped at its deadline (--link-deadline %s): %d of %d source URL(s) were not checked\n",
			r.o.linkDeadline, unchecked, checked)
	}
	if !r.want["annotated"] {
		return
	}
	r.annotateAfter(ctx, func(int) bool { return true })
}

// annotateAfter re-opens the workbooks which selects and writes their
// annotated copies, for results a phase after reading changed (the link
// check, composition).
func (r *scoreRun) annotateAfter(ctx context.Context, which func(i int) bool) {
	ropts := r.o.read.options()
	forEach(ctx, len(r.in.Files), r.o.jobs, func(i int) {
		if !which(i) {
			return
		}
		res := r.results[i]
		b, err := openWorkbook(r.in.Files[i], r.fw, ropts)
		if err != nil {
			if !res.Unreadable() {
				res.AddIssues(outputFailed(msgChanged)) // it was read a moment ago
			}
			return
		}
		defer b.Close()
		if b.Damaged() {
			return
		}
		// Refuse a workbook that changed since it was scored.
		if b.Assessment.SHA256 != res.SHA256 {
			res.AddIssues(outputFailed(msgChanged))
			return
		}
		r.annotate(ctx, b, res, i)
	})
}

// writeScorecards writes one PDF scorecard per provider, named after the
// provider, else after the input file: never after the input's path.
func (r *scoreRun) writeScorecards(ctx context.Context) {
	names := newNameAllocator()
	paths := make([]string, len(r.results))
	for i, res := range r.results {
		stem := scoring.Normalize(res.Provider.Name.Text)
		if stem == "" {
			stem = inputStem(r.in.Files[i])
		}
		paths[i] = filepath.Join(r.o.out, scorecardsDir, names.name(stem, ".pdf"))
	}
	forEach(ctx, len(r.results), r.o.jobs, func(i int) {
		res := r.results[i]
		opts := r.pdfOptions(docDate(r.fixed, &res.Summary))
		err := r.ow.write(ctx, paths[i], func(w io.Writer) error { return r.do.scorecard(w, forPDF(res), opts) })
		r.failed(res, "scorecard", err, func(error) string { return msgScorecard })
	})
}

func (r *scoreRun) pdfOptions(t time.Time) report.PDFOptions {
	return report.PDFOptions{Created: t, ToolName: "sovscore", ToolVersion: Version, Font: r.font, Dossier: r.dossier}
}

// runInfo describes the run in the machine-readable outputs.
func (r *scoreRun) runInfo() report.RunInfo {
	return report.RunInfo{ToolName: "sovscore", ToolVersion: Version, Dossier: r.dossier}
}

// runDate is the date of the combined reports: the fixed one, else the
// latest assessment date of the inputs; the zero time ("not dated") when
// no input has one.
func (r *scoreRun) runDate() time.Time {
	return latestDate(r.fixed, r.results)
}
