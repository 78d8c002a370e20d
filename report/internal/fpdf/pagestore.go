package fpdf

// sovscore: this file is not in upstream (see FORK.md).

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"runtime"
)

// pageStore keeps the content of finished pages compressed, in a temporary
// file. Upstream holds every page's content as text until Output, about
// 9 KB per provider in a comparison of thousands of providers, so memory
// grew with the batch; compressed, it still did (about 1.1 KB a provider).
// What is written to a finished page later (sovscore's footers) joins it
// in the file when another page is selected.
type pageStore struct {
	on    bool
	spans map[int]pageSpan // page number -> its zlib-compressed content
	later map[int]pageSpan // page number -> what was written to it after, compressed

	// The compressed pages, one after the other, in file, or in mem when
	// no temporary file could be created. size is what they take.
	file     *os.File
	mem      []byte
	size     int64
	noFile   bool            // creating the file failed: use mem
	name     string          // file's name while it could not be removed
	cleanup  runtime.Cleanup // removes name when the Fpdf is garbage
	buf      []byte          // a page read back from file
	released bool            // the pages are gone (release)
}

// pageSpan is where a page's compressed content is kept.
type pageSpan struct {
	off int64
	n   int
}

// SetCompressFinishedPages makes the content of each page compressed when
// the next page is added, and only the compressed bytes kept, in a
// temporary file until Output writes them (in memory if no temporary file
// can be created). Content written later to a finished page (after SetPage)
// is kept apart, compressed and kept likewise when another page is
// selected, and becomes a second content stream of that page. Pages
// finished before the call stay as they are.
//
// The temporary file is made in os.TempDir() and removed at once where
// the system allows it (Unix), so that nothing is left behind even if the
// process dies; it is closed, and removed where it could not be before
// (Windows), when Output returns, whether it succeeded or not, by Discard,
// or else when the Fpdf is garbage collected.
//
// It cannot be combined with AliasNbPages or RegisterAlias: their
// replacement needs the pages' text, so Output reports an error.
// Templates made from a document using it see no content for finished
// pages. This method is not in upstream fpdf.
func (f *Fpdf) SetCompressFinishedPages(on bool) { f.finished.on = on }

// Discard ends a document that will not be output: it closes and removes
// the temporary file of SetCompressFinishedPages now rather than when f is
// garbage collected. Output does this itself. After Discard, Output
// reports an error unless it was done before. This method is not in
// upstream fpdf.
func (f *Fpdf) Discard() {
	if f.state < 3 {
		f.SetError(errDiscarded)
	}
	f.finished.release()
}

var (
	// errFinishedAliases is reported when aliases meet compressed pages.
	errFinishedAliases = errors.New("fpdf: page aliases (AliasNbPages, RegisterAlias) cannot be replaced in pages compressed by SetCompressFinishedPages")
	errDiscarded       = errors.New("fpdf: document discarded")
)

// finish compresses the content of page n, once.
func (s *pageStore) finish(f *Fpdf, n int) {
	if !s.on || n < 1 || n >= len(f.pages) {
		return
	}
	if _, done := s.spans[n]; done {
		return
	}
	if sp, ok := s.keep(f, n); ok {
		if s.spans == nil {
			s.spans = map[int]pageSpan{}
		}
		s.spans[n] = sp
	}
}

// move is SetPage's: what was written to a finished page since it was last
// selected is compressed and kept when another page is selected, and
// given back to it when it is selected again.
func (s *pageStore) move(f *Fpdf, from, to int) {
	if from == to {
		return
	}
	if _, ok := s.spans[from]; ok && f.pages[from].Len() > 0 {
		s.restore(f, from) // if it was kept and written to without SetPage
		if sp, ok := s.keep(f, from); ok {
			if s.later == nil {
				s.later = map[int]pageSpan{}
			}
			s.later[from] = sp
		}
	}
	s.restore(f, to)
}

// restore gives page n back what was written to it after it was finished,
// before what it holds now.
func (s *pageStore) restore(f *Fpdf, n int) {
	sp, ok := s.later[n]
	if !ok {
		return
	}
	delete(s.later, n)
	z, err := s.read(sp)
	if err != nil {
		f.SetError(fmt.Errorf("fpdf: reading page %d back: %w", n, err))
		return
	}
	mem, err := xmem.uncompress(z)
	if err != nil {
		f.SetError(fmt.Errorf("fpdf: reading page %d back: %w", n, err))
		return
	}
	buf := bytes.NewBuffer(append(mem.copy(), f.pages[n].Bytes()...))
	mem.release()
	f.pages[n] = buf
}

