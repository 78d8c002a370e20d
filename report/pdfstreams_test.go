package report

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// uncompressedPDF renders a small document as fpdf writes it, before
// finishPDF: streams uncompressed but for the font programs.
func uncompressedPDF(t *testing.T) []byte {
	t.Helper()
	d := newTestPDFDoc(t, pdfTestOptions())
	d.paragraph("Souveraineté numérique · Łódź — “quoted” text", "", pdfBodySize, pdfColText)
	d.paragraph("Bold line", "B", pdfBodySize, pdfColText)
	d.AddPage()
	d.paragraph("Second page", "", pdfBodySize, pdfColText)
	for p := 1; p <= d.PageCount(); p++ {
		d.SetPage(p)
		d.drawFooter(p, d.PageCount())
	}
	d.Close()
	require.NoError(t, d.Error())
	var buf bytes.Buffer
	require.NoError(t, d.Output(&buf))
	d.written = true
	return buf.Bytes()
}

// streams returns every stream of a document, inflated when it is
// compressed, in file order.
func streams(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	objs, _, err := splitPDF(pdf)
	require.NoError(t, err)
	var out [][]byte
	for _, o := range objs {
		s := bytes.Index(o.body, []byte("\nstream\n"))
		if s < 0 {
			continue
		}
		data := o.body[s+8 : len(o.body)-len("\nendstream\nendobj\n")]
		if bytes.Contains(o.body[:s], []byte("/FlateDecode")) {
			zr, err := zlib.NewReader(bytes.NewReader(data))
			require.NoError(t, err)
			data, err = io.ReadAll(zr)
			require.NoError(t, err)
		}
		out = append(out, data)
	}
	return out
}

// TestFinishPDF: every stream is compressed and inflates to what fpdf
// wrote, subsets are tagged consistently, the cross-reference table is
// right, and the same document gives the same bytes.
func TestFinishPDF(t *testing.T) {
	raw := uncompressedPDF(t)
	unfiltered := regexp.MustCompile(`<<(/Length \d+)>>\nstream\n`)
	require.NotEmpty(t, unfiltered.FindAll(raw, -1), "fpdf leaves the pages uncompressed")

	done, err := finishPDF(raw, false)
	require.NoError(t, err)
	checkPDFXref(t, done)
	assert.Empty(t, unfiltered.FindAll(done, -1), "no stream left uncompressed")
	assert.Less(t, len(done), len(raw))
	assert.Equal(t, streams(t, raw), streams(t, done), "every stream inflates to what fpdf wrote")

	again, err := finishPDF(uncompressedPDF(t), false)
	require.NoError(t, err)
	assert.Equal(t, done, again, "reproducible")

	// Each subset is named TAG+name in its Type0 font, CIDFont and
	// descriptor, the regular and bold faces with different tags.
	names := regexp.MustCompile(`/(?:BaseFont|FontName) /(\S+)`).FindAllSubmatch(done, -1)
	byFace := map[string]map[string]bool{}
	for _, m := range names {
		tag, face, ok := strings.Cut(string(m[1]), "+")
		require.True(t, ok, "untagged %s", m[1])
		assert.Regexp(t, `^[A-Z]{6}$`, tag)
		if byFace[face] == nil {
			byFace[face] = map[string]bool{}
		}
		byFace[face][tag] = true
	}
	require.Len(t, byFace, 2)
	var tags []string
	for face, ts := range byFace {
		assert.Len(t, ts, 1, "%s has one tag", face)
		for tg := range ts {
			tags = append(tags, tg)
		}
	}
	assert.NotEqual(t, tags[0], tags[1])
}

func TestFinishPDFRefusesOtherLayouts(t *testing.T) {
	raw := uncompressedPDF(t)
	// with replaces the first match of re in a copy of raw by the same
	// number of bytes, so that every offset stays right.
	with := func(re, by string) []byte {
		loc := regexp.MustCompile(re).FindSubmatchIndex(raw)
		require.NotNil(t, loc, re)
		require.Len(t, by, loc[3]-loc[2])
		out := bytes.Clone(raw)
		copy(out[loc[2]:], by)
		return out
	}
	tests := []struct {
		name string
		doc  []byte
		want string
	}{
		{"not a PDF", []byte("hello"), "no startxref"},
		{"xref offset past the end", with(`startxref\n(\d)`, "9"), "cross-reference"},
		{"object not at its offset", with(`xref\n0 \d+\n0000000000 65535 f \n(\d{10})`, "0000000001"), "not where"},
		{"stream length wrong", with(`/Length (\d{3})\d*>>\nstream`, "100"), "says /Length"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := finishPDF(tt.doc, false)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
