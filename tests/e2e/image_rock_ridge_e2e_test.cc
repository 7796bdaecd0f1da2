// End to end: `discmaster image` on a tricky corpus (names in several scripts and outside the BMP,
// 64-character Joliet names, names differing only in case, empty files, POSIX names longer than
// Joliet holds, a 12-level tree, relative and absolute symlinks, modes 0600/0755/4755, fixed
// mtimes), judged by isoinfo (-d, -l -R, -l -J), xorriso, bsdtar (extraction: bytes, modes,
// mtimes, link targets) and libiso9660's iso-info; the same image twice is the same bytes.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "tests/e2e/json_lines.h"
#include "tools/judges/judges.h"
#include "tools/judges/posix_judges.h"
#include "tools/judges/subprocess.h"

namespace dm::e2e {
using namespace judges;
namespace fs = std::filesystem;
namespace {

constexpr int64_t kBaseMtime = 1600000000;  // 2020-09-13
constexpr const char* kEpoch = "1700000000";  // SOURCE_DATE_EPOCH: 2023-11-14

void writeFile(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

std::string readFile(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// Access times are "now": reading a folder or a link for the image would otherwise move an
// older access time forward (relatime), and the next image would differ.
void setTimes(const fs::path& p, int64_t mtime) {
  const struct timespec times[2] = {{0, UTIME_NOW}, {mtime, 0}};
  ::utimensat(AT_FDCWD, p.c_str(), times, AT_SYMLINK_NOFOLLOW);
}

// The deep chain: d01 … d11 under the root, so the root is level 1 and d11 level 12.
std::string deepPath(int levels) {
  std::string p;
  for (int i = 1; i <= levels; ++i) p += fmt::format("{}d{:02}", i > 1 ? "/" : "", i);
  return p;
}

class ImageRockRidge : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"isoinfo", "xorriso", "bsdtar", "iso-info"})
      if (!onPath(tool)) GTEST_SKIP() << tool << " is not installed (tools/setup.sh installs it)";
    dir_ = fs::temp_directory_path() /
           ("dm-rr-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(getpid()));
    fs::remove_all(dir_);
    src_ = dir_ / "src";
    writeFile(src_ / "Ελληνικά" / "αρχείο.txt", "Greek\n");
    writeFile(src_ / "日本語" / "メモ.txt", "Japanese\n");
    writeFile(src_ / "Кириллица" / "файл.txt", "Cyrillic\n");
    writeFile(src_ / "עברית.txt", "Hebrew\n");
    writeFile(src_ / "party-🎉.txt", "outside the BMP: Joliet shows '_'\n");
    writeFile(src_ / (std::string(60, 'j') + ".txt"), "64 characters: the Joliet limit\n");
    writeFile(src_ / "Case.txt", "upper\n");
    writeFile(src_ / "case.txt", "lower\n");
    writeFile(src_ / "CASE.txt", "all upper\n");
    writeFile(src_ / "empty", "");
    writeFile(src_ / "folder" / "empty too", "");
    writeFile(src_ / (std::string(120, 'L') + ".txt"), "a POSIX name Joliet cannot hold\n");
    writeFile(src_ / "folder" / std::string(255, 'M'), "the longest name ext4 allows: NM split\n");
    writeFile(src_ / deepPath(11) / "deep.txt", "twelve levels down\n");
    writeFile(src_ / "modes" / "private", "0600\n");
    writeFile(src_ / "modes" / "script.sh", "#!/bin/sh\n");
    writeFile(src_ / "modes" / "setuid", "4755\n");
    ::chmod((src_ / "modes" / "private").c_str(), 0600);
    ::chmod((src_ / "modes" / "script.sh").c_str(), 0755);
    ::chmod((src_ / "modes" / "setuid").c_str(), 04755);
    fs::create_symlink("Case.txt", src_ / "relative-link");
    fs::create_symlink("/etc/hostname", src_ / "absolute-link");
    fs::create_symlink("../Ελληνικά/./αρχείο.txt", src_ / "folder" / "up-link");
    std::string long_target;
    for (int i = 0; i < 40; ++i) long_target += fmt::format("component-{:02}/", i);
    fs::create_symlink(long_target + "end", src_ / "folder" / "long-link");  // > 255 bytes: SL split
    // Fixed mtimes, children before their folders (writing a child changes the folder's mtime).
    std::vector<fs::path> all;
    for (auto it = fs::recursive_directory_iterator(src_); it != fs::recursive_directory_iterator(); ++it)
      all.push_back(it->path());
    std::sort(all.begin(), all.end(), [](const fs::path& a, const fs::path& b) { return a.string() > b.string(); });
    int64_t t = kBaseMtime;
    for (const fs::path& p : all) setTimes(p, t += 3600);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  ProcessResult image(std::vector<std::string> args) {
    std::vector<std::string> argv{"env", std::string("SOURCE_DATE_EPOCH=") + kEpoch, DM_CLI_PATH, "image"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
  }

  // The source as a Rock Ridge reader must show it.
  PosixTree expected() const { return posixSourceTree(src_); }

  fs::path dir_, src_;
};

std::string joined(const std::vector<std::string>& diffs) {
  std::string s;
  for (const std::string& d : diffs) s += d + "\n";
  return s;
}

// What isoinfo -R lists: it does not follow CL, so the relocated folder shows as an empty
// placeholder at its place and its contents under rr_moved.
PosixTree asIsoinfoRockRidgeSeesIt(const PosixTree& source) {
  const std::string moved = deepPath(8);  // d08 sits at level 9: relocated
  PosixTree out;
  for (const auto& [path, e] : source) {
    if (path.rfind(moved + "/", 0) == 0) {
      out["rr_moved/" + path.substr(deepPath(7).size() + 1)] = e;
    } else {
      out[path] = e;
    }
  }
  out["rr_moved"] = PosixEntry{'d', 0755, 0, std::nullopt, ""};
  out["rr_moved/d08"] = source.at(moved);
  return out;
}

// Joliet: no symlinks; names cut to 64 UCS-2 units; isoinfo's ISO 8859-1 view of them.
Tree asJolietSeesIt(const Tree& source, const PosixTree& posix) {
  Tree cut;
  for (const auto& [path, e] : source) {
    if (posix.at(path).type == 'l') continue;
    std::string out, part;
    auto flush = [&] {
      size_t units = 0, i = 0;
      for (; i < part.size() && units < 64; ++units) {
        const auto b = static_cast<unsigned char>(part[i]);
        i += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
      }
      out += part.substr(0, i);
      part.clear();
    };
    for (char c : path) {
      if (c == '/') {
        flush();
        out += '/';
      } else {
        part += c;
      }
    }
    flush();
    cut[out] = e;
  }
  return asIsoinfoSeesIt(cut);
}

Tree plainTree(const PosixTree& posix) {
  Tree t;
  for (const auto& [path, e] : posix) t[path] = Entry{e.type == 'd', e.type == '-' ? e.size : 0};
  return t;
}

TEST_F(ImageRockRidge, EveryReaderSeesTheTrickyCorpus) {
  const fs::path iso = dir_ / "rr.iso";
  const ProcessResult p = image({"--json", "--volume-name", "RR CORPUS", "-o", iso.string(), src_.string()});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  const nlohmann::json result = lastJsonLine(p.out);
  EXPECT_EQ(result["result"], "S_OK");
  EXPECT_EQ(result["rock_ridge"], true);
  EXPECT_EQ(result["symlinks"], 4);
  const PosixTree source = expected();

  const ProcessResult d = run({"isoinfo", "-d", "-i", iso.string()});
  EXPECT_NE(d.out.find("Rock Ridge signatures version 1 found"), std::string::npos) << d.out;
  EXPECT_NE(d.out.find("Joliet with UCS level 3 found"), std::string::npos) << d.out;
  EXPECT_NE(d.out.find("Volume id: RR_CORPUS"), std::string::npos) << d.out;

  const PosixReading xorriso = xorrisoPosixTree(iso);
  EXPECT_EQ(xorriso.error, "");
  PosixTree xorriso_tree = xorriso.tree;
  EXPECT_EQ(xorriso_tree.erase("rr_moved"), 1u) << "the relocation folder stays visible, as with genisoimage";
  EXPECT_EQ(joined(comparePosixTrees(source, xorriso_tree, "xorriso")), "");

  PosixCompare isoinfo_how;
  isoinfo_how.mode_setid = false;  // isoinfo prints rwx only
  const PosixReading isoinfo = isoinfoRockRidgeTree(iso);
  EXPECT_EQ(isoinfo.error, "");
  PosixTree isoinfo_expected = asIsoinfoRockRidgeSeesIt(source);
  EXPECT_EQ(joined(comparePosixTrees(isoinfo_expected, isoinfo.tree, "isoinfo -l -R", isoinfo_how)), "");

  const Reading joliet = isoinfoTree(iso);
  EXPECT_EQ(joliet.error, "");
  EXPECT_EQ(joined(compareTrees(asJolietSeesIt(plainTree(source), source), joliet.tree, "isoinfo -l -J")), "");

  PosixCompare bsdtar_how;
  bsdtar_how.mtime = true;
  const PosixReading bsdtar = bsdtarExtractedTree(iso, dir_ / "extracted");
  EXPECT_EQ(bsdtar.error, "");
  EXPECT_EQ(joined(comparePosixTrees(source, bsdtar.tree, "bsdtar -x", bsdtar_how)), "");
  for (const auto& [path, e] : source)
    if (e.type == '-') {
      EXPECT_EQ(readFile(dir_ / "extracted" / path), readFile(src_ / path)) << path;
    }

  // libiso9660 does not follow SUSP continuation areas: names that overflow into one show as
  // their ISO 9660 names there, so its check covers the rest (modes, sizes, link targets). It
  // also crashes on symbolic links of more than a few components (xorriso's images too), so
  // it reads an image without the long link.
  fs::remove(src_ / "folder" / "long-link");
  const fs::path libiso_iso = dir_ / "for-libiso9660.iso";
  ASSERT_EQ(image({"-o", libiso_iso.string(), src_.string()}).exit_code, 0);
  const PosixReading libiso = isoInfoRockRidgeTree(libiso_iso);
  EXPECT_EQ(libiso.error, "");
  PosixTree libiso_expected;
  for (const auto& [path, e] : asIsoinfoRockRidgeSeesIt(source))
    // Inside rr_moved libiso9660 shows a relocated folder under its ISO 9660 name.
    if (path.size() < 100 && path.rfind("rr_moved/", 0) != 0 && path != "folder/long-link") libiso_expected[path] = e;
  ASSERT_TRUE(libiso_expected.contains("modes/setuid"));
  PosixTree libiso_seen;
  for (const auto& [path, e] : libiso.tree)
    if (libiso_expected.contains(path)) libiso_seen[path] = e;
  EXPECT_EQ(joined(comparePosixTrees(libiso_expected, libiso_seen, "iso-info -l")), "");
  EXPECT_GE(libiso_seen.size(), source.size() - 8);
}

TEST_F(ImageRockRidge, TheSameTreeGivesTheSameBytes) {
  const fs::path a = dir_ / "a.iso", b = dir_ / "b.iso";
  ASSERT_EQ(image({"-o", a.string(), src_.string()}).exit_code, 0);
  ASSERT_EQ(image({"-o", b.string(), src_.string()}).exit_code, 0);
  const std::string first = readFile(a);
  EXPECT_GT(first.size(), 100000u);
  EXPECT_TRUE(first == readFile(b)) << "two images of one tree differ";
}

TEST_F(ImageRockRidge, WithoutRockRidgeTheCorpusIsRefusedAndPlainTreesHaveNoRockRidge) {
  const ProcessResult refused = image({"--no-rock", "-o", (dir_ / "x.iso").string(), src_.string()});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("IMAPI_E_BADJOLIETNAME"), std::string::npos) << refused.err;

  writeFile(dir_ / "plain" / "a.txt", "a\n");
  const fs::path iso = dir_ / "plain.iso";
  ASSERT_EQ(image({"--no-rock", "--iso-level", "1", "-o", iso.string(), (dir_ / "plain").string()}).exit_code, 0);
  const ProcessResult d = run({"isoinfo", "-d", "-i", iso.string()});
  EXPECT_NE(d.out.find("NO Rock Ridge present"), std::string::npos) << d.out;
  const ProcessResult l = run({"isoinfo", "-l", "-i", iso.string()});
  EXPECT_NE(l.out.find("A.TXT;1"), std::string::npos) << l.out;
}

}  // namespace
}  // namespace dm::e2e
