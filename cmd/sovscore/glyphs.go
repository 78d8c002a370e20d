package main

import (
	"fmt"
	"strings"

	"github.com/sovscore/sovscore/report"
	"github.com/sovscore/sovscore/scoring"
)

// glyphCheck finds the texts of an assessment that the PDF reports cannot
// draw with their font, so each gets a glyph-missing warning on its cell
// before any report is written, and so shows in every report.
type glyphCheck struct {
	font *report.Font
	// given is true when the font came from --font.
	given bool
}

func newGlyphCheck(font *report.Font) *glyphCheck {
	if font == nil {
		return &glyphCheck{font: report.DefaultFont()}
	}
	return &glyphCheck{font: font, given: true}
}

// note adds the warnings to a, whose input is named display in the
// reports. Only texts the PDF reports print are checked.
func (g *glyphCheck) note(a *scoring.Assessment, display string) {
	var add scoring.Issues
	check := func(what, text string, loc scoring.Location, factor string) {
		if missing := g.font.Missing(text); len(missing) > 0 {
			add = append(add, scoring.Issue{Severity: scoring.Warning, Code: scoring.CodeGlyphMissing,
				Sheet: loc.Sheet, Cell: loc.Cell, Factor: factor, Message: g.message(what, missing)})
		}
	}
	check("the file name", display, scoring.Location{}, "")
	p := &a.Provider
	for _, c := range []struct {
		what string
		f    scoring.Field
	}{
		{"the provider name", p.Name}, {"the service", p.Service}, {"the assessor", p.Assessor},
		{"the assessment date", p.Date}, {"the hosting provider", p.Hosting},
		{"the hosting qualifications", p.HostingQualifications},
	} {
		check(c.what, c.f.Text, c.f.Loc, "")
	}
	for i := range a.Factors {
		e := &a.Factors[i]
		for _, c := range []struct {
			what string
			f    scoring.EntryCell
		}{
			{"the answer", e.Answer}, {"the confidence", e.Confidence},
			{"the justification", e.Justification}, {"the sources", e.Sources},
		} {
			check(c.what, c.f.Text, e.Loc(c.f), e.ID)
		}
	}
	a.Issues = append(a.Issues, add...)
}

// message says which characters cannot be drawn and what to do.
func (g *glyphCheck) message(what string, missing []rune) string {
	const shown = 8
	var list []string
	wide := false
	for i, r := range missing {
		wide = wide || r > 0xffff
		if i < shown {
			list = append(list, fmt.Sprintf("%q (U+%04X)", string(r), r))
		}
	}
	chars := strings.Join(list, ", ")
	if len(missing) > shown {
		chars += fmt.Sprintf(" and %d more", len(missing)-shown)
	}
	font := "the report font (Liberation Sans: Latin, Greek, Cyrillic)"
	if g.given {
		font = "the font " + g.font.Name
	}
	msg := fmt.Sprintf("%s has characters %s cannot draw: %s; the PDF reports show them as empty boxes, while their text layer, the workbooks and the other reports keep them", what, font, chars)
	if !allWide(missing) {
		msg += "; score with --font FILE, a TrueType font (.ttf) that has them (e.g. Noto Sans SC for Chinese)"
	}
	if wide {
		msg += "; emoji and other characters above U+FFFF cannot be drawn in the PDF reports with any font"
	}
	return msg
}

func allWide(rs []rune) bool {
	for _, r := range rs {
		if r <= 0xffff {
			return false
		}
	}
	return true
}
