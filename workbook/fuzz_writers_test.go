package workbook

// Fuzzers over the writers: any sheet a reader accepts is annotated, and
// any result goes into the summary, without a panic, with a message for
// the user when it fails, and within a time budget per input.

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// fuzzBudget is the most one input may take: hostile inputs take under a
// second (BenchmarkHostileAnnotate), so this is a stuck or quadratic writer.
const fuzzBudget = 10 * time.Second

// withinBudget runs fn and fails the test when it takes longer than
// fuzzBudget; the fuzzer then keeps the input.
func withinBudget(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(fuzzBudget):
		t.Fatalf("%s took more than %s", what, fuzzBudget)
	}
}

// fuzzBase is an annotated workbook with problems, notes and a record, in
// which the fuzzers replace SOV-1 and the record sheet.
func fuzzBase(f *testing.F) (parts []zpart, sov1, record string) {
	out := annotatedOf(f, templateBytes(f, scoring.Default(), annAssessment(scoring.Default())))
	return readParts(f, out), partOf(f, out, "SOV-1"), partOf(f, out, AnnotationsSheet)
}

// withParts returns the package with the named parts replaced.
func withParts(t testing.TB, parts []zpart, repl map[string][]byte) []byte {
	out := make([]zpart, len(parts))
	for i, p := range parts {
		out[i] = p
		if b, ok := repl[p.name]; ok {
			out[i].body = b
		}
	}
	return writeParts(t, out)
}

// FuzzAnnotate: any SOV-1 sheet and annotation record the reader accepts
// are annotated, or refused with an *AnnotateError for the user; never a
// panic, never more than fuzzBudget.
func FuzzAnnotate(f *testing.F) {
	parts, sov1, record := fuzzBase(f)
	var sheetXML, recordXML string
	for _, p := range parts {
		switch p.name {
		case sov1:
			sheetXML = string(p.body)
		case record:
			recordXML = string(p.body)
		}
	}
	f.Add([]byte(sheetXML), []byte(recordXML))
	f.Add([]byte(beforeSheetData(strings.Repeat("<row/>", 5000))(sheetXML)), []byte(recordXML))
	f.Add([]byte(manyMerges(200, 3)(sheetXML)), []byte(recordXML))
	f.Add([]byte(strings.Replace(sheetXML, `<row r="6"`, `<row`, 1)), []byte(recordXML))
	f.Add([]byte(sheetXML), []byte(strings.Replace(recordXML, "</sheetData>",
		`<row r="90"><c r="A90" t="inlineStr"><is><t>row</t></is></c><c r="B90" t="inlineStr"><is><t>SOV-1</t></is></c><c r="C90" t="inlineStr"><is><t>1048576</t></is></c><c r="D90"><v>30</v></c></row></sheetData>`, 1)))
	fw := scoring.Default()
	prof, err := fw.ResolveProfile("")
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, sheetXML, recordXML []byte) {
		data := withParts(t, parts, map[string][]byte{sov1: sheetXML, record: recordXML})
		b, err := OpenBytes(data, "fuzz.xlsx", fw, fuzzOptions)
		if err != nil {
			return // the reader's contract is FuzzOpenBytes'
		}
		defer b.Close()
		if b.Damaged() {
			return // not annotated
		}
		r := scoring.Evaluate(fw, b.Assessment, prof)
		var out bytes.Buffer
		withinBudget(t, "annotating", func() { err = b.WriteAnnotated(&out, r, AnnotateOptions{Created: annCreated}) })
		if err != nil {
			var ae *AnnotateError
			require.True(t, errors.As(err, &ae), "%T %v", err, err)
			require.NotContains(t, ae.Err.Error(), "panic: ", "a panic was recovered")
			annAssertUserMessage(t, ae.Message)
			return
		}
		assertSafeNames(t, out.Bytes())
		g, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
		require.NoError(t, err, "the annotated copy opens")
		require.NoError(t, g.Close())
	})
}

// FuzzSummary: any SOV-1 sheet, provider name and file name go into the
// summary, which opens, within fuzzBudget.
func FuzzSummary(f *testing.F) {
	parts, sov1, _ := fuzzBase(f)
	var sheetXML string
	for _, p := range parts {
		if p.name == sov1 {
			sheetXML = string(p.body)
		}
	}
	f.Add([]byte(sheetXML), "Nimbus Cloud SAS", "nimbus.xlsx")
	f.Add([]byte(sheetXML), strings.Repeat("=HYPERLINK(\"x\") _x0041_ ", 2000), "../../a\x00b.xlsx")
	f.Add([]byte(manyMerges(10, 2)(sheetXML)), "", "")
	fw := scoring.Default()
	prof, err := fw.ResolveProfile("")
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, sheetXML []byte, name, file string) {
		var results []*scoring.Result
		if b, err := OpenBytes(withParts(t, parts, map[string][]byte{sov1: sheetXML}), file, fw, fuzzOptions); err == nil {
			b.Assessment.Provider.Name.Text = name
			results = append(results, scoring.Evaluate(fw, b.Assessment, prof))
			require.NoError(t, b.Close())
		}
		results = append(results, scoring.Evaluate(fw, &scoring.Assessment{File: file}, prof))
		sums := make([]*scoring.Summary, len(results))
		for i, r := range results {
			sums[i] = &r.Summary
		}
		scoring.Rank(sums)
		var out bytes.Buffer
		withinBudget(t, "the summary", func() { err = WriteSummary(&out, results, SummaryOptions{Created: annCreated}) })
		require.NoError(t, err)
		assertSafeNames(t, out.Bytes())
		g, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
		require.NoError(t, err, "the summary opens")
		require.NoError(t, g.Close())
	})
}
