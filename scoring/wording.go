package scoring

import "strings"

// NoMinimumNote is what every report says where it shows eligibility
// under a profile that sets no minimum SEAL (see Profile.HasMinimum):
// "eligible" must not read as a sovereignty verdict it is not.
const NoMinimumNote = "no minimum SEAL set: eligible means complete and free of errors"

// TieBreakRule says in words how p ranks providers: on the published
// score, then its tie-break keys (Profile.TieBreak), what is still equal
// sharing a rank. Every report that declares the rule uses it, or
// TieBreakOrder where the text has already said that the published score
// ranks.
func TieBreakRule(p *Profile) string {
	return "the higher published score (2 decimals) ranks first; " + TieBreakOrder(p)
}

// TieBreakOrder says in words how p orders equal published scores: by its
// tie-break keys (higher first), what is still equal sharing a rank.
func TieBreakOrder(p *Profile) string {
	var keys []string
	if p != nil {
		for _, k := range p.TieBreak {
			if k == TieBreakSEAL {
				keys = append(keys, "the overall SEAL")
			} else {
				keys = append(keys, "the points of "+k)
			}
		}
	}
	if len(keys) == 0 {
		return "equal published scores share a rank"
	}
	return "equal published scores are ordered by " + strings.Join(keys, ", then ") +
		" (higher first); what is still equal shares a rank"
}
