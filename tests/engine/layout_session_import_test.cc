// The session importer: trees laid out by us, by genisoimage and by xorriso are read back from an
// image file (the block device seam) and compared with what was staged — names, kinds, sizes,
// modes, times, link targets and the bytes at each imported extent. Then a second session is laid
// out from an imported tree and judged by xorriso and isoinfo told where that session starts.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <functional>
#include <map>

#include "engine/layout/iso_image.h"
#include "engine/layout/session_import.h"
#include "tests/engine/layout_test_support.h"

namespace dm::layout {
namespace {

namespace fs = std::filesystem;
using layout_test::fixedTime;
using layout_test::haveTool;
using layout_test::patternBytes;
using layout_test::quoted;
using layout_test::readFile;
using layout_test::run;
using layout_test::TempDir;
using layout_test::writeFile;
using Node = stage::FileTree::Node;

#define REQUIRE_TOOL(name) \
  if (!haveTool(name)) GTEST_SKIP() << name << " is not installed; this judge cannot run"

// A source folder with what an import must carry: nested folders, a long name, an empty file, a
// multi-block file, a symlink and a folder deeper than ISO 9660's eight levels.
void makeSource(const fs::path& root) {
  writeFile(root / "readme.txt", "hello, first session\n");
  writeFile(root / "docs" / "a file with a rather long name that ISO 9660 cannot hold.txt", "long\n");
  writeFile(root / "docs" / "empty.dat", "");
  writeFile(root / "data" / "blob.bin", patternBytes(7, 5 * 2048 + 100));
  writeFile(root / "a/b/c/d/e/f/g/h/i/deep.txt", "deep\n");
  fs::create_symlink("../readme.txt", root / "docs" / "link");
  ::chmod((root / "readme.txt").c_str(), 0640);
}

uint32_t le32Field(const std::vector<uint8_t>& bytes, size_t at) {
  return bytes[at] | bytes[at + 1] << 8 | bytes[at + 2] << 16 | uint32_t{bytes[at + 3]} << 24;
}

// Every path of the tree with what a reader sees of it.
std::map<std::string, std::string> describe(const Node& dir, const std::string& at = "") {
  std::map<std::string, std::string> out;
  for (const Node& c : dir.children) {
    const std::string path = at + "/" + c.name;
    if (c.isDirectory()) {
      out[path] = "dir";
      out.merge(describe(c, path));
    } else if (c.isSymlink()) {
      out[path] = "link -> " + c.link_target;
    } else {
      out[path] = "file " + std::to_string(c.size_bytes);
    }
  }
  return out;
}

// The bytes an imported file's extent holds, read through `read`.
std::vector<uint8_t> extentBytes(const BlockReader& read, const Node& file) {
  std::vector<uint8_t> out(((file.size_bytes + 2047) / 2048) * 2048);
  if (!out.empty()) {
    EXPECT_TRUE(read(*file.disc_lba, static_cast<uint32_t>(out.size() / 2048), out).ok());
  }
  out.resize(file.size_bytes);
  return out;
}

// Each imported file's extent holds the bytes of the same path under `source`.
void expectContents(const BlockReader& read, const Node& dir, const fs::path& source) {
  for (const Node& c : dir.children) {
    if (c.isDirectory()) expectContents(read, c, source / c.name);
    if (!c.isFile()) continue;
    ASSERT_TRUE(c.disc_lba.has_value()) << c.name;
    EXPECT_EQ(extentBytes(read, c), readFile(source / c.name)) << (source / c.name);
  }
}

class SessionImport : public ::testing::Test {
 protected:
  void SetUp() override {
    makeSource(tmp_ / "src");
    auto tree = stage::FileTree::fromFolder(tmp_ / "src");
    ASSERT_TRUE(tree.ok()) << tree.error().message();
    tree_ = *tree;
  }
  fs::path layOut(const stage::FileTree& tree, const std::string& name, uint32_t start = 0) {
    IsoOptions o;
    o.creation_time = fixedTime();
    o.volume_name = "SESSION";
    o.session_start = start;
    auto image = IsoImage::build(tree, o);
    EXPECT_TRUE(image.ok()) << image.error().message();
    const fs::path out = tmp_ / name;
    EXPECT_TRUE(image->writeTo(out).ok());
    return out;
  }
  TempDir tmp_;
  stage::FileTree tree_;
};

TEST_F(SessionImport, OurImageComesBackAsTheStagedTree) {
  const fs::path iso = layOut(tree_, "one.iso");
  const BlockReader read = imageFileReader(iso);
  auto session = importSession(read, 0);
  ASSERT_TRUE(session.ok()) << session.error().message();
  EXPECT_TRUE(session->rock_ridge);
  EXPECT_TRUE(session->joliet);
  EXPECT_EQ(session->volume_id, "SESSION");
  EXPECT_EQ(describe(session->tree.root()), describe(tree_.root()));
  // The relocation directory is gone; the deep folder is back where it was.
  EXPECT_EQ(session->tree.find("rr_moved"), nullptr);
  ASSERT_NE(session->tree.find("a/b/c/d/e/f/g/h/i/deep.txt"), nullptr);
  const Node* readme = session->tree.find("readme.txt");
  ASSERT_NE(readme, nullptr);
  EXPECT_EQ(readme->mode, 0640u);
  EXPECT_EQ(readme->mtime, tree_.find("readme.txt")->mtime);
  EXPECT_EQ(session->tree.find("docs")->mode, tree_.find("docs")->mode);
  expectContents(read, session->tree.root(), tmp_ / "src");
}

TEST_F(SessionImport, ASecondSessionKeepsTheOldExtentsAndReadersSeeBothTrees) {
  const fs::path one = layOut(tree_, "one.iso");
  const auto one_blocks = static_cast<uint32_t>(fs::file_size(one) / 2048);
  const uint32_t start = one_blocks + 150 + 6900;  // pad, then a lead-out and lead-in's worth
  auto session = importSession(imageFileReader(one), 0);
  ASSERT_TRUE(session.ok()) << session.error().message();

  writeFile(tmp_ / "new" / "second.txt", "second session\n");
  writeFile(tmp_ / "new" / "readme.txt", "replaced in the second session\n");
  auto incoming = stage::FileTree::fromFolder(tmp_ / "new");
  ASSERT_TRUE(incoming.ok());
  stage::FileTree merged = session->tree;
  ASSERT_TRUE(merged.merge(*incoming, /*overwrite=*/true).ok());
  const fs::path two = layOut(merged, "two.iso", start);
  // The second session is metadata and the new files only.
  EXPECT_LT(fs::file_size(two), fs::file_size(one));

  // The disc: session one, unwritten blocks, session two.
  const fs::path disc = tmp_ / "disc.img";
  fs::copy_file(one, disc);
  fs::resize_file(disc, uint64_t{start} * 2048);
  {
    std::ofstream out(disc, std::ios::binary | std::ios::app);
    const auto bytes = readFile(two);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
  const BlockReader read = imageFileReader(disc);
  auto again = importSession(read, start);
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(le32Field(again->primary_descriptor, 80), start + fs::file_size(two) / 2048)
      << "the volume space spans both sessions";
  const Node* blob = again->tree.find("data/blob.bin");
  ASSERT_NE(blob, nullptr);
  EXPECT_EQ(*blob->disc_lba, *session->tree.find("data/blob.bin")->disc_lba) << "old files keep their extents";
  EXPECT_LT(*blob->disc_lba, one_blocks);
  EXPECT_GE(*again->tree.find("second.txt")->disc_lba, start);

  // The tree readers see: old and new files, the overwritten one with its new bytes.
  fs::create_directories(tmp_ / "expect");
  fs::copy(tmp_ / "src", tmp_ / "expect", fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  fs::copy(tmp_ / "new", tmp_ / "expect", fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  expectContents(read, again->tree.root(), tmp_ / "expect");

  if (haveTool("xorriso")) {
    const fs::path out_dir = tmp_ / "xorriso-out";
    const auto x = run("xorriso -osirrox on -load sbsector " + std::to_string(start) + " -indev " + quoted(disc) +
                       " -extract / " + quoted(out_dir));
    ASSERT_EQ(x.exit_code, 0) << x.text;
    EXPECT_EQ(readFile(out_dir / "data" / "blob.bin"), readFile(tmp_ / "src" / "data" / "blob.bin"));
    EXPECT_EQ(readFile(out_dir / "readme.txt"), readFile(tmp_ / "new" / "readme.txt"));
    EXPECT_EQ(readFile(out_dir / "second.txt"), readFile(tmp_ / "new" / "second.txt"));
    EXPECT_EQ(fs::read_symlink(out_dir / "docs" / "link"), "../readme.txt");
    EXPECT_TRUE(fs::exists(out_dir / "a/b/c/d/e/f/g/h/i/deep.txt"));
  }
  if (haveTool("isoinfo")) {
    const auto l = run("isoinfo -R -l -T " + std::to_string(start) + " -i " + quoted(disc));
    EXPECT_NE(l.text.find("second.txt"), std::string::npos) << l.text;
    EXPECT_NE(l.text.find("blob.bin"), std::string::npos) << l.text;
    const auto j = run("isoinfo -J -l -T " + std::to_string(start) + " -i " + quoted(disc));
    EXPECT_NE(j.text.find("a file with a rather long name that ISO 9660 cannot hold.txt"), std::string::npos)
        << j.text;
  }
}

TEST_F(SessionImport, GenisoimageRockRidgeAndJolietImageImports) {
  REQUIRE_TOOL("genisoimage");
  const fs::path iso = tmp_ / "geniso.iso";
  const auto g = run("genisoimage -quiet -R -J -joliet-long -o " + quoted(iso) + " " + quoted(tmp_ / "src"));
  ASSERT_EQ(g.exit_code, 0) << g.text;
  const BlockReader read = imageFileReader(iso);
  auto session = importSession(read, 0);
  ASSERT_TRUE(session.ok()) << session.error().message();
  EXPECT_TRUE(session->rock_ridge);
  EXPECT_EQ(describe(session->tree.root()), describe(tree_.root()));
  EXPECT_EQ(session->tree.find("readme.txt")->mode, 0640u);
  expectContents(read, session->tree.root(), tmp_ / "src");
}

TEST_F(SessionImport, GenisoimageJolietOnlyImageImportsJolietNames) {
  REQUIRE_TOOL("genisoimage");
  fs::remove_all(tmp_ / "src" / "a");  // no Rock Ridge: keep within eight levels
  fs::remove(tmp_ / "src" / "docs" / "link");
  const fs::path iso = tmp_ / "joliet.iso";
  const auto g = run("genisoimage -quiet -J -joliet-long -o " + quoted(iso) + " " + quoted(tmp_ / "src"));
  ASSERT_EQ(g.exit_code, 0) << g.text;
  const BlockReader read = imageFileReader(iso);
  auto session = importSession(read, 0);
  ASSERT_TRUE(session.ok()) << session.error().message();
  EXPECT_FALSE(session->rock_ridge);
  auto tree = stage::FileTree::fromFolder(tmp_ / "src");
  ASSERT_TRUE(tree.ok());
  EXPECT_EQ(describe(session->tree.root()), describe(tree->root()));
  expectContents(read, session->tree.root(), tmp_ / "src");
}

TEST_F(SessionImport, XorrisoImageImports) {
  REQUIRE_TOOL("xorriso");
  const fs::path iso = tmp_ / "xorriso.iso";
  const auto x = run("xorriso -outdev " + quoted(iso) + " -joliet on -map " + quoted(tmp_ / "src") + " / -commit");
  ASSERT_EQ(x.exit_code, 0) << x.text;
  const BlockReader read = imageFileReader(iso);
  auto session = importSession(read, 0);
  ASSERT_TRUE(session.ok()) << session.error().message();
  EXPECT_TRUE(session->rock_ridge);
  EXPECT_EQ(describe(session->tree.root()), describe(tree_.root()));
  EXPECT_EQ(session->tree.find("readme.txt")->mode, 0640u);
  expectContents(read, session->tree.root(), tmp_ / "src");
}

TEST_F(SessionImport, AMultiExtentFileKeepsItsPartsInTheNextSession) {
  // 4 GiB + 1 MiB, mostly a hole: two parts at level 3, written sparse.
  const fs::path big_dir = tmp_ / "big";
  fs::create_directories(big_dir);
  const uint64_t size = (uint64_t{4} << 30) + (1u << 20);
  {
    std::ofstream f(big_dir / "huge.bin", std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size - 5));
    f.write("tail\n", 5);
  }
  auto tree = stage::FileTree::fromFolder(big_dir);
  ASSERT_TRUE(tree.ok());
  IsoOptions o;
  o.creation_time = fixedTime();
  o.iso_level = 3;
  auto one = IsoImage::build(*tree, o);
  ASSERT_TRUE(one.ok()) << one.error().message();
  ASSERT_TRUE(one->writeTo(tmp_ / "one.iso").ok());
  auto session = importSession(imageFileReader(tmp_ / "one.iso"), 0);
  ASSERT_TRUE(session.ok()) << session.error().message();
  const Node* huge = session->tree.find("huge.bin");
  ASSERT_NE(huge, nullptr);
  EXPECT_EQ(huge->size_bytes, size);

  // Session two refers to the same parts without writing them.
  o.session_start = one->totalBlocks() + 150;
  auto two = IsoImage::build(session->tree, o);
  ASSERT_TRUE(two.ok()) << two.error().message();
  EXPECT_LT(two->totalBlocks(), 100u);
  ASSERT_TRUE(two->writeTo(tmp_ / "two.iso").ok());
  auto again = importSession(imageFileReader(tmp_ / "two.iso", o.session_start), o.session_start);
  ASSERT_TRUE(again.ok()) << again.error().message();
  const Node* still = again->tree.find("huge.bin");
  ASSERT_NE(still, nullptr);
  EXPECT_EQ(still->size_bytes, size);
  EXPECT_EQ(*still->disc_lba, *huge->disc_lba);
  // Its last bytes are where session one put them.
  const uint64_t last_block = (size - 1) / 2048;
  std::vector<uint8_t> block(2048);
  ASSERT_TRUE(imageFileReader(tmp_ / "one.iso")(static_cast<uint32_t>(*still->disc_lba + last_block), 1, block).ok());
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(block.data()) + (size - 5) % 2048, 5), "tail\n");
}

TEST_F(SessionImport, ASessionWithoutIso9660IsNotAppendable) {
  writeFile(tmp_ / "zeros.img", std::vector<uint8_t>(40 * 2048, 0));
  auto session = importSession(imageFileReader(tmp_ / "zeros.img"), 0);
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.error().code(), ResultCode::kCannotWriteToMedia);
  EXPECT_NE(session.error().message().find("no ISO 9660 file system"), std::string::npos)
      << session.error().message();
}

TEST_F(SessionImport, ReadErrorsReachTheCaller) {
  const fs::path iso = layOut(tree_, "one.iso");
  fs::resize_file(iso, 18 * 2048);  // descriptors only: the root directory is gone
  auto session = importSession(imageFileReader(iso), 0);
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.error().code(), ResultCode::kFileAccess) << session.error().message();
}

}  // namespace
}  // namespace dm::layout
