package scoring

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHasMinimum(t *testing.T) {
	fw := Default()
	for _, p := range fw.Profiles {
		assert.False(t, p.HasMinimum(), "built-in %s sets no minimum", p.Name)
	}
	p, err := fw.ParseProfile([]byte("name: t\nbase: eucsf-1.2.1\nmin_seal: {SOV-2: 3}\n"), false)
	require.NoError(t, err)
	assert.True(t, p.HasMinimum())
}

// TestProfileCanonical: the same method written as YAML or JSON, keys in
// any order, gives the same canonical form and SHA-256; any change to the
// method changes it.
func TestProfileCanonical(t *testing.T) {
	fw := Default()
	parse := func(body string, isJSON bool) *Profile {
		t.Helper()
		p, err := fw.ParseProfile([]byte(body), isJSON)
		require.NoError(t, err, body)
		return p
	}
	yaml := parse("name: tender\nweights: {SOV-1: 0.15, SOV-2: 0.1, SOV-3: 0.1, SOV-4: 0.15, SOV-5: 0.2, SOV-6: 0.15, SOV-7: 0.1, SOV-8: 0.05}\nmin_seal: {SOV-2: 3}\ntie_break: [seal]\n", false)
	json := parse(`{"tie_break":["seal"],"min_seal":{"SOV-2":3},"divisor":"exact","weights":{"SOV-8":0.05,"SOV-7":0.1,"SOV-6":0.15,"SOV-5":0.2,"SOV-4":0.15,"SOV-3":0.1,"SOV-2":0.1,"SOV-1":0.15},"name":"tender"}`, true)
	assert.Equal(t, string(yaml.Canonical()), string(json.Canonical()))
	assert.Equal(t, yaml.SHA256(), json.SHA256())
	assert.Len(t, yaml.SHA256(), 64)
	assert.Equal(t, `{"divisor":"exact","min_seal":{"SOV-1":0,"SOV-2":3,"SOV-3":0,"SOV-4":0,"SOV-5":0,"SOV-6":0,"SOV-7":0,"SOV-8":0},"name":"tender","tie_break":["seal"],"weights":{"SOV-1":0.15,"SOV-2":0.1,"SOV-3":0.1,"SOV-4":0.15,"SOV-5":0.2,"SOV-6":0.15,"SOV-7":0.1,"SOV-8":0.05}}`,
		string(yaml.Canonical()))

	for _, other := range []string{
		"name: tender\nweights: {SOV-1: 0.15, SOV-2: 0.1, SOV-3: 0.1, SOV-4: 0.15, SOV-5: 0.2, SOV-6: 0.15, SOV-7: 0.1, SOV-8: 0.05}\nmin_seal: {SOV-2: 2}\ntie_break: [seal]\n",
		"name: tender\nweights: {SOV-1: 0.15, SOV-2: 0.1, SOV-3: 0.1, SOV-4: 0.15, SOV-5: 0.2, SOV-6: 0.15, SOV-7: 0.1, SOV-8: 0.05}\nmin_seal: {SOV-2: 3}\n",
		"name: tender\ndivisor: nominal\nweights: {SOV-1: 0.15, SOV-2: 0.1, SOV-3: 0.1, SOV-4: 0.15, SOV-5: 0.2, SOV-6: 0.15, SOV-7: 0.1, SOV-8: 0.05}\nmin_seal: {SOV-2: 3}\ntie_break: [seal]\n",
		"name: tender\nweights: {SOV-1: 0.2, SOV-2: 0.05, SOV-3: 0.1, SOV-4: 0.15, SOV-5: 0.2, SOV-6: 0.15, SOV-7: 0.1, SOV-8: 0.05}\nmin_seal: {SOV-2: 3}\ntie_break: [seal]\n",
	} {
		assert.NotEqual(t, yaml.SHA256(), parse(other, false).SHA256(), other)
	}
}
