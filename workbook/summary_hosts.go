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

// sumSubcontractors lists every host of the chain, nearest first, with its
// level and file.
func sumSubcontractors(r *scoring.Result) string {
	out := make([]string, 0, len(r.Hosts))
	for _, h := range r.Hosts {
		out = append(out, fmt.Sprintf("%s (host level %d, %s)", annName(h.Name()), h.Level, annName(h.File)))
	}
	return strings.Join(out, "\n")
}

// sumHostsNote ends the Ranking title of a run with composition.
const sumHostsNote = "; hosted providers are scored on top of their hosts' assessments (sovscore's composition convention; the CSF defines none)"
