package fpdf

// sovscore: this file is not in upstream (see FORK.md).

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chunkWriter records what it is given, write by write, and fails from
// write failAt on (never when 0).
type chunkWriter struct {
	bytes.Buffer
	writes []int
	failAt int
}

var errDiskFull = errors.New("disk full")

func (w *chunkWriter) Write(p []byte) (int, error) {
	if w.failAt > 0 && len(w.writes)+1 >= w.failAt {
		return 0, errDiskFull
	}
	w.writes = append(w.writes, len(p))
	return w.Buffer.Write(p)
}

// TestOutputStreams: Output writes the document as it builds it, in
// chunks of about outputChunk bytes, and keeps no more than a chunk; the
// document is the one Close builds in memory and Output then copies, as
// upstream does.
func TestOutputStreams(t *testing.T) {
	const n = 400
	f := newPagedDoc(n, true)
	var streamed chunkWriter
	require.NoError(t, f.Output(&streamed))
	total := streamed.Len()
	require.Greater(t, total, 4*outputChunk, "a document of several chunks")
	assert.Greater(t, len(streamed.writes), total/outputChunk-1, "written in chunks: %v", streamed.writes)
	for i, n := range streamed.writes {
		assert.LessOrEqual(t, n, outputChunk+4<<10, "write %d", i)
	}
	assert.Less(t, f.buffer.buf.Cap(), 2*outputChunk+4<<10, "the buffer held a chunk, not the document")
	assert.Equal(t, total, f.buffer.Len())

	g := newPagedDoc(n, true)
	g.Close() // upstream's way: the whole document in memory, then copied
	assert.Greater(t, g.buffer.buf.Len(), total-1)
	var whole chunkWriter
	require.NoError(t, g.Output(&whole))
	assert.Equal(t, []int{total}, whole.writes)
	assert.Equal(t, whole.Bytes(), streamed.Bytes())

	_, plain := pagedDoc(t, n, false)
	assert.Equal(t, pageContents(t, plain), pageContents(t, streamed.Bytes()))
}

// TestOutputWriterError: the writer's error is Output's, and stays the
// document's: it is not output again.
func TestOutputWriterError(t *testing.T) {
	f := newPagedDoc(200, true)
	w := &chunkWriter{failAt: 3}
	require.ErrorIs(t, f.Output(w), errDiskFull)
	assert.ErrorIs(t, f.Error(), errDiskFull)
	assert.Len(t, w.writes, 2)
	assert.NotContains(t, w.String(), "%%EOF")
	assert.Nil(t, f.finished.file, "the page file is released")

	var again bytes.Buffer
	assert.ErrorIs(t, f.Output(&again), errDiskFull)
	assert.Zero(t, again.Len())
}

// TestOutputErrorWhileBuilding: an error found while the document is built
// is returned, and the rest of the document is not written.
func TestOutputErrorWhileBuilding(t *testing.T) {
	var w chunkWriter
	require.ErrorIs(t, aliasedFinishedPages().Output(&w), errFinishedAliases)
	assert.NotContains(t, w.String(), "%%EOF")
	assert.NotContains(t, w.String(), "xref")
}

// TestOutputAndCloseStreams: the methods built on Output stream too.
func TestOutputAndCloseStreams(t *testing.T) {
	f := newPagedDoc(200, true)
	w := &closeWriter{}
	require.NoError(t, f.OutputAndClose(w))
	assert.True(t, w.closed)
	assert.Greater(t, len(w.writes), 1)
	_, want := pagedDoc(t, 200, true)
	assert.Equal(t, want, w.Bytes())
}

type closeWriter struct {
	chunkWriter
	closed bool
}

func (w *closeWriter) Close() error { w.closed = true; return nil }

var _ io.WriteCloser = (*closeWriter)(nil)
