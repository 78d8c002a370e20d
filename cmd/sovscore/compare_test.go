package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
)

// compareArgs are the arguments of a run of each command on workbooks
// that diff and reconcile can both take.
func compareArgs(cmd string) []string {
	keller, dubois := panelDir+"nimbus-keller.xlsx", panelDir+"nimbus-dubois.xlsx"
	if cmd == "score" {
		return []string{cmd, keller, dubois, "--outputs", ""}
	}
	return []string{cmd, keller, dubois}
}

// TestCompareOptionsCheckedAsScore: diff and reconcile refuse the -j and
// --date score refuses, with score's message and exit status.
func TestCompareOptionsCheckedAsScore(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"jobs 0", []string{"-j", "0"}, fmt.Sprintf("--jobs 0: give 1 or more workbooks at a time (the default is the number of CPUs, %d)", runtime.NumCPU())},
		{"jobs -1", []string{"--jobs", "-1"}, "--jobs -1: give 1 or more"},
		{"a date before 1900", []string{"--date", "1800-01-01"}, `date "1800-01-01": use a year between 1900 and 9999`},
		{"not a date", []string{"--date", "yesterday"}, `date "yesterday": use YYYY-MM-DD or RFC 3339`},
	} {
		for _, cmd := range []string{"score", "diff", "reconcile"} {
			t.Run(tc.name+"/"+cmd, func(t *testing.T) {
				code, stdout, stderr := runCmd(t, append(compareArgs(cmd), tc.args...)...)
				assert.Equal(t, exitUsage, code, stderr)
				first := strings.SplitN(strings.TrimSpace(stderr), "\n", 2)[0]
				assert.True(t, strings.HasPrefix(first, "sovscore "+cmd+": "), first)
				assert.Contains(t, first, tc.want)
				assert.Empty(t, stdout, "nothing compared")
			})
		}
	}
	t.Run("a date they take", func(t *testing.T) {
		for _, cmd := range []string{"diff", "reconcile"} {
			code, _, stderr := runCmd(t, append(compareArgs(cmd), "--date", "1900-01-01", "-j", "1", "--format", "none")...)
			assert.Equal(t, exitOK, code, "%s: %s", cmd, stderr)
		}
	})
}

// TestCompareNoMinimumNotice: under a profile without a minimum SEAL, diff
// and reconcile say so once on stderr, with score's notice; a profile with
// a minimum gets none.
func TestCompareNoMinimumNotice(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		notices int
	}{
		{"built-in profile", nil, 1},
		{"built-in profile, no output", []string{"--format", "none"}, 1},
		{"profile with minimums", []string{"--profile", "../../samples/profiles/tender-strict.yaml"}, 0},
	} {
		for _, cmd := range []string{"diff", "reconcile"} {
			t.Run(tc.name+"/"+cmd, func(t *testing.T) {
				code, _, stderr := runCmd(t, append(compareArgs(cmd), tc.args...)...)
				assert.Equal(t, exitOK, code, stderr)
				assert.Equal(t, tc.notices, strings.Count(stderr, "notice: profile"), stderr)
				if tc.notices > 0 {
					assert.Contains(t, stderr, "sovscore "+cmd+": notice: profile eucsf-1.2.1: "+scoring.NoMinimumNote+"; a profile file's min_seal requires one\n")
				}
			})
		}
	}
}

