package report

// What every PDF says of the procedure it belongs to (the dossier) and of
// the method it applied (the profile and its hash), and how it words
// eligibility under a profile without a minimum SEAL.

import (
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// noMinimumNote says what "eligible" means under a profile that sets no
// minimum SEAL: every report that shows eligibility says it, so that an
// offer stamped eligible is never read as one that met a minimum.
const noMinimumNote = scoring.NoMinimumNote

// noMinimum reports whether eligibility under p applies no minimum SEAL.
func noMinimum(p *scoring.Profile) bool { return p != nil && !p.HasMinimum() }

// noMinimumLine is noMinimumNote as a sentence naming the profile, for
// the text and Markdown outputs of diff and reconcile.
func noMinimumLine(p *scoring.Profile) string {
	return upperFirst(noMinimumNote) + " (profile " + p.Name + ")."
}

// noMinimumBox is the first-page notice of a PDF of several assessments
// under a profile without a minimum SEAL; consequence says, after "Profile
// X accepts every SEAL: ", what that means for the reader of this PDF.
func (d *pdfDoc) noMinimumBox(p *scoring.Profile, consequence string) {
	d.noticeBox(upperFirst(noMinimumNote)+".", []string{"Profile " + profileName(p) + " accepts every SEAL: " + consequence},
		colCaution, colCautionFill)
}

// noMinimumSeeSEAL is the consequence diff.pdf and reconcile.pdf state.
const noMinimumSeeSEAL = "an offer at SEAL-0 can be eligible. Read each SEAL beside the eligibility."

// methodHashClaim is what a profile's hash proves, said after the hash:
// which method was applied. sovscore cannot know when the method was
// fixed; a profile filed before the assessments with the same hash can
// show it.
const methodHashClaim = "the profile with this SHA-256 is the one applied; a profile published or filed before " +
	"the assessments with the same hash shows that the method was fixed before the assessments were scored"

// shortHash is the start of a SHA-256, enough to tell two methods apart in
// a footer; the full hash is on the methodology page.
func shortHash(sum string) string {
	const n = 16
	if len(sum) <= n {
		return sum
	}
	return sum[:n] + "…"
}

// profileRef names the method in a footer: "profile tender-2026 · sha256
// 1a2b3c4d5e6f7a8b…"; "" without a profile.
func profileRef(p *scoring.Profile) string {
	if p == nil {
		return ""
	}
	return "profile " + p.Name + " · sha256 " + shortHash(p.SHA256())
}

// footerSecond is the second footer line of every PDF: the method, then
// the procedure and the document's status when a dossier gives them.
func footerSecond(p *scoring.Profile, d *Dossier) string {
	return joinNonEmpty(" · ", profileRef(p), d.procedureRef(), d.statusText())
}

// joinNonEmpty joins the parts that are not blank.
func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}

// procedureRef is the procedure's reference and lot: "procedure
// MDA-2026-017, Lot 2"; "" when the dossier gives neither. A lot given as
// "2" gets its "Lot "; one that starts with "lot" is printed as given.
func (d *Dossier) procedureRef() string {
	if d == nil {
		return ""
	}
	ref := coverText(d.Procedure)
	if ref != "" {
		ref = "procedure " + ref
	}
	lot := coverText(d.Lot)
	if lot != "" && !strings.HasPrefix(strings.ToLower(lot), "lot") {
		lot = "Lot " + lot
	}
	return joinNonEmpty(", ", ref, lot)
}

// statusText is the document's status and version: "DRAFT, version 1.0";
// "" when the dossier gives neither.
func (d *Dossier) statusText() string {
	if d == nil {
		return ""
	}
	v := coverText(d.Version)
	if v != "" {
		v = "version " + v
	}
	return joinNonEmpty(", ", strings.ToUpper(d.Status), v)
}

// authority is the contracting authority, "" when not given.
func (d *Dossier) authority() string {
	if d == nil {
		return ""
	}
	return coverText(d.Authority)
}

// sealLevels names the framework's SEAL levels in one line: "SEAL-0 No
// Sovereignty, ..., SEAL-3 Digital Resilience (2026 guidance:
// Technological Sovereignty), ...".
func sealLevels(fw *scoring.Framework) string {
	parts := make([]string, 0, len(fw.SEALLevels))
	for _, l := range fw.SEALLevels {
		s := sealName(l.Level) + " " + l.Name
		if l.AltName != "" {
			s += " (2026 guidance: " + l.AltName + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}
