package scoring

// Summary is what the reports that combine providers need of a result:
// identity, score, SEALs, eligibility and its reasons, rank, objectives
// and problems. A Result embeds it; the comparison, providers.csv and the
// terminal table take summaries, so they can never be handed a result
// that lacks something they print.
type Summary struct {
	File     string
	SHA256   string
	Provider ProviderInfo
	Profile  *Profile
	// Framework is the framework the result was computed with.
	Framework *Framework

	// Complete is false when any factor is unanswered (or unusable); the
	// SEALs are then provisional and the provider is not eligible.
	Complete bool
	// Score is the weighted Sovereignty Score in percent.
	Score float64
	// SEAL is the overall SEAL (lowest objective SEAL); -1 when no factor
	// at all could be scored.
	SEAL int
	// Provisional marks SEALs computed over an incomplete answer set.
	Provisional bool
	// Eligible is true when the assessment is complete, free of errors and
	// meets the profile's minimum SEAL on every objective.
	Eligible bool
	// Reasons lists why the provider is not eligible; empty when eligible.
	Reasons []Reason
	// Rank among eligible providers (1 = best); 0 when not eligible.
	Rank int
	// Ranked is how many eligible providers were ranked together (set by
	// Rank), so a report can say "rank 2 of 5".
	Ranked int

	Objectives []ObjectiveResult
	// Issues holds every problem of the assessment, sorted.
	Issues Issues

	// Date is the assessment date of the cover sheet as YYYY-MM-DD, ""
	// when it is missing or cannot be read unambiguously (the cover's text
	// is then in Provider.Date and a date-invalid warning says why).
	Date string
	// Evidence counts the answers by confidence and lists those to
	// confirm with the provider.
	Evidence Evidence
	// Fragile lists, for an eligible provider, the factors where an
	// answer one rung lower would make it ineligible (its SEAL would fall
	// below the profile's minimum for the objective).
	Fragile []string
	// Hosts is the resolved chain of host assessments the result was
	// composed with, nearest first (see Compose); empty for a workbook
	// that declares no host.
	Hosts []HostRef
}

// Evidence describes how well the answers of an assessment are supported.
type Evidence struct {
	// High, Medium and Low count the answered factors by confidence;
	// Unrated those whose confidence is missing or invalid.
	High, Medium, Low, Unrated int
	// Unsourced counts the answered factors that cite no valid source.
	Unsourced int
	// ToConfirm lists the answered factors of low confidence: questions
	// to put to the provider.
	ToConfirm []string
}

// Result is the scored and checked assessment of one provider: its
// Summary and the outcome of every factor, which the per-provider reports
// (scorecard, annotated workbook, results.json, results.csv, Markdown)
// print.
type Result struct {
	Summary
	Factors []FactorResult
}

// Unreadable reports whether the input could not be read at all: the
// summary then carries only that problem, and no score or SEAL means
// anything.
func (s *Summary) Unreadable() bool { return s.Issues.Has(CodeFileUnreadable) }

// Summaries returns the summaries of results, in the same order (nil for
// a nil result). They point into the results: ranking them ranks the
// results.
func Summaries(results []*Result) []*Summary {
	out := make([]*Summary, len(results))
	for i, r := range results {
		if r != nil {
			out[i] = &r.Summary
		}
	}
	return out
}

// ProfileOf is the profile the workbooks were scored under (a run scores
// them all under one), nil when none has one; nil entries are skipped.
func ProfileOf(sums []*Summary) *Profile {
	for _, s := range sums {
		if s != nil && s.Profile != nil {
			return s.Profile
		}
	}
	return nil
}

// Reason codes for ineligibility.
const (
	ReasonSEAL       = "seal-below-minimum"
	ReasonIncomplete = "incomplete"
	ReasonErrors     = "validation-errors"
)

// Reason is one reason a provider is not eligible.
type Reason struct {
	Code string
	// Objective, Required and Achieved are set for ReasonSEAL.
	Objective string
	Required  int
	Achieved  int
	// Factors are, for ReasonSEAL, the factors whose SEAL sets the
	// objective's (its BoundBy).
	Factors []string
	Message string
}

// ObjectiveResult is the outcome of one objective.
type ObjectiveResult struct {
	Objective *Objective
	Points    Points
	Max       Points
	// Ratio is Points / exact Max, 0..1.
	Ratio float64
	// Weight under the profile, and Contribution = 100 x Weight x Points /
	// divisor, the objective's share of the Score in percentage points.
	Weight       float64
	Contribution float64
	// SEAL is the lowest SEAL of the answered factors, -1 when none is.
	SEAL int
	// BoundBy lists the answered factors whose SEAL is the objective's:
	// the weakest links that set it.
	BoundBy []string
	MinSEAL int
	// Pass is true when the objective is complete, free of errors and at
	// or above MinSEAL (trivially so when MinSEAL is 0: see Status).
	Pass     bool
	Complete bool
	// Unanswered is how many of the objective's factors have no usable
	// answer (Complete is Unanswered == 0).
	Unanswered int
	// Errors counts the errors on the objective's factors.
	Errors int
}

