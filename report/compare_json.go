package report

import (
	"fmt"
	"io"

	"github.com/sovscore/sovscore/scoring"
)

// The diff.json and reconcile.json contracts (README). As for
// results.json, explicit structs keep the field order, and fields are
// added, never renamed or removed.

type jsonDiffDoc struct {
	Tool      jsonTool      `json:"tool"`
	Framework jsonFramework `json:"framework"`
	Profile   *jsonProfile  `json:"profile"`
	// Note is scoring.NoMinimumNote when the profile sets no minimum
	// SEAL, as in results.json; absent otherwise.
	Note    string     `json:"note,omitempty"`
	Pairs   []jsonPair `json:"pairs"`
	Added   []jsonSide `json:"added"`
	Removed []jsonSide `json:"removed"`
}

// jsonSide is one workbook of a comparison.
type jsonSide struct {
	File     string  `json:"file"`
	SHA256   string  `json:"sha256"`
	Provider string  `json:"provider"`
	Service  string  `json:"service"`
	Date     string  `json:"date"`
	Score    float64 `json:"score"`
	SEAL     int     `json:"seal"`
	Eligible bool    `json:"eligible"`
}

type jsonPair struct {
	Old               jsonSide            `json:"old"`
	New               jsonSide            `json:"new"`
	ScoreDelta        float64             `json:"score_delta"`
	SEALChange        string              `json:"seal_change"`
	EligibilityChange string              `json:"eligibility_change"`
	Objectives        []jsonObjectiveDiff `json:"objectives"`
	Factors           []jsonFactorDiff    `json:"factors"`
	ProblemsAdded     []jsonIssue         `json:"problems_added"`
	ProblemsResolved  []jsonIssue         `json:"problems_resolved"`
}

type jsonObjectiveDiff struct {
	ID          string  `json:"id"`
	PointsDelta float64 `json:"points_delta"`
	SEALOld     int     `json:"seal_old"`
	SEALNew     int     `json:"seal_new"`
}

type jsonFactorDiff struct {
	ID          string   `json:"id"`
	Change      []string `json:"change"`
	OldOption   int      `json:"old_option"`
	NewOption   int      `json:"new_option"`
	PointsDelta float64  `json:"points_delta"`
	SEALOld     int      `json:"seal_old"`
	SEALNew     int      `json:"seal_new"`
}

type jsonReconcileDoc struct {
	Provider  string              `json:"provider"`
	Service   string              `json:"service"`
	Assessors []jsonAssessor      `json:"assessors"`
	Factors   []jsonFactorAnswers `json:"factors"`
}

type jsonAssessor struct {
	Name   string  `json:"name"`
	File   string  `json:"file"`
	SHA256 string  `json:"sha256"`
	Score  float64 `json:"score"`
	SEAL   int     `json:"seal"`
}

type jsonFactorAnswers struct {
	ID      string       `json:"id"`
	Agreed  bool         `json:"agreed"`
	Answers []jsonAnswer `json:"answers"`
}

type jsonAnswer struct {
	Assessor   string `json:"assessor"`
	Option     int    `json:"option"`
	Confidence string `json:"confidence"`
}

// WriteDiffJSON writes diff.json: the tool, framework and profile, each
// pair of workbooks with what changed between them, and the workbooks
// found on one side only. Equal input gives byte-identical output.
func WriteDiffJSON(w io.Writer, info RunInfo, fw *scoring.Framework, p *scoring.Profile, c scoring.Comparison) error {
	doc := jsonDiffDoc{
		Tool:    jsonTool{Name: info.ToolName, Version: info.ToolVersion},
		Pairs:   make([]jsonPair, 0, len(c.Pairs)),
		Added:   sidesJSON(c.Added),
		Removed: sidesJSON(c.Removed),
	}
	if fw != nil {
		doc.Framework = jsonFramework{Name: fw.Name, Version: fw.Version}
	}
	if p != nil {
		doc.Profile = profileJSON(fw, p)
		if !p.HasMinimum() {
			doc.Note = scoring.NoMinimumNote
		}
	}
	for i := range c.Pairs {
		doc.Pairs = append(doc.Pairs, pairJSON(&c.Pairs[i]))
	}
	return writeIndentedJSON(w, "diff.json", doc)
}