// keep compresses what page n holds, puts it in the store and empties the
// page.
func (s *pageStore) keep(f *Fpdf, n int) (pageSpan, bool) {
	mem := xmem.compress(f.pages[n].Bytes())
	sp, err := s.put(f, mem.bytes())
	mem.release()
	if err != nil {
		f.SetError(fmt.Errorf("fpdf: keeping page %d: %w", n, err))
		return sp, false
	}
	f.pages[n] = new(bytes.Buffer) // not Reset: the old buffer's memory must go
	return sp, true
}

// removeOpen removes the temporary file as soon as it is made; a variable
// so that tests can act as a system that cannot remove open files.
var removeOpen = os.Remove

// put appends z, compressed content, to the store.
func (s *pageStore) put(f *Fpdf, z []byte) (pageSpan, error) {
	if s.released {
		return pageSpan{}, errDiscarded
	}
	if s.file == nil && !s.noFile {
		file, err := os.CreateTemp("", "fpdf-pages-*")
		if err != nil {
			s.noFile = true // keep the pages in memory, as before the file
		} else {
			s.file = file
			if removeOpen(file.Name()) != nil {
				// Windows cannot remove an open file: release does, or
				// the cleanup if the document is dropped without Output.
				s.name = file.Name()
				s.cleanup = runtime.AddCleanup(f, func(file *os.File) {
					_ = file.Close()
					_ = os.Remove(file.Name())
				}, file)
			}
		}
	}
	if s.file != nil {
		if _, err := s.file.Write(z); err != nil {
			return pageSpan{}, err
		}
	} else {
		s.mem = append(s.mem, z...)
	}
	sp := pageSpan{off: s.size, n: len(z)}
	s.size += int64(len(z))
	return sp, nil
}

// content returns the compressed content of page n, if it was finished;
// the bytes are valid until the next read. A failure to read it back is
// set as f's error.
func (s *pageStore) content(f *Fpdf, n int) ([]byte, bool) {
	sp, ok := s.spans[n]
	if !ok {
		return nil, false
	}
	z, err := s.read(sp)
	if err != nil {
		f.SetError(fmt.Errorf("fpdf: reading page %d back: %w", n, err))
	}
	return z, true
}

// read returns the bytes of sp, valid until the next read.
func (s *pageStore) read(sp pageSpan) ([]byte, error) {
	switch {
	case s.released:
		return nil, errDiscarded
	case s.file == nil:
		return s.mem[sp.off : sp.off+int64(sp.n)], nil
	}
	if cap(s.buf) < sp.n {
		s.buf = make([]byte, sp.n)
	}
	s.buf = s.buf[:sp.n]
	if k, err := s.file.ReadAt(s.buf, sp.off); k < sp.n {
		return nil, err
	}
	return s.buf, nil
}

// release closes and removes the temporary file (or drops the pages kept
// in memory): the finished pages are gone.
func (s *pageStore) release() {
	if s.file != nil {
		s.cleanup.Stop()
		_ = s.file.Close()
		if s.name != "" {
			_ = os.Remove(s.name)
		}
	}
	s.file, s.name, s.mem, s.buf = nil, "", nil, nil
	s.released = true
}

// tailObjects numbers the content written to finished pages afterwards:
// tails[n] is the object of page n's second content stream, 0 for none.
// They follow the nb pages' objects (a page and its content each, from
// object f.n+1), so that page n stays object 1+2n as links expect. It also
// refuses aliases, which cannot be replaced in compressed pages.
func (s *pageStore) tailObjects(f *Fpdf, nb int) []int {
	tails := make([]int, nb+1)
	if len(s.spans) == 0 {
		return tails
	}
	if len(f.aliasMap) > 0 || f.aliasNbPagesStr != "" {
		f.SetError(errFinishedAliases)
		return tails
	}
	next := f.n + 2*nb + 1
	for n := 1; n <= nb; n++ {
		if f.pages[n].Len() > 0 {
			s.restore(f, n) // kept, then written to again: one stream
		}
		_, later := s.later[n]
		if _, ok := s.spans[n]; ok && (later || f.pages[n].Len() > 0) {
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
		if sp, ok := s.later[n]; ok {
			z, err := s.read(sp)
			if err != nil {
				f.SetError(fmt.Errorf("fpdf: reading page %d back: %w", n, err))
			}
			f.putCompressed(z)
		} else {
			f.putContentStream(f.pages[n].Bytes())
		}
		f.out("endobj")
	}
}

// putCompressed writes z, zlib-compressed content, as the stream of the
// current object.
func (f *Fpdf) putCompressed(z []byte) {
	f.outf("<</Filter /FlateDecode /Length %d>>", len(z))
	f.putstream(z)
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
