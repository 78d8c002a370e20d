// Package mdimport reads an assessment written in the framework's Markdown
// table form, the form the framework publishes its sample assessments in,
// so that it can be turned into a workbook or scored.
package mdimport

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook/cover"
)

// MaxBytes bounds the Markdown input Parse reads into memory. A full
// assessment is a few tens of kilobytes; anything this large is not one,
// and refusing it early keeps a stray multi-gigabyte file from exhausting
// memory.
const MaxBytes = 8 << 20

// ErrNoTable is wrapped by the error Parse returns when the input holds no
// factor table, so callers can tell "not an assessment" from an I/O failure
// with errors.Is.
var ErrNoTable = errors.New("no factor table")

// ParseError is a problem that stops Parse: the input cannot be read as an
// assessment at all. Problems of single rows are not errors but Issues on
// the returned assessment.
type ParseError struct {
	// File is the name given to Parse.
	File string
	// Line is the 1-based line the problem is on, 0 when it concerns the
	// whole input.
	Line int
	Err  error
}

// Error formats as "file:line: message", the convention of compilers and
// linters, so editors can jump to the line.
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// Parse reads an assessment written in the framework's Markdown table
// form: an optional block of "Key: value" lines naming the provider, then
// tables headed | ID | Factor | Value | Score | SEAL | Conf. | Justification |
// (columns found by name; "Answer", "Confidence" and a "Sources" column are
// accepted too). Score and SEAL columns and objective summary rows are
// ignored: sovscore recomputes them from the answers.
//
// Cells are kept verbatim apart from trimming, "\|" (a literal pipe) and
// "<br>" (a line break, the only way to break a line inside a table cell).
// Field locations are left empty, since the cell a value will occupy in a
// workbook is not known here; each FactorEntry.Row names its Markdown line
// as {Sheet: name, Cell: "line N"}.
//
// Row problems (unknown or repeated factor IDs, rows with the wrong number
// of cells, missing columns) become Issues on the assessment. Missing factors
// are not reported: see MissingFactors. The error is non-nil only when the
// input cannot be read, is too large, is not UTF-8 text or has no factor
// table at all; it is then a *ParseError.
func Parse(r io.Reader, name string, fw *scoring.Framework) (*scoring.Assessment, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, &ParseError{File: name, Err: err}
	}
	if len(data) > MaxBytes {
		return nil, &ParseError{File: name,
			Err: fmt.Errorf("larger than %d MiB: not a Markdown assessment", MaxBytes>>20)}
	}
	sum := sha256.Sum256(data)
	p := &mdParser{
		name:  name,
		fw:    fw,
		a:     &scoring.Assessment{File: name, SHA256: hex.EncodeToString(sum[:])},
		lines: map[string]int{},
		meta:  map[*scoring.Field]bool{},
	}
	if err := p.parse(data); err != nil {
		return nil, err
	}
	return p.a, nil
}

// MissingFactors returns, in framework order, the IDs of the factors the
// assessment has no entry for. Parse does not report them because the
// Markdown form is usually imported into a workbook first, and the workbook
// reader reports them there.
func MissingFactors(fw *scoring.Framework, a *scoring.Assessment) []string {
	var out []string
	for _, f := range fw.Factors() {
		if _, ok := a.Entry(f.ID); !ok {
			out = append(out, f.ID)
		}
	}
	return out
}

// mdColumns are the column indexes of one factor table; -1 when absent.
type mdColumns struct {
	line, n                        int
	id, value, conf, just, sources int
	// unusable is set when the table has no Value column: its rows are
	// skipped, the header was reported once.
	unusable bool
}

// mdParser holds the state of one Parse call.
type mdParser struct {
	name string
	fw   *scoring.Framework
	a    *scoring.Assessment
	// cols is the header of the table being read, nil outside a factor table.
	cols *mdColumns
	// inTables is set at the first table line: the metadata block is over.
	inTables bool
	// usable is set when a factor table with a Value column was seen;
	// noValueLine remembers a factor table without one, for the error.
	usable      bool
	noValueLine int
	// lines maps a factor ID to the line of the row that was kept.
	lines map[string]int
	// meta marks cover fields already set from the metadata block.
	meta map[*scoring.Field]bool
	// missingCol remembers columns already reported missing, so eight
	// tables without a Sources-like column do not give eight warnings.
	missingCol map[string]bool
}

