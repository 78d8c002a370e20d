package report

// Colours of the reports: the palette, the SEAL colours and the contrast
// rule that picks black or white text on them.

import "math"

// rgb is a colour with 8-bit components.
type rgb struct{ R, G, B uint8 }

// Palette. Text colours are dark grey rather than pure black, which prints
// and reads better next to the coloured SEAL badges.
var (
	pdfColText       = rgb{33, 37, 41}
	pdfColMuted      = rgb{108, 117, 125}
	pdfColHeading    = rgb{20, 45, 90}
	pdfColRule       = rgb{200, 205, 212}
	pdfColGrid       = rgb{206, 212, 218}
	pdfColLink       = rgb{13, 71, 161}
	pdfColHeaderFill = rgb{226, 230, 235}
	pdfColZebra      = rgb{246, 247, 249}
	pdfColTrack      = rgb{233, 236, 239}
	pdfColChart      = rgb{31, 97, 171}
	pdfColWhite      = rgb{255, 255, 255}
	pdfColBlack      = rgb{0, 0, 0}
)

// sealColor is the fill colour for a SEAL level: 0 red, 1 orange, 2 amber,
// 3 light green, 4 green; anything else (e.g. -1, not assessed) grey. Each
// colour has at least 4.5:1 contrast with sealTextColor of the same level.
func sealColor(level int) rgb {
	switch level {
	case 0:
		return rgb{198, 40, 40}
	case 1:
		return rgb{239, 108, 0}
	case 2:
		return rgb{249, 190, 35}
	case 3:
		return rgb{124, 179, 66}
	case 4:
		return rgb{46, 125, 50}
	default:
		return rgb{158, 158, 158}
	}
}

// sealTextColor is black or white, whichever reads better on sealColor(level).
func sealTextColor(level int) rgb { return textColorOn(sealColor(level)) }

// textColorOn picks black or white text for a background by WCAG contrast.
func textColorOn(bg rgb) rgb {
	if contrastRatio(bg, pdfColBlack) >= contrastRatio(bg, pdfColWhite) {
		return pdfColBlack
	}
	return pdfColWhite
}

// relativeLuminance is the WCAG 2 relative luminance of c.
func relativeLuminance(c rgb) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// contrastRatio is the WCAG 2 contrast ratio of two colours (1 to 21).
func contrastRatio(a, b rgb) float64 {
	la, lb := relativeLuminance(a), relativeLuminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Colours of the reports' verdicts and boxes, on top of the palette.
var (
	colPass     = rgb{46, 125, 50}
	colFail     = rgb{198, 40, 40}
	colPanel    = rgb{244, 246, 249}
	colNotice   = rgb{253, 237, 237}
	colWarnFill = rgb{249, 190, 35}
)

// colCaution and colCautionFill are the edge and background of a notice
// that asks the reader to check something (the comparison of workbooks
// that declare different framework versions).
var (
	colCaution     = rgb{156, 87, 0}
	colCautionFill = rgb{255, 243, 205}
)

// colIneligible is the bar colour of providers that are not eligible: their
// score does not rank, so it is shown but not highlighted.
var colIneligible = rgb{173, 181, 189}