// TestCompareOutputFolder: diff and reconcile check -o before reading any
// workbook, as score does, and mark their folder as score does, so that a
// later search for workbooks does not read diff.xlsx or consensus.xlsx as
// assessments.
func TestCompareOutputFolder(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	for _, sub := range []string{"old", "new"} {
		require.NoError(t, os.MkdirAll(filepath.Join(in, sub), 0o755))
	}
	oldWB, newWB := filepath.Join(in, "old", "scalingo.xlsx"), filepath.Join(in, "new", "scalingo.xlsx")
	require.NoError(t, os.WriteFile(oldWB, mustRead(t, historySample), 0o644))
	require.NoError(t, os.WriteFile(newWB, mustRead(t, tenderSample), 0o644))
	file := filepath.Join(dir, "a-file")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	for _, tc := range []struct {
		name, out, want string
	}{
		{"a file", file, "cannot use " + file + " as the output folder: it is a file"},
		{"under a file", filepath.Join(file, "out"), "cannot create the output folder " + filepath.Join(file, "out") + ": " + file + " is a file"},
		{"inside a searched input folder", filepath.Join(in, "old", "out"), "is inside the input folder " + filepath.Join(in, "old") + ", which is searched"},
	} {
		for _, cmd := range []string{"diff", "reconcile"} {
			t.Run(tc.name+"/"+cmd, func(t *testing.T) {
				args := []string{cmd, filepath.Join(in, "old"), filepath.Join(in, "new"), "-o", tc.out}
				code, stdout, stderr := runCmd(t, args...)
				assert.Equal(t, exitUsage, code, stderr)
				assert.Contains(t, stderr, "sovscore "+cmd+": ")
				assert.Contains(t, stderr, tc.want)
				assert.Equal(t, 1, strings.Count(stderr, "\n"), "one message, nothing read: %s", stderr)
				assert.Empty(t, stdout)
			})
		}
	}
	assert.NoDirExists(t, filepath.Join(in, "old", "out"), "a refused output folder is not made")

	// A folder given twice is one problem, said once.
	for _, cmd := range []string{"score", "diff", "reconcile"} {
		code, _, stderr := runCmd(t, cmd, in, in, "-o", filepath.Join(in, "out"))
		assert.Equal(t, exitUsage, code, cmd)
		assert.Equal(t, 1, strings.Count(stderr, "\n"), "%s: %s", cmd, stderr)
	}

	// Written beside a workbook, the outputs are marked: validate reads
	// the workbook and neither diff.xlsx nor consensus.xlsx.
	for _, tc := range []struct {
		cmd, out, xlsx string
		args           []string
	}{
		{"diff", "diffs", "diff.xlsx", []string{oldWB, newWB}},
		{"reconcile", "moderation", "consensus.xlsx", []string{panelDir + "nimbus-keller.xlsx", panelDir + "nimbus-dubois.xlsx"}},
	} {
		out := filepath.Join(in, "new", tc.out)
		code, _, stderr := runCmd(t, append(append([]string{tc.cmd}, tc.args...), "-o", out, "--format", "none")...)
		require.Equal(t, exitOK, code, stderr)
		assert.FileExists(t, filepath.Join(out, tc.xlsx))
		assert.FileExists(t, filepath.Join(out, outputMarker), tc.cmd)
		assert.NoFileExists(t, filepath.Join(out, markerName), "%s: the folder is complete", tc.cmd)
		assert.NoFileExists(t, filepath.Join(out, lockName), "%s: the lock is released", tc.cmd)
	}
	got := collectInputs([]string{filepath.Join(in, "new")}, "")
	assert.Equal(t, []string{newWB}, got.Files)
	assert.Equal(t, 2, got.Outputs, "diff.xlsx and consensus.xlsx skipped")
	code, stdout, stderr := runCmd(t, "validate", filepath.Join(in, "new"))
	assert.Equal(t, exitOK, code, stdout)
	assert.Contains(t, stderr, "1 workbook(s)")
}

// TestCompareOutputNotWritten: an output that cannot be written leaves the
// folder marked incomplete, naming it and the command to run again.
func TestCompareOutputNotWritten(t *testing.T) {
	out := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(out, "diff.pdf"), 0o755)) // in the way
	code, _, stderr := runCmd(t, "diff", historySample, tenderSample, "-o", out, "--format", "none")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "1 file(s) could not be written")
	marker := string(mustRead(t, filepath.Join(out, markerName)))
	assert.Contains(t, marker, "diff.pdf")
	assert.Contains(t, marker, "Run sovscore diff again")
	assert.FileExists(t, filepath.Join(out, "diff.json"), "the other files are written")
	assert.NoFileExists(t, filepath.Join(out, lockName))
}

