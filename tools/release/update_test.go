package main

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// README's way to refresh golden files is `go test ./... -update`: every
// test binary of the module must accept -update, or the command fails in
// the packages that do not. This one has no golden file; it accepts the
// flag and ignores it.
var _ = flag.Bool("update", false, "rewrite the golden files in testdata/ (this package has none)")

// updateFlag is how a package's tests define -update (split, so that
// this file does not count as defining it).
const updateFlag = "flag.Bool(" + `"update"`

// TestUpdateFlagEverywhere: every package of the module that has tests
// defines -update, so that `go test ./... -update` runs everywhere.
func TestUpdateFlagEverywhere(t *testing.T) {
	assert.NotNil(t, flag.Lookup("update"), "this package accepts -update")
	defines := map[string]bool{} // package folder -> some test file defines -update
	err := filepath.WalkDir(moduleRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != moduleRoot && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dir, _ := filepath.Rel(moduleRoot, filepath.Dir(p))
		defines[filepath.ToSlash(dir)] = defines[filepath.ToSlash(dir)] || strings.Contains(string(b), updateFlag)
		return nil
	})
	require.NoError(t, err)
	require.Contains(t, defines, "tools/release")
	for dir, ok := range defines {
		assert.True(t, ok, "no test file of %s defines -update: go test ./... -update fails there", dir)
	}
}
