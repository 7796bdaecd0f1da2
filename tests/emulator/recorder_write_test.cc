// vrec::Recorder recording tests: the full TAO sequence with read-back and ISO export, write
// address and parameter errors, MODE SELECT validation (nothing changes on error), test write,
// tray and lock handling. CDBs are written out by hand.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "emulator/drive/cd_speed.h"
#include "recorder_test_support.h"

namespace vrec_test {
namespace {

std::filesystem::path tempFile(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         (name + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".iso");
}

Bytes readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(RecorderWrite, FullTaoSequenceReadsBackAndExports) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(testUnitReady(r).good());
  // MODE SENSE(10) page 05, modify (TAO, BUFE, data track, close disc, Mode 1), MODE SELECT(10).
  ASSERT_TRUE(selectWriteParameters(r, kTao | kBufe, kDataTrackCloseDisc, kMode1).good());
  const Reply page = dataIn(r, {0x5A, 0x00, 0x05, 0x00, 0, 0, 0, 0x00, 0x40, 0x00}, 64);
  EXPECT_EQ(page.data[8 + 2], kTao | kBufe);
  // PREVENT MEDIUM REMOVAL, READ TRACK INFORMATION for the NWA.
  ASSERT_TRUE(noData(r, {0x1E, 0x00, 0x00, 0x00, 0x01, 0x00}).good());
  const uint32_t nwa = be32(trackInfo(r, 0xFF).data, 12);
  ASSERT_EQ(nwa, 0u);

  constexpr uint32_t kBlocks = 1'500;  // ~3 MB: more than the 2 MiB buffer, so the head starts
  writeBlocks(r, 0, kBlocks);
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(closeSession(r).good());
  ASSERT_TRUE(noData(r, {0x1E, 0x00, 0x00, 0x00, 0x00, 0x00}).good());

  // READ(10) gives back the bytes, 32 blocks at a time.
  for (uint32_t lba = 0; lba < kBlocks; lba += 32) {
    const auto n = static_cast<uint16_t>(std::min<uint32_t>(32, kBlocks - lba));
    const Reply read = dataIn(r, read10Cdb(static_cast<int32_t>(lba), n), n * 2048u);
    ASSERT_TRUE(read.good()) << "lba " << lba << ": " << read.sense();
    ASSERT_EQ(read.data, payload(static_cast<int32_t>(lba), n)) << "lba " << lba;
  }
  // The run-out blocks after the track are unreadable; past the disc's content is out of range.
  const Reply run_out = dataIn(r, read10Cdb(kBlocks - 1, 2), 2 * 2048);
  EXPECT_EQ(run_out.sense(), "03/11/00");
  EXPECT_EQ(run_out.information(), kBlocks);
  EXPECT_EQ(run_out.outcome.transferred, 2048u);  // the good block before it came through
  EXPECT_EQ(dataIn(r, read10Cdb(kBlocks + 10, 1), 2048).sense(), "05/21/00");

  // exportIso writes exactly what was written.
  const std::filesystem::path iso = tempFile("vrec-tao");
  ASSERT_FALSE(r.exportIso(iso).has_value());
  EXPECT_EQ(readFile(iso), payload(0, static_cast<uint16_t>(kBlocks)));
  std::filesystem::remove(iso);
}

TEST(RecorderWrite, ExportFailureNamesThePathAndTheReason) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
  writeBlocks(r, 0, 300);
  ASSERT_TRUE(closeSession(r).good());
  const std::filesystem::path bad = "/nonexistent-dir/vrec/out.iso";
  const auto error = r.exportIso(bad);
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->message.find(bad.string()), std::string::npos) << error->message;
  EXPECT_NE(error->message.find("No such file or directory"), std::string::npos) << error->message;
  // A blank disc has nothing to export.
  vrec::Recorder blank = makeRecorder();
  EXPECT_TRUE(blank.exportIso(tempFile("vrec-blank")).has_value());
}