// TestCompareComposes: diff and reconcile compose the workbooks with the
// hosts they name as score does, so that they show score's scores; each
// side of a diff is composed on its own.
func TestCompareComposes(t *testing.T) {
	dir := t.TempDir()
	put := func(dst, src string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
		require.NoError(t, os.WriteFile(dst, mustRead(t, compositionSamples+src), 0o644))
	}
	// Two assessors of the SaaS, beside the PaaS it names by file (found
	// with --hosts on their folder); the IaaS, which the PaaS names by
	// provider name, in another --hosts folder.
	set := filepath.Join(dir, "set")
	put(filepath.Join(set, "lumen-a.xlsx"), "lumen-saas.xlsx")
	put(filepath.Join(set, "lumen-b.xlsx"), "lumen-saas.xlsx")
	put(filepath.Join(set, "vela-paas.xlsx"), "vela-paas.xlsx")
	put(filepath.Join(dir, "iaas", "ferrum-iaas.xlsx"), "ferrum-iaas.xlsx")
	// Two years of the whole chain, in two folders.
	for _, year := range []string{"2025", "2026"} {
		for _, f := range []string{"lumen-saas.xlsx", "vela-paas.xlsx", "ferrum-iaas.xlsx"} {
			put(filepath.Join(dir, year, f), f)
		}
	}
	lumenA, lumenB := filepath.Join(set, "lumen-a.xlsx"), filepath.Join(set, "lumen-b.xlsx")
	hosts := []string{"--hosts", set, "--hosts", filepath.Join(dir, "iaas")}

	// What score gives the SaaS, composed.
	ref := filepath.Join(t.TempDir(), "ref")
	code, _, stderr := runCmd(t, append([]string{"score", lumenA, "-o", ref, "--outputs", "json", "-q"}, hosts...)...)
	require.Equal(t, exitOK, code, stderr)
	want := readResults(t, ref).Providers[0].Score
	code, _, stderr = runCmd(t, "score", lumenA, "-o", ref, "--outputs", "json", "-q")
	require.Equal(t, exitInvalid, code, stderr)
	alone := readResults(t, ref).Providers[0].Score
	require.NotEqual(t, want, alone, "composition changes the score")

	type scored struct {
		Provider string
		Score    float64
	}
	var doc struct {
		Pairs     []struct{ Old, New scored }
		Assessors []scored
	}
	for _, tc := range []struct {
		name string
		args []string
		want float64
	}{
		{"diff, two workbooks", append([]string{"diff", lumenA, lumenB}, hosts...), want},
		{"diff, two workbooks, no --hosts", []string{"diff", lumenA, lumenB}, alone},
		{"diff, two folders, each composed alone", []string{"diff", filepath.Join(dir, "2025"), filepath.Join(dir, "2026")}, want},
		{"reconcile", append([]string{"reconcile", lumenA, lumenB}, hosts...), want},
		{"reconcile, no --hosts", []string{"reconcile", lumenA, lumenB}, alone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, append(tc.args, "--format", "json")...)
			require.Equal(t, exitOK, code, stderr)
			assert.NotContains(t, stdout, "host-ambiguous")
			doc.Pairs, doc.Assessors = nil, nil
			require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
			got := doc.Assessors // reconcile: the SaaS only
			for _, p := range doc.Pairs {
				if p.Old.Provider == "Lumen Docs GmbH" {
					got = append(got, p.Old, p.New)
				}
			}
			require.Len(t, got, 2, "two results of the SaaS: %s", stdout)
			for _, s := range got {
				assert.Equal(t, tc.want, s.Score)
			}
		})
	}

	// A --hosts path that does not exist is refused as score refuses it.
	missing := filepath.Join(dir, "nope")
	for _, cmd := range []string{"score", "diff", "reconcile"} {
		code, _, stderr := runCmd(t, append(compareArgs(cmd), "--hosts", missing)...)
		assert.Equal(t, exitUsage, code, cmd)
		assert.Equal(t, "sovscore "+cmd+": --hosts "+missing+": no such file or directory\n", stderr)
	}
}
