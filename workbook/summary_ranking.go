package workbook

import (
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// The Ranking sheet of the summary: one row per provider, in
// scoring.DisplayOrder, with its verdict and the reasons for it, each
// objective's outcome against the profile and how well its answers are
// supported.

// sumRankingHeads are the Ranking sheet's first columns; the hosts'
// columns (when some provider is hosted) go after File.
var (
	sumRankingHeads  = []string{"Rank", "Provider", "File", "Score", "SEAL", "Complete", "Eligible", "Errors", "Warnings", "Reasons not eligible"}
	sumRankingWidths = []float64{7, 34, 32, 9, 10, 10, 10, 8, 10, 80}
	// The evidence columns, after the objectives' outcomes.
	sumEvidenceHeads  = []string{"High confidence", "Medium confidence", "Low confidence", "Unsourced answers", "To confirm with the provider (low confidence)"}
	sumEvidenceWidths = []float64{11, 11, 11, 11, 44}
)

func (s *summary) ranking() error {
	fw := s.framework()
	heads := append([]string{}, sumRankingHeads...)
	widths := append([]float64{}, sumRankingWidths...)
	hosted := sumHosted(s.order)
	if hosted {
		heads = append(heads[:3:3], append([]string{"Hosted on", "Subcontractors (host chain)"}, heads[3:]...)...)
		widths = append(widths[:3:3], append([]float64{30, 50}, widths[3:]...)...)
	}
	for _, o := range fw.Objectives {
		heads = append(heads, o.ID+" result")
		widths = append(widths, 13)
	}
	heads = append(heads, sumEvidenceHeads...)
	widths = append(widths, sumEvidenceWidths...)
	title := s.rankingTitle()
	if hosted {
		title += sumHostsNote
	}
	cells := make([]sumCell, 0, len(heads))
	var reasons []string
	return s.table(RankingSheet, title, heads, widths, 2, len(s.order), func(i int) []sumCell {
		r := s.order[i]
		reasons = reasons[:0]
		for _, rs := range r.Reasons {
			reasons = append(reasons, rs.Message)
		}
		cells = append(cells[:0], sumCell{sumRank(r.Rank), s.integer}, sumCell{r.ProviderName(), s.text}, sumCell{r.File, s.text})
		if hosted {
			cells = append(cells, sumCell{annName(r.HostedOn()), s.textWrap}, sumCell{clipUTF16(sumSubcontractors(r), maxCellChars), s.textWrap})
		}
		cells = append(cells, sumCell{r.Score, s.number},
			sumCell{scoring.SEALLabel(r.SEAL, r.Provisional), s.st.sealStyle(r.SEAL)}, sumCell{sumYesNo(r.Complete), s.textCenter}, sumEligible(&s.st, r.Eligible),
			sumCell{r.Issues.Errors(), s.integer}, sumCell{r.Issues.Warnings(), s.integer},
			sumCell{strings.Join(reasons, "\n"), s.textWrap})
		for _, o := range fw.Objectives {
			c := sumCell{nil, s.textCenter}
			if or, ok := r.Objective(o.ID); ok {
				c = sumCell{string(or.Status()), s.st.statusStyle(or.Status(), s.textCenter)}
			}
			cells = append(cells, c)
		}
		ev := r.Evidence
		return append(cells, sumCell{ev.High, s.integer}, sumCell{ev.Medium, s.integer}, sumCell{ev.Low, s.integer},
			sumCell{ev.Unsourced, s.integer}, sumCell{strings.Join(ev.ToConfirm, ", "), s.text})
	})
}

// rankingTitle is the Ranking sheet's title: how it was made, the hash
// of the profile (which identifies the method applied) and, when the profile sets
// no minimum SEAL, what eligible means.
func (s *summary) rankingTitle() string {
	t := s.title("Ranking")
	if p := s.prof; p != nil {
		t += "; profile SHA-256 " + p.SHA256()
		if !p.HasMinimum() {
			t += "; " + scoring.NoMinimumNote
		}
	}
	return t
}
