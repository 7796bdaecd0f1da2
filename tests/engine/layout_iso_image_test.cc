// IsoImage read back by an independent reader, libiso9660 (libcdio): both hierarchies, file
// contents, sizes, the PVD, multi-block directories, on-demand reads against the written file,
// and the errors of a source that changed after staging (engine/layout/iso_image.h).
#include <cdio/iso9660.h>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "engine/layout/iso_image.h"
#include "tests/engine/layout_test_support.h"

namespace dm::layout {
namespace {

using layout_test::fixedTime;
using layout_test::patternBytes;
using layout_test::readFile;
using layout_test::TempDir;
using layout_test::writeFile;
namespace fs = std::filesystem;

struct Entry {
  std::string name;
  bool directory = false;
  uint32_t lsn = 0;
  uint32_t size = 0;
};

struct IsoCloser {
  void operator()(iso9660_t* iso) const { iso9660_close(iso); }
};
using IsoHandle = std::unique_ptr<iso9660_t, IsoCloser>;

IsoHandle openIso(const fs::path& path, bool joliet) {
  return IsoHandle(iso9660_open_ext(path.c_str(), joliet ? ISO_EXTENSION_JOLIET_LEVEL3 : 0));
}

// The entries of a directory, without "." and "..".
std::vector<Entry> listDir(iso9660_t* iso, const std::string& path) {
  std::vector<Entry> out;
  CdioList_t* list = iso9660_ifs_readdir(iso, path.c_str());
  if (list == nullptr) return out;
  for (CdioListNode_t* node = _cdio_list_begin(list); node; node = _cdio_list_node_next(node)) {
    const auto* st = static_cast<const iso9660_stat_t*>(_cdio_list_node_data(node));
    const std::string name = st->filename;
    if (name == "." || name == "..") continue;
    out.push_back(Entry{name, st->type == iso9660_stat_s::_STAT_DIR, static_cast<uint32_t>(st->lsn),
                        st->size});
  }
  iso9660_filelist_free(list);
  return out;
}

std::vector<uint8_t> readExtent(iso9660_t* iso, uint32_t lsn, uint32_t size) {
  const uint32_t blocks = (size + 2047) / 2048;
  std::vector<uint8_t> data(size_t{blocks} * 2048);
  if (blocks > 0) {
    const long got = iso9660_iso_seek_read(iso, data.data(), lsn, blocks);
    if (got != static_cast<long>(data.size())) return {};
  }
  data.resize(size);
  return data;
}

// The source tree every test reads: nested folders, an empty file, a 3 MB pattern, non-ASCII
// names, names that collide after ISO mangling, and a folder of 100 long names.
class LayoutIsoImage : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new TempDir();
    const fs::path src = *tmp_ / "src";
    writeFile(src / "docs/readme.md", "# read me\n");
    writeFile(src / "docs/日本.txt", "nihon");
    writeFile(src / "docs/guides/advanced/tips.txt", "deep tips\n");
    writeFile(src / "empty.bin", "");
    writeFile(src / "data/big.bin", patternBytes(42, 3 * 1024 * 1024 + 17));
    writeFile(src / "café.txt", "café au lait");
    writeFile(src / "über/straße.txt", "Straße");
    writeFile(src / "日本語/ファイル.txt", "日本語のテキスト");
    writeFile(src / "report.txt", "lower");
    writeFile(src / "Report.txt", "capital");
    writeFile(src / "REPORT.txt", "upper");
    for (int i = 0; i < 100; ++i)
      writeFile(
          src / "many" / fmt::format("a rather long common prefix for every file {:03}.txt", i),
          fmt::format("file {}", i));
    Result<stage::FileTree> tree = stage::FileTree::fromFolder(src);
    ASSERT_TRUE(tree.ok()) << tree.error().toString();
    tree_ = new stage::FileTree(std::move(tree).value());
    IsoOptions options;
    options.volume_name = "Test Vol é";
    options.creation_time = fixedTime();
    options.publisher = "discmaster tests";
    options.rock_ridge = false;  // libiso9660 would show the Rock Ridge names instead of ours
    Result<IsoImage> image = IsoImage::build(*tree_, options);
    ASSERT_TRUE(image.ok()) << image.error().toString();
    image_ = new IsoImage(std::move(image).value());
    iso_path_ = *tmp_ / "image.iso";
    Status written = image_->writeTo(iso_path_);
    ASSERT_TRUE(written.ok()) << written.toString();
  }
  static void TearDownTestSuite() {
    delete image_;
    delete tree_;
    delete tmp_;
  }

