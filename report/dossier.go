package report

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

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
	Panel []PanelMember `yaml:"panel" json:"panel" settings:"panel member"`
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
	if err := settings.Decode(data, isJSON, &d); err != nil {
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
