package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameBytes keeps output names well under the 255-byte limit of common
// file systems, leaving room for a collision suffix and the extension.
const maxNameBytes = 120

var reservedNames = map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true,
	"COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true}

// safeName turns untrusted text (a provider name from a workbook) into a
// single file-name component that is valid on Linux, macOS and Windows:
// no path separators or traversal, no control or reserved characters, no
// reserved device names, no leading dots, bounded length.
func safeName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '/' || r == '\\' || r == ':' || r == '*' || r == '?' || r == '"' || r == '<' || r == '>' || r == '|':
			r = '_'
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError:
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	name := strings.Trim(b.String(), ". ")
	for len(name) > maxNameBytes {
		_, size := utf8.DecodeLastRuneInString(name)
		name = strings.TrimRight(name[:len(name)-size], ". ")
	}
	if name == "" {
		name = "provider"
	}
	stem := strings.ToUpper(name)
	if i := strings.IndexByte(stem, '.'); i >= 0 {
		stem = stem[:i]
	}
	if reservedNames[strings.TrimSpace(stem)] {
		name = "_" + name
	}
	return name
}

// nameAllocator hands out unique file names in one directory. Names are
// compared without case (Windows and macOS file systems ignore it), and a
// collision gets "-2", "-3"... in the order names are asked for, which is
// the input order, so the result is the same on every run.
type nameAllocator struct{ used map[string]bool }

func newNameAllocator() *nameAllocator { return &nameAllocator{used: map[string]bool{}} }

func (a *nameAllocator) name(stem, ext string) string {
	stem = safeName(stem)
	cand := stem + ext
	for i := 2; a.used[strings.ToLower(cand)]; i++ {
		cand = fmt.Sprintf("%s-%d%s", stem, i, ext)
	}
	a.used[strings.ToLower(cand)] = true
	return cand
}

// inputStem is an input file's name without directory and extension.
func inputStem(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}
