package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook"
)

// Composition (issue #11): a workbook whose Cover names a host assessment
// is scored on top of it. The hosts are other workbooks of the run or
// workbooks of --hosts folders, which are used for composition only: they
// are not ranked, not listed as providers and get no reports of their own.

// checkHostDirs refuses --hosts paths that do not exist.
func checkHostDirs(dirs []string) error {
	for _, d := range dirs {
		if _, err := os.Stat(d); err != nil {
			return fmt.Errorf("--hosts %s: %w", d, unwrapPath(err))
		}
	}
	return nil
}

// readHosts reads and scores the workbooks of the --hosts folders that are
// not inputs of the run already, in parallel, in a stable order.
func readHosts(ctx context.Context, dirs, inputs []string, fw *scoring.Framework, p *scoring.Profile,
	opts workbook.ReadOptions, jobs int) ([]*scoring.Result, []string) {
	if len(dirs) == 0 {
		return nil, nil
	}
	in := collectInputs(dirs, "")
	scored := map[string]bool{}
	for _, f := range inputs {
		if abs, err := filepath.Abs(f); err == nil {
			scored[abs] = true
		}
	}
	var files []string
	for _, f := range in.Files {
		if abs, err := filepath.Abs(f); err == nil && scored[abs] {
			continue
		}
		files = append(files, f)
	}
	hosts := make([]*scoring.Result, len(files))
	forEach(ctx, len(files), jobs, func(i int) {
		hosts[i] = newSteps().score(files[i], fw, opts, p, nil)
	})
	var out []*scoring.Result
	for _, h := range hosts {
		if h != nil {
			out = append(out, h)
		}
	}
	return out, in.Notes
}

// namesHost reports whether a workbook's Cover names a host assessment: it
// can be annotated only once composition has set its answers.
func namesHost(a *scoring.Assessment) bool {
	return len(a.Provider.HostReferences()) > 0
}

// printHostChains follows the table with the chain of every provider
// composed with a host, in the table's order: provider names, each with
// its workbook's file name, which tells offers of one provider apart.
func printHostChains(w io.Writer, sums []*scoring.Summary) {
	first := true
	for _, s := range scoring.DisplayOrder(sums) {
		if len(s.Hosts) == 0 {
			continue
		}
		if first {
			fmt.Fprintln(w, "hosted (answers inherited under sovscore's composition convention; the CSF defines none):")
			first = false
		}
		chain := fmt.Sprintf("%s (%s)", clipName(s.ProviderName(), 40), filepath.Base(s.File))
		for level := 1; ; level++ {
			var at []string
			for _, h := range s.Hosts {
				if h.Level == level {
					at = append(at, fmt.Sprintf("%s (%s)", clipName(h.Provider, 40), filepath.Base(h.File)))
				}
			}
			if len(at) == 0 {
				break
			}
			chain += " on " + joinAnd(at)
		}
		fmt.Fprintf(w, "  %s\n", chain)
	}
}

// joinAnd is "a, b and c".
func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	out := parts[0]
	for _, p := range parts[1 : len(parts)-1] {
		out += ", " + p
	}
	return out + " and " + parts[len(parts)-1]
}

// composeRun composes the results of one run's workbooks (results[i] read
// from inputs[i]) with each other and with the workbooks of the --hosts
// folders, as score, validate, diff and reconcile all do. It returns how
// many host assessments it read from the folders, and the notes of
// reading them (see printHostNotes).
func composeRun(ctx context.Context, results []*scoring.Result, inputs []string, rf *readFlags,
	fw *scoring.Framework, p *scoring.Profile, jobs int) (int, []string) {
	hosts, notes := readHosts(ctx, rf.hosts, inputs, fw, p, rf.options(), jobs)
	scoring.Compose(results, hosts)
	return len(hosts), notes
}

// printHostNotes says what could not be read in the --hosts folders.
func printHostNotes(w io.Writer, cmd string, notes []string) {
	for _, n := range notes {
		fmt.Fprintf(w, "sovscore %s: --hosts: %s\n", cmd, n)
	}
}

// compose reads the --hosts folders and composes every result that names
// a host, before links are checked and providers ranked.
func (r *scoreRun) compose(ctx context.Context) {
	n, notes := composeRun(ctx, r.results, r.in.Files, &r.o.read, r.fw, r.prof, r.o.jobs)
	printHostNotes(r.s.Err, "score", notes)
	if r.o.verbose && len(r.o.read.hosts) > 0 {
		fmt.Fprintf(r.s.Err, "read %d host assessment(s) from --hosts\n", n)
	}
}
