package workbook

import "bytes"

// Sheets are scanned for a few start tags (rows, merged ranges, the notes'
// drawing) before excelize parses them. A regular expression took a fifth
// of the annotated copy's time on ordinary workbooks (the 286-row Guide
// scanned three times); these scans look for the name with bytes.Index
// and check what is around it.

// nextTag returns where the next start or empty-element tag named local
// (with or without a namespace prefix, "<row" or "<x:row") begins at or
// after from, and the index just after its name; -1, -1 when there is
// none. The name must be followed by white space, '/' or '>', so "row"
// does not match "<rowBreaks".
func nextTag(data []byte, from int, local string) (start, nameEnd int) {
	for from < len(data) {
		i := bytes.Index(data[from:], []byte(local))
		if i < 0 {
			return -1, -1
		}
		i += from
		end := i + len(local)
		from = i + 1
		if end >= len(data) || !tagNameEnds(data[end]) || i == 0 {
			continue
		}
		switch data[i-1] {
		case '<':
			return i - 1, end
		case ':':
			j := i - 2
			for j >= 0 && xmlNameByte(data[j]) {
				j--
			}
			if j >= 0 && j < i-2 && data[j] == '<' {
				return j, end
			}
		}
	}
	return -1, -1
}

// countTags counts the tags named local, stopping once it is over limit.
func countTags(data []byte, local string, limit int) int {
	n := 0
	for pos := 0; n <= limit; n++ {
		_, end := nextTag(data, pos, local)
		if end < 0 {
			break
		}
		pos = end
	}
	return n
}

func tagNameEnds(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' || c == '>'
}

func xmlNameByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
