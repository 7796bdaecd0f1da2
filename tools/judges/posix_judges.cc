// Parsing what isoinfo -R, xorriso, iso-info and an extracted bsdtar tree show (see posix_judges.h).
#include "tools/judges/posix_judges.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sstream>

#include "tools/judges/subprocess.h"
#include "tools/judges/text_lines.h"

namespace dm::judges {
namespace fs = std::filesystem;
namespace {

// The first `n` whitespace-separated fields of `line`; `rest` gets where the next one starts.
std::vector<std::string> leadingFields(const std::string& line, size_t n, size_t& rest) {
  std::vector<std::string> out;
  size_t at = 0;
  while (out.size() < n) {
    at = line.find_first_not_of(' ', at);
    if (at == std::string::npos) break;
    const size_t end = line.find(' ', at);
    out.push_back(line.substr(at, end == std::string::npos ? std::string::npos : end - at));
    at = end == std::string::npos ? line.size() : end;
  }
  rest = at;
  return out;
}

std::string readLink(const fs::path& p) {
  std::string target(4096, '\0');
  const ssize_t n = ::readlink(p.c_str(), target.data(), target.size());
  target.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return target;
}

PosixEntry statEntry(const fs::path& p) {
  PosixEntry e;
  struct stat st {};
  if (::lstat(p.c_str(), &st) != 0) return e;
  e.type = S_ISDIR(st.st_mode) ? 'd' : S_ISLNK(st.st_mode) ? 'l' : '-';
  e.mode = st.st_mode & 07777;
  e.size = S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
  e.mtime = st.st_mtim.tv_sec;
  if (e.type == 'l') e.target = readLink(p);
  return e;
}

PosixTree walk(const fs::path& root) {
  PosixTree t;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it)
    t[it->path().lexically_relative(root).generic_string()] = statEntry(it->path());
  return t;
}

}  // namespace

uint32_t parseModeString(const std::string& text, char& type) {
  type = text.empty() ? '?' : text[0];
  if (text.size() < 10) return 0;
  uint32_t mode = 0;
  static constexpr uint32_t kBits[9] = {0400, 0200, 0100, 040, 020, 010, 04, 02, 01};
  for (int i = 0; i < 9; ++i) {
    const char c = text[1 + static_cast<size_t>(i)];
    if (c != '-' && c != 'S' && c != 'T') mode |= kBits[i];
  }
  if (text[3] == 's' || text[3] == 'S') mode |= 04000;
  if (text[6] == 's' || text[6] == 'S') mode |= 02000;
  if (text[9] == 't' || text[9] == 'T') mode |= 01000;
  return mode;
}

PosixTree posixSourceTree(const fs::path& root) { return walk(root); }

PosixReading isoinfoRockRidgeTree(const fs::path& iso) {
  PosixReading r;
  const ProcessResult p = run({"isoinfo", "-l", "-R", "-i", iso.string()});
  if (p.exit_code != 0) r.error = fmt::format("isoinfo -R exited {}: {}", p.exit_code, p.err);
  std::string dir;
  for (const std::string& line : lines(p.out)) {
    if (line.rfind("Directory listing of /", 0) == 0) {
      dir = line.substr(std::string("Directory listing of /").size());
      continue;
    }
    const size_t bracket = line.find("]  ");
    if (line.size() < 10 || bracket == std::string::npos) continue;
    std::string name = line.substr(bracket + 3);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    PosixEntry e;
    e.mode = parseModeString(line.substr(0, 10), e.type);
    if (e.type == 'l') {
      const size_t arrow = name.find(" -> ");
      if (arrow != std::string::npos) {
        e.target = name.substr(arrow + 4);
        name.resize(arrow);
      }
    }
    if (name == "." || name == ".." || name.empty()) continue;
    size_t rest = 0;
    const auto f = leadingFields(line, 5, rest);
    if (e.type == '-' && f.size() == 5) e.size = std::stoull(f[4]);
    r.tree[dir + name] = e;
  }
  return r;
}

PosixReading xorrisoPosixTree(const fs::path& iso) {
  PosixReading r;
  const ProcessResult p = run({"xorriso", "-indev", iso.string(), "-find", "/", "-exec", "lsdl", "--"});
  if (p.exit_code != 0) r.error = fmt::format("xorriso exited {}: {}", p.exit_code, p.err);
  for (const std::string& line : lines(p.out)) {
    const size_t open = line.find(" '/");
    if (line.size() < 10 || open == std::string::npos) continue;
    PosixEntry e;
    e.mode = parseModeString(line.substr(0, 10), e.type);
    std::string quoted = line.substr(open + 1);  // '/path' [-> 'target']
    const size_t arrow = quoted.find("' -> '");
    if (arrow != std::string::npos) {
      e.target = quoted.substr(arrow + 6, quoted.size() - arrow - 7);
      quoted.resize(arrow + 1);
    }
    const std::string path = quoted.substr(2, quoted.size() - 3);
    if (path.empty()) continue;
    size_t rest = 0;
    const auto f = leadingFields(line, 5, rest);
    if (e.type == '-' && f.size() == 5) e.size = std::stoull(f[4]);
    r.tree[path] = e;
  }
  return r;
}

