package settings

// Suggest returns the option closest to word by edit distance, for a "did
// you mean" hint after a typo, or "" when none is close: at most a third
// of the word's length (and at least 2) edits away, ignoring case.
func Suggest(word string, options []string) string {
	best, bestDist := "", -1
	limit := max(2, len([]rune(word))/3)
	for _, o := range options {
		d := editDistance(lowerASCII(word), lowerASCII(o))
		if d <= limit && (bestDist < 0 || d < bestDist) {
			best, bestDist = o, d
		}
	}
	return best
}

func lowerASCII(s string) []rune {
	r := []rune(s)
	for i, c := range r {
		if c >= 'A' && c <= 'Z' {
			r[i] = c + 'a' - 'A'
		}
	}
	return r
}

// editDistance is the Levenshtein distance, with a swap of two adjacent
// letters counted as one edit (the commonest typo).
func editDistance(a, b []rune) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
