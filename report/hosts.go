package report

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// What the reports show of composition (issue #11): a service scored on
// top of its host's assessment. The CSF defines no such rule, so every
// report that applies it names it as sovscore's convention.

// compositionRule is the rule in one sentence, for the reports.
const compositionRule = "Composition is sovscore's own convention (the Cloud Sovereignty Framework defines no rule for a " +
	"service on a host): infrastructure factors take the host's answer when the service leaves them blank or \"inherited\", " +
	"and an own answer counts only up to the host's; composite factors count the lower of the service's and the host's answers; " +
	"service factors are the service's own. With several hosts the lowest answer counts; a host with errors or unanswered " +
	"factors cannot be relied on, and what the service takes from it counts as unanswered."

// anyHosted reports whether any summary was composed with a host.
func anyHosted(sums []*scoring.Summary) bool {
	for _, s := range sums {
		if s != nil && len(s.Hosts) > 0 {
			return true
		}
	}
	return false
}

// compositionNote is results.json's note: the rule, or "" when no
// provider was composed.
func compositionNote(results []*scoring.Result) string {
	for _, r := range results {
		if r != nil && len(r.Hosts) > 0 {
			return compositionRule
		}
	}
	return ""
}

type jsonHost struct {
	Provider string `json:"provider"`
	Service  string `json:"service"`
	File     string `json:"file"`
	SHA256   string `json:"sha256"`
	Date     string `json:"date"`
	// Level is 1 for a host the workbook names, 2 for its host, ...
	Level int `json:"level"`
}

// hostsJSON never returns nil, so the array is [] rather than null.
func hostsJSON(hs []scoring.HostRef) []jsonHost {
	out := make([]jsonHost, 0, len(hs))
	for _, h := range hs {
		out = append(out, jsonHost{Provider: h.Provider, Service: h.Service, File: h.File, SHA256: h.SHA256, Date: h.Date, Level: h.Level})
	}
	return out
}

// layersJSON lists a profile's class overrides in framework order.
func layersJSON(fw *scoring.Framework, p *scoring.Profile) ordered[string] {
	out := ordered[string]{}
	if len(p.Layers) == 0 {
		return out
	}
	if fw == nil {
		fw = scoring.Default()
	}
	for _, f := range fw.Factors() {
		if l, ok := p.Layers[f.ID]; ok {
			out = append(out, keyValue[string]{f.ID, l.String()})
		}
	}
	return out
}

// chainText is "Lumen Docs on Vela PaaS on Ferrum IaaS" for a chain of
// single hosts; with several hosts at a level they are joined by "and".
func chainText(name string, hs []scoring.HostRef) string {
	parts := []string{name}
	for level := 1; ; level++ {
		var at []string
		for _, h := range hs {
			if h.Level == level {
				at = append(at, coverText(h.Name()))
			}
		}
		if len(at) == 0 {
			break
		}
		parts = append(parts, strings.Join(at, " and "))
	}
	return strings.Join(parts, " on ")
}

// hostLine describes one host for a scorecard or comparison: name, level,
// file and digest.
func hostLine(h scoring.HostRef) string {
	s := fmt.Sprintf("%s (level %d): %s", coverText(h.Name()), h.Level, coverText(filepath.Base(h.File)))
	if h.SHA256 != "" {
		s += ", SHA-256 " + h.SHA256
	}
	return s
}

// inheritedMark is how a factor table marks an answer taken from a host,
// "" for an own answer.
func inheritedMark(f scoring.FactorResult) string {
	switch {
	case f.Capped:
		own := ""
		if a, ok := f.Factor.Answer(int(f.OwnOption)); ok {
			own = " " + a.Display()
		}
		return fmt.Sprintf("Capped to the host's answer (%s); the workbook says%s", coverText(f.InheritedFrom), own)
	case f.InheritedFrom != "":
		return "Inherited from " + coverText(f.InheritedFrom)
	}
	return ""
}

// hostChain draws, under a composed scorecard's header, the chain of
// host assessments the result rests on, one line per host with its
// assessment date and digest, and says whose rule composition is.
func (sc *scorecard) hostChain() {
	r := sc.r
	if len(r.Hosts) == 0 {
		return
	}
	svc := coverText(r.ProviderName())
	if s := coverText(r.Provider.Service.Text); s != "" {
		svc += " / " + s
	}
	pairs := [][2]string{{"Host chain", chainText(svc, r.Hosts)}}
	for _, h := range r.Hosts {
		label := "Hosted on"
		if h.Level > 1 {
			label = fmt.Sprintf("Host, level %d", h.Level)
		}
		v := coverText(h.Name())
		if h.Date != "" {
			v += ", assessed " + h.Date
		}
		v += ", " + coverText(filepath.Base(h.File))
		if h.SHA256 != "" {
			v += ", SHA-256 " + h.SHA256
		}
		pairs = append(pairs, [2]string{label, v})
	}
	sc.d.keyValueBlock(pairs, 31)
	sc.d.paragraph(fmt.Sprintf("Answers marked inherited or capped come from the host chain (%d inherited, %d capped), "+
		"under sovscore's own composition convention: the Cloud Sovereignty Framework defines no rule for a service on a host. "+
		"See \"How this scorecard is computed\".", countMarked(r, false), countMarked(r, true)), "", 7.5, pdfColMuted)
	sc.d.rule()
}

