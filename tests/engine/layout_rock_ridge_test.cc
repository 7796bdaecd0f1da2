// Rock Ridge as bytes: a small SUSP reader written from the SUSP/RRIP texts walks the image's
// ISO 9660 root and checks what the readers' judges cannot isolate — SP first in the root's ".",
// ER naming RRIP, every Continuation Area inside one block, a 255-byte name split over NM
// entries, a long symlink over SL entries, unique file serial numbers, and relocation (CL, PL, RE).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <map>
#include <set>

#include "engine/layout/iso_image.h"
#include "tests/engine/layout_test_support.h"

namespace dm::layout {
namespace {

namespace fs = std::filesystem;
using layout_test::TempDir;
using layout_test::writeFile;

uint32_t le32(const uint8_t* p) { return p[0] | (p[1] << 8) | (p[2] << 16) | (uint32_t{p[3]} << 24); }

struct SuspEntry {
  std::string sig;
  std::vector<uint8_t> bytes;  // the whole entry
};

class ImageReader {
 public:
  explicit ImageReader(const IsoImage& image) : image_(image) {}
  std::vector<uint8_t> block(uint32_t lba) const {
    std::vector<uint8_t> out(2048);
    EXPECT_TRUE(image_.readBlocks(lba, 1, out).ok());
    return out;
  }
  // The System Use entries of a record, following CE continuations.
  std::vector<SuspEntry> entries(const uint8_t* record) {
    const size_t len = record[0];
    const size_t id_len = record[32];
    const size_t su = 33 + id_len + (id_len % 2 == 0 ? 1 : 0);
    std::vector<uint8_t> area(record + su, record + len);
    std::vector<SuspEntry> out;
    for (int hops = 0; hops < 16; ++hops) {
      uint32_t ce_lba = 0, ce_off = 0, ce_len = 0;
      for (size_t i = 0; i + 4 <= area.size() && area[i + 2] >= 4;) {
        const size_t n = area[i + 2];
        EXPECT_LE(i + n, area.size());
        SuspEntry e{std::string(area.begin() + static_cast<long>(i), area.begin() + static_cast<long>(i) + 2),
                    std::vector<uint8_t>(area.begin() + static_cast<long>(i), area.begin() + static_cast<long>(i + n))};
        if (e.sig == "CE") {
          ce_lba = le32(&e.bytes[4]);
          ce_off = le32(&e.bytes[12]);
          ce_len = le32(&e.bytes[20]);
        } else {
          out.push_back(std::move(e));
        }
        i += n;
      }
      if (ce_len == 0) break;
      EXPECT_LE(ce_off + ce_len, 2048u) << "a Continuation Area crosses a block boundary";
      const std::vector<uint8_t> b = block(ce_lba);
      area.assign(b.begin() + ce_off, b.begin() + ce_off + ce_len);
    }
    return out;
  }
  // Records of the directory at `lba` (one block is enough for these tests).
  std::vector<std::vector<uint8_t>> records(uint32_t lba) {
    const std::vector<uint8_t> b = block(lba);
    std::vector<std::vector<uint8_t>> out;
    for (size_t i = 0; i < 2048 && b[i] != 0; i += b[i]) out.emplace_back(b.begin() + static_cast<long>(i), b.begin() + static_cast<long>(i + b[i]));
    return out;
  }

