// Interop through the SG_IO bridge: unmodified programs (cdrskin, xorriso, wodim, cd-info, stat)
// run under `discmaster emulate` see the virtual recorder at /dev/sr0 and work with it; what a
// client burns is exported and judged by independent readers (isoinfo, bsdtar). A missing client is
// a set-up failure (tools/setup.sh installs them), never a skip.
#include "tests/interop/bridge_fixture.h"

namespace dm::interop {

TEST_F(BridgeInterop, StatSeesBlockAndCharNodes) {
  // coreutils stat uses statx: /dev/sr0 is block 11:0 (hex b:0), /dev/sg0 char 21:0 (hex 15:0).
  const ProcessResult r = emulate({}, {"stat", "-c", "%n %F %t:%T", "/dev/sr0", "/dev/scd0", "/dev/sg0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "/dev/sr0 block special file b:0\n/dev/scd0 block special file b:0\n"
                   "/dev/sg0 character special file 15:0\n");
}

TEST_F(BridgeInterop, AsNamesAnotherDeviceNumber) {
  const ProcessResult r = emulate({"--as", "/dev/sr3"}, {"stat", "-c", "%t:%T", "/dev/sr3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "b:3\n");
}

TEST_F(BridgeInterop, ExitStatusIsTheChilds) {
  EXPECT_EQ(emulate({}, {"sh", "-c", "exit 3"}).exit_code, 3);
  EXPECT_EQ(emulate({}, {"/nonexistent/program"}).exit_code, 127);
}

TEST_F(BridgeInterop, CdrskinListsTheVirtualDrive) {
  const ProcessResult r = emulate({}, {"cdrskin", "--devices"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("dev='/dev/sr0'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("'DISCMSTR'  'VIRTUAL CD-RW'"), std::string::npos) << r.out;
}

TEST_F(BridgeInterop, XorrisoReadsTheBlankMedium) {
  const ProcessResult r = emulate({}, {"xorriso", "-outdev", "/dev/sr0", "-toc"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string all = r.out + r.err;
  EXPECT_NE(all.find("vendor 'DISCMSTR' product 'VIRTUAL CD-RW'"), std::string::npos) << all;
  EXPECT_NE(all.find("Media current: CD-R"), std::string::npos) << all;
  EXPECT_NE(all.find("Media status : is blank"), std::string::npos) << all;
}

TEST_F(BridgeInterop, CdInfoShowsTheTrackDiscmasterBurned) {
  const std::string disc = path("disc.vrec");
  const ProcessResult burn = run({DM_CLI_PATH, "burn", "--medium-file", disc, "--volume-name", "BRIDGE", path("src")});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;
  const ProcessResult r = emulate({"--medium-file", disc}, {"cd-info", "--no-device-info", "/dev/sr0"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Disc mode is listed as: CD-DATA (Mode 1)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("CD-ROM Track List (1 - 1)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  1: 00:02:00  000000 data"), std::string::npos) << r.out;
  // cd-info reads the volume descriptors through read() on the device: the label comes back.
  EXPECT_NE(r.out.find("label `BRIDGE"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("not emulated"), std::string::npos) << r.err;
}

TEST_F(BridgeInterop, CdrskinBurnsADataTrackThatReadersAccept) {
  const std::string iso = makeIso();
  const std::string disc = path("disc.vrec");
  const std::string out = path("exported.iso");
  const ProcessResult r = emulate({"--medium-file", disc, "--export-image", out},
                                  {"cdrskin", "-v", "dev=/dev/sr0", "-data", "-tao", iso});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("cdrskin: burning done"), std::string::npos) << r.out;
  judgeExport(out);
  // The disc kept in the medium file is what a second program sees: closed, one data track.
  const ProcessResult toc = emulate({"--medium-file", disc}, {"cd-info", "--no-device-info", "/dev/sr0"});
  ASSERT_EQ(toc.exit_code, 0) << toc.err;
  EXPECT_NE(toc.out.find("CD-ROM Track List (1 - 1)"), std::string::npos) << toc.out;
}

TEST_F(BridgeInterop, XorrisoBurnsTaoThenAppendsASecondSession) {
  const std::string disc = path("disc.vrec");
  const std::string out = path("exported.iso");
  // -write_type tao: xorriso's default for a blank CD-R is SAO (bridge_dao_interop_test.cc).
  const ProcessResult first = emulate({"--medium-file", disc, "--export-image", out},
                                      {"xorriso", "-outdev", "/dev/sr0", "-write_type", "tao", "-volid", "BRIDGE",
                                       "-map", path("src"), "/", "--"});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  judgeExport(out);
  fs::create_directories(dir_ / "more");
  std::ofstream(dir_ / "more" / "second.txt") << "the second session\n";
  const ProcessResult second =
      emulate({"--medium-file", disc}, {"xorriso", "-dev", "/dev/sr0", "-map", path("more"), "/more", "--"});
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  // Both sessions, read back by libburn (SG_IO) and by libcdio (CD-ROM ioctls).
  const ProcessResult ls = emulate({"--medium-file", disc}, {"xorriso", "-indev", "/dev/sr0", "-toc", "-ls", "/"});
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  EXPECT_NE(ls.out.find("Media summary: 2 sessions"), std::string::npos) << ls.out;
  EXPECT_NE(ls.out.find("'more'"), std::string::npos) << ls.out;
  EXPECT_NE(ls.out.find("'hello.txt'"), std::string::npos) << ls.out;
  const ProcessResult toc = emulate({"--medium-file", disc}, {"cd-info", "--no-device-info", "/dev/sr0"});
  EXPECT_NE(toc.out.find("CD-ROM Track List (1 - 2)"), std::string::npos) << toc.out;
}

TEST_F(BridgeInterop, WodimChecksTheDriveAndBurnsData) {
  // wodim 1.1.11 --devices exits 1 even after listing a drive (no failing call in strace): judge the list.
  const ProcessResult list = emulate({}, {"wodim", "--devices"});
  EXPECT_NE(list.out.find("dev='/dev/scd0'"), std::string::npos) << list.out;  // wodim scans /dev/scdN
  const ProcessResult check = emulate({}, {"wodim", "dev=/dev/sr0", "-checkdrive"});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("Using generic SCSI-3/mmc   CD-R/CD-RW driver (mmc_cdr)"), std::string::npos) << check.out;
  const std::string iso = makeIso();
  const std::string out = path("exported.iso");
  const ProcessResult burn = emulate({"--export-image", out}, {"wodim", "dev=/dev/sr0", "-data", "-tao", iso});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;
  judgeExport(out);
}

TEST_F(BridgeInterop, SeveralProcessesShareOneDrive) {
  // One emulate, two programs in turn (sh forks each): the second sees what the first wrote.
  const std::string iso = makeIso();
  const ProcessResult r =
      emulate({}, {"sh", "-c", "cdrskin dev=/dev/sr0 -data -tao " + iso + " && cd-info --no-device-info /dev/sr0"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("CD-ROM Track List (1 - 1)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("label `BRIDGE"), std::string::npos) << r.out;
}

}  // namespace dm::interop