  // Every file below `dir` of the source, as "/relative/path" → absolute path.
  static std::map<std::string, fs::path> sourceFiles() {
    std::map<std::string, fs::path> out;
    const fs::path src = *tmp_ / "src";
    for (const auto& e : fs::recursive_directory_iterator(src))
      if (e.is_regular_file()) out["/" + fs::relative(e.path(), src).string()] = e.path();
    return out;
  }

  static TempDir* tmp_;
  static stage::FileTree* tree_;
  static IsoImage* image_;
  static fs::path iso_path_;
};

TempDir* LayoutIsoImage::tmp_ = nullptr;
stage::FileTree* LayoutIsoImage::tree_ = nullptr;
IsoImage* LayoutIsoImage::image_ = nullptr;
fs::path LayoutIsoImage::iso_path_;

// libcdio 2.1.0 keeps at most as many bytes of a Joliet name's UTF-8 form as the name has UCS-2
// bytes on disc (_iso9660_dir_to_statbuf sizes the name from the record), so it truncates names
// like "日本語" (9 UTF-8 bytes, 6 UCS-2 bytes) — for genisoimage's images too. Such paths are
// checked by the bsdtar and xorriso judges (layout_judges_test.cc) instead.
bool libcdioCanSpell(const std::string& path) {
  size_t start = 0;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string part = path.substr(start, end - start);
    size_t units = 0;
    for (unsigned char c : part) units += (c & 0xC0) != 0x80;  // one unit per BMP code point
    if (part.size() > 2 * units) return false;
    start = end + 1;
  }
  return true;
}

TEST_F(LayoutIsoImage, JolietHierarchyHoldsEveryFileWithItsContent) {
  IsoHandle iso = openIso(iso_path_, true);
  ASSERT_TRUE(iso);
  EXPECT_EQ(iso9660_ifs_get_joliet_level(iso.get()), 3);

  std::set<std::string> root;
  for (const Entry& e : listDir(iso.get(), "/")) root.insert(e.name);
  EXPECT_EQ(root.size(), 10u);
  for (const char* name : {"REPORT.txt", "Report.txt", "café.txt", "data", "docs", "empty.bin",
                           "many", "report.txt", "über"})
    EXPECT_TRUE(root.count(name)) << name << " missing from the Joliet root";
  EXPECT_EQ(listDir(iso.get(), "/many").size(), 100u);

  size_t checked = 0;
  size_t left_to_other_judges = 0;
  for (const auto& [rel, path] : sourceFiles()) {
    if (!libcdioCanSpell(rel)) {
      ++left_to_other_judges;
      continue;
    }
    iso9660_stat_t* st = iso9660_ifs_stat_translate(iso.get(), rel.c_str());
    ASSERT_NE(st, nullptr) << rel << " is missing from the Joliet tree";
    const std::vector<uint8_t> expected = readFile(path);
    EXPECT_EQ(st->size, expected.size()) << rel;
    EXPECT_LT(st->lsn, image_->totalBlocks()) << rel;
    EXPECT_TRUE(readExtent(iso.get(), st->lsn, st->size) == expected) << rel << " differs";
    iso9660_stat_free(st);
    ++checked;
  }
  EXPECT_EQ(left_to_other_judges, 1u);  // 日本語/ファイル.txt
  EXPECT_EQ(checked + left_to_other_judges, image_->fileCount());
  EXPECT_EQ(image_->fileCount(), 111u);     // 11 named files and 100 in many/
  EXPECT_EQ(image_->directoryCount(), 7u);  // docs guides advanced data über 日本語 many
}