func (p *mdParser) parse(data []byte) error {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var fence string
	inComment := false
	for i, raw := range strings.Split(string(data), "\n") {
		n := i + 1
		line := strings.TrimRight(raw, "\r")
		if !utf8.ValidString(line) {
			// The values end up in XML (xlsx) and PDF: refuse rather than
			// guess an encoding.
			return &ParseError{File: p.name, Line: n, Err: errors.New("not valid UTF-8 text: save the file as UTF-8")}
		}
		t := strings.TrimSpace(line)
		switch {
		case inComment:
			inComment = !strings.Contains(t, "-->")
			continue
		case fence != "":
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		case strings.HasPrefix(t, "<!--"):
			// A comment may hold notes or an example table: neither is data.
			inComment = !strings.Contains(t[4:], "-->")
			p.cols = nil
			continue
		case strings.HasPrefix(t, "```"), strings.HasPrefix(t, "~~~"):
			fence = t[:3]
			p.cols = nil
			continue
		case strings.HasPrefix(t, "|"):
			p.inTables = true
			p.tableLine(t, n)
			continue
		}
		// Any other line ends a table, as in GitHub Markdown.
		p.cols = nil
		if !p.inTables {
			p.metaLine(t)
		}
	}
	switch {
	case p.usable:
		return nil
	case p.noValueLine > 0:
		return &ParseError{File: p.name, Line: p.noValueLine,
			Err: fmt.Errorf("%w: the factor table has no Value (or Answer) column", ErrNoTable)}
	default:
		return &ParseError{File: p.name,
			Err: fmt.Errorf("%w: expected a table headed | ID | Factor | Value | Score | SEAL | Conf. | Justification |", ErrNoTable)}
	}
}

func (p *mdParser) issue(sev scoring.Severity, code string, line int, factor, msg string) {
	p.a.Issues = append(p.a.Issues, scoring.Issue{Severity: sev, Code: code,
		Sheet: p.name, Cell: mdLineCell(line), Factor: factor, Message: msg})
}

func mdLineCell(n int) string { return fmt.Sprintf("line %d", n) }

var (
	// mdFactorID accepts the spellings assessors use for a factor ID
	// ("SOV-1.1", "sov-1.1", "SOV 1.1", "SOV1.1").
	mdFactorID = regexp.MustCompile(`(?i)^sov[\s\-–]?\s*(\d+)\.(\d+)$`)
	// mdObjectiveRow matches the objective summary rows of the framework's
	// tables ("SOV-1 Strategic Sovereignty"), which carry no answers.
	mdObjectiveRow = regexp.MustCompile(`(?i)^sov[\s\-–]?\s*\d+(?:\s|$)`)
	mdSeparator    = regexp.MustCompile(`^:?-+:?$`)
	mdBreak        = regexp.MustCompile(`(?i)<br\s*/?>`)
)

