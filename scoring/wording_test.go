package scoring

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTieBreakRule(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want string
	}{
		{"no keys", nil, "the higher published score (2 decimals) ranks first; equal published scores share a rank"},
		{"seal and objectives", []string{TieBreakSEAL, "SOV-5", "SOV-2"},
			"the higher published score (2 decimals) ranks first; equal published scores are ordered by the overall SEAL, then the points of SOV-5, then the points of SOV-2 (higher first); what is still equal shares a rank"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, TieBreakRule(&Profile{TieBreak: tt.keys}))
		})
	}
	assert.Equal(t, tests[0].want, TieBreakRule(nil))
}

func TestTieBreakOrder(t *testing.T) {
	assert.Equal(t, "equal published scores share a rank", TieBreakOrder(nil))
	assert.Equal(t, "equal published scores share a rank", TieBreakOrder(&Profile{}))
	assert.Equal(t, "equal published scores are ordered by the points of SOV-3 (higher first); what is still equal shares a rank",
		TieBreakOrder(&Profile{TieBreak: []string{"SOV-3"}}))
}
