package scoring

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/sovscore/sovscore/scoring/settings"
)

// Divisor says what an objective's points are divided by in the score.
type Divisor string

const (
	// DivisorExact divides by the objective's exact maximum (1000.03, 1002, ...),
	// so an all-best answer set scores exactly 100 %.
	DivisorExact Divisor = "exact"
	// DivisorNominal divides by 1000, as the Commission's Annex calculator does.
	DivisorNominal Divisor = "nominal"
)

// Profile is a weighting and acceptance profile: the weights of the
// Sovereignty Score and the minimum SEAL a tender requires per objective.
type Profile struct {
	Name        string
	Description string
	// Weights per objective ID; they sum to 1.
	Weights map[string]float64
	Divisor Divisor
	// MinSEAL per objective ID, 0..4 (0: no minimum).
	MinSEAL map[string]int
	// TieBreak orders equal published scores: TieBreakSEAL (the higher
	// overall SEAL first) or an objective ID (its higher points first),
	// in turn. Empty: equal scores share a rank.
	TieBreak []string
	// Layers overrides the framework's layer class of some factors
	// (factor ID -> class); empty when the profile keeps them all.
	Layers map[string]Layer
	// BuiltIn is true for the profiles shipped with the framework.
	BuiltIn bool
	// Source is the file the profile was read from ("" for built-ins).
	Source string
}

// DivisorFor returns the divisor of one objective under this profile.
func (p *Profile) DivisorFor(o *Objective) float64 {
	if p.Divisor == DivisorNominal {
		return 1000
	}
	return o.Max().Float()
}

// HasMinimum reports whether the profile sets a minimum SEAL on any
// objective. Without one, "eligible" only means complete and free of
// errors, and reports must say so.
func (p *Profile) HasMinimum() bool {
	for _, m := range p.MinSEAL {
		if m > 0 {
			return true
		}
	}
	return false
}

// Canonical returns the profile's method (name, weights, divisor, minimum
// SEALs, tie-break and, when it has any, layer overrides) as canonical
// JSON: keys sorted, no spaces, weights as the shortest decimal that
// reads back as the same number. Its SHA-256 (see SHA256) identifies the
// method whatever the file's layout or format: a profile filed before the
// assessments with the same hash shows that the method applied was fixed
// in advance.
func (p *Profile) Canonical() []byte {
	var b strings.Builder
	b.WriteString(`{"divisor":`)
	writeJSONString(&b, string(p.Divisor))
	// Only a profile that overrides classes has the key, so that the
	// hashes of profiles written before classes existed stay the same.
	if len(p.Layers) > 0 {
		b.WriteString(`,"layers":`)
		writeJSONObject(&b, p.Layers, func(l Layer) { writeJSONString(&b, l.String()) })
	}
	b.WriteString(`,"min_seal":`)
	writeJSONObject(&b, p.MinSEAL, func(n int) { b.WriteString(strconv.Itoa(n)) })
	b.WriteString(`,"name":`)
	writeJSONString(&b, p.Name)
	b.WriteString(`,"tie_break":[`)
	for i, k := range p.TieBreak {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(&b, k)
	}
	b.WriteString(`],"weights":`)
	writeJSONObject(&b, p.Weights, func(w float64) { b.WriteString(strconv.FormatFloat(w, 'f', -1, 64)) })
	b.WriteString("}")
	return []byte(b.String())
}

// SHA256 is the hex SHA-256 of the profile's canonical form.
func (p *Profile) SHA256() string {
	sum := sha256.Sum256(p.Canonical())
	return hex.EncodeToString(sum[:])
}

// writeJSONObject writes m as a JSON object, keys sorted, each value
// written by value.
func writeJSONObject[V any](b *strings.Builder, m map[string]V, value func(V)) {
	b.WriteByte('{')
	for i, k := range sortedKeys(m) {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(b, k)
		b.WriteByte(':')
		value(m[k])
	}
	b.WriteByte('}')
}

