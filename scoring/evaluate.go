package scoring

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// Evaluate validates an assessment and scores it under a profile. It never
// fails: every problem becomes an Issue on the result. An assessment that
// names a host leaves its blank or "inherited" infrastructure factors
// unanswered until Compose gives them the host's answers.
func Evaluate(fw *Framework, a *Assessment, p *Profile) *Result {
	r := &Result{Summary: Summary{
		File: a.File, SHA256: a.SHA256, Provider: a.Provider, Profile: p, Framework: fw,
		Complete: true, SEAL: -1,
	}}
	for _, is := range a.Issues {
		r.Issues = append(r.Issues, namingFactor(is))
	}
	if !a.Unreadable() {
		var cover Issues
		cover, r.Date = checkCover(fw, a)
		r.Issues = append(r.Issues, cover...)
	}
	// Results stay in memory for the whole run: no spare capacity.
	r.Factors = make([]FactorResult, 0, len(fw.Factors()))
	hosted := len(a.Provider.HostReferences()) > 0
	for _, o := range fw.Objectives {
		for _, f := range o.Factors {
			fr := evaluateFactor(f, a, p.LayerOf(f), hosted)
			r.Issues = append(r.Issues, fr.Issues...)
			r.Factors = append(r.Factors, fr)
		}
	}
	// Problems the reader found on a factor (a missing row, an unreadable
	// cell) belong to that factor too; r.Issues starts with them, already
	// named, so both lists share each message.
	for _, is := range r.Issues[:len(a.Issues)] {
		if fr, ok := r.FactorResult(is.Factor); ok && is.Factor != "" {
			fr.Issues = append(fr.Issues, is)
		}
	}
	for i := range r.Factors {
		r.Factors[i].Issues.Sort()
	}
	r.Issues.Sort()
	r.score()
	return r
}

// score derives from the factors' outcomes and the problems everything
// else: objectives, score, SEALs, evidence, eligibility and its reasons.
// It is called again when problems are added (AddIssues).
func (r *Result) score() {
	r.Complete, r.SEAL, r.Score = true, -1, 0
	r.Objectives = r.Objectives[:0]
	total := new(big.Rat)
	i := 0
	for _, o := range r.Framework.Objectives {
		or := ObjectiveResult{Objective: o, Max: o.Max(), Weight: r.Profile.Weights[o.ID], SEAL: -1,
			MinSEAL: r.Profile.MinSEAL[o.ID], Complete: true}
		factors := r.Factors[i : i+len(o.Factors)]
		i += len(o.Factors)
		for _, fr := range factors {
			or.Points += fr.Points
			or.Errors += fr.Issues.Errors()
			if fr.Option == 0 {
				or.Complete = false
				or.Unanswered++
			} else if or.SEAL < 0 || fr.SEAL < or.SEAL {
				or.SEAL = fr.SEAL
			}
		}
		for _, fr := range factors {
			if fr.Option > 0 && fr.SEAL == or.SEAL {
				or.BoundBy = append(or.BoundBy, fr.Factor.ID)
			}
		}
		or.Ratio = ratio(or.Points, or.Max)
		c := contribution(r.Profile, o, or.Points)
		total.Add(total, c)
		or.Contribution = roundHalfUp(c, 4)
		or.Pass = or.Complete && or.Errors == 0 && or.SEAL >= or.MinSEAL
		if !or.Complete {
			r.Complete = false
		}
		if or.SEAL >= 0 {
			r.SEAL = minSEAL(r.SEAL, or.SEAL)
		}
		r.Objectives = append(r.Objectives, or)
	}
	r.Score = roundHalfUp(total, 2)
	r.Provisional = !r.Complete
	r.Evidence = evidence(r.Factors)
	r.Reasons = reasons(r)
	r.Eligible = len(r.Reasons) == 0
	r.Fragile = nil
	if r.Eligible {
		r.Fragile = fragile(r)
	}
}

func minSEAL(a, b int) int {
	if a < 0 || b < a {
		return b
	}
	return a
}

