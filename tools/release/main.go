// Command release builds the sovscore release archives: one per platform
// (a .zip for Windows, a .tar.gz elsewhere) holding the binary, README.md,
// the font licence and the samples, and a SHA256SUMS file listing them.
//
// The build is reproducible: the same commit built with the same Go
// version gives the same bytes (-trimpath, an empty build ID, no VCS
// stamping by the go command, archive entries in a fixed order with the
// commit's time, owner 0 and fixed modes). The version comes from
// git describe (a tag v1.2.0 gives 1.2.0), the commit from git rev-parse.
//
// Usage, from the repository root (make release runs it):
//
//	go run ./tools/release [-out dist] [-targets linux/amd64,...] [-version V] [-commit C]
package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// defaultTargets are the platforms of a release.
var defaultTargets = []string{
	"windows/amd64", "windows/arm64", "darwin/amd64", "darwin/arm64", "linux/amd64", "linux/arm64",
}

// extraFiles go into every archive beside the binary: the README, the
// licence of the fonts the binary embeds (the SIL OFL asks for it), and
// the samples README's first commands use. Patterns are filepath.Glob's;
// files keep their path below the repository root, but for the licence,
// which goes to the top.
var extraFiles = []string{"README.md", "templates/fonts/LICENSE-LiberationSans.txt",
	"samples/tender/*.xlsx", "samples/mistakes/*.xlsx", "samples/profiles/*", "samples/dossier/*"}

// config is what one release run builds.
type config struct {
	root    string // repository root
	out     string // directory for the archives and SHA256SUMS
	version string
	commit  string
	mtime   time.Time // time of every archive entry
	targets []string
}

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run(args []string, log io.Writer) error {
	fs := flag.NewFlagSet("release", flag.ContinueOnError)
	out := fs.String("out", "dist", "directory for the archives and SHA256SUMS")
	targets := fs.String("targets", strings.Join(defaultTargets, ","), "comma-separated GOOS/GOARCH list")
	version := fs.String("version", "", "version to stamp (default: from git describe)")
	commit := fs.String("commit", "", "commit to stamp (default: git rev-parse HEAD)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c := config{root: ".", out: *out, version: *version, commit: *commit}
	for _, t := range strings.Split(*targets, ",") {
		if t = strings.TrimSpace(t); t != "" {
			c.targets = append(c.targets, t)
		}
	}
	var err error
	if c.version == "" {
		if c.version, err = gitVersion(c.root); err != nil {
			return err
		}
	}
	if c.commit == "" {
		if c.commit, err = gitCommit(c.root); err != nil {
			return err
		}
	}
	if c.mtime, err = entryTime(c.root); err != nil {
		return err
	}
	files, err := build(c, log)
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "release %s (commit %s): %d archives and SHA256SUMS in %s\n", c.version, c.commit, len(files), c.out)
	return nil
}

// build builds every target, writes the archives and SHA256SUMS, and
// returns the archive names.
func build(c config, log io.Writer) ([]string, error) {
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "sovscore-release-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	sums := map[string]string{}
	for _, t := range c.targets {
		goos, goarch, ok := strings.Cut(t, "/")
		if !ok || goos == "" || goarch == "" {
			return nil, fmt.Errorf("target %q: use GOOS/GOARCH, e.g. linux/amd64", t)
		}
		fmt.Fprintf(log, "building %s\n", t)
		exe := "sovscore"
		if goos == "windows" {
			exe += ".exe"
		}
		bin := filepath.Join(tmp, goos+"-"+goarch, exe)
		if err := goBuild(c, goos, goarch, bin); err != nil {
			return nil, fmt.Errorf("%s: %w", t, err)
		}
		name, data, err := archive(c, goos, goarch, bin, exe)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t, err)
		}
		if err := os.WriteFile(filepath.Join(c.out, name), data, 0o644); err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		sums[name] = hex.EncodeToString(sum[:])
	}
	names := make([]string, 0, len(sums))
	for n := range sums {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		// The format of sha256sum and shasum -a 256: "-c" checks it.
		fmt.Fprintf(&b, "%s  %s\n", sums[n], n)
	}
	return names, os.WriteFile(filepath.Join(c.out, "SHA256SUMS"), []byte(b.String()), 0o644)
}

// goBuild cross-compiles sovscore for one platform. CGO is off, so every
// platform builds anywhere; -trimpath and -buildid= remove what differs
// between machines and builds, and the go command's own VCS stamping is
// off because the version and commit are stamped explicitly.
func goBuild(c config, goos, goarch, bin string) error {
	ldflags := fmt.Sprintf("-s -w -buildid= -X main.Version=%s -X main.Commit=%s", c.version, c.commit)
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags", ldflags, "-o", bin, "./cmd/sovscore")
	cmd.Dir = c.root
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0", "GOFLAGS=-mod=readonly")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build: %w\n%s", err, stderr.String())
	}
	return nil
}

