package main

// What diff and reconcile share: their options, reading and scoring the
// workbooks as score does, and writing their outputs.

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/sovscore/sovscore/report"
	"github.com/sovscore/sovscore/scoring"
)

// compareOptions are the options of diff and reconcile.
type compareOptions struct {
	read   readFlags
	out    string
	format string
	jobs   int
	date   string
}

func (o *compareOptions) register(fs *pflag.FlagSet, outputs string) {
	o.read.register(fs)
	fs.StringVarP(&o.out, "out", "o", "", "directory to write "+outputs+" into (nothing is written without it)")
	fs.StringVar(&o.format, "format", "table", "what to print on stdout: table, json, markdown or none")
	fs.IntVarP(&o.jobs, "jobs", "j", runtime.NumCPU(), "workbooks read in parallel")
	fs.StringVar(&o.date, "date", "", "creation date stamped in the files (YYYY-MM-DD or RFC 3339); default: SOURCE_DATE_EPOCH, else the latest assessment date of the inputs")
}

// compareRun is one run of diff or reconcile.
type compareRun struct {
	cmd   string
	o     compareOptions
	s     *streams
	fw    *scoring.Framework
	prof  *scoring.Profile
	fixed *time.Time
	font  *report.Font // --font, nil for the embedded one
	// do are the per-workbook steps, as in score; tests change them.
	do steps
	// unreadable lists the inputs that could not be read, with why;
	// missing is set when a path given does not exist.
	unreadable []string
	missing    bool
}

// newCompareRun checks the options common to both commands, and -o
// against the inputs args as score does; on a usage error it returns nil
// and the exit code, having said why.
func newCompareRun(cmd string, o compareOptions, args []string, s *streams) (*compareRun, int) {
	r := &compareRun{cmd: cmd, o: o, s: s, fw: framework(), do: newSteps()}
	switch o.format {
	case "table", "json", "markdown", "none":
	default:
		fmt.Fprintf(s.Err, "sovscore %s: --format %q: use table, json, markdown or none\n", cmd, o.format)
		return nil, exitUsage
	}
	if err := checkJobs(o.jobs); err != nil {
		return nil, fail(s, cmd, err)
	}
	var err error
	if r.prof, err = r.fw.ResolveProfile(o.read.profile); err != nil {
		return nil, fail(s, cmd, err)
	}
	if err := checkHostDirs(o.read.hosts); err != nil {
		return nil, fail(s, cmd, err)
	}
	if r.font, err = o.read.loadFont(); err != nil {
		return nil, fail(s, cmd, err)
	}
	if r.fixed, err = fixedDate(o.date); err != nil {
		return nil, fail(s, cmd, err)
	}
	// Before any workbook is read, as score does.
	if o.out != "" && refuseOutput(s.Err, cmd, o.out, args) {
		return nil, exitUsage
	}
	return r, exitOK
}

// score reads and scores workbooks as score does, in parallel (a panic
// in one workbook makes it unreadable or gives it an output-failed error,
// and its texts are checked against the reports' font), and composes each
// set of them with its hosts as score would compose it alone: the old and
// the new assessment of one provider are no hosts of each other's
// services. It returns the results of each set in input order: nil for a
// workbook that could not be read, which is recorded.
func (r *compareRun) score(sets ...[]string) [][]*scoring.Result {
	var files []string
	for _, set := range sets {
		files = append(files, set...)
	}
	// One batch, so that -j spreads over every set.
	results := make([]*scoring.Result, len(files))
	opts := r.o.read.options()
	glyphs := newGlyphCheck(r.font)
	forEach(context.Background(), len(files), r.o.jobs, func(i int) {
		results[i] = r.do.score(files[i], r.fw, opts, r.prof, glyphs)
	})
	out := make([][]*scoring.Result, len(sets))
	var notes []string
	for k, set := range sets {
		out[k], results = results[:len(set):len(set)], results[len(set):]
		_, n := composeRun(context.Background(), out[k], set, &r.o.read, r.fw, r.prof, r.o.jobs)
		for _, note := range n {
			if !slices.Contains(notes, note) { // each set walks the same folders
				notes = append(notes, note)
			}
		}
	}
	printHostNotes(r.s.Err, r.cmd, notes)
	for _, set := range out {
		for i, res := range set {
			if res.Unreadable() {
				for _, is := range res.Issues {
					if is.Code == scoring.CodeFileUnreadable { // not its warnings (an open lock file, a glyph)
						r.unreadable = append(r.unreadable, fmt.Sprintf("%s: %s", displayName(res.File), is.Message))
					}
				}
				set[i] = nil
			}
		}
	}
	return out
}

// readable leaves out the nil results.
func readable(results []*scoring.Result) []*scoring.Result {
	var out []*scoring.Result
	for _, res := range results {
		if res != nil {
			out = append(out, res)
		}
	}
	return out
}

// warn prints warnings on stderr.
func (r *compareRun) warn(ws []string) {
	for _, w := range ws {
		fmt.Fprintf(r.s.Err, "sovscore %s: warning: %s\n", r.cmd, w)
	}
}

// runDate is the date stamped into the files: the fixed one, else the
// latest assessment date of the results; the zero time ("not dated") when
// there is none.
func (r *compareRun) runDate(results []*scoring.Result) time.Time {
	return latestDate(r.fixed, results)
}

func (r *compareRun) pdfOptions(t time.Time) report.PDFOptions {
	return report.PDFOptions{Created: t, ToolName: "sovscore", ToolVersion: Version, Font: r.font}
}

// output is one file of -o.
type output struct {
	name string
	fill func(io.Writer) error
}

// writeOutputs writes the files into -o, atomically and never over an
// input, and returns the paths that could not be written, with why. It
// holds the folder as score does while it writes (see claimOutput).
func (r *compareRun) writeOutputs(inputs []string, outs []output) []string {
	if r.o.out == "" {
		return nil
	}
	d, err := claimOutput(r.cmd, r.o.out, r.s, false, false)
	if err != nil {
		return []string{err.Error()}
	}
	defer d.release()
	ow := newOutputWriter(inputs)
	problems := make([]string, len(outs))
	forEach(context.Background(), len(outs), r.o.jobs, func(i int) {
		if err := ow.write(context.Background(), filepath.Join(r.o.out, outs[i].name), outs[i].fill); err != nil {
			problems[i] = err.Error()
		}
	})
	var out []string
	for _, p := range problems {
		if p != "" {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	d.done(out)
	return out
}

// finish reports unreadable inputs and failed outputs on stderr, then,
// when the comparison ran, what eligibility means and the summary, and
// returns the exit status: 2 when an output could not be written, 1 when
// an input could not be read, else 0.
func (r *compareRun) finish(problems []string, summary string) int {
	code := exitOK
	if r.missing {
		code = exitInvalid
	}
	if len(r.unreadable) > 0 {
		fmt.Fprintf(r.s.Err, "sovscore %s: %d file(s) could not be read:\n  %s\n", r.cmd, len(r.unreadable), strings.Join(r.unreadable, "\n  "))
		code = exitInvalid
	}
	if len(problems) > 0 {
		fmt.Fprintf(r.s.Err, "sovscore %s: %d file(s) could not be written:\n  %s\n", r.cmd, len(problems), strings.Join(problems, "\n  "))
		code = exitUsage
	}
	if summary != "" {
		noMinimumNotice(r.s.Err, r.cmd, r.prof)
		fmt.Fprintln(r.s.Err, summary)
	}
	return code
}
