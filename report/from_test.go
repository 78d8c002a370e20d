package report

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
)

// spooled slims the fixture results and returns a loader that decodes the
// full ones from their encoded form, as "sovscore score" does with its
// spool. The encoded copies carry no rank, so the writers must take it
// from the slim results.
func spooled(t *testing.T, fw *scoring.Framework, p *scoring.Profile, rs []*scoring.Result) ([]*scoring.Result, Loader, *int) {
	t.Helper()
	slim := make([]*scoring.Result, len(rs))
	enc := make([][]byte, len(rs))
	for i, r := range rs {
		slim[i] = r.Slim()
		unranked := *r
		unranked.Rank, unranked.Ranked = 0, 0
		var buf bytes.Buffer
		require.NoError(t, unranked.Encode(&buf))
		enc[i] = buf.Bytes()
	}
	loads := new(int)
	return slim, func(i int) (*scoring.Result, error) {
		*loads++
		return scoring.DecodeResult(fw, p, enc[i])
	}, loads
}

// TestWritersFromSlimResults: every writer gives the same bytes from slim
// results (with a loader for the writers that need the full ones) as from
// the full results, and loads each full result once.
func TestWritersFromSlimResults(t *testing.T) {
	opts := PDFOptions{Created: time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC), ToolName: "sovscore", ToolVersion: "test"}
	tests := []struct {
		name  string
		full  func(io.Writer, *scoring.Framework, *scoring.Profile, []*scoring.Result) error
		slim  func(io.Writer, *scoring.Framework, *scoring.Profile, []*scoring.Result, Loader) error
		loads bool
	}{
		{"results.json",
			func(w io.Writer, fw *scoring.Framework, p *scoring.Profile, rs []*scoring.Result) error {
				return WriteJSON(w, testRun, fw, p, rs)
			},
			func(w io.Writer, fw *scoring.Framework, p *scoring.Profile, rs []*scoring.Result, l Loader) error {
				return WriteJSONFrom(w, testRun, fw, p, rs, l)
			}, true},
		{"results.json without framework and profile",
			func(w io.Writer, _ *scoring.Framework, _ *scoring.Profile, rs []*scoring.Result) error {
				return WriteJSON(w, testRun, nil, nil, rs)
			},
			func(w io.Writer, _ *scoring.Framework, _ *scoring.Profile, rs []*scoring.Result, l Loader) error {
				return WriteJSONFrom(w, testRun, nil, nil, rs, l)
			}, true},
		{"results.csv",
			func(w io.Writer, _ *scoring.Framework, _ *scoring.Profile, rs []*scoring.Result) error {
				return WriteFactorsCSV(w, rs)
			},
			func(w io.Writer, _ *scoring.Framework, _ *scoring.Profile, rs []*scoring.Result, l Loader) error {
				return WriteFactorsCSVFrom(w, rs, l)
			}, true},
		{"markdown",
			func(w io.Writer, _ *scoring.Framework, _ *scoring.Profile, rs []*scoring.Result) error {
				return WriteMarkdown(w, rs)
			},
			func(w io.Writer, _ *scoring.Framework, _ *scoring.Profile, rs []*scoring.Result, l Loader) error {
				return WriteMarkdownFrom(w, rs, l)
			}, true},
		{"providers.csv from slim results alone",
			func(w io.Writer, _ *scoring.Framework, _ *scoring.Profile, rs []*scoring.Result) error {
				return WriteProvidersCSV(w, rs)
			},
			func(w io.Writer, _ *scoring.Framework, _ *scoring.Profile, rs []*scoring.Result, _ Loader) error {
				return WriteProvidersCSV(w, rs)
			}, false},
		{"comparison.pdf from slim results alone",
			func(w io.Writer, _ *scoring.Framework, p *scoring.Profile, rs []*scoring.Result) error {
				return WriteComparison(w, rs, p, opts)
			},
			func(w io.Writer, _ *scoring.Framework, p *scoring.Profile, rs []*scoring.Result, _ Loader) error {
				return WriteComparison(w, rs, p, opts)
			}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fw, p, rs := fixtureResults(t)
			var want, got, gotNil bytes.Buffer
			require.NoError(t, tt.full(&want, fw, p, rs))

			slim, load, loads := spooled(t, fw, p, rs)
			require.NoError(t, tt.slim(&got, fw, p, slim, load))
			assert.Equal(t, want.String(), got.String())
			if tt.loads {
				assert.Equal(t, len(rs), *loads, "each full result is loaded once")
			}

			// A nil loader means the results given are the full ones.
			require.NoError(t, tt.slim(&gotNil, fw, p, rs, nil))
			assert.Equal(t, want.String(), gotNil.String())
		})
	}
}

