package fpdf

// sovscore: this file is not in upstream (see FORK.md).

import (
	"bytes"
	"io"
)

// outputChunk is how much of the document is gathered before it is passed
// on to the writer of Output.
const outputChunk = 64 << 10

// docBuffer is what fpdf writes the document to (f.buffer). Upstream's is
// a bytes.Buffer that holds the whole PDF until Output copies it to the
// writer. While Output builds the document, this one passes it on to the
// writer every outputChunk bytes; Len still counts every byte written, as
// the cross-reference table needs the objects' offsets. Nothing in fpdf
// reads back what it wrote, so nothing needs the bytes passed on.
//
// Without a writer (the document built by Close, before Output) it keeps
// everything, as upstream does.
type docBuffer struct {
	buf  bytes.Buffer
	w    io.Writer // where Output streams to; nil: keep the document
	sent int       // bytes passed on to w
	err  error     // w's first error; what follows is dropped
}

// Len returns the size of the document written so far.
func (b *docBuffer) Len() int { return b.sent + b.buf.Len() }

// WriteString appends s; it never fails (w's error is kept in err).
func (b *docBuffer) WriteString(s string) (int, error) {
	n, _ := b.buf.WriteString(s)
	b.spill(outputChunk)
	return n, nil
}

// ReadFrom appends what r gives.
func (b *docBuffer) ReadFrom(r io.Reader) (int64, error) {
	n, err := b.buf.ReadFrom(r)
	b.spill(outputChunk)
	return n, err
}

// WriteTo writes what the buffer holds to w.
func (b *docBuffer) WriteTo(w io.Writer) (int64, error) { return b.buf.WriteTo(w) }

// spill passes what the buffer holds on to the writer, if there is one and
// the buffer holds at least min bytes.
func (b *docBuffer) spill(min int) {
	if b.w == nil || b.buf.Len() < min {
		return
	}
	if b.err == nil {
		_, b.err = b.w.Write(b.buf.Bytes())
	}
	b.sent += b.buf.Len()
	b.buf.Reset()
}

// streamTo builds the document (Close) writing it to w as it goes. A
// failure is f's error: w then has only part of the document.
func (f *Fpdf) streamTo(w io.Writer) {
	f.buffer.w = w
	defer func() { f.buffer.w = nil }()
	f.Close()
	if f.err == nil {
		f.buffer.spill(0)
		f.err = f.buffer.err
	}
}
