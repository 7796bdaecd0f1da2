// End to end: `discmaster image -o F.cue` formats every block on the host as a raw Mode 1 sector
// (the engine's sector pipeline). Three other readers agree with it: bchunk turns the BIN back into
// an ISO identical to `image -o F.iso`; cd-info reads the sheet as one ISO 9660 data track; and the
// emulator, which makes raw sectors with its own independent code, exports the same ISO as a BIN
// that is byte-identical to ours.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "tools/judges/subprocess.h"

namespace dm::e2e {
using namespace judges;
namespace fs = std::filesystem;
namespace {

std::string readAll(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

TEST(ImageBinCue, RawSectorsAgreeWithBchunkCdInfoAndTheEmulator) {
  ASSERT_TRUE(onPath("bchunk") && onPath("cd-info")) << "run tools/setup.sh";
  const fs::path dir = fs::temp_directory_path() / ("dm-e2e-bincue-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "src" / "docs");
  std::ofstream(dir / "src" / "readme.txt") << "raw sectors from the host\n";
  std::ofstream numbers(dir / "src" / "docs" / "numbers.txt");
  for (int i = 0; i < 50000; ++i) numbers << i << '\n';
  numbers.close();
  setenv("SOURCE_DATE_EPOCH", "1700000000", 1);  // both images laid out with the same dates

  const std::string iso = (dir / "a.iso").string(), cue = (dir / "a.cue").string(), bin = (dir / "a.bin").string();
  ASSERT_EQ(run({DM_CLI_PATH, "image", "--volume-name", "RAW", "-o", iso, (dir / "src").string()}).exit_code, 0);
  const ProcessResult image = run({DM_CLI_PATH, "image", "--volume-name", "RAW", "-o", cue, (dir / "src").string()});
  ASSERT_EQ(image.exit_code, 0) << image.err;
  EXPECT_EQ(readAll(cue), "FILE \"a.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n");
  EXPECT_EQ(fs::file_size(bin), fs::file_size(iso) / 2048 * 2352);

  const ProcessResult cut = run({"bchunk", bin, cue, (dir / "cut").string()});
  ASSERT_EQ(cut.exit_code, 0) << cut.out << cut.err;
  EXPECT_EQ(readAll(dir / "cut01.iso"), readAll(iso)) << "bchunk's user data differs from the ISO";

  const ProcessResult info = run({"cd-info", "--no-device-info", "--cue-file", cue});
  EXPECT_NE(info.out.find("  1: 00:02:00  000000 data"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("CD-ROM with ISO 9660 filesystem"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("label `RAW"), std::string::npos) << info.out;

  const std::string emulated = (dir / "e.cue").string();
  const ProcessResult exported = run({DM_CLI_PATH, "export", "--medium-image", iso, "-o", emulated});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_TRUE(readAll(dir / "e.bin") == readAll(bin)) << "the emulator's raw sectors differ from the engine's";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace dm::e2e
