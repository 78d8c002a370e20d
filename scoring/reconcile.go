package scoring

import (
	"cmp"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Reconciliation sets side by side the assessments of one provider made
// by different assessors, before the panel moderates them.
type Reconciliation struct {
	// Results are the assessments, in the order given.
	Results []*Result
	// Assessors names the assessor of each result: the cover's Assessor,
	// else the file name; a name given twice gets its file name added.
	Assessors []string
	// Factors lists every factor of the framework, in framework order.
	Factors []FactorAgreement
	// Objectives lists every objective, in framework order.
	Objectives []ObjectiveRange
}

// FactorAgreement is one factor across the assessments.
type FactorAgreement struct {
	Factor *Factor
	// Answers holds each assessment's outcome of the factor, in the order
	// of Reconciliation.Results.
	Answers []*FactorResult
	// Agreed is true when every assessor chose the same usable answer; a
	// factor that any assessor left without one is not agreed.
	Agreed bool
	// Option is the agreed answer, 0 when not agreed.
	Option int
	// SEALMin and SEALMax are the lowest and highest SEAL of the usable
	// answers, -1 when there is none; PointsMin and PointsMax the same
	// for the points.
	SEALMin, SEALMax     int
	PointsMin, PointsMax Points
}

// SEALSpread is the highest SEAL minus the lowest, over the usable answers.
func (f *FactorAgreement) SEALSpread() int {
	if f.SEALMin < 0 {
		return 0
	}
	return f.SEALMax - f.SEALMin
}

// PointsSpread is the most points minus the fewest, over the usable answers.
func (f *FactorAgreement) PointsSpread() Points { return f.PointsMax - f.PointsMin }

// Unanswered counts the assessors who gave no usable answer.
func (f *FactorAgreement) Unanswered() int {
	n := 0
	for _, a := range f.Answers {
		if a.Option == 0 {
			n++
		}
	}
	return n
}

// ObjectiveRange is one objective across the assessments.
type ObjectiveRange struct {
	Objective *Objective
	// Results holds each assessment's outcome of the objective.
	Results []*ObjectiveResult
	// SEALMin and SEALMax are the lowest and highest SEAL the assessments
	// give it, -1 when none gives one.
	SEALMin, SEALMax int
}

// Reconcile compares the assessments of one provider by several
// assessors, factor by factor. The results must come from the same
// framework and profile.
func Reconcile(results []*Result) Reconciliation {
	rc := Reconciliation{Results: results, Assessors: assessorNames(results)}
	if len(results) == 0 {
		return rc
	}
	for _, fr := range results[0].Factors {
		fa := FactorAgreement{Factor: fr.Factor, SEALMin: -1, SEALMax: -1}
		for _, r := range results {
			a, _ := r.FactorResult(fr.Factor.ID)
			if a == nil {
				a = &FactorResult{Factor: fr.Factor, SEAL: -1}
			}
			fa.Answers = append(fa.Answers, a)
			if a.Option == 0 {
				continue
			}
			if fa.SEALMin < 0 {
				fa.SEALMin, fa.SEALMax, fa.PointsMin, fa.PointsMax = a.SEAL, a.SEAL, a.Points, a.Points
			}
			fa.SEALMin, fa.SEALMax = min(fa.SEALMin, a.SEAL), max(fa.SEALMax, a.SEAL)
			fa.PointsMin, fa.PointsMax = min(fa.PointsMin, a.Points), max(fa.PointsMax, a.Points)
		}
		fa.Agreed = fa.Answers[0].Option > 0
		for _, a := range fa.Answers[1:] {
			fa.Agreed = fa.Agreed && a.Option == fa.Answers[0].Option
		}
		if fa.Agreed {
			fa.Option = fa.Answers[0].Option
		}
		rc.Factors = append(rc.Factors, fa)
	}
	for _, o := range results[0].Objectives {
		or := ObjectiveRange{Objective: o.Objective, SEALMin: -1, SEALMax: -1}
		for _, r := range results {
			x, _ := r.Objective(o.Objective.ID)
			or.Results = append(or.Results, x)
			if x == nil || x.SEAL < 0 {
				continue
			}
			if or.SEALMin < 0 {
				or.SEALMin, or.SEALMax = x.SEAL, x.SEAL
			}
			or.SEALMin, or.SEALMax = min(or.SEALMin, x.SEAL), max(or.SEALMax, x.SEAL)
		}
		rc.Objectives = append(rc.Objectives, or)
	}
	return rc
}

// Profile is the profile the assessments of rc were scored under (they
// share one), nil when rc holds none.
func (rc *Reconciliation) Profile() *Profile { return ProfileOf(Summaries(rc.Results)) }

// AgreedHost names the hosts every assessment was composed with (those
// each workbook names itself, the same workbooks by SHA-256), as a Host
// assessment cell names them: by provider and service, which finds the
// hosts wherever the workbook naming them is, where a file name is looked
// for beside it. "" when the assessments were composed with different
// hosts, or with none.
func (rc *Reconciliation) AgreedHost() string {
	if len(rc.Results) == 0 {
		return ""
	}
	hosts := func(r *Result) []string {
		var out []string
		for _, h := range r.Hosts {
			if h.Level == 1 {
				out = append(out, h.SHA256)
			}
		}
		slices.Sort(out)
		return out
	}
	first := hosts(rc.Results[0])
	if len(first) == 0 {
		return ""
	}
	for _, r := range rc.Results[1:] {
		if !slices.Equal(hosts(r), first) {
			return ""
		}
	}
	return rc.Results[0].HostedOn()
}

// LeftToHost reports whether every assessor left the factor to the host
// (blank or "inherited") and took the host's answer: a consensus then
// relies on the host too.
func (f *FactorAgreement) LeftToHost() bool {
	for _, a := range f.Answers {
		if a.OwnOption != 0 || a.InheritedFrom == "" {
			return false
		}
	}
	return len(f.Answers) > 0
}

// ConsensusOption is the answer a consensus of an agreed factor records:
// the one every assessor wrote themselves when they did, which scoring
// caps to the host again, else the agreed effective answer; 0 when the
// factor is not agreed.
func (f *FactorAgreement) ConsensusOption() int {
	if !f.Agreed {
		return 0
	}
	own := f.Answers[0].OwnOption
	for _, a := range f.Answers[1:] {
		if a.OwnOption != own {
			own = 0
			break
		}
	}
	if own > 0 {
		return int(own)
	}
	return f.Option
}

// LowestConfidence is the lowest confidence the assessors gave ("" when
// none gave one): a consensus is no surer than its least sure assessor.
func (f *FactorAgreement) LowestConfidence() string {
	lowest := ""
	for _, a := range f.Answers {
		if r := confidenceRank[a.Confidence]; r > 0 && (lowest == "" || r < confidenceRank[lowest]) {
			lowest = a.Confidence
		}
	}
	return lowest
}

// confidenceRank orders the confidences ParseConfidence accepts.
var confidenceRank = map[string]int{"low": 1, "medium": 2, "high": 3}

// Agreed counts the agreed factors.
func (rc *Reconciliation) Agreed() int {
	n := 0
	for i := range rc.Factors {
		if rc.Factors[i].Agreed {
			n++
		}
	}
	return n
}

// Divergent returns the factors that are not agreed, in the order a
// moderation takes them: the largest SEAL spread first, then the largest
// points spread, then the most assessors without an answer, then
// framework order.
func (rc *Reconciliation) Divergent() []*FactorAgreement {
	var out []*FactorAgreement
	for i := range rc.Factors {
		if !rc.Factors[i].Agreed {
			out = append(out, &rc.Factors[i])
		}
	}
	slices.SortStableFunc(out, func(a, b *FactorAgreement) int {
		return cmp.Or(
			cmp.Compare(b.SEALSpread(), a.SEALSpread()),
			cmp.Compare(b.PointsSpread(), a.PointsSpread()),
			cmp.Compare(b.Unanswered(), a.Unanswered()))
	})
	return out
}

// Warnings lists what the panel must know before it moderates: the
// workbooks name different providers or services, two name the same
// assessor, or they declare different framework versions.
func (rc *Reconciliation) Warnings() []string {
	var out []string
	if len(rc.Results) == 0 {
		return nil
	}
	first := rc.Results[0]
	for _, r := range rc.Results[1:] {
		if w := pairWarning(first, r); w != "" {
			out = append(out, w)
		}
	}
	seen := map[string]string{}
	for _, r := range rc.Results {
		name := strings.ToLower(Normalize(r.Provider.Assessor.Text))
		if name == "" {
			out = append(out, fmt.Sprintf("%s names no assessor", r.File))
			continue
		}
		if prev, ok := seen[name]; ok {
			out = append(out, fmt.Sprintf("%s and %s name the same assessor (%q): a panel compares different assessors",
				prev, r.File, Normalize(r.Provider.Assessor.Text)))
			continue
		}
		seen[name] = r.File
	}
	if w := versionWarning(rc.Results); w != "" {
		out = append(out, w)
	}
	return out
}

// assessorNames names each result's assessor: the cover's Assessor or,
// when empty, the file name; a name used by several results gets the
// file name in brackets.
func assessorNames(results []*Result) []string {
	names := make([]string, len(results))
	count := map[string]int{}
	for i, r := range results {
		names[i] = Normalize(r.Provider.Assessor.Text)
		if names[i] == "" {
			names[i] = path.Base(filepath.ToSlash(r.File))
		}
		count[strings.ToLower(names[i])]++
	}
	for i, r := range results {
		if count[strings.ToLower(names[i])] > 1 {
			names[i] += " (" + path.Base(filepath.ToSlash(r.File)) + ")"
		}
	}
	return names
}