TEST_F(LayoutIsoImage, PrimaryHierarchyHasUniqueConformingNamesOverTheSameData) {
  IsoHandle iso = openIso(iso_path_, false);
  IsoHandle joliet = openIso(iso_path_, true);
  ASSERT_TRUE(iso && joliet);
  EXPECT_EQ(iso9660_ifs_get_joliet_level(iso.get()), 0);

  std::map<std::string, Entry> root;
  for (const Entry& e : listDir(iso.get(), "/")) root[e.name] = e;
  for (const char* name : {"REPORT.TXT;1", "REPORT_1.TXT;1", "REPORT_2.TXT;1", "CAF_.TXT;1",
                           "EMPTY.BIN;1", "DATA", "DOCS", "MANY", "_BER", "___"})
    EXPECT_TRUE(root.count(name)) << name << " missing from the ISO 9660 root";

  // Walk the whole primary tree: d-characters only, unique per directory, limits kept.
  size_t files = 0;
  std::vector<std::string> pending{"/"};
  while (!pending.empty()) {
    const std::string dir = pending.back();
    pending.pop_back();
    std::set<std::string> seen;
    for (const Entry& e : listDir(iso.get(), dir)) {
      EXPECT_TRUE(seen.insert(e.name).second) << dir << e.name << " duplicated";
      const std::string base = e.directory ? e.name : e.name.substr(0, e.name.size() - 2);
      if (!e.directory) {
        EXPECT_EQ(e.name.substr(e.name.size() - 2), ";1") << e.name;
      }
      EXPECT_LE(base.size(), 31u) << e.name;  // folders ≤ 31; files name + '.' + ext ≤ 31
      for (char c : base)
        EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    (c == '.' && !e.directory))
            << "'" << e.name << "' is not d-characters";
      if (e.directory) {
        pending.push_back(dir + e.name + "/");
      } else {
        ++files;
      }
    }
  }
  EXPECT_EQ(files, image_->fileCount());

  // The ISO record and the Joliet record of a file point at the same extent: data stored once.
  iso9660_stat_t* big_iso = iso9660_ifs_stat_translate(iso.get(), "/DATA/BIG.BIN;1");
  iso9660_stat_t* big_joliet = iso9660_ifs_stat_translate(joliet.get(), "/data/big.bin");
  ASSERT_NE(big_iso, nullptr);
  ASSERT_NE(big_joliet, nullptr);
  EXPECT_EQ(big_iso->lsn, big_joliet->lsn);
  EXPECT_EQ(big_iso->size, 3u * 1024 * 1024 + 17);
  iso9660_stat_free(big_iso);
  iso9660_stat_free(big_joliet);
}

TEST_F(LayoutIsoImage, TotalBlocksIsExactAndMatchesThePvd) {
  EXPECT_EQ(fs::file_size(iso_path_), uint64_t{image_->totalBlocks()} * 2048);
  IsoHandle iso = openIso(iso_path_, true);
  ASSERT_TRUE(iso);
  iso9660_pvd_t pvd;
  ASSERT_TRUE(iso9660_ifs_read_pvd(iso.get(), &pvd));
  EXPECT_EQ(iso9660_get_pvd_space_size(&pvd), static_cast<int>(image_->totalBlocks()));
  EXPECT_EQ(iso9660_get_pvd_block_size(&pvd), 2048);
  char* volume = iso9660_get_volume_id(&pvd);
  ASSERT_NE(volume, nullptr);
  EXPECT_EQ(std::string(volume), "TEST_VOL__");
  EXPECT_EQ(image_->isoVolumeId(), "TEST_VOL__");
  free(volume);
  char* joliet_volume = nullptr;
  ASSERT_TRUE(iso9660_ifs_get_volume_id(iso.get(), &joliet_volume));
  EXPECT_EQ(std::string(joliet_volume), "Test Vol é");
  free(joliet_volume);
  EXPECT_EQ(image_->volumeName(), "Test Vol é");
}

TEST_F(LayoutIsoImage, ReadBlocksProducesTheSameBytesAsWriteTo) {
  const std::vector<uint8_t> file = readFile(iso_path_);
  const uint32_t total = image_->totalBlocks();
  const std::pair<uint32_t, uint32_t> ranges[] = {
      {0, 1},    {16, 3}, {0, 40}, {total / 2 - 7, 50}, {total - 1, 1}, {total - 300, 300},
      {0, total}};
  for (const auto& [lba, count] : ranges) {
    std::vector<uint8_t> out(size_t{count} * 2048);
    Status status = image_->readBlocks(lba, count, out);
    ASSERT_TRUE(status.ok()) << status.toString();
    EXPECT_TRUE(std::equal(out.begin(), out.end(), file.begin() + size_t{lba} * 2048))
        << "blocks " << lba << "+" << count << " differ from the written image";
  }
  std::vector<uint8_t> out(4096);
  EXPECT_EQ(image_->readBlocks(total - 1, 2, out).code(), ResultCode::kInvalidArgument);
  EXPECT_EQ(image_->readBlocks(0, 3, out).code(), ResultCode::kInvalidArgument);
  EXPECT_TRUE(image_->readBlocks(total, 0, out).ok());
}

