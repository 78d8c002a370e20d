package report

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var pdfTestCreated = time.Date(2026, 11, 3, 9, 30, 0, 0, time.UTC)

func pdfTestOptions() pdfOptions {
	return pdfOptions{
		Created:      pdfTestCreated,
		Title:        "Sovereignty scorecard",
		Author:       "sovscore",
		Subject:      "Cloud Sovereignty Framework 1.2.1",
		Creator:      "sovscore test",
		Producer:     "sovscore test",
		Lang:         "en",
		FooterLeft:   "sovscore v0.0.0-test",
		FooterCenter: "input SHA-256: 3f2a9c4e5b6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b",
		Header:       "Łódź Data sp. z o.o.",
	}
}

func newTestPDFDoc(t *testing.T, opts pdfOptions) *pdfDoc {
	t.Helper()
	d, err := newPDFDoc(opts)
	require.NoError(t, err)
	return d
}

// bytes writes the document to memory, for tests.
func (d *pdfDoc) bytes() ([]byte, error) {
	var buf bytes.Buffer
	err := d.write(&buf)
	return buf.Bytes(), err
}

// pdfToText extracts the text of a PDF with pdftotext, one string per page;
// it skips the test when poppler-utils is not installed.
func pdfToText(t *testing.T, pdf []byte) []string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	require.NoError(t, os.WriteFile(path, pdf, 0o600))
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	require.NoError(t, err)
	pages := strings.Split(string(out), "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

func TestSanitizeText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ascii", "Plain ASCII text", "Plain ASCII text"},
		{"french", "Société Générale", "Société Générale"},
		{"polish", "Łódź Data", "Łódź Data"},
		{"german", "Müller Cloud", "Müller Cloud"},
		{"greek and cyrillic", "Αθήνα Москва", "Αθήνα Москва"},
		{"emoji", "ok 👍 fine", "ok \uFFFD fine"},
		{"emoji with skin tone", "👍🏽", "\uFFFD\uFFFD"},
		{"variation selector dropped", "I ❤️ EU", "I ❤ EU"},
		{"last BMP rune kept", "a\uFFFFb", "a\uFFFFb"},
		{"first supplementary rune replaced", "a\U00010000b", "a\uFFFDb"},
		{"max rune replaced", "a\U0010FFFFb", "a\uFFFDb"},
		{"nul and bell", "a\x00b\x07c", "a\uFFFDb\uFFFDc"},
		{"escape and delete", "a\x1bb\x7fc", "a\uFFFDb\uFFFDc"},
		{"C1 control", "a\u0090b", "a\uFFFDb"},
		{"tab becomes space", "a\tb", "a b"},
		{"newline kept", "a\nb", "a\nb"},
		{"CRLF normalised", "a\r\nb\r\n", "a\nb\n"},
		{"lone CR", "a\rb", "a\nb"},
		{"line separator", "a\u2028b", "a\nb"},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb"},
		{"replacement char kept", "a\uFFFDb", "a\uFFFDb"},
		{"en dash and euro", "10–20 €", "10–20 €"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := sanitizeText(tc.in)
			assert.Equal(t, tc.want, got)
			assert.True(t, utf8.ValidString(got))
			for _, r := range got {
				assert.LessOrEqual(t, r, rune(0xFFFF))
			}
			assert.Equal(t, got, sanitizeText(got), "idempotent")
		})
	}
}

