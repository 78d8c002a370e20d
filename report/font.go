package report

// Fonts of the PDF reports and what they can draw.
//
// fpdf reads a TrueType font's character map from its first Unicode
// subtable of format 4 (platform 3 encoding 1, or platform 0), and encodes
// text as 16-bit codes: a character that table does not map, and any
// character above U+FFFF, is drawn as the font's empty box. cmapCoverage
// reads the same table the same way, so that the glyph check says exactly
// what fpdf will draw. (golang.org/x/image/font/sfnt would answer from the
// best table, format 12 included, which fpdf never reads.)

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
)

// Font is a TrueType font used for all text of the PDF reports (the
// --font option): every style (regular, bold, italic) is drawn with it.
type Font struct {
	// Name names the font in messages: its file name.
	Name string
	data []byte
	cov  *coverage
}

// LoadFont reads a TrueType font file for the reports. Font collections
// (.ttc) and OpenType fonts with PostScript outlines (.otf, "CFF") are
// refused with a message saying so, as is a font fpdf cannot use.
func LoadFont(path string) (*Font, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("font: %w", err)
	}
	f, err := parseFont(filepath.Base(path), data)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	return f, nil
}

// parseFont checks a font file and reads its character map.
func parseFont(name string, data []byte) (*Font, error) {
	if len(data) < 12 {
		return nil, errors.New("not a font file")
	}
	switch string(data[:4]) {
	case "ttcf":
		return nil, errors.New("a font collection (.ttc) cannot be used: give one TrueType font (.ttf), e.g. one extracted from the collection")
	case "OTTO":
		return nil, errors.New("an OpenType font with PostScript (CFF) outlines cannot be used: give a TrueType font (.ttf with TrueType outlines)")
	case "\x00\x01\x00\x00", "true":
	default:
		return nil, errors.New("not a TrueType font (.ttf)")
	}
	cov, err := cmapCoverage(data)
	if err != nil {
		return nil, err
	}
	// fpdf prints a font it cannot parse and registers nothing; try it
	// once here so that the error shows before any workbook is read.
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("probe", "", data)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("the PDF library cannot use it: %w", err)
	}
	if pdf.GetFontDesc("probe", "").Ascent == 0 {
		return nil, errors.New("the PDF library cannot use it (no usable TrueType tables)")
	}
	return &Font{Name: name, data: data, cov: cov}, nil
}

// embeddedFont is the default: Liberation Sans, whose styles cover the
// same characters, so the regular face's map stands for all three. It
// keeps only that map (read from fontData's bytes, which the documents
// load): the documents take the faces from fontData.
var embeddedFont = sync.OnceValues(func() (*Font, error) {
	ff := fontData[""]()
	if ff.err != nil {
		return nil, ff.err
	}
	cov, err := cmapCoverage(ff.data)
	if err != nil {
		return nil, fmt.Errorf("embedded font: %w", err)
	}
	return &Font{Name: "Liberation Sans", cov: cov}, nil
})

// DefaultFont returns the font the reports use without --font: the
// embedded Liberation Sans. Only its coverage is meant to be used.
func DefaultFont() *Font {
	f, err := embeddedFont()
	if err != nil {
		panic("report: " + err.Error()) // the embedded font is part of the build
	}
	return f
}

// Missing returns the distinct characters of s that the font cannot draw
// in a PDF report, in order of first appearance: those its character map
// lacks and any above U+FFFF (emoji), which no font can draw there. Line
// breaks, tabs, other control characters and variation selectors, which
// the reports turn into spaces, breaks or nothing, are not counted.
func (f *Font) Missing(s string) []rune {
	var out []rune
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c >= 0x20 && c < 0x7f && !f.cov.has(rune(c)) {
				out = appendRune(out, rune(c))
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1, r < 0xa0, r == 0x2028, r == 0x2029, r >= 0xfe00 && r <= 0xfe0f:
		case r > 0xffff || !f.cov.has(r):
			out = appendRune(out, r)
		}
	}
	return out
}

func appendRune(l []rune, r rune) []rune {
	for _, x := range l {
		if x == r {
			return l
		}
	}
	return append(l, r)
}

// coverage is the set of characters below U+10000 a character map maps to
// a glyph other than the empty box, one bit each.
type coverage [0x10000 / 64]uint64

func (c *coverage) has(r rune) bool {
	return r >= 0 && r < 0x10000 && c[r>>6]&(1<<(uint(r)&63)) != 0
}

func (c *coverage) set(r int) { c[r>>6] |= 1 << (uint(r) & 63) }

var errNoCmap = errors.New("the font has no Unicode character map of format 4, which the PDF library needs")

// cmapCoverage reads the format-4 Unicode character map fpdf uses: the
// first subtable of platform 3 encoding 1, or of platform 0, whose format
// is 4. Every offset is checked, so a damaged file gives an error.
func cmapCoverage(data []byte) (*coverage, error) {
	u16 := func(off int) (int, bool) {
		if off < 0 || off+2 > len(data) {
			return 0, false
		}
		return int(binary.BigEndian.Uint16(data[off:])), true
	}
	u32 := func(off int) (int, bool) {
		if off < 0 || off+4 > len(data) {
			return 0, false
		}
		return int(binary.BigEndian.Uint32(data[off:])), true
	}
	damaged := errors.New("the font file is damaged (its character map cannot be read)")
	numTables, ok := u16(4)
	if !ok {
		return nil, damaged
	}
	cmap := -1
	for i := 0; i < numTables; i++ {
		rec := 12 + 16*i
		if rec+16 > len(data) {
			return nil, damaged
		}
		if string(data[rec:rec+4]) == "cmap" {
			cmap, _ = u32(rec + 8)
			break
		}
	}
	if cmap < 0 {
		return nil, errNoCmap
	}
	n, ok := u16(cmap + 2)
	if !ok {
		return nil, damaged
	}
	sub := -1
	for i := 0; i < n && sub < 0; i++ {
		rec := cmap + 4 + 8*i
		platform, ok1 := u16(rec)
		encoding, ok2 := u16(rec + 2)
		off, ok3 := u32(rec + 4)
		if !ok1 || !ok2 || !ok3 {
			return nil, damaged
		}
		if (platform == 3 && encoding == 1) || platform == 0 {
			if format, ok := u16(cmap + off); ok && format == 4 {
				sub = cmap + off
			}
		}
	}
	if sub < 0 {
		return nil, errNoCmap
	}
	segX2, ok := u16(sub + 6)
	if !ok || segX2%2 != 0 {
		return nil, damaged
	}
	ends, starts, deltas, ranges := sub+14, sub+16+segX2, sub+16+2*segX2, sub+16+3*segX2
	if ranges+segX2 > len(data) {
		return nil, damaged
	}
	cov := new(coverage)
	for s := 0; s < segX2/2; s++ {
		end, _ := u16(ends + 2*s)
		start, _ := u16(starts + 2*s)
		delta, _ := u16(deltas + 2*s)
		ro, _ := u16(ranges + 2*s)
		for c := start; c <= end && c <= 0xffff; c++ {
			glyph := 0
			if ro == 0 {
				glyph = (c + delta) & 0xffff
			} else if g, ok := u16(ranges + 2*s + ro + 2*(c-start)); ok && g != 0 {
				glyph = (g + delta) & 0xffff
			}
			if glyph != 0 {
				cov.set(c)
			}
		}
	}
	return cov, nil
}