 private:
  const IsoImage& image_;
};

std::string nameOf(const std::vector<SuspEntry>& entries, int* nm_count = nullptr) {
  std::string name;
  int count = 0;
  for (const SuspEntry& e : entries)
    if (e.sig == "NM") {
      name.append(e.bytes.begin() + 5, e.bytes.end());
      ++count;
    }
  if (nm_count) *nm_count = count;
  return name;
}

// RRIP §4.1.3 as Linux reads it: a '/' after each component unless it continues.
std::string linkOf(const std::vector<SuspEntry>& entries) {
  std::string out;
  for (const SuspEntry& e : entries) {
    if (e.sig != "SL") continue;
    for (size_t i = 5; i + 2 <= e.bytes.size();) {
      const uint8_t flags = e.bytes[i], n = e.bytes[i + 1];
      if (flags & 0x08) out += "/";
      else if (flags & 0x02) out += "./";
      else if (flags & 0x04) out += "../";
      else {
        out.append(e.bytes.begin() + static_cast<long>(i + 2), e.bytes.begin() + static_cast<long>(i + 2 + n));
        if (!(flags & 0x01)) out += "/";
      }
      i += 2 + n;
    }
  }
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

TEST(LayoutRockRidge, SuspStructureNamesLinksAndSerialNumbers) {
  TempDir tmp;
  const std::string long_name(255, 'M');
  writeFile(tmp / "src" / long_name, "x");
  writeFile(tmp / "src/a.txt", "a");
  std::string target;
  for (int i = 0; i < 40; ++i) target += "component-" + std::to_string(i) + "/";
  target += "../end";
  std::filesystem::create_symlink(target, tmp / "src/link");
  Result<stage::FileTree> tree = stage::FileTree::fromFolder(tmp / "src");
  ASSERT_TRUE(tree.ok()) << tree.error().toString();
  IsoOptions options;
  options.creation_time = layout_test::fixedTime();
  Result<IsoImage> image = IsoImage::build(*tree, options);
  ASSERT_TRUE(image.ok()) << image.error().toString();

  ImageReader reader(*image);
  const std::vector<uint8_t> pvd = reader.block(16);
  const uint32_t root_lba = le32(&pvd[156 + 2]);
  const auto records = reader.records(root_lba);
  ASSERT_GE(records.size(), 5u);
  // SP first in the root's "." (SUSP §5.3), ER somewhere in its entries.
  const uint8_t* dot = records[0].data();
  ASSERT_GE(dot[0], 34 + 7);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(dot + 34), 2), "SP");
  EXPECT_EQ(dot[34 + 4], 0xBE);
  EXPECT_EQ(dot[34 + 5], 0xEF);
  bool er = false;
  for (const SuspEntry& e : reader.entries(dot))
    if (e.sig == "ER") er = std::string(e.bytes.begin() + 8, e.bytes.begin() + 8 + e.bytes[4]) == "IEEE_P1282";
  EXPECT_TRUE(er);

