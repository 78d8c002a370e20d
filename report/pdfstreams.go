package report

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"time"
)

// finishPDF is the one place where sovscore edits a PDF fpdf has written,
// for three things fpdf v0.12.0 does not do through its API:
//
//   - Compression. fpdf compresses each stream with a zlib writer of its
//     own (xmempool.compress calls zlib.NewWriterLevel every time): about
//     1 MB allocated and cleared per stream, measured as half of all the
//     memory a "score" run allocated and about a fifth of its CPU, with the
//     garbage collection that follows. sovscore turns fpdf's compression
//     off (SetCompression(false)) and compresses here, with writers reused
//     across streams and documents. Font programs, which fpdf compresses
//     whatever the setting, are left as they are.
//   - Subset names. fpdf embeds font subsets under plain names
//     ("utf8sansB"); ISO 32000-1 (9.6.4) wants a subset's name to start
//     with a six-letter tag and "+", so that tools do not take it for the
//     whole font. The tag is taken from the SHA-256 of the subset's font
//     dictionary (its name and the widths of the glyphs it holds): the same
//     subset gets the same tag in every run.
//   - No date. fpdf always writes /CreationDate and /ModDate, and the
//     clock's time for a zero date (timeOrNow in putinfo). A document
//     that no input dates (undated) is given undatedPlaceholder, whose
//     two entries are removed here from the Info dictionary: the report
//     says "not dated", and its metadata does not contradict it.
//
// Objects keep their numbers, order and content but for the streams and
// names above; the cross-reference table is rebuilt. A document whose
// layout is not the one fpdf writes (a header, "N 0 obj" objects, one
// cross-reference section, a trailer) is an error: it would be a change
// of fpdf to look at, not something to pass on half-compressed.
func finishPDF(doc []byte, undated bool) ([]byte, error) {
	objs, trailer, err := splitPDF(doc)
	if err != nil {
		return nil, fmt.Errorf("finishing PDF: %w", err)
	}
	if undated {
		if err := dropDates(objs, trailer); err != nil {
			return nil, fmt.Errorf("finishing PDF: %w", err)
		}
	}
	tags := subsetTags(objs)
	out := bytes.NewBuffer(make([]byte, 0, len(doc)/3))
	out.Write(doc[:objs[0].off])
	offsets := make(map[int]int, len(objs))
	for _, o := range objs {
		offsets[o.num] = out.Len()
		body := renameSubsets(o.body, tags)
		if err := writeObject(out, body); err != nil {
			return nil, fmt.Errorf("finishing PDF: object %d: %w", o.num, err)
		}
	}
	xref := out.Len()
	size := len(objs) + 1
	fmt.Fprintf(out, "xref\n0 %d\n0000000000 65535 f \n", size)
	for n := 1; n < size; n++ {
		fmt.Fprintf(out, "%010d 00000 n \n", offsets[n])
	}
	out.Write(trailer)
	fmt.Fprintf(out, "startxref\n%d\n%%%%EOF\n", xref)
	return out.Bytes(), nil
}

// pdfObject is one "N 0 obj ... endobj\n" of a document and its offset.
type pdfObject struct {
	num  int
	off  int
	body []byte
}

// splitPDF cuts a document as fpdf writes it into its objects, in the
// order of the file, and the trailer ("trailer\n<<...>>\n").
func splitPDF(doc []byte) ([]pdfObject, []byte, error) {
	sx := bytes.LastIndex(doc, []byte("startxref\n"))
	if sx < 0 {
		return nil, nil, errors.New("no startxref")
	}
	numEnd := bytes.IndexByte(doc[sx+10:], '\n')
	if numEnd < 0 {
		return nil, nil, errors.New("no cross-reference offset")
	}
	xref, err := strconv.Atoi(string(doc[sx+10 : sx+10+numEnd]))
	if err != nil || xref <= 0 || xref >= sx {
		return nil, nil, errors.New("bad cross-reference offset")
	}
	var size int
	if _, err := fmt.Sscanf(string(doc[xref:min(xref+32, sx)]), "xref\n0 %d\n", &size); err != nil || size < 2 {
		return nil, nil, errors.New("not a single cross-reference section")
	}
	entries := xref + bytes.IndexByte(doc[xref+5:], '\n') + 6
	trailer := entries + 20*size
	if trailer > sx || !bytes.HasPrefix(doc[trailer:], []byte("trailer\n")) {
		return nil, nil, errors.New("no trailer after the cross-reference section")
	}
	objs := make([]pdfObject, 0, size-1)
	for n := 1; n < size; n++ {
		e := doc[entries+20*n : entries+20*n+20]
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || e[17] != 'n' || off <= 0 || off >= xref {
			return nil, nil, fmt.Errorf("bad cross-reference entry for object %d", n)
		}
		objs = append(objs, pdfObject{num: n, off: off})
	}
	slices.SortFunc(objs, func(a, b pdfObject) int { return a.off - b.off })
	for i := range objs {
		end := xref
		if i+1 < len(objs) {
			end = objs[i+1].off
		}
		o := &objs[i]
		o.body = doc[o.off:end]
		if !bytes.HasPrefix(o.body, []byte(strconv.Itoa(o.num)+" 0 obj\n")) || !bytes.HasSuffix(o.body, []byte("endobj\n")) {
			return nil, nil, fmt.Errorf("object %d is not where the cross-reference table puts it", o.num)
		}
	}
	return objs, doc[trailer:sx], nil
}