func TestWrapLines(t *testing.T) {
	d := newTestPDFDoc(t, pdfTestOptions())
	d.setFont("", 8.5)
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string // nil: only check the invariants
	}{
		{"empty", "", 50, []string{""}},
		{"spaces only", "   ", 50, []string{""}},
		{"short", "Müller Cloud", 50, []string{"Müller Cloud"}},
		{"newlines", "one\ntwo\n\nfour", 50, []string{"one", "two", "", "four"}},
		{"CRLF", "one\r\ntwo", 50, []string{"one", "two"}},
		{"collapses spaces", "a   b", 50, []string{"a b"}},
		{"greedy", "aaa bbb ccc ddd", 0, nil},
		{"long prose", strings.Repeat("Sovereignty assessment of the provider ", 20), 40, nil},
		{"long word", strings.Repeat("x", 300), 30, nil},
		{"long URL", "see https://example.eu/a/very/long/path/that/does/not/fit/in/the/cell?x=1&y=2 now", 25, nil},
		{"long word mid text", "short " + strings.Repeat("Ł", 80) + " tail", 20, nil},
		{"emoji", "provider 👍 👍 👍 rated", 15, nil},
		{"narrower than a rune", "abc", 0.5, []string{"a", "b", "c"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines := d.wrapLines(tc.text, tc.width)
			require.NotEmpty(t, lines)
			if tc.want != nil {
				assert.Equal(t, tc.want, lines)
			}
			if tc.width > 1 {
				for _, ln := range lines {
					assert.LessOrEqual(t, d.GetStringWidth(ln), tc.width+1e-9, "line %q", ln)
				}
			}
			// Nothing is lost but spaces.
			squash := func(s string) string { return strings.Join(strings.Fields(sanitizeText(s)), "") }
			assert.Equal(t, squash(tc.text), squash(strings.Join(lines, "")))
		})
	}

	t.Run("greedy fills lines", func(t *testing.T) {
		w := d.GetStringWidth("aaa bbb") + 0.01
		assert.Equal(t, []string{"aaa bbb", "ccc ddd", "e"}, d.wrapLines("aaa bbb ccc ddd e", w))
	})
	t.Run("URL breaks after a slash", func(t *testing.T) {
		lines := d.wrapLines("https://example.eu/abcdefgh/ijklmnop/qrstuvwx", d.GetStringWidth("https://example.eu/abcdefgh/ij"))
		require.Greater(t, len(lines), 1)
		assert.True(t, strings.HasSuffix(lines[0], "/"), "first line %q", lines[0])
	})
	t.Run("depends on the font size", func(t *testing.T) {
		text := strings.Repeat("word ", 40)
		d.setFont("", 8)
		small := len(d.wrapLines(text, 60))
		d.setFont("B", 14)
		large := len(d.wrapLines(text, 60))
		assert.Greater(t, large, small)
	})
}

func TestNewPDFDocRequiresDate(t *testing.T) {
	_, err := newPDFDoc(pdfOptions{})
	require.Error(t, err)
}

func TestLinkTarget(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.eu/x", "https://example.eu/x"},
		{"  http://example.eu  ", "http://example.eu"},
		{"HTTPS://EXAMPLE.EU", "HTTPS://EXAMPLE.EU"},
		{"mailto:dpo@example.eu", "mailto:dpo@example.eu"},
		{"https://example.eu/a b/ł", "https://example.eu/a%20b/%C5%82"},
		{"javascript:alert(1)", ""},
		{"file:///etc/passwd", ""},
		{"example.eu", ""},
		{"https://", ""},
		{"", ""},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, linkTarget(tc.in), tc.in)
	}
}

func TestSealColors(t *testing.T) {
	seen := map[rgb]bool{}
	for level := -1; level <= 5; level++ {
		bg, fg := sealColor(level), sealTextColor(level)
		assert.GreaterOrEqual(t, contrastRatio(bg, fg), 4.5, "level %d", level)
		seen[bg] = true
	}
	assert.Len(t, seen, 6, "levels 0-4 and unknown have distinct colours")
	assert.Equal(t, sealColor(-1), sealColor(7))
	assert.InDelta(t, 21, contrastRatio(pdfColBlack, pdfColWhite), 1e-9)
}

