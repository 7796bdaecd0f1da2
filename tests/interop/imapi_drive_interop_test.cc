// The IMAPI API on a drive of this machine: the example program imapi_session lists the virtual
// recorders and the system's drives in one list, and burns its data disc on /dev/sr0 — the SG_IO
// bridge's device, opened by the engine through libcdio exactly as a real drive is. The disc is
// judged by other programs: isoinfo and bsdtar read the exported image.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tools/judges/subprocess.h"

namespace dm::interop {
namespace fs = std::filesystem;
using judges::ProcessResult;
using judges::run;

class ImapiDriveInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"isoinfo", "bsdtar"}) {
      ASSERT_TRUE(judges::onPath(tool)) << tool << " is not installed: run tools/setup.sh";
    }
    dir_ = fs::temp_directory_path() / ("dm-imapi-drive-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "src" / "notes");
    std::ofstream(dir_ / "src" / "readme.txt") << "staged through IDiscMaster, burned on /dev/sr0\n";
    std::ofstream numbers(dir_ / "src" / "notes" / "numbers.txt");
    for (int i = 0; i < 20000; ++i) numbers << i << '\n';
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
};

TEST_F(ImapiDriveInterop, DataDiscOnTheSystemDriveThroughTheApi) {
  const std::string image = (dir_ / "exported.iso").string();
  const ProcessResult r = run({DM_CLI_PATH, "emulate", "--export-image", image, "--", DM_IMAPI_SESSION_PATH,
                               "--recorder", "/dev/sr0", (dir_ / "src").string()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // One list: the two virtual recorders, then the bridged drive (its /dev/scd0 alias not repeated).
  EXPECT_NE(r.out.find("EnumDiscRecorders: virtual:second (DISCMSTR VIRTUAL CD-RW 1.00)\n"
                       "EnumDiscRecorders: /dev/sr0 (DISCMSTR VIRTUAL CD-RW 1.00)\n"
                       "SetActiveDiscRecorder: /dev/sr0\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("/dev/scd0"), std::string::npos) << r.out;
  // The simulation leaves the drive's medium blank; the record writes one appendable session.
  EXPECT_NE(r.out.find("RecordDisc(simulate)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("medium: 0 session(s), next writable 0, free 359849 blocks, blank\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  NotifyBurnComplete(S_OK)\nmedium: 1 session(s), next writable "), std::string::npos) << r.out;

  const ProcessResult files = run({"isoinfo", "-J", "-f", "-i", image});
  EXPECT_NE(files.out.find("/notes/numbers.txt"), std::string::npos) << files.out;
  EXPECT_NE(files.out.find("/readme.txt"), std::string::npos) << files.out;
  const ProcessResult cat = run({"bsdtar", "-xOf", image, "notes/numbers.txt"});
  std::ifstream f(dir_ / "src" / "notes" / "numbers.txt");
  EXPECT_EQ(cat.out, std::string(std::istreambuf_iterator<char>(f), {}));
}

TEST_F(ImapiDriveInterop, AnUnknownRecorderPathIsRefusedByName) {
  const ProcessResult r = run({DM_CLI_PATH, "emulate", "--", DM_IMAPI_SESSION_PATH, "--recorder", "/dev/sr7",
                               (dir_ / "src").string()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("SetActiveDiscRecorder: /dev/sr7 is not among the recorders listed"), std::string::npos) << r.err;
}

}  // namespace dm::interop
