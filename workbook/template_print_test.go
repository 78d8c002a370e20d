package workbook

import (
	"bytes"
	"compress/zlib"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
)

// TestTemplatePrompts: in every factor's input message the answers can be
// told apart: one line per answer, numbered, no two lines alike once the
// number is taken away (SOV-2.3's first three read the same when clipped
// at their ends).
func TestTemplatePrompts(t *testing.T) {
	for _, fac := range scoring.Default().Factors() {
		p := answerPrompt(fac)
		assert.LessOrEqual(t, utf16Len(p), maxPromptChars, fac.ID)
		lines := strings.Split(p, "\n")
		if fac.Layer == scoring.LayerInfrastructure {
			require.Len(t, lines, len(fac.Answers)+1, fac.ID)
			assert.Equal(t, scoring.InheritedAnswer+": the host's", lines[len(lines)-1], fac.ID)
			lines = lines[:len(fac.Answers)]
		}
		require.Len(t, lines, len(fac.Answers), fac.ID)
		seen := map[string]int{}
		for i, l := range lines {
			prefix := strconv.Itoa(i+1) + ". "
			require.True(t, strings.HasPrefix(l, prefix), "%s: %q", fac.ID, l)
			body := strings.ToLower(strings.TrimPrefix(l, prefix))
			if j, dup := seen[body]; dup {
				t.Errorf("%s: answers %d and %d read the same in the prompt: %q", fac.ID, j, i+1, body)
			}
			seen[body] = i + 1
		}
	}
	fw := scoring.Default()
	fac, _ := fw.Factor("SOV-2.3")
	p := answerPrompt(fac)
	assert.Contains(t, p, "1. …systems without customers being notified")
	assert.Contains(t, p, "2. …notified, in specific cases")
	assert.Contains(t, p, "3. …systems with customers being notified in all cases")
	fac, _ = fw.Factor("SOV-1.1")
	assert.Equal(t, "1. Entirely outside the EU\n2. Mostly outside the EU\n3. Mostly within the EU\n4. Entirely within the EU", answerPrompt(fac), "short ladders are whole")
}

// TestTemplateLadderLinks: every factor's ID links to its ladder on the
// Guide, whose ID links back to the factor's answer.
func TestTemplateLadderLinks(t *testing.T) {
	fw := scoring.Default()
	_, f := renderTemplate(t, nil)
	ref := regexp.MustCompile(`^'([^']+)'!([A-Z]+)(\d+)$`)
	for _, o := range fw.Objectives {
		for i, fac := range o.Factors {
			cell := tplCell(tplHeaderCol(HeaderID), objFirstRow+i)
			ok, target, err := f.GetCellHyperLink(o.ID, cell)
			require.NoError(t, err)
			require.True(t, ok, "%s!%s links to the ladder", o.ID, cell)
			m := ref.FindStringSubmatch(target)
			require.NotNil(t, m, target)
			assert.Equal(t, GuideSheet, m[1])
			v, err := f.GetCellValue(GuideSheet, m[2]+m[3])
			require.NoError(t, err)
			assert.Equal(t, fac.ID, v, "%s links to its own ladder", fac.ID)

			ok, back, err := f.GetCellHyperLink(GuideSheet, m[2]+m[3])
			require.NoError(t, err)
			require.True(t, ok, "the ladder of %s links back", fac.ID)
			assert.Equal(t, "'"+o.ID+"'!"+tplCell(tplHeaderCol(HeaderAnswer), objFirstRow+i), back)
		}
	}
}