func pairJSON(d *scoring.PairDiff) jsonPair {
	jp := jsonPair{
		Old: sideJSON(&d.Old.Summary), New: sideJSON(&d.New.Summary),
		ScoreDelta:        round(d.ScoreDelta, 2),
		SEALChange:        string(d.SEALChange),
		EligibilityChange: string(d.EligibilityChange),
		Objectives:        make([]jsonObjectiveDiff, 0, len(d.Objectives)),
		Factors:           make([]jsonFactorDiff, 0, len(d.Factors)),
		ProblemsAdded:     issuesJSON(d.ProblemsAdded),
		ProblemsResolved:  issuesJSON(d.ProblemsResolved),
	}
	for i := range d.Objectives {
		o := &d.Objectives[i]
		jp.Objectives = append(jp.Objectives, jsonObjectiveDiff{ID: o.Objective.ID,
			PointsDelta: o.PointsDelta().Float(), SEALOld: o.Old.SEAL, SEALNew: o.New.SEAL})
	}
	for i := range d.Factors {
		f := &d.Factors[i]
		changes := make([]string, len(f.Changes))
		for k, c := range f.Changes {
			changes[k] = string(c)
		}
		jp.Factors = append(jp.Factors, jsonFactorDiff{ID: f.Factor.ID, Change: changes,
			OldOption: f.Old.Option, NewOption: f.New.Option,
			PointsDelta: f.PointsDelta().Float(), SEALOld: f.Old.SEAL, SEALNew: f.New.SEAL})
	}
	return jp
}

func sidesJSON(rs []*scoring.Result) []jsonSide {
	out := make([]jsonSide, 0, len(rs))
	for _, r := range rs {
		out = append(out, sideJSON(&r.Summary))
	}
	return out
}

// sideJSON describes a workbook for diff.json. Its date is the cover's
// text as written (README's diff.json contract), unlike results.json's
// date, which is YYYY-MM-DD with date_text beside it.
func sideJSON(s *scoring.Summary) jsonSide {
	return jsonSide{File: s.File, SHA256: s.SHA256, Provider: s.ProviderName(),
		Service: scoring.Normalize(s.Provider.Service.Text), Date: scoring.Normalize(s.Provider.Date.Text),
		Score: round(s.Score, 2), SEAL: s.SEAL, Eligible: s.Eligible}
}

// WriteReconcileJSON writes reconcile.json: the provider and service (of
// the first workbook), each assessor's workbook and score, and every
// factor in framework order with whether the assessors agree and each
// one's answer and confidence.
func WriteReconcileJSON(w io.Writer, rc *scoring.Reconciliation) error {
	doc := jsonReconcileDoc{Assessors: make([]jsonAssessor, 0, len(rc.Results)), Factors: make([]jsonFactorAnswers, 0, len(rc.Factors))}
	if len(rc.Results) > 0 {
		first := rc.Results[0]
		doc.Provider, doc.Service = first.ProviderName(), scoring.Normalize(first.Provider.Service.Text)
	}
	for i, r := range rc.Results {
		doc.Assessors = append(doc.Assessors, jsonAssessor{Name: rc.Assessors[i], File: r.File, SHA256: r.SHA256,
			Score: round(r.Score, 2), SEAL: r.SEAL})
	}
	for _, fa := range rc.Factors {
		jf := jsonFactorAnswers{ID: fa.Factor.ID, Agreed: fa.Agreed, Answers: make([]jsonAnswer, 0, len(fa.Answers))}
		for i, a := range fa.Answers {
			jf.Answers = append(jf.Answers, jsonAnswer{Assessor: rc.Assessors[i], Option: a.Option, Confidence: a.Confidence})
		}
		doc.Factors = append(doc.Factors, jf)
	}
	return writeIndentedJSON(w, "reconcile.json", doc)
}

// writeIndentedJSON writes v as results.json is written (encodeJSON,
// two-space indent) with a final newline.
func writeIndentedJSON(w io.Writer, name string, v any) error {
	b, err := encodeJSON(v, "", "  ")
	if err != nil {
		return fmt.Errorf("report: %s: %w", name, err)
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("report: %s: %w", name, err)
	}
	return nil
}
