package workbook

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNextTag: the scan finds what the regular expression it replaces
// finds.
func TestNextTag(t *testing.T) {
	re := regexp.MustCompile(`<(?:[A-Za-z_][\w.-]*:)?row[\s/>]`)
	docs := []string{
		`<sheetData><row r="1"><c r="A1"/></row><row/><row	r="3"></row></sheetData>`,
		`<x:sheetData><x:row r="1"/><x:rowBreaks/><x:rows/></x:sheetData>`,
		`<rowBreaks count="1"><brk id="5"/></rowBreaks><arrow a="1"/>`,
		`text row and <:row/> and < row/> and <a:b:row/>`,
		`row`, `<row`, `<row>`, ``,
	}
	for _, d := range docs {
		var want, got [][2]int
		for _, m := range re.FindAllStringIndex(d, -1) {
			want = append(want, [2]int{m[0], m[1] - 1})
		}
		for pos := 0; ; {
			s, e := nextTag([]byte(d), pos, "row")
			if s < 0 {
				break
			}
			got = append(got, [2]int{s, e})
			pos = e
		}
		assert.Equal(t, want, got, d)
		assert.Equal(t, len(want), countTags([]byte(d), "row", 100), d)
	}
	assert.Equal(t, 3, countTags([]byte(`<row/><row/><row/><row/><row/>`), "row", 2), "stops once over the limit")
}
