// Independent command-line judges read an image we wrote: isoinfo and isovfy (genisoimage),
// xorriso (libisofs) and bsdtar (libarchive). Each must see the volume we meant and every file
// with its exact name and bytes. A judge that is not installed skips its test with a message.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <map>
#include <set>
#include <sstream>

#include "engine/layout/iso_image.h"
#include "tests/engine/layout_test_support.h"

namespace dm::layout {
namespace {

using layout_test::fixedTime;
using layout_test::haveTool;
using layout_test::patternBytes;
using layout_test::quoted;
using layout_test::readFile;
using layout_test::run;
using layout_test::TempDir;
using layout_test::writeFile;
namespace fs = std::filesystem;

#define REQUIRE_TOOL(name) \
  if (!haveTool(name)) GTEST_SKIP() << name << " is not installed; this judge cannot run"

// Relative path → file bytes, or "<dir>" for folders.
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const std::string rel = fs::relative(e.path(), root).string();
    if (e.is_directory()) {
      out[rel] = "<dir>";
    } else {
      const std::vector<uint8_t> bytes = readFile(e.path());
      out[rel] = std::string(bytes.begin(), bytes.end());
    }
  }
  return out;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// isoinfo -j iso8859-1 prints Joliet names in Latin-1 and '_' for what Latin-1 cannot hold.
std::string toLatin1(const std::string& utf8) {
  std::string out;
  for (size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    uint32_t cp = len == 1 ? lead : lead & (0xFFu >> (len + 1));
    for (size_t k = 1; k < len; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    out.push_back(cp < 0x100 ? static_cast<char>(cp) : '_');
    i += len;
  }
  return out;
}

class LayoutJudges : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new TempDir();
    const fs::path src = *tmp_ / "src";
    writeFile(src / "Disc Notes.txt", "notes\n");
    writeFile(src / "level1/level2/level3/level4/deep file.txt", "four levels down\n");
    writeFile(src / "empty.dat", "");
    writeFile(src / "media/pattern.bin", patternBytes(7, 2 * 1024 * 1024 + 123));
    writeFile(src / "Élève/Über straße.txt", "Grüße\n");
    writeFile(src / "日本語/ファイル.txt", "テキスト\n");
    writeFile(src / "日本語/日本語のテキスト.txt", "日本語\n");
    writeFile(src / "Data.TXT", "1");
    writeFile(src / "data.txt", "22");
    writeFile(src / "DATA.txt", "333");
    writeFile(src / "dated.txt", "dated");
    for (int i = 0; i < 80; ++i)
      writeFile(src / "big folder" /
                    ("a long file name that needs many records " + std::to_string(i) + ".dat"),
                std::to_string(i));
    // 2009-02-13 23:31:30 UTC, to be read back as the recording date.
    const struct timespec times[2] = {{1234567890, 0}, {1234567890, 0}};
    ::utimensat(AT_FDCWD, (src / "dated.txt").c_str(), times, 0);

    Result<stage::FileTree> tree = stage::FileTree::fromFolder(src);
    ASSERT_TRUE(tree.ok()) << tree.error().toString();
    IsoOptions options;
    options.volume_name = "Judged Disc";
    options.creation_time = fixedTime();
    options.publisher = "discmaster tests";
    Result<IsoImage> image = IsoImage::build(*tree, options);
    ASSERT_TRUE(image.ok()) << image.error().toString();
    total_blocks_ = image->totalBlocks();
    file_count_ = image->fileCount();
    directory_count_ = image->directoryCount();
    iso_ = *tmp_ / "judged.iso";
    Status written = image->writeTo(iso_);
    ASSERT_TRUE(written.ok()) << written.toString();
  }
  static void TearDownTestSuite() { delete tmp_; }

  static fs::path source() { return *tmp_ / "src"; }

  static TempDir* tmp_;
  static fs::path iso_;
  static uint32_t total_blocks_;
  static size_t file_count_;
  static size_t directory_count_;
};

TempDir* LayoutJudges::tmp_ = nullptr;
fs::path LayoutJudges::iso_;
uint32_t LayoutJudges::total_blocks_ = 0;
size_t LayoutJudges::file_count_ = 0;
size_t LayoutJudges::directory_count_ = 0;

