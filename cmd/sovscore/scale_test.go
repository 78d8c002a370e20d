package main

import (
	"context"
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
	"github.com/xuri/excelize/v2"
)

// TestScale measures the complete "sovscore score" run, every output
// included, on generated workbooks: wall time, CPU time (user + system)
// and peak resident memory of the process, for each size in
// SOVSCORE_SCALE (e.g. "100,1000,10000"), and beside it the CPU time of the
// bare baseline: opening the same files with excelize and reading every
// cell, with as many workers. SOVSCORE_SCALE_BEFORE names another sovscore
// binary (an older build) to run on the same files, side by side. It is a
// benchmark, not a test: it asserts nothing about time and is skipped
// unless SOVSCORE_SCALE is set ("make bench-scale").
func TestScale(t *testing.T) {
	sizes := os.Getenv("SOVSCORE_SCALE")
	if sizes == "" {
		t.Skip("set SOVSCORE_SCALE=100,1000 to run (make bench-scale)")
	}
	jobs := 2
	if j := os.Getenv("SOVSCORE_SCALE_JOBS"); j != "" {
		var err error
		jobs, err = strconv.Atoi(j)
		require.NoError(t, err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "sovscore")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, string(out))
	bins := []string{bin}
	if before := os.Getenv("SOVSCORE_SCALE_BEFORE"); before != "" {
		bins = append(bins, before)
	}

	fmt.Printf("%-9s %-5s %-10s %9s %9s %12s %10s %12s\n", "WORKBOOKS", "JOBS", "BUILD", "WALL", "CPU", "CPU/BOOK", "PEAK_RSS", "CPU/BASELINE")
	for _, f := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		require.NoError(t, err)
		in := filepath.Join(dir, fmt.Sprintf("in-%d", n))
		gen := exec.Command(bin, "gen", "-n", strconv.Itoa(n), "-o", in, "--seed", "42")
		out, err := gen.CombinedOutput()
		require.NoError(t, err, string(out))
		base := baselineCPU(t, in, jobs)
		fmt.Printf("%-9d %-5d %-10s %9s %9s %12s %10s %12s\n", n, jobs, "baseline", "", base.Round(10*time.Millisecond),
			(base / time.Duration(n)).Round(10*time.Microsecond), "", "1.00")

		for i, b := range bins {
			name := "this"
			if i > 0 {
				name = "before"
			}
			cmd := exec.Command(b, "score", in, "-o", filepath.Join(dir, fmt.Sprintf("out-%d-%d", n, i)),
				"-j", strconv.Itoa(jobs), "-q", "--format", "none")
			start := time.Now()
			out, err = cmd.CombinedOutput()
			wall := time.Since(start)
			if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() > 1 {
				t.Fatalf("score %d: %v\n%s", n, err, out)
			}
			ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
			cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			fmt.Printf("%-9d %-5d %-10s %9s %9s %12s %7d MB %12.2f\n", n, jobs, name, wall.Round(10*time.Millisecond),
				cpu.Round(10*time.Millisecond), (cpu / time.Duration(n)).Round(10*time.Microsecond), ru.Maxrss/1024,
				float64(cpu)/float64(base))
		}
		os.RemoveAll(in)
	}
}

// baselineCPU opens every workbook of dir with excelize and reads every
// cell of every sheet with the Rows iterator, on jobs workers, and returns
// the CPU time (user + system) the process spent doing it.
func baselineCPU(t *testing.T, dir string, jobs int) time.Duration {
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var files []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".xlsx") {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	cpu := func() time.Duration {
		var ru syscall.Rusage
		require.NoError(t, syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start := cpu()
	forEach(context.Background(), len(files), jobs, func(i int) {
		f, err := excelize.OpenFile(files[i])
		if err != nil {
			t.Error(err)
			return
		}
		defer f.Close()
		for _, sh := range f.GetSheetList() {
			rows, err := f.Rows(sh)
			if err != nil {
				t.Error(err)
				return
			}
			for rows.Next() {
				if _, err := rows.Columns(); err != nil {
					t.Error(err)
				}
			}
			rows.Close()
		}
	})
	return cpu() - start
}