func TestLoaderErrors(t *testing.T) {
	fw, p, rs := fixtureResults(t)
	errGone := errors.New("spool gone")
	failing := func(i int) (*scoring.Result, error) {
		if i == 2 {
			return nil, errGone
		}
		return rs[i], nil
	}
	missing := func(i int) (*scoring.Result, error) { return nil, nil }
	tests := []struct {
		name  string
		write func(io.Writer, Loader) error
		msg   string
	}{
		{"results.json", func(w io.Writer, l Loader) error { return WriteJSONFrom(w, testRun, fw, p, rs, l) }, "results.json"},
		{"results.csv", func(w io.Writer, l Loader) error { return WriteFactorsCSVFrom(w, rs, l) }, "results.csv"},
		{"markdown", func(w io.Writer, l Loader) error { return WriteMarkdownFrom(w, rs, l) }, "markdown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.write(io.Discard, failing)
			require.ErrorIs(t, err, errGone)
			assert.Contains(t, err.Error(), tt.msg)

			err = tt.write(io.Discard, missing)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "no result for")
		})
	}
}

// TestLoadedResultIsNotModified: the rank is set on a copy, so a loader
// may hand out results that are shared (and read concurrently).
func TestLoadedResultIsNotModified(t *testing.T) {
	_, _, rs := fixtureResults(t)
	shared := *rs[0]
	shared.Rank, shared.Ranked = 0, 0
	got, err := LoadFull(rs, func(int) (*scoring.Result, error) { return &shared, nil }, 0)
	require.NoError(t, err)
	assert.Equal(t, [2]int{rs[0].Rank, rs[0].Ranked}, [2]int{got.Rank, got.Ranked})
	assert.Equal(t, [2]int{0, 0}, [2]int{shared.Rank, shared.Ranked})
}

// TestSlimResultsRefused: a writer that prints factors refuses a slim
// result (given without a loader, or returned by one) instead of writing
// it without its factors.
func TestSlimResultsRefused(t *testing.T) {
	fw, p, rs := fixtureResults(t)
	slim := make([]*scoring.Result, len(rs))
	for i, r := range rs {
		slim[i] = r.Slim()
	}
	loadSlim := func(i int) (*scoring.Result, error) { return slim[i], nil }
	opts := PDFOptions{Created: time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)}
	tests := []struct {
		name  string
		write func(io.Writer, Loader) error
	}{
		{"results.json", func(w io.Writer, l Loader) error { return WriteJSONFrom(w, testRun, fw, p, slim, l) }},
		{"results.csv", func(w io.Writer, l Loader) error { return WriteFactorsCSVFrom(w, slim, l) }},
		{"markdown", func(w io.Writer, l Loader) error { return WriteMarkdownFrom(w, slim, l) }},
		{"scorecard", func(w io.Writer, _ Loader) error { return WriteScorecard(w, slim[0], opts) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, l := range []Loader{nil, loadSlim} {
				err := tt.write(io.Discard, l)
				require.ErrorIs(t, err, scoring.ErrSlim)
				assert.Contains(t, err.Error(), slim[0].File)
			}
		})
	}
}
