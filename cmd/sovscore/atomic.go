package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// outputWriter writes output files so that a crash, a full disk or Ctrl-C
// never leaves a half-written file, and never overwrites an input.
type outputWriter struct {
	// protected holds the absolute paths of the inputs.
	protected map[string]bool

	mu sync.Mutex
	// inflight are the temporary files being written; abandoned is set
	// when the run stops (Ctrl-C) without waiting for them.
	inflight  map[string]bool
	abandoned bool
}

var errWouldOverwriteInput = errors.New("refusing to overwrite an input file")

// errAbandoned is what a write still running when the run stopped returns.
var errAbandoned = errors.New("the run was interrupted")

func newOutputWriter(inputs []string) *outputWriter {
	w := &outputWriter{protected: map[string]bool{}, inflight: map[string]bool{}}
	for _, p := range inputs {
		if abs, err := filepath.Abs(p); err == nil {
			w.protected[abs] = true
			if real, err := filepath.EvalSymlinks(abs); err == nil {
				w.protected[real] = true
			}
		}
	}
	return w
}

// outputError is an output file the file system would not let us write
// (permissions, a full disk, an input in the way): no workbook is to blame.
type outputError struct {
	path string
	err  error
}

func (e *outputError) Error() string { return e.path + ": " + e.err.Error() }

func (e *outputError) Unwrap() error { return e.err }

// renderError is an output whose content could not be made: its fill
// function failed or panicked. The data it was given is to blame, or a bug.
type renderError struct {
	path string
	err  error
}

func (e *renderError) Error() string { return e.path + ": " + e.err.Error() }

func (e *renderError) Unwrap() error { return e.err }

// trackedWriter remembers the first error of the file it writes to, so a
// failed fill can be told apart from a failed disk.
type trackedWriter struct {
	ctx context.Context
	f   *os.File
	err error
}

func (t *trackedWriter) Write(p []byte) (int, error) {
	if t.err != nil {
		return 0, t.err
	}
	if err := t.ctx.Err(); err != nil {
		t.err = err
		return 0, err
	}
	n, err := t.f.Write(p)
	if err != nil {
		t.err = err
	}
	return n, err
}

// write renders into a temporary file in the target directory and renames it
// over path only when fill and Close succeeded. A failure of the file
// system is an *outputError, a failure or panic of fill a *renderError, an
// interruption ctx.Err(); no temporary file is left behind in any case.
func (o *outputWriter) write(ctx context.Context, path string, fill func(io.Writer) error) (err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return &outputError{path, err}
	}
	if o.protected[abs] {
		return &outputError{path, errWouldOverwriteInput}
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil && o.protected[real] {
		return &outputError{path, errWouldOverwriteInput}
	}
	dir := filepath.Dir(abs)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &outputError{path, unwrapPath(err)}
	}
	tmp, err := o.create(dir, path)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
		o.done(tmp.Name())
	}()
	tw := &trackedWriter{ctx: ctx, f: tmp}
	bw := bufio.NewWriterSize(tw, 64<<10)
	_, ferr := guardFill(fill, bw)
	if ferr == nil {
		ferr = bw.Flush()
	}
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case tw.err != nil:
		return &outputError{path, unwrapPath(tw.err)}
	case ferr != nil:
		return &renderError{path, ferr}
	}
	if err = tmp.Chmod(0o644); err != nil {
		return &outputError{path, unwrapPath(err)}
	}
	if err = tmp.Close(); err != nil {
		return &outputError{path, unwrapPath(err)}
	}
	return o.rename(tmp.Name(), abs, path)
}

// create makes the temporary file of path in dir, named after the
// pattern that removeStale knows.
func (o *outputWriter) create(dir, path string) (*os.File, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.abandoned {
		return nil, errAbandoned
	}
	tmp, err := os.CreateTemp(dir, tempPattern(filepath.Base(path)))
	if err != nil {
		return nil, &outputError{path, unwrapPath(err)}
	}
	o.inflight[tmp.Name()] = true
	return tmp, nil
}

// rename puts a finished temporary file in place, unless the run was
// abandoned meanwhile.
func (o *outputWriter) rename(tmp, abs, path string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.abandoned {
		return errAbandoned
	}
	if err := os.Rename(tmp, abs); err != nil {
		return &outputError{path, unwrapPath(err)}
	}
	return nil
}

func (o *outputWriter) done(tmp string) {
	o.mu.Lock()
	delete(o.inflight, tmp)
	o.mu.Unlock()
}

// abandon removes the temporary files of the writes still running and
// makes them, and any later write, fail: the run stops without waiting.
func (o *outputWriter) abandon() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.abandoned = true
	for tmp := range o.inflight {
		os.Remove(tmp)
	}
}

// tempPattern is the os.CreateTemp pattern of the temporary file of an
// output named base: ".base.<digits>.tmp".
func tempPattern(base string) string { return "." + base + ".*.tmp" }
