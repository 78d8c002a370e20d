package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/sovscore/sovscore/scoring/settings"
)

// Dossier says which procurement procedure the reports belong to, as the
// contracting authority gives it with --dossier FILE (YAML or JSON). The
// comparison opens with it and ends with the panel's signature block;
// scorecards carry the procedure reference and the status. Every field is
// optional: without a file the pages still appear with what is known.
type Dossier struct {
	// Authority is the contracting authority.
	Authority string `yaml:"authority" json:"authority"`
	// Procedure is the procedure's reference, Lot the lot assessed.
	Procedure string `yaml:"procedure" json:"procedure"`
	Lot       string `yaml:"lot" json:"lot"`
	// Version and Status (DossierDraft or DossierFinal) are the document's.
	Version string `yaml:"version" json:"version"`
	Status  string `yaml:"status" json:"status"`
	// Panel lists the evaluators who sign the report.
	Panel []PanelMember `yaml:"panel" json:"panel"`
	// Disclaimer is printed as given on the methodology page.
	Disclaimer string `yaml:"disclaimer" json:"disclaimer"`
}

// PanelMember is one evaluator of the panel.
type PanelMember struct {
	Name string `yaml:"name" json:"name"`
	Role string `yaml:"role" json:"role"`
}

// The statuses a dossier may have.
const (
	DossierDraft = "draft"
	DossierFinal = "final"
)

// ReadDossier reads a dossier file; its errors name the file, the line,
// the key and the valid keys.
func ReadDossier(path string) (*Dossier, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("dossier file: %w", err)
	}
	d, err := ParseDossier(data, strings.EqualFold(filepath.Ext(path), ".json"))
	if err != nil {
		return nil, fmt.Errorf("dossier file %s: %w", path, err)
	}
	return d, nil
}

// ParseDossier parses a dossier file's content, YAML or JSON.
func ParseDossier(data []byte, isJSON bool) (*Dossier, error) {
	var d Dossier
	// settings.Decode checks the top-level keys only: a member's unknown
	// key would be dropped silently.
	err := settings.Decode(data, isJSON, &d)
	if errs := panelKeyErrors(data, isJSON); len(errs) > 0 {
		return nil, errors.Join(append([]error{err}, errs...)...)
	}
	if err != nil {
		return nil, err
	}
	var errs []error
	d.Status = strings.ToLower(strings.TrimSpace(d.Status))
	switch d.Status {
	case "", DossierDraft, DossierFinal:
	default:
		errs = append(errs, fmt.Errorf("status %q: use %s or %s", d.Status, DossierDraft, DossierFinal))
	}
	for i, m := range d.Panel {
		if strings.TrimSpace(m.Name) == "" {
			errs = append(errs, fmt.Errorf("panel: member %d has no name", i+1))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &d, nil
}

// memberKeys are the keys one panel member has in the file, with the
// line of each.
type memberKeys struct {
	name  string
	keys  []string
	lines []int
}

// panelKeyErrors reports the keys of panel members that PanelMember
// lacks, naming the line, the member and the valid keys. A file that
// cannot be read is left to settings.Decode, which reports it.
func panelKeyErrors(data []byte, isJSON bool) []error {
	members := yamlPanel(data)
	if isJSON {
		members = jsonPanel(data)
	}
	var valid []string
	t := reflect.TypeFor[PanelMember]()
	for i := range t.NumField() {
		valid = append(valid, t.Field(i).Tag.Get("yaml"))
	}
	var errs []error
	for n, m := range members {
		who := fmt.Sprintf("panel member %d", n+1)
		if name := strings.TrimSpace(m.name); name != "" {
			who += " (" + name + ")"
		}
		for k, key := range m.keys {
			known := false
			for _, v := range valid {
				known = known || key == v
			}
			if known {
				continue
			}
			hint := ""
			if near := settings.Suggest(key, valid); near != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", near)
			}
			errs = append(errs, fmt.Errorf("line %d: %s: unknown key %q%s; the valid keys are %s",
				m.lines[k], who, key, hint, strings.Join(valid, ", ")))
		}
	}
	return errs
}

// yamlPanel lists the members of a YAML file's panel.
func yamlPanel(data []byte) []memberKeys {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	root := doc.Content[0]
	var members []memberKeys
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "panel" || root.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for _, item := range root.Content[i+1].Content {
			if item.Kind != yaml.MappingNode {
				continue
			}
			var m memberKeys
			for k := 0; k+1 < len(item.Content); k += 2 {
				key, val := item.Content[k], item.Content[k+1]
				if key.Tag == "!!merge" {
					continue // "<<: *alias" brings keys from elsewhere; the decoder resolves it
				}
				m.keys, m.lines = append(m.keys, key.Value), append(m.lines, key.Line)
				if key.Value == "name" && val.Kind == yaml.ScalarNode {
					m.name = val.Value
				}
			}
			members = append(members, m)
		}
	}
	return members
}

// jsonPanel lists the members of a JSON file's panel. It walks the tokens
// to keep each key's line, which decoding into a map would lose.
func jsonPanel(data []byte) []memberKeys {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	var members []memberKeys
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return members
		}
		if tok != "panel" {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return members
			}
			continue
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			return members
		}
		for dec.More() {
			if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
				return members
			}
			var m memberKeys
			for dec.More() {
				tok, err := dec.Token()
				key, ok := tok.(string)
				if err != nil || !ok {
					return members
				}
				line := 1 + bytes.Count(data[:dec.InputOffset()], []byte("\n"))
				var val json.RawMessage
				if dec.Decode(&val) != nil {
					return members
				}
				m.keys, m.lines = append(m.keys, key), append(m.lines, line)
				if key == "name" {
					_ = json.Unmarshal(val, &m.name) // not text: settings.Decode reports it
				}
			}
			members = append(members, m)
			if _, err := dec.Token(); err != nil { // the member's '}'
				return members
			}
		}
		if _, err := dec.Token(); err != nil { // the panel's ']'
			return members
		}
	}
	return members
}
