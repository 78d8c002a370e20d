package scoring

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Change is one kind of change of a factor between two assessments of the
// same provider.
type Change string

// The kinds of change, in the order reports list them.
const (
	ChangeAnswer        Change = "answer"
	ChangeConfidence    Change = "confidence"
	ChangeSources       Change = "sources"
	ChangeJustification Change = "justification"
)

// SEALChange says how the overall SEAL moved between two assessments.
type SEALChange string

// The SEAL changes; "no SEAL" (-1) counts as the lowest.
const (
	SEALUp   SEALChange = "up"
	SEALDown SEALChange = "down"
	SEALSame SEALChange = "same"
)

// EligibilityChange says how eligibility under the profile moved.
type EligibilityChange string

// The eligibility changes.
const (
	EligibilityGained EligibilityChange = "gained"
	EligibilityLost   EligibilityChange = "lost"
	EligibilitySame   EligibilityChange = "same"
)

// FactorDiff is a factor whose answer, confidence, sources or
// justification changed between two assessments.
type FactorDiff struct {
	Factor *Factor
	// Old and New point into the two results.
	Old, New *FactorResult
	// Changes lists what changed, in the order of the Change constants.
	Changes []Change
}

// Reevaluated reports whether the answer or the justification changed;
// otherwise the factor was carried over (perhaps with another confidence
// or other sources).
func (d *FactorDiff) Reevaluated() bool {
	return slices.Contains(d.Changes, ChangeAnswer) || slices.Contains(d.Changes, ChangeJustification)
}

// PointsDelta is the new points minus the old.
func (d *FactorDiff) PointsDelta() Points { return d.New.Points - d.Old.Points }

// ObjectiveDiff is one objective before and after.
type ObjectiveDiff struct {
	Objective *Objective
	// Old and New point into the two results.
	Old, New *ObjectiveResult
}

// PointsDelta is the new points minus the old.
func (d *ObjectiveDiff) PointsDelta() Points { return d.New.Points - d.Old.Points }

// PairDiff is what changed between two assessments of one provider and
// service, both scored under the same profile.
type PairDiff struct {
	Old, New *Result
	// ScoreDelta is the new published score minus the old, in percentage
	// points (2 decimals).
	ScoreDelta        float64
	SEALChange        SEALChange
	EligibilityChange EligibilityChange
	// Objectives lists every objective, in framework order.
	Objectives []ObjectiveDiff
	// Factors lists the factors that changed, in framework order.
	Factors []FactorDiff
	// Reevaluated and CarriedOver count every factor of the framework:
	// re-evaluated when its answer or justification changed.
	Reevaluated, CarriedOver int
	// ProblemsAdded are the problems of New that Old did not have;
	// ProblemsResolved those of Old that New no longer has. A problem is
	// the same when its severity, code, factor and message are: cells may
	// move between versions of a workbook.
	ProblemsAdded, ProblemsResolved Issues
}

// Diff compares two results of the same framework and profile: old, the
// earlier assessment, and new.
func Diff(old, new *Result) PairDiff {
	d := PairDiff{Old: old, New: new,
		ScoreDelta:        math.Round((new.Score-old.Score)*100) / 100,
		SEALChange:        sealChange(old.SEAL, new.SEAL),
		EligibilityChange: eligibilityChange(old.Eligible, new.Eligible),
	}
	for i := range new.Objectives {
		no := &new.Objectives[i]
		if oo, ok := old.Objective(no.Objective.ID); ok {
			d.Objectives = append(d.Objectives, ObjectiveDiff{Objective: no.Objective, Old: oo, New: no})
		}
	}
	for i := range new.Factors {
		nf := &new.Factors[i]
		of, ok := old.FactorResult(nf.Factor.ID)
		if !ok {
			continue
		}
		fd := FactorDiff{Factor: nf.Factor, Old: of, New: nf, Changes: factorChanges(of, nf)}
		if fd.Reevaluated() {
			d.Reevaluated++
		} else {
			d.CarriedOver++
		}
		if len(fd.Changes) > 0 {
			d.Factors = append(d.Factors, fd)
		}
	}
	d.ProblemsAdded = issuesMinus(new.Issues, old.Issues)
	d.ProblemsResolved = issuesMinus(old.Issues, new.Issues)
	return d
}

func sealChange(old, new int) SEALChange {
	switch {
	case new > old:
		return SEALUp
	case new < old:
		return SEALDown
	}
	return SEALSame
}

func eligibilityChange(old, new bool) EligibilityChange {
	switch {
	case new && !old:
		return EligibilityGained
	case old && !new:
		return EligibilityLost
	}
	return EligibilitySame
}

// factorChanges compares what the assessor wrote. An answer changes when
// another option is chosen, or, when neither is usable, when the text
// differs; "4" and "4. Unlikely ..." are the same answer. Sources are
// compared as sets of the URLs cited in the Sources column and in the
// justification, valid or not.
func factorChanges(old, new *FactorResult) []Change {
	oe, ne := entryOf(old), entryOf(new)
	var out []Change
	if old.Option != new.Option || (old.Option == 0 && Normalize(oe.Answer.Text) != Normalize(ne.Answer.Text)) {
		out = append(out, ChangeAnswer)
	}
	if old.Confidence != new.Confidence ||
		(old.Confidence == "" && !strings.EqualFold(Normalize(oe.Confidence.Text), Normalize(ne.Confidence.Text))) {
		out = append(out, ChangeConfidence)
	}
	if !slices.Equal(citedSet(oe), citedSet(ne)) {
		out = append(out, ChangeSources)
	}
	if Normalize(oe.Justification.Text) != Normalize(ne.Justification.Text) {
		out = append(out, ChangeJustification)
	}
	return out
}

