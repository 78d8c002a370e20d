package fpdf

// sovscore: this file is not in upstream (see FORK.md).

import (
	"bytes"
	"errors"
	"fmt"
)

// pageStore keeps the content of finished pages compressed. Upstream holds
// every page's content as text until Output, about 9 KB per provider in a
// comparison of thousands of providers, so memory grew with the batch.
type pageStore struct {
	on bool
	z  map[int][]byte // page number -> zlib-compressed content
}

// SetCompressFinishedPages makes the content of each page compressed when
// the next page is added, and only the compressed bytes kept. Content
// written later to a finished page (after SetPage) is kept apart and
// becomes a second content stream of that page. Pages finished before the
// call stay as they are.
//
// It cannot be combined with AliasNbPages or RegisterAlias: their
// replacement needs the pages' text, so Output reports an error.
// Templates made from a document using it see no content for finished
// pages. This method is not in upstream fpdf.
func (f *Fpdf) SetCompressFinishedPages(on bool) { f.finished.on = on }

// errFinishedAliases is reported when aliases meet compressed pages.
var errFinishedAliases = errors.New("fpdf: page aliases (AliasNbPages, RegisterAlias) cannot be replaced in pages compressed by SetCompressFinishedPages")

// finish compresses the content of page n, once.
func (s *pageStore) finish(f *Fpdf, n int) {
	if !s.on || n < 1 || n >= len(f.pages) {
		return
	}
	if _, done := s.z[n]; done {
		return
	}
	mem := xmem.compress(f.pages[n].Bytes())
	if s.z == nil {
		s.z = map[int][]byte{}
	}
	s.z[n] = mem.copy()
	mem.release()
	f.pages[n] = new(bytes.Buffer) // not Reset: the old buffer's memory must go
}

// content returns the compressed content of page n, if it was finished.
func (s *pageStore) content(n int) ([]byte, bool) {
	z, ok := s.z[n]
	return z, ok
}

// tailObjects numbers the content written to finished pages afterwards:
// tails[n] is the object of page n's second content stream, 0 for none.
// They follow the nb pages' objects (a page and its content each, from
// object f.n+1), so that page n stays object 1+2n as links expect. It also
// refuses aliases, which cannot be replaced in compressed pages.
func (s *pageStore) tailObjects(f *Fpdf, nb int) []int {
	tails := make([]int, nb+1)
	if len(s.z) == 0 {
		return tails
	}
	if len(f.aliasMap) > 0 || f.aliasNbPagesStr != "" {
		f.SetError(errFinishedAliases)
		return tails
	}
	next := f.n + 2*nb + 1
	for n := 1; n <= nb; n++ {
		if _, ok := s.z[n]; ok && f.pages[n].Len() > 0 {
			tails[n] = next
			next++
		}
	}
	return tails
}

// putTails writes the objects tailObjects numbered, right after the pages.
func (s *pageStore) putTails(f *Fpdf, tails []int) {
	for n, obj := range tails {
		if obj == 0 {
			continue
		}
		f.newobj()
		if f.n != obj {
			f.SetError(fmt.Errorf("fpdf: content of page %d numbered %d, written as %d", n, obj, f.n))
			return
		}
		f.putContentStream(f.pages[n].Bytes())
		f.out("endobj")
	}
}

// putContentStream writes data as the stream of the current object,
// compressed if the document is: upstream's code for page contents, used
// here for the later content of finished pages and the fonts' ToUnicode
// maps too.
func (f *Fpdf) putContentStream(data []byte) {
	if f.compress {
		mem := xmem.compress(data)
		packed := mem.bytes()
		f.outf("<</Filter /FlateDecode /Length %d>>", len(packed))
		f.putstream(packed)
		mem.release()
	} else {
		f.outf("<</Length %d>>", len(data))
		f.putstream(data)
	}
}
