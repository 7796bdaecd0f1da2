// IsoImage::writeTo copies files of 1 MiB and more by the kernel (copy_file_range into a regular
// image, sendfile into a pipe): the image must be byte for byte what readBlocks produces, with the
// zero padding of each file's last block, whatever the output; a sparse source stays sparse in a
// regular image; a source that changed is still refused naming the file.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <thread>

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

IsoOptions options() {
  IsoOptions o;
  o.volume_name = "KCOPY";
  o.creation_time = fixedTime();
  return o;
}

std::vector<uint8_t> blocksOf(const IsoImage& image) {
  std::vector<uint8_t> out(size_t{image.totalBlocks()} * 2048);
  EXPECT_TRUE(image.readBlocks(0, image.totalBlocks(), out).ok());
  return out;
}

class LayoutKernelCopy : public ::testing::Test {
 protected:
  void SetUp() override {
    // Sizes around the threshold and not multiples of 2048, between small files.
    writeFile(tmp_ / "src/a-small.txt", "small before");
    writeFile(tmp_ / "src/b-big.bin", patternBytes(1, (1u << 20) + 777));
    writeFile(tmp_ / "src/c-small.bin", patternBytes(2, 3000));
    writeFile(tmp_ / "src/d-big.bin", patternBytes(3, 3u << 20));
    writeFile(tmp_ / "src/e-under.bin", patternBytes(4, (1u << 20) - 1));
    Result<stage::FileTree> tree = stage::FileTree::fromFolder(tmp_ / "src");
    ASSERT_TRUE(tree.ok()) << tree.error().toString();
    tree_ = std::move(tree).value();
  }
  TempDir tmp_;
  stage::FileTree tree_;
};

TEST_F(LayoutKernelCopy, ARegularImageEqualsTheBlocks) {
  Result<IsoImage> image = IsoImage::build(tree_, options());
  ASSERT_TRUE(image.ok()) << image.error().toString();
  const fs::path iso = tmp_ / "out.iso";
  ASSERT_TRUE(image->writeTo(iso).ok());
  EXPECT_EQ(readFile(iso), blocksOf(*image));
}

TEST_F(LayoutKernelCopy, APipeGetsTheSameBytes) {
  Result<IsoImage> image = IsoImage::build(tree_, options());
  ASSERT_TRUE(image.ok());
  const fs::path fifo = tmp_ / "image.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::vector<uint8_t> received;
  std::thread reader([&] {
    FILE* f = std::fopen(fifo.c_str(), "rb");
    ASSERT_NE(f, nullptr);
    uint8_t buf[65536];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) received.insert(received.end(), buf, buf + n);
    std::fclose(f);
  });
  Status written = image->writeTo(fifo);
  reader.join();
  ASSERT_TRUE(written.ok()) << written.toString();
  EXPECT_EQ(received, blocksOf(*image));
}

TEST_F(LayoutKernelCopy, ASparseSourceStaysSparse) {
  const fs::path sparse = tmp_ / "src/f-sparse.bin";
  {
    const int fd = ::open(sparse.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::pwrite(fd, "end", 3, (64 << 20) - 3), 3);
    ::close(fd);
  }
  Result<stage::FileTree> tree = stage::FileTree::fromFolder(tmp_ / "src");
  ASSERT_TRUE(tree.ok());
  Result<IsoImage> image = IsoImage::build(*tree, options());
  ASSERT_TRUE(image.ok());
  const fs::path iso = tmp_ / "sparse.iso";
  ASSERT_TRUE(image->writeTo(iso).ok());
  struct stat st {};
  ASSERT_EQ(::stat(iso.c_str(), &st), 0);
  EXPECT_EQ(static_cast<uint64_t>(st.st_size), uint64_t{image->totalBlocks()} * 2048);
  EXPECT_LT(static_cast<uint64_t>(st.st_blocks) * 512, 16u << 20) << "the 64 MiB hole was written out";
  EXPECT_EQ(readFile(iso), blocksOf(*image));
}

TEST_F(LayoutKernelCopy, ABigSourceThatChangedIsRefusedNamingIt) {
  Result<IsoImage> image = IsoImage::build(tree_, options());
  ASSERT_TRUE(image.ok());
  const fs::path big = tmp_ / "src/d-big.bin";
  writeFile(big, patternBytes(3, (3u << 20) - 10));
  const fs::path iso = tmp_ / "out.iso";
  Status written = image->writeTo(iso);
  EXPECT_EQ(written.code(), ResultCode::kFileAccess) << written.toString();
  EXPECT_NE(written.message().find(big.string()), std::string::npos) << written.message();
  EXPECT_FALSE(fs::exists(iso));
}

}  // namespace
}  // namespace dm::layout
