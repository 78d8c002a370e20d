package report

// The parts of results.json that document the method and the procedure:
// the robustness of the ranking and the dossier.

import "github.com/sovscore/sovscore/scoring"

// jsonRobustness is scoring.Robustness, by file.
type jsonRobustness struct {
	// Ranks holds, for the profile used and then each other built-in
	// profile, every provider's rank (0: not eligible) and score under
	// its weights, in the order of providers.
	Ranks    ordered[[]jsonRank] `json:"ranks"`
	NearTies []jsonNearTie       `json:"near_ties"`
	// TieBreak are the tie-break keys of the profile used, TieBreakRule
	// the rule in words.
	TieBreak     []string `json:"tie_break"`
	TieBreakRule string   `json:"tie_break_rule"`
}

// jsonRank is one provider's place under one profile; Changed is set when
// the rank differs from the rank under the profile used.
type jsonRank struct {
	File    string  `json:"file"`
	Rank    int     `json:"rank"`
	Score   float64 `json:"score"`
	Changed bool    `json:"changed"`
}

// jsonNearTie is scoring.NearTie, by file.
type jsonNearTie struct {
	Better     string  `json:"better"`
	BetterRank int     `json:"better_rank"`
	Worse      string  `json:"worse"`
	WorseRank  int     `json:"worse_rank"`
	Gap        float64 `json:"gap"`
}

// robustnessJSON computes the robustness of the ranked results (see
// scoring.Assess); nil without a framework or results.
func robustnessJSON(fw *scoring.Framework, p *scoring.Profile, results []*scoring.Result) *jsonRobustness {
	if fw == nil || len(results) == 0 {
		return nil
	}
	rb := scoring.Assess(fw, scoring.Summaries(results))
	if used := rb.Rankings[0].Profile; used != nil {
		p = used
	}
	jr := &jsonRobustness{Ranks: ordered[[]jsonRank]{}, NearTies: []jsonNearTie{}, TieBreak: []string{}, TieBreakRule: scoring.TieBreakRule(p)}
	if p != nil {
		jr.TieBreak = append(jr.TieBreak, p.TieBreak...)
	}
	base := rb.Rankings[0].Ranks
	for _, rk := range rb.Rankings {
		pr := keyValue[[]jsonRank]{Key: profileName(rk.Profile), Value: make([]jsonRank, len(results))}
		for i, r := range results {
			pr.Value[i] = jsonRank{File: r.File, Rank: rk.Ranks[i], Score: round(rk.Scores[i], 2), Changed: rk.Ranks[i] != base[i]}
		}
		jr.Ranks = append(jr.Ranks, pr)
	}
	for _, nt := range rb.NearTies {
		b, w := results[nt.Better], results[nt.Worse]
		jr.NearTies = append(jr.NearTies, jsonNearTie{Better: b.File, BetterRank: b.Rank, Worse: w.File, WorseRank: w.Rank, Gap: round(nt.Gap, 2)})
	}
	return jr
}

// jsonDossier is the part of the dossier that records the decision's
// procedure.
type jsonDossier struct {
	Authority string            `json:"authority"`
	Procedure string            `json:"procedure"`
	Lot       string            `json:"lot"`
	Version   string            `json:"version"`
	Status    string            `json:"status"`
	Panel     []jsonPanelMember `json:"panel"`
}

type jsonPanelMember struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

func dossierJSON(d *Dossier) *jsonDossier {
	if d == nil {
		return nil
	}
	jd := &jsonDossier{Authority: d.Authority, Procedure: d.Procedure, Lot: d.Lot, Version: d.Version, Status: d.Status,
		Panel: make([]jsonPanelMember, 0, len(d.Panel))}
	for _, m := range d.Panel {
		jd.Panel = append(jd.Panel, jsonPanelMember(m))
	}
	return jd
}
