package report

// The comparison's annexes on the quality of the decision: the evidence
// behind each provider's answers, and how robust the ranking is.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// compactIDs lists factor IDs grouped by objective, the objective's
// prefix written once: "SOV-1.3, 1.6 · SOV-2.1".
func compactIDs(ids []string) string {
	var b strings.Builder
	prev := ""
	for _, id := range ids {
		obj, _, ok := strings.Cut(id, ".")
		switch {
		case !ok:
			if b.Len() > 0 {
				b.WriteString(" · ")
			}
			b.WriteString(id)
			prev = ""
			continue
		case obj == prev:
			b.WriteString(", " + strings.TrimPrefix(id, "SOV-"))
			continue
		case b.Len() > 0:
			b.WriteString(" · ")
		}
		b.WriteString(id)
		prev = obj
	}
	return b.String()
}

// evidence lists, per provider, the answers by confidence, those that cite
// no valid source and the low-confidence answers to confirm with the
// provider before the award.
func (c *comparison) evidence() {
	d := c.d
	cols := []pdfColumn{
		{Header: "Provider", Width: 58},
		{Header: "High", Width: 11, Align: "R"},
		{Header: "Medium", Width: 14.5, Align: "R"},
		{Header: "Low", Width: 10, Align: "R"},
		{Header: "No source", Width: 17, Align: "R"},
		{Header: "To confirm with the provider (low confidence)"},
	}
	row := func(i int) []pdfCell {
		r := c.order[i]
		e := r.Evidence
		low := pdfCell{Text: strconv.Itoa(e.Low)}
		if e.Low > 0 {
			low.TextColor, low.Bold = &colCaution, true
		}
		confirm := pdfCell{Text: "nothing to confirm", TextColor: &pdfColMuted}
		if len(e.ToConfirm) > 0 {
			confirm = pdfCell{Text: compactIDs(e.ToConfirm)}
		}
		return []pdfCell{
			{Text: coverText(r.ProviderName()), Bold: r.Eligible},
			{Text: strconv.Itoa(e.High)}, {Text: strconv.Itoa(e.Medium)}, low,
			{Text: strconv.Itoa(e.Unsourced)}, confirm,
		}
	}
	opt := tableOptions{FontSize: pdfTableSize, Zebra: true}
	d.sectionTable("Evidence behind the answers", "Same provider order as the ranking. Answered factors by the confidence "+
		"the assessor gave; No source: answered factors that cite no valid http(s) source; to confirm: the low-confidence "+
		"answers, questions to put to the provider before relying on them.", cols, len(c.order), row, opt)
}

// robustness draws the annex that shows how much the ranking depends on
// the method: the ranking under each built-in profile beside the one
// used, with rank changes flagged, the near ties, the factors each
// eligibility rests on, and the tie-break rule.
func (c *comparison) robustness() {
	d := c.d
	var others []scoring.Ranking
	if len(c.rb.Rankings) > 1 {
		others = c.rb.Rankings[1:]
	}
	var eligible []int // indexes in c.input, by rank
	index := make(map[*scoring.Summary]int, len(c.input))
	for i, r := range c.input {
		index[r] = i
	}
	for _, r := range c.order {
		if r.Eligible {
			eligible = append(eligible, index[r])
		}
	}
	note := "How much the ranking depends on the method. " + c.tieBreakText() + "."
	if len(eligible) == 0 {
		d.section("Robustness of the ranking", note, 10)
		d.paragraph("No provider is eligible, so there is no ranking to test.", "", 9, pdfColText)
		return
	}
	items := make([]string, 0, len(others)+3)
	for _, rk := range others {
		items = append(items, c.rankingChange(rk, eligible))
	}
	items = append(items, c.nearTiesText(), c.fragileText(eligible))
	if tb := c.tiesBroken(eligible); tb != "" {
		items = append(items, tb)
	}

	near := map[int][]string{}
	for _, nt := range c.rb.NearTies {
		b, w := c.input[nt.Better], c.input[nt.Worse]
		gap := fmtFloat(nt.Gap, 2)
		near[nt.Better] = append(near[nt.Better], gap+" to rank "+strconv.Itoa(w.Rank))
		near[nt.Worse] = append(near[nt.Worse], gap+" to rank "+strconv.Itoa(b.Rank))
	}
	cols := []pdfColumn{
		{Header: "Rank", Width: 13, Align: "C"},
		{Header: "Provider"},
		{Header: "Score", Width: 20, Align: "R"},
	}
	for _, rk := range others {
		cols = append(cols, pdfColumn{Header: "Rank under " + profileName(rk.Profile), Width: 30, Align: "C"})
	}
	cols = append(cols, pdfColumn{Header: "Near tie (points to the neighbour)", Width: 60}, pdfColumn{Header: "Fragile factors", Width: 66})
	row := func(k int) []pdfCell {
		i := eligible[k]
		r := c.input[i]
		cells := []pdfCell{
			{Text: strconv.Itoa(r.Rank), Bold: true},
			{Text: coverText(r.ProviderName()), Bold: true},
			{Text: fmtFloat(r.Score, 2) + " %"},
		}
		for _, rk := range others {
			cells = append(cells, rankChangeCell(r.Rank, rk.Ranks[i], rk.Scores[i]))
		}
		nt := pdfCell{Text: "—", TextColor: &pdfColMuted}
		if s := near[i]; len(s) > 0 {
			nt = pdfCell{Text: "≈ " + strings.Join(s, "; "), TextColor: &colCaution}
		}
		fr := pdfCell{Text: "—", TextColor: &pdfColMuted}
		if len(r.Fragile) > 0 {
			fr = pdfCell{Text: fragileList(r), TextColor: &colCaution}
		}
		return append(cells, nt, fr)
	}
	opt := tableOptions{FontSize: pdfTableSize, Zebra: true}
	d.section("Robustness of the ranking", note, 30)
	d.bullets(items, 8.5)
	d.paragraph("Eligible providers by rank. Rank under another profile: with that profile's weights and divisor and "+
		"the same eligibility (↑ better, ↓ worse), its score in brackets. Fragile factors: an answer one "+
		"rung lower would make the provider ineligible; (low) marks a low-confidence answer.", "", pdfSmallSize, pdfColMuted)
	d.ensureSpace(d.tableHeight(cols, firstRows(len(eligible), row), opt))
	d.tableRows(cols, len(eligible), row, opt)
}

