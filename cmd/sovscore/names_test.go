package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSafeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Scalingo", "Scalingo"},
		{"Société Générale", "Société Générale"},
		{"Łódź Data Sp. z o.o.", "Łódź Data Sp. z o.o"},
		{"../../etc/passwd", "_.._etc_passwd"},
		{"..", "provider"},
		{"", "provider"},
		{"   ", "provider"},
		{"a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j"},
		{"tab\there\nnew", "tab here new"},
		{"\u202eevil\u200b", "evil"},
		{"CON", "_CON"},
		{"nul.txt", "_nul.txt"},
		{"Com1", "_Com1"},
		{".hidden", "hidden"},
		{"x\x00y", "xy"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, safeName(tt.in), "%q", tt.in)
	}
	long := safeName(strings.Repeat("ß", 200))
	assert.LessOrEqual(t, len(long), maxNameBytes)
	assert.Equal(t, "ß", long[:2])
}

func TestNameAllocator(t *testing.T) {
	a := newNameAllocator()
	got := []string{a.name("Acme", ".pdf"), a.name("acme", ".pdf"), a.name("ACME", ".pdf"), a.name("Acme-2", ".pdf"), a.name("../Acme", ".pdf")}
	assert.Equal(t, []string{"Acme.pdf", "acme-2.pdf", "ACME-3.pdf", "Acme-2-2.pdf", "_Acme.pdf"}, got)
}
