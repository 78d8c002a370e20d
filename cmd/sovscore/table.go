package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/sovscore/sovscore/scoring"
)

// printTable prints the human summary: eligible providers by rank, then
// the others in input order.
func printTable(w io.Writer, results []*scoring.Summary) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RANK\tPROVIDER\tSCORE\tSEAL\tELIGIBLE\tERRORS\tWARNINGS\tFILE")
	// starred: some printed SEAL carries the provisional mark, which the
	// footnote explains. A file that could not be read is provisional but
	// prints no SEAL.
	starred := false
	for _, r := range scoring.DisplayOrder(results) {
		rank := "-"
		if r.Rank > 0 {
			rank = fmt.Sprint(r.Rank)
		}
		seal := "-"
		if r.SEAL >= 0 {
			seal = scoring.SEALLabel(r.SEAL, r.Provisional)
			starred = starred || r.Provisional
		}
		elig := "yes"
		if !r.Eligible {
			elig = "no"
		}
		score := fmt.Sprintf("%.2f", r.Score)
		if r.Unreadable() {
			score = "-" // nothing was scored: 0.00 would read as a result
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\n", rank, clipName(r.ProviderName(), 40), score, seal, elig,
			r.Issues.Errors(), r.Issues.Warnings(), displayName(r.File))
	}
	tw.Flush()
	printHostChains(w, results)
	if starred {
		fmt.Fprintln(w, "* provisional: some factors are unanswered, so the SEAL may be lower once they are")
	}
	if p := scoring.ProfileOf(results); p != nil && !p.HasMinimum() {
		fmt.Fprintf(w, "ELIGIBLE: %s (profile %s)\n", scoring.NoMinimumNote, p.Name)
	}
}

// clipName makes a provider name fit one table cell: control characters
// become spaces, and long names are clipped.
func clipName(s string, n int) string {
	return scoring.Clip(strings.Map(func(r rune) rune {
		if r < ' ' {
			return ' '
		}
		return r
	}, s), n)
}
