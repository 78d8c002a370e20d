package scoring

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Evaluate validates an assessment and scores it under a profile. It never
// fails: every problem becomes an Issue on the result.
func Evaluate(fw *Framework, a *Assessment, p *Profile) *Result {
	r := &Result{Summary: Summary{
		File: a.File, SHA256: a.SHA256, Provider: a.Provider, Profile: p, Framework: fw,
		Complete: true, SEAL: -1,
	}}
	r.Issues = append(r.Issues, a.Issues...)
	if !a.Unreadable() {
		r.Issues = append(r.Issues, checkCover(fw, a)...)
	}

	// Results stay in memory for the whole run: no spare capacity.
	r.Factors = make([]FactorResult, 0, len(fw.Factors()))
	for _, o := range fw.Objectives {
		or := ObjectiveResult{Objective: o, Max: o.Max(), Weight: p.Weights[o.ID], SEAL: -1,
			MinSEAL: p.MinSEAL[o.ID], Complete: true}
		for _, f := range o.Factors {
			fr := evaluateFactor(f, a)
			r.Issues = append(r.Issues, fr.Issues...)
			or.Points += fr.Points
			if fr.Option == 0 {
				or.Complete = false
				or.Unanswered++
			} else if or.SEAL < 0 || fr.SEAL < or.SEAL {
				or.SEAL = fr.SEAL
			}
			r.Factors = append(r.Factors, fr)
		}
		if or.Max > 0 {
			or.Ratio = float64(or.Points) / float64(or.Max)
		}
		or.Contribution = 100 * or.Weight * or.Points.Float() / p.DivisorFor(o)
		or.Pass = or.Complete && or.SEAL >= or.MinSEAL
		r.Score += or.Contribution
		if !or.Complete {
			r.Complete = false
		}
		r.Objectives = append(r.Objectives, or)
	}
	for _, or := range r.Objectives {
		if or.SEAL >= 0 {
			r.SEAL = minSEAL(r.SEAL, or.SEAL)
		}
	}
	// Problems the reader found on a factor (a missing row, an unreadable
	// cell) belong to that factor too.
	for _, is := range a.Issues {
		if fr, ok := r.FactorResult(is.Factor); ok && is.Factor != "" {
			fr.Issues = append(fr.Issues, is)
		}
	}
	for i := range r.Factors {
		r.Factors[i].Issues.Sort()
	}
	r.Provisional = !r.Complete
	r.Issues.Sort()
	r.Reasons = reasons(r)
	r.Eligible = len(r.Reasons) == 0
	return r
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
				Message: fmt.Sprintf("%s reaches SEAL-%d, the profile requires SEAL-%d", o.Objective.ID, o.SEAL, o.MinSEAL)})
		}
	}
	return out
}

func checkCover(fw *Framework, a *Assessment) Issues {
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
	return out
}

func issueAt(f *Factor, fld Field, p *AnswerProblem) Issue {
	return Issue{Severity: p.Severity, Code: p.Code, Sheet: fld.Loc.Sheet, Cell: fld.Loc.Cell, Factor: f.ID, Message: p.Message}
}

func evaluateFactor(f *Factor, a *Assessment) FactorResult {
	fr := FactorResult{Factor: f, Max: f.Max(), SEAL: -1}
	e, ok := a.Entry(f.ID)
	if !ok {
		// The reader reports the missing row; the factor simply scores 0.
		return fr
	}
	fr.Entry = e
	add := func(fld Field, p *AnswerProblem) { fr.Issues = append(fr.Issues, issueAt(f, fld, p)) }

	if e.Answer.Formula {
		add(e.Answer, &AnswerProblem{CodeFormula, Warning,
			"the answer cell holds a formula; its cached value was used. Type the answer instead so what is scored is what is shown"})
	}
	n, prob := ParseAnswer(f, e.Answer.Text)
	if prob != nil {
		add(e.Answer, prob)
	}
	if n > 0 {
		ans, _ := f.Answer(n)
		fr.Option, fr.Points, fr.SEAL = n, ans.Points, ans.SEAL
	}
	answered := Normalize(e.Answer.Text) != ""

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
func checkSources(f *Factor, e *FactorEntry, add func(Field, *AnswerProblem)) []string {
	var out []string
	seen := map[string]bool{}
	check := func(fld Field, list []string) {
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

// Rank sets Rank and Ranked on the eligible summaries: by score, best
// first; equal scores (to 1e-9) share a rank. Summaries are not
// reordered. To rank results, rank their Summaries.
func Rank(results []*Summary) {
	var el []*Summary
	for _, r := range results {
		r.Rank = 0
		if r.Eligible {
			el = append(el, r)
		}
	}
	sort.SliceStable(el, func(i, j int) bool { return el[i].Score > el[j].Score })
	for _, r := range results {
		r.Ranked = len(el)
	}
	for i, r := range el {
		if i > 0 && math.Abs(el[i-1].Score-r.Score) < 1e-9 {
			r.Rank = el[i-1].Rank
		} else {
			r.Rank = i + 1
		}
	}
}