// rankChangeCell shows a rank under another profile beside the rank under
// the profile used: "3 ↑2 (84.10)", bold and coloured when it changed,
// "3 (84.10)" when it did not.
func rankChangeCell(used, other int, score float64) pdfCell {
	s := strconv.Itoa(other)
	c := pdfCell{}
	switch {
	case other < used:
		s += " ↑" + strconv.Itoa(used-other)
		c.Bold, c.TextColor = true, &colPass
	case other > used:
		s += " ↓" + strconv.Itoa(other-used)
		c.Bold, c.TextColor = true, &colFail
	}
	c.Text = s + " (" + fmtFloat(score, 2) + ")"
	return c
}

// rankingChange sums up the ranking under another profile: how many
// eligible providers change rank and who is first.
func (c *comparison) rankingChange(rk scoring.Ranking, eligible []int) string {
	changed := 0
	var first []string
	for _, i := range eligible {
		if rk.Ranks[i] != c.input[i].Rank {
			changed++
		}
		if rk.Ranks[i] == 1 {
			first = append(first, coverText(c.input[i].ProviderName()))
		}
	}
	s := fmt.Sprintf("Under %s (%s): %d of %d eligible provider%s change rank", profileName(rk.Profile),
		"divided by the "+divisorLabel(rk.Profile), changed, len(eligible), pluralS(len(eligible)))
	firstUsed := coverText(c.input[eligible[0]].ProviderName())
	switch {
	case len(first) == 1 && first[0] == firstUsed && c.input[eligible[0]].Rank == 1:
		s += "; " + firstUsed + " stays first."
	case len(first) > 0:
		s += "; first: " + joinAnd(first) + "."
	default:
		s += "."
	}
	return s
}

// nearTiesText counts the near ties.
func (c *comparison) nearTiesText() string {
	n := len(c.rb.NearTies)
	if n == 0 {
		return fmt.Sprintf("Near ties: no eligible neighbours are within %s points of each other.", fmtFloat(scoring.NearTieGap, 1))
	}
	return fmt.Sprintf("Near ties: %d pair%s of eligible neighbours within %s points (≈ below); a small change of one "+
		"answer could swap them.", n, pluralS(n), fmtFloat(scoring.NearTieGap, 1))
}

// fragileText counts the eligible providers whose eligibility rests on
// single answers.
func (c *comparison) fragileText(eligible []int) string {
	if noMinimum(c.p) {
		return "Fragile eligibility: the profile sets no minimum SEAL, so no single answer carries an eligibility."
	}
	n := 0
	for _, i := range eligible {
		if len(c.input[i].Fragile) > 0 {
			n++
		}
	}
	return fmt.Sprintf("Fragile eligibility: %d of %d eligible provider%s would become ineligible if one of the factors "+
		"listed were answered one rung lower; confirm those answers first.", n, len(eligible), pluralS(len(eligible)))
}

// tiesBroken says which equal published scores the tie-break separated,
// "" when none.
func (c *comparison) tiesBroken(eligible []int) string {
	var pairs []string
	for k := 1; k < len(eligible); k++ {
		a, b := c.input[eligible[k-1]], c.input[eligible[k]]
		if scoring.TieBroken(a, b) {
			pairs = append(pairs, fmt.Sprintf("ranks %d and %d", a.Rank, b.Rank))
		}
	}
	if len(pairs) == 0 {
		return ""
	}
	const most = 10
	more := ""
	if len(pairs) > most {
		more = fmt.Sprintf(" and %d more", len(pairs)-most)
		pairs = pairs[:most]
	}
	return "Equal published scores separated by the tie-break: " + strings.Join(pairs, ", ") + more + "."
}

// fragileList lists a provider's fragile factors, the low-confidence ones
// marked.
func fragileList(r *scoring.Summary) string {
	parts := make([]string, 0, len(r.Fragile))
	for _, id := range r.Fragile {
		if slices.Contains(r.Evidence.ToConfirm, id) {
			id += " (low)"
		}
		parts = append(parts, id)
	}
	return strings.Join(parts, ", ")
}
