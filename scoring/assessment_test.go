package scoring

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
)

func TestCellName(t *testing.T) {
	tests := []struct {
		col, row int
		want     string
	}{
		{1, 1, "A1"},
		{4, 12, "D12"},
		{26, 9, "Z9"},
		{27, 100, "AA100"},
		{52, 3, "AZ3"},
		{53, 3, "BA3"},
		{702, 1, "ZZ1"},
		{703, 1, "AAA1"},
		{16384, 1048576, "XFD1048576"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, CellName(tt.col, tt.row), "%d,%d", tt.col, tt.row)
	}
}

func TestEntryLoc(t *testing.T) {
	e := FactorEntry{ID: "SOV-2.1", Row: Location{Sheet: "SOV-2", Cell: "A7"}}
	tests := []struct {
		name string
		cell EntryCell
		want Location
	}{
		{"read from a cell", EntryCell{Text: "3", Row: 7, Col: 4}, Location{Sheet: "SOV-2", Cell: "D7"}},
		{"the sheet has no such column", EntryCell{Row: 7}, Location{Sheet: "SOV-2"}},
		{"not read from a sheet (Markdown)", EntryCell{Text: "3"}, Location{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, e.Loc(tt.cell))
		})
	}
}

// TestFactorEntrySize pins the size that matters at scale: a run keeps 48
// entries per workbook until its end (see EntryCell).
func TestFactorEntrySize(t *testing.T) {
	assert.LessOrEqual(t, unsafe.Sizeof(FactorEntry{}), uintptr(144))
}

// TestFactorResultSize: 48 factor results of 136 bytes fill one 6,528-byte
// size class of the allocator exactly; 152 bytes took 8,192.
func TestFactorResultSize(t *testing.T) {
	assert.LessOrEqual(t, unsafe.Sizeof(FactorResult{}), uintptr(136))
}
