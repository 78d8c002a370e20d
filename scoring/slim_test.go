package scoring

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSlim: a slim result keeps what the combined reports read, drops the
// factors, says so, and shares no slice with the full result.
func TestSlim(t *testing.T) {
	for _, tt := range wireCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			wasSlim := r.Slimmed
			s := r.Slim()
			// What the combined reports read is kept as it is.
			assert.Equal(t, r.File, s.File)
			assert.Equal(t, r.SHA256, s.SHA256)
			assert.Equal(t, r.Provider, s.Provider)
			assert.Same(t, r.Profile, s.Profile)
			assert.Same(t, r.Framework, s.Framework)
			assert.Equal(t, [6]any{r.Complete, r.Score, r.SEAL, r.Provisional, r.Eligible, r.Rank},
				[6]any{s.Complete, s.Score, s.SEAL, s.Provisional, s.Eligible, s.Rank})
			assert.Equal(t, r.Ranked, s.Ranked)
			assert.Equal(t, r.Reasons, s.Reasons)
			assert.Equal(t, r.Objectives, s.Objectives)
			assert.Equal(t, r.Issues, s.Issues)
			assert.Nil(t, s.Factors, "the factors are dropped")
			assert.True(t, s.Slimmed)
			assert.ErrorIs(t, s.RequireFull(), ErrSlim)
			if !wasSlim {
				assert.NoError(t, r.RequireFull())
			}
			assert.Equal(t, wasSlim, r.Slimmed, "the result slimmed is not changed")
			assert.Equal(t, r.Unanswered(), s.Unanswered(), "the unanswered factors are still counted")
			// The copy shares no slice with the full result.
			if len(s.Issues) > 0 {
				s.Issues[0].Message = "changed"
				assert.NotEqual(t, "changed", r.Issues[0].Message)
			}
			if len(s.Objectives) > 0 {
				s.Objectives[0].SEAL = 99
				assert.NotEqual(t, 99, r.Objectives[0].SEAL)
			}
			assert.Equal(t, s.Slim(), s.Slim(), "slimming twice changes nothing")
		})
	}
	assert.Nil(t, (*Result)(nil).Slim())
}
