package fpdf

// sovscore: this file is not in upstream (see FORK.md).

import (
	"fmt"
	"sync"
)

// utf8FontCache holds the UTF-8 fonts added with AddUTF8FontFromBytes,
// parsed, by font key and content. Upstream parses the TrueType file for
// every document and hashes a JSON dump of its 65,536 glyph widths for the
// font ID, a few milliseconds per face and document; sovscore makes
// thousands of documents from the same two or three faces.
var utf8FontCache = &fontCache{byKey: map[string]map[string]fontDefType{}}

type fontCache struct {
	mu    sync.Mutex
	byKey map[string]map[string]fontDefType // font key -> font bytes -> parsed
}

// get returns the definition of the font as upstream's addFontFromBytes
// builds it, without its usedRunes, which the caller sets. The definition
// has its own utf8FontFile: output (GenerateCutFont) overwrites that
// file's tables, so documents must not share one. The widths (Cw) are
// shared; nothing writes to them. ok is false when the font cannot be
// parsed (upstream prints the error and adds no font; so does this).
func (c *fontCache) get(fontkey string, utf8Bytes []byte) (def fontDefType, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	proto, found := c.byKey[fontkey][string(utf8Bytes)]
	if !found {
		var err error
		if proto, err = parseUTF8FontDef(fontkey, utf8Bytes); err != nil {
			fmt.Printf("get metrics Error: %e\n", err)
			return fontDefType{}, false
		}
		if c.byKey[fontkey] == nil {
			c.byKey[fontkey] = map[string]fontDefType{}
		}
		c.byKey[fontkey][string(utf8Bytes)] = proto
	}
	def = proto
	u := *proto.utf8File
	u.fileReader = &fileReader{array: proto.utf8File.fileReader.array}
	def.utf8File = &u
	return def, true
}

// parseUTF8FontDef is upstream's parsing step of addFontFromBytes for UTF-8
// fonts, unchanged but for the cache (usedRunes is left nil; the font ID
// does not depend on it, as it is not exported to JSON).
func parseUTF8FontDef(fontkey string, utf8Bytes []byte) (fontDefType, error) {
	// The cache keeps the bytes: a copy, so a caller cannot change them.
	reader := fileReader{readerPosition: 0, array: append([]byte(nil), utf8Bytes...)}
	utf8File := newUTF8Font(&reader)
	if err := utf8File.parseFile(); err != nil {
		return fontDefType{}, err
	}
	desc := FontDescType{
		Ascent:       int(utf8File.Ascent),
		Descent:      int(utf8File.Descent),
		CapHeight:    utf8File.CapHeight,
		Flags:        utf8File.Flags,
		FontBBox:     utf8File.Bbox,
		ItalicAngle:  utf8File.ItalicAngle,
		StemV:        utf8File.StemV,
		MissingWidth: round(utf8File.DefaultWidth),
	}
	def := fontDefType{
		Tp:       "UTF8",
		Name:     fontkey,
		Desc:     desc,
		Up:       int(round(utf8File.UnderlinePosition)),
		Ut:       round(utf8File.UnderlineThickness),
		Cw:       utf8File.CharWidths,
		utf8File: utf8File,
	}
	def.i, _ = generateFontID(def)
	return def, nil
}