// entryOf is the row of a factor, empty when the row is missing.
func entryOf(f *FactorResult) *FactorEntry {
	if f.Entry == nil {
		return &FactorEntry{}
	}
	return f.Entry
}

// citedSet is every source a row cites, sorted, each once (a trailing
// slash does not make another source).
func citedSet(e *FactorEntry) []string {
	var out []string
	for _, s := range append(SplitSources(e.Sources.Text), CitedSources(e.Justification.Text)...) {
		out = append(out, strings.TrimRight(s, "/"))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// issueKey identifies a problem across versions of a workbook.
type issueKey struct {
	sev                   Severity
	code, factor, message string
}

// issuesMinus returns the problems of a that b does not have, counting
// repeats, in a's order.
func issuesMinus(a, b Issues) Issues {
	left := map[issueKey]int{}
	for _, is := range b {
		left[issueKey{is.Severity, is.Code, is.Factor, is.Message}]++
	}
	out := Issues{}
	for _, is := range a {
		k := issueKey{is.Severity, is.Code, is.Factor, is.Message}
		if left[k] > 0 {
			left[k]--
			continue
		}
		out = append(out, is)
	}
	return out
}

// Profile is the profile the workbooks of c were scored under (they share
// one), nil when c holds no workbook.
func (c Comparison) Profile() *Profile {
	var all []*Result
	for _, p := range c.Pairs {
		all = append(all, p.New)
	}
	all = append(append(all, c.Added...), c.Removed...)
	return ProfileOf(Summaries(all))
}

// Warnings lists what a reader of the comparison must know: the two
// workbooks name different providers or services, or declare different
// framework versions (the same answer may then not mean the same).
func (d *PairDiff) Warnings() []string {
	var out []string
	if w := pairWarning(d.Old, d.New); w != "" {
		out = append(out, w)
	}
	if w := versionWarning([]*Result{d.Old, d.New}); w != "" {
		out = append(out, w)
	}
	return out
}

// pairWarning says that a and b assess different providers or services,
// "" when they assess the same.
func pairWarning(a, b *Result) string {
	if pairKey(&a.Summary) == pairKey(&b.Summary) {
		return ""
	}
	return fmt.Sprintf("%s and %s assess different providers or services (%q, %q)",
		a.File, b.File, a.ProviderAndService(), b.ProviderAndService())
}

// versionWarning says which workbooks declare which framework version,
// "" when they all declare the same (or none).
func versionWarning(results []*Result) string {
	var parts []string
	seen := map[string]bool{}
	for _, r := range results {
		v := Normalize(r.Provider.FrameworkVersion.Text)
		if v == "" {
			v = "no version"
		}
		seen[v] = true
		parts = append(parts, fmt.Sprintf("%s: %s", r.File, v))
	}
	if len(seen) < 2 {
		return ""
	}
	return "the workbooks declare different framework versions (" + strings.Join(parts, "; ") +
		"); the same answer may not mean the same in both"
}

// ProviderAndService names the provider and, when the cover gives one,
// the service: "Scalingo · Scalingo PaaS", as reports that pair
// assessments title them.
func (s *Summary) ProviderAndService() string {
	if svc := Normalize(s.Provider.Service.Text); svc != "" {
		return s.ProviderName() + " · " + svc
	}
	return s.ProviderName()
}

// pairKey is what pairs workbooks of two folders: the provider and the
// service, without case.
func pairKey(s *Summary) string {
	return strings.ToLower(s.ProviderName()) + "\x00" + strings.ToLower(Normalize(s.Provider.Service.Text))
}

// Comparison is the comparison of two sets of assessments: the pairs of
// workbooks of the same provider and service, and those found on one side
// only.
type Comparison struct {
	Pairs []PairDiff
	// Added are the new workbooks without an old one; Removed the old
	// ones without a new one.
	Added, Removed []*Result
}

// Compare pairs old and new results by provider and service (without
// case) and compares each pair. Pairs and Added follow the order of new,
// Removed the order of old; when a provider and service appear more than
// once on a side, they are paired in order.
func Compare(old, new []*Result) Comparison {
	waiting := map[string][]*Result{}
	for _, r := range old {
		k := pairKey(&r.Summary)
		waiting[k] = append(waiting[k], r)
	}
	paired := map[*Result]bool{}
	var c Comparison
	for _, r := range new {
		k := pairKey(&r.Summary)
		if q := waiting[k]; len(q) > 0 {
			waiting[k] = q[1:]
			paired[q[0]] = true
			c.Pairs = append(c.Pairs, Diff(q[0], r))
			continue
		}
		c.Added = append(c.Added, r)
	}
	for _, r := range old {
		if !paired[r] {
			c.Removed = append(c.Removed, r)
		}
	}
	return c
}