// TestTemplatePrintSetup: every sheet prints A4 landscape one page wide,
// with narrow margins, the provider (or the file name) and the sheet in
// the header and "Page x of y" in the footer; the Guide repeats its ladder
// titles; the objective sheets are narrow enough to print at 8 pt or more.
func TestTemplatePrintSetup(t *testing.T) {
	a := &scoring.Assessment{Provider: scoring.ProviderInfo{Name: scoring.Field{Text: "3DS & Co Cloud"}}}
	for _, tc := range []struct {
		name   string
		a      *scoring.Assessment
		header string
	}{
		{"blank", nil, "&L&10&B&F&B&R&10&A"},
		{"filled", a, "&L&10&B3DS && Co Cloud&B&R&10&A"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, f := renderTemplate(t, tc.a)
			for _, sheet := range f.GetSheetList() {
				if sheet == ListsSheet {
					continue
				}
				pl, err := f.GetPageLayout(sheet)
				require.NoError(t, err)
				assert.Equal(t, "landscape", *pl.Orientation, sheet)
				assert.Equal(t, 9, *pl.Size, "%s: A4", sheet)
				assert.Equal(t, 1, *pl.FitToWidth, sheet)
				m, err := f.GetPageMargins(sheet)
				require.NoError(t, err)
				assert.Equal(t, printMarginSide, *m.Left, sheet)
				assert.Equal(t, printMarginSide, *m.Right, sheet)
				hf, err := f.GetHeaderFooter(sheet)
				require.NoError(t, err)
				assert.Equal(t, tc.header, hf.OddHeader, sheet)
				assert.Contains(t, hf.OddFooter, "Page &P of &N", sheet)
			}
		})
	}
	_, f := renderTemplate(t, nil)
	titles := ""
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == GuideSheet {
			titles = dn.RefersTo
		}
	}
	m := regexp.MustCompile(`^'Guide'!\$(\d+):\$(\d+)$`).FindStringSubmatch(titles)
	require.NotNil(t, m, "Guide print titles: %q", titles)
	row, _ := strconv.Atoi(m[1])
	got := sheetRows(t, f, GuideSheet)[row-1]
	assert.Equal(t, []string{"ID", "Factor", "Answer no.", "Points", "SEAL", "Answer"}, got, "the ladder titles repeat")

	// 11 pt text prints at 8 pt or more when the columns take at most
	// 8/11 of the printable width. Excel's column unit is about 7 pixels
	// of Calibri 11, 96 to the inch, plus 5 pixels of padding a column.
	total := 0.0
	for _, w := range objectiveWidths {
		total += w
	}
	printable := (297/25.4 - 2*printMarginSide) * 96
	scale := printable / (7*total + 5*float64(len(objectiveWidths)))
	assert.GreaterOrEqual(t, scale*11, 8.0, "objective sheets print at %.1f pt", scale*11)
}

// TestTemplateCoverDate: the assessment date has a date format and a date
// validation (a warning, so a date typed as text is still kept).
func TestTemplateCoverDate(t *testing.T) {
	_, f := renderTemplate(t, nil)
	ref := ""
	rows := sheetRows(t, f, CoverSheet)
	for i, r := range rows {
		if len(r) > 0 && r[0] == "Assessment date" {
			ref = tplCell(2, i+1)
		}
	}
	require.NotEmpty(t, ref)
	id, err := f.GetCellStyle(CoverSheet, ref)
	require.NoError(t, err)
	st, err := f.GetStyle(id)
	require.NoError(t, err)
	require.NotNil(t, st.CustomNumFmt)
	assert.Equal(t, "yyyy-mm-dd", *st.CustomNumFmt)
	dvs := validationsByRef(t, f, CoverSheet)
	dv, ok := dvs[ref]
	require.True(t, ok, "date validation on %s", ref)
	assert.Equal(t, "date", dv.Type)
	assert.Equal(t, "between", dv.Operator)
	require.NotNil(t, dv.ErrorStyle)
	assert.Equal(t, "warning", *dv.ErrorStyle)
	assert.True(t, dv.ShowInputMessage)
}

