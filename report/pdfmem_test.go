package report

import (
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
)

// BenchmarkComparisonHeap writes comparisons of n generated providers to
// io.Discard and reports,
// besides the allocations, how much more heap was in use while writing
// than before: peak-heap-MB samples HeapInuse every 2 ms, which includes
// garbage not yet collected; peak-live-MB, in a second write, collects
// garbage every 10 ms and takes the live heap, which is what the document
// holds (slower; samples may miss a short peak).
//
//	go test ./report -run '^$' -bench ComparisonHeap -benchtime 1x
func BenchmarkComparisonHeap(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		b.Run(fmt.Sprintf("providers=%d", n), func(b *testing.B) {
			full, p := pdfResults(b, n)
			rs := scoring.Summaries(full)
			b.ReportAllocs()
			var heap, live uint64
			for b.Loop() {
				heap = max(heap, comparisonPeakHeap(b, rs, p, false))
				live = max(live, comparisonPeakHeap(b, rs, p, true))
			}
			b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(live)/(1<<20), "peak-live-MB")
		})
	}
}

// comparisonPeakHeap writes a comparison to io.Discard and returns the
// peak of HeapInuse above its value before, or with live, of the heap
// after a collection.
func comparisonPeakHeap(tb testing.TB, rs []*scoring.Summary, p *scoring.Profile, live bool) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	if live {
		base = ms.HeapAlloc
	}
	done, peakc := make(chan struct{}), make(chan uint64)
	go func() {
		var peak uint64
		every := 2 * time.Millisecond
		if live {
			every = 10 * time.Millisecond
		}
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			if live {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			} else {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
			select {
			case <-done:
				peakc <- peak
				return
			case <-tick.C:
			}
		}
	}()
	err := WriteComparison(io.Discard, rs, p, pdfReportOptions)
	close(done)
	peak := <-peakc
	require.NoError(tb, err)
	return max(peak, base) - base
}
