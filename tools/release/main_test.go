package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersionFromDescribe(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"v1.2.0", "1.2.0"},
		{"v1.2.0-3-gabcdef1", "1.2.0-3-gabcdef1"},
		{"v1.2.0-dirty\n", "1.2.0-dirty"},
	} {
		assert.Equal(t, tc.want, versionFromDescribe(tc.in), tc.in)
	}
}

func TestDevVersion(t *testing.T) {
	v, err := devVersion("../..")
	require.NoError(t, err)
	assert.Regexp(t, `^\d+\.\d+\.\d+$`, v)
}

// TestArchivesReproducible: the same files and time give the same bytes.
func TestArchivesReproducible(t *testing.T) {
	mtime := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	ms := []member{{"d/sovscore", 0o755, []byte("binary")}, {"d/README.md", 0o644, []byte("readme")}}
	for name, pack := range map[string]func([]member, time.Time) ([]byte, error){"zip": zipArchive, "tar.gz": tarGzArchive} {
		a, err := pack(ms, mtime)
		require.NoError(t, err, name)
		b, err := pack(ms, mtime)
		require.NoError(t, err, name)
		assert.Equal(t, a, b, name)
	}
}

// TestReleaseBuild builds the release of the native platform twice: the
// archives are byte-identical, hold the binary, README.md and the font
// licence, SHA256SUMS lists them, and the binary reports its version,
// commit and framework.
func TestReleaseBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds sovscore twice")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	target := runtime.GOOS + "/" + runtime.GOARCH
	c := config{root: "../..", version: "9.8.7-test", commit: "0123456789abcdef0123456789abcdef01234567",
		mtime: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), targets: []string{target}}
	var sums [2][]byte
	var names []string
	for i := range sums {
		c.out = t.TempDir()
		var err error
		names, err = build(c, io.Discard)
		require.NoError(t, err)
		sums[i], err = os.ReadFile(filepath.Join(c.out, "SHA256SUMS"))
		require.NoError(t, err)
	}
	assert.Equal(t, string(sums[0]), string(sums[1]), "two builds of the same commit give the same bytes")
	require.Len(t, names, 1)
	assert.Contains(t, string(sums[0]), "  "+names[0]+"\n")

	data, err := os.ReadFile(filepath.Join(c.out, names[0]))
	require.NoError(t, err)
	files := unpack(t, names[0], data)
	base := "sovscore_9.8.7-test_" + runtime.GOOS + "_" + runtime.GOARCH + "/"
	exe := "sovscore"
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	for _, f := range []string{exe, "README.md", "LICENSE-LiberationSans.txt", "samples/tender/scalingo.xlsx", "samples/mistakes/brightsky-mistakes.xlsx", "samples/profiles/tender-strict.yaml", "samples/dossier/tender-dossier.yaml"} {
		assert.Contains(t, files, base+f)
	}
	bin := filepath.Join(t.TempDir(), exe)
	require.NoError(t, os.WriteFile(bin, files[base+exe], 0o755))
	out, err := exec.Command(bin, "version").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "sovscore 9.8.7-test\n")
	assert.Contains(t, string(out), "commit 0123456789abcdef0123456789abcdef01234567\n")
	assert.Contains(t, string(out), "Cloud Sovereignty Framework 1.2.1")

	// README's first command works in the unpacked archive.
	dir := filepath.Dir(bin)
	for name, data := range files {
		if rel, ok := strings.CutPrefix(name, base); ok && strings.HasPrefix(rel, "samples/") {
			p := filepath.Join(dir, filepath.FromSlash(rel))
			require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
			require.NoError(t, os.WriteFile(p, data, 0o644))
		}
	}
	cmd := exec.Command(bin, "score", "samples/tender/", "-q", "--outputs", "json")
	cmd.Dir = dir
	out, err = cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "Scalingo")
}

// unpack returns the files of a .zip or .tar.gz archive by name.
func unpack(t *testing.T, name string, data []byte) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	if strings.HasSuffix(name, ".zip") {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		require.NoError(t, err)
		for _, f := range zr.File {
			rc, err := f.Open()
			require.NoError(t, err)
			b, err := io.ReadAll(rc)
			require.NoError(t, err)
			rc.Close()
			files[f.Name] = b
		}
		return files
	}
	gz, err := gzip.NewReader(bytes.NewReader(data))
	require.NoError(t, err)
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		b, err := io.ReadAll(tr)
		require.NoError(t, err)
		files[h.Name] = b
	}
	return files
}
