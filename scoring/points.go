package scoring

import (
	"fmt"
	"strconv"
	"strings"
)

// Points counts framework points in hundredths, so that sums of the official
// 2-decimal values are exact (0.1+0.2 style drift would move a rounded score).
type Points int64

// ParsePoints parses a decimal with at most two decimals ("125.01", "62.5").
func ParsePoints(s string) (Points, error) {
	s = strings.TrimSpace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 {
		return 0, fmt.Errorf("points %q: more than 2 decimals", s)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil || strings.HasPrefix(s, "-") {
		return 0, fmt.Errorf("points %q: not a non-negative decimal", s)
	}
	return Points(n), nil
}

// Float returns the points as a number (125.01).
func (p Points) Float() float64 { return float64(p) / 100 }

// String formats with two decimals ("93.75").
func (p Points) String() string { return fmt.Sprintf("%d.%02d", p/100, p%100) }

// Rounded returns the points rounded half up to an integer, as the framework
// tables show them (93.75 -> 94, 71.5 -> 72).
func (p Points) Rounded() int64 { return int64((p + 50) / 100) }

// FormatFraction renders "94/125": the rounded points over the rounded max.
func FormatFraction(p, max Points) string {
	return fmt.Sprintf("%d/%d", p.Rounded(), max.Rounded())
}
