package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestResolveVersion(t *testing.T) {
	const rev = "0123456789abcdef0123456789abcdef01234567"
	for _, tc := range []struct {
		name            string
		version, commit string
		bi              buildInfo
		wantV, wantC    string
	}{
		{"nothing recorded", defaultVersion, "", buildInfo{}, defaultVersion, ""},
		{"go test", defaultVersion, "", buildInfo{module: "(devel)"}, defaultVersion, ""},
		{"go install @tag", defaultVersion, "", buildInfo{module: "v1.4.0"}, "1.4.0", ""},
		{"go install @rc", defaultVersion, "", buildInfo{module: "v1.4.0-rc.1"}, "1.4.0-rc.1", ""},
		{"go build in a clone", defaultVersion, "", buildInfo{module: "v0.0.0-20261123101500-abcdefabcdef", revision: rev},
			defaultVersion, rev},
		{"go build after a tag", defaultVersion, "", buildInfo{module: "v1.4.1-0.20261123101500-abcdefabcdef+dirty", revision: rev, modified: true},
			defaultVersion, rev + "-dirty"},
		{"stamped wins", "1.5.0", "feedface", buildInfo{module: "v1.4.0", revision: rev}, "1.5.0", "feedface"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, c := resolveVersion(tc.version, tc.commit, tc.bi)
			assert.Equal(t, tc.wantV, v)
			assert.Equal(t, tc.wantC, c)
		})
	}
}

func TestVersionCommand(t *testing.T) {
	code, stdout, _ := runCmd(t, "version")
	assert.Equal(t, exitOK, code)
	assert.Regexp(t, `^sovscore \S+\ncommit \S.*\nCloud Sovereignty Framework 1\.2\.1 \(`, stdout)
}
