// End to end: `discmaster image --boot …` makes El Torito images that isoinfo and xorriso
// recognise, with the boot image's bytes at the LBA the catalog names; `--iso-level 3` records a
// sparse 4.5 GiB file as multi-extent records that xorriso and isoinfo read back at full size.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <random>

#include "tests/e2e/json_lines.h"
#include "tools/judges/posix_judges.h"
#include "tools/judges/subprocess.h"

namespace dm::e2e {
using namespace judges;
namespace fs = std::filesystem;
namespace {

void writeFile(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

std::string readRange(const fs::path& p, uint64_t offset, size_t n) {
  std::ifstream f(p, std::ios::binary);
  f.seekg(static_cast<std::streamoff>(offset));
  std::string s(n, '\0');
  f.read(s.data(), static_cast<std::streamsize>(n));
  s.resize(static_cast<size_t>(f.gcount()));
  return s;
}

std::string randomBytes(size_t n, uint32_t seed) {
  std::mt19937 gen(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(gen() & 0xFF);
  return s;
}

class ImageBootAndLarge : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"isoinfo", "xorriso"})
      if (!onPath(tool)) GTEST_SKIP() << tool << " is not installed (tools/setup.sh installs it)";
    dir_ = fs::temp_directory_path() /
           ("dm-boot-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(getpid()));
    fs::remove_all(dir_);
    writeFile(dir_ / "root" / "README", "a bootable disc\n");
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  ProcessResult image(std::vector<std::string> args) {
    std::vector<std::string> argv{DM_CLI_PATH, "image", "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
  }
  fs::path dir_;
};

struct BootCase {
  const char* emulation;
  const char* platform;
  size_t image_bytes;
  const char* load_size;      // --boot-load-size, "" for none
  const char* want_platform;  // as xorriso names it
  const char* want_emulation;
  uint32_t want_load_size;
};

TEST_F(ImageBootAndLarge, ElToritoImagesAsIsoinfoAndXorrisoReadThem) {
  const BootCase cases[] = {
      {"none", "x86", 4 * 2048 + 100, "", "BIOS", "none", 4},
      {"none", "efi", 3 * 2048, "12", "UEFI", "none", 12},
      {"floppy", "x86", 1474560, "", "BIOS", "fd1.4", 1},
      {"floppy", "ppc", 2949120, "", "PPC", "fd2.8", 1},
      {"hard-disk", "x86", 64 * 512, "", "BIOS", "hd", 1},
  };
  int seed = 1;
  for (const BootCase& c : cases) {
    SCOPED_TRACE(std::string(c.emulation) + " " + c.platform);
    std::string boot = randomBytes(c.image_bytes, static_cast<uint32_t>(seed++));
    if (std::string(c.emulation) == "hard-disk") {
      for (size_t i = 0x1BE; i < 0x1FE; ++i) boot[i] = 0;
      boot[0x1BE + 4] = 0x0C;  // one FAT32 partition
      boot[510] = static_cast<char>(0x55);
      boot[511] = static_cast<char>(0xAA);
    }
    const fs::path img = dir_ / "boot.img";
    writeFile(img, boot);
    const fs::path iso = dir_ / "boot.iso";
    std::vector<std::string> args{"--boot", img.string(), "--boot-emulation", c.emulation, "--boot-platform",
                                  c.platform, "-o", iso.string(), (dir_ / "root").string()};
    if (*c.load_size != '\0') args.insert(args.end(), {"--boot-load-size", c.load_size});
    const ProcessResult p = image(args);
    ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
    const nlohmann::json result = lastJsonLine(p.out);

    const ProcessResult d = run({"isoinfo", "-d", "-i", iso.string()});
    EXPECT_NE(d.out.find("El Torito VD version 1 found"), std::string::npos) << d.out;
    const ElToritoReport report = xorrisoElTorito(iso);
    ASSERT_EQ(report.error, "");
    EXPECT_TRUE(report.bootable);
    EXPECT_EQ(report.platform, c.want_platform);
    EXPECT_EQ(report.emulation, c.want_emulation);
    EXPECT_EQ(report.load_size, c.want_load_size);
    EXPECT_EQ(report.lba, result["boot_image_lba"].get<uint32_t>());
    EXPECT_EQ(readRange(iso, uint64_t{report.lba} * 2048, boot.size()), boot) << "boot image bytes at its LBA";
  }
}

TEST_F(ImageBootAndLarge, BadBootImagesAreRefused) {
  writeFile(dir_ / "odd.img", std::string(1000, 'x'));
  const ProcessResult floppy = image({"--boot", (dir_ / "odd.img").string(), "--boot-emulation", "floppy", "-o",
                                      (dir_ / "x.iso").string(), (dir_ / "root").string()});
  EXPECT_NE(floppy.exit_code, 0);
  EXPECT_NE(floppy.out.find("1474560"), std::string::npos) << floppy.out;
  const ProcessResult disk = image({"--boot", (dir_ / "odd.img").string(), "--boot-emulation", "hard-disk", "-o",
                                    (dir_ / "x.iso").string(), (dir_ / "root").string()});
  EXPECT_NE(disk.exit_code, 0);
  EXPECT_NE(disk.out.find("master boot record"), std::string::npos) << disk.out;
}

TEST_F(ImageBootAndLarge, LevelThreeRecordsAFileLargerThanFourGigabytes) {
  constexpr uint64_t kHuge = 4831838208;  // 4.5 GiB
  struct statvfs vfs {};
  ASSERT_EQ(::statvfs(fs::temp_directory_path().c_str(), &vfs), 0);
  if (uint64_t{vfs.f_bavail} * vfs.f_frsize < (uint64_t{1} << 30))
    GTEST_SKIP() << "less than 1 GiB free in " << fs::temp_directory_path() << " for the sparse files";
  const fs::path src = dir_ / "big";
  fs::create_directories(src);
  {
    std::ofstream f(src / "huge.bin", std::ios::binary);
    f << "head";
  }
  fs::resize_file(src / "huge.bin", kHuge);  // sparse: costs no blocks
  {
    std::fstream f(src / "huge.bin", std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(static_cast<std::streamoff>(kHuge - 4));
    f << "tail";
  }
  struct stat st {};
  ASSERT_EQ(::stat((src / "huge.bin").c_str(), &st), 0);
  if (uint64_t(st.st_blocks) * 512 > (uint64_t{64} << 20)) GTEST_SKIP() << "the file system does not keep sparse files";
  writeFile(src / "small.txt", "small\n");

  const fs::path iso = dir_ / "big.iso";
  const ProcessResult refused = image({"-o", iso.string(), src.string()});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.out.find("level 3"), std::string::npos) << refused.out;

  const ProcessResult p = image({"--iso-level", "3", "-o", iso.string(), src.string()});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  ASSERT_EQ(::stat(iso.c_str(), &st), 0);
  EXPECT_GT(static_cast<uint64_t>(st.st_size), kHuge);
  EXPECT_LT(uint64_t(st.st_blocks) * 512, uint64_t{64} << 20) << "the image is written sparse";

  const PosixReading xorriso = xorrisoPosixTree(iso);
  ASSERT_EQ(xorriso.error, "");
  ASSERT_TRUE(xorriso.tree.contains("huge.bin"));
  EXPECT_EQ(xorriso.tree.at("huge.bin").size, kHuge);
  EXPECT_EQ(xorriso.tree.at("small.txt").size, 6u);
  const ProcessResult extract =
      run({"xorriso", "-osirrox", "on", "-indev", iso.string(), "-extract", "/small.txt", (dir_ / "small.out").string()});
  EXPECT_EQ(extract.exit_code, 0) << extract.err;

  // isoinfo lists one record per extent: 4 GiB − 2048 bytes, then the rest.
  const ProcessResult l = run({"isoinfo", "-l", "-R", "-i", iso.string()});
  EXPECT_NE(l.out.find("4294965248"), std::string::npos) << l.out;
  EXPECT_NE(l.out.find(std::to_string(kHuge - 4294965248ull)), std::string::npos) << l.out;
  // The last bytes of the file are where the second extent says.
  const size_t at = l.out.find(std::to_string(kHuge - 4294965248ull));
  const size_t open = l.out.find('[', at);
  const uint64_t second_lba = std::stoull(l.out.substr(open + 1));
  EXPECT_EQ(readRange(iso, second_lba * 2048 + (kHuge - 4294965248ull) - 4, 4), "tail");
}

}  // namespace
}  // namespace dm::e2e
