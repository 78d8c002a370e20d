package scoring

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestUnreadable: a summary or an assessment is unreadable when it
// carries file-unreadable, whatever else it carries.
func TestUnreadable(t *testing.T) {
	tests := []struct {
		name   string
		issues Issues
		want   bool
	}{
		{"none", nil, false},
		{"other problems", Issues{{Code: CodeAnswerMissing}, {Code: CodeSourceInvalid}}, false},
		{"unreadable", Issues{{Code: CodeFileUnreadable}}, true},
		{"unreadable among others", Issues{{Code: CodeWorkbookOpen}, {Code: CodeFileUnreadable}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, (&Summary{Issues: tc.issues}).Unreadable())
			assert.Equal(t, tc.want, (&Assessment{Issues: tc.issues}).Unreadable())
		})
	}
}

func TestDateText(t *testing.T) {
	tests := []struct {
		name, date, cover, want string
	}{
		{"read", "2026-03-11", "11/3/26", "2026-03-11"},
		{"unreadable", "", " 3rd  March ", "3rd March (as written: not a date sovscore can read)"},
		{"none", "", "", ""},
	}
	for _, tt := range tests {
		s := Summary{Date: tt.date}
		s.Provider.Date.Text = tt.cover
		assert.Equal(t, tt.want, s.DateText(), tt.name)
	}
}

func TestProfileOf(t *testing.T) {
	p := &Profile{Name: "p"}
	assert.Nil(t, ProfileOf(nil))
	assert.Same(t, p, ProfileOf([]*Summary{nil, {}, {Profile: p}}))
	r := &Result{Summary: Summary{Profile: p}}
	assert.Same(t, p, Comparison{Added: []*Result{r}}.Profile(), "a comparison's workbooks without a pair")
	assert.Same(t, p, Comparison{Pairs: []PairDiff{{Old: r, New: r}}}.Profile())
	assert.Nil(t, Comparison{}.Profile())
}
