package report

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"sort"
	"strconv"
)

// fpdf's output is finished here: the embedded fonts get their subset
// tags, which changes lengths, so the cross-reference table (a single
// classic section, as fpdf writes it) is rebuilt with shifted offsets.

// finishPDF tags fpdf's subset fonts.
func finishPDF(pdf []byte) ([]byte, error) {
	xrefPos, err := xrefOffset(pdf)
	if err != nil {
		return nil, err
	}
	return applyPDFEdits(pdf, xrefPos, subsetTagEdits(pdf, streamData(pdf, xrefPos)))
}

// pdfEdit replaces the bytes [pos, pos+oldLen) of a PDF with repl.
type pdfEdit struct {
	pos, oldLen int
	repl        []byte
}

// xrefOffset returns the offset of the cross-reference table.
func xrefOffset(pdf []byte) (int, error) {
	sx := bytes.LastIndex(pdf, []byte("startxref\n"))
	if sx < 0 {
		return 0, errors.New("finishing PDF: no startxref")
	}
	var xrefPos int
	if _, err := fmt.Sscanf(string(pdf[sx+len("startxref\n"):]), "%d", &xrefPos); err != nil {
		return 0, fmt.Errorf("finishing PDF: startxref: %w", err)
	}
	if xrefPos <= 0 || xrefPos >= sx || !bytes.HasPrefix(pdf[xrefPos:], []byte("xref\n0 ")) {
		return 0, errors.New("finishing PDF: unexpected cross-reference table")
	}
	return xrefPos, nil
}

var (
	streamStart = []byte("\nstream\n")
	streamEnd   = []byte("\nendstream")
)

// streamData returns the byte ranges [start, end) of the data of the
// streams before limit, in order. Each stream is skipped whole by its
// /Length, so bytes inside compressed data are never taken for structure.
// Anything unexpected stops the walk; the ranges found so far are returned.
func streamData(pdf []byte, limit int) [][2]int {
	var ranges [][2]int
	for from := 0; from < limit; {
		k := bytes.Index(pdf[from:limit], streamStart)
		if k < 0 {
			break
		}
		dictEnd := from + k
		dataStart := dictEnd + len(streamStart)
		objStart := bytes.LastIndex(pdf[from:dictEnd], []byte(" obj\n"))
		if objStart < 0 {
			break
		}
		n, ok := streamLength(pdf[from+objStart+len(" obj\n") : dictEnd])
		if !ok || dataStart+n > limit || !bytes.HasPrefix(pdf[dataStart+n:], streamEnd) {
			break
		}
		ranges = append(ranges, [2]int{dataStart, dataStart + n})
		from = dataStart + n + len(streamEnd)
	}
	return ranges
}

// streamLength reads the /Length entry (not /Length1) of a stream
// dictionary.
func streamLength(dict []byte) (int, bool) {
	for i := 0; ; {
		k := bytes.Index(dict[i:], []byte("/Length"))
		if k < 0 {
			return 0, false
		}
		j := i + k + len("/Length")
		i = j
		if j >= len(dict) || dict[j] != ' ' {
			continue // /Length1, /Length2...
		}
		j++
		e := j
		for e < len(dict) && dict[e] >= '0' && dict[e] <= '9' {
			e++
		}
		n, err := strconv.Atoi(string(dict[j:e]))
		return n, err == nil && n >= 0
	}
}

// subsetFontNames maps fpdf's names for the embedded fonts ("utf8" + family
// + style) to their PostScript names.
var subsetFontNames = []struct{ fpdfName, psName string }{
	{"utf8" + pdfFamily, "LiberationSans"},
	{"utf8" + pdfFamily + "B", "LiberationSans-Bold"},
	{"utf8" + pdfFamily + "I", "LiberationSans-Italic"},
}