// pdfBigTable builds n rows with long wrapped cells and links.
func pdfBigTable(n int) ([]pdfColumn, [][]pdfCell) {
	cols := []pdfColumn{
		{Header: "Factor", Width: 22},
		{Header: "Answer given by the provider", Width: 70},
		{Header: "Points", Width: 16, Align: "R"},
		{Header: "SEAL", Width: 16, Align: "C"},
		{Header: "Evidence reference", Width: 0},
	}
	var rows [][]pdfCell
	for i := 0; i < n; i++ {
		level := i % 5
		fill, fg := sealColor(level), sealTextColor(level)
		text := fmt.Sprintf("Answer %d: ", i) + strings.Repeat("the provider operates its EU region under Société Générale group control with Łódź Data as subcontractor; ", 1+i%4)
		rows = append(rows, []pdfCell{
			{Text: fmt.Sprintf("SOV-%d.%d", 1+i%8, 1+i%6), Bold: true},
			{Text: text},
			{Text: fmt.Sprintf("%d / 4", i%5)},
			{Text: fmt.Sprintf("SEAL-%d", level), Fill: &fill, TextColor: &fg, Bold: true},
			{
				Text:  "Contract annex " + fmt.Sprint(i),
				Links: []string{fmt.Sprintf("https://example.eu/evidence/%d/a/long/path/to/the/document.pdf", i), "mailto:dpo@example.eu"},
			},
		})
	}
	return cols, rows
}

func TestLargeTable(t *testing.T) {
	d := newTestPDFDoc(t, pdfTestOptions())
	d.heading(0, "Provider answers")
	cols, rows := pdfBigTable(300)
	d.table(cols, rows, tableOptions{Zebra: true})
	d.paragraph("End of table.", "", pdfBodySize, pdfColText)
	pdf, err := d.bytes()
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")))
	pages := d.PageCount()
	require.Greater(t, pages, 1)

	// Every line of a wrapped link is clickable: at least two per row.
	assert.GreaterOrEqual(t, bytes.Count(pdf, []byte("/S /URI")), 2*300)
	assert.Contains(t, string(pdf), "/URI (https://example.eu/evidence/299/a/long/path/to/the/document.pdf)")
	assert.Contains(t, string(pdf), "/URI (mailto:dpo@example.eu)")

	text := pdfToText(t, pdf)
	require.Len(t, text, pages)
	for i, page := range text {
		assert.Contains(t, page, "Evidence reference", "header on page %d", i+1)
		assert.Contains(t, page, fmt.Sprintf("Page %d of %d", i+1, pages), "footer on page %d", i+1)
		assert.Contains(t, page, "sovscore v0.0.0-test")
		if i > 0 {
			assert.Contains(t, page, "Łódź Data sp. z o.o.", "running header on page %d", i+1)
		}
	}
	all := strings.Join(text, "")
	assert.Contains(t, all, "Answer 299:")
	assert.Contains(t, all, "End of table.")
	assert.Contains(t, all, "Société Générale")
}

func TestTallRowSplitsAcrossPages(t *testing.T) {
	d := newTestPDFDoc(t, pdfTestOptions())
	var b strings.Builder
	for i := 0; i < 150; i++ {
		fmt.Fprintf(&b, "line %03d\n", i)
	}
	cols := []pdfColumn{{Header: "Name", Width: 40}, {Header: "Very long cell"}}
	rows := [][]pdfCell{
		{{Text: "before"}, {Text: "short"}},
		{{Text: "tall"}, {Text: b.String()}},
		{{Text: "after"}, {Text: "short"}},
	}
	d.table(cols, rows, tableOptions{})
	pdf, err := d.bytes()
	require.NoError(t, err)
	assert.GreaterOrEqual(t, d.PageCount(), 3)

	text := pdfToText(t, pdf)
	all := strings.Join(text, "")
	for i := 0; i < 150; i++ {
		require.Contains(t, all, fmt.Sprintf("line %03d", i))
	}
	for i, page := range text {
		assert.Contains(t, page, "Very long cell", "header on page %d", i+1)
	}
	assert.Contains(t, text[len(text)-1], "after")
}

func TestOversizedContentTerminates(t *testing.T) {
	d := newTestPDFDoc(t, pdfTestOptions())
	// Line height bigger than the page: every page gets one line.
	d.table([]pdfColumn{{Header: "H"}}, [][]pdfCell{{{Text: "a\nb\nc"}}}, tableOptions{LineHeight: 400})
	d.ensureSpace(1000) // at the top of a page: must not add blank pages forever
	d.keyValueBlock([][2]string{{"Key", strings.Repeat("value ", 2000)}}, 30)
	_, err := d.bytes()
	require.NoError(t, err)
	assert.Less(t, d.PageCount(), 40)
}

