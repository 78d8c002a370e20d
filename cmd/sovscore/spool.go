package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"

	"github.com/sovscore/sovscore/scoring"
)

// spool sets results aside in one temporary file, so that memory does not
// grow with the number of workbooks: each result is stored twice, in full
// and in its slim form (scoring.Result.Slim). While workbooks are read and
// scorecards written, score keeps neither in memory; the reports that
// combine all providers load every slim one (Slim), and the reports that
// print every answer and justification load the full ones one at a time
// (Get).
//
// Put and Get may be called from many goroutines. The file is unlinked as
// soon as it is created where the system allows it (it then disappears
// even if the process is killed), and removed by Close otherwise. A result
// the file cannot take (disk full) is kept in memory instead: the run goes
// on, only without the saving.
type spool struct {
	fw *scoring.Framework
	p  *scoring.Profile

	buffers sync.Pool // of *bytes.Buffer, for encoding

	mu     sync.Mutex
	f      *os.File
	name   string // still to remove on Close; "" once unlinked
	end    int64
	at     []spoolRecord
	mem    map[int]*scoring.Result // the results the file could not take
	closed bool
}

// spoolRecord is where one result is in the file: the full form at off,
// n bytes, then the slim form, slimN bytes; n == 0: not there.
type spoolRecord struct {
	off   int64
	n     int
	slimN int
}

// newSpool creates the spool for n results of framework fw and profile p,
// in the system's temporary directory.
func newSpool(n int, fw *scoring.Framework, p *scoring.Profile) (*spool, error) {
	f, err := os.CreateTemp("", "sovscore-spool-*")
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	s := &spool{fw: fw, p: p, f: f, name: f.Name(), at: make([]spoolRecord, n)}
	s.buffers.New = func() any { return new(bytes.Buffer) }
	// An open file that has no name any more lives until it is closed; on
	// Windows an open file cannot be removed, Close does it there.
	if runtime.GOOS != "windows" && os.Remove(f.Name()) == nil {
		s.name = ""
	}
	return s, nil
}

// Put stores the full result of index i. When the file cannot be written,
// the result is kept in memory, Get still returns it, and the error is
// returned so that the caller can say why memory grows.
func (s *spool) Put(i int, r *scoring.Result) error {
	buf := s.buffers.Get().(*bytes.Buffer)
	defer s.buffers.Put(buf)
	buf.Reset()
	encErr := r.Encode(buf)
	n := buf.Len()
	if encErr == nil {
		encErr = r.Slim().Encode(buf)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("spool: put after close")
	}
	if encErr == nil {
		_, encErr = s.f.WriteAt(buf.Bytes(), s.end)
	}
	if encErr != nil {
		if s.mem == nil {
			s.mem = map[int]*scoring.Result{}
		}
		s.mem[i] = r
		return fmt.Errorf("spool: %w", encErr)
	}
	s.at[i] = spoolRecord{off: s.end, n: n, slimN: buf.Len() - n}
	s.end += int64(buf.Len())
	return nil
}

// Has reports whether the result of index i is in the file (not kept in
// memory, and not missing).
func (s *spool) Has(i int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.at[i].n > 0
}

// Get loads the full result of index i: a new copy on each call, except
// for a result kept in memory, which is shared: callers must not modify
// what Get returns.
func (s *spool) Get(i int) (*scoring.Result, error) {
	return s.load(i, false)
}

// Slim loads the slim form of the result of index i, a new copy on each
// call.
func (s *spool) Slim(i int) (*scoring.Result, error) {
	return s.load(i, true)
}

func (s *spool) load(i int, slim bool) (*scoring.Result, error) {
	s.mu.Lock()
	rec, kept, closed := s.at[i], s.mem[i], s.closed
	s.mu.Unlock()
	switch {
	case closed:
		return nil, errors.New("spool: get after close")
	case kept != nil && slim:
		return kept.Slim(), nil
	case kept != nil:
		return kept, nil
	case rec.n == 0:
		return nil, fmt.Errorf("spool: no result %d", i)
	}
	off, n := rec.off, rec.n
	if slim {
		off, n = off+int64(rec.n), rec.slimN
	}
	data := make([]byte, n)
	// ReadAt does not move the file offset: concurrent calls are safe.
	if _, err := s.f.ReadAt(data, off); err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	r, err := scoring.DecodeResult(s.fw, s.p, data)
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	return r, nil
}

// Close closes and removes the file. It may be called more than once.
func (s *spool) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	err := s.f.Close()
	if s.name != "" {
		if rerr := os.Remove(s.name); err == nil {
			err = rerr
		}
	}
	return err
}
