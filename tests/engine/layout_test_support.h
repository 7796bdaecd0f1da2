// Helpers shared by the stage_* and layout_* tests: a self-cleaning temporary folder to build
// source trees in, deterministic file contents, and running the external judges (isoinfo,
// xorriso, bsdtar, iso-info) with their output captured. Header-only; everything inline.
#pragma once

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dm::layout_test {

namespace fs = std::filesystem;

// A fresh folder under the system temp directory, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "dm-layout-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    // Restore permissions a test may have removed, so the cleanup itself can read everything.
    for (auto it = fs::recursive_directory_iterator(path_, ec); !ec && it != fs::end(it);
         it.increment(ec))
      if (!it->is_symlink())
        fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  fs::path operator/(std::string_view rel) const { return path_ / rel; }

 private:
  fs::path path_;
};

// `size` bytes of a pseudo-random pattern from a fixed seed: the same bytes on every run.
inline std::vector<uint8_t> patternBytes(uint32_t seed, size_t size) {
  std::mt19937 gen(seed);
  std::vector<uint8_t> out(size);
  for (size_t i = 0; i < size; i += 4) {
    const uint32_t v = gen();
    for (size_t k = 0; k < 4 && i + k < size; ++k) out[i + k] = static_cast<uint8_t>(v >> (8 * k));
  }
  return out;
}

inline void writeFile(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary)
      .write(text.data(), static_cast<std::streamsize>(text.size()));
}

inline void writeFile(const fs::path& path, const std::vector<uint8_t>& bytes) {
  writeFile(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

inline std::vector<uint8_t> readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A fixed creation time for images: 2024-03-01 12:34:56 UTC.
inline std::chrono::sys_seconds fixedTime() {
  return std::chrono::sys_seconds{std::chrono::seconds{1709296496}};
}

inline bool haveTool(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

struct CommandOutput {
  int exit_code = -1;
  std::string text;  // stdout and stderr, interleaved
};

// Runs a shell command line and captures its output.
inline CommandOutput run(const std::string& command) {
  CommandOutput out;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.text.append(buffer, n);
  const int status = ::pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

inline std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

}  // namespace dm::layout_test
