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
