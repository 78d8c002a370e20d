package scoring

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"io"
)

// The wire form of a Result, for Encode and DecodeResult. The pointers into
// the framework and profile are replaced by names and IDs; everything else
// is carried as it is. It is a private, transient format (a spool file of
// one run), not a file format: it may change between versions.
type wireResult struct {
	File     string
	SHA256   string
	Provider ProviderInfo
	// HasFramework and HasProfile tell a nil pointer from a set one; the
	// names are checked against the framework and profile given to decode.
	HasFramework     bool
	FrameworkName    string
	FrameworkVersion string
	HasProfile       bool
	ProfileName      string

	Complete    bool
	Score       float64
	SEAL        int
	Provisional bool
	Eligible    bool
	Reasons     []Reason
	Rank        int
	Ranked      int

	Objectives []wireObjective
	Factors    []wireFactor
	Issues     []wireIssue
}

type wireObjective struct {
	// ID of the objective, "" for a nil one.
	ID           string
	Points       Points
	Max          Points
	Ratio        float64
	Weight       float64
	Contribution float64
	SEAL         int
	MinSEAL      int
	Pass         bool
	Complete     bool
}

type wireFactor struct {
	// ID of the factor, "" for a nil one.
	ID string
	// HasEntry tells a missing row (nil Entry) from a row with empty cells.
	HasEntry   bool
	Entry      FactorEntry
	Option     int
	Points     Points
	Max        Points
	SEAL       int
	Confidence string
	Sources    []string
	Issues     []wireIssue
}

// wireIssue is Issue with a plain severity: Severity marshals to text but
// has no way back, which gob would refuse.
type wireIssue struct {
	Severity int
	Code     string
	Sheet    string
	Cell     string
	Factor   string
	Message  string
}

func wireIssues(l Issues) []wireIssue {
	if l == nil {
		return nil
	}
	out := make([]wireIssue, len(l))
	for i, is := range l {
		out[i] = wireIssue{int(is.Severity), is.Code, is.Sheet, is.Cell, is.Factor, is.Message}
	}
	return out
}

func issuesFromWire(l []wireIssue) Issues {
	if l == nil {
		return nil
	}
	out := make(Issues, len(l))
	for i, is := range l {
		out[i] = Issue{Severity(is.Severity), is.Code, is.Sheet, is.Cell, is.Factor, is.Message}
	}
	return out
}

// Encode writes r in a compact binary form (encoding/gob) that
// DecodeResult reads back, so that a result can be set aside on disk and
// loaded again later in the same run. The framework, the profile and the
// objectives and factors are written as names and IDs, not as copies.
func (r *Result) Encode(w io.Writer) error {
	wr := wireResult{
		File: r.File, SHA256: r.SHA256, Provider: r.Provider,
		Complete: r.Complete, Score: r.Score, SEAL: r.SEAL, Provisional: r.Provisional,
		Eligible: r.Eligible, Reasons: r.Reasons, Rank: r.Rank, Ranked: r.Ranked,
		Issues: wireIssues(r.Issues),
	}
	if r.Framework != nil {
		wr.HasFramework, wr.FrameworkName, wr.FrameworkVersion = true, r.Framework.Name, r.Framework.Version
	}
	if r.Profile != nil {
		wr.HasProfile, wr.ProfileName = true, r.Profile.Name
	}
	if r.Objectives != nil {
		wr.Objectives = make([]wireObjective, len(r.Objectives))
		for i, o := range r.Objectives {
			wo := wireObjective{Points: o.Points, Max: o.Max, Ratio: o.Ratio, Weight: o.Weight,
				Contribution: o.Contribution, SEAL: o.SEAL, MinSEAL: o.MinSEAL, Pass: o.Pass, Complete: o.Complete}
			if o.Objective != nil {
				wo.ID = o.Objective.ID
			}
			wr.Objectives[i] = wo
		}
	}
	if r.Factors != nil {
		wr.Factors = make([]wireFactor, len(r.Factors))
		for i, f := range r.Factors {
			wf := wireFactor{Option: f.Option, Points: f.Points, Max: f.Max, SEAL: f.SEAL,
				Confidence: f.Confidence, Sources: f.Sources, Issues: wireIssues(f.Issues)}
			if f.Factor != nil {
				wf.ID = f.Factor.ID
			}
			if f.Entry != nil {
				wf.HasEntry, wf.Entry = true, *f.Entry
			}
			wr.Factors[i] = wf
		}
	}
	if err := gob.NewEncoder(w).Encode(&wr); err != nil {
		return fmt.Errorf("scoring: encode result of %s: %w", r.File, err)
	}
	return nil
}

