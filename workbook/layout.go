// Package workbook writes the Excel assessment template, reads filled-in
// workbooks into scoring.Assessment values, and writes annotated and
// summary workbooks. The cover labels are in package cover; the Markdown
// import, which needs no Excel, is package mdimport.
//
// The reader finds everything by name (sheet names, header names, cover
// labels), never by fixed position, so assessors may insert, reorder or add
// columns, rows and sheets.
package workbook

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

// Confidences are the values offered in the Confidence drop-down.
var Confidences = []string{"high", "medium", "low"}