PosixReading isoInfoRockRidgeTree(const fs::path& iso) {
  PosixReading r;
  const ProcessResult p = run({"iso-info", "-l", "--no-joliet", iso.string()});
  if (p.exit_code != 0) r.error = fmt::format("iso-info exited {}: {}", p.exit_code, p.err);
  std::string dir;
  for (const std::string& line : lines(p.out)) {
    if (!line.empty() && line[0] == '/' && line.back() == ':') {
      dir = line.substr(1, line.size() - 2);
      continue;
    }
    if (line.size() < 14 || line.rfind("  ", 0) != 0) continue;
    const size_t bracket = line.find("] ");
    if (bracket == std::string::npos) continue;
    PosixEntry e;
    e.mode = parseModeString(line.substr(2, 10), e.type);
    size_t rest = 0;
    const auto after = leadingFields(line.substr(bracket + 1), 5, rest);  // size, month, day, year, time
    if (after.size() < 5) continue;
    std::string name = line.substr(bracket + 1).substr(rest);
    name.erase(0, name.find_first_not_of(' '));
    if (e.type == 'l') {
      const size_t arrow = name.find(" -> ");
      if (arrow != std::string::npos) {
        e.target = name.substr(arrow + 4);
        name.resize(arrow);
      }
    }
    if (name == "." || name == "..") continue;
    if (e.type == '-') e.size = std::stoull(after[0]);
    r.tree[dir + name] = e;
  }
  return r;
}

PosixReading bsdtarExtractedTree(const fs::path& iso, const fs::path& into) {
  PosixReading r;
  fs::remove_all(into);
  fs::create_directories(into);
  const ProcessResult p = run({"bsdtar", "-xpf", iso.string(), "-C", into.string()});
  if (p.exit_code != 0) r.error = fmt::format("bsdtar -x exited {}: {}", p.exit_code, p.err);
  r.tree = walk(into);
  return r;
}

std::vector<std::string> comparePosixTrees(const PosixTree& expected, const PosixTree& actual,
                                           const std::string& judge, const PosixCompare& how) {
  std::vector<std::string> diffs;
  const uint32_t mask = how.mode_setid ? 07777 : 0777;
  for (const auto& [path, e] : expected) {
    auto it = actual.find(path);
    if (it == actual.end()) {
      diffs.push_back(fmt::format("{}: missing '{}'", judge, path));
      continue;
    }
    const PosixEntry& a = it->second;
    if (a.type != e.type) {
      diffs.push_back(fmt::format("{}: '{}' is type '{}', expected '{}'", judge, path, a.type, e.type));
      continue;
    }
    if (e.type != 'l' && (a.mode & mask) != (e.mode & mask))
      diffs.push_back(fmt::format("{}: '{}' has mode {:04o}, expected {:04o}", judge, path, a.mode & mask, e.mode & mask));
    if (how.size && e.type == '-' && a.size != e.size)
      diffs.push_back(fmt::format("{}: '{}' has {} bytes, expected {}", judge, path, a.size, e.size));
    if (e.type == 'l' && a.target != e.target)
      diffs.push_back(fmt::format("{}: link '{}' points at '{}', expected '{}'", judge, path, a.target, e.target));
    if (how.mtime && e.type != 'd' && a.mtime != e.mtime)
      diffs.push_back(fmt::format("{}: '{}' has mtime {}, expected {}", judge, path, a.mtime.value_or(-1), e.mtime.value_or(-1)));
  }
  for (const auto& [path, e] : actual)
    if (!expected.contains(path)) diffs.push_back(fmt::format("{}: unexpected '{}'", judge, path));
  return diffs;
}

ElToritoReport xorrisoElTorito(const fs::path& iso) {
  ElToritoReport r;
  const ProcessResult p = run({"xorriso", "-indev", iso.string(), "-report_el_torito", "plain"});
  if (p.exit_code != 0) r.error = fmt::format("xorriso exited {}: {}", p.exit_code, p.err);
  for (const std::string& line : lines(p.out)) {
    // "El Torito boot img :   1  UEFI  y   none  0x0000  0x00      4          55"
    if (line.rfind("El Torito boot img :", 0) != 0) continue;
    size_t rest = 0;
    const auto f = leadingFields(line.substr(20), 8, rest);
    if (f.size() < 8) continue;
    r.platform = f[1];
    r.bootable = f[2] == "y";
    r.emulation = f[3];
    r.load_size = static_cast<uint32_t>(std::stoul(f[6]));
    r.lba = static_cast<uint32_t>(std::stoul(f[7]));
    return r;
  }
  if (r.error.empty()) r.error = "xorriso reports no El Torito boot image:\n" + p.out;
  return r;
}

}  // namespace dm::judges
