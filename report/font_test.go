package report

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/templates"
)

const testFontPath = "testdata/fonts/test-cjk.ttf"

func TestLoadFontRefuses(t *testing.T) {
	liberation, err := os.ReadFile("../templates/fonts/LiberationSans-Regular.ttf")
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"collection", append([]byte("ttcf"), make([]byte, 60)...), "a font collection (.ttc) cannot be used"},
		{"CFF outlines", append([]byte("OTTO"), make([]byte, 60)...), "PostScript (CFF) outlines cannot be used"},
		{"not a font", []byte("%PDF-1.7 something else"), "not a TrueType font"},
		{"too short", []byte("ab"), "not a font file"},
		{"cut", liberation[:200], "damaged"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseFont("x.ttf", tc.data)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	_, err = LoadFont(filepath.Join(t.TempDir(), "none.ttf"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "font: open")
}

func TestFontMissing(t *testing.T) {
	test, err := LoadFont(testFontPath)
	require.NoError(t, err)
	assert.Equal(t, "test-cjk.ttf", test.Name)
	for _, tc := range []struct {
		name string
		font *Font
		text string
		want string
	}{
		{"latin in the default font", DefaultFont(), "Société Łódź Ελλάδα Москва – “quoted”", ""},
		{"chinese in the default font", DefaultFont(), "Cloud 你好 世界 你", "你好世界"},
		{"emoji in any font", DefaultFont(), "ok 🙂 ok", "🙂"},
		{"controls, breaks and variation selectors are not characters", DefaultFont(), "a\tb\r\nc\x00\u2028d\ufe0f", ""},
		{"chinese in a font that has it", test, "Cloud 你好", ""},
		{"what the test font lacks", test, "Société 🙂", "é🙂"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, string(tc.font.Missing(tc.text)))
		})
	}
}

// textResult is a scored assessment whose provider name and justifications
// hold the given text.
func textResult(t *testing.T, name, justification string) *scoring.Result {
	t.Helper()
	fw := scoring.Default()
	a := fixtureAssessment(fw, name, "PaaS", func(i int, f *scoring.Factor) (fixtureEntry, bool) {
		return fixtureEntry{answer: pdfAnswerDisplay(f, len(f.Answers)), confidence: "medium", justification: justification}, true
	})
	return scoring.Evaluate(fw, a, pdfTenderProfile(t, fw))
}

// TestReportsDrawWithTheFontGiven: with --font every face of both reports
// is that font, and its characters reach the text layer.
func TestReportsDrawWithTheFontGiven(t *testing.T) {
	font, err := LoadFont(testFontPath)
	require.NoError(t, err)
	opts := pdfReportOptions
	opts.Font = font
	r := textResult(t, "Cloud 你好", "Justified in 世界.")
	var sc, cmp, diff, rec bytes.Buffer
	require.NoError(t, WriteScorecard(&sc, r, opts))
	require.NoError(t, WriteComparison(&cmp, scoring.Summaries([]*scoring.Result{r}), r.Profile, opts))
	fw, p, c := diffFixture(t)
	require.NoError(t, WriteDiffPDF(&diff, fw, p, c, opts))
	require.NoError(t, WriteReconcilePDF(&rec, panelFixture(t), opts))
	// fpdf names every embedded face after the family ("utf8sans"), so
	// the faces are told apart by their bounding boxes, which the cut-down
	// test font does not share with Liberation Sans.
	bbox := func(data []byte) string {
		d := fpdf.New("P", "mm", "A4", "")
		d.AddUTF8FontFromBytes("x", "", data)
		b := d.GetFontDesc("x", "").FontBBox
		return fmt.Sprintf("/FontBBox [%d %d %d %d]", b.Xmin, b.Ymin, b.Xmax, b.Ymax)
	}
	want := bbox(font.data)
	require.NotEqual(t, want, bbox(mustFont(t, templates.FontRegular)))
	require.NotEqual(t, want, bbox(mustFont(t, templates.FontBold)))
	for name, pdf := range map[string][]byte{"scorecard": sc.Bytes(), "comparison": cmp.Bytes(),
		"diff": diff.Bytes(), "reconcile": rec.Bytes()} {
		boxes := regexp.MustCompile(`/FontBBox \[[-0-9 ]+\]`).FindAll(pdf, -1)
		require.GreaterOrEqual(t, len(boxes), 2, "%s: a regular and a bold face", name)
		for _, b := range boxes {
			assert.Equal(t, want, string(b), "%s: every face is the font given", name)
		}
		checkPDFTools(t, savePDF(t, "font-"+name+".pdf", pdf))
		if _, err := exec.LookPath("pdftotext"); err == nil && (name == "scorecard" || name == "comparison") {
			assert.Contains(t, pdfFlat(pdfToText(t, pdf)), "你好", name)
		}
	}
}

func mustFont(t *testing.T, style string) []byte {
	t.Helper()
	b, err := templates.Font(style)
	require.NoError(t, err)
	return b
}

// TestEmojiKeptInTextLayer: a rune above U+FFFF is drawn as U+FFFD, which
// no font can avoid in fpdf, but the text layer keeps what was written.
func TestEmojiKeptInTextLayer(t *testing.T) {
	r := textResult(t, "Smile Cloud", "Works well 🙂 says the provider 👍🏽.")
	pdf := scorecardPDF(t, r)
	checkPDFTools(t, savePDF(t, "scorecard-emoji.pdf", pdf))
	text := pdfFlat(pdfToText(t, pdf))
	assert.Contains(t, text, "Works well 🙂 says the provider 👍🏽.")
	assert.NotContains(t, text, "\uFFFD")
}

func TestPDFTextHex(t *testing.T) {
	assert.Equal(t, "FEFF0041", pdfTextHex("A"))
	assert.Equal(t, "FEFF00E9D83DDE42", pdfTextHex("é🙂"), "surrogate pair")
}
