// Package workbook writes the Excel assessment template, reads filled-in
// workbooks into scoring.Assessment values, imports the framework's Markdown
// table form, and writes annotated and summary workbooks.
//
// The reader finds everything by name (sheet names, header names, cover
// labels), never by fixed position, so assessors may insert, reorder or add
// columns, rows and sheets.
package workbook

import (
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// Sheet names. Objective sheets are named exactly by objective ID ("SOV-1").
const (
	CoverSheet = "Cover"
	GuideSheet = "Guide"
	// ListsSheet holds the drop-down answer lists; it is hidden.
	ListsSheet = "Lists"
)

// Column headers of an objective sheet, matched case-insensitively.
const (
	HeaderID            = "ID"
	HeaderFactor        = "Factor"
	HeaderQuestion      = "Question"
	HeaderAnswer        = "Answer"
	HeaderConfidence    = "Confidence"
	HeaderJustification = "Justification"
	HeaderSources       = "Sources"
)

// Headers lists the objective sheet headers in template order.
var Headers = []string{HeaderID, HeaderFactor, HeaderQuestion, HeaderAnswer, HeaderConfidence, HeaderJustification, HeaderSources}

// Cover sheet labels: column A holds the label, column B the value.
const (
	LabelProvider              = "Provider"
	LabelService               = "Service or offer in scope"
	LabelAssessor              = "Assessor"
	LabelDate                  = "Assessment date"
	LabelFrameworkVersion      = "Framework version"
	LabelHosting               = "Hosting infrastructure provider"
	LabelHostingQualifications = "Hosting qualifications"
	LabelNotes                 = "Notes"
)

// CoverLabels lists the cover labels in template order.
var CoverLabels = []string{LabelProvider, LabelService, LabelAssessor, LabelDate, LabelFrameworkVersion,
	LabelHosting, LabelHostingQualifications, LabelNotes}

// Confidences are the values offered in the Confidence drop-down.
var Confidences = []string{"high", "medium", "low"}

// coverSynonyms are the other names assessors give cover labels (lower case).
var coverSynonyms = map[string]string{
	"provider name": LabelProvider,
	"service":       LabelService, "offer": LabelService,
	"date":           LabelDate,
	"hosting":        LabelHosting,
	"qualifications": LabelHostingQualifications, "hosting qualification": LabelHostingQualifications,
	"note": LabelNotes,
}

// CoverField returns the field of p that a cover label fills, matching the
// labels of CoverLabels and their usual synonyms in any case, or nil. The
// template, the reader and the Markdown importer share it so that they agree
// on what each label means.
func CoverField(p *scoring.ProviderInfo, label string) *scoring.Field {
	key := strings.ToLower(strings.TrimSpace(label))
	if canon, ok := coverSynonyms[key]; ok {
		key = strings.ToLower(canon)
	}
	switch key {
	case strings.ToLower(LabelProvider):
		return &p.Name
	case strings.ToLower(LabelService):
		return &p.Service
	case strings.ToLower(LabelAssessor):
		return &p.Assessor
	case strings.ToLower(LabelDate):
		return &p.Date
	case strings.ToLower(LabelFrameworkVersion):
		return &p.FrameworkVersion
	case strings.ToLower(LabelHosting):
		return &p.Hosting
	case strings.ToLower(LabelHostingQualifications):
		return &p.HostingQualifications
	case strings.ToLower(LabelNotes):
		return &p.Notes
	}
	return nil
}
