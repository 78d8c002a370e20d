// Package cover is the vocabulary of an assessment's cover details: the
// labels the template writes, the other names assessors give them, and the
// field of scoring.ProviderInfo each one fills. The workbook template and
// reader and the Markdown import share it, so that they agree on what each
// label means.
package cover

import (
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// The cover labels: on the Cover sheet, column A holds the label and
// column B the value.
const (
	Provider              = "Provider"
	Service               = "Service or offer in scope"
	Assessor              = "Assessor"
	Date                  = "Assessment date"
	FrameworkVersion      = "Framework version"
	Hosting               = "Hosting infrastructure provider"
	HostingQualifications = "Hosting qualifications"
	HostAssessment        = "Host assessment"
	Notes                 = "Notes"
)

// Labels lists the cover labels in template order.
var Labels = []string{Provider, Service, Assessor, Date, FrameworkVersion, Hosting, HostingQualifications, HostAssessment, Notes}

// synonyms are the other names assessors give cover labels (lower case).
var synonyms = map[string]string{
	"provider name": Provider,
	"service":       Service, "offer": Service,
	"date":           Date,
	"hosting":        Hosting,
	"qualifications": HostingQualifications, "hosting qualification": HostingQualifications,
	"host assessments": HostAssessment, "host": HostAssessment, "hosts": HostAssessment, "hosted on": HostAssessment,
	"note": Notes,
}

// Field returns the field of p that a cover label fills, matching the
// labels of Labels and their usual synonyms in any case, or nil.
func Field(p *scoring.ProviderInfo, label string) *scoring.Field {
	key := strings.ToLower(strings.TrimSpace(label))
	if canon, ok := synonyms[key]; ok {
		key = strings.ToLower(canon)
	}
	switch key {
	case strings.ToLower(Provider):
		return &p.Name
	case strings.ToLower(Service):
		return &p.Service
	case strings.ToLower(Assessor):
		return &p.Assessor
	case strings.ToLower(Date):
		return &p.Date
	case strings.ToLower(FrameworkVersion):
		return &p.FrameworkVersion
	case strings.ToLower(Hosting):
		return &p.Hosting
	case strings.ToLower(HostingQualifications):
		return &p.HostingQualifications
	case strings.ToLower(HostAssessment):
		return &p.HostAssessment
	case strings.ToLower(Notes):
		return &p.Notes
	}
	return nil
}
