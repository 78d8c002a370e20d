package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testFont = "../../report/testdata/fonts/test-cjk.ttf"

// TestGlyphMissing: text the report font lacks is a glyph-missing warning
// on its cell, in validate and in every report; --font with a font that
// has it clears the warning, and a font that cannot be used is a usage
// error naming the file.
func TestGlyphMissing(t *testing.T) {
	dir := t.TempDir()
	wb := filepath.Join(dir, "in", "cloud.xlsx")
	code, _, stderr := runCmd(t, "import-md", scalingoMD, "-o", wb, "--provider", "你好 Cloud 🙂")
	require.Equal(t, exitOK, code, stderr)

	code, stdout, _ := runCmd(t, "validate", wb)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, `cloud.xlsx: Cover!B4: warning glyph-missing: the provider name has characters the report font (Liberation Sans: Latin, Greek, Cyrillic) cannot draw: "你" (U+4F60), "好" (U+597D), "🙂" (U+1F642); the PDF reports show them as empty boxes`)
	assert.Contains(t, stdout, "--font FILE")

	code, stdout, _ = runCmd(t, "validate", wb, "--font", testFont)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, `the provider name has characters the font test-cjk.ttf cannot draw: "🙂" (U+1F642)`)
	assert.Contains(t, stdout, "above U+FFFF cannot be drawn in the PDF reports with any font")
	assert.NotContains(t, stdout, "U+4F60")

	for _, tc := range []struct {
		name  string
		args  []string
		chars []string
	}{
		{"default font", nil, []string{"U+4F60", "U+1F642"}},
		{"font given", []string{"--font", testFont}, []string{"U+1F642"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			code, _, stderr := runCmd(t, append([]string{"score", filepath.Dir(wb), "-o", out, "-q", "--date", "2026-06-15"}, tc.args...)...)
			require.Equal(t, exitOK, code, stderr)
			var glyph []string
			for _, is := range readResults(t, out).Providers[0].Issues {
				if is.Code == "glyph-missing" {
					assert.Equal(t, "warning", is.Severity)
					assert.Equal(t, "Cover", is.Sheet)
					assert.Equal(t, "B4", is.Cell)
					glyph = append(glyph, is.Message)
				}
			}
			require.Len(t, glyph, 1, "one warning, on the provider name")
			for _, c := range tc.chars {
				assert.Contains(t, glyph[0], c)
			}
			assert.FileExists(t, filepath.Join(out, "scorecards", "你好 Cloud 🙂.pdf"))
		})
	}

	bad := filepath.Join(dir, "font.ttc")
	require.NoError(t, os.WriteFile(bad, append([]byte("ttcf"), make([]byte, 64)...), 0o644))
	for _, args := range [][]string{{"score", wb, "-o", filepath.Join(dir, "out")}, {"validate", wb}} {
		code, _, stderr := runCmd(t, append(args, "--font", bad)...)
		assert.Equal(t, exitUsage, code, args[0])
		assert.Contains(t, stderr, "font "+bad+": a font collection (.ttc) cannot be used", args[0])
		assert.Equal(t, 1, strings.Count(stderr, "\n"), args[0])
	}
}
