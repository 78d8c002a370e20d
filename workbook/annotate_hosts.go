package workbook

import (
	"fmt"
	"path/filepath"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// What the annotated copy of a service composed with a host assessment
// shows (issue #11): a note on each answer cell that takes its host's
// answer, a Check text saying so, and the host chain on the Scorecard.

// annConvention says whose rule composition is, wherever it is applied.
const annConvention = "sovscore's composition convention: the Cloud Sovereignty Framework defines no rule for a service on a host"

// annHostNotes returns, for each answer cell whose answer was inherited
// from a host, the line that says so, keyed by sheet and cell. A capped
// answer needs none: its claim-above-host warning names the host and both
// answers.
func annHostNotes(r *scoring.Result) map[[2]string]string {
	out := map[[2]string]string{}
	for i := range r.Factors {
		fr := &r.Factors[i]
		if fr.InheritedFrom == "" || fr.Capped || fr.Entry == nil || fr.Entry.Answer.Col == 0 {
			continue
		}
		loc := fr.Entry.Loc(fr.Entry.Answer)
		out[[2]string{loc.Sheet, loc.Cell}] = annInheritedText(fr)
	}
	return out
}

// annInheritedText is "SOV-8.1: inherited from Ferrum Cloud, answer 3.
// PUE < 1.5 + roadmap (infrastructure factor; sovscore's composition
// convention: ...)."
func annInheritedText(fr *scoring.FactorResult) string {
	ans := "no usable answer"
	if a, ok := fr.Answer(); ok {
		ans = "answer " + a.Display()
	}
	return fmt.Sprintf("%s: inherited from %s, %s (%s factor; %s).", fr.Factor.ID, annName(fr.InheritedFrom), ans, fr.Layer, annConvention)
}

// annNoteCells adds to list the answer cells that carry a host note but
// no problem, and gives the cells that have both the note too.
func annNoteCells(r *scoring.Result, byCell map[[2]string]*annCell, list []*annCell, known map[string]int) []*annCell {
	for k, text := range annHostNotes(r) {
		if _, ok := known[k[0]]; !ok {
			continue
		}
		c := byCell[k]
		if c == nil {
			col, row, err := excelize.CellNameToCoordinates(k[1])
			if err != nil {
				continue
			}
			c = &annCell{sheet: k[0], cell: k[1], col: col, row: row}
			byCell[k] = c
			list = append(list, c)
		}
		c.info = text
	}
	return list
}

// annHostCheck is what the Check column says of an inherited answer.
func annHostCheck(fr *scoring.FactorResult) string {
	if fr.InheritedFrom == "" || fr.Capped {
		return ""
	}
	return "Inherited from " + annName(fr.InheritedFrom)
}

// annHostInfo lists the host chain for the Scorecard's assessment block:
// one row per host, nearest first, and the rule applied.
func annHostInfo(r *scoring.Result) []struct{ label, value string } {
	if len(r.Hosts) == 0 {
		return nil
	}
	var out []struct{ label, value string }
	for _, h := range r.Hosts {
		label := "Hosted on"
		if h.Level > 1 {
			label = fmt.Sprintf("Host, level %d", h.Level)
		}
		value := fmt.Sprintf("%s (%s", annName(h.Name()), annName(filepath.Base(h.File)))
		if h.SHA256 != "" {
			value += ", SHA-256 " + h.SHA256
		}
		out = append(out, struct{ label, value string }{label, value + ")"})
	}
	inherited, capped := 0, 0
	for _, fr := range r.Factors {
		switch {
		case fr.Capped:
			capped++
		case fr.InheritedFrom != "":
			inherited++
		}
	}
	out = append(out, struct{ label, value string }{"Composition", fmt.Sprintf(
		"%d answer(s) inherited from the host, %d capped to the host's answer: infrastructure factors take the host's answer, "+
			"composite factors the lower of the two, service factors are the service's own (%s).",
		inherited, capped, annConvention)})
	return out
}

// annName shortens a name from a workbook (a provider, a file) for a cell
// or note: a pasted page must not make a row taller than a sheet allows.
func annName(s string) string { return scoring.Clip(s, 240) }