// TestTemplatePrintedLibreOffice prints a filled template with LibreOffice
// and checks what a reader of the paper gets: the provider and the page
// numbers on the pages, the ladder titles repeated on the Guide's pages,
// and, when LibreOffice has Excel's font metrics (Carlito, the metric twin
// of Calibri), text of 8 pt or more. Set SOVSCORE_TEMPLATE_OUT to keep the
// PDF.
func TestTemplatePrintedLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice is not installed")
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	if testing.Short() {
		t.Skip("slow: runs LibreOffice")
	}
	fw := scoring.Default()
	a := &scoring.Assessment{Provider: scoring.ProviderInfo{Name: scoring.Field{Text: "Example Cloud SAS"}}}
	for i, fac := range fw.Factors() {
		a.Factors = append(a.Factors, scoring.FactorEntry{ID: fac.ID,
			Answer:        scoring.EntryCell{Text: fac.Answers[i%len(fac.Answers)].Display()},
			Confidence:    scoring.EntryCell{Text: "medium"},
			Justification: scoring.EntryCell{Text: "Because the provider says so in its documentation (src: https://example.eu/" + fac.ID + ")."},
		})
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "filled.xlsx")
	var buf bytes.Buffer
	require.NoError(t, WriteTemplate(&buf, fw, a))
	require.NoError(t, os.WriteFile(in, buf.Bytes(), 0o644))
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "lo-profile")),
		"--headless", "--convert-to", "pdf", "--outdir", dir, in)
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "soffice: %s", msg)
	pdf := filepath.Join(dir, "filled.pdf")
	require.FileExists(t, pdf, "soffice: %s", msg)
	if keep := os.Getenv("SOVSCORE_TEMPLATE_OUT"); keep != "" {
		data, _ := os.ReadFile(pdf)
		require.NoError(t, os.WriteFile(filepath.Join(keep, "template-filled-lo.pdf"), data, 0o644))
	}
	out, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	require.NoError(t, err)
	pages := strings.Split(strings.TrimRight(string(out), "\f"), "\f")
	require.Greater(t, len(pages), 10)
	ladderPages := 0
	for i, p := range pages {
		assert.Contains(t, p, "Example Cloud SAS", "page %d names the provider", i+1)
		assert.Regexp(t, `Page `+strconv.Itoa(i+1)+` of \d+`, p, "page %d is numbered", i+1)
		if strings.Contains(p, "SEAL") && strings.Contains(p, "Answer no.") {
			ladderPages++
		}
	}
	assert.Greater(t, ladderPages, 3, "the ladder titles repeat on the Guide's pages")

	fonts, _ := exec.Command("fc-list", ":family=Carlito").Output()
	if len(bytes.TrimSpace(fonts)) == 0 {
		t.Log("Carlito is not installed: LibreOffice prints with a wider substitute, so the 8 pt check is skipped")
		return
	}
	data, err := os.ReadFile(pdf)
	require.NoError(t, err)
	sizes := pdfFontSizes(t, data)
	require.NotEmpty(t, sizes)
	for _, s := range sizes {
		assert.GreaterOrEqual(t, s, 7.5, "no printed text below 7.5 pt (headers and footers are 10 pt scaled)")
	}
	body := 0
	for _, s := range sizes {
		if s >= 8 {
			body++
		}
	}
	assert.Greater(t, float64(body)/float64(len(sizes)), 0.9, "nearly all printed text at 8 pt or more: %v", sizes[:min(len(sizes), 40)])
}

// pdfFontSizes returns the size of every font selection (Tf) in the
// page streams of a PDF, inflating those that are compressed.
func pdfFontSizes(t *testing.T, pdf []byte) []float64 {
	t.Helper()
	tf := regexp.MustCompile(`/F\d+ ([\d.]+) Tf`)
	var sizes []float64
	streams := regexp.MustCompile(`(?s)/FlateDecode[^>]*>>\s*stream\r?\n`).FindAllIndex(pdf, -1)
	for _, s := range streams {
		zr, err := zlib.NewReader(bytes.NewReader(pdf[s[1]:]))
		if err != nil {
			continue
		}
		content, _ := io.ReadAll(zr)
		for _, m := range tf.FindAllSubmatch(content, -1) {
			if v, err := strconv.ParseFloat(string(m[1]), 64); err == nil {
				sizes = append(sizes, v)
			}
		}
	}
	return sizes
}
