package fpdf

// sovscore: this file is not in upstream (see FORK.md).

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/templates"
)

// render makes a one-page document in the given font bytes; text decides
// which glyphs end up in the subset.
func render(t *testing.T, font []byte, text string) []byte {
	t.Helper()
	f := New("P", "mm", "A4", "")
	f.SetCreationDate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	f.SetModificationDate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	f.AddUTF8FontFromBytes("sans", "", font)
	f.AddPage()
	f.SetFont("sans", "", 12)
	f.Cell(100, 10, text)
	var buf bytes.Buffer
	require.NoError(t, f.Output(&buf))
	return buf.Bytes()
}

func fontBytes(t *testing.T) []byte {
	t.Helper()
	b, err := templates.Font(templates.FontRegular)
	require.NoError(t, err)
	return b
}

// TestFontCacheSameBytes: a document made with the cached font is the
// document upstream's code made when it parsed the font itself, also when
// documents are made at the same time (run with -race), each with its own
// subset.
func TestFontCacheSameBytes(t *testing.T) {
	font := fontBytes(t)
	texts := []string{"Société Générale", "Łódź Data", "Müller Cloud", "Ελληνικά", "Кириллица", "plain ASCII"}

	want := map[string][]byte{}
	for _, text := range texts {
		utf8FontCache = &fontCache{byKey: map[string]map[string]fontDefType{}} // parsed for this document
		want[text] = render(t, font, text)
	}
	for _, text := range texts {
		require.Equal(t, want[text], render(t, font, text), "cached font, %q", text)
	}

	var wg sync.WaitGroup
	errs := make(chan error, 4*len(texts))
	for i := 0; i < 4; i++ {
		for _, text := range texts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if got := render(t, font, text); !bytes.Equal(got, want[text]) {
					errs <- fmt.Errorf("concurrent document for %q differs", text)
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestFontCacheKeepsItsCopy: the cache keeps its own copy of the font, so
// a caller that reuses its buffer after adding a font does not change the
// font of later documents; different bytes under the same family and style
// are another font.
func TestFontCacheKeepsItsCopy(t *testing.T) {
	utf8FontCache = &fontCache{byKey: map[string]map[string]fontDefType{}}
	font := append([]byte(nil), fontBytes(t)...)
	want := render(t, font, "Société")
	clear(font) // the caller reuses its buffer
	require.Equal(t, want, render(t, fontBytes(t), "Société"))

	bold, err := templates.Font(templates.FontBold)
	require.NoError(t, err)
	require.NotEqual(t, want, render(t, bold, "Société"), "another font under the same family and style")
}

// TestFontCacheBadFont: bytes that are not a TrueType font add no font, as
// upstream, and are not cached.
func TestFontCacheBadFont(t *testing.T) {
	f := New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes("bad", "", []byte("OTTO not a font at all"))
	f.AddPage()
	f.SetFont("bad", "", 12)
	require.Error(t, f.Error())
	require.Empty(t, utf8FontCache.byKey["bad"])
}

// TestAddUTF8FontFromFile: a font added from a file, which shares the
// parsing but not the cache, gives the same document as from bytes.
func TestAddUTF8FontFromFile(t *testing.T) {
	font := fontBytes(t)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sans.ttf"), font, 0o644))
	f := New("P", "mm", "A4", dir)
	f.SetCreationDate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	f.SetModificationDate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	f.AddUTF8Font("sans", "", "sans.ttf")
	f.AddPage()
	f.SetFont("sans", "", 12)
	f.Cell(100, 10, "Société Générale")
	var buf bytes.Buffer
	require.NoError(t, f.Output(&buf))
	require.True(t, bytes.Equal(render(t, font, "Société Générale"), buf.Bytes()), "from a file and from bytes differ")

	f = New("P", "mm", "A4", dir)
	f.AddUTF8Font("bad", "", "missing.ttf")
	require.Error(t, f.Error())
}