// subsetTagEdits renames the embedded fonts from fpdf's "utf8sans" to
// "ABCDEF+LiberationSans". fpdf embeds only the glyphs used but omits the
// subset tag that ISO 32000-1 (9.6.4) requires for subset fonts; without it
// pdffonts and preflight tools report full fonts, and a tool merging several
// reports could wrongly treat different subsets as one font. The tag is
// derived from the document's hash, so it is deterministic and differs
// between documents. Names inside stream data (the skip ranges, in order)
// are not touched.
func subsetTagEdits(pdf []byte, skip [][2]int) []pdfEdit {
	sum := sha256.Sum256(pdf)
	inside := func(pos int) bool {
		i := sort.Search(len(skip), func(i int) bool { return skip[i][1] > pos })
		return i < len(skip) && skip[i][0] <= pos
	}
	var edits []pdfEdit
	for i, fn := range subsetFontNames {
		tag := make([]byte, 6)
		for j := range tag {
			tag[j] = 'A' + sum[i*6+j]%26
		}
		newName := []byte(string(tag) + "+" + fn.psName)
		for _, key := range []string{"/BaseFont /", "/FontName /"} {
			pat := []byte(key + fn.fpdfName)
			for from := 0; ; {
				k := bytes.Index(pdf[from:], pat)
				if k < 0 {
					break
				}
				pos := from + k + len(key)
				end := from + k + len(pat)
				from = end
				if end < len(pdf) && !isPDFDelimiter(pdf[end]) {
					continue // a longer name, e.g. utf8sansB when looking for utf8sans
				}
				if !inside(pos) {
					edits = append(edits, pdfEdit{pos: pos, oldLen: len(fn.fpdfName), repl: newName})
				}
			}
		}
	}
	return edits
}

// applyPDFEdits applies edits, which must not overlap and must all lie
// before the cross-reference table at xrefPos, and rebuilds the table:
// "xref\n0 N\n" then N entries of 20 bytes.
func applyPDFEdits(pdf []byte, xrefPos int, edits []pdfEdit) ([]byte, error) {
	if len(edits) == 0 {
		return pdf, nil
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].pos < edits[j].pos })
	for i, e := range edits {
		if e.pos+e.oldLen > xrefPos {
			return nil, errors.New("finishing PDF: an edit after the cross-reference table")
		}
		if i > 0 && edits[i-1].pos+edits[i-1].oldLen > e.pos {
			return nil, errors.New("finishing PDF: overlapping edits")
		}
	}
	// delta[i] is the size change of the edits before edits[i].
	delta := make([]int, len(edits)+1)
	for i, e := range edits {
		delta[i+1] = delta[i] + len(e.repl) - e.oldLen
	}
	shift := func(off int) int { // new offset of an old byte position
		i := sort.Search(len(edits), func(i int) bool { return edits[i].pos >= off })
		return off + delta[i]
	}

	var out bytes.Buffer
	out.Grow(len(pdf) + delta[len(edits)] + 64)
	last := 0
	for _, e := range edits {
		out.Write(pdf[last:e.pos])
		out.Write(e.repl)
		last = e.pos + e.oldLen
	}
	out.Write(pdf[last:xrefPos])

	rest := pdf[xrefPos:]
	var count int
	if _, err := fmt.Sscanf(string(rest[len("xref\n0 "):]), "%d", &count); err != nil {
		return nil, fmt.Errorf("finishing PDF: xref size: %w", err)
	}
	head := fmt.Sprintf("xref\n0 %d\n", count)
	entries := rest[len(head):]
	if !bytes.HasPrefix(rest, []byte(head)) || len(entries) < 20*count {
		return nil, errors.New("finishing PDF: malformed cross-reference table")
	}
	out.WriteString(head)
	for i := 0; i < count; i++ {
		e := entries[20*i : 20*i+20]
		if e[17] != 'n' {
			out.Write(e)
			continue
		}
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil {
			return nil, fmt.Errorf("finishing PDF: xref entry %d: %w", i, err)
		}
		fmt.Fprintf(&out, "%010d%s", shift(off), e[10:])
	}
	tail := entries[20*count:]
	k := bytes.LastIndex(tail, []byte("startxref\n"))
	if k < 0 {
		return nil, errors.New("finishing PDF: no startxref after the table")
	}
	out.Write(tail[:k])
	fmt.Fprintf(&out, "startxref\n%d\n%%%%EOF\n", shift(xrefPos))
	return out.Bytes(), nil
}
