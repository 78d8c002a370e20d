package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/sovscore/sovscore/scoring"
)

// noteOpenWorkbook adds a workbook-open warning to an assessment when
// Excel or LibreOffice has its workbook open: they keep a lock file beside
// it ("~$name.xlsx", ".~lock.name.xlsx#") while it is open, and sovscore
// reads the last saved state, not what is on the screen.
func noteOpenWorkbook(a *scoring.Assessment, path string) {
	dir, base := filepath.Split(path)
	for _, l := range []struct{ app, name string }{
		{"Excel", "~$" + base},
		{"LibreOffice", ".~lock." + base + "#"},
	} {
		if _, err := os.Lstat(filepath.Join(dir, l.name)); err != nil {
			continue
		}
		a.Issues = append(a.Issues, scoring.Issue{Severity: scoring.Warning, Code: scoring.CodeWorkbookOpen,
			Message: fmt.Sprintf("open in %s: unsaved changes are not scored (its lock file %s is beside the workbook); save and close the workbook and score again, or delete the lock file if %s is closed",
				l.app, l.name, l.app)})
		return
	}
}
