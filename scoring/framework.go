// Package scoring holds the Cloud Sovereignty Framework model, the validation
// rules for an assessment, and the computation of points, SEAL levels, the
// weighted Sovereignty Score, eligibility and ranking.
//
// It knows nothing of Excel or PDF: readers fill an Assessment with raw text
// and the location each value came from, and writers render a Result.
package scoring

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/sovscore/sovscore/templates"
)

// FrameworkFormat is the format tag the framework data file must carry.
const FrameworkFormat = "sovscore-framework/1"

// MaxSEAL is the highest SEAL level (Full Digital Sovereignty).
const MaxSEAL = 4

// Framework is the parsed framework definition: objectives, factors with
// their answer ladders, SEAL level names and built-in profiles.
type Framework struct {
	Name         string
	Version      string
	Date         string
	Publisher    string
	PointsSource string
	// LayersSource says where the factors' layer classes come from.
	LayersSource string
	SEALLevels   []SEALLevel
	Objectives   []*Objective
	Profiles     []*Profile
	// DefaultProfile names the profile used when none is asked for.
	DefaultProfile string

	factors map[string]*Factor
}

// SEALLevel names one Sovereignty Effective Assurance Level.
type SEALLevel struct {
	Level int
	Name  string
	// AltName is the name the 2026 guidance uses, when it differs.
	AltName string
}

// Objective is one sovereignty objective, SOV-1 .. SOV-8.
type Objective struct {
	ID          string
	Name        string
	Description string
	Factors     []*Factor
}

// Factor is one contributing factor (criterion) with its answer ladder.
type Factor struct {
	ID        string
	Objective *Objective
	Name      string
	Question  string
	// Layer is the factor's class for composition and LayerReason says
	// why, in one line (see Compose).
	Layer       Layer
	LayerReason string
	// Answers is the ladder, worst first; Answers[i].Number == i+1.
	Answers []Answer
}

// Answer is one rung of a factor's ladder.
type Answer struct {
	Number int
	// Label is the official label, verbatim (some carry an "N." prefix,
	// some do not).
	Label  string
	Points Points
	SEAL   int
	// display is Display's text, made once when the framework is loaded.
	display string
}

// Text returns the label without any leading "N." prefix.
func (a Answer) Text() string {
	if n, rest, ok := leadingNumber(a.Label); ok && n == a.Number {
		return rest
	}
	return a.Label
}

// Display returns the numbered form used in drop-downs, "N. label".
func (a Answer) Display() string {
	if a.display != "" {
		return a.display
	}
	return strconv.Itoa(a.Number) + ". " + a.Text()
}

// Intern returns the framework's own copy of s when s is, exactly, the
// numbered form or the official label of one of the factor's answers, as
// most answers are (they come from the drop-down), and false otherwise. A
// reader keeps it instead of a copy of the cell's text: results stay in
// memory for a whole run.
func (f *Factor) Intern(s string) (string, bool) {
	for _, a := range f.Answers {
		switch s {
		case a.display:
			return a.display, true
		case a.Label:
			return a.Label, true
		}
	}
	return "", false
}

// Max returns the points of the best answer.
func (f *Factor) Max() Points {
	var m Points
	for _, a := range f.Answers {
		if a.Points > m {
			m = a.Points
		}
	}
	return m
}

// Answer returns the answer with the given number.
func (f *Factor) Answer(n int) (Answer, bool) {
	if n < 1 || n > len(f.Answers) {
		return Answer{}, false
	}
	return f.Answers[n-1], true
}

// Max returns the sum of its factors' maxima (the "exact" divisor).
func (o *Objective) Max() Points {
	var m Points
	for _, f := range o.Factors {
		m += f.Max()
	}
	return m
}

// Factor looks a factor up by ID ("SOV-3.2").
func (fw *Framework) Factor(id string) (*Factor, bool) {
	f, ok := fw.factors[id]
	return f, ok
}

// Objective looks an objective up by ID ("SOV-3").
func (fw *Framework) Objective(id string) (*Objective, bool) {
	for _, o := range fw.Objectives {
		if o.ID == id {
			return o, true
		}
	}
	return nil, false
}

// Factors returns every factor in framework order.
func (fw *Framework) Factors() []*Factor {
	out := make([]*Factor, 0, len(fw.factors))
	for _, o := range fw.Objectives {
		out = append(out, o.Factors...)
	}
	return out
}

// SEALName returns "SEAL-n Name" style names; unknown levels give "".
func (fw *Framework) SEALName(level int) string {
	for _, l := range fw.SEALLevels {
		if l.Level == level {
			return l.Name
		}
	}
	return ""
}

// wire types: the on-disk format of templates/framework.json.
type fileFramework struct {
	Format         string          `json:"format"`
	Name           string          `json:"name"`
	Version        string          `json:"version"`
	Date           string          `json:"date"`
	Publisher      string          `json:"publisher"`
	PointsSource   string          `json:"points_source"`
	LayersSource   string          `json:"layers_source"`
	SEALLevels     []fileSEALLevel `json:"seal_levels"`
	Profiles       []fileProfile   `json:"profiles"`
	DefaultProfile string          `json:"default_profile"`
	Objectives     []fileObjective `json:"objectives"`
}

