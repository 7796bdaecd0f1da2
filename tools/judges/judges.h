// Independent judges of an ISO image, shared by the scenario runner and the tests: what isoinfo,
// xorriso and bsdtar read from it, as a tree of paths, kinds and sizes, and the bytes bsdtar
// extracts. The source folder is read the same way, so
// a test compares the tree users put in with the tree other people's readers get out. Comparisons
// return every difference as a line of text (empty: identical), so a test can also show that a
// damaged image is caught.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace dm::judges {

struct Entry {
  bool directory = false;
  uint64_t size = 0;  // files only
  friend bool operator==(const Entry&, const Entry&) = default;
};

// Paths are '/'-separated, relative to the root, without a leading slash ("a/b/café.txt").
using Tree = std::map<std::string, Entry>;

Tree sourceTree(const std::filesystem::path& root);

// isoinfo prints Joliet names in ISO 8859-1 with '_' for characters it cannot show; this maps
// a source tree's names the same way so the two can be compared.
Tree asIsoinfoSeesIt(const Tree& source);

// Each judge's reading of `iso`. A judge that fails to run or to read the image reports it in
// `error` (and returns what it could).
struct Reading {
  Tree tree;
  std::string error;
};
Reading isoinfoTree(const std::filesystem::path& iso);   // isoinfo -l -J
Reading xorrisoTree(const std::filesystem::path& iso);   // xorriso -indev … -find / -exec lsdl
Reading bsdtarTree(const std::filesystem::path& iso);    // bsdtar -tvf

// Differences between what was expected and what a judge read, one line each.
std::vector<std::string> compareTrees(const Tree& expected, const Tree& actual, const std::string& judge);

// Extracts `iso` with bsdtar into `into` and compares every file's bytes with `source`.
std::vector<std::string> compareExtractedBytes(const std::filesystem::path& iso, const std::filesystem::path& source,
                                               const std::filesystem::path& into);

// All judges at once: every difference any of them sees.
std::vector<std::string> judgeImage(const std::filesystem::path& iso, const std::filesystem::path& source,
                                    const std::filesystem::path& scratch);

}  // namespace dm::judges