func reasons(r *Result) []Reason {
	var out []Reason
	if !r.Complete {
		out = append(out, Reason{Code: ReasonIncomplete,
			Message: fmt.Sprintf("%d of %d factors have no usable answer; an unanswered factor never counts as compliant", r.Unanswered(), len(r.Factors))})
	}
	if e := r.Issues.Errors(); e > 0 {
		out = append(out, Reason{Code: ReasonErrors,
			Message: fmt.Sprintf("the assessment has %d validation error(s)", e)})
	}
	for _, o := range r.Objectives {
		if o.SEAL >= 0 && o.SEAL < o.MinSEAL {
			out = append(out, Reason{Code: ReasonSEAL, Objective: o.Objective.ID, Required: o.MinSEAL, Achieved: o.SEAL,
				Factors: o.BoundBy,
				Message: fmt.Sprintf("%s reaches SEAL-%d because of %s; the profile requires SEAL-%d",
					o.Objective.ID, o.SEAL, r.boundByText(o.BoundBy), o.MinSEAL)})
		}
	}
	return out
}

// boundByText names the factors that set an objective's SEAL with their
// answers: "SOV-5.1 (2. Mostly within the EU)".
func (r *Result) boundByText(ids []string) string {
	parts := make([]string, 0, len(ids))
	for _, id := range ids {
		fr, ok := r.FactorResult(id)
		if !ok {
			continue
		}
		if a, ok := fr.Answer(); ok {
			parts = append(parts, fmt.Sprintf("%s (%s)", id, Clip(a.Display(), 60)))
		} else {
			parts = append(parts, id)
		}
	}
	switch len(parts) {
	case 0:
		return "no answered factor"
	case 1:
		return parts[0]
	default:
		return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	}
}

// evidence counts the answered factors by confidence and source.
func evidence(factors []FactorResult) Evidence {
	var e Evidence
	for _, f := range factors {
		if f.Option == 0 {
			continue
		}
		switch f.Confidence {
		case "high":
			e.High++
		case "medium":
			e.Medium++
		case "low":
			e.Low++
			e.ToConfirm = append(e.ToConfirm, f.Factor.ID)
		default:
			e.Unrated++
		}
		if len(f.Sources) == 0 {
			e.Unsourced++
		}
	}
	return e
}

// fragile lists the factors of an eligible result where the answer one
// rung lower would take the objective's SEAL below the profile's minimum:
// the single answers an eligibility rests on, to be confirmed first.
func fragile(r *Result) []string {
	var out []string
	for _, fr := range r.Factors {
		if fr.Option <= 1 {
			continue
		}
		min := r.Profile.MinSEAL[fr.Factor.Objective.ID]
		if min == 0 {
			continue
		}
		lower, _ := fr.Factor.Answer(fr.Option - 1)
		if lower.SEAL < min {
			out = append(out, fr.Factor.ID)
		}
	}
	return out
}

// checkCover checks the cover sheet and returns its problems and the
// assessment date as YYYY-MM-DD ("" when there is none that can be used).
func checkCover(fw *Framework, a *Assessment) (Issues, string) {
	var out Issues
	name := a.Provider.Name
	if Normalize(name.Text) == "" {
		out = append(out, Issue{Severity: Error, Code: CodeProviderMissing, Sheet: name.Loc.Sheet, Cell: name.Loc.Cell,
			Message: "the provider name is missing: enter the provider's legal or trading name on the cover sheet"})
	}
	v := a.Provider.FrameworkVersion
	if got := Normalize(v.Text); got != "" && got != fw.Version {
		out = append(out, Issue{Severity: Warning, Code: CodeFrameworkVersion, Sheet: v.Loc.Sheet, Cell: v.Loc.Cell,
			Message: fmt.Sprintf("the workbook was made for framework version %s; it is scored with version %s; check that the answers still mean the same", got, fw.Version)})
	}
	var date string
	if d := a.Provider.Date; Normalize(d.Text) != "" {
		var why string
		if date, why = ParseDate(d.Text); why != "" {
			out = append(out, Issue{Severity: Warning, Code: CodeDateInvalid, Sheet: d.Loc.Sheet, Cell: d.Loc.Cell, Message: why})
		}
	}
	return out, date
}

func issueAt(f *Factor, loc Location, p *AnswerProblem) Issue {
	return namingFactor(Issue{Severity: p.Severity, Code: p.Code, Sheet: loc.Sheet, Cell: loc.Cell, Factor: f.ID, Message: p.Message})
}

