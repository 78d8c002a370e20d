package scoring

import "sync"

// Location says where a value was read: a sheet and a cell ("SOV-2", "D5").
type Location struct {
	Sheet string
	Cell  string
}

// Field is a raw value as the assessor wrote it and where it was read.
// Scoring parses the text; readers never interpret it.
type Field struct {
	Text string
	Loc  Location
	// Formula is true when the cell held a formula; Text is then its
	// cached value, if the workbook had one.
	Formula bool
}

// ProviderInfo is the cover sheet of an assessment.
type ProviderInfo struct {
	Name                  Field
	Service               Field
	Assessor              Field
	Date                  Field
	FrameworkVersion      Field
	Hosting               Field
	HostingQualifications Field
	// HostAssessment names the assessments of the hosts the service runs
	// on, separated by ";" (see Compose).
	HostAssessment Field
	Notes          Field
}

// FactorEntry is one factor row of an assessment, as read.
type FactorEntry struct {
	// ID is the factor ID ("SOV-1.1") and Row where the ID was found.
	ID            string
	Row           Location
	Answer        EntryCell
	Confidence    EntryCell
	Justification EntryCell
	Sources       EntryCell
}

// EntryCell is one value of a factor row as the assessor wrote it, and the
// cell it was read from, on the sheet of the row. A run keeps 48 entries
// per workbook for its whole length, so the cell is two numbers rather
// than a Location of two strings (half the size of an entry).
type EntryCell struct {
	Text string
	// Row and Col number the cell (1 for row 1 and column A). Row is 0
	// when the value was not read from a sheet (Markdown); Col is 0 when
	// the sheet has no column for it.
	Row int32
	Col int16
	// Formula is true when the cell held a formula; Text is then its
	// cached value, if the workbook had one.
	Formula bool
}

// Loc returns where c, one of e's cells, was read: nothing for a value not
// read from a sheet, the sheet alone when the sheet has no column for it.
func (e *FactorEntry) Loc(c EntryCell) Location {
	switch {
	case c.Row == 0:
		return Location{}
	case c.Col == 0:
		return Location{Sheet: e.Row.Sheet}
	}
	return Location{Sheet: e.Row.Sheet, Cell: CellName(int(c.Col), int(c.Row))}
}

// CellName returns the A1-style name of a cell ("D12") from its column and
// row numbers, both from 1. The names of a sheet's first rows and columns,
// where factor rows are, are made once: problems and reports ask for them
// for every workbook.
func CellName(col, row int) string {
	if col >= 1 && col <= 16 && row >= 1 && row <= 128 {
		return cellNames()[col-1][row-1]
	}
	return cellName(col, row)
}

var cellNames = sync.OnceValue(func() *[16][128]string {
	t := new([16][128]string)
	for c := range t {
		for r := range t[c] {
			t[c][r] = cellName(c+1, r+1)
		}
	}
	return t
})

func cellName(col, row int) string {
	var b [16]byte
	i := len(b)
	for n := row; ; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
		if n < 10 {
			break
		}
	}
	for n := col; n > 0; n = (n - 1) / 26 {
		i--
		b[i] = byte('A' + (n-1)%26)
	}
	return string(b[i:])
}

// Assessment is one provider's filled-in questionnaire, independent of the
// file format it came from.
type Assessment struct {
	// File is the path of the input, SHA256 the hex digest of its bytes.
	File     string
	SHA256   string
	Provider ProviderInfo
	// Factors in the order they were read; a factor may be absent (the
	// reader then reports it) but is never listed twice.
	Factors []FactorEntry
	// Issues are problems the reader found (structure, unreadable cells);
	// Evaluate adds them to the result.
	Issues Issues
}

// Entry returns the entry of a factor, if the assessment has one.
func (a *Assessment) Entry(id string) (*FactorEntry, bool) {
	for i := range a.Factors {
		if a.Factors[i].ID == id {
			return &a.Factors[i], true
		}
	}
	return nil, false
}

// Unreadable reports whether the reader could not read the file at all; the
// assessment then carries only that problem.
func (a *Assessment) Unreadable() bool { return a.Issues.Has(CodeFileUnreadable) }
