package fpdf

// sovscore: this file is not in upstream (see FORK.md).

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"io"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/templates"
)

var (
	fontNameRE = regexp.MustCompile(`/(BaseFont|FontName) /(\S+)`)
	fontFileRE = regexp.MustCompile(`<</Length (\d+)\n/Filter /FlateDecode\n/Length1 (\d+)\n>>\nstream\n`)
)

// embeddedFonts returns the names a PDF gives its fonts (/BaseFont and
// /FontName, in order) and its embedded font programs, inflated.
func embeddedFonts(t *testing.T, pdf []byte) (names []string, programs [][]byte) {
	t.Helper()
	for _, m := range fontNameRE.FindAllSubmatch(pdf, -1) {
		names = append(names, string(m[2]))
	}
	for _, m := range fontFileRE.FindAllSubmatchIndex(pdf, -1) {
		n, err := strconv.Atoi(string(pdf[m[2]:m[3]]))
		require.NoError(t, err)
		zr, err := zlib.NewReader(bytes.NewReader(pdf[m[1] : m[1]+n]))
		require.NoError(t, err)
		program, err := io.ReadAll(zr)
		require.NoError(t, err)
		programs = append(programs, program)
	}
	return names, programs
}

// wantTag is the subset tag FORK.md (6) specifies: six letters from the
// SHA-256 of the PostScript name, a zero byte and the font program.
func wantTag(psName string, program []byte) string {
	sum := sha256.Sum256(append(append([]byte(psName), 0), program...))
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag)
}

// TestSubsetFontName: a UTF-8 font is embedded under its PostScript name
// (from its 'name' table) with a subset tag, in the Type0 font, the
// CIDFont and the font descriptor; the tag is derived from the embedded
// program, so equal subsets share it and different ones do not.
func TestSubsetFontName(t *testing.T) {
	for style, ps := range map[string]string{
		templates.FontRegular: "LiberationSans",
		templates.FontBold:    "LiberationSans-Bold",
		templates.FontItalic:  "LiberationSans-Italic",
	} {
		font, err := templates.Font(style)
		require.NoError(t, err)
		pdf := render(t, font, "Łódź Data")
		names, programs := embeddedFonts(t, pdf)
		require.Len(t, programs, 1, style)
		tag := wantTag(ps, programs[0])
		assert.Equal(t, []string{tag + "+" + ps, tag + "+" + ps, tag + "+" + ps}, names, style)
	}

	font := fontBytes(t)
	tagOf := func(text string) string {
		names, _ := embeddedFonts(t, render(t, font, text))
		require.NotEmpty(t, names)
		return names[0]
	}
	a := tagOf("Müller Cloud")
	assert.Equal(t, a, tagOf("Müller Cloud"), "deterministic")
	assert.Equal(t, a, tagOf("Cloud Müller"), "same glyphs, same subset")
	assert.NotEqual(t, a, tagOf("Müller Cloud AB"), "other glyphs, other subset")
}

func TestSubsetFontNameFallback(t *testing.T) {
	prog := []byte("program")
	for _, ps := range []string{"", "Liberation Sans", "A/B", "Sans#1", "Ünï", string(make([]byte, 64))} {
		got := subsetFontName("utf8sans", ps, prog)
		assert.Equal(t, wantTag("utf8sans", prog)+"+utf8sans", got, "%q is no PDF name", ps)
	}
	assert.Equal(t, wantTag("Font-Name_1.x", prog)+"+Font-Name_1.x", subsetFontName("utf8sans", "Font-Name_1.x", prog))
	assert.NotEqual(t, subsetFontName("f", "A", prog), subsetFontName("f", "A", []byte("other program")))
}
