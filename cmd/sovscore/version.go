package main

import (
	"runtime/debug"
	"strings"
)

// defaultVersion is the version of a build that was not stamped: go run,
// go build and go install from a clone, and the tests.
const defaultVersion = "0.1.0"

// Version is the sovscore release; it is written into every report.
// Release builds (make release) set it from git describe with
// -ldflags "-X main.Version=1.2.0"; go install MODULE@v1.2.0 records its
// module version, which is used when nothing was stamped.
var Version = defaultVersion

// Commit is the git commit the binary was built from, set by release
// builds with -ldflags "-X main.Commit=..."; otherwise read from the VCS
// information the go command records, "" when there is none.
var Commit = ""

func init() { Version, Commit = resolveVersion(Version, Commit, readBuildInfo()) }

// buildInfo is what the go command recorded about the build.
type buildInfo struct {
	module   string // the main module's version: "v1.2.0", "(devel)" or a pseudo-version
	revision string // vcs.revision
	modified bool   // vcs.modified: the working tree had uncommitted changes
}

func readBuildInfo() buildInfo {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return buildInfo{}
	}
	out := buildInfo{module: bi.Main.Version}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			out.revision = s.Value
		case "vcs.modified":
			out.modified = s.Value == "true"
		}
	}
	return out
}

// resolveVersion fills what link-time stamping left unset from the build
// information. Only a tagged module version replaces the default: a
// pseudo-version ("v0.0.0-20261123...-abcdef", what go build records in a
// clone) names the commit, which Commit already says, and would make every
// report of a development build differ from the next build's.
func resolveVersion(version, commit string, bi buildInfo) (string, string) {
	if version == defaultVersion && isReleaseVersion(bi.module) {
		version = strings.TrimPrefix(bi.module, "v")
	}
	if commit == "" && bi.revision != "" {
		commit = bi.revision
		if bi.modified {
			commit += "-dirty"
		}
	}
	return version, commit
}

// isReleaseVersion reports whether v is a plain tagged version such as
// v1.2.0 or v1.2.0-rc.1, not "(devel)", a pseudo-version or a +dirty build.
func isReleaseVersion(v string) bool {
	if !strings.HasPrefix(v, "v") || strings.Contains(v, "+") {
		return false
	}
	// Pseudo-versions end in a 14-digit time and a 12-digit revision:
	// v0.0.0-20261123101500-abcdefabcdef, v1.2.1-0.20261123101500-abcdefabcdef.
	parts := strings.Split(v, "-")
	if n := len(parts); n >= 3 && len(parts[n-1]) == 12 {
		if ts := parts[n-2]; len(ts) >= 14 && isDigits(ts[len(ts)-14:]) {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// commitText is the commit for display, "unknown" when not recorded.
func commitText() string {
	if Commit == "" {
		return "unknown (not built from a git checkout)"
	}
	return Commit
}