TEST(RecorderWrite, WriteAtWrongAddressIsInvalidAddressForWrite) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
  const Reply reply = dataOut(r, write10Cdb(1000, 32), payload(1000, 32));
  EXPECT_EQ(reply.sense(), "05/21/02");
  EXPECT_TRUE(reply.infoValid());
  EXPECT_EQ(reply.information(), 1000u);
  EXPECT_TRUE(r.medium().isBlank());
  // Negative LBAs come back as two's complement.
  const Reply negative = dataOut(r, write10Cdb(-150, 1), payload(0, 1));
  EXPECT_EQ(negative.sense(), "05/21/02");
  EXPECT_EQ(negative.information(), 0xFFFFFF6Au);
}

TEST(RecorderWrite, WriteDataMustMatchCountTimesBlockSize) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
  Bytes short_data = payload(0, 32);
  short_data.resize(short_data.size() - 1);
  const Reply reply = dataOut(r, write10Cdb(0, 32), short_data);
  EXPECT_EQ(reply.sense(), "05/24/00");
  EXPECT_EQ(reply.fieldPointer(), 7);
  // WRITE(10) given as a data-in command is rejected as well.
  Bytes buffer(2048);
  const vrec::CommandOutcome wrong_way = r.execute(write10Cdb(0, 1), vrec::DataDirection::kFromDevice, buffer);
  EXPECT_EQ(wrong_way.status, vrec::kStatusCheckCondition);
  EXPECT_TRUE(r.medium().isBlank());
}

TEST(RecorderWrite, WritePastTheEndOfTheDisc) {
  // Fill a 74 min disc in a test write (nothing is stored, so this is cheap) until less than one
  // 32-block chunk is left before its last possible lead-out start, then cross it.
  vrec::Recorder r = makeRecorder(vrec::MediumKind::kCdR74);
  ASSERT_TRUE(selectWriteParameters(r, kTao | kTestWrite, kDataTrackCloseDisc, kMode1).good());
  constexpr int32_t kCapacity74 = 332'850;  // mmc.md §1.4: 74:00:00
  const Bytes chunk(32 * 2048, 0x5A);
  int32_t lba = 0;
  for (; lba + 32 <= kCapacity74; lba += 32) {
    ASSERT_TRUE(dataOut(r, write10Cdb(lba, 32), chunk).good()) << lba;
  }
  EXPECT_EQ(be32(trackInfo(r, 0xFF).data, 16), static_cast<uint32_t>(kCapacity74 - lba));
  const Reply beyond = dataOut(r, write10Cdb(lba, 32), chunk);
  ASSERT_LT(kCapacity74 - lba, 32);
  EXPECT_EQ(beyond.sense(), "05/63/00");
  EXPECT_EQ(beyond.information(), static_cast<uint32_t>(lba));
}

TEST(RecorderModeSelect, BadPageLengthChangesNothing) {
  vrec::Recorder r = makeRecorder();
  const Bytes sense_05 = {0x5A, 0x00, 0x05, 0x00, 0, 0, 0, 0x00, 0x40, 0x00};
  const Bytes before = dataIn(r, sense_05, 64).data;
  Bytes list = before;
  list[0] = list[1] = 0;
  list[8 + 2] = kTao | kTestWrite;  // a change that would be valid...
  list[8 + 1] = 0x30;               // ...in a page with a wrong length
  const Reply reply = dataOut(r, {0x55, 0x10, 0, 0, 0, 0, 0, 0x00, 0x40, 0x00}, list);
  EXPECT_EQ(reply.sense(), "05/26/00");
  EXPECT_TRUE(reply.sksv());
  EXPECT_FALSE(reply.inCdb());      // the fault is in the parameter list
  EXPECT_EQ(reply.fieldPointer(), 9);
  EXPECT_EQ(dataIn(r, sense_05, 64).data, before);
}

