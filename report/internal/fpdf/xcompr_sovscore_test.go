package fpdf

// sovscore: this file is not in upstream (see FORK.md).

import (
	"bytes"
	"compress/zlib"
	"math/rand"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCompressReusesWriters: a reused compressor writes what a new one
// writes, for every size and when used from several goroutines at once
// (run with -race).
func TestCompressReusesWriters(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var inputs [][]byte
	for _, n := range []int{0, 1, 100, 64 << 10, 300 << 10} {
		b := make([]byte, n)
		for i := range b {
			b[i] = "BT /F1 9 Tf ET q Q 0 g "[rng.Intn(23)] // page-like, compressible
		}
		inputs = append(inputs, b)
	}
	fresh := func(b []byte) []byte {
		var buf bytes.Buffer
		zw, err := zlib.NewWriterLevel(&buf, zlib.BestSpeed)
		require.NoError(t, err)
		_, err = zw.Write(b)
		require.NoError(t, err)
		require.NoError(t, zw.Close())
		return buf.Bytes()
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := 0; round < 3; round++ {
				for _, in := range inputs {
					mem := xmem.compress(in)
					if !bytes.Equal(mem.bytes(), fresh(in)) {
						t.Errorf("compress(%d bytes) differs from a new zlib writer's output", len(in))
					}
					mem.release()
				}
			}
		}()
	}
	wg.Wait()
}
