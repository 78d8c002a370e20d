package fpdf

// sovscore: this file is not in upstream (see FORK.md).

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
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
	f := newPagedDoc(n, compressFinished)
	var buf bytes.Buffer
	require.NoError(t, f.Output(&buf))
	return f, buf.Bytes()
}

// newPagedDoc is pagedDoc before Output.
func newPagedDoc(n int, compressFinished bool) *Fpdf {
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
	return f
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
		assert.Contains(t, f.finished.spans, p)
		assert.Less(t, f.pages[p].Len(), 200, "page %d keeps only its footer as text", p)
	}
	assert.NotContains(t, f.finished.spans, n)
}

// TestCompressFinishedPagesRefusesAliases: aliases cannot be replaced in
// compressed pages, so Output fails instead of leaving them unreplaced.
func TestCompressFinishedPagesRefusesAliases(t *testing.T) {
	err := aliasedFinishedPages().Output(io.Discard)
	require.ErrorIs(t, err, errFinishedAliases)
}

// tempEntries lists what dir holds.
func tempEntries(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestFinishedPagesInTempFile: finished pages are kept in a temporary file,
// not in memory; the file is removed from the directory at once (this
// system allows it), and closed by Output. The document is the one made
// with the pages kept in memory, which happens when no temporary file can
// be made.
func TestFinishedPagesInTempFile(t *testing.T) {
	const n = 40
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	f := newPagedDoc(n, true)
	s := &f.finished
	require.NotNil(t, s.file, "a temporary file")
	assert.Empty(t, s.mem, "no page in memory")
	assert.Len(t, s.spans, n-1, "all pages but the last are finished")
	assert.Empty(t, tempEntries(t, dir), "removed while open")
	info, err := s.file.Stat()
	require.NoError(t, err)
	assert.Equal(t, s.size, info.Size())
	assert.Greater(t, s.size, int64(n-1)*100)

	file := s.file
	var inFile bytes.Buffer
	require.NoError(t, f.Output(&inFile))
	assert.Nil(t, s.file)
	_, err = file.Stat()
	assert.ErrorIs(t, err, os.ErrClosed, "Output closes the file")

	t.Setenv("TMPDIR", filepath.Join(dir, "missing"))
	g, inMemory := pagedDoc(t, n, true)
	assert.True(t, g.finished.noFile, "no temporary file could be made")
	assert.Nil(t, g.finished.file)
	assert.Equal(t, inMemory, inFile.Bytes(), "the same document either way")

	_, plain := pagedDoc(t, n, false)
	assert.Equal(t, pageContents(t, plain), pageContents(t, inFile.Bytes()))
}

// TestFinishedPagesFileNotRemovable: where an open file cannot be removed
// (Windows), it stays until Output or Discard, or until the Fpdf is garbage
// collected, and is removed then.
func TestFinishedPagesFileNotRemovable(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	removeOpen = func(string) error { return errors.New("in use") }
	defer func() { removeOpen = os.Remove }()

	f := newPagedDoc(30, true)
	require.Len(t, tempEntries(t, dir), 1)
	require.NoError(t, f.Output(io.Discard))
	assert.Empty(t, tempEntries(t, dir), "removed by Output")

	f = newPagedDoc(30, true)
	require.Len(t, tempEntries(t, dir), 1)
	f.Discard()
	assert.Empty(t, tempEntries(t, dir), "removed by Discard")
	require.ErrorIs(t, f.Output(io.Discard), errDiscarded, "a discarded document is not output")

	newPagedDoc(30, true) // dropped without Output
	require.Len(t, tempEntries(t, dir), 1)
	deadline := time.Now().Add(10 * time.Second)
	for len(tempEntries(t, dir)) > 0 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	assert.Empty(t, tempEntries(t, dir), "removed when the Fpdf is garbage")
}

// TestDiscard: Discard ends a document; Output fails afterwards, unless it
// was done before.
func TestDiscard(t *testing.T) {
	f := newPagedDoc(30, true)
	require.NotNil(t, f.finished.file)
	f.Discard()
	assert.Nil(t, f.finished.file)
	assert.ErrorIs(t, f.Output(io.Discard), errDiscarded)

	f, _ = pagedDoc(t, 3, true)
	f.Discard()
	assert.NoError(t, f.Error(), "after Output, Discard changes nothing")
}

// TestFinishedPagesConcurrent: documents made at the same time each have
// their own file (run with -race).
func TestFinishedPagesConcurrent(t *testing.T) {
	_, want := pagedDoc(t, 30, true)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			if err := newPagedDoc(30, true).Output(&buf); err != nil {
				errs <- err
			} else if !bytes.Equal(buf.Bytes(), want) {
				errs <- errors.New("a concurrent document differs")
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestLaterContentKept: what is written to a finished page later (the
// footers) is compressed and kept with the pages when another page is
// selected, not held as text until Output; a page selected again gets it
// back and can be written to again. Every page shows what it shows when
// nothing is compressed.
func TestLaterContentKept(t *testing.T) {
	const n = 30
	again := func(f *Fpdf) {
		for _, p := range []int{5, 1, 5} { // back to pages whose footer was kept
			f.SetPage(p)
			f.SetY(-40)
			f.CellFormat(0, 8, fmt.Sprintf("again on %d", p), "", 0, "L", false, 0, "")
		}
		f.SetPage(n)
	}
	plain := newPagedDoc(n, false)
	again(plain)
	var want bytes.Buffer
	require.NoError(t, plain.Output(&want))

	f := newPagedDoc(n, true)
	s := &f.finished
	assert.Len(t, s.later, n-1, "footers kept: all pages but the last, which is not finished")
	for p := 1; p < n; p++ {
		assert.Zero(t, f.pages[p].Len(), "page %d holds no text", p)
	}
	again(f)
	assert.Len(t, s.later, n-1)
	var got bytes.Buffer
	require.NoError(t, f.Output(&got))
	wantPages, gotPages := pageContents(t, want.Bytes()), pageContents(t, got.Bytes())
	require.Len(t, gotPages, n)
	for p := range wantPages {
		assert.True(t, wantPages[p] == gotPages[p], "page %d shows other content", p+1)
	}
	assert.Contains(t, gotPages[4], "(again on 5)Tj")
	assert.Equal(t, 2, strings.Count(gotPages[4], "again on 5"))
}

// aliasedFinishedPages is a document of three pages that uses both page
// aliases and SetCompressFinishedPages, which Output refuses.
func aliasedFinishedPages() *Fpdf {
	f := New("P", "mm", "A4", "")
	f.SetCompressFinishedPages(true)
	f.AliasNbPages("")
	f.SetFont("Helvetica", "", 12)
	for p := 0; p < 3; p++ {
		f.AddPage()
		f.Cell(40, 10, "Page {nb}")
	}
	return f
}