// DecodeResult reads a result written by Encode. fw and p must be the
// framework and profile the result was computed with: its objectives and
// factors are linked to fw's, and its Framework and Profile set to fw and
// p. A result that names another framework or profile, or an objective or
// factor fw does not have, is an error.
//
// Encoding does not keep the difference between a nil and an empty slice:
// an empty one decodes as nil. Evaluate never makes empty slices.
func DecodeResult(fw *Framework, p *Profile, data []byte) (*Result, error) {
	var wr wireResult
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&wr); err != nil {
		return nil, fmt.Errorf("scoring: decode result: %w", err)
	}
	fail := func(format string, args ...any) (*Result, error) {
		return nil, fmt.Errorf("scoring: decode result of %s: "+format, append([]any{wr.File}, args...)...)
	}
	r := &Result{
		File: wr.File, SHA256: wr.SHA256, Provider: wr.Provider,
		Complete: wr.Complete, Score: wr.Score, SEAL: wr.SEAL, Provisional: wr.Provisional,
		Eligible: wr.Eligible, Reasons: wr.Reasons, Rank: wr.Rank, Ranked: wr.Ranked,
		Issues: issuesFromWire(wr.Issues),
	}
	if wr.HasFramework {
		if fw == nil {
			return fail("it was computed with framework %s %s, none given", wr.FrameworkName, wr.FrameworkVersion)
		}
		if fw.Name != wr.FrameworkName || fw.Version != wr.FrameworkVersion {
			return fail("it was computed with framework %s %s, not %s %s", wr.FrameworkName, wr.FrameworkVersion, fw.Name, fw.Version)
		}
		r.Framework = fw
	}
	if wr.HasProfile {
		if p == nil {
			return fail("it was computed with profile %s, none given", wr.ProfileName)
		}
		if p.Name != wr.ProfileName {
			return fail("it was computed with profile %s, not %s", wr.ProfileName, p.Name)
		}
		r.Profile = p
	}
	if wr.Objectives != nil {
		r.Objectives = make([]ObjectiveResult, len(wr.Objectives))
		for i, wo := range wr.Objectives {
			o := ObjectiveResult{Points: wo.Points, Max: wo.Max, Ratio: wo.Ratio, Weight: wo.Weight,
				Contribution: wo.Contribution, SEAL: wo.SEAL, MinSEAL: wo.MinSEAL, Pass: wo.Pass, Complete: wo.Complete}
			if wo.ID != "" {
				if fw == nil {
					return fail("no framework given to link objective %s to", wo.ID)
				}
				obj, ok := fw.Objective(wo.ID)
				if !ok {
					return fail("unknown objective %q", wo.ID)
				}
				o.Objective = obj
			}
			r.Objectives[i] = o
		}
	}
	if wr.Factors != nil {
		r.Factors = make([]FactorResult, len(wr.Factors))
		for i, wf := range wr.Factors {
			f := FactorResult{Option: wf.Option, Points: wf.Points, Max: wf.Max, SEAL: wf.SEAL,
				Confidence: wf.Confidence, Sources: wf.Sources, Issues: issuesFromWire(wf.Issues)}
			if wf.ID != "" {
				if fw == nil {
					return fail("no framework given to link factor %s to", wf.ID)
				}
				fac, ok := fw.Factor(wf.ID)
				if !ok {
					return fail("unknown factor %q", wf.ID)
				}
				f.Factor = fac
			}
			if wf.HasEntry {
				e := wf.Entry
				f.Entry = &e
			}
			r.Factors[i] = f
		}
	}
	return r, nil
}
