package scoring

import (
	"fmt"
	"strings"
)

// Layer says which layer of a service stack a factor describes, and so how
// a service assessed on top of a host assessment answers it (see Compose).
// The CSF defines no such classes: they are sovscore's own convention.
// A Layer is one byte: every factor result of a run holds one.
type Layer uint8

// The layer classes; the zero Layer is none.
const (
	_ Layer = iota
	// LayerInfrastructure: facts of the host's facilities and hardware. A
	// service inherits its host's answer when it leaves the factor blank
	// (or answers InheritedAnswer), and its own answer counts only up to
	// the host's.
	LayerInfrastructure
	// LayerComposite: both layers matter. The service must answer, and
	// the lower of its answer and its host's counts.
	LayerComposite
	// LayerService: the service's own governance, ownership, contracts,
	// staff or certification scope. The host's answer is context only.
	LayerService
)

var layerName = [...]string{"", "infrastructure", "composite", "service"}

// String returns "infrastructure", "composite" or "service" ("" for none).
func (l Layer) String() string {
	if int(l) < len(layerName) {
		return layerName[l]
	}
	return ""
}

// MarshalText makes layers appear as their names in JSON and YAML.
func (l Layer) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// Layers lists the classes, from the bottom of the stack up.
var Layers = []Layer{LayerInfrastructure, LayerComposite, LayerService}

// InheritedAnswer is what an assessor writes (or picks from the drop-down)
// on an infrastructure factor to take the host's answer explicitly.
const InheritedAnswer = "inherited"

// parseLayer checks a class name; what says where it was read, for the
// error.
func parseLayer(s, what string) (Layer, error) {
	for _, l := range Layers {
		if s == l.String() {
			return l, nil
		}
	}
	return 0, fmt.Errorf("%s is %q; use %s", what, s, layerList())
}

func layerList() string {
	names := make([]string, len(Layers))
	for i, l := range Layers {
		names[i] = l.String()
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// LayerOf is the class of a factor under this profile: the profile's
// override if it has one, else the framework's class.
func (p *Profile) LayerOf(f *Factor) Layer {
	if p != nil {
		if l, ok := p.Layers[f.ID]; ok {
			return l
		}
	}
	return f.Layer
}

// profileLayers checks the layers key of a profile file: known factor IDs
// and known classes.
func profileLayers(fw *Framework, in map[string]string) (map[string]Layer, []error) {
	var errs []error
	out := map[string]Layer{}
	for _, id := range sortedKeys(in) {
		if _, ok := fw.Factor(id); !ok {
			errs = append(errs, fmt.Errorf("layers: unknown factor %q (use a factor ID such as SOV-5.4)", id))
			continue
		}
		l, err := parseLayer(in[id], "layers: "+id)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out[id] = l
	}
	return out, errs
}

// isInherited reports an answer that asks for the host's answer.
func isInherited(raw string) bool {
	return labelKey(raw) == InheritedAnswer
}

// leftToHost reports an infrastructure factor left blank or answered
// "inherited" in a workbook that declares a host: Compose gives it the
// host's answer.
func leftToHost(raw string, layer Layer, hosted bool) bool {
	return layer == LayerInfrastructure && hosted && (Normalize(raw) == "" || isInherited(raw))
}

// parseLayered is ParseAnswer for a factor of the given class in a
// workbook that declares a host or not: a factor left to the host is no
// problem here; "inherited" anywhere else is.
func parseLayered(f *Factor, raw string, layer Layer, hosted bool) (int, *AnswerProblem) {
	switch {
	case leftToHost(raw, layer, hosted):
		return 0, nil
	case isInherited(raw) && layer != LayerInfrastructure:
		return 0, &AnswerProblem{CodeAnswerInvalid, Error,
			fmt.Sprintf("%s is a %s factor: only infrastructure factors take their host's answer; choose one of %s from the drop-down",
				f.ID, layer, f.rangeText())}
	case isInherited(raw):
		return 0, &AnswerProblem{CodeAnswerMissing, Error,
			fmt.Sprintf("%s says %q but the Cover names no host assessment: name the host under \"Host assessment\" or choose one of %s from the drop-down",
				f.ID, InheritedAnswer, f.rangeText())}
	}
	return ParseAnswer(f, raw)
}
