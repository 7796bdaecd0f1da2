// The stash: content frozen at add time, one holder at a time, and failed adds (no room, a copy
// error, a cancel) that leave nothing behind while earlier adds stay.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/stage/stash.h"
#include "tests/engine/layout_test_support.h"

namespace dm::stage {
namespace {

using layout_test::readFile;
using layout_test::TempDir;
using layout_test::writeFile;
namespace fs = std::filesystem;

size_t frozenFilesIn(const fs::path& dir) {
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.path().filename().string().rfind("frozen-", 0) == 0;
  return n;
}

// The real file system, with knobs: report little free space, pretend copies are reflinks, or
// fail the n-th copy with a given code.
class FakeFileSystem final : public StashFileSystem {
 public:
  uint64_t free_bytes = UINT64_MAX;
  bool pretend_reflink = false;
  int fail_copy_number = -1;
  ResultCode failure = ResultCode::kNotEnoughDiskForStash;
  int copies = 0;

  Result<uint64_t> freeBytes(const fs::path&) override { return free_bytes; }
  Result<uint64_t> cloneOrCopy(const fs::path& from, const fs::path& to, bool& cloned) override {
    if (++copies == fail_copy_number) {
      writeFile(to, "partial");  // a failed copy leaves a partial file, as a full disk does
      return Status(failure, "cannot write the stash copy: No space left on device");
    }
    auto r = realStashFileSystem().cloneOrCopy(from, to, cloned);
    if (pretend_reflink) cloned = true;
    return r;
  }
  // Appends fail once the stash would hold more than `append_limit` bytes in all, as a full disk.
  uint64_t append_limit = UINT64_MAX;
  uint64_t appended = 0;
  Status append(const fs::path& to, std::span<const uint8_t> bytes) override {
    if (appended + bytes.size() > append_limit) {
      return Status(ResultCode::kNotEnoughDiskForStash, "cannot write the stash file: No space left on device");
    }
    appended += bytes.size();
    return realStashFileSystem().append(to, bytes);
  }
};

class StashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    src_ = tmp_.path() / "src";
    writeFile(src_ / "a.txt", "alpha");
    writeFile(src_ / "docs" / "b.txt", "bravo bravo");
    writeFile(src_ / "docs" / "c.bin", std::string(5000, 'c'));
    stash_dir_ = tmp_.path() / "stash";
  }
  FileTree tree() {
    auto t = FileTree::fromFolder(src_);
    EXPECT_TRUE(t.ok()) << t.error().toString();
    return *t;
  }
  TempDir tmp_;
  fs::path src_, stash_dir_;
};

TEST_F(StashTest, FrozenContentDoesNotFollowTheSource) {
  auto stash = Stash::open(stash_dir_);
  ASSERT_TRUE(stash.ok()) << stash.error().toString();
  auto frozen = stash->freeze(tree());
  ASSERT_TRUE(frozen.ok()) << frozen.error().toString();

  writeFile(src_ / "a.txt", "ALPHA");  // same size, new bytes
  fs::remove(src_ / "docs" / "b.txt");
  const FileTree::Node* a = frozen->find("a.txt");
  const FileTree::Node* b = frozen->find("docs/b.txt");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(a->source.parent_path(), stash_dir_);
  const auto a_bytes = readFile(a->source);
  EXPECT_EQ(std::string(a_bytes.begin(), a_bytes.end()), "alpha");
  const auto b_bytes = readFile(b->source);
  EXPECT_EQ(std::string(b_bytes.begin(), b_bytes.end()), "bravo bravo");
  EXPECT_EQ(frozen->fileCount(), 3u);
  EXPECT_EQ(frozen->totalBytes(), 5u + 11 + 5000);
  EXPECT_EQ(stash->frozenFiles(), 3u);
}

TEST_F(StashTest, SecondHolderIsStashInUseEvenFromAnotherProcess) {
  auto first = Stash::open(stash_dir_);
  ASSERT_TRUE(first.ok());
  auto second = Stash::open(stash_dir_);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code(), ResultCode::kStashInUse);
  EXPECT_NE(second.error().message().find(stash_dir_.string()), std::string::npos);

  const pid_t child = fork();
  if (child == 0) {
    auto other = Stash::open(stash_dir_);
    _exit(!other.ok() && other.error().code() == ResultCode::kStashInUse ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "another process could open a held stash";
}

TEST_F(StashTest, ReleasedStashCanBeReopenedAndOrphansAreRemoved) {
  {
    auto stash = Stash::open(stash_dir_);
    ASSERT_TRUE(stash.ok());
    ASSERT_TRUE(stash->freeze(tree()).ok());
    EXPECT_EQ(frozenFilesIn(stash_dir_), 3u);
  }
  auto again = Stash::open(stash_dir_);
  ASSERT_TRUE(again.ok()) << again.error().toString();
  EXPECT_EQ(frozenFilesIn(stash_dir_), 0u);
}

TEST_F(StashTest, NoRoomIsNotEnoughDiskAndKeepsEarlierAdds) {
  FakeFileSystem fake;
  auto stash = Stash::open(stash_dir_, &fake);
  ASSERT_TRUE(stash.ok());
  ASSERT_TRUE(stash->freeze(tree()).ok());
  fake.free_bytes = 100;
  auto second = stash->freeze(tree());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code(), ResultCode::kNotEnoughDiskForStash);
  EXPECT_NE(second.error().message().find("has 100 bytes free; staging needs 5016"), std::string::npos)
      << second.error().message();
  EXPECT_EQ(frozenFilesIn(stash_dir_), 3u);  // the first add is intact, nothing of the second
}

