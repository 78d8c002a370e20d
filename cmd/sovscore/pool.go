package main

import (
	"context"
	"fmt"
	"runtime"
	"sync"
)

// checkJobs refuses a -j below 1 (score, diff and reconcile alike): no
// worker would do anything.
func checkJobs(jobs int) error {
	if jobs < 1 {
		return fmt.Errorf("--jobs %d: give 1 or more workbooks at a time (the default is the number of CPUs, %d)", jobs, runtime.NumCPU())
	}
	return nil
}

// forEach runs fn(0..n-1) on at most jobs goroutines. Each index is handled
// once; callers store results by index, so output order never depends on
// scheduling. It returns true when ctx was cancelled before all were done.
func forEach(ctx context.Context, n, jobs int, fn func(i int)) bool {
	if jobs > n {
		jobs = n
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	cancelled := false
feed:
	for i := 0; i < n; i++ {
		select {
		case next <- i:
		case <-ctx.Done():
			cancelled = true
			break feed
		}
	}
	close(next)
	wg.Wait()
	return cancelled
}
