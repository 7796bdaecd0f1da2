// The bridged device as more programs see it: exclusive opens across the processes of one run
// (as the sr driver honours O_EXCL), and cdrdao, which finds drives through sysfs and picks its
// driver by the drive's identity: scanbus, drive-info, disk-info and read-toc on the virtual drive.
#include <regex>

#include "tests/interop/bridge_fixture.h"

namespace dm::interop {

TEST_F(BridgeInterop, ExclusiveOpensExcludeEachOtherAcrossProcesses) {
  const ProcessResult r = emulate({}, {DM_EXCLUSIVE_PROBE_PATH, "/dev/sr0"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // The kernel's rule: one O_EXCL holder at a time, plain opens always; a dup keeps the claim.
  EXPECT_EQ(r.out,
            "first O_EXCL: ok\n"
            "same process O_EXCL: EBUSY\n"
            "other process O_EXCL: EBUSY\n"
            "other process plain: ok\n"
            "closed the first, a dup still open\n"
            "other process O_EXCL: EBUSY\n"
            "other process plain: ok\n"
            "closed the dup\n"
            "other process O_EXCL: ok\n"
            "other process plain: ok\n");
}

TEST_F(BridgeInterop, CdrskinFindsTheDriveBusyWhileAnotherProcessHoldsIt) {
  const ProcessResult busy =
      emulate({}, {DM_EXCLUSIVE_PROBE_PATH, "hold", "/dev/sr0", "cdrskin", "dev=/dev/sr0", "-checkdrive"});
  EXPECT_NE(busy.exit_code, 0);
  EXPECT_NE(busy.err.find("Cannot open busy device '/dev/sr0'"), std::string::npos) << busy.err;
  // Without the holder, the same command sees the drive.
  const ProcessResult free = emulate({}, {"cdrskin", "dev=/dev/sr0", "-checkdrive"});
  EXPECT_EQ(free.exit_code, 0) << free.err;
}

TEST_F(BridgeInterop, CdrdaoScanbusListsTheDriveFromTheFakedSysfs) {
  const ProcessResult r = emulate({}, {"cdrdao", "scanbus"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("/dev/sr0 : DISCMSTR, VIRTUAL CD-RW   , 1.00"), std::string::npos) << r.err;
  // Another profile, another number: the listing follows the drive's identity and --as.
  const ProcessResult other = emulate({"--drive", "plextor-px-w5224a", "--as", "/dev/sr2"}, {"cdrdao", "scanbus"});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_NE(other.err.find("/dev/sr2 : PLEXTOR , CD-R   PX-W5224A, 1.04"), std::string::npos) << other.err;
}

TEST_F(BridgeInterop, CdrdaoDriveInfoPicksTheGenericMmcDriver) {
  const ProcessResult r = emulate({}, {"cdrdao", "drive-info", "--device", "/dev/sr0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string all = r.out + r.err;
  EXPECT_NE(all.find("Using driver: Generic SCSI-3/MMC"), std::string::npos) << all;
  EXPECT_NE(all.find("Maximum writing speed: 8467 kB/s"), std::string::npos) << all;  // 48x
  EXPECT_NE(all.find("BurnProof supported: yes"), std::string::npos) << all;
}

TEST_F(BridgeInterop, CdrdaoReportsBlankThenBurnedDiscAndReadsItsToc) {
  const std::string disc = path("disc.vrec");
  const ProcessResult blank = emulate({"--medium-file", disc}, {"cdrdao", "disk-info", "--device", "/dev/sr0"});
  ASSERT_EQ(blank.exit_code, 0) << blank.err;
  EXPECT_NE((blank.out + blank.err).find("CD-R empty           : yes"), std::string::npos) << blank.out << blank.err;

  const std::string iso = makeIso();
  const ProcessResult burn = emulate({"--medium-file", disc}, {"wodim", "dev=/dev/sr0", "-data", "-tao", iso});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;

  const ProcessResult info = emulate({"--medium-file", disc}, {"cdrdao", "disk-info", "--device", "/dev/sr0"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  const std::string all = info.out + info.err;
  EXPECT_NE(all.find("CD-R empty           : no"), std::string::npos) << all;
  EXPECT_NE(all.find("Sessions             : 1"), std::string::npos) << all;
  EXPECT_NE(all.find("Appendable           : no"), std::string::npos) << all;

  const std::string toc = path("disc.toc");
  const ProcessResult read = emulate({"--medium-file", disc}, {"cdrdao", "read-toc", "--device", "/dev/sr0", toc});
  ASSERT_EQ(read.exit_code, 0) << read.err;
  std::ifstream f(toc);
  const std::string text(std::istreambuf_iterator<char>(f), {});
  EXPECT_NE(text.find("CD_ROM"), std::string::npos) << text;
  EXPECT_NE(text.find("TRACK MODE1"), std::string::npos) << text;
  // The track's length agrees with an independent reader's TOC (libcdio: the lead-out's LSN), and
  // holds the image (plus wodim's padding and the TAO run-out blocks).
  std::smatch m;
  ASSERT_TRUE(std::regex_search(text, m, std::regex("length in bytes: ([0-9]+)"))) << text;
  const uint64_t length = std::stoull(m[1].str());
  const ProcessResult cdinfo = emulate({"--medium-file", disc}, {"cd-info", "--no-device-info", "/dev/sr0"});
  std::smatch lead;
  ASSERT_TRUE(std::regex_search(cdinfo.out, lead, std::regex("170: [0-9:]+ +([0-9]+) leadout"))) << cdinfo.out;
  EXPECT_EQ(length, std::stoull(lead[1].str()) * 2048) << text << cdinfo.out;
  EXPECT_GE(length, fs::file_size(iso));
}

}  // namespace dm::interop
