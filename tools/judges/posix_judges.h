// Judges of the Rock Ridge (POSIX) view of an image and of El Torito: what isoinfo -R, xorriso,
// bsdtar (by extraction) and libiso9660's iso-info read as types, permission bits, sizes, symlink
// targets and times, compared with a source folder read with lstat (links not followed).
// Comparisons return every difference as a line of text (empty: identical).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dm::judges {

struct PosixEntry {
  char type = '-';      // 'd', '-', 'l'
  uint32_t mode = 0;    // permission bits with setuid/setgid/sticky (07777)
  uint64_t size = 0;    // regular files only
  std::optional<int64_t> mtime;  // seconds since 1970, where the judge shows it exactly
  std::string target;   // symlinks
};
using PosixTree = std::map<std::string, PosixEntry>;  // '/'-separated paths, no leading '/'

struct PosixReading {
  PosixTree tree;
  std::string error;
};

// The source folder as lstat sees it.
PosixTree posixSourceTree(const std::filesystem::path& root);

// "-rwsr-xr-x" → 04755 (and the type in `type`).
uint32_t parseModeString(const std::string& text, char& type);

PosixReading isoinfoRockRidgeTree(const std::filesystem::path& iso);  // isoinfo -l -R
PosixReading xorrisoPosixTree(const std::filesystem::path& iso);      // xorriso -find / -exec lsdl
PosixReading isoInfoRockRidgeTree(const std::filesystem::path& iso);  // iso-info -l --no-joliet
// bsdtar -xf into `into`, then the extracted tree read with lstat (mtimes exact).
PosixReading bsdtarExtractedTree(const std::filesystem::path& iso, const std::filesystem::path& into);

struct PosixCompare {
  bool mode_setid = true;  // compare setuid/setgid/sticky too (isoinfo does not show them)
  bool mtime = false;
  bool size = true;
};
std::vector<std::string> comparePosixTrees(const PosixTree& expected, const PosixTree& actual,
                                           const std::string& judge, const PosixCompare& how = {});

// El Torito as xorriso -report_el_torito plain reports the first boot image.
struct ElToritoReport {
  std::string platform;   // "BIOS", "UEFI", "PPC", "Mac"
  std::string emulation;  // "none", "fd1.2", "fd1.4", "fd2.8", "hd"
  uint32_t load_size = 0;
  uint32_t lba = 0;
  bool bootable = false;
  std::string error;
};
ElToritoReport xorrisoElTorito(const std::filesystem::path& iso);

}  // namespace dm::judges