TEST(RecorderModeSelect, InvalidValuesAreRejectedWithTheirOffset) {
  vrec::Recorder r = makeRecorder();
  // Write type 4 (layer jump, DVD-R DL) is not offered on CD.
  Reply reply = selectWriteParameters(r, 0x04, kDataTrackCloseDisc, kMode1);
  EXPECT_EQ(reply.sense(), "05/26/00");
  EXPECT_EQ(reply.fieldPointer(), 10);
  // Data block type 9 (Mode 2, 2336) is not offered.
  reply = selectWriteParameters(r, kTao, kDataTrackCloseDisc, 0x09);
  EXPECT_EQ(reply.sense(), "05/26/00");
  EXPECT_EQ(reply.fieldPointer(), 12);
  // Multisession 10b is reserved.
  reply = selectWriteParameters(r, kTao, 0x84, kMode1);
  EXPECT_EQ(reply.sense(), "05/26/00");
  // SAO is accepted and stored; its WRITEs need a cue sheet first.
  EXPECT_TRUE(selectWriteParameters(r, 0x02, kDataTrackCloseDisc, 0x00).good());
  EXPECT_EQ(dataOut(r, write10Cdb(0, 1), Bytes(2352, 0)).sense(), "05/2C/00");
}

TEST(RecorderModeSelect, BufeNeedsAProtectedDrive) {
  vrec::DriveProfile plain = vrec::DriveProfile::defaultCdRecorder();
  plain.underrun_protection = false;
  vrec::Recorder r(plain, vrec::Medium::blank(vrec::MediumKind::kCdR80));
  const Reply reply = selectWriteParameters(r, kTao | kBufe, kDataTrackCloseDisc, kMode1);
  EXPECT_EQ(reply.sense(), "05/26/00");
  EXPECT_EQ(reply.fieldPointer(), 10);
}

TEST(RecorderModeSelect, HeaderAndCdbChecks) {
  vrec::Recorder r = makeRecorder();
  // A parameter list shorter than the mode header.
  EXPECT_EQ(dataOut(r, {0x55, 0x10, 0, 0, 0, 0, 0, 0x00, 0x04, 0x00}, Bytes(4, 0)).sense(), "05/1A/00");
  // A page that runs past the end of the list.
  Bytes truncated(12, 0);
  truncated[8] = 0x05;
  truncated[9] = 0x36;
  EXPECT_EQ(dataOut(r, {0x55, 0x10, 0, 0, 0, 0, 0, 0x00, 0x0C, 0x00}, truncated).sense(), "05/1A/00");
  // PF = 0.
  const Reply no_pf = dataOut(r, {0x55, 0x00, 0, 0, 0, 0, 0, 0x00, 0x08, 0x00}, Bytes(8, 0));
  EXPECT_EQ(no_pf.sense(), "05/24/00");
  EXPECT_EQ(no_pf.fieldPointer(), 1);
  // Page 2Ah cannot be selected.
  Bytes caps(8 + 60, 0);
  caps[8] = 0x2A;
  caps[9] = 58;
  EXPECT_EQ(dataOut(r, {0x55, 0x10, 0, 0, 0, 0, 0, 0x00, 68, 0x00}, caps).sense(), "05/26/00");
  // An empty list is fine.
  EXPECT_TRUE(dataOut(r, {0x55, 0x10, 0, 0, 0, 0, 0, 0x00, 0x00, 0x00}, {}).good());
}

TEST(RecorderWrite, TestWriteLeavesTheDiscBlank) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao | kTestWrite, kDataTrackCloseDisc, kMode1).good());
  writeBlocks(r, 0, 640);
  // The drive tracks the simulated progress so the host can keep writing at the NWA.
  EXPECT_EQ(be32(trackInfo(r, 0xFF).data, 12), 640u);
  const Reply sync = syncCache(r);
  ASSERT_TRUE(sync.good());
  EXPECT_EQ(be32(trackInfo(r, 0xFF).data, 12), 640u + 152u);
  const Reply close = closeSession(r);
  ASSERT_TRUE(close.good());
  // The fixation is timed all the same: lead-in 4,500 + lead-out 6,750 sectors at 48×.
  const vrec::Ticks fixation = vrec::ticksForSectors(vrec::kLeadInSectors, 48) +
                               vrec::ticksForSectors(vrec::kFirstLeadOutSectors, 48);
  EXPECT_EQ(close.took(), r.profile().command_overhead + fixation);

  EXPECT_TRUE(r.medium().isBlank());
  EXPECT_EQ(r.medium().describe(), "CD-R 80 min (blank)");
  EXPECT_EQ(discInfo(r).data[2], 0x00);
  EXPECT_EQ(be32(trackInfo(r, 0xFF).data, 12), 0u);
  EXPECT_EQ(r.medium().store().storedBlocks(), 0u);
  EXPECT_EQ(dataIn(r, read10Cdb(0, 1), 2048).sense(), "05/21/00");
  EXPECT_NE(r.traceText().find("SIMULATION-END"), std::string::npos);
}

