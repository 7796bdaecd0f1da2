// End to end: `discmaster image` of 10,000 files (100 folders of 100, names differing only in case
// and in long suffixes, sizes from 0 bytes to a few blocks) is read back identically by every
// judge — isoinfo -l -J, xorriso, bsdtar (list, and extraction compared byte for byte) — and
// libiso9660's iso-info counts every file of a folder through the Rock Ridge names.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "tools/judges/judges.h"
#include "tools/judges/subprocess.h"
#include "tools/judges/text_lines.h"

namespace dm::e2e {
using namespace judges;
namespace fs = std::filesystem;
namespace {

class ImageManyFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"isoinfo", "xorriso", "bsdtar", "iso-info"})
      ASSERT_TRUE(onPath(tool)) << tool << " is not installed: run tools/setup.sh";
    dir_ = fs::temp_directory_path() / ("dm-many-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    src_ = dir_ / "src";
    for (int d = 0; d < 100; ++d) {
      const fs::path folder = src_ / ("folder-" + std::to_string(d / 10)) / ("Set " + std::to_string(d));
      fs::create_directories(folder);
      for (int f = 0; f < 100; ++f) {
        // Pairs that differ only in case, and names past ISO 9660's 8.3 that must stay unique.
        const std::string name = (f % 2 == 0 ? "Item-" : "item-") + std::to_string(f / 2) +
                                 (f % 3 == 0 ? "-with-a-longer-descriptive-name.txt" : ".dat");
        std::ofstream out(folder / name, std::ios::binary);
        const size_t size = static_cast<size_t>((d * 100 + f) * 37 % 6000);  // 0 … 5999 bytes
        for (size_t i = 0; i < size; ++i) out.put(static_cast<char>('a' + (i + static_cast<size_t>(f)) % 26));
      }
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_, src_;
};

TEST_F(ImageManyFiles, EveryJudgeSeesAllTenThousandFiles) {
  const fs::path iso = dir_ / "many.iso";
  const ProcessResult p = run({"env", "SOURCE_DATE_EPOCH=1700000000", DM_CLI_PATH, "image", "-o", iso.string(), src_.string()});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;

  const Tree source = sourceTree(src_);
  size_t files = 0;
  for (const auto& [path, entry] : source) files += entry.directory ? 0 : 1;
  ASSERT_EQ(files, 10000u);
  const std::vector<std::string> differences = judgeImage(iso, src_, dir_ / "scratch");
  std::string all;
  for (const std::string& d : differences) all += d + "\n";
  EXPECT_EQ(differences.size(), 0u) << all.substr(0, 4000);

  // libiso9660 reads one folder's 100 entries (plus "." and "..") by their Rock Ridge names.
  const ProcessResult listing = run({"iso-info", "--no-joliet", "-l", "-i", iso.string()});
  ASSERT_EQ(listing.exit_code, 0) << listing.err;
  size_t in_set_42 = 0;
  bool in_folder = false;
  for (const std::string& line : lines(listing.out)) {
    if (line.starts_with("/")) in_folder = line == "/folder-4/Set 42/:";
    else if (in_folder && line.find(" item-") != std::string::npos) ++in_set_42;
    else if (in_folder && line.find(" Item-") != std::string::npos) ++in_set_42;
  }
  EXPECT_EQ(in_set_42, 100u) << listing.out.substr(0, 3000);
}

}  // namespace
}  // namespace dm::e2e
