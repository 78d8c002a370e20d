// Package templates holds the data and assets that sovscore embeds in its
// binary: the Cloud Sovereignty Framework definition (answer ladders, points,
// SEAL levels, built-in weight profiles) and the fonts used for PDF reports.
//
// Nothing here interprets the data; package scoring parses and checks the
// framework, package report uses the fonts. Keeping the framework as a data
// file means a new framework version is a data change, not a code change.
package templates

import (
	"embed"
	"fmt"
)

//go:embed framework.json
var frameworkJSON []byte

//go:embed fonts/*.ttf fonts/LICENSE-LiberationSans.txt
var fonts embed.FS

// FrameworkJSON returns the embedded framework definition
// (format "sovscore-framework/1"). The returned slice must not be modified.
func FrameworkJSON() []byte { return frameworkJSON }

// Font styles available from Font.
const (
	FontRegular = "Regular"
	FontBold    = "Bold"
	FontItalic  = "Italic"
)

// Font returns the embedded Liberation Sans TrueType font of the given style
// (FontRegular, FontBold or FontItalic). Liberation Sans covers Latin,
// Greek and Cyrillic, so provider names such as "Łódź Data" render.
func Font(style string) ([]byte, error) {
	b, err := fonts.ReadFile("fonts/LiberationSans-" + style + ".ttf")
	if err != nil {
		return nil, fmt.Errorf("templates: font style %q: %w", style, err)
	}
	return b, nil
}

// FontLicense returns the licence text of the embedded fonts (SIL Open Font
// License 1.1), which must travel with them.
func FontLicense() []byte {
	b, _ := fonts.ReadFile("fonts/LICENSE-LiberationSans.txt")
	return b
}
