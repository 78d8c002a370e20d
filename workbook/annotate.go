package workbook

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// Sheets and headers the annotator adds. The reader ignores all of them: it
// reads only objective sheets (named SOV-n) and, on them, only the ID,
// Answer, Confidence, Justification and Sources columns.
const (
	// ScorecardSheet is the first sheet of an annotated workbook.
	ScorecardSheet = "Scorecard"
	// AnnotationsSheet is a very hidden sheet recording what the annotator
	// changed, so that annotating again first undoes it.
	AnnotationsSheet = "sovscore-annotations"
	// HeaderPoints, HeaderSEAL and HeaderCheck head the three output columns
	// added after the last used column of every objective sheet.
	HeaderPoints = "Points"
	HeaderSEAL   = "SEAL"
	HeaderCheck  = "Check"
)

// annFormat tags the record sheet; a record in another format is not undone.
const annFormat = "sovscore-annotations/1"

// Widths of the added columns, and the size of notes.
const (
	annWidthPoints = 11
	annWidthSEAL   = 11
	annWidthCheck  = 60
	annCommentW    = 340 // comment box, in pixels
	annMaxComment  = 30000
)

// AnnotateOptions configures WriteAnnotated.
type AnnotateOptions struct {
	// Created is stamped as the Created and Modified document properties
	// and shown as the document date (from the inputs, --date or
	// SOURCE_DATE_EPOCH, never the clock); the zero time leaves the
	// properties as they are. A fixed value gives byte-identical output.
	Created time.Time
	// ToolVersion is shown on the scorecard.
	ToolVersion string
}

// AnnotateError is returned by WriteAnnotated when a workbook that was
// read and scored cannot be annotated. Message says what to change in the
// workbook; Err is the cause, for maintainers (for an internal error, its
// value and stack).
type AnnotateError struct {
	Message string
	Err     error
}

// Error returns the message for the user.
func (e *AnnotateError) Error() string { return e.Message }

// Unwrap returns the cause.
func (e *AnnotateError) Unwrap() error { return e.Err }

// errInternal is what an *AnnotateError says when annotating panicked.
const errInternal = "the annotated copy cannot be made: the workbook is built in a way sovscore cannot annotate " +
	"(it was probably not saved by a spreadsheet program); open it in Excel or LibreOffice, save it again and score it again, " +
	"and if the problem stays, please report the file to the sovscore maintainers"

// WriteAnnotated annotates the open workbook with the result r of scoring
// it and writes the annotated workbook to w. It changes b.File in memory
// only; the input file is never written. On error, w may have received
// part of a workbook, and b.File should only be closed.
//
// The annotated workbook keeps the assessor's content and formatting and
// adds: a first, active Scorecard sheet (cover details, score, SEALs,
// eligibility, the objectives table and every problem with a link to its
// cell); on each objective sheet, Points, SEAL and Check columns on every
// factor row; and, on every cell a problem is located at, a red (error) or
// amber (warning) fill and a note saying what is wrong and how to fix it.
//
// Annotating is idempotent: what was added is recorded in the very hidden
// AnnotationsSheet and undone first, so annotating an annotated workbook
// replaces the annotations instead of stacking them, and the reader scores
// an annotated workbook exactly as the original. Text from the workbook is
// always written as strings, never as formulas.
//
// No workbook makes it panic or fail otherwise: a workbook it cannot
// annotate, or a panic inside excelize, gives an *AnnotateError whose
// Message says what to change in the workbook, so one workbook never stops
// a batch. Any other error is a failure of w or a misuse (no book, no
// result).
func (b *Book) WriteAnnotated(w io.Writer, r *scoring.Result, opts AnnotateOptions) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &AnnotateError{Message: errInternal, Err: fmt.Errorf("panic: %v\n%s", p, debug.Stack())}
		}
	}()
	if b == nil || b.File == nil {
		return errors.New("annotate: no open workbook")
	}
	if r == nil {
		return errors.New("annotate: no result")
	}
	a := &annotator{f: b.File, r: r, opts: opts, highlight: map[annHighlightKey]int{},
		layouts: b.layouts, cleaned: map[string]bool{}, bounds: map[string][2]int{}}
	steps := []struct {
		name string
		fn   func() error
	}{
		{"bounds", a.prepare},
		{"styles", a.styles},
		{"remove previous annotations", a.clean},
		{"objective sheets", a.columns},
		{"problem cells", a.cells},
		{ScorecardSheet, a.scorecard},
		{AnnotationsSheet, a.record},
		{"document properties", a.properties},
	}
	for _, s := range steps {
		if err := s.fn(); err != nil {
			return annotateFailure(s.name, err)
		}
	}
	b.File.SetZipWriter(fastZip)
	out := &outWriter{w: w}
	if err := b.File.Write(out); err != nil {
		if out.err != nil {
			// The output failed (a full disk): not the workbook's fault.
			return fmt.Errorf("annotate: write: %w", err)
		}
		return annotateFailure("write", err)
	}
	return nil
}

// annotateFailure makes every error of a step an *AnnotateError: one that
// says what to change is kept, any other gets the general message.
func annotateFailure(step string, err error) error {
	if ae := (*AnnotateError)(nil); errors.As(err, &ae) {
		return ae
	}
	return &AnnotateError{Message: errInternal, Err: fmt.Errorf("annotate: %s: %w", step, err)}
}

// outWriter records the error of the writer it wraps, to tell a failed
// output from a workbook excelize cannot write.
type outWriter struct {
	w   io.Writer
	err error
}

// Write writes to the wrapped writer, recording its error.
func (o *outWriter) Write(p []byte) (int, error) {
	n, err := o.w.Write(p)
	if err != nil && o.err == nil {
		o.err = err
	}
	return n, err
}

// annotator carries the state of one annotation.
type annotator struct {
	f    *excelize.File
	r    *scoring.Result
	opts AnnotateOptions
	st   annStyles
	// family is the workbook's default font, used in notes.
	family string
	// highlight caches the highlighted variant of a style per severity.
	highlight map[annHighlightKey]int
	// changes are written to the record sheet.
	changes []annChange
	rows    []annRowChange
	// layouts are the objective sheets as the reader saw them; cleaned
	// names the sheets whose earlier annotation columns were removed
	// since, for which the layout no longer holds.
	layouts map[string]*sheetLayout
	cleaned map[string]bool
	// bounds caches sheetBounds.
	bounds map[string][2]int
	// noRoom names the objective sheets whose rows reach the last column,
	// which get no output columns.
	noRoom []string
}

func (a *annotator) properties() error {
	if a.opts.Created.IsZero() {
		return nil
	}
	// SetDocProps also sets the fields left empty: start from the
	// workbook's own properties.
	props, err := a.f.GetDocProps()
	if err != nil {
		// A damaged docProps/core.xml is written anew: SetDocProps would
		// parse it again and fail.
		props = &excelize.DocProperties{}
		a.f.Pkg.Delete("docProps/core.xml")
	}
	t := a.opts.Created.UTC().Format(time.RFC3339)
	props.Created, props.Modified, props.LastModifiedBy = t, t, "sovscore"
	return a.f.SetDocProps(props)
}
