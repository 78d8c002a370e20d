package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/spf13/pflag"

	"github.com/sovscore/sovscore/report"
	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook"
)

var (
	fwOnce sync.Once
	fwVal  *scoring.Framework
)

func framework() *scoring.Framework {
	fwOnce.Do(func() { fwVal = scoring.Default() })
	return fwVal
}

// readFlags are the input options shared by validate and score.
type readFlags struct {
	password    string
	maxFileMiB  int64
	maxUnzipMiB int64
	maxRows     int
	profile     string
	hosts       []string
	font        string
}

func (r *readFlags) register(fs *pflag.FlagSet) {
	fs.StringVarP(&r.profile, "profile", "p", "", "weights and minimum SEALs: a built-in name (eucsf-1.2.1, calculator-2026) or a .yaml/.json file (default eucsf-1.2.1)")
	fs.StringVar(&r.password, "password", "", "password of encrypted workbooks")
	fs.Int64Var(&r.maxFileMiB, "max-file-size", workbook.DefaultMaxFileSize>>20, "refuse workbooks larger than this many MiB on disk")
	fs.Int64Var(&r.maxUnzipMiB, "max-unzip-size", workbook.DefaultMaxUnzipSize>>20, "refuse workbooks that decompress to more than this many MiB (zip bombs)")
	fs.IntVar(&r.maxRows, "max-rows", workbook.DefaultMaxRows, "read at most this many non-empty rows per sheet")
	fs.StringArrayVar(&r.hosts, "hosts", nil, "a folder (or workbook) of host assessments that workbooks may name on their Cover (Host assessment); used for composition, not ranked; repeatable")
	fs.StringVar(&r.font, "font", "", "TrueType font (.ttf) for all text of the PDF reports, e.g. one with Chinese characters (default: the embedded Liberation Sans)")
}

// loadFont loads the --font file; nil when none was given.
func (r *readFlags) loadFont() (*report.Font, error) {
	if r.font == "" {
		return nil, nil
	}
	return report.LoadFont(r.font)
}

func (r *readFlags) options() workbook.ReadOptions {
	return workbook.ReadOptions{
		Password:     r.password,
		MaxFileSize:  r.maxFileMiB << 20,
		MaxUnzipSize: r.maxUnzipMiB << 20,
		MaxRows:      r.maxRows,
	}
}

// openWorkbook opens a workbook that is a regular file. Anything else is
// refused at once: opening a named pipe waits for a writer for ever, and a
// device can be read for ever.
func openWorkbook(path string, fw *scoring.Framework, opts workbook.ReadOptions) (*workbook.Book, error) {
	if err := regularFile(path); err != nil {
		return nil, err
	}
	return workbook.Open(path, fw, opts)
}

// regularFile returns a *workbook.FileError unless path (followed through
// symbolic links) is a regular file or does not exist; workbook.Open says
// why it cannot open the others.
func regularFile(path string) error {
	st, err := os.Stat(path)
	if err != nil || st.Mode().IsRegular() || st.IsDir() {
		return nil
	}
	what := "not a regular file"
	switch m := st.Mode(); {
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device"
	}
	return &workbook.FileError{Code: scoring.CodeFileUnreadable,
		Message: "this is " + what + ", not a workbook file: nothing was read from it; give the path of the .xlsx file itself"}
}

// unreadable turns a read error into an assessment that carries it as its
// one problem, with the file's digest when the file can be hashed.
func unreadable(path string, err error, opts workbook.ReadOptions) *scoring.Assessment {
	msg := err.Error()
	var fe *workbook.FileError
	if errors.As(err, &fe) {
		msg = fe.Message
	}
	a := &scoring.Assessment{File: path, Issues: scoring.Issues{{
		Severity: scoring.Error, Code: scoring.CodeFileUnreadable, Message: msg,
	}}}
	if regularFile(path) != nil {
		return a // reading it to hash it would hang or never end
	}
	limit := opts.MaxFileSize
	if limit <= 0 {
		limit = workbook.DefaultMaxFileSize
	}
	if sum, derr := workbook.FileDigest(path, limit); derr == nil {
		a.SHA256 = sum
	}
	return a
}

// displayName is how a file is named in messages: as given on the command line.
func displayName(path string) string { return filepath.ToSlash(path) }
