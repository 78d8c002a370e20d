package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

const panelDir = "../../samples/panel/"

// TestReconcileSamples runs README's reconcile example, checks its files,
// that they do not depend on -j, and that the consensus workbook, once
// the panel has filled in the divergent answers, scores as usual.
func TestReconcileSamples(t *testing.T) {
	out1, out2 := filepath.Join(t.TempDir(), "o1"), filepath.Join(t.TempDir(), "o2")
	files, err := filepath.Glob(panelDir + "*.xlsx")
	require.NoError(t, err)
	require.Len(t, files, 2)
	code, stdout, stderr := runCmd(t, append([]string{"reconcile", "-o", out1, "-j", "1"}, files...)...)
	require.Equal(t, exitOK, code, stderr)
	for _, s := range []string{"Nimbus Cloud Services EU (Frankfurt)", "44 of 48 factors agreed, 4 divergent",
		"SOV-3.4  3            50.00", "Marc Dubois"} {
		assert.Contains(t, stdout, s)
	}
	assert.NotContains(t, stderr, "warning")
	code, _, stderr = runCmd(t, "reconcile", panelDir, "-o", out2, "-j", "4", "--format", "none")
	require.Equal(t, exitOK, code, stderr)
	h1 := hashTree(t, out1)
	assert.Equal(t, h1, hashTree(t, out2), "the same bytes whatever -j, files or their folder")
	for _, f := range []string{"reconcile.json", "reconcile.pdf", "consensus.xlsx"} {
		assert.Contains(t, h1, f)
	}
	golden(t, filepath.Join("testdata", "nimbus.reconcile.json"), mustRead(t, filepath.Join(out1, "reconcile.json")))

	var doc struct {
		Provider  string
		Assessors []struct{ Name string }
		Factors   []struct {
			ID     string
			Agreed bool
		}
	}
	require.NoError(t, json.Unmarshal(mustRead(t, filepath.Join(out1, "reconcile.json")), &doc))
	assert.Equal(t, "Nimbus Cloud Services EU (Frankfurt)", doc.Provider)
	require.Len(t, doc.Assessors, 2)
	var divergent []string
	for _, f := range doc.Factors {
		if !f.Agreed {
			divergent = append(divergent, f.ID)
		}
	}
	assert.Equal(t, []string{"SOV-3.1", "SOV-3.4", "SOV-6.4", "SOV-7.3"}, divergent)

	// As made, the consensus lacks the divergent answers: score says so.
	consensus := filepath.Join(out1, "consensus.xlsx")
	code, stdout, _ = runCmd(t, "validate", consensus)
	assert.Equal(t, exitInvalid, code)
	assert.Equal(t, 4, countLines(stdout, "error answer-missing"), stdout)
	assert.Equal(t, 4, countLines(stdout, ""), "nothing but the four answers to decide:\n%s", stdout)

	// The panel decides them in the spreadsheet and scores the result.
	f, err := excelize.OpenFile(consensus)
	require.NoError(t, err)
	for _, d := range []struct{ sheet, row, answer string }{
		{"SOV-3", "5", "3"}, {"SOV-3", "8", "4"}, {"SOV-6", "8", "4"}, {"SOV-7", "7", "2"},
	} {
		require.NoError(t, f.SetCellStr(d.sheet, "D"+d.row, d.answer))
		require.NoError(t, f.SetCellStr(d.sheet, "E"+d.row, "medium"))
		require.NoError(t, f.SetCellStr(d.sheet, "F"+d.row, "Decided at the moderation of 2026-06-20 -> opt"+d.answer+"."))
	}
	require.NoError(t, f.SetCellStr("Cover", "B7", "2026-06-20"))
	moderated := filepath.Join(t.TempDir(), "moderated.xlsx")
	require.NoError(t, f.SaveAs(moderated))
	require.NoError(t, f.Close())
	scored := filepath.Join(t.TempDir(), "scored")
	code, stdout, stderr = runCmd(t, "score", moderated, "-o", scored, "-q")
	assert.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "Nimbus Cloud Services EU (Frankfurt)")
	res := readResults(t, scored)
	require.Len(t, res.Providers, 1)
	assert.True(t, res.Providers[0].Complete)
}

// countLines counts the lines of s that contain sub.
func countLines(s, sub string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		if l != "" && strings.Contains(l, sub) {
			n++
		}
	}
	return n
}

func TestReconcileExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.xlsx")
	require.NoError(t, os.WriteFile(bad, []byte("ID,Answer\nSOV-1.1,4\n"), 0o644))
	keller, dubois := panelDir+"nimbus-keller.xlsx", panelDir+"nimbus-dubois.xlsx"
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"help", []string{"reconcile", "-h"}, exitOK, "consensus.xlsx"},
		{"no arguments", []string{"reconcile"}, exitUsage, "give two or more workbooks"},
		{"one workbook", []string{"reconcile", keller}, exitUsage, "1 workbook(s) found; give two or more"},
		{"bad format", []string{"reconcile", "--format", "csv", keller, dubois}, exitUsage, "--format"},
		{"a missing path", []string{"reconcile", keller, dubois, filepath.Join(dir, "nope.xlsx")}, exitInvalid, "no such file"},
		{"too few readable", []string{"reconcile", keller, bad}, exitInvalid, "1 readable workbook(s)"},
		{"one unreadable of three", []string{"reconcile", keller, dubois, bad}, exitInvalid, "44 of 48 factors agreed"},
		{"another provider", []string{"reconcile", keller, tenderSample}, exitOK, "warning: ../../samples/panel/nimbus-keller.xlsx and ../../samples/tender/scalingo.xlsx assess different providers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			assert.Equal(t, tt.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			assert.Contains(t, stdout+stderr, tt.msg)
		})
	}
}