func TestDeterministicOutput(t *testing.T) {
	render := func() []byte {
		d := newTestPDFDoc(t, pdfTestOptions())
		renderPDFDemo(d)
		pdf, err := d.bytes()
		require.NoError(t, err)
		return pdf
	}
	a, b := render(), render()
	assert.True(t, bytes.Equal(a, b), "two renders differ")
	assert.Contains(t, string(a), "/CreationDate (D:20261103093000")
}

func TestEmojiDoesNotBreakOutput(t *testing.T) {
	opts := pdfTestOptions()
	opts.Title = "Scorecard 🚀"
	opts.Header = "Provider 😀"
	opts.FooterLeft = "v1 ✅"
	d := newTestPDFDoc(t, opts)
	d.heading(0, "Cloud 🌩️ provider")
	d.paragraph("We love the EU 🇪🇺 and 💶.", "", pdfBodySize, pdfColText)
	d.keyValueBlock([][2]string{{"Name 👍", "Müller Cloud 🏢"}}, 30)
	d.table([]pdfColumn{{Header: "A 🅰"}, {Header: "B"}},
		[][]pdfCell{{{Text: "x 😀", Link: "https://example.eu/😀"}, {Links: []string{"https://example.eu/🙂"}}}},
		tableOptions{})
	d.badge(20, 200, 30, 8, "SEAL 🔒", sealColor(2))
	d.radarChart(100, 240, 20, []string{"a 😀", "b", "c"}, []float64{0.2, 0.5, 1}, []string{"🙂", "", ""})
	d.AddPage()
	pdf, err := d.bytes()
	require.NoError(t, err)
	require.NotEmpty(t, pdf)
	all := strings.Join(pdfToText(t, pdf), "")
	assert.Contains(t, all, "Müller Cloud")
}

// TestWriteOnce: fpdf can output a document once; a second write is an
// error, not an empty or partial PDF that looks written.
func TestWriteOnce(t *testing.T) {
	d := newTestPDFDoc(t, pdfTestOptions())
	d.paragraph("hello", "", pdfBodySize, pdfColText)
	a, err := d.bytes()
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(a, []byte("%PDF-")))
	_, err = d.bytes()
	require.ErrorIs(t, err, errPDFWritten)
}

// TestUnusableFontIsAnError: fpdf does not report a font it cannot parse
// (it prints to stdout); addFace does.
func TestUnusableFontIsAnError(t *testing.T) {
	d := newTestPDFDoc(t, pdfTestOptions())
	assert.ErrorContains(t, d.addFace("I", "broken.ttf", make([]byte, 64)), "broken.ttf")
}

func TestBytesReportsStickyError(t *testing.T) {
	d := newTestPDFDoc(t, pdfTestOptions())
	d.SetFont("no-such-font", "", 10)
	_, err := d.bytes()
	require.Error(t, err)
}

func TestFooterCenterIsShortenedToFit(t *testing.T) {
	opts := pdfTestOptions()
	opts.FooterCenter = "input: " + strings.Repeat("abcdef0123456789", 20) + " END"
	d := newTestPDFDoc(t, opts)
	pdf, err := d.bytes()
	require.NoError(t, err)
	page := pdfToText(t, pdf)[0]
	assert.Contains(t, page, "…")
	assert.Contains(t, page, "END", "middle truncation keeps the end")
	assert.Contains(t, page, "Page 1 of 1")
}

func TestHeadingBookmarks(t *testing.T) {
	d := newTestPDFDoc(t, pdfTestOptions())
	d.heading(2, "Starts deep") // fpdf's outline must start at level 0
	assert.Equal(t, 0, d.outlineLvl)
	d.heading(2, "Skips a level")
	assert.Equal(t, 1, d.outlineLvl)
	d.heading(2, "Child")
	assert.Equal(t, 2, d.outlineLvl)
	d.heading(0, "Second")
	assert.Equal(t, 0, d.outlineLvl)
	pdf, err := d.bytes()
	require.NoError(t, err)
	assert.Contains(t, string(pdf), "/Outlines")
	assert.Equal(t, 4, bytes.Count(pdf, []byte("/Parent "))-d.PageCount())
}

