package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// The files a run keeps in its output folder while it works.
const (
	// lockName holds the PID, host and start time of the run that writes
	// into the folder; a second run is refused while that run lives.
	lockName = ".sovscore.lock"
	// markerName says the folder is incomplete: written when a run starts,
	// removed when it has written every output.
	markerName = "sovscore-incomplete.txt"
)

// outDir is an output folder claimed by this run.
type outDir struct {
	cmd   string // the command that writes into it: score, diff...
	path  string
	lock  string
	token string // the content of our lock file
	// tmp is the private temporary folder made when $TMPDIR is unusable,
	// and restore puts the environment back.
	tmp     string
	restore func()
}

// lockInfo is what a lock file says about the run that holds it.
type lockInfo struct {
	pid     int
	host    string
	started string
}

func (l lockInfo) String() string {
	return fmt.Sprintf("process %d on %s, started %s", l.pid, l.host, l.started)
}

// claimOutDir creates the output folder if needed and takes its lock. A
// lock left by a process that is gone (killed, crashed) is taken over;
// one held by a live run, or by a run on another machine, is an error
// naming that run.
func claimOutDir(path, cmd string, now time.Time) (*outDir, error) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the output folder %s: %w", path, unwrapPath(err))
	}
	host, _ := os.Hostname()
	d := &outDir{cmd: cmd, path: path, lock: filepath.Join(path, lockName)}
	d.token = fmt.Sprintf("pid %d\nhost %s\nstarted %s\n", os.Getpid(), host, now.UTC().Format(time.RFC3339))
	for attempt := 0; ; attempt++ {
		err := d.tryLock()
		if err == nil {
			return d, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("cannot write into the output folder %s: %w", path, unwrapPath(err))
		}
		other, ok := readLock(d.lock)
		if ok && (other.host != host || processAlive(other.pid)) || attempt > 0 {
			return nil, fmt.Errorf("the output folder %s is in use by another sovscore run (%s); "+
				"wait for it to finish or choose another --out (if no run is going on, delete %s)", path, other, d.lock)
		}
		// The process that held the lock is gone (or the file is not a
		// lock we wrote): take it over, once.
		if err := os.Remove(d.lock); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("cannot remove the stale lock %s: %w", d.lock, unwrapPath(err))
		}
	}
}

// tryLock creates the lock file with its content in one step: written
// under a private name, then linked to the lock's name, which fails when
// it exists. A reader never sees an empty lock.
func (d *outDir) tryLock() error {
	tmp := fmt.Sprintf("%s.%d.new", d.lock, os.Getpid())
	if err := os.WriteFile(tmp, []byte(d.token), 0o644); err != nil {
		return err
	}
	defer os.Remove(tmp)
	return os.Link(tmp, d.lock)
}

// readLock parses a lock file; ok is false when it is not one we wrote.
func readLock(path string) (lockInfo, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return lockInfo{}, false
	}
	var l lockInfo
	for _, line := range strings.Split(string(b), "\n") {
		k, v, _ := strings.Cut(line, " ")
		switch k {
		case "pid":
			l.pid, _ = strconv.Atoi(v)
		case "host":
			l.host = v
		case "started":
			l.started = v
		}
	}
	return l, l.pid > 0
}

// claimOutput takes the output folder out for a run of command cmd, as
// score, diff and reconcile do alike: its lock, the removal of what killed
// runs left, the incomplete marker, the output marker (so that a later
// search for workbooks skips the outputs), and a private temporary
// folder if $TMPDIR is unusable. On an error the folder is not held.
func claimOutput(cmd, out string, s *streams, verbose, quiet bool) (*outDir, error) {
	d, err := claimOutDir(out, cmd, time.Now())
	if err != nil {
		return nil, err
	}
	if n := d.removeStale(); n > 0 && verbose {
		fmt.Fprintf(s.Err, "removed %d temporary file(s) left in %s by an earlier run that was stopped\n", n, out)
	}
	if err := d.markIncomplete(fmt.Sprintf("sovscore %s (process %d) started writing into it at %s and has not finished.",
		cmd, os.Getpid(), time.Now().UTC().Format(time.RFC3339))); err != nil {
		d.release()
		return nil, fmt.Errorf("cannot write into the output folder %s: %w", out, unwrapPath(err))
	}
	if err := writeOutputMarker(out); err != nil {
		d.release()
		return nil, fmt.Errorf("cannot write into the output folder %s: %w", out, err)
	}
	if d.useTempDir() && !quiet {
		fmt.Fprintf(s.Err, "sovscore %s: the temporary directory %s is not usable; using %s instead\n", cmd, os.TempDir(), d.tmp)
	}
	return d, nil
}

