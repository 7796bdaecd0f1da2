// IsoImage errors and edge cases: sources that changed or vanished after staging, unusable
// options, the default volume name, and an empty tree (engine/layout/iso_image.h).
#include <cdio/iso9660.h>
#include <gtest/gtest.h>

#include "engine/layout/iso_image.h"
#include "tests/engine/layout_test_support.h"

namespace dm::layout {
namespace {

using layout_test::fixedTime;
using layout_test::patternBytes;
using layout_test::TempDir;
using layout_test::writeFile;
namespace fs = std::filesystem;

IsoOptions defaultOptions() {
  IsoOptions options;
  options.volume_name = "ERRORS";
  options.creation_time = fixedTime();
  return options;
}

class LayoutIsoImageErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    writeFile(tmp_ / "src/keep.txt", "stays the same");
    writeFile(tmp_ / "src/sub/changing.bin", patternBytes(3, 5000));
    Result<stage::FileTree> tree = stage::FileTree::fromFolder(tmp_ / "src");
    ASSERT_TRUE(tree.ok()) << tree.error().toString();
    tree_ = std::move(tree).value();
  }
  TempDir tmp_;
  stage::FileTree tree_;
};

TEST_F(LayoutIsoImageErrors, SourceThatChangedSizeIsFileAccessNamingTheFile) {
  Result<IsoImage> image = IsoImage::build(tree_, defaultOptions());
  ASSERT_TRUE(image.ok());
  const fs::path changing = tmp_ / "src/sub/changing.bin";
  writeFile(changing, patternBytes(3, 7000));  // grew after staging

  std::vector<uint8_t> out(size_t{image->totalBlocks()} * 2048);
  EXPECT_TRUE(image->readBlocks(0, 19, out).ok()) << "metadata does not touch the sources";
  Status status = image->readBlocks(0, image->totalBlocks(), out);
  EXPECT_EQ(status.code(), ResultCode::kFileAccess) << status.toString();
  EXPECT_NE(status.message().find(changing.string()), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("5000"), std::string::npos) << status.message();
  EXPECT_EQ(status.context().file, changing.string());
  EXPECT_TRUE(status.context().lba.has_value());

  const fs::path iso = tmp_ / "out.iso";
  Status written = image->writeTo(iso);
  EXPECT_EQ(written.code(), ResultCode::kFileAccess);
  EXPECT_FALSE(fs::exists(iso)) << "a failed writeTo must not leave a partial image";
}

TEST_F(LayoutIsoImageErrors, SourceThatVanishedIsFileAccessNamingTheFile) {
  Result<IsoImage> image = IsoImage::build(tree_, defaultOptions());
  ASSERT_TRUE(image.ok());
  const fs::path changing = tmp_ / "src/sub/changing.bin";
  fs::remove(changing);
  Status status = image->writeTo(tmp_ / "out.iso");
  EXPECT_EQ(status.code(), ResultCode::kFileAccess);
  EXPECT_NE(status.message().find(changing.string()), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("No such file or directory"), std::string::npos);
}

TEST_F(LayoutIsoImageErrors, UnwritableDestinationIsFileAccess) {
  Result<IsoImage> image = IsoImage::build(tree_, defaultOptions());
  ASSERT_TRUE(image.ok());
  Status status = image->writeTo(tmp_ / "no/such/folder/out.iso");
  EXPECT_EQ(status.code(), ResultCode::kFileAccess);
  EXPECT_NE(status.message().find("out.iso"), std::string::npos);
}

TEST_F(LayoutIsoImageErrors, RefusesUnusableOptions) {
  IsoOptions options = defaultOptions();
  options.volume_name = std::string(17, 'v');
  Result<IsoImage> too_long = IsoImage::build(tree_, options);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code(), ResultCode::kInvalidArgument);
  EXPECT_NE(too_long.error().message().find("volume name"), std::string::npos);

  options.volume_name = std::string(16, 'v');
  EXPECT_TRUE(IsoImage::build(tree_, options).ok());

  options.volume_name = "party \xF0\x9F\x8E\x89";  // outside the BMP
  EXPECT_EQ(IsoImage::build(tree_, options).status().code(), ResultCode::kInvalidArgument);

  options = defaultOptions();
  options.publisher = std::string(65, 'p');
  EXPECT_EQ(IsoImage::build(tree_, options).status().code(), ResultCode::kInvalidArgument);

  options = defaultOptions();
  options.creation_time = std::chrono::sys_days{std::chrono::year{1850} / 1 / 1};
  Result<IsoImage> old = IsoImage::build(tree_, options);
  EXPECT_EQ(old.status().code(), ResultCode::kInvalidArgument);
}

TEST_F(LayoutIsoImageErrors, EmptyVolumeNameDefaultsToTheCreationDate) {
  IsoOptions options = defaultOptions();
  options.volume_name.clear();
  Result<IsoImage> image = IsoImage::build(tree_, options);
  ASSERT_TRUE(image.ok());
  EXPECT_EQ(image->volumeName(), "2024_03_01");
  EXPECT_EQ(image->isoVolumeId(), "2024_03_01");
}

TEST(LayoutIsoImageEmpty, AnEmptyTreeMakesAValidEmptyVolume) {
  TempDir tmp;
  Result<IsoImage> image = IsoImage::build(stage::FileTree(), defaultOptions());
  ASSERT_TRUE(image.ok()) << image.error().toString();
  // 16 system area + 3 descriptors + 4 path table blocks + 2 root directories + the Rock Ridge
  // continuation block the root's SP/PX/TF/ER overflow into.
  EXPECT_EQ(image->totalBlocks(), 26u);
  IsoOptions plain = defaultOptions();
  plain.rock_ridge = false;
  EXPECT_EQ(IsoImage::build(stage::FileTree(), plain)->totalBlocks(), 25u);
  EXPECT_EQ(image->fileCount(), 0u);
  EXPECT_EQ(image->directoryCount(), 0u);
  const fs::path iso = tmp / "empty.iso";
  ASSERT_TRUE(image->writeTo(iso).ok());
  iso9660_t* reader = iso9660_open_ext(iso.c_str(), ISO_EXTENSION_JOLIET_LEVEL3);
  ASSERT_NE(reader, nullptr);
  CdioList_t* list = iso9660_ifs_readdir(reader, "/");
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(_cdio_list_length(list), 2u);  // "." and ".."
  iso9660_filelist_free(list);
  iso9660_close(reader);
}

}  // namespace
}  // namespace dm::layout