TEST_F(LayoutIsoImage, LargeDirectoriesSpanBlocksWithoutSplittingRecords) {
  IsoHandle iso = openIso(iso_path_, true);
  ASSERT_TRUE(iso);
  iso9660_stat_t* many = iso9660_ifs_stat_translate(iso.get(), "/many");
  ASSERT_NE(many, nullptr);
  const uint32_t lsn = many->lsn;
  const uint32_t size = many->size;
  iso9660_stat_free(many);
  ASSERT_GT(size, 2048u) << "100 long Joliet names must need several blocks";
  ASSERT_EQ(size % 2048, 0u);

  // Walk the raw extent: every record even-length and inside its block, zeros after the last.
  std::vector<uint8_t> extent(size);
  ASSERT_TRUE(image_->readBlocks(lsn, size / 2048, extent).ok());
  size_t records = 0;
  for (size_t block = 0; block < size / 2048; ++block) {
    size_t offset = 0;
    const uint8_t* b = extent.data() + block * 2048;
    while (offset < 2048 && b[offset] != 0) {
      const uint8_t len = b[offset];
      EXPECT_EQ(len % 2, 0) << "odd record length";
      EXPECT_LE(offset + len, 2048u) << "record crosses a block boundary";
      offset += len;
      ++records;
    }
    for (; offset < 2048; ++offset) ASSERT_EQ(b[offset], 0) << "garbage after the last record";
  }
  EXPECT_EQ(records, 102u);  // ".", ".." and 100 files
}

TEST_F(LayoutIsoImage, PathTablesAreOrderedAndAgree) {
  std::vector<uint8_t> pvd(2048);
  ASSERT_TRUE(image_->readBlocks(16, 1, pvd).ok());
  const uint32_t size = pvd[132] | pvd[133] << 8 | pvd[134] << 16 | uint32_t{pvd[135]} << 24;
  const uint32_t l_lba = pvd[140] | pvd[141] << 8 | pvd[142] << 16 | uint32_t{pvd[143]} << 24;
  const uint32_t m_lba = uint32_t{pvd[148]} << 24 | pvd[149] << 16 | pvd[150] << 8 | pvd[151];
  std::vector<uint8_t> l(2048), m(2048);
  ASSERT_LE(size, 2048u);
  ASSERT_TRUE(image_->readBlocks(l_lba, 1, l).ok());
  ASSERT_TRUE(image_->readBlocks(m_lba, 1, m).ok());
  std::vector<std::pair<uint16_t, std::string>> order;  // (parent, identifier)
  for (size_t off = 0; off < size;) {
    const uint8_t len = l[off];
    ASSERT_EQ(m[off], len);
    EXPECT_EQ(l[off + 2], m[off + 5]);  // location, L vs M byte order
    EXPECT_EQ(l[off + 6], m[off + 7]);  // parent number
    order.emplace_back(static_cast<uint16_t>(l[off + 6] | l[off + 7] << 8),
                       std::string(reinterpret_cast<const char*>(&l[off + 8]), len));
    off += 8 + len + (len % 2);
  }
  ASSERT_EQ(order.size(), image_->directoryCount() + 1);
  EXPECT_EQ(order[0], (std::pair<uint16_t, std::string>{1, std::string(1, '\0')}));
  for (size_t i = 2; i < order.size(); ++i)  // §6.9.1: by parent number, then identifier
    EXPECT_TRUE(order[i - 1].first < order[i].first ||
                (order[i - 1].first == order[i].first && order[i - 1].second < order[i].second))
        << order[i - 1].second << " before " << order[i].second;
}

TEST_F(LayoutIsoImage, EmptyFileHasSizeZeroAndALocationInsideTheVolume) {
  IsoHandle iso = openIso(iso_path_, true);
  ASSERT_TRUE(iso);
  iso9660_stat_t* st = iso9660_ifs_stat_translate(iso.get(), "/empty.bin");
  ASSERT_NE(st, nullptr);
  EXPECT_EQ(st->size, 0u);
  EXPECT_GT(st->lsn, 18u);
  EXPECT_LT(st->lsn, image_->totalBlocks());
  iso9660_stat_free(st);
}

TEST_F(LayoutIsoImage, BuildIsDeterministic) {
  IsoOptions options;
  options.volume_name = "Test Vol é";
  options.creation_time = fixedTime();
  options.publisher = "discmaster tests";
  options.rock_ridge = false;
  Result<IsoImage> again = IsoImage::build(*tree_, options);
  ASSERT_TRUE(again.ok());
  const fs::path second = *tmp_ / "again.iso";
  ASSERT_TRUE(again->writeTo(second).ok());
  EXPECT_TRUE(readFile(second) == readFile(iso_path_)) << "two builds of one tree differ";
  fs::remove(second);
}

}  // namespace
}  // namespace dm::layout