// tableLine handles one line starting with "|".
func (p *mdParser) tableLine(t string, n int) {
	cells := mdSplitRow(t)
	if mdIsSeparator(cells) {
		return
	}
	if c, ok := mdHeader(cells, n); ok {
		p.header(c)
		return
	}
	c := p.cols
	if c == nil || c.unusable {
		return // objective summary table or some other table
	}
	if mdAllEmpty(cells) {
		return
	}
	first := cells[0]
	if c.id < len(cells) {
		first = cells[c.id]
	}
	rawID := mdCellKey(first)
	if mdObjectiveRow.MatchString(rawID) {
		return
	}
	if len(cells) != c.n {
		p.issue(scoring.Error, scoring.CodeCellUnreadable, n, "",
			fmt.Sprintf("line %d has %d cells but the table header on line %d has %d: the row is not read; write a | inside a cell as \\|",
				n, len(cells), c.line, c.n))
		return
	}
	value := cells[c.value]
	m := mdFactorID.FindStringSubmatch(rawID)
	if m == nil {
		// A total or note row is harmless unless it carries an answer.
		if scoring.Normalize(value) != "" {
			msg := fmt.Sprintf("line %d has an answer but no factor ID: the row is not scored; put the factor ID (SOV-n.m) in the ID column", n)
			if rawID != "" {
				msg = fmt.Sprintf("line %d: %q is not a factor ID; the row is not scored: write the ID as SOV-n.m", n, scoring.Clip(rawID, 40))
			}
			p.issue(scoring.Error, scoring.CodeFactorUnknown, n, "", msg)
		}
		return
	}
	id := fmt.Sprintf("SOV-%s.%s", mdTrimZeros(m[1]), mdTrimZeros(m[2]))
	if _, ok := p.fw.Factor(id); !ok {
		p.issue(scoring.Error, scoring.CodeFactorUnknown, n, "",
			fmt.Sprintf("line %d: %s is not a factor of framework %s; the row is not scored: correct the ID", n, id, p.fw.Version))
		return
	}
	if first, dup := p.lines[id]; dup {
		p.issue(scoring.Error, scoring.CodeFactorDuplicate, n, id,
			fmt.Sprintf("line %d: %s appears again (first on line %d); only the first row is scored: delete one of them", n, id, first))
		return
	}
	p.lines[id] = n
	get := func(col int) scoring.EntryCell {
		if col < 0 {
			return scoring.EntryCell{}
		}
		return scoring.EntryCell{Text: cells[col]}
	}
	p.a.Factors = append(p.a.Factors, scoring.FactorEntry{
		ID:            id,
		Row:           scoring.Location{Sheet: p.name, Cell: mdLineCell(n)},
		Answer:        get(c.value),
		Confidence:    get(c.conf),
		Justification: get(c.just),
		Sources:       get(c.sources),
	})
}

// header makes c the current table and reports missing columns.
func (p *mdParser) header(c *mdColumns) {
	p.cols = c
	if c.value < 0 {
		c.unusable = true
		if p.noValueLine == 0 {
			p.noValueLine = c.line
		}
		p.issue(scoring.Error, scoring.CodeColumnMissing, c.line, "",
			fmt.Sprintf("the table header on line %d has no Value (or Answer) column: its rows are not read", c.line))
		return
	}
	p.usable = true
	for _, m := range []struct {
		col  int
		name string
	}{{c.conf, "Conf. (or Confidence)"}, {c.just, "Justification"}} {
		if m.col >= 0 || p.missingCol[m.name] {
			continue
		}
		if p.missingCol == nil {
			p.missingCol = map[string]bool{}
		}
		p.missingCol[m.name] = true
		p.issue(scoring.Warning, scoring.CodeColumnMissing, c.line, "",
			fmt.Sprintf("the table header on line %d has no %s column: every factor will lack it", c.line, m.name))
	}
}

// mdHeader recognises a factor table header: a row with an ID column and a
// Factor, Value or Answer column. Header names match case-insensitively and
// may be bold or end in "." or ":".
func mdHeader(cells []string, line int) (*mdColumns, bool) {
	c := &mdColumns{line: line, n: len(cells), id: -1, value: -1, conf: -1, just: -1, sources: -1}
	factor := false
	set := func(dst *int, i int) {
		if *dst < 0 {
			*dst = i
		}
	}
	for i, cell := range cells {
		switch strings.TrimRight(strings.ToLower(mdCellKey(cell)), ".:") {
		case "id", "factor id":
			set(&c.id, i)
		case "factor":
			factor = true
		case "value", "answer":
			set(&c.value, i)
		case "conf", "confidence":
			set(&c.conf, i)
		case "justification":
			set(&c.just, i)
		case "sources", "source":
			set(&c.sources, i)
		}
	}
	if c.id < 0 || (c.value < 0 && !factor) {
		return nil, false
	}
	return c, true
}

// mdCellKey strips the Markdown emphasis and code marks people put around
// IDs and header names ("**ID**", "`SOV-1.1`") and normalises the rest.
func mdCellKey(s string) string {
	return scoring.Normalize(strings.Trim(scoring.Normalize(s), "*_`"))
}

func mdIsSeparator(cells []string) bool {
	if len(cells) == 0 {
		return false
	}
	for _, c := range cells {
		if !mdSeparator.MatchString(strings.ReplaceAll(c, " ", "")) {
			return false
		}
	}
	return true
}

func mdAllEmpty(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}

