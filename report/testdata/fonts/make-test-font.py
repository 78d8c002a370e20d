#!/usr/bin/python3
# Makes test-cjk.ttf, the font of the --font tests: Liberation Sans Regular
# cut down to printable ASCII, renamed (Liberation is a reserved font name
# under the SIL OFL), with four CJK characters (你好世界) mapped to the
# glyphs of N, H, S and W. It only has to prove that the reports draw with
# the font given and that the glyph check reads its character map.
# Needs fontTools (Debian: python3-fonttools). Run from this folder.
from fontTools import subset
from fontTools.ttLib import TTFont

font = TTFont("../../../templates/fonts/LiberationSans-Regular.ttf")
opts = subset.Options()
opts.name_IDs = ["*"]
opts.notdef_outline = True
sub = subset.Subsetter(opts)
sub.populate(unicodes=range(0x20, 0x7F))
sub.subset(font)
extra = {0x4F60: "N", 0x597D: "H", 0x4E16: "S", 0x754C: "W"}
for table in font["cmap"].tables:
    if table.format == 4:
        for cp, ch in extra.items():
            table.cmap[cp] = table.cmap[ord(ch)]
for rec in font["name"].names:
    if rec.nameID in (1, 3, 4, 6, 16, 17, 21):
        rec.string = "SovscoreTestSans" if rec.nameID != 6 else "SovscoreTestSans-Regular"
font.save("test-cjk.ttf")
