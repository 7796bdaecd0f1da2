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

TEST(MmcCommand, CloseFunctionsForEveryMedium) {
  // 5B, IMMED, function in byte 2 bits 2-0, track in bytes 4-5 (mmc.md §2.5).
  const std::vector<std::pair<CloseFunction, uint8_t>> functions{
      {CloseFunction::kStopBackgroundFormat, 0}, {CloseFunction::kTrack, 1}, {CloseFunction::kSession, 2},
      {CloseFunction::kFinalizeOverwrite, 3},    {CloseFunction::kSessionMinimalRadius, 4},
      {CloseFunction::kFinalizeMinimalRadius, 5}, {CloseFunction::kFinalize, 6}};
  for (const auto& [function, code] : functions) {
    EXPECT_EQ(bytes(closeTrackSession(true, function, 0x0102)),
              (std::vector<uint8_t>{0x5B, 0x01, code, 0, 0x01, 0x02, 0, 0, 0, 0}));
  }
}

TEST(MmcCommand, ReserveTrackCarriesTheSizeInBytesFiveToEight) {
  const Command c = reserveTrack(0x00231234);
  EXPECT_EQ(bytes(c), (std::vector<uint8_t>{0x53, 0x00, 0, 0, 0, 0x00, 0x23, 0x12, 0x34, 0}));
  EXPECT_EQ(c.direction, Direction::kNone);
  EXPECT_EQ(c.timeout, kReserveTrackTimeout);
  EXPECT_EQ(c.name, "RESERVE TRACK");
}

TEST(MmcCommand, FormatUnitWithOneDescriptor) {
  const Command c = formatUnit();
  EXPECT_EQ(bytes(c), (std::vector<uint8_t>{0x04, 0x11, 0, 0, 0, 0}));  // FmtData, format code 001b
  EXPECT_EQ(c.direction, Direction::kToDevice);
  EXPECT_EQ(c.transfer_bytes, 12u);
  const auto list = formatList(true, FormatType::kDvdPlusRwBasic, 0xFFFFFFFF, 0);
  // Header: FOV + IMMED, descriptor length 8; descriptor: blocks, type 26h << 2, parameter 0.
  EXPECT_EQ(std::vector<uint8_t>(list.begin(), list.end()),
            (std::vector<uint8_t>{0x00, 0x82, 0x00, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x98, 0x00, 0x00, 0x00}));
  const auto full = formatList(false, FormatType::kFull, 0x00230000, 0x000010);
  EXPECT_EQ(std::vector<uint8_t>(full.begin(), full.end()),
            (std::vector<uint8_t>{0x00, 0x00, 0x00, 0x08, 0x00, 0x23, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10}));
}

TEST(MmcCommand, SetStreamingPerformanceDescriptor) {
  const Command c = setStreaming();
  EXPECT_EQ(bytes(c), (std::vector<uint8_t>{0xB6, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 28, 0}));
  EXPECT_EQ(c.direction, Direction::kToDevice);
  EXPECT_EQ(c.transfer_bytes, 28u);
  // 8x DVD = 11,080 kB per 1,000 ms up to the last LBA of a DVD+R (2,295,104 blocks).
  const auto d = streamingDescriptor(2295103, 11080, 11080);
  EXPECT_EQ(std::vector<uint8_t>(d.begin(), d.end()),
            (std::vector<uint8_t>{0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x23, 0x05, 0x3F, 0x00, 0x00, 0x2B, 0x48,
                                  0x00, 0x00, 0x03, 0xE8, 0x00, 0x00, 0x2B, 0x48, 0x00, 0x00, 0x03, 0xE8}));
}

TEST(MmcCommand, ReadDiscStructureOfADvd) {
  const Command c = readDiscStructure(0x11, 0, 0, 0x0804);
  EXPECT_EQ(bytes(c), (std::vector<uint8_t>{0xAD, 0x00, 0, 0, 0, 0, 0x00, 0x11, 0x08, 0x04, 0, 0}));
  EXPECT_EQ(c.direction, Direction::kFromDevice);
  EXPECT_EQ(c.transfer_bytes, 0x0804u);
}

}  // namespace
}  // namespace dm::mmc