TEST_F(StashTest, ReflinksNeedNoRoom) {
  FakeFileSystem fake;
  fake.free_bytes = 0;
  fake.pretend_reflink = true;
  auto stash = Stash::open(stash_dir_, &fake);
  ASSERT_TRUE(stash.ok());
  EXPECT_TRUE(stash->freeze(tree()).ok());
}

TEST_F(StashTest, DiskFullMidwayRemovesEveryCopyOfThatAdd) {
  FakeFileSystem fake;
  fake.fail_copy_number = 3;
  auto stash = Stash::open(stash_dir_, &fake);
  ASSERT_TRUE(stash.ok());
  auto frozen = stash->freeze(tree());
  ASSERT_FALSE(frozen.ok());
  EXPECT_EQ(frozen.error().code(), ResultCode::kNotEnoughDiskForStash);
  EXPECT_EQ(frozenFilesIn(stash_dir_), 0u);
  EXPECT_EQ(stash->frozenFiles(), 0u);
}

TEST_F(StashTest, UnreadableSourceNamesTheFileAndLeavesNothing) {
  auto stash = Stash::open(stash_dir_);
  ASSERT_TRUE(stash.ok());
  FileTree t = tree();
  fs::remove(src_ / "docs" / "c.bin");  // vanishes between scan and freeze
  auto frozen = stash->freeze(t);
  ASSERT_FALSE(frozen.ok());
  EXPECT_EQ(frozen.error().code(), ResultCode::kFileAccess);
  EXPECT_NE(frozen.error().message().find("c.bin"), std::string::npos) << frozen.error().message();
  EXPECT_EQ(frozenFilesIn(stash_dir_), 0u);
}

TEST_F(StashTest, CancelIsUserAbortAndLeavesNothing) {
  auto stash = Stash::open(stash_dir_);
  ASSERT_TRUE(stash.ok());
  int calls = 0;
  FreezeProgress progress{[&](uint64_t done, uint64_t total) {
    EXPECT_LE(done, total);
    return ++calls < 2;
  }};
  auto frozen = stash->freeze(tree(), progress);
  ASSERT_FALSE(frozen.ok());
  EXPECT_EQ(frozen.error().code(), ResultCode::kUserAbort);
  EXPECT_EQ(frozenFilesIn(stash_dir_), 0u);
}

TEST_F(StashTest, ClearRemovesFrozenFilesOnly) {
  auto stash = Stash::open(stash_dir_);
  ASSERT_TRUE(stash.ok());
  ASSERT_TRUE(stash->freeze(tree()).ok());
  ASSERT_TRUE(stash->clear().ok());
  EXPECT_EQ(frozenFilesIn(stash_dir_), 0u);
  EXPECT_TRUE(fs::exists(stash_dir_ / ".lock"));
  EXPECT_EQ(stash->frozenBytes(), 0u);
  EXPECT_TRUE(stash->freeze(tree()).ok());  // usable again
}

TEST_F(StashTest, StreamsGrowByAppendsAndAreCleared) {
  auto stash = Stash::open(stash_dir_);
  ASSERT_TRUE(stash.ok());
  auto stream = stash->createStream();
  ASSERT_TRUE(stream.ok()) << stream.error().toString();
  const std::vector<uint8_t> a(2352, 0x11), b(4704, 0x22);
  ASSERT_TRUE(stash->appendToStream(*stream, a).ok());
  ASSERT_TRUE(stash->appendToStream(*stream, b).ok());
  EXPECT_EQ(fs::file_size(*stream), a.size() + b.size());
  EXPECT_EQ(stash->frozenBytes(), a.size() + b.size());
  ASSERT_TRUE(stash->clear().ok());
  EXPECT_FALSE(fs::exists(*stream));
}

TEST_F(StashTest, FullDiskDuringAnAppendKeepsWhatTheStreamHad) {
  FakeFileSystem fake;
  fake.append_limit = 3000;
  auto stash = Stash::open(stash_dir_, &fake);
  ASSERT_TRUE(stash.ok());
  auto stream = stash->createStream();
  ASSERT_TRUE(stream.ok());
  const std::vector<uint8_t> block(2352, 0x33);
  ASSERT_TRUE(stash->appendToStream(*stream, block).ok());
  const Status full = stash->appendToStream(*stream, block);
  EXPECT_EQ(full.code(), ResultCode::kNotEnoughDiskForStash);
  EXPECT_EQ(fs::file_size(*stream), block.size());
}

TEST(StashFileSystemTest, RealAppendIsAllOrNothingAndNamesTheFile) {
  TempDir tmp;
  const fs::path file = tmp.path() / "missing-dir" / "x";
  const std::vector<uint8_t> bytes(10, 1);
  const Status s = realStashFileSystem().append(file, bytes);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("missing-dir"), std::string::npos) << s.toString();
}

}  // namespace
}  // namespace dm::stage
