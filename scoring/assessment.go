package scoring

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
	Answer        Field
	Confidence    Field
	Justification Field
	Sources       Field
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