// member is one file of an archive.
type member struct {
	name string
	mode int64
	data []byte
}

// archive packs the binary and the extra files into the platform's
// archive, all under one directory named like the archive.
func archive(c config, goos, goarch, bin, exe string) (string, []byte, error) {
	base := fmt.Sprintf("sovscore_%s_%s_%s", c.version, goos, goarch)
	data, err := os.ReadFile(bin)
	if err != nil {
		return "", nil, err
	}
	members := []member{{base + "/" + exe, 0o755, data}}
	for _, pattern := range extraFiles {
		files, err := filepath.Glob(filepath.Join(c.root, pattern))
		if err != nil || len(files) == 0 {
			return "", nil, fmt.Errorf("%s: no file (%v)", pattern, err)
		}
		sort.Strings(files)
		for _, f := range files {
			d, err := os.ReadFile(f)
			if err != nil {
				return "", nil, err
			}
			name := filepath.Base(f)
			if strings.HasPrefix(pattern, "samples/") {
				rel, err := filepath.Rel(c.root, f)
				if err != nil {
					return "", nil, err
				}
				name = filepath.ToSlash(rel)
			}
			members = append(members, member{base + "/" + name, 0o644, d})
		}
	}
	if goos == "windows" {
		out, err := zipArchive(members, c.mtime)
		return base + ".zip", out, err
	}
	out, err := tarGzArchive(members, c.mtime)
	return base + ".tar.gz", out, err
}

func zipArchive(members []member, mtime time.Time) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		h := &zip.FileHeader{Name: m.name, Method: zip.Deflate, Modified: mtime}
		h.SetMode(os.FileMode(m.mode))
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(m.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// tarGzArchive writes a tar.gz whose gzip header carries no name and no
// time, and whose entries carry no owner names.
func tarGzArchive(members []member, mtime time.Time) ([]byte, error) {
	var buf bytes.Buffer
	gz, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	tw := tar.NewWriter(gz)
	for _, m := range members {
		h := &tar.Header{Name: m.name, Mode: m.mode, Size: int64(len(m.data)), ModTime: mtime,
			Typeflag: tar.TypeReg, Format: tar.FormatPAX}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if _, err := tw.Write(m.data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func git(root string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}

// gitVersion is the version of the checked-out commit: from the nearest
// tag v1.2.0 ("1.2.0", "1.2.0-3-gabcdef1" three commits later), with
// "-dirty" for uncommitted changes. Without a tag it is the development
// version of cmd/sovscore with the commit: "0.1.0-dev-gabcdef1".
func gitVersion(root string) (string, error) {
	if d, err := git(root, "describe", "--tags", "--match", "v[0-9]*", "--dirty"); err == nil {
		return versionFromDescribe(d), nil
	}
	short, err := git(root, "rev-parse", "--short", "HEAD")
	if err != nil {
		return "", err
	}
	base, err := devVersion(root)
	if err != nil {
		return "", err
	}
	return base + "-dev-g" + short + dirtySuffix(root), nil
}

// versionFromDescribe turns git describe output into a version.
func versionFromDescribe(d string) string { return strings.TrimPrefix(strings.TrimSpace(d), "v") }

var defaultVersionRe = regexp.MustCompile(`(?m)^const defaultVersion = "([^"]+)"`)

// devVersion reads the version of unstamped builds from cmd/sovscore.
func devVersion(root string) (string, error) {
	src, err := os.ReadFile(filepath.Join(root, "cmd", "sovscore", "version.go"))
	if err != nil {
		return "", err
	}
	m := defaultVersionRe.FindSubmatch(src)
	if m == nil {
		return "", errors.New("cmd/sovscore/version.go: no defaultVersion constant")
	}
	return string(m[1]), nil
}

// gitCommit is the full hash of HEAD, with "-dirty" for uncommitted changes.
func gitCommit(root string) (string, error) {
	c, err := git(root, "rev-parse", "HEAD")
	if err != nil {
		return "", err
	}
	return c + dirtySuffix(root), nil
}

// dirtySuffix is "-dirty" when tracked files have uncommitted changes, as
// git describe --dirty marks them.
func dirtySuffix(root string) string {
	if st, err := git(root, "status", "--porcelain", "--untracked-files=no"); err == nil && st != "" {
		return "-dirty"
	}
	return ""
}

// entryTime is the time stamped on archive entries: SOURCE_DATE_EPOCH
// when set (the reproducible-builds convention), else the commit's time.
func entryTime(root string) (time.Time, error) {
	v := os.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		var err error
		if v, err = git(root, "log", "-1", "--format=%ct"); err != nil {
			return time.Time{}, err
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("commit time %q: %w", v, err)
	}
	return time.Unix(n, 0).UTC(), nil
}
