package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The module's root, seen from this package.
const moduleRoot = "../.."

// commandLines returns the lines of a file that start with prefix, each
// without a trailing "# comment" and surrounding blanks.
func commandLines(t *testing.T, path, prefix string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, prefix) {
			continue
		}
		if cmd, _, ok := strings.Cut(line, " #"); ok {
			line = strings.TrimSpace(cmd)
		}
		out = append(out, line)
	}
	return out
}

// TestCIRunsREADMETestCommand: CI ends with README's test command, as it
// says, and nothing else: a fresh CI machine has no test cache, so options
// such as -count=1 add nothing and only make the two differ.
func TestCIRunsREADMETestCommand(t *testing.T) {
	readme := commandLines(t, filepath.Join(moduleRoot, "README.md"), "go test ")
	require.NotEmpty(t, readme)
	ci := commandLines(t, filepath.Join(moduleRoot, ".ci", "run"), "go test ")
	require.NotEmpty(t, ci)
	assert.Equal(t, readme[0], ci[len(ci)-1], "the last test command of .ci/run is README's")
}
