// The judges (see judges.h): parse what isoinfo, xorriso and bsdtar print about an image.
#include "tools/judges/judges.h"

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "tools/judges/subprocess.h"
#include "tools/judges/text_lines.h"

namespace dm::judges {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> fields(const std::string& line, size_t max_fields) {
  std::vector<std::string> out;
  size_t at = 0;
  while (out.size() + 1 < max_fields) {
    at = line.find_first_not_of(' ', at);
    if (at == std::string::npos) return out;
    const size_t end = line.find(' ', at);
    out.push_back(line.substr(at, end - at));
    if (end == std::string::npos) return out;
    at = end;
  }
  at = line.find_first_not_of(' ', at);
  if (at != std::string::npos) out.push_back(line.substr(at));
  return out;
}

std::string readFile(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// Decodes one UTF-8 code point starting at s[i]; advances i.
char32_t nextCodePoint(const std::string& s, size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? b : b & (0x3F >> (len - 1));
  for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

}  // namespace

Tree sourceTree(const fs::path& root) {
  Tree t;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const std::string rel = fs::relative(e.path(), root).generic_string();
    t[rel] = e.is_directory() ? Entry{true, 0} : Entry{false, e.file_size()};
  }
  return t;
}

Tree asIsoinfoSeesIt(const Tree& source) {
  Tree out;
  for (const auto& [path, entry] : source) {
    std::string mapped;
    for (size_t i = 0; i < path.size();) {
      const char32_t cp = nextCodePoint(path, i);
      mapped += cp <= 0xFF ? static_cast<char>(cp) : '_';
    }
    out[mapped] = entry;
  }
  return out;
}

Reading isoinfoTree(const fs::path& iso) {
  Reading r;
  const ProcessResult p = run({"isoinfo", "-l", "-J", "-j", "iso8859-1", "-i", iso.string()});
  if (p.exit_code != 0) r.error = fmt::format("isoinfo exited {}: {}", p.exit_code, p.err);
  std::string dir;
  for (const std::string& line : lines(p.out)) {
    if (line.rfind("Directory listing of /", 0) == 0) {
      dir = line.substr(std::string("Directory listing of /").size());
      continue;
    }
    const size_t bracket = line.find("] ");
    if (line.empty() || bracket == std::string::npos) continue;
    std::string name = line.substr(bracket + 2);
    name.erase(0, name.find_first_not_of(' '));
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (name == "." || name == ".." || name.empty()) continue;
    const auto f = fields(line, 6);
    if (f.size() < 5) continue;
    const bool is_dir = line[0] == 'd';
    r.tree[dir + name] = is_dir ? Entry{true, 0} : Entry{false, std::stoull(f[4])};
  }
  return r;
}

Reading xorrisoTree(const fs::path& iso) {
  Reading r;
  const ProcessResult p = run({"xorriso", "-indev", iso.string(), "-find", "/", "-exec", "lsdl", "--"});
  if (p.exit_code != 0) r.error = fmt::format("xorriso exited {}: {}", p.exit_code, p.err);
  for (const std::string& line : lines(p.out)) {
    const size_t open = line.find(" '/");
    if (open == std::string::npos || line.back() != '\'') continue;
    // A symbolic link reads "'/path' -> 'target'": the path ends at the arrow.
    const size_t arrow = line.find("' -> '", open);
    const size_t end = arrow == std::string::npos ? line.size() - 1 : arrow;
    const std::string path = line.substr(open + 3, end - open - 3);
    if (path.empty()) continue;  // the root
    const auto f = fields(line, 6);
    if (f.size() < 5) continue;
    r.tree[path] = line[0] == 'd' ? Entry{true, 0} : Entry{false, std::stoull(f[4])};
  }
  return r;
}

Reading bsdtarTree(const fs::path& iso) {
  Reading r;
  const ProcessResult p = run({"bsdtar", "-tvf", iso.string()});
  if (p.exit_code != 0) r.error = fmt::format("bsdtar exited {}: {}", p.exit_code, p.err);
  for (const std::string& line : lines(p.out)) {
    const auto f = fields(line, 9);
    if (f.size() < 9 || f[8] == ".") continue;
    std::string path = f[8];
    if (path.rfind("./", 0) == 0) path.erase(0, 2);
    r.tree[path] = line[0] == 'd' ? Entry{true, 0} : Entry{false, std::stoull(f[4])};
  }
  return r;
}

std::vector<std::string> compareTrees(const Tree& expected, const Tree& actual, const std::string& judge) {
  std::vector<std::string> diffs;
  for (const auto& [path, e] : expected) {
    auto it = actual.find(path);
    if (it == actual.end()) {
      diffs.push_back(fmt::format("{}: missing {} '{}'", judge, e.directory ? "folder" : "file", path));
    } else if (it->second.directory != e.directory) {
      diffs.push_back(fmt::format("{}: '{}' is a {} on the disc", judge, path, it->second.directory ? "folder" : "file"));
    } else if (!e.directory && it->second.size != e.size) {
      diffs.push_back(fmt::format("{}: '{}' has {} bytes, expected {}", judge, path, it->second.size, e.size));
    }
  }
  for (const auto& [path, e] : actual) {
    if (!expected.contains(path)) diffs.push_back(fmt::format("{}: unexpected '{}'", judge, path));
  }
  return diffs;
}

std::vector<std::string> compareExtractedBytes(const fs::path& iso, const fs::path& source, const fs::path& into) {
  std::vector<std::string> diffs;
  fs::remove_all(into);
  fs::create_directories(into);
  const ProcessResult p = run({"bsdtar", "-xf", iso.string(), "-C", into.string()});
  if (p.exit_code != 0) diffs.push_back(fmt::format("bsdtar -x exited {}: {}", p.exit_code, p.err));
  for (const auto& [path, e] : sourceTree(source)) {
    if (e.directory) continue;
    const fs::path got = into / path;
    if (!fs::exists(got)) {
      diffs.push_back(fmt::format("bsdtar -x: '{}' was not extracted", path));
    } else if (readFile(got) != readFile(source / path)) {
      diffs.push_back(fmt::format("bsdtar -x: '{}' differs from the source", path));
    }
  }
  return diffs;
}

std::vector<std::string> judgeImage(const fs::path& iso, const fs::path& source, const fs::path& scratch) {
  const Tree expected = sourceTree(source);
  std::vector<std::string> all;
  auto add = [&](const std::vector<std::string>& d) { all.insert(all.end(), d.begin(), d.end()); };
  const Reading isoinfo = isoinfoTree(iso);
  if (!isoinfo.error.empty()) all.push_back(isoinfo.error);
  add(compareTrees(asIsoinfoSeesIt(expected), isoinfo.tree, "isoinfo -l -J"));
  const Reading xorriso = xorrisoTree(iso);
  if (!xorriso.error.empty()) all.push_back(xorriso.error);
  add(compareTrees(expected, xorriso.tree, "xorriso -find"));
  const Reading bsdtar = bsdtarTree(iso);
  if (!bsdtar.error.empty()) all.push_back(bsdtar.error);
  add(compareTrees(expected, bsdtar.tree, "bsdtar -t"));
  add(compareExtractedBytes(iso, source, scratch / "extracted"));
  return all;
}

}  // namespace dm::judges
