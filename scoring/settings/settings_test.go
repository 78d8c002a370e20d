package settings

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSuggest(t *testing.T) {
	opts := []string{"name", "weights", "divisor", "min_seal", "tie_break"}
	for _, tc := range []struct{ word, want string }{
		{"min_seals", "min_seal"},
		{"weigths", "weights"}, // a swap is one edit
		{"Divisor", "divisor"},
		{"tiebreak", "tie_break"},
		{"colour", ""},
	} {
		assert.Equal(t, tc.want, Suggest(tc.word, opts), tc.word)
	}
}

// goTypeName matches what the decoders' own messages show and users must
// not see.
var goTypeName = regexp.MustCompile(`settings\.|float64|map\[|\[\]string|\bint\b|unmarshal`)

// TestDecodeListItems: the keys of each element of a list of structs are
// checked too, named by the field's settings tag (or "<key> item") and the
// element's name.
func TestDecodeListItems(t *testing.T) {
	type member struct {
		Name string `yaml:"name" json:"name"`
		Role string `yaml:"role" json:"role"`
	}
	type file struct {
		Panel  []member `yaml:"panel" json:"panel" settings:"panel member"`
		Others []member `yaml:"others" json:"others"`
	}
	for _, tc := range []struct {
		name   string
		isJSON bool
		body   string
		want   []string
	}{
		{"yaml ok", false, "panel:\n  - {name: A, role: chair}\n", nil},
		{"yaml member key", false, "panel:\n  - {name: A}\n  - name: B\n    rol: x\n",
			[]string{`line 4: panel member 2 (B): unknown key "rol" (did you mean "role"?); the valid keys are name, role`}},
		{"yaml no name", false, "panel:\n  - rol: x\n", []string{`line 2: panel member 1: unknown key "rol"`}},
		{"yaml no settings tag", false, "others:\n  - {name: C, nme: x}\n", []string{`line 2: others item 1 (C): unknown key "nme" (did you mean "name"?)`}},
		{"yaml merge key", false, "base: &b {role: chair}\npanel:\n  - <<: *b\n    name: A\n", []string{`line 1: unknown key "base"`}},
		{"json member key", true, "{\"panel\": [\n  {\"name\": \"A\"},\n  {\"name\": \"B\",\n   \"rol\": \"x\"}]}",
			[]string{`line 4: panel member 2 (B): unknown key "rol" (did you mean "role"?)`}},
		{"json not objects", true, `{"panel": ["A"]}`, []string{"panel"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var f file
			err := Decode([]byte(tc.body), tc.isJSON, &f)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.NotContains(t, err.Error(), "panel member 1 (A)", "a valid member is not reported")
			assert.NotRegexp(t, goTypeName, err.Error(), "no Go type names")
		})
	}
}
