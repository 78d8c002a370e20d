package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// outputWriter writes output files so that a crash, a full disk or Ctrl-C
// never leaves a half-written file, and never overwrites an input.
type outputWriter struct {
	// protected holds the absolute paths of the inputs.
	protected map[string]bool
}

var errWouldOverwriteInput = errors.New("refusing to overwrite an input file")

func newOutputWriter(inputs []string) *outputWriter {
	w := &outputWriter{protected: map[string]bool{}}
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

// write renders into a temporary file in the target directory and renames it
// over path only when fill and Close succeeded.
func (o *outputWriter) write(path string, fill func(io.Writer) error) (err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	if o != nil && o.protected[abs] {
		return fmt.Errorf("%s: %w", path, errWouldOverwriteInput)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil && o != nil && o.protected[real] {
		return fmt.Errorf("%s: %w", path, errWouldOverwriteInput)
	}
	dir := filepath.Dir(abs)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err = fill(bw); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), abs); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
