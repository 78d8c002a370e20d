package workbook

// Hostile workbooks for the annotator: structures that would make the
// annotated copy take minutes or gigabytes, and workbooks whose defects
// surfaced as excelize's internal messages. Each is read, scored and
// annotated as sovscore score does; each must give an annotated copy or an
// *AnnotateError that says what to change in the workbook, in bounded time
// and memory (BenchmarkHostileAnnotate measures both).

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// hostileBook is a workbook to annotate and what must come of it.
type hostileBook struct {
	name string
	data func(t testing.TB) []byte
	// refuse, when set, is part of the *AnnotateError's message; else an
	// annotated copy must be written.
	refuse string
	// check, when set, looks at the annotated copy.
	check func(t *testing.T, out []byte)
}

// annotateInput reads, scores and annotates a workbook as sovscore score
// does. A workbook the reader calls damaged is not annotated (out is nil).
func annotateInput(t testing.TB, data []byte) (out []byte, err error) {
	t.Helper()
	fw := scoring.Default()
	prof, perr := fw.ResolveProfile("")
	require.NoError(t, perr)
	b, err := OpenBytes(data, "hostile.xlsx", fw, ReadOptions{})
	require.NoError(t, err)
	defer b.Close()
	if b.Damaged() {
		return nil, nil
	}
	r := scoring.Evaluate(fw, b.Assessment, prof)
	var buf bytes.Buffer
	if err := b.WriteAnnotated(&buf, r, AnnotateOptions{Created: annCreated, ToolVersion: "1.2.3"}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// annotatedOf annotates the filled template and returns the copy.
func annotatedOf(t testing.TB, data []byte) []byte {
	t.Helper()
	out, err := annotateInput(t, data)
	require.NoError(t, err)
	require.NotNil(t, out)
	return out
}

// withRecord replaces the cells of the annotation record of an annotated
// workbook by rows (inline-string cells, so no shared string is needed).
func withRecord(t testing.TB, annotated []byte, rows [][]string) []byte {
	t.Helper()
	var b strings.Builder
	for i, row := range rows {
		fmt.Fprintf(&b, `<row r="%d">`, i+1)
		for j, v := range row {
			if v != "" {
				fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, cellName(j+1, i+1), v)
			}
		}
		b.WriteString(`</row>`)
	}
	return editSheet(t, annotated, AnnotationsSheet, func(s string) string {
		i, j := strings.Index(s, "<sheetData"), strings.Index(s, "</sheetData>")
		require.True(t, i >= 0 && j > i)
		return s[:i] + "<sheetData>" + b.String() + s[j:]
	})
}

// manyMerges adds n merged ranges A:B below the factor rows of SOV-1, each
// rows tall: ranges of two rows or more overlap the next.
func manyMerges(n, rows int) func(string) string {
	return func(s string) string {
		var b strings.Builder
		for r := 13; r < 13+n; r++ {
			fmt.Fprintf(&b, `<mergeCell ref="A%d:B%d"/>`, r, r+rows-1)
		}
		return strings.Replace(s, `<mergeCells count="1">`, `<mergeCells count="`+strconv.Itoa(n+1)+`">`+b.String(), 1)
	}
}

// manySheets lists n more sheets in the workbook part; share, when set, is
// the relationship they all use, else each names one that does not exist.
func manySheets(n int, share string) func(string) string {
	return func(s string) string {
		var b strings.Builder
		for i := range n {
			rid := share
			if rid == "" {
				rid = fmt.Sprintf("rIdX%d", i)
			}
			fmt.Fprintf(&b, `<sheet name="X%d" sheetId="%d" r:id="%s"/>`, i, 100+i, rid)
		}
		return strings.Replace(s, "</sheets>", b.String()+"</sheets>", 1)
	}
}

// dropPart removes a part from a package.
func dropPart(t testing.TB, data []byte, name string) []byte {
	t.Helper()
	var kept []zpart
	for _, p := range readParts(t, data) {
		if p.name != name {
			kept = append(kept, p)
		}
	}
	require.Less(t, len(kept), len(readParts(t, data)), "no part %s", name)
	return writeParts(t, kept)
}

// mustReplace replaces the first old in s, which must be there.
func mustReplace(t testing.TB, s, old, new string) string {
	t.Helper()
	require.True(t, old != "" && strings.Contains(s, old), "no %q", old)
	return strings.Replace(s, old, new, 1)
}

// notesPartOf names the notes (comments) part of a sheet.
func notesPartOf(t testing.TB, data []byte, sheet string) string {
	t.Helper()
	part := partOf(t, data, sheet)
	rels := annParts(t, data)[path.Dir(part)+"/_rels/"+path.Base(part)+".rels"]
	m := regexp.MustCompile(`Target="\.\./(comments\d+\.xml)"`).FindStringSubmatch(rels)
	require.NotNil(t, m, "no notes on %s", sheet)
	return "xl/" + m[1]
}

// hostileBooks are the cases of TestHostileAnnotate and
// BenchmarkHostileAnnotate.
func hostileBooks(t testing.TB) []hostileBook {
	_, filled := bases(t)
	sov1 := func(edit func(string) string) func(t testing.TB) []byte {
		return func(t testing.TB) []byte { return editSheet(t, filled, "SOV-1", edit) }
	}
	wbPart := func(edit func(string) string) func(t testing.TB) []byte {
		return func(t testing.TB) []byte { return editPart(t, filled, "xl/workbook.xml", edit) }
	}
	record := func(rows ...[]string) func(t testing.TB) []byte {
		return func(t testing.TB) []byte {
			return withRecord(t, annotatedOf(t, filled), append([][]string{{annFormat}, annRecHeaders[:]}, rows...))
		}
	}
	provider := func(edit func(p *scoring.ProviderInfo)) func(t testing.TB) []byte {
		return func(t testing.TB) []byte {
			fw := scoring.Default()
			a := filledAssessment(fw)
			edit(&a.Provider)
			return templateBytes(t, fw, a)
		}
	}
	// spoiled has problems, and so notes, on every objective sheet.
	spoiled := func(t testing.TB) []byte {
		return templateBytes(t, scoring.Default(), annAssessment(scoring.Default()))
	}
	return []hostileBook{
		{name: "100,000 empty rows", data: sov1(beforeSheetData(strings.Repeat("<row/>", 100000)))},
		{name: "200,000 empty rows", data: sov1(beforeSheetData(strings.Repeat("<row/>", 200000)))},
		{name: "100,000 merged ranges", refuse: "more than 5000 merged ranges", data: sov1(manyMerges(100000, 1))},
		{name: "5,000 merged ranges", data: sov1(manyMerges(maxMergedRanges-1, 1))},
		{name: "5,000 overlapping merged ranges", data: sov1(manyMerges(maxMergedRanges-1, 2))},
		{name: "20,000 sheets without parts", refuse: "lists 20011 sheets", data: wbPart(manySheets(20000, ""))},
		{name: "20,000 sheets sharing a part", refuse: "lists 20011 sheets", data: wbPart(manySheets(20000, "rId13"))},
		{name: "record naming row 1048576", data: record([]string{"row", "SOV-1", "1048576", "30"})},
		{name: "record naming XFD1048576", data: record([]string{"cell", "SOV-1", "XFD1048576", "0", "0", "yes"})},
		{name: "a million empty rows", data: sov1(beforeSheetData(strings.Repeat("<row/>", 1000000)))},
		{name: "200,000 styled rows", refuse: "more than 100000 rows", data: sov1(beforeSheetData(strings.Repeat(`<row s="1" customFormat="1"/>`, 200000)))},
		{name: "100,000 styled rows", data: sov1(beforeSheetData(strings.Repeat(`<row s="1" customFormat="1"/>`, maxSheetRows-20)))},
		{name: "16,384 column widths", data: sov1(func(s string) string {
			var b strings.Builder
			for c := 1; c <= excelize.MaxColumns; c++ {
				fmt.Fprintf(&b, `<col min="%d" max="%d" width="%d" customWidth="1"/>`, c, c, 5+c%20)
			}
			cols := regexp.MustCompile(`<cols>.*?</cols>`).FindString(s)
			return mustReplace(t, s, cols, "<cols>"+b.String()+"</cols>")
		})},
		{name: "100,000 hyperlinks", data: sov1(func(s string) string {
			var b strings.Builder
			for r := 13; r < 100013; r++ {
				fmt.Fprintf(&b, `<hyperlink ref="C%d" location="'SOV-2'!A1"/>`, r)
			}
			return mustReplace(t, s, "<pageSetup", "<hyperlinks>"+b.String()+"</hyperlinks><pageSetup")
		})},
		{name: "50,000 data validations", data: sov1(func(s string) string {
			var b strings.Builder
			for r := 13; r < 50013; r++ {
				fmt.Fprintf(&b, `<dataValidation type="list" sqref="C%d"><formula1>"a,b"</formula1></dataValidation>`, r)
			}
			return mustReplace(t, s, "</dataValidations>", b.String()+"</dataValidations>")
		})},
		{name: "50,000 conditional formats", data: sov1(func(s string) string {
			var b strings.Builder
			for r := 13; r < 50013; r++ {
				fmt.Fprintf(&b, `<conditionalFormatting sqref="C%d"><cfRule type="expression" priority="%d"><formula>TRUE</formula></cfRule></conditionalFormatting>`, r, r)
			}
			return mustReplace(t, s, "<dataValidations", b.String()+"<dataValidations")
		})},
		{name: "stray cell at XFD1048576", data: sov1(beforeSheetData(`<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>oops</t></is></c></row>`))},
		{name: "stray cell at XFD5", data: sov1(func(s string) string {
			return mustReplace(t, s, `</row><row r="6"`, `<c r="XFD5" t="inlineStr"><is><t>oops</t></is></c></row><row r="6"`)
		}), check: func(t *testing.T, out []byte) {
			f := annOpen(t, out)
			rows, err := f.GetRows(ScorecardSheet)
			require.NoError(t, err)
			assert.Contains(t, fmt.Sprint(rows), "The Points, SEAL and Check columns are not on sheet(s) SOV-1")
		}},
		{name: "8,000-character provider name", data: provider(func(p *scoring.ProviderInfo) { p.Name.Text = strings.Repeat("Nimbus ", 1143) })},
		{name: "8,000-character service", data: provider(func(p *scoring.ProviderInfo) { p.Service.Text = strings.Repeat("Storage ", 1000) })},
		{name: "damaged docProps/core.xml", data: func(t testing.TB) []byte {
			return editPart(t, filled, "docProps/core.xml", func(s string) string { return s[:len(s)/2] })
		}},
		{name: "sheet listed without its part", data: func(t testing.TB) []byte { return dropPart(t, filled, partOf(t, filled, "Guide")) }},
		{name: "objective sheet listed without its part", data: func(t testing.TB) []byte { return dropPart(t, filled, partOf(t, filled, "SOV-2")) }},
		{name: "own sheet named Scorecard", refuse: "rename it", data: func(t testing.TB) []byte {
			return rewrite(t, filled, func(f *excelize.File) {
				_, err := f.NewSheet(ScorecardSheet)
				require.NoError(t, err)
				require.NoError(t, f.SetCellStr(ScorecardSheet, "A1", "my own notes"))
			})
		}},
		{name: "damaged comments part", refuse: "the notes (comments) of sheet SOV-1 cannot be read", data: func(t testing.TB) []byte {
			out := annotatedOf(t, spoiled(t))
			return editPart(t, out, notesPartOf(t, out, "SOV-1"), func(s string) string { return s[:len(s)/2] })
		}},
		{name: "missing comments part", data: func(t testing.TB) []byte {
			out := annotatedOf(t, spoiled(t))
			return dropPart(t, out, notesPartOf(t, out, "SOV-1"))
		}, check: func(t *testing.T, out []byte) {
			f := annOpen(t, out)
			notes, err := f.GetComments("SOV-1")
			require.NoError(t, err)
			assert.NotEmpty(t, notes)
		}},
	}
}

// TestHostileAnnotate: each hostile workbook gives an annotated copy or a
// message that says what to change.
func TestHostileAnnotate(t *testing.T) {
	for _, tt := range hostileBooks(t) {
		t.Run(tt.name, func(t *testing.T) {
			out, err := annotateInput(t, tt.data(t))
			if tt.refuse != "" {
				var ae *AnnotateError
				require.ErrorAs(t, err, &ae)
				assert.Contains(t, ae.Message, tt.refuse)
				annAssertUserMessage(t, err.Error())
				return
			}
			require.NoError(t, err)
			require.NotNil(t, out, "annotated")
			if tt.check != nil {
				tt.check(t, out)
			}
		})
	}
}

// BenchmarkHostileAnnotate: reading, scoring and annotating each workbook
// of TestHostileAnnotate. Besides time, it reports the CPU seconds and,
// on Linux, the peak resident memory (MB) of each case: the target is
// under 10 s and 300 MB for every case.
func BenchmarkHostileAnnotate(b *testing.B) {
	for _, tt := range hostileBooks(b) {
		b.Run(tt.name, func(b *testing.B) {
			data := tt.data(b)
			peak := newPeakRSS()
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := annotateInput(b, data); err != nil && !errors.As(err, new(*AnnotateError)) {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
			if mb, ok := peak.mb(); ok {
				b.ReportMetric(mb, "peak-RSS-MB")
			}
		})
	}
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS measures the peak resident memory from now on, on Linux:
// writing 5 to /proc/self/clear_refs resets VmHWM to the current RSS.
type peakRSS struct{ ok bool }

func newPeakRSS() peakRSS {
	runtime.GC()
	debug.FreeOSMemory()
	return peakRSS{ok: os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil}
}

func (p peakRSS) mb() (float64, bool) {
	if !p.ok {
		return 0, false
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for line := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return float64(kb) / 1024, err == nil
		}
	}
	return 0, false
}

// toUTF16 encodes an XML part as UTF-16, little-endian with a byte order
// mark or big-endian without, as OPC allows.
func toUTF16(s string, bigEndian bool) []byte {
	s = regexp.MustCompile(`encoding="[^"]*"`).ReplaceAllString(s, `encoding="UTF-16"`)
	var out []byte
	if !bigEndian {
		out = append(out, 0xFF, 0xFE)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// TestUTF16Parts: parts in UTF-16 are read like their UTF-8 originals.
func TestUTF16Parts(t *testing.T) {
	_, filled := bases(t)
	want := openBook(t, filled).Assessment
	sov1 := partOf(t, filled, "SOV-1")
	parts := readParts(t, filled)
	for i, p := range parts {
		switch p.name {
		case "xl/sharedStrings.xml", "xl/workbook.xml":
			parts[i].body = toUTF16(string(p.body), false)
		case sov1:
			parts[i].body = toUTF16(string(p.body), true)
		}
	}
	b := openBook(t, writeParts(t, parts))
	assert.Empty(t, b.Assessment.Issues)
	assert.Equal(t, want.Factors, b.Assessment.Factors)
	assert.Equal(t, want.Provider, b.Assessment.Provider)
}

// TestUnsafePartNames: zip entries named "/x" or "../../x" are not read
// and never written into the annotated copy.
func TestUnsafePartNames(t *testing.T) {
	_, filled := bases(t)
	parts := append(readParts(t, filled), zpart{"/evil.xml", []byte("<x/>")}, zpart{"../../evil.xml", []byte("<x/>")},
		zpart{"xl/../../evil2.xml", []byte("<x/>")})
	out := annotatedOf(t, writeParts(t, parts))
	assertSafeNames(t, out)
	for name := range annParts(t, out) {
		assert.NotContains(t, name, "evil")
	}
}