// countMarked counts the factors inherited from a host (capped false) or
// capped to it (capped true).
func countMarked(r *scoring.Result, capped bool) int {
	n := 0
	for _, f := range r.Factors {
		if f.InheritedFrom != "" && f.Capped == capped {
			n++
		}
	}
	return n
}

// sealSetBy names, for a composed result, the factors that set an
// objective's SEAL, marking those whose answer comes from a host: " set by
// SOV-8.1 (inherited from Ferrum Cloud) and SOV-8.3"; "" for a result
// without a host, whose scorecard stays as it was.
func sealSetBy(r *scoring.Result, o *scoring.ObjectiveResult) string {
	if len(r.Hosts) == 0 || len(o.BoundBy) == 0 {
		return ""
	}
	parts := make([]string, 0, len(o.BoundBy))
	fromHost := false
	for _, id := range o.BoundBy {
		if fr, ok := r.FactorResult(id); ok && fr.InheritedFrom != "" {
			fromHost = true
			if fr.Capped {
				id += " (capped to " + coverText(fr.InheritedFrom) + ")"
			} else {
				id += " (inherited from " + coverText(fr.InheritedFrom) + ")"
			}
		}
		parts = append(parts, id)
	}
	switch {
	case !fromHost && len(parts) == len(o.Objective.Factors):
		return " set by every factor (own answers)"
	case !fromHost:
		return " set by " + joinAnd(parts) + " (own answers)"
	}
	return " set by " + joinAnd(parts)
}

// joinAnd is "a, b and c".
func joinAnd(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// withHostedOn adds a "Hosted on" column after the comparison ranking's
// Service column, which gives it room.
func withHostedOn(cols []pdfColumn) []pdfColumn {
	out := slices.Clone(cols)
	for i, c := range out {
		if c.Header == "Service" {
			out[i].Width = 45
			return slices.Insert(out, i+1, pdfColumn{Header: "Hosted on", Width: 50})
		}
	}
	return out
}

// hostsSection lists, in a run where some provider was composed with a
// host, every provider's hosts and subcontractors (the whole host chain,
// with files and digests), which an evaluation report must name
// (Directive 2014/24/EU art. 84), and the rule applied.
func (c *comparison) hostsSection() {
	if !anyHosted(c.input) {
		return
	}
	d := c.d
	row := func(i int) []pdfCell {
		r := c.input[i]
		var lines []string
		for _, h := range r.Hosts {
			lines = append(lines, "• "+hostLine(h))
		}
		if len(lines) == 0 {
			text := "No host assessment named"
			if h := coverText(r.Provider.Hosting.Text); h != "" {
				text += "; the Cover names the hosting provider " + h + " (not assessed here)"
			}
			lines = append(lines, text)
		}
		return []pdfCell{
			{Text: coverText(r.ProviderName()), Bold: true},
			{Text: orDash(coverText(r.HostedOn()))},
			{Text: strings.Join(lines, "\n")},
		}
	}
	cols := []pdfColumn{
		{Header: "Provider", Width: 60},
		{Header: "Hosted on", Width: 60},
		{Header: "Subcontractors: the host chain"},
	}
	opt := tableOptions{FontSize: pdfTableSize, Zebra: true}
	d.sectionTable("Hosts and subcontractors", "In input order. "+compositionRule, cols, len(c.input), row, opt)
}

// mdHostMark marks, in the Markdown table form, an answer taken from a
// host: "[inherited from Ferrum Cloud: 3. PUE < 1.5 + roadmap]".
func mdHostMark(f scoring.FactorResult) string {
	if f.InheritedFrom == "" {
		return ""
	}
	ans := "no usable answer"
	if a, ok := f.Answer(); ok {
		ans = a.Display()
	}
	if f.Capped {
		return "[capped to the host's answer, " + f.InheritedFrom + ": " + ans + "]"
	}
	return "[inherited from " + f.InheritedFrom + ": " + ans + "]"
}
