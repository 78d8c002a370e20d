package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestScale measures the complete "sovscore score" run, every output
// included, on generated workbooks: wall time and peak resident memory of
// the process, for each size in SOVSCORE_SCALE (e.g. "100,1000,5000").
// It is a benchmark, not a test: it asserts nothing about time and is
// skipped unless SOVSCORE_SCALE is set ("make bench-scale").
func TestScale(t *testing.T) {
	sizes := os.Getenv("SOVSCORE_SCALE")
	if sizes == "" {
		t.Skip("set SOVSCORE_SCALE=100,1000 to run (make bench-scale)")
	}
	jobs := os.Getenv("SOVSCORE_SCALE_JOBS")
	if jobs == "" {
		jobs = "2"
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "sovscore")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, string(out))

	fmt.Printf("%-8s %-6s %10s %12s %12s\n", "WORKBOOKS", "JOBS", "WALL", "PER_BOOK", "PEAK_RSS")
	for _, f := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		require.NoError(t, err)
		in := filepath.Join(dir, fmt.Sprintf("in-%d", n))
		gen := exec.Command(bin, "gen", "-n", strconv.Itoa(n), "-o", in, "--seed", "42")
		out, err := gen.CombinedOutput()
		require.NoError(t, err, string(out))

		cmd := exec.Command(bin, "score", in, "-o", filepath.Join(dir, fmt.Sprintf("out-%d", n)), "-j", jobs, "-q", "--format", "none")
		start := time.Now()
		out, err = cmd.CombinedOutput()
		wall := time.Since(start)
		if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() > 1 {
			t.Fatalf("score %d: %v\n%s", n, err, out)
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		fmt.Printf("%-8d %-6s %10s %12s %9d MB\n", n, jobs, wall.Round(10*time.Millisecond),
			(wall / time.Duration(n)).Round(10*time.Microsecond), ru.Maxrss/1024)
		os.RemoveAll(in)
	}
}
