// FileTree: scanning folders (IMAPI AddData semantics), refusing what a disc cannot hold, and the
// all-or-nothing merge (engine/stage/file_tree.h).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/stage/file_tree.h"
#include "tests/engine/layout_test_support.h"

namespace dm::stage {
namespace {

using layout_test::TempDir;
using layout_test::writeFile;
namespace fs = std::filesystem;

std::vector<std::string> childNames(const FileTree::Node& node) {
  std::vector<std::string> names;
  for (const auto& c : node.children) names.push_back(c.name);
  return names;
}

void expectError(const Status& status, ResultCode code, const std::string& needle) {
  EXPECT_EQ(status.code(), code) << status.toString();
  EXPECT_NE(status.message().find(needle), std::string::npos)
      << "'" << needle << "' not in: " << status.message();
}

// FileTree::fromFolder(folder) as an unprivileged user, so permission bits apply even when the
// tests run as root: forks, drops to nobody (65534) in the child, and reports the code and
// message back through a pipe.
std::pair<ResultCode, std::string> scanAsUnprivileged(const fs::path& folder) {
  if (::geteuid() != 0) {
    Result<FileTree> tree = FileTree::fromFolder(folder);
    return {tree.status().code(), tree.status().message()};
  }
  int fds[2];
  if (::pipe(fds) != 0) return {ResultCode::kGeneric, "pipe failed"};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(2);
    Result<FileTree> tree = FileTree::fromFolder(folder);
    const auto code = static_cast<uint32_t>(tree.status().code());
    const std::string message = tree.status().message();
    if (::write(fds[1], &code, sizeof code) < 0) ::_exit(3);
    if (::write(fds[1], message.data(), message.size()) < 0) ::_exit(3);
    ::_exit(0);
  }
  ::close(fds[1]);
  uint32_t code = 0;
  std::string message;
  bool got_code = ::read(fds[0], &code, sizeof code) == sizeof code;
  char buffer[1024];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
    message.append(buffer, static_cast<size_t>(n));
  ::close(fds[0]);
  int wstatus = 0;
  ::waitpid(pid, &wstatus, 0);
  if (!got_code) return {ResultCode::kGeneric, "child could not drop privileges"};
  return {static_cast<ResultCode>(code), message};
}

TEST(StageFileTree, FromFolderPutsTheFolderContentsAtTheRootInByteOrder) {
  TempDir tmp;
  writeFile(tmp / "src/b.txt", "bb");
  writeFile(tmp / "src/A.txt", "a");
  writeFile(tmp / "src/empty", "");
  writeFile(tmp / "src/one/two/three/deep.bin", "deep!");
  writeFile(tmp / "src/été/ß.txt", "x");
  fs::create_directories(tmp / "src/emptydir");

  Result<FileTree> tree = FileTree::fromFolder(tmp / "src");
  ASSERT_TRUE(tree.ok()) << tree.error().toString();
  EXPECT_EQ(childNames(tree->root()),
            (std::vector<std::string>{"A.txt", "b.txt", "empty", "emptydir", "one", "été"}));
  EXPECT_EQ(tree->fileCount(), 5u);
  EXPECT_EQ(tree->directoryCount(), 5u);  // one, two, three, été, emptydir
  EXPECT_EQ(tree->totalBytes(), 2u + 1u + 0u + 5u + 1u);

  const FileTree::Node* deep = tree->find("one/two/three/deep.bin");
  ASSERT_NE(deep, nullptr);
  EXPECT_TRUE(deep->isFile());
  EXPECT_EQ(deep->size_bytes, 5u);
  EXPECT_EQ(deep->source, tmp / "src/one/two/three/deep.bin");
  EXPECT_NE(tree->find("/été/ß.txt"), nullptr);
  EXPECT_EQ(tree->find("one/missing"), nullptr);
  EXPECT_EQ(tree->find("A.txt/below"), nullptr);
}

TEST(StageFileTree, RecordsModificationTimes) {
  TempDir tmp;
  writeFile(tmp / "src/f", "x");
  const struct timespec times[2] = {{1000000000, 0}, {1234567890, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, (tmp / "src/f").c_str(), times, 0), 0);
  Result<FileTree> tree = FileTree::fromFolder(tmp / "src");
  ASSERT_TRUE(tree.ok());
  EXPECT_EQ(tree->find("f")->mtime.time_since_epoch().count(), 1234567890);
}

ScanOptions withoutRockRidge() {
  ScanOptions o;
  o.rock_ridge = false;
  return o;
}

TEST(StageFileTree, WithoutRockRidgeFollowsLinksToFilesButRefusesLinksToFolders) {
  TempDir tmp;
  writeFile(tmp / "target.txt", "linked");
  fs::create_directories(tmp / "src");
  fs::create_symlink(tmp / "target.txt", tmp / "src/link.txt");
  Result<FileTree> tree = FileTree::fromFolder(tmp / "src", withoutRockRidge());
  ASSERT_TRUE(tree.ok()) << tree.error().toString();
  ASSERT_NE(tree->find("link.txt"), nullptr);
  EXPECT_EQ(tree->find("link.txt")->size_bytes, 6u);

  fs::create_directories(tmp / "otherdir");
  fs::create_directory_symlink(tmp / "otherdir", tmp / "src/dirlink");
  Result<FileTree> refused = FileTree::fromFolder(tmp / "src", withoutRockRidge());
  ASSERT_FALSE(refused.ok());
  expectError(refused.error(), ResultCode::kInvalidArgument, (tmp / "src/dirlink").string());
  EXPECT_EQ(refused.error().context().file, (tmp / "src/dirlink").string());
}

TEST(StageFileTree, WithoutRockRidgeADanglingLinkIsFileAccess) {
  TempDir tmp;
  fs::create_directories(tmp / "src");
  fs::create_symlink(tmp / "nowhere", tmp / "src/dangling");
  Result<FileTree> tree = FileTree::fromFolder(tmp / "src", withoutRockRidge());
  ASSERT_FALSE(tree.ok());
  expectError(tree.error(), ResultCode::kFileAccess, "No such file or directory");
  expectError(tree.error(), ResultCode::kFileAccess, (tmp / "src/dangling").string());
}

TEST(StageFileTree, FifoIsRefusedNamingThePath) {
  TempDir tmp;
  fs::create_directories(tmp / "src/sub");
  ASSERT_EQ(::mkfifo((tmp / "src/sub/pipe").c_str(), 0644), 0);
  Result<FileTree> tree = FileTree::fromFolder(tmp / "src", withoutRockRidge());
  ASSERT_FALSE(tree.ok());
  expectError(tree.error(), ResultCode::kInvalidArgument, (tmp / "src/sub/pipe").string());
  expectError(tree.error(), ResultCode::kInvalidArgument, "fifo");
}

TEST(StageFileTree, UnreadableFileIsFileAccessWithTheOsReason) {
  TempDir tmp;
  fs::permissions(tmp.path(), fs::perms::owner_all | fs::perms::group_exec |
                                  fs::perms::others_exec | fs::perms::group_read |
                                  fs::perms::others_read);
  writeFile(tmp / "src/ok.txt", "fine");
  writeFile(tmp / "src/secret.txt", "hidden");
  fs::permissions(tmp / "src", fs::perms::owner_all | fs::perms::group_read |
                                   fs::perms::group_exec | fs::perms::others_read |
                                   fs::perms::others_exec);
  fs::permissions(tmp / "src/ok.txt",
                  fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  fs::permissions(tmp / "src/secret.txt", fs::perms::none);
  auto [code, message] = scanAsUnprivileged(tmp / "src");
  EXPECT_EQ(code, ResultCode::kFileAccess) << message;
  EXPECT_NE(message.find((tmp / "src/secret.txt").string()), std::string::npos) << message;
  EXPECT_NE(message.find("Permission denied"), std::string::npos) << message;
}

TEST(StageFileTree, UnreadableFolderIsFileAccess) {
  TempDir tmp;
  fs::permissions(tmp.path(), fs::perms::owner_all | fs::perms::group_exec |
                                  fs::perms::others_exec | fs::perms::group_read |
                                  fs::perms::others_read);
  writeFile(tmp / "src/locked/inside.txt", "x");
  fs::permissions(tmp / "src", fs::perms::owner_all | fs::perms::group_read |
                                   fs::perms::group_exec | fs::perms::others_read |
                                   fs::perms::others_exec);
  fs::permissions(tmp / "src/locked", fs::perms::none);
  auto [code, message] = scanAsUnprivileged(tmp / "src");
  EXPECT_EQ(code, ResultCode::kFileAccess) << message;
  EXPECT_NE(message.find((tmp / "src/locked").string()), std::string::npos) << message;
}

TEST(StageFileTree, NamesJolietCannotHoldAreRefusedNamingThePath) {
  TempDir tmp;
  const std::string long_name(65, 'n');
  writeFile(tmp / "long/sub" / long_name, "x");
  Result<FileTree> tree = FileTree::fromFolder(tmp / "long", withoutRockRidge());
  ASSERT_FALSE(tree.ok());
  expectError(tree.error(), ResultCode::kBadJolietName, long_name);
  expectError(tree.error(), ResultCode::kBadJolietName, "at most 64");

  writeFile(tmp / "emoji/party \xF0\x9F\x8E\x89.txt", "x");  // U+1F389, outside the BMP
  Result<FileTree> emoji = FileTree::fromFolder(tmp / "emoji", withoutRockRidge());
  ASSERT_FALSE(emoji.ok());
  expectError(emoji.error(), ResultCode::kBadJolietName, "U+1F389");
  expectError(emoji.error(), ResultCode::kBadJolietName, (tmp / "emoji").string());

  writeFile(tmp / "colon/a:b.txt", "x");
  Result<FileTree> colon = FileTree::fromFolder(tmp / "colon", withoutRockRidge());
  ASSERT_FALSE(colon.ok());
  expectError(colon.error(), ResultCode::kBadJolietName, "a:b.txt");

  writeFile(tmp / "ok" / std::string(64, 'n'), "x");  // exactly the limit
  EXPECT_TRUE(FileTree::fromFolder(tmp / "ok").ok());
}

TEST(StageFileTree, WithoutRockRidgeAllowsEightLevelsOfFoldersAndRefusesNine) {
  TempDir tmp;
  // Root (level 1) + 7 folders = 8 levels: allowed, with a file in the deepest.
  writeFile(tmp / "src/l2/l3/l4/l5/l6/l7/l8/file.txt", "x");
  Result<FileTree> ok = FileTree::fromFolder(tmp / "src", withoutRockRidge());
  ASSERT_TRUE(ok.ok()) << ok.error().toString();
  EXPECT_NE(ok->find("l2/l3/l4/l5/l6/l7/l8/file.txt"), nullptr);

  fs::create_directories(tmp / "src/l2/l3/l4/l5/l6/l7/l8/l9");
  Result<FileTree> deep = FileTree::fromFolder(tmp / "src", withoutRockRidge());
  ASSERT_FALSE(deep.ok());
  expectError(deep.error(), ResultCode::kInvalidArgument, "l9");
  expectError(deep.error(), ResultCode::kInvalidArgument, "§6.8.2.1");
}

TEST(StageFileTree, WithRockRidgeKeepsLinksModesOwnersTimesDeepFoldersAndLongNames) {
  TempDir tmp;
  writeFile(tmp / "src/l2/l3/l4/l5/l6/l7/l8/l9/l10/file.txt", "x");
  writeFile(tmp / "src/run.sh", "#!/bin/sh\n");
  ::chmod((tmp / "src/run.sh").c_str(), 04755);
  const struct timespec times[2] = {{1111111111, 0}, {1234567890, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, (tmp / "src/run.sh").c_str(), times, 0), 0);
  fs::create_symlink("../nowhere/at/all", tmp / "src/dangling");
  fs::create_directory_symlink(tmp / "src/l2", tmp / "src/dirlink");
  const std::string long_name(120, 'n');
  writeFile(tmp / "src" / (long_name + ":?.txt"), "x");
  Result<FileTree> tree = FileTree::fromFolder(tmp / "src");
  ASSERT_TRUE(tree.ok()) << tree.error().toString();
  EXPECT_NE(tree->find("l2/l3/l4/l5/l6/l7/l8/l9/l10/file.txt"), nullptr);
  const FileTree::Node* run = tree->find("run.sh");
  ASSERT_NE(run, nullptr);
  EXPECT_EQ(run->mode, 04755u);
  EXPECT_EQ(run->uid, ::getuid());
  EXPECT_EQ(run->atime.time_since_epoch().count(), 1111111111);
  EXPECT_EQ(run->mtime.time_since_epoch().count(), 1234567890);
  const FileTree::Node* dangling = tree->find("dangling");
  ASSERT_NE(dangling, nullptr);
  EXPECT_TRUE(dangling->isSymlink());
  EXPECT_EQ(dangling->link_target, "../nowhere/at/all");
  EXPECT_TRUE(tree->find("dirlink")->isSymlink());
  EXPECT_EQ(tree->find("dirlink")->link_target, (tmp / "src/l2").string());
  EXPECT_NE(tree->find(long_name + ":?.txt"), nullptr);
  EXPECT_EQ(tree->symlinkCount(), 2u);
  EXPECT_EQ(tree->fileCount(), 3u);
}

TEST(StageFileTree, FolderArgumentErrors) {
  TempDir tmp;
  Result<FileTree> missing = FileTree::fromFolder(tmp / "missing");
  ASSERT_FALSE(missing.ok());
  expectError(missing.error(), ResultCode::kFileAccess, "No such file or directory");
  writeFile(tmp / "file.txt", "x");
  Result<FileTree> not_dir = FileTree::fromFolder(tmp / "file.txt");
  ASSERT_FALSE(not_dir.ok());
  expectError(not_dir.error(), ResultCode::kInvalidArgument, "not a folder");
}

TEST(StageFileTree, FromFileStagesOneFileAtTheRoot) {
  TempDir tmp;
  writeFile(tmp / "notes.txt", "12345");
  Result<FileTree> tree = FileTree::fromFile(tmp / "notes.txt");
  ASSERT_TRUE(tree.ok()) << tree.error().toString();
  EXPECT_EQ(childNames(tree->root()), std::vector<std::string>{"notes.txt"});
  EXPECT_EQ(tree->totalBytes(), 5u);
  EXPECT_FALSE(FileTree::fromFile(tmp.path()).ok());
}

class StageFileTreeMerge : public ::testing::Test {
 protected:
  void SetUp() override {
    writeFile(tmp_ / "first/a.txt", "first a");
    writeFile(tmp_ / "first/docs/readme.txt", "readme");
    writeFile(tmp_ / "first/thing", "a file called thing");
    writeFile(tmp_ / "second/a.txt", "second a, longer");
    writeFile(tmp_ / "second/docs/extra.txt", "extra");
    writeFile(tmp_ / "second/new.txt", "new");
    writeFile(tmp_ / "third/thing/inside.txt", "thing is a folder here");
    writeFile(tmp_ / "third/zzz.txt", "z");
    first_ = *FileTree::fromFolder(tmp_ / "first");
    second_ = *FileTree::fromFolder(tmp_ / "second");
    third_ = *FileTree::fromFolder(tmp_ / "third");
  }
  TempDir tmp_;
  FileTree first_, second_, third_;
};

TEST_F(StageFileTreeMerge, FileClashWithoutOverwriteAppliesNothing) {
  Status status = first_.merge(second_, /*overwrite=*/false);
  expectError(status, ResultCode::kFileExists, "/a.txt");
  EXPECT_EQ(status.context().file, "/a.txt");
  // Nothing of `second` went in, not even the parts that did not clash.
  EXPECT_EQ(first_.find("new.txt"), nullptr);
  EXPECT_EQ(first_.find("docs/extra.txt"), nullptr);
  EXPECT_EQ(first_.find("a.txt")->source, tmp_ / "first/a.txt");
  EXPECT_EQ(first_.fileCount(), 3u);
}

TEST_F(StageFileTreeMerge, FileClashWithOverwriteTakesTheNewFileAndMergesFolders) {
  ASSERT_TRUE(first_.merge(second_, /*overwrite=*/true).ok());
  EXPECT_EQ(childNames(first_.root()),
            (std::vector<std::string>{"a.txt", "docs", "new.txt", "thing"}));
  EXPECT_EQ(first_.find("a.txt")->source, tmp_ / "second/a.txt");
  EXPECT_EQ(first_.find("a.txt")->size_bytes, 16u);
  EXPECT_EQ(childNames(*first_.find("docs")),
            (std::vector<std::string>{"extra.txt", "readme.txt"}));
  EXPECT_EQ(first_.fileCount(), 5u);
  EXPECT_EQ(first_.directoryCount(), 1u);
  EXPECT_EQ(first_.totalBytes(), 16u + 6u + 19u + 5u + 3u);
}

TEST_F(StageFileTreeMerge, FileAgainstFolderClashesEvenWithOverwrite) {
  for (bool overwrite : {false, true}) {
    Status status = first_.merge(third_, overwrite);
    expectError(status, ResultCode::kFileExists, "/thing");
    EXPECT_EQ(first_.find("zzz.txt"), nullptr) << "a failed merge must apply nothing";
    EXPECT_TRUE(first_.find("thing")->isFile());
  }
  Status reverse = third_.merge(first_, true);
  expectError(reverse, ResultCode::kFileExists, "as a folder");
}

TEST_F(StageFileTreeMerge, DisjointMergeAndSelfMerge) {
  FileTree tree;
  EXPECT_TRUE(tree.empty());
  ASSERT_TRUE(tree.merge(first_, false).ok());
  EXPECT_EQ(tree.fileCount(), first_.fileCount());
  expectError(tree.merge(tree, false), ResultCode::kFileExists, "/a.txt");
  ASSERT_TRUE(tree.merge(tree, true).ok());
  EXPECT_EQ(tree.fileCount(), first_.fileCount());
}

}  // namespace
}  // namespace dm::stage