// renderPDFDemo draws one of everything; TestDemoPDF writes it out for a visual
// check when SOVSCORE_PDF_DEMO names a directory.
func renderPDFDemo(d *pdfDoc) {
	l, _, _, _ := d.GetMargins()
	d.heading(0, "Sovereignty scorecard: Łódź Data sp. z o.o.")
	d.keyValueBlock([][2]string{
		{"Provider", "Łódź Data sp. z o.o."},
		{"Service", "Sovereign object storage and managed Kubernetes, EU regions Warsaw and Frankfurt"},
		{"Framework", "Cloud Sovereignty Framework 1.2.1 (European Commission, DG DIGIT), profile eucsf-1.2.1"},
		{"Input file", "answers-lodz-data-2026-11.xlsx (SHA-256 3f2a9c4e5b6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b)"},
	}, 32)

	y := d.GetY() + 2
	labels := []string{"Strategic Sovereignty", "Legal & Jurisdictional Sovereignty", "Data & AI Sovereignty",
		"Operational Sovereignty", "Supply Chain Sovereignty", "Technology Sovereignty",
		"Security & Compliance Sovereignty", "Environmental Sustainability"}
	values := []float64{0.82, 0.64, 0.91, 0.45, 0.30, 0.58, 0.77, 1.0}
	levels := []int{3, 2, 4, 1, 0, 2, 3, 4}
	ann := make([]string, len(levels))
	for i, lv := range levels {
		ann[i] = fmt.Sprintf("SEAL-%d", lv)
	}
	d.radarChart(l+radarLabelRoom(34)+34, y+50, 34, labels, values, ann)

	// Badges and bars on the right of the chart.
	bx := l + 128.0
	d.setFont("B", 9)
	d.setTextRGB(pdfColHeading)
	d.textLine(bx, y+4, 50, 5, "Overall", "L")
	d.badge(bx, y+10, 24, 9, "SEAL-2", sealColor(2))
	d.badge(bx+26, y+10, 26, 9, "63.4 / 100", rgb{31, 97, 171})
	for i, lv := range levels {
		yy := y + 26 + float64(i)*7
		d.setFont("", 7.5)
		d.setTextRGB(pdfColText)
		d.textLine(bx, yy, 30, 3.5, fmt.Sprintf("SOV-%d", i+1), "L")
		d.hbar(bx+12, yy+0.5, 30, 2.6, values[i]*100, 100, sealColor(lv))
		d.badge(bx+44, yy-0.2, 8, 3.8, fmt.Sprint(lv), sealColor(lv))
	}
	d.badge(bx, y+84, 52, 6, "not assessed", sealColor(-1))
	d.SetY(y + 104)

	d.heading(1, "Objectives")
	d.paragraph("Scores are the weighted sum of the answer points per objective, divided by the exact maximum. "+
		"A SEAL level is the lowest level reached by every factor of the objective. Long provider names such as "+
		"Société Générale Cloud Services Europe, Müller Cloud or Łódź Data wrap like any other text.", "", pdfBodySize, pdfColText)
	cols, rows := pdfBigTable(40)
	d.heading(1, "Answers and evidence")
	d.table(cols, rows, tableOptions{Zebra: true})
	d.setHeader("Comparison")
	d.ensureSpace(110) // heading and chart together
	d.heading(0, "Comparison")
	d.radarChart(l+90, d.GetY()+45, 30, []string{"A", "B", "C", "D", "E"}, []float64{1, 0.5, 0.25, 0.75, 0}, []string{"SEAL-4", "SEAL-2", "SEAL-1", "SEAL-3", "SEAL-0"})
}

