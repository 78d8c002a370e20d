package main

// One workbook never sinks the batch: each step of a workbook (read,
// score, annotated copy, scorecard, its rows in the combined reports) runs
// so that its error or panic becomes an output-failed problem of that
// workbook, shown in every report written after it, and the run goes on.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/sovscore/sovscore/report"
	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook"
)

// steps are the per-workbook steps of a run. They are fields so that tests
// can make one fail or panic; newSteps gives the real ones.
type steps struct {
	open      openFunc
	evaluate  evalFunc
	annotate  func(b *workbook.Book, w io.Writer, r *scoring.Result, opts workbook.AnnotateOptions) error
	scorecard func(w io.Writer, r *scoring.Result, opts report.PDFOptions) error
	summary   func(w io.Writer, results []*scoring.Result, opts workbook.SummaryOptions) error
}

// openFunc opens and reads a workbook (openWorkbook).
type openFunc func(path string, fw *scoring.Framework, opts workbook.ReadOptions) (*workbook.Book, error)

// evalFunc scores an assessment (scoring.Evaluate).
type evalFunc func(fw *scoring.Framework, a *scoring.Assessment, p *scoring.Profile) *scoring.Result

func newSteps() steps {
	return steps{
		open:     openWorkbook,
		evaluate: scoring.Evaluate,
		annotate: func(b *workbook.Book, w io.Writer, r *scoring.Result, opts workbook.AnnotateOptions) error {
			return b.WriteAnnotated(w, r, opts)
		},
		scorecard: report.WriteScorecard,
		summary:   workbook.WriteSummary,
	}
}

// What an output-failed problem tells the assessor. They name no Go type
// or function: the detail goes to stderr with --verbose.
const (
	msgReadPanic = "sovscore failed while reading this workbook (an internal error), so it was not scored; " +
		"open it in Excel or LibreOffice, save it again and score it again, and if the problem stays, " +
		"please report the file to the sovscore maintainers"
	msgScorePanic = "sovscore failed while scoring this workbook (an internal error), so it has no score; " +
		"check the cover sheet and the factor rows for unusual content, save it again and score it again, " +
		"and if the problem stays, please report the file to the sovscore maintainers"
	msgAnnotate = "the annotated copy of this workbook could not be made (it is built in a way sovscore cannot annotate); " +
		"open it in Excel or LibreOffice, save it again and score it again, and if the problem stays, " +
		"please report the file to the sovscore maintainers"
	msgScorecard = "the PDF scorecard of this workbook could not be made from its content; shorten unusually long " +
		"text on the cover sheet and in the factor rows, save the workbook and score it again, and if the problem stays, " +
		"please report the file to the sovscore maintainers"
	msgChanged = "the workbook changed on disk while it was being scored, so its annotated copy was not made; " +
		"score it again once nobody is editing it"
)

// msgRow says that a workbook's row is left out of a combined report.
func msgRow(output string) string {
	return "this workbook's row could not be written into " + output + ", so it is left out of " + output +
		"; shorten unusually long text on the cover sheet and in the factor rows, save the workbook and score it again, " +
		"and if the problem stays, please report the file to the sovscore maintainers"
}

// outputFailed is the problem added to a workbook's result.
func outputFailed(msg string) scoring.Issue {
	return scoring.Issue{Severity: scoring.Warning, Code: scoring.CodeOutputFailed, Message: msg}
}

// readAndScore reads input i and scores it. A panic while reading makes
// the file unreadable, one while scoring an output-failed error; either
// way the workbook gets a result. b is nil when there is no open workbook
// to annotate.
func (r *scoreRun) readAndScore(i int) (res *scoring.Result, b *workbook.Book) {
	return r.do.readAndScore(r.in.Files[i], r.fw, r.o.read.options(), r.prof, r.glyphs, r.detail)
}

// readAndScore is the per-workbook step of every command: read the
// workbook at path safely, note when it is open in Excel or LibreOffice,
// check its texts against the reports' font (unless glyphs is nil: hosts
// get no report) and score it safely. b is the open workbook, nil when
// there is none; the caller closes it. A file that cannot be read still
// gets a result, carrying why, so that it is listed in every report.
func (d steps) readAndScore(path string, fw *scoring.Framework, opts workbook.ReadOptions, prof *scoring.Profile,
	glyphs *glyphCheck, detail detailFunc) (*scoring.Result, *workbook.Book) {
	a, b := readSafely(path, d.open, fw, opts, detail)
	noteOpenWorkbook(a, path)
	if glyphs != nil {
		glyphs.note(a, displayPath(path))
	}
	return evaluateSafely(d.evaluate, fw, a, prof, detail), b
}

