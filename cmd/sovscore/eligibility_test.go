package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
)

// TestNoMinimumNotice: under a profile without a minimum SEAL, score says
// so once on stderr (even with --quiet) and under the table; a profile
// with a minimum gets neither.
func TestNoMinimumNotice(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		notices int
	}{
		{"built-in profile", nil, 1},
		{"built-in profile, quiet", []string{"-q"}, 1},
		{"profile with minimums", []string{"--profile", "../../samples/profiles/tender-strict.yaml"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{"score", "../../samples/tender/", "-o", out, "--outputs", "json", "-j", "2"}, tt.args...)
			code, stdout, stderr := runCmd(t, args...)
			require.NotEqual(t, exitUsage, code, stderr)
			assert.Equal(t, tt.notices, strings.Count(stderr, "notice: profile"), stderr)
			assert.Equal(t, tt.notices, strings.Count(stdout, "ELIGIBLE: "+scoring.NoMinimumNote), stdout)
			if tt.notices > 0 {
				assert.Contains(t, stderr, "sovscore score: notice: profile eucsf-1.2.1: "+scoring.NoMinimumNote)
			}
		})
	}
}

// TestDossierFlag: --dossier is read before any workbook, its errors name
// the file, and results.json records it.
func TestDossierFlag(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "dossier.yaml")
	require.NoError(t, os.WriteFile(good, []byte(`authority: Ville de Lyon
procedure: 2026-CLOUD-17
lot: "2"
version: "1.0"
status: draft
panel:
  - {name: A. Martin, role: chair}
  - {name: B. Keller, role: legal}
`), 0o644))
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("authority: x\nstatus: signed\n"), 0o644))
	unknown := filepath.Join(dir, "unknown.json")
	require.NoError(t, os.WriteFile(unknown, []byte(`{"authorty": "x"}`), 0o644))

	t.Run("recorded", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "out")
		code, _, stderr := runCmd(t, "score", "../../samples/tender/scalingo.xlsx", "-o", out, "-q", "--outputs", "json", "--dossier", good)
		require.Equal(t, exitOK, code, stderr)
		var doc struct {
			Dossier map[string]any `json:"dossier"`
		}
		require.NoError(t, json.Unmarshal(mustRead(t, filepath.Join(out, "results.json")), &doc))
		assert.Equal(t, map[string]any{"authority": "Ville de Lyon", "procedure": "2026-CLOUD-17", "lot": "2", "version": "1.0",
			"status": "draft", "panel": []any{map[string]any{"name": "A. Martin", "role": "chair"}, map[string]any{"name": "B. Keller", "role": "legal"}}},
			doc.Dossier)
	})
	for _, tc := range []struct{ name, file, want string }{
		{"bad status", bad, `status "signed": use draft or final`},
		{"unknown key", unknown, "authorty"},
		{"missing file", filepath.Join(dir, "nope.yaml"), "nope.yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			code, _, stderr := runCmd(t, "score", "../../samples/tender/scalingo.xlsx", "-o", out, "--dossier", tc.file)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, stderr, tc.want)
			assert.Contains(t, stderr, tc.file)
			assert.NoDirExists(t, out, "nothing written")
		})
	}
}
