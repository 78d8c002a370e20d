package main

import (
	"context"
	"fmt"
	"runtime"

	"github.com/sovscore/sovscore/scoring"
)

func runValidate(args []string, s *streams) int {
	fs := newFlags("validate", "FILE|DIR...", `Check assessment workbooks and print one problem a line:
  file: sheet!cell: severity code: message
Exit status: 0 when no workbook has errors (warnings allowed), 1 when some
workbook has errors or cannot be read, 2 on usage errors.`, s)
	var rf readFlags
	rf.register(fs)
	quiet := fs.BoolP("quiet", "q", false, "print errors only, not warnings")
	if code, ok := parse(fs, args, s); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(s.Err, "sovscore validate: give at least one workbook or directory")
		return exitUsage
	}
	fw := framework()
	prof, err := fw.ResolveProfile(rf.profile)
	if err != nil {
		return fail(s, "validate", err)
	}
	font, err := rf.loadFont()
	if err != nil {
		return fail(s, "validate", err)
	}
	glyphs := newGlyphCheck(font)
	// Before any workbook is read, as score does.
	if err := checkHostDirs(rf.hosts); err != nil {
		return fail(s, "validate", err)
	}
	in := collectInputs(fs.Args(), "")
	for _, n := range in.Notes {
		fmt.Fprintf(s.Err, "sovscore validate: %s\n", n)
	}
	if len(in.Files) == 0 {
		fmt.Fprintln(s.Err, "sovscore validate: no .xlsx workbook found")
		return exitUsage
	}
	code := exitOK
	if in.Missing {
		code = exitInvalid
	}
	// Read in parallel, print in input order.
	results := make([]*scoring.Result, len(in.Files))
	forEach(context.Background(), len(in.Files), runtime.NumCPU(), func(i int) {
		results[i] = newSteps().score(in.Files[i], fw, rf.options(), prof, glyphs)
	})
	_, notes := composeRun(context.Background(), results, in.Files, &rf, fw, prof, runtime.NumCPU())
	printHostNotes(s.Err, "validate", notes)
	errs, warns := 0, 0
	for i, r := range results {
		for _, is := range r.Issues {
			if *quiet && is.Severity == scoring.Warning {
				continue
			}
			fmt.Fprintf(s.Out, "%s: %s\n", displayName(in.Files[i]), is)
		}
		errs += r.Issues.Errors()
		warns += r.Issues.Warnings()
		if r.Issues.Errors() > 0 {
			code = exitInvalid
		}
	}
	fmt.Fprintf(s.Err, "%d workbook(s): %d error(s), %d warning(s)\n", len(in.Files), errs, warns)
	return code
}
