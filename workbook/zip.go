package workbook

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// flateWriters reuses deflate compressors: setting one up allocates about
// a megabyte, and a workbook has a dozen parts.
var flateWriters sync.Pool

// pooledFlate returns its compressor to the pool when closed.
type pooledFlate struct{ w *flate.Writer }

// Write compresses b.
func (p *pooledFlate) Write(b []byte) (int, error) { return p.w.Write(b) }

// Close ends the stream and pools the compressor.
func (p *pooledFlate) Close() error {
	err := p.w.Close()
	flateWriters.Put(p.w)
	p.w = nil
	return err
}

// fastZip is the zip writer for the annotated workbooks: deflate at its
// fastest level. The files are about 15% larger than at the default level
// (64 KB instead of 55 KB for a sample), and compressing them takes half
// the time; writing the annotated workbooks dominated a large run.
func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		if fw, ok := flateWriters.Get().(*flate.Writer); ok {
			fw.Reset(out)
			return &pooledFlate{w: fw}, nil
		}
		fw, err := flate.NewWriter(out, flate.BestSpeed)
		if err != nil {
			return nil, err
		}
		return &pooledFlate{w: fw}, nil
	})
	return zw
}

// orderedZip writes a package with some parts first, in a given order, and
// the others as excelize writes them. excelize writes the parts of
// streamed sheets before all others, in the random order of a map, which
// would make the same workbook differ from run to run. Those parts are
// compressed into a side archive as they come and copied, still
// compressed, in order when the first other part starts.
type orderedZip struct {
	*zip.Writer
	// first lists the parts to write first, in order.
	first []string
	// held is the side archive of the parts of first received so far;
	// done is set once they are written.
	held    *zip.Writer
	heldBuf bytes.Buffer
	done    bool
}

func newOrderedZip(w io.Writer, first []string) *orderedZip {
	return &orderedZip{Writer: zip.NewWriter(w), first: first}
}

// Create starts a part: one of first is held, any other releases them.
func (z *orderedZip) Create(name string) (io.Writer, error) {
	if !z.done && slices.Contains(z.first, name) {
		if z.held == nil {
			z.held = zip.NewWriter(&z.heldBuf)
		}
		return z.held.Create(name)
	}
	if err := z.release(); err != nil {
		return nil, err
	}
	return z.Writer.Create(name)
}

// AddFS writes the held parts first, to keep the order of parts.
func (z *orderedZip) AddFS(fsys fs.FS) error {
	if err := z.release(); err != nil {
		return err
	}
	return z.Writer.AddFS(fsys)
}

// Close writes whatever is still held and closes the archive.
func (z *orderedZip) Close() error {
	err := z.release()
	if cerr := z.Writer.Close(); err == nil {
		err = cerr
	}
	return err
}

// release copies the held parts, in the order of first, to the archive.
func (z *orderedZip) release() error {
	if z.done {
		return nil
	}
	z.done = true
	if z.held == nil {
		return nil
	}
	if err := z.held.Close(); err != nil {
		return err
	}
	zr, err := zip.NewReader(bytes.NewReader(z.heldBuf.Bytes()), int64(z.heldBuf.Len()))
	if err != nil {
		return err
	}
	parts := make(map[string]*zip.File, len(zr.File))
	for _, p := range zr.File {
		parts[p.Name] = p
	}
	for _, name := range z.first {
		if p, ok := parts[name]; ok {
			if err := z.Writer.Copy(p); err != nil {
				return err
			}
		}
	}
	z.held, z.heldBuf = nil, bytes.Buffer{}
	return nil
}

// toUTF8Parts returns the package with the named parts, UTF-16 text,
// re-encoded as UTF-8 (OPC allows both; excelize reads only UTF-8), and
// their XML declarations saying so.
func toUTF8Parts(data []byte, names []string) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := fastZip(&buf).(*zip.Writer)
	dec := unicode.BOMOverride(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder())
	for _, zf := range zr.File {
		if !slices.Contains(names, zf.Name) {
			if err := zw.Copy(zf); err != nil {
				return nil, err
			}
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		raw, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if len(raw) >= 2 && raw[0] == 0 { // big-endian without a byte order mark
			raw = append([]byte{0xFE, 0xFF}, raw...)
		}
		text, _, err := transform.Bytes(dec, raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", zf.Name, err)
		}
		text = xmlEncoding.ReplaceAll(text, []byte("${1}UTF-8$2"))
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: zf.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(text); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// xmlEncoding finds the encoding of an XML declaration.
var xmlEncoding = regexp.MustCompile(`^(\s*<\?xml[^>]*?encoding\s*=\s*["'])[^"']*(["'])`)

// dropUnsafeParts removes from the package the parts whose names are
// absolute or climb out of it ("/x", "../../x"): no part of a workbook is
// named so, and excelize would write them back under those names.
func dropUnsafeParts(f *excelize.File) {
	f.Pkg.Range(func(k, _ any) bool {
		if name, ok := k.(string); ok && !fs.ValidPath(strings.TrimSuffix(name, "/")) {
			f.Pkg.Delete(name)
		}
		return true
	})
}
