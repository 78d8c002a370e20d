package scoring

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"io"
	"slices"
)

// The wire form of a Result, for Encode and DecodeResult: the Result
// itself with its pointers into the framework and profile cleared, and
// those given as names and IDs beside it. It is a private, transient
// format (a spool file of one run), not a file format: it may change
// between versions.
type wireResult struct {
	R Result
	// HasFramework and HasProfile tell a nil pointer from a set one; the
	// names are checked against the framework and profile given to decode.
	HasFramework     bool
	FrameworkName    string
	FrameworkVersion string
	HasProfile       bool
	ProfileName      string
	// Objectives and Factors are the IDs of R.Objectives[i].Objective and
	// R.Factors[i].Factor, "" for a nil one.
	Objectives []string
	Factors    []string
}

// Encode writes r in a compact binary form (encoding/gob) that
// DecodeResult reads back, so that a result can be set aside on disk and
// loaded again later in the same run. The framework, the profile and the
// objectives and factors are written as names and IDs, not as copies.
func (r *Result) Encode(w io.Writer) error {
	wr := wireResult{R: *r}
	wr.R.Framework, wr.R.Profile = nil, nil
	if r.Framework != nil {
		wr.HasFramework, wr.FrameworkName, wr.FrameworkVersion = true, r.Framework.Name, r.Framework.Version
	}
	if r.Profile != nil {
		wr.HasProfile, wr.ProfileName = true, r.Profile.Name
	}
	if r.Objectives != nil {
		wr.R.Objectives = slices.Clone(r.Objectives)
		wr.Objectives = make([]string, len(r.Objectives))
		for i := range wr.R.Objectives {
			if o := &wr.R.Objectives[i]; o.Objective != nil {
				wr.Objectives[i], o.Objective = o.Objective.ID, nil
			}
		}
	}
	if r.Factors != nil {
		wr.R.Factors = slices.Clone(r.Factors)
		wr.Factors = make([]string, len(r.Factors))
		for i := range wr.R.Factors {
			if f := &wr.R.Factors[i]; f.Factor != nil {
				wr.Factors[i], f.Factor = f.Factor.ID, nil
			}
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
	r := &wr.R
	fail := func(format string, args ...any) (*Result, error) {
		return nil, fmt.Errorf("scoring: decode result of %s: "+format, append([]any{r.File}, args...)...)
	}
	if len(wr.Objectives) != len(r.Objectives) || len(wr.Factors) != len(r.Factors) {
		return fail("the objective and factor IDs do not match the results")
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
	for i, id := range wr.Objectives {
		if id == "" {
			continue
		}
		if fw == nil {
			return fail("no framework given to link objective %s to", id)
		}
		obj, ok := fw.Objective(id)
		if !ok {
			return fail("unknown objective %q", id)
		}
		r.Objectives[i].Objective = obj
	}
	for i, id := range wr.Factors {
		if id == "" {
			continue
		}
		if fw == nil {
			return fail("no framework given to link factor %s to", id)
		}
		fac, ok := fw.Factor(id)
		if !ok {
			return fail("unknown factor %q", id)
		}
		r.Factors[i].Factor = fac
	}
	return r, nil
}