// score is readAndScore for commands that write no annotated copy: the
// workbook is closed at once. Their panics go nowhere (no --verbose).
func (d steps) score(path string, fw *scoring.Framework, opts workbook.ReadOptions, prof *scoring.Profile, glyphs *glyphCheck) *scoring.Result {
	res, b := d.readAndScore(path, fw, opts, prof, glyphs, noDetail)
	b.Close()
	return res
}

// detailFunc tells the maintainers what went wrong inside sovscore in one
// step of one workbook (see scoreRun.detail).
type detailFunc func(file, step string, err error)

// noDetail is the detailFunc of commands without --verbose.
func noDetail(string, string, error) {}

// readSafely opens the workbook at path with open. A panic while reading
// makes the file unreadable, with msgReadPanic, and goes to detail. b is
// the open workbook, nil when there is none.
func readSafely(path string, open openFunc, fw *scoring.Framework, opts workbook.ReadOptions, detail detailFunc) (a *scoring.Assessment, b *workbook.Book) {
	defer func() {
		if p := recover(); p != nil {
			detail(path, "reading", fmt.Errorf("panic: %v", p))
			b.Close()
			b = nil
			a = unreadable(path, &workbook.FileError{Code: scoring.CodeFileUnreadable, Message: msgReadPanic}, opts)
		}
	}()
	var err error
	if b, err = open(path, fw, opts); err != nil {
		return unreadable(path, err, opts), nil
	}
	return b.Assessment, b
}

// evaluateSafely scores an assessment with eval; if scoring panics, the
// result is that of an assessment with no answers and the output-failed
// error, with the cover kept when it is not what made scoring fail.
func evaluateSafely(eval evalFunc, fw *scoring.Framework, a *scoring.Assessment, prof *scoring.Profile, detail detailFunc) *scoring.Result {
	res, p := tryEvaluate(eval, fw, a, prof)
	if p == nil {
		return res
	}
	detail(a.File, "scoring", fmt.Errorf("panic: %v", p))
	failed := scoring.Issues{{Severity: scoring.Error, Code: scoring.CodeOutputFailed, Message: msgScorePanic}}
	fallback := &scoring.Assessment{File: a.File, SHA256: a.SHA256, Provider: a.Provider, Issues: failed}
	if res, p = tryEvaluate(scoring.Evaluate, fw, fallback, prof); p == nil {
		return res
	}
	return scoring.Evaluate(fw, &scoring.Assessment{File: a.File, SHA256: a.SHA256, Issues: failed}, prof)
}

func tryEvaluate(eval evalFunc, fw *scoring.Framework, a *scoring.Assessment, p *scoring.Profile) (res *scoring.Result, panicked any) {
	defer func() {
		if panicked = recover(); panicked != nil {
			res = nil
		}
	}()
	return eval(fw, a, p), nil
}

// failed sorts the outcome of writing one output of workbook res: a file
// system failure is an output that cannot be written (exit 2); a failure
// of the content is res's problem, with msg; an interruption is neither.
func (r *scoreRun) failed(res *scoring.Result, what string, err error, msg func(error) string) {
	var oe *outputError
	var re *renderError
	switch {
	case err == nil || errors.Is(err, context.Canceled) || errors.Is(err, errAbandoned):
	case errors.As(err, &oe):
		r.failedOutput(err)
	case errors.As(err, &re):
		r.detail(res.File, what, re.err)
		res.AddIssues(outputFailed(msg(re.err)))
	default:
		r.failedOutput(err)
	}
}

// annotateMessage is the user message of a failed annotation: the
// annotator's own when it gave one.
func annotateMessage(err error) string {
	var ae *workbook.AnnotateError
	if errors.As(err, &ae) && ae.Message != "" {
		return ae.Message
	}
	return msgAnnotate
}

// detail prints, with --verbose, what went wrong inside sovscore, for the
// maintainers.
func (r *scoreRun) detail(file, step string, err error) {
	if !r.o.verbose || err == nil {
		return
	}
	line, _, _ := strings.Cut(err.Error(), "\n")
	r.mu.Lock()
	fmt.Fprintf(r.s.Err, "sovscore score: %s: %s: %s\n", displayName(file), step, line)
	r.mu.Unlock()
}

// guardFill runs fill, turning a panic into an error and its stack.
func guardFill(fill func(io.Writer) error, w io.Writer) (stack []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			stack, err = debug.Stack(), fmt.Errorf("panic: %v", p)
		}
	}()
	return nil, fill(w)
}
