package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// inputSet is the list of workbooks to process, in a stable order: the
// arguments in the order given, directories walked in lexical order.
type inputSet struct {
	Files []string
	// Skipped counts files in directories that are not .xlsx workbooks.
	Skipped int
	// Notes are things the user should know (a symlinked directory not
	// followed, a missing path); they do not stop the run.
	Notes []string
	// Missing is true when an argument does not exist.
	Missing bool
	// Outputs counts sovscore's own outputs skipped in folders that hold
	// an output marker (see outputMarker).
	Outputs int
}

// isWorkbookName says whether a file met while walking a directory is
// scored. Excel's "~$" lock files and hidden files are not workbooks.
func isWorkbookName(name string) bool {
	base := filepath.Base(name)
	return strings.EqualFold(filepath.Ext(base), ".xlsx") && !strings.HasPrefix(base, "~$") && !strings.HasPrefix(base, ".")
}

// collectInputs expands arguments. Files named explicitly are always read,
// whatever their extension, so that a .xls or .csv given by mistake gets a
// clear message instead of silence. Directories are walked without
// following symbolic links to directories, so a link loop cannot trap the
// walk; paths under exclude (the output directory) are skipped.
func collectInputs(args []string, exclude string) inputSet {
	var in inputSet
	seen := map[string]bool{}
	add := func(p string) {
		key := p
		if abs, err := filepath.Abs(p); err == nil {
			key = abs
		}
		if !seen[key] {
			seen[key] = true
			in.Files = append(in.Files, p)
		}
	}
	excl := ""
	if exclude != "" {
		if abs, err := filepath.Abs(exclude); err == nil {
			excl = abs
		}
	}
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil {
			in.Notes = append(in.Notes, fmt.Sprintf("%s: %v", arg, unwrapPath(err)))
			in.Missing = true
			continue
		}
		if !st.IsDir() {
			add(arg)
			continue
		}
		skip := map[string]bool{} // outputs listed by output markers
		_ = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				in.Notes = append(in.Notes, fmt.Sprintf("%s: %v", p, unwrapPath(err)))
				return nil
			}
			if skip[p] {
				in.Outputs++
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != arg && (strings.HasPrefix(d.Name(), ".") || under(p, excl)) {
					return filepath.SkipDir
				}
				for k := range markedSkips(p) {
					skip[k] = true
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				t, err := os.Stat(p)
				if err != nil {
					in.Notes = append(in.Notes, fmt.Sprintf("%s: broken symbolic link", p))
					return nil
				}
				if t.IsDir() {
					in.Notes = append(in.Notes, fmt.Sprintf("%s: symbolic link to a directory, not followed", p))
					return nil
				}
			}
			if !isWorkbookName(p) {
				in.Skipped++
				return nil
			}
			add(p)
			return nil
		})
	}
	return in
}

// under reports whether p is dir or inside it (both absolute or dir empty).
func under(p, dir string) bool {
	if dir == "" {
		return false
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(dir, abs)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if ok := asPathError(err, &pe); ok {
		return pe.Err
	}
	return err
}

func asPathError(err error, target **fs.PathError) bool {
	pe, ok := err.(*fs.PathError)
	if ok {
		*target = pe
	}
	return ok
}
