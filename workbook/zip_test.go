package workbook

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOrderedZip: the parts named first come first, in their order,
// whatever order they are written in, and their content and headers are
// those a plain zip writer gives.
func TestOrderedZip(t *testing.T) {
	first := []string{"s1", "s2", "s3"}
	cases := []struct {
		name  string
		write []string
		want  []string
	}{
		{"in order", []string{"s1", "s2", "s3", "b", "a"}, []string{"s1", "s2", "s3", "b", "a"}},
		{"shuffled", []string{"s3", "s1", "s2", "b", "a"}, []string{"s1", "s2", "s3", "b", "a"}},
		{"one missing", []string{"s3", "s1", "b"}, []string{"s1", "s3", "b"}},
		{"only held parts", []string{"s2", "s1"}, []string{"s1", "s2"}},
		{"none held", []string{"b", "a"}, []string{"b", "a"}},
		{"held after others", []string{"b", "s1"}, []string{"b", "s1"}},
	}
	content := func(name string) []byte { return bytes.Repeat([]byte("<row>"+name+"</row>"), 1000) }
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got, plain bytes.Buffer
			z := newOrderedZip(&got, first)
			for _, name := range c.write {
				w, err := z.Create(name)
				require.NoError(t, err)
				_, err = w.Write(content(name))
				require.NoError(t, err)
			}
			require.NoError(t, z.Close())

			pz := zip.NewWriter(&plain)
			for _, name := range c.want {
				w, err := pz.Create(name)
				require.NoError(t, err)
				_, err = w.Write(content(name))
				require.NoError(t, err)
			}
			require.NoError(t, pz.Close())
			assert.True(t, bytes.Equal(plain.Bytes(), got.Bytes()), "not the archive a plain writer makes in that order")

			zr, err := zip.NewReader(bytes.NewReader(got.Bytes()), int64(got.Len()))
			require.NoError(t, err)
			var names []string
			for _, f := range zr.File {
				names = append(names, f.Name)
				rc, err := f.Open()
				require.NoError(t, err)
				b, err := io.ReadAll(rc)
				require.NoError(t, err)
				assert.Equal(t, content(f.Name), b, f.Name)
			}
			assert.Equal(t, c.want, names)
		})
	}
}