type fileSEALLevel struct {
	Level   int    `json:"level"`
	Name    string `json:"name"`
	AltName string `json:"alt_name"`
}

type fileObjective struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Description string       `json:"description"`
	Factors     []fileFactor `json:"factors"`
}

type fileFactor struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Question    string       `json:"question"`
	Layer       string       `json:"layer"`
	LayerReason string       `json:"layer_reason"`
	Answers     []fileAnswer `json:"answers"`
}

type fileAnswer struct {
	N      int         `json:"n"`
	Label  string      `json:"label"`
	Points json.Number `json:"points"`
	SEAL   int         `json:"seal"`
}

var (
	defaultOnce sync.Once
	defaultFW   *Framework
	defaultErr  error
)

// Default returns the embedded framework. It panics only if the embedded
// data is broken, which the package tests rule out.
func Default() *Framework {
	defaultOnce.Do(func() {
		defaultFW, defaultErr = LoadFramework(templates.FrameworkJSON())
	})
	if defaultErr != nil {
		panic("scoring: embedded framework is invalid: " + defaultErr.Error())
	}
	return defaultFW
}

// LoadFramework parses and checks a framework definition.
func LoadFramework(data []byte) (*Framework, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	var ff fileFramework
	if err := dec.Decode(&ff); err != nil {
		return nil, fmt.Errorf("framework: %w", err)
	}
	if ff.Format != FrameworkFormat {
		return nil, fmt.Errorf("framework: format %q, want %q", ff.Format, FrameworkFormat)
	}
	fw := &Framework{
		Name: ff.Name, Version: ff.Version, Date: ff.Date, Publisher: ff.Publisher,
		PointsSource: ff.PointsSource, LayersSource: ff.LayersSource, DefaultProfile: ff.DefaultProfile,
		factors: map[string]*Factor{},
	}
	for _, l := range ff.SEALLevels {
		fw.SEALLevels = append(fw.SEALLevels, SEALLevel(l))
	}
	var errs []error
	for i, fo := range ff.Objectives {
		want := fmt.Sprintf("SOV-%d", i+1)
		if fo.ID != want {
			errs = append(errs, fmt.Errorf("objective %d: id %q, want %q", i+1, fo.ID, want))
		}
		o := &Objective{ID: fo.ID, Name: fo.Name, Description: fo.Description}
		for j, fa := range fo.Factors {
			wantF := fmt.Sprintf("%s.%d", fo.ID, j+1)
			if fa.ID != wantF {
				errs = append(errs, fmt.Errorf("%s factor %d: id %q, want %q", fo.ID, j+1, fa.ID, wantF))
			}
			f := &Factor{ID: fa.ID, Objective: o, Name: fa.Name, Question: fa.Question, LayerReason: fa.LayerReason}
			var err error
			if f.Layer, err = parseLayer(fa.Layer, fa.ID+" layer"); err != nil {
				errs = append(errs, err)
			}
			if strings.TrimSpace(fa.LayerReason) == "" {
				errs = append(errs, fmt.Errorf("%s: layer_reason is empty", fa.ID))
			}
			if len(fa.Answers) < 2 {
				errs = append(errs, fmt.Errorf("%s: ladder has %d answers", fa.ID, len(fa.Answers)))
			}
			for k, a := range fa.Answers {
				p, err := ParsePoints(a.Points.String())
				if err != nil {
					errs = append(errs, fmt.Errorf("%s answer %d: %w", fa.ID, a.N, err))
				}
				if a.N != k+1 {
					errs = append(errs, fmt.Errorf("%s answer %d: numbered %d", fa.ID, k+1, a.N))
				}
				if a.SEAL < 0 || a.SEAL > MaxSEAL {
					errs = append(errs, fmt.Errorf("%s answer %d: SEAL %d outside 0..%d", fa.ID, a.N, a.SEAL, MaxSEAL))
				}
				if strings.TrimSpace(a.Label) == "" {
					errs = append(errs, fmt.Errorf("%s answer %d: empty label", fa.ID, a.N))
				}
				ans := Answer{Number: a.N, Label: a.Label, Points: p, SEAL: a.SEAL}
				ans.display = ans.Display()
				f.Answers = append(f.Answers, ans)
			}
			if _, dup := fw.factors[f.ID]; dup {
				errs = append(errs, fmt.Errorf("%s: duplicate factor", f.ID))
			}
			fw.factors[f.ID] = f
			o.Factors = append(o.Factors, f)
		}
		fw.Objectives = append(fw.Objectives, o)
	}
	for _, fp := range ff.Profiles {
		p, err := fp.profile(fw, "framework")
		if err != nil {
			errs = append(errs, err)
			continue
		}
		p.BuiltIn = true
		fw.Profiles = append(fw.Profiles, p)
	}
	if _, err := fw.Profile(fw.DefaultProfile); err != nil {
		errs = append(errs, fmt.Errorf("default profile: %w", err))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("framework: %w", err)
	}
	return fw, nil
}