TEST_F(LayoutJudges, IsoinfoReadsThePrimaryVolumeDescriptor) {
  REQUIRE_TOOL("isoinfo");
  const auto out = run("isoinfo -d -i " + quoted(iso_));
  ASSERT_EQ(out.exit_code, 0) << out.text;
  EXPECT_NE(out.text.find("Volume id: JUDGED_DISC\n"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("Logical block size is: 2048\n"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("Volume size is: " + std::to_string(total_blocks_) + "\n"),
            std::string::npos)
      << out.text;
  EXPECT_NE(out.text.find("Joliet with UCS level 3 found"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("Application id: DISCMASTER"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("Publisher id: DISCMASTER TESTS"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("Volume set size is: 1"), std::string::npos) << out.text;
}

TEST_F(LayoutJudges, IsoinfoListsTheJolietTree) {
  REQUIRE_TOOL("isoinfo");
  const auto out = run("isoinfo -f -J -j iso8859-1 -i " + quoted(iso_));
  ASSERT_EQ(out.exit_code, 0) << out.text;
  std::set<std::string> listed;
  for (const std::string& line : lines(out.text)) listed.insert(line);
  std::set<std::string> expected;
  for (const auto& [rel, content] : snapshot(source())) expected.insert("/" + toLatin1(rel));
  EXPECT_EQ(listed, expected);
}

TEST_F(LayoutJudges, IsoinfoListsConformingPrimaryNames) {
  REQUIRE_TOOL("isoinfo");
  const auto out = run("isoinfo -f -i " + quoted(iso_));
  ASSERT_EQ(out.exit_code, 0) << out.text;
  const std::vector<std::string> paths = lines(out.text);
  EXPECT_EQ(paths.size(), file_count_ + directory_count_);
  for (const char* expected :
       {"/DATA.TXT;1", "/DATA_1.TXT;1", "/DATA_2.TXT;1", "/EMPTY.DAT;1", "/DISC_NOTES.TXT;1",
        "/LEVEL1/LEVEL2/LEVEL3/LEVEL4/DEEP_FILE.TXT;1", "/_L_VE/_BER_STRA_E.TXT;1",
        "/___/____.TXT;1", "/___/________.TXT;1"})
    EXPECT_NE(std::find(paths.begin(), paths.end(), expected), paths.end()) << expected;
  for (const std::string& p : paths)
    for (char c : p)
      EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '/' ||
                  c == '.' || c == ';')
          << p;
}

TEST_F(LayoutJudges, IsoinfoShowsRecordingDatesInUtc) {
  REQUIRE_TOOL("isoinfo");
  const auto out = run("TZ=UTC isoinfo -l -J -j iso8859-1 -i " + quoted(iso_));
  ASSERT_EQ(out.exit_code, 0) << out.text;
  bool found = false;
  for (const std::string& line : lines(out.text)) {
    if (line.find("dated.txt") == std::string::npos) continue;
    found = true;
    EXPECT_NE(line.find("Feb 13 2009"), std::string::npos) << line;
    EXPECT_NE(line.find(" 5 "), std::string::npos) << line;  // size
  }
  EXPECT_TRUE(found) << out.text;
}

TEST_F(LayoutJudges, IsovfyFindsNoErrors) {
  REQUIRE_TOOL("isovfy");
  const auto out = run("isovfy " + quoted(iso_));
  EXPECT_EQ(out.exit_code, 0) << out.text;
  EXPECT_NE(out.text.find("No errors found"), std::string::npos) << out.text;
  EXPECT_EQ(out.text.find("rror"), out.text.find("No errors found") + 4) << out.text;
}

TEST_F(LayoutJudges, XorrisoLoadsTheTreeWithoutComplaint) {
  REQUIRE_TOOL("xorriso");
  const auto out = run("xorriso -abort_on NEVER -return_with WARNING 32 -indev " + quoted(iso_) +
                       " -find / -exec lsdl --");
  EXPECT_EQ(out.exit_code, 0) << out.text;
  for (const char* severity : {"WARNING", "SORRY", "FAILURE", "FATAL"})
    EXPECT_EQ(out.text.find(std::string(": ") + severity), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("Volume id    : 'JUDGED_DISC'"), std::string::npos) << out.text;
  for (const auto& [rel, content] : snapshot(source()))
    EXPECT_NE(out.text.find("'/" + rel + "'"), std::string::npos) << rel << " not listed";
}

TEST_F(LayoutJudges, XorrisoExtractsIdenticalContent) {
  REQUIRE_TOOL("xorriso");
  const fs::path out_dir = *tmp_ / "xorriso-out";
  const auto out =
      run("xorriso -osirrox on -indev " + quoted(iso_) + " -extract / " + quoted(out_dir));
  ASSERT_EQ(out.exit_code, 0) << out.text;
  EXPECT_TRUE(snapshot(out_dir) == snapshot(source())) << "xorriso extracted a different tree";
}

TEST_F(LayoutJudges, BsdtarListsAndExtractsIdenticalContent) {
  REQUIRE_TOOL("bsdtar");
  const auto listing = run("bsdtar -tf " + quoted(iso_));
  ASSERT_EQ(listing.exit_code, 0) << listing.text;
  for (const auto& [rel, content] : snapshot(source()))
    EXPECT_NE(listing.text.find(rel), std::string::npos) << rel << " not listed";

  const fs::path out_dir = *tmp_ / "bsdtar-out";
  fs::create_directories(out_dir);
  const auto out = run("bsdtar -xf " + quoted(iso_) + " -C " + quoted(out_dir));
  ASSERT_EQ(out.exit_code, 0) << out.text;
  const auto extracted = snapshot(out_dir);
  const auto expected = snapshot(source());
  EXPECT_EQ(extracted.size(), expected.size());
  for (const auto& [rel, content] : expected) {
    auto it = extracted.find(rel);
    ASSERT_NE(it, extracted.end()) << rel << " missing after bsdtar -x";
    EXPECT_TRUE(it->second == content) << rel << " differs after bsdtar -x";
  }
  struct stat st {};
  ASSERT_EQ(::stat((out_dir / "dated.txt").c_str(), &st), 0);
  EXPECT_EQ(st.st_mtime, 1234567890) << "bsdtar reads the recording date";
}

}  // namespace
}  // namespace dm::layout
