package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	historySample = "../../samples/history/scalingo-2025.xlsx"
	tenderSample  = "../../samples/tender/scalingo.xlsx"
)

// diffDoc is what the tests read of diff.json.
type diffDoc struct {
	Pairs []struct {
		Old, New struct {
			File     string
			Eligible bool
			SEAL     int
		}
		ScoreDelta        float64 `json:"score_delta"`
		SEALChange        string  `json:"seal_change"`
		EligibilityChange string  `json:"eligibility_change"`
		Factors           []struct {
			ID     string
			Change []string
		}
		ProblemsAdded    []struct{ Code string } `json:"problems_added"`
		ProblemsResolved []struct{ Code string } `json:"problems_resolved"`
	}
	Added, Removed []struct{ File, Provider string }
}

func readDiff(t *testing.T, path string) diffDoc {
	t.Helper()
	var doc diffDoc
	require.NoError(t, json.Unmarshal(mustRead(t, path), &doc))
	return doc
}

// TestDiffSamples runs README's diff example: the earlier Scalingo
// assessment against the tender's, with the strict tender profile under
// which the older one was not eligible.
func TestDiffSamples(t *testing.T) {
	out1, out2 := filepath.Join(t.TempDir(), "o1"), filepath.Join(t.TempDir(), "o2")
	args := []string{"diff", historySample, tenderSample, "-p", "../../samples/profiles/tender-strict.yaml"}
	code, stdout, stderr := runCmd(t, append(args, "-o", out1, "-j", "1")...)
	require.Equal(t, exitOK, code, stderr)
	for _, s := range []string{"Scalingo · Scalingo PaaS", "score +1.74 points, SEAL-2 → SEAL-3, became eligible",
		"6 factors re-evaluated, 42 carried over; 10 changed in some way",
		"SOV-1.8  re-evaluated  answer, sources, justification", "SOV-1.6  carried over  confidence",
		"Problems added (1)", "Problems resolved (1)"} {
		assert.Contains(t, stdout, s)
	}
	assert.Contains(t, stderr, "compared 1 pair(s) with profile tender-strict-example")
	code, _, stderr = runCmd(t, append(args, "-o", out2, "-j", "4", "--format", "none")...)
	require.Equal(t, exitOK, code, stderr)
	h1 := hashTree(t, out1)
	assert.Equal(t, h1, hashTree(t, out2), "the same bytes whatever -j")
	for _, f := range []string{"diff.json", "diff.pdf", "diff.xlsx"} {
		assert.Contains(t, h1, f)
	}
	golden(t, filepath.Join("testdata", "scalingo.diff.json"), mustRead(t, filepath.Join(out1, "diff.json")))

	doc := readDiff(t, filepath.Join(out1, "diff.json"))
	require.Len(t, doc.Pairs, 1)
	p := doc.Pairs[0]
	assert.Equal(t, "gained", p.EligibilityChange)
	assert.Equal(t, "up", p.SEALChange)
	assert.Equal(t, 1.74, p.ScoreDelta)
	assert.Len(t, p.Factors, 10)
	assert.Equal(t, "source-missing", p.ProblemsAdded[0].Code)
	assert.Equal(t, "justification-missing", p.ProblemsResolved[0].Code)

	code, stdout, _ = runCmd(t, "diff", historySample, tenderSample, "--format", "markdown")
	require.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "| SOV-3.1 | re-evaluated | answer, justification | 3. Shared - provider has override keys |")
	code, stdout, _ = runCmd(t, "diff", historySample, tenderSample, "--format", "json")
	require.Equal(t, exitOK, code)
	assert.True(t, strings.HasPrefix(stdout, "{\n  \"tool\""))
}

