package main

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/sovscore/sovscore/scoring"
)

// progress reports per-file progress on stderr: a bar redrawn at most every
// 100 ms on a terminal, one line per file with -v, nothing otherwise.
type progress struct {
	mu       sync.Mutex
	s        *streams
	total    int
	n        int
	errs     int
	bar      bool
	verbose  bool
	start    time.Time
	lastDraw time.Time
	now      func() time.Time
}

func newProgress(s *streams, total int, quiet, verbose bool) *progress {
	return &progress{s: s, total: total, bar: s.ErrTTY && !quiet && !verbose, verbose: verbose && !quiet,
		start: time.Now(), now: time.Now}
}

func (p *progress) done(name string, r *scoring.Summary) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	if r.Issues.Errors() > 0 {
		p.errs++
	}
	if p.verbose {
		seal := "-"
		if r.SEAL >= 0 {
			seal = scoring.SEALLabel(r.SEAL, false)
		}
		fmt.Fprintf(p.s.Err, "[%d/%d] %s: %.2f %s, %d error(s), %d warning(s)\n", p.n, p.total, name, r.Score, seal,
			r.Issues.Errors(), r.Issues.Warnings())
		return
	}
	if !p.bar {
		return
	}
	now := p.now()
	if p.n < p.total && now.Sub(p.lastDraw) < 100*time.Millisecond {
		return
	}
	p.lastDraw = now
	p.draw(now)
}

func (p *progress) draw(now time.Time) {
	const width = 30
	filled := width * p.n / max(p.total, 1)
	elapsed := now.Sub(p.start).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(p.n) / elapsed
	}
	left := "--"
	if rate > 0 {
		left = (time.Duration(float64(p.total-p.n)/rate) * time.Second).Round(time.Second).String()
	}
	fmt.Fprintf(p.s.Err, "\r[%s%s] %d/%d  %.1f/s  %s left  %d with errors ",
		strings.Repeat("#", filled), strings.Repeat(".", width-filled), p.n, p.total, rate, left, p.errs)
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar && p.n > 0 {
		p.draw(p.now())
		fmt.Fprintln(p.s.Err)
	}
}