func evaluateFactor(f *Factor, a *Assessment, layer Layer, hosted bool) FactorResult {
	fr := FactorResult{Factor: f, Max: f.Max(), SEAL: -1, Layer: layer}
	e, ok := a.Entry(f.ID)
	if !ok {
		// The reader reports the missing row; the factor simply scores 0.
		return fr
	}
	fr.Entry = e
	add := func(c EntryCell, p *AnswerProblem) { fr.Issues = append(fr.Issues, issueAt(f, e.Loc(c), p)) }

	if e.Answer.Formula {
		add(e.Answer, &AnswerProblem{CodeFormula, Warning,
			"the answer cell holds a formula; its cached value was used. Type the answer instead so what is scored is what is shown"})
	}
	n, prob := parseLayered(f, e.Answer.Text, layer, hosted)
	if prob != nil {
		add(e.Answer, prob)
	}
	fr.setOption(n)
	fr.OwnOption = int16(n) // an answer number, 1 to 5
	// A factor left to the host has no confidence or justification of its
	// own to check: the host's count (see Compose).
	fr.pending = leftToHost(e.Answer.Text, layer, hosted)
	answered := Normalize(e.Answer.Text) != "" && !fr.pending

	conf, okConf := ParseConfidence(e.Confidence.Text)
	switch {
	case okConf:
		fr.Confidence = conf
	case Normalize(e.Confidence.Text) != "":
		add(e.Confidence, &AnswerProblem{CodeConfidenceInvalid, Error,
			fmt.Sprintf("confidence %q is not one of high, medium, low", Clip(Normalize(e.Confidence.Text), 40))})
	case answered:
		add(e.Confidence, &AnswerProblem{CodeConfidenceMissing, Error,
			"confidence is missing: choose high, medium or low from the drop-down"})
	}

	just := e.Justification.Text
	if answered && Normalize(just) == "" {
		add(e.Justification, &AnswerProblem{CodeJustificationEmpty, Warning,
			"no justification: say why this answer applies, and cite sources as (src: https://...) or in the Sources column"})
	}
	fr.Sources = checkSources(f, e, add)
	if fr.Confidence == "high" && len(fr.Sources) == 0 {
		add(e.Sources, &AnswerProblem{CodeSourceMissing, Warning,
			"confidence is high but no source is cited: add at least one URL in the Sources column, or lower the confidence"})
	}
	if n > 0 {
		for _, p := range claimProblems(f, n, just) {
			add(e.Justification, p)
		}
	}
	return fr
}

// checkSources gathers the sources of the Sources column and of "(src: URL)"
// citations, reports bad ones on the cell they were read from and returns the
// valid ones, each once, column first.
func checkSources(f *Factor, e *FactorEntry, add func(EntryCell, *AnswerProblem)) []string {
	var out []string
	seen := map[string]bool{}
	check := func(fld EntryCell, list []string) {
		local := map[string]bool{}
		for _, s := range list {
			key := strings.TrimRight(s, "/")
			if local[key] {
				add(fld, &AnswerProblem{CodeSourceDuplicate, Warning,
					fmt.Sprintf("source %q is listed more than once; remove the repeat", Clip(s, 80))})
				continue
			}
			local[key] = true
			p := sourceProblem(s)
			if p != nil {
				add(fld, p)
				if p.Severity == Error {
					continue
				}
			}
			if !seen[key] {
				seen[key] = true
				out = append(out, s)
			}
		}
	}
	check(e.Sources, SplitSources(e.Sources.Text))
	check(e.Justification, CitedSources(e.Justification.Text))
	return out
}

var (
	claimOpt  = regexp.MustCompile(`(?i)\bopt(?:ion)?\.?\s*#?\s*(\d+)\b`)
	claimSEAL = regexp.MustCompile(`(?i)\(\s*seal[\s\-]*(\d+)\s*\)`)
)

// claimProblems finds answers or SEALs the justification claims ("-> opt4",
// "(seal 3)") that differ from what is selected: a sign that the answer was
// changed without the justification, or the other way round.
func claimProblems(f *Factor, n int, just string) []*AnswerProblem {
	var out []*AnswerProblem
	ans, _ := f.Answer(n)
	for _, m := range claimOpt.FindAllStringSubmatch(just, -1) {
		if c, _ := strconv.Atoi(m[1]); c != n {
			out = append(out, &AnswerProblem{CodeClaimMismatch, Warning,
				fmt.Sprintf("the justification says %q but answer %d is selected; align the answer and the justification", m[0], n)})
			break
		}
	}
	for _, m := range claimSEAL.FindAllStringSubmatch(just, -1) {
		if c, _ := strconv.Atoi(m[1]); c != ans.SEAL {
			out = append(out, &AnswerProblem{CodeClaimMismatch, Warning,
				fmt.Sprintf("the justification claims %q but answer %d gives SEAL-%d; align the answer and the justification", m[0], n, ans.SEAL)})
			break
		}
	}
	return out
}
