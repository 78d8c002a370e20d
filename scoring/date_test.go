package scoring

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"2026-05-12", "2026-05-12", true},
		{" 2026-5-2 ", "2026-05-02", true},
		{"2026-05-12T10:30:00Z", "2026-05-12", true},
		{"2026-05-12 10:30", "2026-05-12", true},
		{"12/05/2026", "2026-05-12", true},
		{"1.3.2026", "2026-03-01", true},
		{"12.05.2026", "2026-05-12", true},
		{"11/3/26", "", false},    // two-digit year: which century, which order?
		{"03-15-26", "", false},   // month first
		{"03/15/2026", "", false}, // read day first: month 15
		{"31/02/2026", "", false}, // no such day
		{"2026-13-01", "", false},
		{"12/05.2026", "", false}, // mixed separators
		{"May 12, 2026", "", false},
		{"0001-01-01", "", false},
		{"46154", "", false}, // an Excel serial as text: the reader converts date cells
	}
	for _, tt := range tests {
		got, why := ParseDate(tt.in)
		assert.Equal(t, tt.want, got, tt.in)
		assert.Equal(t, tt.ok, why == "", "%q: %s", tt.in, why)
	}
}

func TestDateInvalidWarning(t *testing.T) {
	fw := Default()
	a := validAssessment(fw)
	a.Provider.Date = Field{Text: "11/3/26", Loc: Location{Sheet: "Cover", Cell: "B6"}}
	r := Evaluate(fw, a, mustProfile(t, fw, ""))
	assert.Equal(t, "", r.Date)
	if assert.Len(t, r.Issues, 1) {
		is := r.Issues[0]
		assert.Equal(t, CodeDateInvalid, is.Code)
		assert.Equal(t, Warning, is.Severity)
		assert.Equal(t, "B6", is.Cell)
	}
	assert.True(t, r.Eligible, "a warning")

	a.Provider.Date.Text = "15.06.2026"
	r = Evaluate(fw, a, mustProfile(t, fw, ""))
	assert.Equal(t, "2026-06-15", r.Date)
	assert.Empty(t, r.Issues)
}
