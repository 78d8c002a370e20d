//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
)

// TestFIFONeverHangs: a named pipe called x.xlsx, given explicitly or met
// while walking a folder, is refused at once with a message (opening it
// would wait for a writer for ever); the other workbooks are scored.
func TestFIFONeverHangs(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "x.xlsx")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "scalingo.xlsx"), mustRead(t, "../../samples/tender/scalingo.xlsx"), 0o644))
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"score, given", []string{"score", fifo, filepath.Join(dir, "scalingo.xlsx"), "-o", filepath.Join(t.TempDir(), "o")}},
		{"score, found in a folder", []string{"score", dir, "-o", filepath.Join(t.TempDir(), "o")}},
		{"validate", []string{"validate", dir}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			type outcome struct {
				code           int
				stdout, stderr string
			}
			done := make(chan outcome, 1)
			go func() {
				code, stdout, stderr := runCmd(t, tt.args...)
				done <- outcome{code, stdout, stderr}
			}()
			var o outcome
			select {
			case o = <-done:
			case <-time.After(time.Minute): // a hang, not a speed check
				t.Fatal("sovscore waits on the named pipe")
			}
			assert.Equal(t, exitInvalid, o.code, o.stderr)
			assert.Contains(t, o.stdout+o.stderr, "named pipe (FIFO), not a workbook file")
			if tt.args[0] == "score" {
				assert.NotContains(t, o.stdout, "* provisional", "no SEAL printed is provisional")
				out := tt.args[len(tt.args)-1]
				var fifoIssues []string
				for _, p := range readResults(t, out).Providers {
					if filepath.Base(p.File) == "x.xlsx" {
						for _, is := range p.Issues {
							fifoIssues = append(fifoIssues, is.Code)
						}
					}
				}
				assert.Equal(t, []string{scoring.CodeFileUnreadable}, fifoIssues)
				assert.FileExists(t, filepath.Join(out, "scorecards", "x.pdf"))
				assert.FileExists(t, filepath.Join(out, "scorecards", "Scalingo.pdf"))
			}
		})
	}
}