  std::map<std::string, std::vector<SuspEntry>> by_name;
  std::set<uint32_t> serials;
  for (size_t i = 2; i < records.size(); ++i) {
    EXPECT_EQ(records[i][0] % 2, 0) << "record lengths are even";
    const auto entries = reader.entries(records[i].data());
    by_name[nameOf(entries)] = entries;
    for (const SuspEntry& e : entries)
      if (e.sig == "PX") {
        ASSERT_EQ(e.bytes.size(), 44u);
        EXPECT_TRUE(serials.insert(le32(&e.bytes[36])).second) << "file serial numbers are unique";
      }
  }
  int nm_count = 0;
  ASSERT_TRUE(by_name.contains(long_name));
  nameOf(by_name[long_name], &nm_count);
  EXPECT_EQ(nm_count, 2) << "a 255-byte name needs two NM entries";
  ASSERT_TRUE(by_name.contains("link"));
  EXPECT_EQ(linkOf(by_name["link"]), target);
  for (const SuspEntry& e : by_name["link"]) {
    if (e.sig == "PX") {
      EXPECT_TRUE(S_ISLNK(le32(&e.bytes[4])));
    }
  }
}

// Readers disagree on a '/' between the last component of one SL entry and the first of the
// next, so no entry may end between two whole components: here five 48-byte components fill the
// first entry exactly.
TEST(LayoutRockRidge, SlEntriesNeverEndBetweenTwoComponents) {
  TempDir tmp;
  std::string target;
  for (int i = 0; i < 6; ++i) target += std::string(48, static_cast<char>('a' + i)) + "/";
  target += "end";
  fs::create_directories(tmp / "src");
  fs::create_symlink(target, tmp / "src/link");
  Result<stage::FileTree> tree = stage::FileTree::fromFolder(tmp / "src");
  ASSERT_TRUE(tree.ok());
  IsoOptions options;
  options.creation_time = layout_test::fixedTime();
  Result<IsoImage> image = IsoImage::build(*tree, options);
  ASSERT_TRUE(image.ok());
  ImageReader reader(*image);
  const auto records = reader.records(le32(&reader.block(16)[156 + 2]));
  ASSERT_EQ(records.size(), 3u);
  const auto entries = reader.entries(records[2].data());
  EXPECT_EQ(linkOf(entries), target);
  int sl = 0;
  for (const SuspEntry& e : entries) {
    if (e.sig != "SL") continue;
    ++sl;
    if (e.bytes[4] & 0x01) {  // continued: its last component must continue too
      size_t last = 5;
      for (size_t i = 5; i + 2 <= e.bytes.size(); i += 2 + e.bytes[i + 1]) last = i;
      EXPECT_TRUE(e.bytes[last] & 0x01) << "SL entry " << sl << " ends between two components";
    }
  }
  EXPECT_EQ(sl, 2);
}

TEST(LayoutRockRidge, DeepFoldersAreRelocatedWithClPlAndRe) {
  TempDir tmp;
  writeFile(tmp / "src/a/b/c/d/e/f/g/h/i/file.txt", "deep");
  Result<stage::FileTree> tree = stage::FileTree::fromFolder(tmp / "src");
  ASSERT_TRUE(tree.ok());
  IsoOptions options;
  options.creation_time = layout_test::fixedTime();
  Result<IsoImage> image = IsoImage::build(*tree, options);
  ASSERT_TRUE(image.ok()) << image.error().toString();
  options.rock_ridge = false;
  EXPECT_EQ(IsoImage::build(*tree, options).error().code(), ResultCode::kInvalidArgument);

  ImageReader reader(*image);
  const uint32_t root_lba = le32(&reader.block(16)[156 + 2]);
  // Walk a/b/…/g (levels 2–8): g holds "h" as a 0-byte record with CL.
  uint32_t lba = root_lba;
  uint32_t g_lba = 0;
  for (const char* name : {"a", "b", "c", "d", "e", "f", "g"}) {
    bool found = false;
    for (const auto& r : reader.records(lba))
      if (r[32] == 1 && r[33] == static_cast<uint8_t>(std::toupper(name[0]))) {
        lba = le32(&r[2]);
        found = true;
      }
    ASSERT_TRUE(found) << name;
    g_lba = lba;
  }
  uint32_t moved_lba = 0;
  for (const auto& r : reader.records(g_lba))
    for (const SuspEntry& e : reader.entries(r.data()))
      if (e.sig == "CL") {
        EXPECT_EQ(r[25] & 0x02, 0) << "the placeholder is not a directory record";
        moved_lba = le32(&e.bytes[4]);
      }
  ASSERT_NE(moved_lba, 0u);
  // The relocated directory: ".." has PL pointing back at g; its record in rr_moved has RE.
  const auto moved = reader.records(moved_lba);
  bool pl = false;
  for (const SuspEntry& e : reader.entries(moved[1].data()))
    if (e.sig == "PL") pl = le32(&e.bytes[4]) == g_lba;
  EXPECT_TRUE(pl);
  const uint32_t rr_moved_lba = le32(&moved[1][2]);
  bool re = false;
  for (const auto& r : reader.records(rr_moved_lba))
    for (const SuspEntry& e : reader.entries(r.data())) re = re || e.sig == "RE";
  EXPECT_TRUE(re);
}

TEST(LayoutRockRidge, JolietGetsUniqueStandInsForNamesItCannotHold) {
  TempDir tmp;
  const std::string stem(100, 'L');
  writeFile(tmp / "src" / (stem + ".txt"), "1");
  writeFile(tmp / "src" / (stem + ".dat"), "2");
  writeFile(tmp / "src/a:b?.txt", "3");
  Result<stage::FileTree> tree = stage::FileTree::fromFolder(tmp / "src");
  ASSERT_TRUE(tree.ok()) << tree.error().toString();
  IsoOptions options;
  options.creation_time = layout_test::fixedTime();
  Result<IsoImage> image = IsoImage::build(*tree, options);
  ASSERT_TRUE(image.ok()) << image.error().toString();
  ImageReader reader(*image);
  const std::vector<uint8_t> svd = reader.block(17);
  ASSERT_EQ(svd[0], 2);  // the Joliet SVD
  std::set<std::string> names;
  for (const auto& r : reader.records(le32(&svd[156 + 2]))) {
    if (r[32] == 1) continue;  // "." and ".."
    ASSERT_LE(r[32], 128) << "Joliet identifiers hold at most 64 UCS-2 characters";
    std::string ascii;
    for (size_t i = 33; i + 1 < 33u + r[32]; i += 2) ascii += static_cast<char>(r[i + 1]);
    names.insert(ascii);
  }
  EXPECT_EQ(names, (std::set<std::string>{std::string(64, 'L'), std::string(62, 'L') + "_1", "a_b_.txt"}));

  options.rock_ridge = false;  // without Rock Ridge the same names cannot be written
  EXPECT_EQ(IsoImage::build(*tree, options).error().code(), ResultCode::kBadJolietName);
}

}  // namespace
}  // namespace dm::layout