// release removes the lock, if it is still ours, and the private
// temporary folder.
func (d *outDir) release() {
	if d.tmp != "" {
		d.restore()
		os.RemoveAll(d.tmp)
	}
	if b, err := os.ReadFile(d.lock); err == nil && string(b) == d.token {
		os.Remove(d.lock)
	}
}

// staleTemp matches the temporary files and folders of outputWriter and
// useTempDir: ".NAME.<digits>.tmp".
var staleTemp = regexp.MustCompile(`^\..+\.[0-9]+\.tmp$`)

// removeStale removes what earlier runs that were killed left: temporary
// files of sovscore's own naming pattern in the folders it writes. Only
// call it while holding the lock.
func (d *outDir) removeStale() (n int) {
	for _, sub := range []string{"", annotatedDir, scorecardsDir} {
		dir := filepath.Join(d.path, sub)
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if !staleTemp.MatchString(e.Name()) || (!e.Type().IsRegular() && !e.IsDir()) {
				continue
			}
			if os.RemoveAll(filepath.Join(dir, e.Name())) == nil {
				n++
			}
		}
	}
	return n
}

// markIncomplete writes the marker that says the folder is not (yet) a
// complete set of outputs, with why.
func (d *outDir) markIncomplete(why string) error {
	text := "This folder is incomplete: " + why + "\n" +
		"Some outputs may be missing, or left from an earlier run. Run sovscore " + d.cmd + " again to complete it;\n" +
		"this file is removed when a run has written every output.\n"
	return os.WriteFile(filepath.Join(d.path, markerName), []byte(text), 0o644)
}

// markComplete removes the marker.
func (d *outDir) markComplete() {
	os.Remove(filepath.Join(d.path, markerName))
}

// done marks the folder at the end of a run: complete, or incomplete
// with the outputs that could not be written (sorted) and why.
func (d *outDir) done(problems []string) {
	if len(problems) > 0 {
		_ = d.markIncomplete("these outputs could not be written:\n  " + strings.Join(problems, "\n  "))
		return
	}
	d.markComplete()
}

// useTempDir makes sure temporary files have somewhere to go: when $TMPDIR
// cannot take a small file (missing, read-only, full), a private folder in
// the output folder takes its place for this run, so that outputs that
// spill to temporary files (excelize's stream writer, behind summary.xlsx)
// are still written. It returns whether it did.
func (d *outDir) useTempDir() bool {
	if tempUsable(os.TempDir()) {
		return false
	}
	tmp, err := os.MkdirTemp(d.path, tempPattern("tmpdir"))
	if err != nil {
		return false
	}
	name := "TMPDIR"
	if runtime.GOOS == "windows" {
		name = "TMP"
	}
	old, had := os.LookupEnv(name)
	os.Setenv(name, tmp)
	d.tmp = tmp
	d.restore = func() {
		if had {
			os.Setenv(name, old)
		} else {
			os.Unsetenv(name)
		}
	}
	return true
}

// tempUsable reports whether dir takes a temporary file of 1 MiB.
func tempUsable(dir string) bool {
	f, err := os.CreateTemp(dir, "sovscore-probe-*")
	if err != nil {
		return false
	}
	defer os.Remove(f.Name())
	_, err = f.Write(make([]byte, 1<<20))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err == nil
}
