// ISO 9660 identifiers for the primary hierarchy and the ordering of identifiers in directories
// and path tables. Joliet carries the real names; the primary (ISO 9660) hierarchy carries these
// deterministic, strictly conforming stand-ins.
//
// Naming rules (interchange level 2, ECMA-119 §7.5, §7.6, §10.2):
//   * characters: one d-character (§7.4.1: A–Z 0–9 _) per code point of the UTF-8 name; a–z are
//     upper-cased, everything else — '.', space, '-', any non-ASCII letter — becomes '_'.
//   * files: the name is split at its last '.' (if that dot is not the first character) into
//     stem and extension; the extension keeps at most 8 characters, the stem at most
//     30 − extension characters (§7.5.1: name + extension ≤ 30). Identifier "STEM.EXT;1"; the
//     '.' is always written, so a file without extension is "STEM.;1" (§7.5.1).
//   * directories: the whole name mapped, at most 31 characters, no '.', no version (§7.6.3).
//   * collisions inside one directory, judged on what readers show (the identifier without
//     ";1" and without a trailing '.'; files and directories share the namespace): children are
//     taken in FileTree order (byte order of the UTF-8 names). First, every child whose mapped
//     name is still free takes it; then each remaining child takes the first free of
//     STEM_1, STEM_2, … (the stem shortened so the limits above still hold; the extension kept).
//     '_' rather than '~' keeps the names pure d-characters.
//   Examples: "read me.txt" → "READ_ME.TXT;1"; "Makefile" → "MAKEFILE.;1"; "a.tar.gz" →
//   "A_TAR.GZ;1"; ".bashrc" → "_BASHRC.;1"; "été" (dir) → "_T_"; "Foo.txt" and "foo.txt" →
//   "FOO.TXT;1" and "FOO_1.TXT;1".
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dm::layout {

inline constexpr size_t kIsoMaxFileNameAndExtension = 30;  // ECMA-119 §7.5.1
inline constexpr size_t kIsoMaxExtension = 8;              // our choice, see above
inline constexpr size_t kIsoMaxDirectoryName = 31;         // ECMA-119 §7.6.3

struct IsoNameRequest {
  std::string_view name;  // UTF-8, as staged
  bool directory = false;
};

// Interchange level 1 (ECMA-119 §10.1) instead: file names 8.3 ("STEM.EXT;1", stem ≤ 8,
// extension ≤ 3) and directory names ≤ 8; the same mapping and collision rule.
inline constexpr size_t kIsoLevel1Stem = 8;
inline constexpr size_t kIsoLevel1Extension = 3;

// The ISO 9660 identifiers of one directory's children, index for index with `children`, unique
// per the collision rule above, for interchange `level` 1, 2 or 3 (2 and 3 name alike).
// REQUIRES: `children` in FileTree order with unique names.
std::vector<std::string> isoIdentifiers(std::span<const IsoNameRequest> children, int level = 2);

// ECMA-119 §9.3 / §6.9.1 ordering of two identifiers as written: by file name, then by
// extension, each compared code unit by code unit with the shorter padded with spaces. A
// directory identifier is all name; a file identifier splits at its last '.' (before ";version").
// `unit_bytes` is 1 for ISO 9660 identifiers and 2 for Joliet's UCS-2 big-endian ones (padding
// (00)(20)). Ties (possible only in Joliet, e.g. file "a." and folder "a") fall back to the raw
// bytes, so the order is total. Returns <0, 0, >0.
int compareIdentifiers(std::string_view a, bool a_directory, std::string_view b, bool b_directory,
                       size_t unit_bytes);

}  // namespace dm::layout