// checkPDFXref verifies that every entry of the PDF's cross-reference table
// points at the start of its object.
func checkPDFXref(t *testing.T, pdf []byte) {
	t.Helper()
	sx := bytes.LastIndex(pdf, []byte("startxref\n"))
	require.GreaterOrEqual(t, sx, 0)
	var xref, count int
	_, err := fmt.Sscanf(string(pdf[sx:]), "startxref\n%d", &xref)
	require.NoError(t, err)
	_, err = fmt.Sscanf(string(pdf[xref:]), "xref\n0 %d\n", &count)
	require.NoError(t, err)
	entries := pdf[xref+len(fmt.Sprintf("xref\n0 %d\n", count)):]
	for i := 1; i < count; i++ {
		var off int
		_, err := fmt.Sscanf(string(entries[20*i:20*i+10]), "%d", &off)
		require.NoError(t, err)
		assert.True(t, bytes.HasPrefix(pdf[off:], []byte(fmt.Sprintf("%d 0 obj", i))), "object %d at %d", i, off)
	}
}

func TestUnsafeLinksAreNotClickable(t *testing.T) {
	d := newTestPDFDoc(t, pdfTestOptions())
	d.table([]pdfColumn{{Header: "Links"}}, [][]pdfCell{
		{{Text: "click me", Link: "javascript:alert(1)"}},
		{{Links: []string{"file:///etc/passwd", "https://example.eu/ok"}}},
	}, tableOptions{})
	pdf, err := d.bytes()
	require.NoError(t, err)
	assert.Equal(t, 1, bytes.Count(pdf, []byte("/S /URI")))
	assert.NotContains(t, string(pdf), "javascript")
	all := strings.Join(pdfToText(t, pdf), "")
	assert.Contains(t, all, "file:///etc/passwd", "shown as text")
}

func TestLandscape(t *testing.T) {
	opts := pdfTestOptions()
	opts.Landscape = true
	d := newTestPDFDoc(t, opts)
	w, h := d.GetPageSize()
	assert.InDelta(t, 297, w, 0.01)
	assert.InDelta(t, 210, h, 0.01)
	assert.InDelta(t, 297-2*pdfMargin, d.contentWidth(), 0.01)
	cols, rows := pdfBigTable(30)
	d.table(cols, rows, tableOptions{Zebra: true})
	pdf, err := d.bytes()
	require.NoError(t, err)
	text := pdfToText(t, pdf)
	require.Len(t, text, d.PageCount())
	assert.Contains(t, text[len(text)-1], fmt.Sprintf("Page %d of %d", d.PageCount(), d.PageCount()))
}

func TestDemoPDF(t *testing.T) {
	d := newTestPDFDoc(t, pdfTestOptions())
	renderPDFDemo(d)
	alpha, mode := d.GetAlpha()
	assert.Equal(t, 1.0, alpha, "helpers restore alpha")
	assert.Equal(t, "Normal", mode)
	pdf, err := d.bytes()
	require.NoError(t, err)

	dir := os.Getenv("SOVSCORE_PDF_DEMO")
	if dir == "" {
		dir = t.TempDir()
	}
	path := filepath.Join(dir, "demo.pdf")
	require.NoError(t, os.WriteFile(path, pdf, 0o600))

	if qpdf, err := exec.LookPath("qpdf"); err == nil {
		out, err := exec.Command(qpdf, "--check", path).CombinedOutput()
		require.NoError(t, err, "qpdf --check: %s", out)
	}
	if pdffonts, err := exec.LookPath("pdffonts"); err == nil {
		out, err := exec.Command(pdffonts, path).Output()
		require.NoError(t, err)
		checkPDFFonts(t, out)
	}
}

// embeddedFonts is the /FontName of every font descriptor of a PDF: one
// per embedded face, named by fpdf "utf8" + family + style.
// embeddedFonts lists the names of the embedded font programs, without
// their subset tags.
func embeddedFonts(pdf []byte) []string {
	var names []string
	for _, m := range regexp.MustCompile(`/FontName /(?:[A-Z]{6}\+)?(\S+)`).FindAllSubmatch(pdf, -1) {
		names = append(names, string(m[1]))
	}
	return names
}

