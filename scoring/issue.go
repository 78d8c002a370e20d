package scoring

import (
	"fmt"
	"sort"
	"strings"
)

// Severity of a validation problem.
type Severity int

const (
	// Error makes the assessment invalid: the provider is not eligible and
	// sovscore exits 1.
	Error Severity = iota
	// Warning is worth a look but does not block eligibility.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalText makes severities appear as words in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads "error" or "warning" back.
func (s *Severity) UnmarshalText(b []byte) error {
	switch string(b) {
	case "error":
		*s = Error
	case "warning":
		*s = Warning
	default:
		return fmt.Errorf("severity %q: want error or warning", b)
	}
	return nil
}

// Stable problem codes. They are part of the machine output: never rename one.
const (
	CodeFileUnreadable     = "file-unreadable"       // not an xlsx, corrupt, encrypted, too large
	CodeSheetMissing       = "sheet-missing"         // an objective sheet SOV-n is absent
	CodeSheetDuplicate     = "sheet-duplicate"       // two sheets claim the same objective
	CodeColumnMissing      = "column-missing"        // a required header is absent
	CodeFactorMissing      = "factor-missing"        // no row for a factor
	CodeFactorDuplicate    = "factor-duplicate"      // two rows for one factor
	CodeFactorUnknown      = "factor-unknown"        // an ID that is not in the framework
	CodeFactorMisplaced    = "factor-misplaced"      // a factor on another objective's sheet
	CodeCellUnreadable     = "cell-unreadable"       // a cell that could not be read
	CodeFormula            = "formula"               // a formula in an input cell
	CodeProviderMissing    = "provider-missing"      // cover sheet has no provider name
	CodeFrameworkVersion   = "framework-version"     // workbook made for another version
	CodeDateInvalid        = "date-invalid"          // assessment date unreadable or ambiguous
	CodeAnswerMissing      = "answer-missing"        // no answer
	CodeAnswerInvalid      = "answer-invalid"        // not on the factor's ladder
	CodeAnswerAmbiguous    = "answer-ambiguous"      // label repeats on the ladder, number needed
	CodeAnswerLabel        = "answer-label"          // number and label name different answers
	CodeConfidenceMissing  = "confidence-missing"    // no confidence
	CodeConfidenceInvalid  = "confidence-invalid"    // not high, medium or low
	CodeJustificationEmpty = "justification-missing" // no justification
	CodeSourceInvalid      = "source-invalid"        // not an absolute URL with a host
	CodeSourceScheme       = "source-scheme"         // javascript:, file:, data:, ...
	CodeSourceInsecure     = "source-insecure"       // plain http:
	CodeSourceDuplicate    = "source-duplicate"      // the same URL twice
	CodeSourceMissing      = "source-missing"        // high confidence, no source
	CodeSourceDead         = "source-dead"           // --check-links: the URL does not answer
	CodeClaimMismatch      = "claim-mismatch"        // justification claims another answer/SEAL
	CodeCellHidden         = "cell-hidden"           // a value covered by a merged range
	CodeOutputFailed       = "output-failed"         // a report of this workbook could not be made
	CodeWorkbookOpen       = "workbook-open"         // an Excel lock file: unsaved changes not scored
	CodeGlyphMissing       = "glyph-missing"         // text the report font cannot draw
	CodeHostMissing        = "host-missing"          // a declared host assessment is not found
	CodeHostAmbiguous      = "host-ambiguous"        // a host name matches several workbooks
	CodeHostCycle          = "host-cycle"            // hosts declare each other in a loop
	CodeHostInvalid        = "host-invalid"          // the host assessment has errors or is incomplete
	CodeClaimAboveHost     = "claim-above-host"      // an answer above the host's, capped to it
)

// Issue is one validation problem, located on the cell it concerns.
type Issue struct {
	Severity Severity
	Code     string
	// Sheet and Cell locate the problem ("SOV-3", "D7"); either may be empty
	// for problems of the whole file or sheet.
	Sheet string
	Cell  string
	// Factor is the factor ID the problem belongs to, if any.
	Factor string
	// Message says what is wrong and how to fix it.
	Message string
}

// Location returns "Sheet!Cell", "Sheet" or "" for display.
func (i Issue) Location() string {
	switch {
	case i.Sheet != "" && i.Cell != "":
		return i.Sheet + "!" + i.Cell
	default:
		return i.Sheet
	}
}

// String formats as "Sheet!Cell: severity code: message".
func (i Issue) String() string {
	loc := i.Location()
	if loc != "" {
		loc += ": "
	}
	return fmt.Sprintf("%s%s %s: %s", loc, i.Severity, i.Code, i.Message)
}

// Issues is a list of problems, in the style of go/scanner.ErrorList.
type Issues []Issue

// Errors counts problems of severity Error.
func (l Issues) Errors() int { return l.count(Error) }

// Has reports whether any issue has the code.
func (l Issues) Has(code string) bool {
	for _, i := range l {
		if i.Code == code {
			return true
		}
	}
	return false
}

// Warnings counts problems of severity Warning.
func (l Issues) Warnings() int { return l.count(Warning) }

func (l Issues) count(s Severity) int {
	n := 0
	for _, i := range l {
		if i.Severity == s {
			n++
		}
	}
	return n
}

// Sort orders problems by sheet (cover first, then SOV-1..8 in order), row,
// column and code, so every output lists them in the same order.
func (l Issues) Sort() {
	sort.SliceStable(l, func(a, b int) bool {
		x, y := l[a], l[b]
		if sx, sy := sheetOrder(x.Sheet), sheetOrder(y.Sheet); sx != sy {
			return sx < sy
		}
		if x.Sheet != y.Sheet {
			return x.Sheet < y.Sheet
		}
		if rx, ry := cellOrder(x.Cell), cellOrder(y.Cell); rx != ry {
			return rx < ry
		}
		if x.Code != y.Code {
			return x.Code < y.Code
		}
		return x.Message < y.Message
	})
}

// sheetOrder puts file-level problems first, then non-objective sheets,
// then SOV-1 .. SOV-9+ numerically.
func sheetOrder(s string) int {
	if s == "" {
		return -2
	}
	var n int
	if _, err := fmt.Sscanf(s, "SOV-%d", &n); err == nil && strings.HasPrefix(s, "SOV-") {
		return n
	}
	return -1
}

// cellOrder sorts "D7" by row then column.
func cellOrder(c string) int {
	col, row := 0, 0
	for _, r := range c {
		switch {
		case r >= 'A' && r <= 'Z':
			col = col*26 + int(r-'A'+1)
		case r >= '0' && r <= '9':
			row = row*10 + int(r-'0')
		}
	}
	return row*20000 + col
}

// namingFactor makes the message of a problem that belongs to a factor
// start with the factor's ID, so that every message names its factor
// wherever it is shown (a list of problems, a note on a cell).
func namingFactor(is Issue) Issue {
	if is.Factor != "" && !strings.HasPrefix(is.Message, is.Factor) {
		is.Message = is.Factor + ": " + is.Message
	}
	return is
}