// TestDiffFolders pairs two folders by provider and service; a workbook
// that cannot be read is named, the others are still compared, exit 1.
func TestDiffFolders(t *testing.T) {
	dir := t.TempDir()
	oldDir, newDir := filepath.Join(dir, "2025"), filepath.Join(dir, "2026")
	for _, d := range []string{oldDir, newDir} {
		require.NoError(t, os.MkdirAll(d, 0o755))
	}
	put := func(dst, src string) {
		require.NoError(t, os.WriteFile(dst, mustRead(t, src), 0o644))
	}
	put(filepath.Join(oldDir, "scalingo.xlsx"), historySample)
	put(filepath.Join(oldDir, "castellum.xlsx"), "../../samples/tender/castellum-iaas.xlsx")
	put(filepath.Join(oldDir, "brightsky.xlsx"), "../../samples/mistakes/brightsky-mistakes.xlsx")
	put(filepath.Join(newDir, "a-scalingo.xlsx"), tenderSample)
	put(filepath.Join(newDir, "castellum.xlsx"), "../../samples/tender/castellum-iaas.xlsx")
	put(filepath.Join(newDir, "nimbus.xlsx"), "../../samples/tender/nimbus-eu-region.xlsx")
	require.NoError(t, os.WriteFile(filepath.Join(newDir, "broken.xlsx"), []byte("not a workbook"), 0o644))

	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCmd(t, "diff", oldDir, newDir, "-o", out)
	assert.Equal(t, exitInvalid, code, stderr)
	assert.Contains(t, stderr, "1 file(s) could not be read")
	assert.Contains(t, stderr, "broken.xlsx: this is a text file")
	assert.Contains(t, stderr, "compared 2 pair(s) with profile eucsf-1.2.1: 1 added, 1 removed")
	assert.Contains(t, stdout, "Only in the new set (added):\n  Nimbus")
	assert.Contains(t, stdout, "Only in the old set (removed):\n  BrightSky")

	doc := readDiff(t, filepath.Join(out, "diff.json"))
	require.Len(t, doc.Pairs, 2)
	assert.Equal(t, filepath.Join(newDir, "a-scalingo.xlsx"), doc.Pairs[0].New.File, "new order")
	assert.Equal(t, filepath.Join(oldDir, "scalingo.xlsx"), doc.Pairs[0].Old.File)
	assert.Empty(t, doc.Pairs[1].Factors, "an unchanged workbook has no changed factor")
	require.Len(t, doc.Added, 1)
	require.Len(t, doc.Removed, 1)
	assert.FileExists(t, filepath.Join(out, "diff.pdf"))
	assert.FileExists(t, filepath.Join(out, "diff.xlsx"))
}

// TestDiffFrameworkVersion: paired workbooks that declare different
// framework versions are compared, with a warning.
func TestDiffFrameworkVersion(t *testing.T) {
	dir := t.TempDir()
	md := strings.Replace(string(mustRead(t, scalingoMD)), "Assessment date: 2026-06-15",
		"Assessment date: 2025-03-01\nFramework version: 1.1", 1)
	src := filepath.Join(dir, "old.md")
	require.NoError(t, os.WriteFile(src, []byte(md), 0o644))
	old := filepath.Join(dir, "old.xlsx")
	code, _, stderr := runCmd(t, "import-md", src, "-o", old)
	require.Equal(t, exitOK, code, stderr)

	code, stdout, stderr := runCmd(t, "diff", old, tenderSample)
	assert.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "warning: the workbooks declare different framework versions ("+displayName(old)+": 1.1; ../../samples/tender/scalingo.xlsx: 1.2.1)")
	assert.Contains(t, stdout, "framework-version")
}

func TestDiffExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.xlsx")
	require.NoError(t, os.WriteFile(bad, []byte("ID,Answer\nSOV-1.1,4\n"), 0o644))
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"help", []string{"diff", "--help"}, exitOK, "re-evaluated"},
		{"no arguments", []string{"diff"}, exitUsage, "give the old and the new workbook"},
		{"one argument", []string{"diff", tenderSample}, exitUsage, "give the old and the new"},
		{"three arguments", []string{"diff", tenderSample, tenderSample, tenderSample}, exitUsage, "give the old and the new"},
		{"a file and a folder", []string{"diff", tenderSample, dir}, exitUsage, "not one of each"},
		{"bad format", []string{"diff", "--format", "csv", tenderSample, tenderSample}, exitUsage, "--format"},
		{"bad profile", []string{"diff", "-p", "nope", tenderSample, tenderSample}, exitUsage, "unknown profile"},
		{"missing file", []string{"diff", filepath.Join(dir, "nope.xlsx"), tenderSample}, exitInvalid, "no such file"},
		{"unreadable file", []string{"diff", bad, tenderSample}, exitInvalid, "1 file(s) could not be read"},
		{"the same file twice", []string{"diff", tenderSample, tenderSample}, exitOK, "0 changed in some way"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			assert.Equal(t, tt.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			assert.Contains(t, stdout+stderr, tt.msg)
		})
	}
}

// TestDiffNeverOverwritesInput: -o pointing at an input's place refuses
// to replace it and exits 2.
func TestDiffNeverOverwritesInput(t *testing.T) {
	dir := t.TempDir()
	trap := filepath.Join(dir, "diff.xlsx")
	require.NoError(t, os.WriteFile(trap, mustRead(t, historySample), 0o644))
	code, _, stderr := runCmd(t, "diff", trap, tenderSample, "-o", dir, "--format", "none")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "refusing to overwrite an input file")
	assert.Equal(t, mustRead(t, historySample), mustRead(t, trap))
	assert.FileExists(t, filepath.Join(dir, "diff.json"), "the other files are written")
}
