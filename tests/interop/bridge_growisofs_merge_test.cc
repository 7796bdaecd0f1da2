// growisofs -M through the SG_IO bridge: growisofs hands genisoimage the open device as
// "-M /dev/fd/N", and genisoimage reads the previous session with fopen + fileno + lseek/read, so
// the bridge must make /dev/fd/N of a device fd the device for stdio too. On DVD+R the new session
// is a new track; on DVD+RW, BD-RE and a BD-R with Pseudo-Overwrite the volume descriptors at
// block 16 are rewritten in place. Judged by xorriso reading the disc through the bridge and by
// isoinfo and bsdtar on the exported image.
#include <fstream>

#include "tests/interop/bridge_fixture.h"

namespace dm::interop {

class BridgeGrowisofsMerge : public BridgeInterop {};

TEST_F(BridgeGrowisofsMerge, AppendsASessionOnDvdAndBdMedia) {
  ASSERT_TRUE(judges::onPath("growisofs")) << "dvd+rw-tools is not installed: run tools/setup.sh";
  fs::create_directories(dir_ / "more");
  std::ofstream(dir_ / "more" / "added.txt") << "added by growisofs -M\n";
  struct Case {
    const char* drive;
    const char* medium;
    bool in_place;  // the grown image starts at block 0 (overwrite or Pseudo-Overwrite)
  };
  for (const Case& k : {Case{"lg-gh22ls30", "dvd+rw", true}, Case{"lg-gh22ls30", "dvd+r", false},
                        Case{"lg-bh20l", "bd-r", true}, Case{"lg-bh20l", "bd-re", true}}) {
    const std::string medium = k.medium;
    const std::string disc = path(medium + ".vrec");
    const ProcessResult first = emulate({"--drive", k.drive, "--medium", medium, "--medium-file", disc},
                                        {"growisofs", "-Z", "/dev/sr0", "-quiet", "-R", "-J", "-V", "BRIDGE", path("src")});
    ASSERT_EQ(first.exit_code, 0) << medium << "\n" << first.out << first.err;
    const std::string out = path("grown-" + medium + ".iso");
    const ProcessResult merge = emulate({"--drive", k.drive, "--medium-file", disc, "--export-image", out},
                                        {"growisofs", "-M", "/dev/sr0", "-quiet", "-R", "-J", "-V", "BRIDGE", path("more")});
    ASSERT_EQ(merge.exit_code, 0) << medium << "\n" << merge.out << merge.err;
    const std::string said = merge.out + merge.err;
    EXPECT_EQ(said.find("Short read on old image"), std::string::npos) << said;
    EXPECT_NE(said.find("-M /dev/fd/"), std::string::npos) << "growisofs no longer passes the device as /dev/fd/N:\n" << said;

    // Another program reads the disc: the tree of both sessions.
    const ProcessResult read = emulate({"--drive", k.drive, "--medium-file", disc}, {"xorriso", "-indev", "/dev/sr0", "-find", "/"});
    ASSERT_EQ(read.exit_code, 0) << medium << "\n" << read.out << read.err;
    EXPECT_NE(read.out.find("'/hello.txt'"), std::string::npos) << medium << "\n" << read.out;
    EXPECT_NE(read.out.find("'/sub/numbers.txt'"), std::string::npos) << medium << "\n" << read.out;
    EXPECT_NE(read.out.find("'/added.txt'"), std::string::npos) << medium << "\n" << read.out;
    if (k.in_place) {
      // The exported image is the whole grown file system: both sessions' files, bytes intact.
      const ProcessResult names = run({"isoinfo", "-J", "-l", "-i", out});
      EXPECT_NE(names.out.find("added.txt"), std::string::npos) << medium << "\n" << names.out << names.err;
      EXPECT_NE(names.out.find("hello.txt"), std::string::npos) << medium << "\n" << names.out << names.err;
      const ProcessResult added = run({"bsdtar", "-xOf", out, "added.txt"});
      EXPECT_EQ(added.out, "added by growisofs -M\n") << medium << "\n" << added.err;
      judgeExport(out);
    }
  }
}

}  // namespace dm::interop