// ObjectiveStatus is the outcome of one objective against the profile.
type ObjectiveStatus string

// The outcomes of an objective, in the order they are checked.
const (
	// StatusErrors: a factor of the objective has an error.
	StatusErrors ObjectiveStatus = "errors"
	// StatusIncomplete: a factor has no usable answer.
	StatusIncomplete ObjectiveStatus = "incomplete"
	// StatusBelow: the SEAL is under the profile's minimum.
	StatusBelow ObjectiveStatus = "below minimum"
	// StatusNoMinimum: the profile sets no minimum for the objective, so
	// there is nothing to pass or fail.
	StatusNoMinimum ObjectiveStatus = "no minimum"
	// StatusPass: at or above the profile's minimum.
	StatusPass ObjectiveStatus = "pass"
)

// Status is the objective's outcome; reports show it rather than Pass so
// that "pass" is never printed where no minimum was applied.
func (o *ObjectiveResult) Status() ObjectiveStatus {
	switch {
	case o.Errors > 0:
		return StatusErrors
	case !o.Complete:
		return StatusIncomplete
	case o.SEAL >= 0 && o.SEAL < o.MinSEAL:
		return StatusBelow
	case o.MinSEAL == 0:
		return StatusNoMinimum
	default:
		return StatusPass
	}
}

// FactorResult is the outcome of one factor. Option, Points and SEAL are
// the effective ones: after Compose, those a host's answer may have set.
type FactorResult struct {
	Factor *Factor
	// Entry is the row read from the workbook; nil when the row is missing.
	Entry *FactorEntry
	// Layer is the factor's class under the profile. Capped is set when
	// the own answer was above the host's and lowered to it. pending marks
	// an infrastructure factor left to the host: blank or "inherited" in a
	// workbook that declares a host. (The three bytes sit together: a
	// result of a run holds 48 of them.)
	Layer   Layer
	Capped  bool
	pending bool
	// OwnOption is the answer the workbook itself gives, 0 when none;
	// HostOption is the lowest answer of the hosts, 0 when there is no
	// host or it has no usable answer. (Narrow, to share a word with the
	// three bytes above.)
	OwnOption, HostOption int16
	// InheritedFrom names the host assessment whose answer is used
	// (where it was assessed, at the end of a chain), "" when the
	// workbook's own answer is.
	InheritedFrom string
	// Option is the chosen answer number, 0 when none is usable.
	Option int
	Points Points
	Max    Points
	// SEAL of the chosen answer, -1 when unanswered.
	SEAL       int
	Confidence string
	Sources    []string
	Issues     Issues
}

// Answer returns the chosen answer, if any.
func (f FactorResult) Answer() (Answer, bool) { return f.Factor.Answer(f.Option) }

// Objective returns the result of an objective by ID.
func (r *Summary) Objective(id string) (*ObjectiveResult, bool) {
	for i := range r.Objectives {
		if r.Objectives[i].Objective.ID == id {
			return &r.Objectives[i], true
		}
	}
	return nil, false
}

// FactorResult returns the result of a factor by ID.
func (r *Result) FactorResult(id string) (*FactorResult, bool) {
	for i := range r.Factors {
		if r.Factors[i].Factor.ID == id {
			return &r.Factors[i], true
		}
	}
	return nil, false
}

// Unanswered is how many factors have no usable answer, counted per
// objective.
func (r *Summary) Unanswered() int {
	n := 0
	for _, o := range r.Objectives {
		n += o.Unanswered
	}
	return n
}

// DateText is the assessment date as YYYY-MM-DD, or the cover's text as
// written, marked, when it cannot be read as a date; "" when there is none.
func (r *Summary) DateText() string {
	if r.Date != "" {
		return r.Date
	}
	if s := Normalize(r.Provider.Date.Text); s != "" {
		return s + " (as written: not a date sovscore can read)"
	}
	return ""
}

// ProviderName returns the provider name, or the file name when the cover
// sheet has none, so that every report has something to show.
func (r *Summary) ProviderName() string {
	if n := Normalize(r.Provider.Name.Text); n != "" {
		return n
	}
	return r.File
}

// AddIssues adds problems found after evaluation (for example dead links
// found by a network check): to the result, to the factor they name, and
// derives the objectives, eligibility and reasons again. Call Rank again
// afterwards.
func (r *Result) AddIssues(issues ...Issue) {
	for _, is := range issues {
		is = namingFactor(is)
		r.Issues = append(r.Issues, is)
		if fr, ok := r.FactorResult(is.Factor); ok && is.Factor != "" {
			fr.Issues = append(fr.Issues, is)
			fr.Issues.Sort()
		}
	}
	r.Issues.Sort()
	r.score()
}
