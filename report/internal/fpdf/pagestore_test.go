package fpdf

// sovscore: this file is not in upstream (see FORK.md).

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pagedDoc makes a document of n pages, as sovscore's reports are made:
// content on each page, a link on the last page to page 3, then a footer
// written on every page at the end through SetPage.
func pagedDoc(t *testing.T, n int, compressFinished bool) (*Fpdf, []byte) {
	t.Helper()
	f := New("P", "mm", "A4", "")
	f.SetCreationDate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	f.SetModificationDate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	f.SetCompressFinishedPages(compressFinished)
	f.SetAutoPageBreak(false, 0)
	f.SetFont("Helvetica", "", 12)
	link := f.AddLink()
	for p := 1; p <= n; p++ {
		f.AddPage()
		for line := 0; line < 20; line++ {
			f.CellFormat(100, 8, fmt.Sprintf("page %d line %d", p, line), "1", 1, "L", false, 0, "")
		}
		if p == 3 {
			f.SetLink(link, 0, -1)
		}
	}
	f.CellFormat(40, 8, "to page 3", "", 1, "L", false, link, "")
	for p := 1; p <= n; p++ {
		f.SetPage(p)
		f.SetY(-20)
		f.CellFormat(0, 8, fmt.Sprintf("Page %d of %d", p, n), "", 0, "R", false, 0, "")
	}
	var buf bytes.Buffer
	require.NoError(t, f.Output(&buf))
	return f, buf.Bytes()
}

var (
	objRE      = regexp.MustCompile(`(?s)\n(\d+) 0 obj\n(<<.*?>>)\n(?:stream\n)?`)
	contentsRE = regexp.MustCompile(`/Contents (?:(\d+) 0 R|\[((?:\d+ 0 R ?)+)\])`)
	refRE      = regexp.MustCompile(`(\d+) 0 R`)
	kidsRE     = regexp.MustCompile(`/Kids \[([^\]]*)\]`)
	lengthRE   = regexp.MustCompile(`/Length (\d+)`)
)

// pageContents returns the content of every page, in page order, as a
// reader would see it: the page's content streams inflated and joined.
func pageContents(t *testing.T, pdf []byte) []string {
	t.Helper()
	dicts := map[int]string{}
	streams := map[int][]byte{}
	for _, m := range objRE.FindAllSubmatchIndex(pdf, -1) {
		num, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
		dict := string(pdf[m[4]:m[5]])
		dicts[num] = dict
		if l := lengthRE.FindStringSubmatch(dict); l != nil && bytes.HasSuffix(pdf[:m[1]], []byte("stream\n")) {
			n, _ := strconv.Atoi(l[1])
			data := pdf[m[1] : m[1]+n]
			if bytes.Contains([]byte(dict), []byte("/FlateDecode")) {
				zr, err := zlib.NewReader(bytes.NewReader(data))
				require.NoError(t, err)
				data, err = io.ReadAll(zr)
				require.NoError(t, err)
			}
			streams[num] = data
		}
	}
	kids := kidsRE.FindStringSubmatch(dicts[1])
	require.NotNil(t, kids, "pages root")
	var out []string
	for _, k := range refRE.FindAllStringSubmatch(kids[1], -1) {
		page, _ := strconv.Atoi(k[1])
		c := contentsRE.FindStringSubmatch(dicts[page])
		require.NotNil(t, c, "page object %d has contents", page)
		var s []byte
		for _, r := range refRE.FindAllStringSubmatch(c[0], -1) {
			obj, _ := strconv.Atoi(r[1])
			require.Contains(t, streams, obj, "content object %d of page %d", obj, page)
			s = append(s, streams[obj]...)
		}
		out = append(out, string(s))
	}
	return out
}

// TestCompressFinishedPages: with finished pages compressed, every page
// shows the same content (its footer, written later, included), page n is
// still object 1+2n (links and bookmarks use that), and finished pages no
// longer hold their text.
func TestCompressFinishedPages(t *testing.T) {
	const n = 30
	_, plain := pagedDoc(t, n, false)
	f, packed := pagedDoc(t, n, true)

	want, got := pageContents(t, plain), pageContents(t, packed)
	require.Equal(t, n, len(got), "pages")
	require.Equal(t, n, len(want), "pages")
	for p := range want {
		assert.True(t, want[p] == got[p], "page %d shows other content", p+1)
	}
	for p := 1; p <= n; p++ {
		assert.Contains(t, got[p-1], fmt.Sprintf("(Page %d of %d)", p, n))
		assert.Contains(t, string(packed), fmt.Sprintf("\n%d 0 obj\n<</Type /Page\n", 1+2*p), "page %d object", p)
	}
	assert.Contains(t, string(packed), fmt.Sprintf("/Dest [%d 0 R", 1+2*3), "the link still goes to page 3")

	// The last page stays as text until Output; the others hold only
	// what was written after they were finished (the footer).
	for p := 1; p < n; p++ {
		assert.Contains(t, f.finished.z, p)
		assert.Less(t, f.pages[p].Len(), 200, "page %d keeps only its footer as text", p)
	}
	assert.NotContains(t, f.finished.z, n)
}

// TestCompressFinishedPagesRefusesAliases: aliases cannot be replaced in
// compressed pages, so Output fails instead of leaving them unreplaced.
func TestCompressFinishedPagesRefusesAliases(t *testing.T) {
	f := New("P", "mm", "A4", "")
	f.SetCompressFinishedPages(true)
	f.AliasNbPages("")
	f.SetFont("Helvetica", "", 12)
	for p := 0; p < 3; p++ {
		f.AddPage()
		f.Cell(40, 10, "Page {nb}")
	}
	err := f.Output(io.Discard)
	require.ErrorIs(t, err, errFinishedAliases)
}
