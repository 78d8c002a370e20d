package fpdf

// sovscore: this file is not in upstream (see FORK.md).

import (
	"crypto/sha256"
	"strings"
)

// subsetFontName is the name a UTF-8 font is embedded under (its /BaseFont
// and /FontName): a subset tag, "+" and the font's PostScript name, e.g.
// "QWTEPS+LiberationSans". fpdf embeds only the glyphs a document uses, and
// ISO 32000-1 (9.6.4) requires such a subset to be named with a tag of six
// uppercase letters; upstream named it "utf8" + family + style, untagged,
// so tools took it for the whole font.
//
// The tag is derived from the SHA-256 of the PostScript name and the subset
// program embedded, so that equal subsets get the same tag and different
// subsets (most likely) different tags, as the standard intends: a tool
// merging documents keeps different subsets apart. psName is the font's
// PostScript name from its 'name' table; fallback (upstream's name) is used
// when the font has none that is a valid PDF name.
func subsetFontName(fallback, psName string, program []byte) string {
	if !isPostScriptName(psName) {
		psName = fallback
	}
	h := sha256.New()
	h.Write([]byte(psName))
	h.Write([]byte{0})
	h.Write(program)
	sum := h.Sum(nil)
	tag := make([]byte, 0, 7+len(psName))
	for _, b := range sum[:6] {
		tag = append(tag, 'A'+b%26)
	}
	return string(append(append(tag, '+'), psName...))
}

// isPostScriptName reports whether s can be written as a PDF name without
// escapes: a PostScript font name is at most 63 printable ASCII characters,
// none of them a PDF delimiter (and '#' would need escaping).
func isPostScriptName(s string) bool {
	if s == "" || len(s) > 63 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c > '~' || strings.IndexByte("()<>[]{}/%#", c) >= 0 {
			return false
		}
	}
	return true
}
