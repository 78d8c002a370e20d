package workbook

import (
	"fmt"
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// The summary of a run where some provider was composed with its host's
// assessment (issue #11) shows, on the Ranking sheet, what each provider
// is hosted on and its subcontractors: every host of its chain, which an
// evaluation report must name (Directive 2014/24/EU art. 84).

// sumHosted reports whether any result was composed with a host.
func sumHosted(rs []*scoring.Result) bool {
	for _, r := range rs {
		if r != nil && len(r.Hosts) > 0 {
			return true
		}
	}
	return false
}

// sumHostName is "Provider / Service".
func sumHostName(h scoring.HostRef) string {
	if h.Service == "" {
		return h.Provider
	}
	return h.Provider + " / " + h.Service
}

// sumHostedOn names the hosts a provider names itself.
func sumHostedOn(r *scoring.Result) string {
	var out []string
	for _, h := range r.Hosts {
		if h.Level == 1 {
			out = append(out, sumHostName(h))
		}
	}
	return strings.Join(out, "; ")
}

// sumSubcontractors lists every host of the chain, nearest first, with its
// level and file.
func sumSubcontractors(r *scoring.Result) string {
	out := make([]string, 0, len(r.Hosts))
	for _, h := range r.Hosts {
		out = append(out, fmt.Sprintf("%s (host level %d, %s)", sumHostName(h), h.Level, h.File))
	}
	return strings.Join(out, "\n")
}

// sumHostsNote ends the Ranking title of a run with composition.
const sumHostsNote = "; hosted providers are scored on top of their hosts' assessments (sovscore's composition convention; the CSF defines none)"
