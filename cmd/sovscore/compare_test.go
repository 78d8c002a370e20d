package main

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

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