func writeJSONString(b *strings.Builder, s string) {
	data, _ := json.Marshal(s) // a string always marshals
	b.Write(data)
}

// fileProfile is the on-disk form, shared by the framework data and by
// profile files given with --profile (YAML or JSON).
type fileProfile struct {
	Name        string             `json:"name" yaml:"name"`
	Description string             `json:"description" yaml:"description"`
	Weights     map[string]float64 `json:"weights" yaml:"weights"`
	Divisor     string             `json:"divisor" yaml:"divisor"`
	MinSEAL     map[string]int     `json:"min_seal" yaml:"min_seal"`
	TieBreak    []string           `json:"tie_break,omitempty" yaml:"tie_break"`
	Layers      map[string]string  `json:"layers,omitempty" yaml:"layers"`
	// Base names a built-in profile whose values fill what the file omits.
	Base string `json:"base,omitempty" yaml:"base"`
}

const weightTolerance = 1e-6

// profile checks a profile against the framework. Every problem is reported,
// not just the first, so a contracting authority can fix its file in one go.
func (fp fileProfile) profile(fw *Framework, where string) (*Profile, error) {
	p := &Profile{
		Name: fp.Name, Description: fp.Description,
		Divisor: Divisor(fp.Divisor), Weights: map[string]float64{}, MinSEAL: map[string]int{},
	}
	var errs []error
	if strings.TrimSpace(p.Name) == "" {
		errs = append(errs, errors.New("name is missing"))
	}
	switch p.Divisor {
	case DivisorExact, DivisorNominal:
	case "":
		p.Divisor = DivisorExact
	default:
		errs = append(errs, fmt.Errorf("divisor %q: use %q or %q", fp.Divisor, DivisorExact, DivisorNominal))
	}
	known := map[string]bool{}
	for _, o := range fw.Objectives {
		known[o.ID] = true
	}
	sum := 0.0
	for _, id := range sortedKeys(fp.Weights) {
		w := fp.Weights[id]
		switch {
		case !known[id]:
			errs = append(errs, fmt.Errorf("weights: unknown objective %q (use SOV-1 .. SOV-%d)", id, len(fw.Objectives)))
		case w < 0 || math.IsNaN(w) || math.IsInf(w, 0):
			errs = append(errs, fmt.Errorf("weights: %s is %v; a weight is a number from 0 to 1", id, w))
		default:
			p.Weights[id] = w
			sum += w
		}
	}
	for _, o := range fw.Objectives {
		if _, ok := fp.Weights[o.ID]; !ok {
			errs = append(errs, fmt.Errorf("weights: %s is missing", o.ID))
		}
	}
	if math.Abs(sum-1) > weightTolerance {
		errs = append(errs, fmt.Errorf("weights sum to %.6g, they must sum to 1 (e.g. 0.15, not 15)", sum))
	}
	for _, id := range sortedKeys(fp.MinSEAL) {
		s := fp.MinSEAL[id]
		switch {
		case !known[id]:
			errs = append(errs, fmt.Errorf("min_seal: unknown objective %q (use SOV-1 .. SOV-%d)", id, len(fw.Objectives)))
		case s < 0 || s > MaxSEAL:
			errs = append(errs, fmt.Errorf("min_seal: %s is %d; a SEAL level is 0 to %d", id, s, MaxSEAL))
		default:
			p.MinSEAL[id] = s
		}
	}
	for _, o := range fw.Objectives {
		if _, ok := p.MinSEAL[o.ID]; !ok {
			p.MinSEAL[o.ID] = 0
		}
	}
	seen := map[string]bool{}
	for _, k := range fp.TieBreak {
		switch {
		case seen[k]:
			errs = append(errs, fmt.Errorf("tie_break: %q is listed twice", k))
		case k != TieBreakSEAL && !known[k]:
			errs = append(errs, fmt.Errorf("tie_break: unknown key %q (use %q or an objective SOV-1 .. SOV-%d)", k, TieBreakSEAL, len(fw.Objectives)))
		default:
			p.TieBreak = append(p.TieBreak, k)
		}
		seen[k] = true
	}
	layers, lerrs := profileLayers(fw, fp.Layers)
	errs = append(errs, lerrs...)
	if len(layers) > 0 {
		p.Layers = layers
	}
	if err := errors.Join(errs...); err != nil {
		name := p.Name
		if name == "" {
			name = "(unnamed)"
		}
		if where == "" {
			return nil, err // the caller names the file
		}
		return nil, fmt.Errorf("%s: profile %s: %w", where, name, err)
	}
	return p, nil
}

