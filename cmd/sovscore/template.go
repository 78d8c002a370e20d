package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook"
	"github.com/sovscore/sovscore/workbook/mdimport"
)

func runTemplate(args []string, s *streams) int {
	fs := newFlags("template", "[-o FILE]", "Write the blank assessment workbook: a cover sheet, a guide, one sheet per\nobjective with drop-downs for every answer.", s)
	out := fs.StringP("output", "o", "sovscore-template.xlsx", "file to write ('-' for standard output)")
	force := fs.BoolP("force", "f", false, "overwrite an existing file")
	if code, ok := parse(fs, args, s); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(s.Err, "sovscore template: unexpected argument %q (use -o FILE)\n", fs.Arg(0))
		return exitUsage
	}
	fw := framework()
	if err := writeWorkbook(s, *out, *force, func(w io.Writer) error { return workbook.WriteTemplate(w, fw, nil) }); err != nil {
		return fail(s, "template", err)
	}
	if *out != "-" {
		fmt.Fprintf(s.Err, "wrote %s (framework %s, %d factors)\n", *out, fw.Version, len(fw.Factors()))
	}
	return exitOK
}

// writeWorkbook writes to stdout or, atomically, to a file that must not
// exist unless force is set: a filled assessment is too costly to lose.
func writeWorkbook(s *streams, path string, force bool, fill func(io.Writer) error) error {
	if path == "-" {
		return fill(s.Out)
	}
	if !strings.EqualFold(filepathExt(path), ".xlsx") {
		return fmt.Errorf("%s: the output must have the .xlsx extension", path)
	}
	if _, err := os.Stat(path); err == nil && !force {
		return fmt.Errorf("%s already exists; use --force to overwrite it", path)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return newOutputWriter(nil).write(context.Background(), path, fill)
}

func filepathExt(p string) string {
	i := strings.LastIndexByte(p, '.')
	if i < 0 || strings.ContainsAny(p[i:], `/\`) {
		return ""
	}
	return p[i:]
}

func runImportMD(args []string, s *streams) int {
	fs := newFlags("import-md", "FILE.md -o FILE.xlsx", `Turn an assessment in the framework's Markdown table form (tables with the
columns ID | Factor | Value | Score | SEAL | Conf. | Justification) into a
filled assessment workbook. Score and SEAL columns are ignored: sovscore
computes them. Cover details come from "Key: value" lines before the first
table, or from the options below, which take precedence.`, s)
	out := fs.StringP("output", "o", "", "workbook to write (required)")
	force := fs.BoolP("force", "f", false, "overwrite an existing file")
	provider := fs.String("provider", "", "provider name for the cover sheet")
	service := fs.String("service", "", "service or offer in scope")
	assessor := fs.String("assessor", "", "assessor")
	date := fs.String("date", "", "assessment date")
	if code, ok := parse(fs, args, s); !ok {
		return code
	}
	if fs.NArg() != 1 || *out == "" {
		fmt.Fprintln(s.Err, "sovscore import-md: give one Markdown file and -o FILE.xlsx")
		return exitUsage
	}
	fw := framework()
	src := fs.Arg(0)
	f, err := os.Open(src)
	if err != nil {
		return fail(s, "import-md", err)
	}
	defer f.Close()
	a, err := mdimport.Parse(f, src, fw)
	if err != nil {
		return fail(s, "import-md", err)
	}
	for _, o := range []struct {
		v   string
		dst *scoring.Field
	}{{*provider, &a.Provider.Name}, {*service, &a.Provider.Service}, {*assessor, &a.Provider.Assessor}, {*date, &a.Provider.Date}} {
		if o.v != "" {
			o.dst.Text = o.v
		}
	}
	code := exitOK
	for _, is := range a.Issues {
		// Markdown problems are located by line ("line 12"), not by cell.
		fmt.Fprintf(s.Err, "%s: %s: %s %s: %s\n", displayName(src), is.Cell, is.Severity, is.Code, is.Message)
		if is.Severity == scoring.Error {
			code = exitInvalid
		}
	}
	if err := writeWorkbook(s, *out, *force, func(w io.Writer) error { return workbook.WriteTemplate(w, fw, a) }); err != nil {
		return fail(s, "import-md", err)
	}
	fmt.Fprintf(s.Err, "wrote %s: %d of %d factors filled\n", *out, len(a.Factors), len(fw.Factors()))
	return code
}
