package main

// The combined reports: one file for every provider. None may fail
// because of one provider's data: a report whose content cannot be made
// is made again without the rows that break it, found by bisection, and
// those workbooks get an output-failed warning that every report shows.

import (
	"context"
	"errors"
	"io"
	"path/filepath"

	"github.com/sovscore/sovscore/report"
	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook"
)

// combinedOutput is one combined report.
type combinedOutput struct {
	kind, name string
	fill       func(w io.Writer, results []*scoring.Result) error
}

// maxCulprits bounds the rows left out of one report: when more rows
// than this fail on their own, the cause is not in the data (a full
// disk, a bug), and the report is an output that cannot be written.
const maxCulprits = 10

// maxRounds bounds how often the combined reports are made again: each
// round can only leave more rows out.
const maxRounds = 3

// combinedOutputs lists the combined reports to write, results.json last.
func (r *scoreRun) combinedOutputs() []combinedOutput {
	date := r.runDate()
	info := r.runInfo()
	all := []combinedOutput{
		{"comparison", "comparison.pdf", func(w io.Writer, rs []*scoring.Result) error {
			return report.WriteComparison(w, summariesForPDF(scoring.Summaries(rs)), r.prof, r.pdfOptions(date))
		}},
		{"summary", summaryBook, func(w io.Writer, rs []*scoring.Result) error {
			return r.do.summary(w, rs, workbook.SummaryOptions{Created: date, ToolVersion: Version, ProfileName: r.prof.Name})
		}},
		{"csv", "results.csv", func(w io.Writer, rs []*scoring.Result) error {
			return withBOM(w, func() error { return report.WriteFactorsCSV(w, rs) })
		}},
		{"csv", "providers.csv", func(w io.Writer, rs []*scoring.Result) error {
			return withBOM(w, func() error { return report.WriteProvidersCSV(w, scoring.Summaries(rs)) })
		}},
		{"json", "results.json", func(w io.Writer, rs []*scoring.Result) error { return report.WriteJSON(w, info, r.fw, r.prof, rs) }},
	}
	var out []combinedOutput
	for _, o := range all {
		if r.want[o.kind] {
			out = append(out, o)
		}
	}
	return out
}

// writeCombined writes the combined reports, results.json after all the
// others. It returns true when interrupted.
func (r *scoreRun) writeCombined(ctx context.Context) bool {
	outs := r.combinedOutputs()
	var last []combinedOutput
	if n := len(outs); n > 0 && outs[n-1].name == "results.json" {
		outs, last = outs[:n-1], outs[n-1:]
	}
	for _, group := range [][]combinedOutput{outs, last} {
		for round := 1; ; round++ {
			culprits, interrupted := r.writeRound(ctx, group, round == maxRounds)
			if interrupted {
				return true
			}
			if len(culprits) == 0 {
				break
			}
			// The rows left out and their problems are known only now:
			// write the reports again so that every one shows them.
			for _, c := range culprits {
				if r.left[c.name] == nil {
					r.left[c.name] = map[int]bool{}
				}
				r.left[c.name][c.input] = true
				r.results[c.input].AddIssues(outputFailed(msgRow(c.name)))
			}
			scoring.Rank(scoring.Summaries(r.results))
		}
	}
	return false
}

// culprit is an input whose row could not be written into a report.
type culprit struct {
	name  string
	input int
}

// writeRound writes the reports of group one after the other and returns
// the rows each could not take. One at a time: each holds a working set
// that grows with the batch (the comparison's pages, the summary's
// sheets: over 100 MB each at 5,000 providers) on top of every result,
// and side by side their peaks would add up, for a second or two saved.
// They are written in group's order, so the culprits (and the problems
// added for them) come in a fixed order. On Ctrl-C it returns at once,
// without waiting for the render still running. In the last round a
// report that fails is an output that could not be written.
func (r *scoreRun) writeRound(ctx context.Context, group []combinedOutput, last bool) (culprits []culprit, interrupted bool) {
	done := make(chan []culprit, 1)
	go func() {
		var cs []culprit
		for _, out := range group {
			cs = append(cs, r.writeOne(ctx, out, last)...)
		}
		done <- cs
	}()
	select {
	case cs := <-done:
		return cs, ctx.Err() != nil
	case <-ctx.Done():
		return nil, true
	}
}

// writeOne writes one combined report with the rows it can take. When its
// content cannot be made, it finds the rows that break it and returns
// them instead, unless this is the last round or no few rows are to
// blame: then the report is recorded as not written.
func (r *scoreRun) writeOne(ctx context.Context, out combinedOutput, last bool) []culprit {
	keep := r.keptIndexes(out.name)
	err := r.ow.write(ctx, filepath.Join(r.o.out, out.name), func(w io.Writer) error { return out.fill(w, r.pick(keep)) })
	var re *renderError
	if !errors.As(err, &re) {
		if err != nil && ctx.Err() == nil && !errors.Is(err, errAbandoned) {
			r.failedOutput(err)
		}
		return nil
	}
	var bad []int
	if !last {
		bad = r.bisect(ctx, out, keep)
	}
	if len(bad) == 0 || len(bad) > maxCulprits || (len(bad) == len(keep) && len(keep) > 1) {
		r.failedOutput(err)
		return nil
	}
	cs := make([]culprit, len(bad))
	for i, b := range bad {
		r.detail(r.in.Files[b], out.name, re.err)
		cs[i] = culprit{out.name, b}
	}
	return cs
}

// bisect finds the inputs of keep whose rows alone make out fail, by
// making it (into io.Discard) for halves of the rows. It gives up past
// maxCulprits.
func (r *scoreRun) bisect(ctx context.Context, out combinedOutput, keep []int) []int {
	var bad []int
	var find func(idx []int, failed bool)
	find = func(idx []int, failed bool) {
		if len(bad) > maxCulprits || ctx.Err() != nil || len(idx) == 0 {
			return
		}
		if !failed {
			if _, err := guardFill(func(w io.Writer) error { return out.fill(w, r.pick(idx)) }, io.Discard); err == nil {
				return
			}
		}
		if len(idx) == 1 {
			bad = append(bad, idx[0])
			return
		}
		find(idx[:len(idx)/2], false)
		find(idx[len(idx)/2:], false)
	}
	find(keep, true)
	return bad
}

// keptIndexes are the inputs whose rows go into the report name.
func (r *scoreRun) keptIndexes(name string) []int {
	keep := make([]int, 0, len(r.results))
	for i := range r.results {
		if !r.left[name][i] {
			keep = append(keep, i)
		}
	}
	return keep
}

// kept are the results whose rows go into the report name.
func (r *scoreRun) kept(name string) []*scoring.Result { return r.pick(r.keptIndexes(name)) }

func (r *scoreRun) pick(idx []int) []*scoring.Result {
	rs := make([]*scoring.Result, len(idx))
	for i, k := range idx {
		rs[i] = r.results[k]
	}
	return rs
}