// mdSplitRow splits a table line (starting with "|") into trimmed cells,
// following GitHub Markdown: "\|" is a literal pipe, the closing pipe is
// optional. A pipe inside an inline code span (`a|b`) does not split the
// cell either, which GitHub would do but no assessor means. Other backslash
// escapes are kept verbatim.
func mdSplitRow(t string) []string {
	s := t[1:]
	var cells []string
	var b strings.Builder
	// noCloser caches backtick run lengths that have no closing run further
	// on, so a line full of stray backticks stays linear.
	var noCloser map[int]bool
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s):
			if s[i+1] != '|' {
				b.WriteByte('\\')
			}
			b.WriteByte(s[i+1])
			i += 2
		case c == '`':
			run := mdRun(s, i)
			end := -1
			if !noCloser[run] {
				end = mdCloser(s, i+run, run)
			}
			if end < 0 {
				if noCloser == nil {
					noCloser = map[int]bool{}
				}
				noCloser[run] = true
				b.WriteString(s[i : i+run])
				i += run
				continue
			}
			b.WriteString(strings.ReplaceAll(s[i:end+run], `\|`, "|"))
			i = end + run
		case c == '|':
			cells = append(cells, b.String())
			b.Reset()
			i++
		default:
			b.WriteByte(c)
			i++
		}
	}
	if last := b.String(); strings.TrimSpace(last) != "" {
		cells = append(cells, last) // no closing pipe
	}
	for i, c := range cells {
		cells[i] = strings.TrimSpace(mdBreak.ReplaceAllString(c, "\n"))
	}
	return cells
}

// mdRun returns the length of the backtick run starting at i.
func mdRun(s string, i int) int {
	j := i
	for j < len(s) && s[j] == '`' {
		j++
	}
	return j - i
}

// mdCloser returns the start of the next backtick run of exactly n
// backticks at or after i, or -1.
func mdCloser(s string, i, n int) int {
	for i < len(s) {
		k := strings.IndexByte(s[i:], '`')
		if k < 0 {
			return -1
		}
		i += k
		r := mdRun(s, i)
		if r == n {
			return i
		}
		i += r
	}
	return -1
}

// metaLine reads one line of the metadata block before the first table:
// "Key: value", "**Key:** value", "**Key**: value" or "- Key: value".
// Headings, prose and unknown keys are ignored.
func (p *mdParser) metaLine(t string) {
	if t == "" || strings.HasPrefix(t, "#") {
		return
	}
	for _, marker := range []string{"- ", "* ", "+ "} {
		if strings.HasPrefix(t, marker) {
			t = strings.TrimSpace(t[len(marker):])
			break
		}
	}
	key, value, ok := strings.Cut(t, ":")
	if !ok {
		return
	}
	fld := p.metaField(strings.ToLower(mdCellKey(key)))
	if fld == nil {
		return
	}
	// "**Key:** value" leaves the closing emphasis after the colon: an
	// emphasis mark opened in the key and not closed there.
	value = strings.TrimSpace(value)
	for _, mark := range []string{"**", "__"} {
		if strings.Count(key, mark)%2 == 1 && strings.HasPrefix(value, mark) {
			value = strings.TrimSpace(value[len(mark):])
			break
		}
	}
	value = strings.TrimSpace(strings.TrimSuffix(value, `\`)) // hard line break
	// "Provider: **Name**": the emphasis is layout, not part of the name.
	for _, mark := range []string{"**", "__"} {
		if len(value) > 2*len(mark) && strings.HasPrefix(value, mark) && strings.HasSuffix(value, mark) {
			value = strings.TrimSpace(value[len(mark) : len(value)-len(mark)])
			break
		}
	}
	if value == "" {
		return
	}
	switch {
	case !p.meta[fld]:
		p.meta[fld] = true
		fld.Text = value
	case fld == &p.a.Provider.Notes:
		// Notes may take several lines; the others keep the first value.
		fld.Text += "\n" + value
	}
}

// metaField maps a metadata key (lower case) to the cover field it fills:
// the cover labels of the template and the short forms assessors write.
func (p *mdParser) metaField(key string) *scoring.Field {
	return cover.Field(&p.a.Provider, key)
}

// mdTrimZeros turns "01" into "1" but keeps "0".
func mdTrimZeros(s string) string {
	if t := strings.TrimLeft(s, "0"); t != "" {
		return t
	}
	return "0"
}
