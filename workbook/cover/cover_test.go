package cover

import (
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sovscore/sovscore/scoring"
)

// The package has no golden files; -update is accepted so that
// "go test ./... -update" runs here too.
var _ = flag.Bool("update", false, "no effect: this package has no golden files")

func TestField(t *testing.T) {
	var p scoring.ProviderInfo
	cases := []struct {
		label string
		want  *scoring.Field
	}{
		{Provider, &p.Name},
		{Service, &p.Service},
		{Assessor, &p.Assessor},
		{Date, &p.Date},
		{FrameworkVersion, &p.FrameworkVersion},
		{Hosting, &p.Hosting},
		{HostingQualifications, &p.HostingQualifications},
		{HostAssessment, &p.HostAssessment},
		{"Hosted on", &p.HostAssessment},
		{"host assessments", &p.HostAssessment},
		{Notes, &p.Notes},
		{"  PROVIDER NAME ", &p.Name},
		{"offer", &p.Service},
		{"Qualifications", &p.HostingQualifications},
		{"note", &p.Notes},
		{"Provider:", nil}, // callers trim their own punctuation
		{"Score", nil},
		{"", nil},
	}
	for _, c := range cases {
		assert.Same(t, c.want, Field(&p, c.label), "%q", c.label)
	}
	for _, l := range Labels {
		assert.NotNil(t, Field(&p, l), l)
	}
}
