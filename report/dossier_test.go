package report

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadDossier(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
	tests := []struct {
		name, file, body string
		want             *Dossier
		errs             []string
	}{
		{"yaml", "d.yaml", "authority: Ville de Lyon\nprocedure: AO-2026-17\nlot: 2\nversion: '1.0'\nstatus: Final\npanel:\n  - {name: A. Martin, role: chair}\n  - {name: B. Keller}\n",
			&Dossier{Authority: "Ville de Lyon", Procedure: "AO-2026-17", Lot: "2", Version: "1.0", Status: DossierFinal,
				Panel: []PanelMember{{"A. Martin", "chair"}, {"B. Keller", ""}}}, nil},
		{"json", "d.json", `{"procedure": "AO-2026-17", "status": "draft", "disclaimer": "Draft for the panel."}`,
			&Dossier{Procedure: "AO-2026-17", Status: DossierDraft, Disclaimer: "Draft for the panel."}, nil},
		{"empty file", "e.yaml", "", &Dossier{}, nil},
		{"unknown key", "u.yaml", "procedur: X\n", nil, []string{"u.yaml", `"procedur"`, `"procedure"`, "authority, procedure, lot"}},
		{"bad status", "s.yaml", "status: signed\n", nil, []string{`status "signed"`, "draft or final"}},
		{"member without a name", "p.yaml", "panel:\n  - {role: chair}\n", nil, []string{"member 1 has no name"}},
		{"unknown key of a member", "m.yaml", "panel:\n  - {name: A, role: chair}\n  - name: B\n    rol: expert\n", nil,
			[]string{"m.yaml", "line 4", "panel member 2 (B)", `unknown key "rol"`, `"role"`, "the valid keys are name, role"}},
		{"unknown key of a member, JSON", "m.json", "{\"panel\": [\n  {\"name\": \"A\", \"role\": \"chair\"},\n  {\"nom\": \"B\"}\n]}", nil,
			[]string{"m.json", "line 3", "panel member 2", `unknown key "nom"`, `"name"`, "the valid keys are name, role"}},
		{"with the top-level ones", "b.yaml", "procedur: X\npanel: [{name: A, rol: chair}]\n", nil,
			[]string{`unknown key "procedur"`, "line 2: panel member 1 (A)", `unknown key "rol"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ReadDossier(write(tt.file, tt.body))
			if tt.errs == nil {
				require.NoError(t, err)
				assert.Equal(t, tt.want, d)
				return
			}
			require.Error(t, err)
			for _, w := range tt.errs {
				assert.Contains(t, err.Error(), w)
			}
			assert.NotContains(t, err.Error(), "report.Dossier", "no Go type names")
		})
	}
	_, err := ReadDossier(filepath.Join(dir, "missing.yaml"))
	assert.ErrorContains(t, err, "dossier file")
}
