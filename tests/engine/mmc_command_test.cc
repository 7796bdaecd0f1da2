// CDB builders against CDBs written out by hand from MMC-5 / SPC-3 (mmc.md §2).
#include <gtest/gtest.h>

#include <vector>

#include "engine/mmc/command.h"

namespace dm::mmc {
namespace {

std::vector<uint8_t> bytes(const Command& c) { return {c.cdb.bytes.begin(), c.cdb.bytes.begin() + c.cdb.length}; }

TEST(MmcCommand, TestUnitReadyIsSixZeroBytes) {
  EXPECT_EQ(bytes(testUnitReady()), (std::vector<uint8_t>{0x00, 0, 0, 0, 0, 0}));
  EXPECT_EQ(testUnitReady().direction, Direction::kNone);
}

TEST(MmcCommand, InquiryCarriesAllocationLength) {
  EXPECT_EQ(bytes(inquiry(36)), (std::vector<uint8_t>{0x12, 0, 0, 0, 36, 0}));
  EXPECT_EQ(inquiry(36).transfer_bytes, 36u);
}

TEST(MmcCommand, GetConfigurationCurrentProfileHeader) {
  EXPECT_EQ(bytes(getConfiguration(ConfigurationRequest::kCurrent, 0x0000, 8)),
            (std::vector<uint8_t>{0x46, 0x01, 0, 0, 0, 0, 0, 0, 8, 0}));
  EXPECT_EQ(bytes(getConfiguration(ConfigurationRequest::kOne, 0x002D, 0x0100)),
            (std::vector<uint8_t>{0x46, 0x02, 0x00, 0x2D, 0, 0, 0, 0x01, 0x00, 0}));
}

TEST(MmcCommand, ReadDiscAndTrackInformation) {
  EXPECT_EQ(bytes(readDiscInformation(34)), (std::vector<uint8_t>{0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0}));
  EXPECT_EQ(bytes(readTrackInformation(TrackAddressType::kTrack, 0xFF, 36)),
            (std::vector<uint8_t>{0x52, 0x01, 0, 0, 0, 0xFF, 0, 0, 36, 0}));
  EXPECT_EQ(bytes(readTrackInformation(TrackAddressType::kLba, 0x00012345, 36)),
            (std::vector<uint8_t>{0x52, 0x00, 0x00, 0x01, 0x23, 0x45, 0, 0, 36, 0}));
}

TEST(MmcCommand, ModeSenseAndSelect10) {
  EXPECT_EQ(bytes(modeSense10(0x05, PageControl::kCurrent, 0x3E)),
            (std::vector<uint8_t>{0x5A, 0x08, 0x05, 0, 0, 0, 0, 0x00, 0x3E, 0}));
  EXPECT_EQ(bytes(modeSense10(0x2A, PageControl::kChangeable, 0x108)),
            (std::vector<uint8_t>{0x5A, 0x08, 0x6A, 0, 0, 0, 0, 0x01, 0x08, 0}));
  EXPECT_EQ(bytes(modeSelect10(0x3E)), (std::vector<uint8_t>{0x55, 0x10, 0, 0, 0, 0, 0, 0x00, 0x3E, 0}));
  EXPECT_EQ(modeSelect10(0x3E).direction, Direction::kToDevice);
}

TEST(MmcCommand, Write10CarriesLbaCountAndContext) {
  const Command c = write10(0x00A1B2C3, 32, 2048);
  EXPECT_EQ(bytes(c), (std::vector<uint8_t>{0x2A, 0, 0x00, 0xA1, 0xB2, 0xC3, 0, 0x00, 0x20, 0}));
  EXPECT_EQ(c.transfer_bytes, 32u * 2048u);
  EXPECT_EQ(c.lba, 0x00A1B2C3);
  EXPECT_EQ(c.blocks, 32u);
  EXPECT_EQ(c.name, "WRITE(10)");
}

TEST(MmcCommand, SynchronizeCacheAndCloseSession) {
  EXPECT_EQ(bytes(synchronizeCache(true)), (std::vector<uint8_t>{0x35, 0x02, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(bytes(closeTrackSession(true, CloseFunction::kSession, 0)),
            (std::vector<uint8_t>{0x5B, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(bytes(closeTrackSession(false, CloseFunction::kTrack, 1)),
            (std::vector<uint8_t>{0x5B, 0x00, 0x01, 0, 0x00, 0x01, 0, 0, 0, 0}));
}

TEST(MmcCommand, SpeedBufferTrayAndEject) {
  EXPECT_EQ(bytes(setCdSpeed(0xFFFF, 2822)),
            (std::vector<uint8_t>{0xBB, 0, 0xFF, 0xFF, 0x0B, 0x06, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(bytes(readBufferCapacity()), (std::vector<uint8_t>{0x5C, 0, 0, 0, 0, 0, 0, 0, 12, 0}));
  EXPECT_EQ(bytes(preventAllowMediumRemoval(true)), (std::vector<uint8_t>{0x1E, 0, 0, 0, 1, 0}));
  EXPECT_EQ(bytes(startStopUnit(false, true, false)), (std::vector<uint8_t>{0x1B, 0, 0, 0, 0x02, 0}));
}

TEST(MmcCommand, Blank) {
  EXPECT_EQ(bytes(blank(true, BlankType::kMinimal)), (std::vector<uint8_t>{0xA1, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(bytes(blank(false, BlankType::kFull)), (std::vector<uint8_t>{0xA1, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(blank(false, BlankType::kFull).timeout, kBlankTimeout);
}

TEST(MmcCommand, ReadCommands) {
  EXPECT_EQ(bytes(read10(16, 1)), (std::vector<uint8_t>{0x28, 0, 0, 0, 0, 16, 0, 0, 1, 0}));
  EXPECT_EQ(bytes(readToc(0, true, 1, 804)), (std::vector<uint8_t>{0x43, 0x02, 0x00, 0, 0, 0, 1, 0x03, 0x24, 0}));
  EXPECT_EQ(bytes(readCapacity()), (std::vector<uint8_t>{0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
}

}  // namespace
}  // namespace dm::mmc