// TestUnusedFacesAreNotEmbedded: a face is loaded on first use, so a
// document set only in the regular face embeds only that one, and a
// scorecard only the regular and bold faces.
func TestUnusedFacesAreNotEmbedded(t *testing.T) {
	d := newTestPDFDoc(t, pdfTestOptions())
	d.paragraph("Only regular text", "", pdfBodySize, pdfColText)
	pdf, err := d.bytes()
	require.NoError(t, err)
	checkPDFXref(t, pdf)
	assert.Equal(t, []string{"utf8" + pdfFamily}, embeddedFonts(pdf))

	rs, _ := pdfResults(t, 3)
	for _, r := range rs {
		card := embeddedFonts(scorecardPDF(t, r))
		assert.ElementsMatch(t, []string{"utf8" + pdfFamily, "utf8" + pdfFamily + "B"}, card)
	}
}

// TestPDFStreamsCompressed: page contents are compressed, in short
// documents and long ones, and each page content inflates back to
// drawing operators.
func TestPDFStreamsCompressed(t *testing.T) {
	rs, prof := pdfResults(t, 150)
	long := comparisonPDF(t, rs, prof)
	require.Greater(t, pdfPageCount(t, long), 24, "a long document")
	for name, pdf := range map[string][]byte{
		"scorecard": scorecardPDF(t, rs[0]), "comparison": comparisonPDF(t, rs[:3], prof), "long comparison": long,
	} {
		checkPDFXref(t, pdf)
		re := regexp.MustCompile(`<</Filter /FlateDecode /Length (\d+)>>\nstream\n`)
		found := 0
		for _, m := range re.FindAllSubmatchIndex(pdf, -1) {
			n, err := strconv.Atoi(string(pdf[m[2]:m[3]]))
			require.NoError(t, err)
			zr, err := zlib.NewReader(bytes.NewReader(pdf[m[1] : m[1]+n]))
			require.NoError(t, err, name)
			content, err := io.ReadAll(zr)
			require.NoError(t, err, name)
			if bytes.Contains(content, []byte(" Tf")) {
				found++
			}
			assert.True(t, bytes.HasPrefix(pdf[m[1]+n:], []byte("\nendstream")), name)
		}
		assert.GreaterOrEqual(t, found, pdfPageCount(t, pdf), "%s: a compressed content stream per page", name)
	}
}

// TestPenChangesNoPixel renders a scorecard and a multi-page comparison
// with and without the pen (which skips repeated font and colour changes)
// and compares every page rasterised by pdftoppm: a stale pen would paint
// something in the wrong colour or font.
func TestPenChangesNoPixel(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm (poppler-utils) not installed")
	}
	rs, prof := pdfResults(t, 40)
	render := func(cache bool) map[string][]byte {
		pdfPenCache = cache
		defer func() { pdfPenCache = true }()
		return map[string][]byte{
			"scorecard":  scorecardPDF(t, rs[1]),
			"comparison": comparisonPDF(t, rs, prof),
		}
	}
	with, without := render(true), render(false)
	for name := range with {
		assert.Less(t, len(with[name]), len(without[name]), "%s: the pen saves bytes", name)
		dir := t.TempDir()
		for v, pdf := range map[string][]byte{"with": with[name], "without": without[name]} {
			in := filepath.Join(dir, v+".pdf")
			require.NoError(t, os.WriteFile(in, pdf, 0o644))
			out, err := exec.Command("pdftoppm", "-r", "50", "-png", in, filepath.Join(dir, v)).CombinedOutput()
			require.NoError(t, err, string(out))
		}
		pages, err := filepath.Glob(filepath.Join(dir, "with-*.png"))
		require.NoError(t, err)
		require.NotEmpty(t, pages)
		for _, p := range pages {
			a, err := os.ReadFile(p)
			require.NoError(t, err)
			b, err := os.ReadFile(strings.Replace(p, "with-", "without-", 1))
			require.NoError(t, err)
			assert.True(t, bytes.Equal(a, b), "%s: %s differs with the pen", name, filepath.Base(p))
		}
	}
}