// Profile returns a built-in profile by name.
func (fw *Framework) Profile(name string) (*Profile, error) {
	for _, p := range fw.Profiles {
		if p.Name == name {
			return p, nil
		}
	}
	names := make([]string, 0, len(fw.Profiles))
	for _, p := range fw.Profiles {
		names = append(names, p.Name)
	}
	return nil, fmt.Errorf("unknown profile %q (built-in: %s; or give a .yaml/.json file)", name, strings.Join(names, ", "))
}

// ResolveProfile returns the built-in profile of that name or, when arg
// names a file (it has a path separator or a .yaml/.yml/.json extension),
// reads the profile from it. An empty arg gives the default profile.
func (fw *Framework) ResolveProfile(arg string) (*Profile, error) {
	if arg == "" {
		arg = fw.DefaultProfile
	}
	ext := strings.ToLower(filepath.Ext(arg))
	if strings.ContainsRune(arg, os.PathSeparator) || strings.ContainsRune(arg, '/') || ext == ".yaml" || ext == ".yml" || ext == ".json" {
		data, err := os.ReadFile(arg)
		if err != nil {
			return nil, fmt.Errorf("profile file: %w", err)
		}
		p, err := fw.ParseProfile(data, ext == ".json")
		if err != nil {
			return nil, fmt.Errorf("profile file %s:%w", arg, indentErr(err))
		}
		p.Source = arg
		return p, nil
	}
	return fw.Profile(arg)
}

// ParseProfile parses a profile file. YAML is a superset of JSON, but JSON
// input is decoded strictly as JSON so its errors name JSON positions. A file
// may name a built-in profile as "base" and override only some values, e.g.
// a tender that keeps the framework weights and sets minimum SEALs.
func (fw *Framework) ParseProfile(data []byte, isJSON bool) (*Profile, error) {
	var fp fileProfile
	if err := settings.Decode(data, isJSON, &fp); err != nil {
		return nil, err
	}
	if fp.Base != "" {
		base, err := fw.Profile(fp.Base)
		if err != nil {
			return nil, fmt.Errorf("base: %w", err)
		}
		if fp.Weights == nil {
			fp.Weights = base.Weights
		}
		if fp.Divisor == "" {
			fp.Divisor = string(base.Divisor)
		}
		if fp.TieBreak == nil {
			fp.TieBreak = base.TieBreak
		}
		merged := map[string]int{}
		for k, v := range base.MinSEAL {
			merged[k] = v
		}
		for k, v := range fp.MinSEAL {
			merged[k] = v
		}
		fp.MinSEAL = merged
		if len(base.Layers) > 0 {
			layers := map[string]string{}
			for k, v := range base.Layers {
				layers[k] = v.String()
			}
			for k, v := range fp.Layers {
				layers[k] = v
			}
			fp.Layers = layers
		}
	}
	return fp.profile(fw, "")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// indentErr puts a one-line error after a space, and each line of a
// longer one on its own indented line, for a message that starts with
// the file it is about.
func indentErr(err error) error {
	msg := err.Error()
	if !strings.Contains(msg, "\n") {
		return fmt.Errorf(" %w", err)
	}
	return fmt.Errorf("\n  %s%w", strings.ReplaceAll(msg, "\n", "\n  "), errSilent{err})
}

// errSilent wraps an error so errors.Is and errors.As still see it
// while it adds nothing to the message.
type errSilent struct{ err error }

func (e errSilent) Error() string { return "" }
func (e errSilent) Unwrap() error { return e.err }