TEST(RecorderWrite, TestWriteCannotBeToggledMidTrack) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
  writeBlocks(r, 0, 64);
  EXPECT_EQ(selectWriteParameters(r, kTao | kTestWrite, kDataTrackCloseDisc, kMode1).sense(), "05/2C/00");
  ASSERT_TRUE(syncCache(r).good());
  EXPECT_TRUE(selectWriteParameters(r, kTao | kTestWrite, kDataTrackCloseDisc, kMode1).good());
  // The simulated second track starts where the real first one left the NWA.
  writeBlocks(r, 452, 32);
  EXPECT_EQ(be32(trackInfo(r, 0xFF).data, 12), 484u);
  // Back to real writing: the simulation is dropped, the real disc still has one closed track.
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
  EXPECT_EQ(be32(trackInfo(r, 0xFF).data, 12), 452u);
  EXPECT_EQ(r.medium().tracks().size(), 1u);
}

TEST(RecorderMechanism, EjectLoadAndUnitAttention) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(testUnitReady(r).good());  // constructed with a medium: ready, no unit attention
  // PREVENT, then eject is refused.
  ASSERT_TRUE(noData(r, {0x1E, 0x00, 0x00, 0x00, 0x01, 0x00}).good());
  EXPECT_EQ(noData(r, {0x1B, 0x00, 0x00, 0x00, 0x02, 0x00}).sense(), "05/53/02");
  ASSERT_TRUE(noData(r, {0x1E, 0x00, 0x00, 0x00, 0x00, 0x00}).good());
  ASSERT_TRUE(noData(r, {0x1B, 0x00, 0x00, 0x00, 0x02, 0x00}).good());
  EXPECT_TRUE(r.trayOpen());
  EXPECT_EQ(testUnitReady(r).sense(), "02/3A/02");
  EXPECT_EQ(discInfo(r).sense(), "02/3A/02");

  // GESN: media removal event, tray open.
  const Reply event = dataIn(r, {0x4A, 0x01, 0, 0, 0x10, 0, 0, 0x00, 0x08, 0x00}, 8);
  ASSERT_TRUE(event.good());
  EXPECT_EQ(event.data, (Bytes{0x00, 0x06, 0x04, 0x10, 0x03, 0x01, 0x00, 0x00}));

  // Load (IMMED): becoming ready, then the unit attention once, then ready.
  ASSERT_TRUE(noData(r, {0x1B, 0x01, 0x00, 0x00, 0x03, 0x00}).good());
  EXPECT_EQ(testUnitReady(r).sense(), "02/04/01");
  r.advance(10 * vrec::kTicksPerSecond);
  EXPECT_EQ(testUnitReady(r).sense(), "06/28/00");
  EXPECT_TRUE(testUnitReady(r).good());
  const Reply loaded = dataIn(r, {0x4A, 0x01, 0, 0, 0x10, 0, 0, 0x00, 0x08, 0x00}, 8);
  EXPECT_EQ(loaded.data[4], 0x02);  // new media
  EXPECT_EQ(loaded.data[5], 0x02);  // present, tray closed

  // An empty tray closed: no medium, tray closed.
  ASSERT_TRUE(noData(r, {0x1B, 0x00, 0x00, 0x00, 0x02, 0x00}).good());
  ASSERT_TRUE(r.removeMedium());
  ASSERT_TRUE(noData(r, {0x1B, 0x00, 0x00, 0x00, 0x03, 0x00}).good());
  EXPECT_EQ(testUnitReady(r).sense(), "02/3A/01");
  EXPECT_FALSE(r.insertMedium(vrec::Medium::blank(vrec::MediumKind::kCdRw)));  // tray is closed
}

}  // namespace
}  // namespace vrec_test