var (
	pdfLength = regexp.MustCompile(`/Length (\d+)`)
	zlibPool  = sync.Pool{New: func() any {
		w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed) // a valid level: never fails
		return w
	}}
)

// writeObject writes an object, its stream compressed if it has one
// without a filter.
func writeObject(out *bytes.Buffer, body []byte) error {
	const streamKw, tail = "\nstream\n", "\nendstream\nendobj\n"
	s := bytes.Index(body, []byte(streamKw))
	if s < 0 || !bytes.HasSuffix(body, []byte(tail)) {
		out.Write(body)
		return nil
	}
	dict := body[:s]
	data := body[s+len(streamKw) : len(body)-len(tail)]
	m := pdfLength.FindSubmatchIndex(dict)
	if m == nil {
		return errors.New("a stream without /Length")
	}
	if n, _ := strconv.Atoi(string(dict[m[2]:m[3]])); n != len(data) {
		return fmt.Errorf("a stream of %d bytes says /Length %d", len(data), n)
	}
	if bytes.Contains(dict, []byte("/Filter")) {
		out.Write(body)
		return nil
	}
	var comp bytes.Buffer
	comp.Grow(len(data) / 3)
	zw := zlibPool.Get().(*zlib.Writer)
	defer zlibPool.Put(zw)
	zw.Reset(&comp)
	if _, err := zw.Write(data); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	out.Write(dict[:m[0]])
	fmt.Fprintf(out, "/Filter /FlateDecode /Length %d", comp.Len())
	out.Write(dict[m[1]:])
	out.WriteString(streamKw)
	out.Write(comp.Bytes())
	out.WriteString(tail)
	return nil
}

var (
	pdfCIDFont  = regexp.MustCompile(`/Subtype /CIDFontType2\s*/BaseFont /([A-Za-z0-9]+)`)
	pdfFontName = regexp.MustCompile(`/(BaseFont|FontName) /([A-Za-z0-9]+)`)
)

// subsetTags gives each embedded subset (a CIDFontType2 font) its tag,
// by name.
func subsetTags(objs []pdfObject) map[string]string {
	tags := map[string]string{}
	for _, o := range objs {
		m := pdfCIDFont.FindSubmatch(o.body)
		if m == nil {
			continue
		}
		sum := sha256.Sum256(o.body)
		tag := make([]byte, 6)
		for i := range tag {
			tag[i] = 'A' + sum[i]%26
		}
		tags[string(m[1])] = string(tag)
	}
	return tags
}

// renameSubsets puts the tag before every /BaseFont and /FontName of a
// tagged subset in the dictionary of an object.
func renameSubsets(body []byte, tags map[string]string) []byte {
	dict := body
	if s := bytes.Index(body, []byte("\nstream\n")); s >= 0 {
		dict = body[:s] // never touch stream data
	}
	if !pdfFontName.Match(dict) {
		return body
	}
	renamed := pdfFontName.ReplaceAllFunc(dict, func(m []byte) []byte {
		sm := pdfFontName.FindSubmatch(m)
		tag, ok := tags[string(sm[2])]
		if !ok {
			return m
		}
		return []byte("/" + string(sm[1]) + " /" + tag + "+" + string(sm[2]))
	})
	return append(renamed, body[len(dict):]...)
}

// undatedPlaceholder is the date fpdf is given for an undated document
// (see finishPDF); no report prints it.
var undatedPlaceholder = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

var (
	pdfInfoRef       = regexp.MustCompile(`/Info (\d+) 0 R`)
	placeholderDates = []byte("/CreationDate (D:" + undatedPlaceholder.Format("20060102150405") + ")\n" +
		"/ModDate (D:" + undatedPlaceholder.Format("20060102150405") + ")\n")
)

// dropDates removes the placeholder dates from the Info dictionary the
// trailer names.
func dropDates(objs []pdfObject, trailer []byte) error {
	m := pdfInfoRef.FindSubmatch(trailer)
	if m == nil {
		return errors.New("no Info dictionary in the trailer")
	}
	num, _ := strconv.Atoi(string(m[1]))
	for i := range objs {
		o := &objs[i]
		if o.num != num {
			continue
		}
		if bytes.Count(o.body, placeholderDates) != 1 {
			return errors.New("the Info dictionary has not the placeholder dates of an undated document")
		}
		o.body = bytes.Replace(o.body, placeholderDates, nil, 1)
		return nil
	}
	return fmt.Errorf("no Info dictionary object %d", num)
}
