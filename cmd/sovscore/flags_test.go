package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFlagSuggestions(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"score", "--outptus", "json", dir}, "unknown flag: --outptus; did you mean --outputs?"},
		{[]string{"score", "--profle", "x", dir}, "did you mean --profile?"},
		{[]string{"score", "-out", dir}, "-out: long options take two dashes: --out"},
		{[]string{"score", "-fromat", "csv", dir}, "did you mean --format? (long options take two dashes)"},
		{[]string{"validate", "--quite", dir}, "did you mean --quiet?"},
		{[]string{"template", "--forse"}, "did you mean --force?"},
		{[]string{"score", "--zzzzzz", dir}, "unknown flag: --zzzzzz\n"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, _, stderr := runCmd(t, tc.args...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, stderr, tc.want)
		})
	}
}
