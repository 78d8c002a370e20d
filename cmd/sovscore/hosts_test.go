package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

const compositionSamples = "../../samples/composition/"

// TestCompositionSamples: the three-level chain and the variant that
// claims more than its host score with warnings only, the table shows the
// chains, and results.json matches its golden.
func TestCompositionSamples(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := runCmd(t, "score", compositionSamples, "-o", out, "--date", "2026-06-20", "-q")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "Lumen Docs GmbH (lumen-saas.xlsx) on Vela Platform SAS (vela-paas.xlsx) on Ferrum Cloud SE (ferrum-iaas.xlsx)")
	assert.Contains(t, stdout, "Vela Platform SAS (vela-paas-own-pue.xlsx) on Ferrum Cloud SE (ferrum-iaas.xlsx)")
	assert.Contains(t, stdout, "sovscore's composition convention")

	doc := readResults(t, out)
	require.Len(t, doc.Providers, 4)
	for _, p := range doc.Providers {
		assert.True(t, p.Eligible, p.File)
		assert.True(t, p.Complete, p.File)
	}
	golden(t, filepath.Join("testdata", "composition.json"), mustRead(t, filepath.Join(out, "results.json")))

	// The annotated copy of a service shows where its answers come from,
	// although it is written after composition, not while it is read.
	f, err := excelize.OpenFile(filepath.Join(out, "annotated", "lumen-saas.xlsx"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows("Scorecard")
	require.NoError(t, err)
	var hosted []string
	for _, r := range rows {
		if len(r) > 1 && (r[0] == "Hosted on" || r[0] == "Host, level 2") {
			hosted = append(hosted, r[1])
		}
	}
	require.Len(t, hosted, 2)
	assert.True(t, strings.HasPrefix(hosted[0], "Vela Platform SAS / Vela PaaS"), hosted[0])
	assert.True(t, strings.HasPrefix(hosted[1], "Ferrum Cloud SE / Ferrum IaaS"), hosted[1])
	comments, err := f.GetComments("SOV-8")
	require.NoError(t, err)
	var notes []string
	for _, c := range comments {
		text := c.Text
		for _, p := range c.Paragraph {
			text += p.Text
		}
		notes = append(notes, text)
	}
	assert.Contains(t, strings.Join(notes, "\n"), "SOV-8.1: inherited from Ferrum Cloud SE, answer 4. PUE < 1.3")
	for _, name := range []string{"Ferrum Cloud SE.pdf", "Lumen Docs GmbH.pdf", "Vela Platform SAS.pdf", "Vela Platform SAS-2.pdf"} {
		assert.FileExists(t, filepath.Join(out, "scorecards", name))
	}
}

// TestScoreHostsOption: --hosts gives host assessments that are used for
// composition but neither ranked nor reported as providers.
func TestScoreHostsOption(t *testing.T) {
	dir := t.TempDir()
	run, hosts := filepath.Join(dir, "run"), filepath.Join(dir, "hosts")
	require.NoError(t, os.MkdirAll(run, 0o755))
	require.NoError(t, os.MkdirAll(hosts, 0o755))
	// The SaaS names vela-paas.xlsx by file, so it sits beside it; the
	// PaaS names Ferrum by provider name, which is found in --hosts.
	for _, f := range []string{"lumen-saas.xlsx", "vela-paas.xlsx"} {
		require.NoError(t, os.WriteFile(filepath.Join(run, f), mustRead(t, compositionSamples+f), 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(hosts, "ferrum-iaas.xlsx"), mustRead(t, compositionSamples+"ferrum-iaas.xlsx"), 0o644))

	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCmd(t, "score", run, "--hosts", hosts, "-o", out, "-q")
	require.Equal(t, exitOK, code, stderr)
	assert.NotContains(t, strings.SplitN(stdout, "hosted", 2)[0], "Ferrum", "a host from --hosts is not ranked")
	doc := readResults(t, out)
	require.Len(t, doc.Providers, 2)
	for _, p := range doc.Providers {
		assert.True(t, p.Eligible, p.File)
	}
	assert.NoFileExists(t, filepath.Join(out, "scorecards", "Ferrum Cloud SE.pdf"))
	assert.NoFileExists(t, filepath.Join(out, "annotated", "ferrum-iaas.xlsx"))

	// Without the host the PaaS, and so the SaaS on it, cannot be composed.
	code, stdout, _ = runCmd(t, "validate", run)
	assert.Equal(t, exitInvalid, code)
	assert.Contains(t, stdout, "vela-paas.xlsx: Cover!B11: error host-missing")
	assert.Contains(t, stdout, "lumen-saas.xlsx: Cover!B11: warning host-invalid")
	code, stdout, _ = runCmd(t, "validate", run, "--hosts", hosts)
	assert.Equal(t, exitOK, code, stdout)

	code, _, stderr = runCmd(t, "score", run, "--hosts", filepath.Join(dir, "nope"), "-o", out)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--hosts")
}

// TestValidateComposition: validate applies composition too, so the
// variant's claim above its host is reported.
func TestValidateComposition(t *testing.T) {
	code, stdout, stderr := runCmd(t, "validate", compositionSamples)
	assert.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "vela-paas-own-pue.xlsx: SOV-8!D5: warning claim-above-host: SOV-8.1: answer 5")
	assert.Equal(t, 1, strings.Count(stdout, "\n"), "one warning: %s", stdout)
}
