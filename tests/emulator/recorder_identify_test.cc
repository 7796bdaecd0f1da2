// vrec::Recorder identity and command-frame tests: INQUIRY, GET CONFIGURATION, REQUEST SENSE, the
// sense format, unknown opcodes, CDB length and field checks, page 2Ah and SET CD SPEED. Every CDB
// is written out by hand.
#include <gtest/gtest.h>

#include <string>

#include "recorder_test_support.h"

namespace vrec_test {
namespace {

TEST(RecorderIdentify, InquiryStandardData) {
  vrec::Recorder r = makeRecorder();
  const Reply reply = dataIn(r, {0x12, 0x00, 0x00, 0x00, 0x24, 0x00}, 96);
  ASSERT_TRUE(reply.good()) << reply.sense();
  ASSERT_EQ(reply.data.size(), 36u);
  EXPECT_EQ(reply.data[0], 0x05);  // CD/DVD device
  EXPECT_EQ(reply.data[1], 0x80);  // RMB
  EXPECT_EQ(reply.data[2], 0x00);  // version (ATAPI)
  EXPECT_EQ(reply.data[3], 0x02);  // response data format 2
  EXPECT_EQ(reply.data[4], 0x1F);  // additional length
  EXPECT_EQ(std::string(reply.data.begin() + 8, reply.data.begin() + 16), "DISCMSTR");
  EXPECT_EQ(std::string(reply.data.begin() + 16, reply.data.begin() + 32), "VIRTUAL CD-RW   ");
  EXPECT_EQ(std::string(reply.data.begin() + 32, reply.data.begin() + 36), "1.00");
}

TEST(RecorderIdentify, InquiryTruncatesToAllocationLength) {
  vrec::Recorder r = makeRecorder();
  const Reply reply = dataIn(r, {0x12, 0x00, 0x00, 0x00, 0x05, 0x00}, 96);
  ASSERT_TRUE(reply.good());
  EXPECT_EQ(reply.data.size(), 5u);
}

TEST(RecorderIdentify, InquiryVitalProductData) {
  vrec::Recorder r = makeRecorder();
  const Reply pages = dataIn(r, {0x12, 0x01, 0x00, 0x00, 0xFF, 0x00}, 255);
  ASSERT_TRUE(pages.good());
  EXPECT_EQ(pages.data, (Bytes{0x05, 0x00, 0x00, 0x02, 0x00, 0x80}));
  const Reply serial = dataIn(r, {0x12, 0x01, 0x80, 0x00, 0xFF, 0x00}, 255);
  ASSERT_TRUE(serial.good());
  EXPECT_EQ(std::string(serial.data.begin() + 4, serial.data.end()), "VREC0000000001");

  const Reply unknown = dataIn(r, {0x12, 0x01, 0x83, 0x00, 0xFF, 0x00}, 255);
  EXPECT_EQ(unknown.sense(), "05/24/00");
  EXPECT_TRUE(unknown.sksv());
  EXPECT_TRUE(unknown.inCdb());
  EXPECT_EQ(unknown.fieldPointer(), 2);
  const Reply page_without_evpd = dataIn(r, {0x12, 0x00, 0x80, 0x00, 0xFF, 0x00}, 255);
  EXPECT_EQ(page_without_evpd.sense(), "05/24/00");
}

TEST(RecorderIdentify, UnknownOpcodeIsInvalidCommand) {
  vrec::Recorder r = makeRecorder();
  // READ DVD STRUCTURE (ADh) is not implemented on this CD recorder.
  EXPECT_EQ(dataIn(r, {0xAD, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x08, 0, 0}, 8).sense(), "05/20/00");
  EXPECT_EQ(noData(r, {0xFF, 0, 0, 0, 0, 0}).sense(), "05/20/00");
}

TEST(RecorderIdentify, SenseIsFixedFormatEighteenBytes) {
  vrec::Recorder r = makeRecorder();
  const Reply reply = noData(r, {0xFF, 0, 0, 0, 0, 0});
  EXPECT_EQ(reply.outcome.status, vrec::kStatusCheckCondition);
  EXPECT_EQ(reply.outcome.sense_length, 18);
  EXPECT_EQ(reply.outcome.sense[0] & 0x7F, 0x70);
  EXPECT_EQ(reply.outcome.sense[7], 10);  // additional sense length
}

TEST(RecorderIdentify, CdbLengthMustMatchTheGroup) {
  vrec::Recorder r = makeRecorder();
  // A 10-byte INQUIRY (group 0 is 6 bytes).
  EXPECT_EQ(dataIn(r, {0x12, 0, 0, 0, 36, 0, 0, 0, 0, 0}, 36).sense(), "05/24/00");
  // A 6-byte READ DISC INFORMATION (group 2 is 10 bytes).
  EXPECT_EQ(dataIn(r, {0x51, 0, 0, 0, 0, 0}, 34).sense(), "05/24/00");
  // ATAPI pads every packet to 12 bytes with zeros: accepted.
  EXPECT_TRUE(noData(r, {0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}).good());
  // NACA in the control byte is not supported.
  const Reply naca = noData(r, {0x00, 0, 0, 0, 0, 0x04});
  EXPECT_EQ(naca.sense(), "05/24/00");
  EXPECT_EQ(naca.fieldPointer(), 5);
}

TEST(RecorderIdentify, BadCdbFieldCarriesFieldPointer) {
  vrec::Recorder r = makeRecorder();
  // GET CONFIGURATION with RT = 11b (reserved).
  const Reply reply = dataIn(r, {0x46, 0x03, 0x00, 0x00, 0, 0, 0, 0x00, 0x08, 0x00}, 8);
  EXPECT_EQ(reply.sense(), "05/24/00");
  EXPECT_TRUE(reply.sksv());
  EXPECT_TRUE(reply.inCdb());
  EXPECT_EQ(reply.outcome.sense[15] & 0x0F, 0x08 | 1);  // BPV, bit 1
  EXPECT_EQ(reply.fieldPointer(), 1);
}

TEST(RecorderIdentify, DataDirectionMismatchIsRejected) {
  vrec::Recorder r = makeRecorder();
  Bytes data(36, 0);
  const vrec::CommandOutcome outcome =
      r.execute(Bytes{0x12, 0, 0, 0, 36, 0}, vrec::DataDirection::kToDevice, data);
  EXPECT_EQ(outcome.status, vrec::kStatusCheckCondition);
  EXPECT_EQ(outcome.sense[12], 0x24);
}

TEST(RecorderIdentify, RequestSenseReturnsAndClearsPendingSense) {
  vrec::Recorder r = makeRecorder();
  ASSERT_FALSE(noData(r, {0xFF, 0, 0, 0, 0, 0}).good());
  const Reply first = dataIn(r, {0x03, 0x00, 0x00, 0x00, 0x12, 0x00}, 18);
  ASSERT_TRUE(first.good());
  ASSERT_EQ(first.data.size(), 18u);
  EXPECT_EQ(first.data[2] & 0x0F, 0x05);
  EXPECT_EQ(first.data[12], 0x20);
  const Reply second = dataIn(r, {0x03, 0x00, 0x00, 0x00, 0x12, 0x00}, 18);
  ASSERT_TRUE(second.good());
  EXPECT_EQ(second.data[2] & 0x0F, 0x00);
  EXPECT_EQ(second.data[12], 0x00);
}

uint16_t currentProfile(vrec::Recorder& r) {
  const Reply reply = dataIn(r, {0x46, 0x00, 0x00, 0x00, 0, 0, 0, 0x00, 0x08, 0x00}, 8);
  EXPECT_TRUE(reply.good());
  return reply.data.size() == 8 ? be16(reply.data, 6) : 0xFFFF;
}

TEST(RecorderConfiguration, CurrentProfileFollowsTheMedium) {
  vrec::Recorder cd_r = makeRecorder(vrec::MediumKind::kCdR80);
  vrec::Recorder cd_rw = makeRecorder(vrec::MediumKind::kCdRw);
  EXPECT_EQ(currentProfile(cd_r), 0x0009);
  EXPECT_EQ(currentProfile(cd_rw), 0x000A);
  // No medium: eject, take the disc, close the tray.
  ASSERT_TRUE(noData(cd_r, {0x1B, 0x00, 0x00, 0x00, 0x02, 0x00}).good());
  ASSERT_TRUE(cd_r.removeMedium());
  ASSERT_TRUE(noData(cd_r, {0x1B, 0x00, 0x00, 0x00, 0x03, 0x00}).good());
  EXPECT_EQ(currentProfile(cd_r), 0x0000);
}

TEST(RecorderConfiguration, AllocationLengthTruncatesWithoutError) {
  vrec::Recorder r = makeRecorder();
  const Reply full = dataIn(r, {0x46, 0x00, 0x00, 0x00, 0, 0, 0, 0x10, 0x00, 0x00}, 4096);
  ASSERT_TRUE(full.good());
  ASSERT_GT(full.data.size(), 8u);
  EXPECT_EQ(be32(full.data, 0), full.data.size() - 4);
  // Profile list first: 000Ah, 0009h (CurrentP), 0008h.
  EXPECT_EQ(be16(full.data, 8), 0x0000);
  EXPECT_EQ(full.data[11], 12);
  EXPECT_EQ(be16(full.data, 12), 0x000A);
  EXPECT_EQ(full.data[14] & 1, 0);
  EXPECT_EQ(be16(full.data, 16), 0x0009);
  EXPECT_EQ(full.data[18] & 1, 1);
  EXPECT_EQ(be16(full.data, 20), 0x0008);

  const Reply header = dataIn(r, {0x46, 0x00, 0x00, 0x00, 0, 0, 0, 0x00, 0x08, 0x00}, 4096);
  ASSERT_TRUE(header.good());
  EXPECT_EQ(header.data.size(), 8u);
  EXPECT_EQ(be32(header.data, 0), full.data.size() - 4);  // the full length, not the truncated one
}

TEST(RecorderConfiguration, SingleFeatureAndCurrentOnly) {
  vrec::Recorder r = makeRecorder();
  // RT = 10b: exactly feature 002Dh (CD Track at Once).
  const Reply tao = dataIn(r, {0x46, 0x02, 0x00, 0x2D, 0, 0, 0, 0x00, 0xFF, 0x00}, 255);
  ASSERT_TRUE(tao.good());
  ASSERT_EQ(tao.data.size(), 8u + 8u);
  EXPECT_EQ(be16(tao.data, 8), 0x002D);
  EXPECT_EQ(tao.data[10] & 0x01, 0x01);     // current: a blank CD-R is writable
  EXPECT_EQ(tao.data[12] & 0x46, 0x46);     // BUF, Test Write, CD-RW
  // RT = 01b from 0010h: Random Readable is not current on a blank disc.
  const Reply current = dataIn(r, {0x46, 0x01, 0x00, 0x10, 0, 0, 0, 0x04, 0x00, 0x00}, 1024);
  ASSERT_TRUE(current.good());
  for (size_t at = 8; at + 4 <= current.data.size(); at += 4u + current.data[at + 3]) {
    EXPECT_NE(be16(current.data, at), 0x0010);
    EXPECT_EQ(current.data[at + 2] & 1, 1);
  }
}

TEST(RecorderModePages, CapabilitiesPageAndSetCdSpeed) {
  vrec::Recorder r = makeRecorder();
  const Bytes sense_2a = {0x5A, 0x00, 0x2A, 0x00, 0, 0, 0, 0x01, 0x00, 0x00};
  Reply page = dataIn(r, sense_2a, 256);
  ASSERT_TRUE(page.good()) << page.sense();
  ASSERT_EQ(page.data.size(), 8u + 32u + 7u * 4u);
  const size_t p = 8;
  EXPECT_EQ(page.data[p], 0x2A);
  EXPECT_EQ(page.data[p + 1], 30 + 7 * 4);
  EXPECT_EQ(page.data[p + 4] & 0x80, 0x80);        // BUF
  EXPECT_EQ(be16(page.data, p + 12), 2048);        // buffer size in KiB
  EXPECT_EQ(be16(page.data, p + 18), 8467);        // max write speed: 48 × 176.4
  EXPECT_EQ(be16(page.data, p + 28), 8467);        // current: max by default
  EXPECT_EQ(be16(page.data, p + 30), 7);
  EXPECT_EQ(be16(page.data, p + 32 + 2), 8467);    // fastest first
  EXPECT_EQ(be16(page.data, p + 32 + 6 * 4 + 2), 705);

  // SET CD SPEED write 16 × 176 = 2816 kB/s selects 16×; 3000 kB/s rounds down to 16× as well.
  ASSERT_TRUE(noData(r, {0xBB, 0x00, 0xFF, 0xFF, 0x0B, 0x00, 0, 0, 0, 0, 0, 0}).good());
  page = dataIn(r, sense_2a, 256);
  EXPECT_EQ(be16(page.data, p + 28), 2822);
  ASSERT_TRUE(noData(r, {0xBB, 0x00, 0xFF, 0xFF, 0x0B, 0xB8, 0, 0, 0, 0, 0, 0}).good());
  EXPECT_EQ(r.currentWriteSpeedX(), 16);
  ASSERT_TRUE(noData(r, {0xBB, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0}).good());
  EXPECT_EQ(r.currentWriteSpeedX(), 48);
  // Rotation control CAV (01b) is refused.
  EXPECT_EQ(noData(r, {0xBB, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0}).sense(), "05/24/00");
  // Saved values (PC = 11b) are not supported.
  EXPECT_EQ(dataIn(r, {0x5A, 0x00, 0xEA, 0x00, 0, 0, 0, 0x01, 0x00, 0x00}, 256).sense(), "05/39/00");
}

TEST(RecorderModePages, CdRwUsesItsOwnSpeedList) {
  vrec::Recorder r = makeRecorder(vrec::MediumKind::kCdRw);
  EXPECT_EQ(r.currentWriteSpeedX(), 24);
  const Reply perf = dataIn(r, {0xAC, 0x00, 0, 0, 0, 0, 0, 0, 0x00, 0x10, 0x03, 0x00}, 8 + 16 * 16);
  ASSERT_TRUE(perf.good()) << perf.sense();
  ASSERT_EQ(perf.data.size(), 8u + 4u * 16u);
  EXPECT_EQ(be32(perf.data, 8 + 4), 359'849u);        // end LBA = capacity
  EXPECT_EQ(be32(perf.data, 8 + 12), 4233u);          // 24×
}

}  // namespace
}  // namespace vrec_test
