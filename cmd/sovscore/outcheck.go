package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// outputMarker is the file score, diff and reconcile leave in their
// output folder. A folder
// searched for workbooks that holds one skips the outputs it lists, so a
// later run over a parent folder never reads sovscore's own annotated
// copies or summary as assessments.
const outputMarker = ".sovscore-output"

// The workbooks sovscore writes, and the folders of its per-workbook
// outputs.
const (
	annotatedDir  = "annotated"
	scorecardsDir = "scorecards"
	summaryBook   = "summary.xlsx"
	diffBook      = "diff.xlsx"
	consensusBook = "consensus.xlsx"
)

// markedOutputs are the outputs a marked folder's walk skips: every .xlsx
// sovscore writes, and the folders that hold them.
var markedOutputs = []string{annotatedDir + "/", scorecardsDir + "/", summaryBook, diffBook, consensusBook}

// outputProblems checks the output folder before any workbook is read: it
// must be a folder or be possible to make, and must not be inside a folder
// searched for inputs (the next run would read the reports). It returns
// one message per problem, each naming the path; nothing is created.
func outputProblems(out string, args []string) []string {
	var probs []string
	st, err := os.Stat(out)
	switch {
	case err == nil && !st.IsDir():
		probs = append(probs, fmt.Sprintf("cannot use %s as the output folder: it is a file; give a folder with -o (it is created if needed)", out))
	case err == nil:
	case fileAncestor(out) != "":
		probs = append(probs, fmt.Sprintf("cannot create the output folder %s: %s is a file", out, fileAncestor(out)))
	case !errors.Is(err, fs.ErrNotExist):
		probs = append(probs, fmt.Sprintf("cannot use the output folder %s: %v", out, unwrapPath(err)))
	}
	real := resolvedPath(out)
	said := map[string]bool{} // a folder given twice (diff DIR DIR) is one problem
	for _, a := range args {
		if st, err := os.Stat(a); err != nil || !st.IsDir() {
			continue
		}
		in := resolvedPath(a)
		if real == "" || in == "" || !under(real, in) || said[in] {
			continue
		}
		said[in] = true
		probs = append(probs, fmt.Sprintf("the output folder %s is inside the input folder %s, which is searched for workbooks: give -o a folder outside it, e.g. -o %s",
			out, a, suggestOutside(in)))
	}
	return probs
}

// refuseOutput says on w what outputProblems finds, one line each, and
// reports whether it found any: the run must then stop (exit 2).
func refuseOutput(w io.Writer, cmd, out string, args []string) bool {
	probs := outputProblems(out, args)
	for _, p := range probs {
		fmt.Fprintf(w, "sovscore %s: %s\n", cmd, p)
	}
	return len(probs) > 0
}

// writeOutputMarker writes the output marker into the output folder,
// which exists: the run writes it when it claims the folder (score before
// any workbook is read, diff and reconcile once there is something to
// write).
func writeOutputMarker(out string) error {
	return os.WriteFile(filepath.Join(out, outputMarker), []byte(markerText()), 0o644)
}

func markerText() string {
	var b strings.Builder
	b.WriteString("# This folder holds reports written by sovscore. When a folder\n" +
		"# above it is searched for workbooks, the entries below are skipped.\n")
	for _, e := range markedOutputs {
		b.WriteString("skip: " + e + "\n")
	}
	return b.String()
}

// markedSkips returns the paths under dir that its output marker lists,
// nil when dir has no marker. A marker that cannot be read skips the
// outputs of this version.
func markedSkips(dir string) map[string]bool {
	f, err := os.Open(filepath.Join(dir, outputMarker))
	if err != nil {
		return nil
	}
	defer f.Close()
	skip := map[string]bool{}
	sc := bufio.NewScanner(io.LimitReader(f, 64<<10))
	for sc.Scan() {
		entry, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "skip:")
		entry = strings.TrimSuffix(strings.TrimSpace(entry), "/")
		if ok && entry != "" && filepath.IsLocal(filepath.FromSlash(entry)) {
			skip[filepath.Join(dir, filepath.FromSlash(entry))] = true
		}
	}
	if len(skip) == 0 {
		for _, e := range markedOutputs {
			skip[filepath.Join(dir, strings.TrimSuffix(e, "/"))] = true
		}
	}
	return skip
}

// fileAncestor returns the nearest existing ancestor of p when it is a
// file (so p cannot be made), "" otherwise.
func fileAncestor(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return ""
	}
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		if st, err := os.Stat(dir); err == nil {
			if !st.IsDir() {
				return dir
			}
			return ""
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}

// resolvedPath is p made absolute with the symbolic links of its existing
// part resolved, so that two names of one folder compare equal; "" on
// error.
func resolvedPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return ""
	}
	rest := ""
	for cur := abs; ; {
		if real, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(real, rest)
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// suggestOutside proposes an output folder beside the input folder in,
// relative to the working directory when that is shorter.
func suggestOutside(in string) string {
	s := filepath.Join(filepath.Dir(in), "sovscore-out")
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, s); err == nil && len(rel) < len(s) {
			s = rel
		}
	}
	return s
}
