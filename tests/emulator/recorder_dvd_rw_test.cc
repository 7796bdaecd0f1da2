// DVD+RW in the recorder (mmc.md §2.4, §2.5, §6.4): a blank disc must be formatted (FORMAT UNIT
// 26h, background format) before it takes WRITEs; then it is one track of 2,295,104 blocks that
// READ CAPACITY reports whole and that WRITE overwrites anywhere; CLOSE 000b stops and 010b
// completes the background format. READ DISC STRUCTURE formats 00h/11h/FFh (§2.7) on DVD media.
#include <gtest/gtest.h>

#include "dvd_test_support.h"

namespace vrec_test {
namespace {

using vrec::MediumKind;

constexpr uint32_t kPlusCapacity = 2'295'104;

Reply readCapacity(vrec::Recorder& r) { return dataIn(r, {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 8); }

TEST(DvdPlusRw, BlankDiscNeedsFormatBeforeWrites) {
  vrec::Recorder r = makeDvdRecorder(MediumKind::kDvdPlusRw);
  EXPECT_EQ(dataOut(r, write10Cdb(0, 16), payload(0, 16)).sense(), "05/30/10");
  const Reply fc = dataIn(r, {0x23, 0, 0, 0, 0, 0, 0, 0x00, 0xFC, 0x00}, 252);
  ASSERT_TRUE(fc.good()) << fc.sense();
  ASSERT_EQ(fc.data[3], 16);  // current/maximum + one formattable descriptor
  EXPECT_EQ(be32(fc.data, 4), kPlusCapacity);
  EXPECT_EQ(fc.data[8] & 0x03, 0x01);  // unformatted
  EXPECT_EQ(be32(fc.data, 12), kPlusCapacity);
  EXPECT_EQ(fc.data[16] >> 2, 0x26);
  const Reply di = discInfo(r);
  EXPECT_EQ(di.data[2], 0x10);  // erasable, blank
  EXPECT_EQ(di.data[7] & 0x03, 0x00);
}

TEST(DvdPlusRw, FormatThenOverwriteAnywhere) {
  vrec::Recorder r = makeDvdRecorder(MediumKind::kDvdPlusRw);
  EXPECT_EQ(formatDvdPlusRw(r, false, 0x00).sense(), "05/26/00");  // type 00h is not for DVD+RW
  const Reply f = formatDvdPlusRw(r, true);
  ASSERT_TRUE(f.good()) << f.sense();
  EXPECT_EQ(testUnitReady(r).sense(), "02/04/07");  // IMMED: formatting for a moment
  r.advance(3 * vrec::kTicksPerSecond);
  ASSERT_TRUE(testUnitReady(r).good());
  const Reply cap = readCapacity(r);
  EXPECT_EQ(be32(cap.data, 0), kPlusCapacity - 1);
  EXPECT_EQ(be32(cap.data, 4), 2048u);
  Reply di = discInfo(r);
  EXPECT_EQ(di.data[2] & 0x13, 0x12);  // erasable, complete
  EXPECT_EQ(di.data[7] & 0x03, 0x02);  // background format running

  ASSERT_TRUE(dataOut(r, write10Cdb(1000, 32), payload(1000, 32)).good());
  ASSERT_TRUE(dataOut(r, write10Cdb(0, 32), payload(0, 32)).good());
  ASSERT_TRUE(dataOut(r, write10Cdb(16, 16), payload(5000, 16)).good());  // overwrite
  EXPECT_EQ(dataOut(r, write10Cdb(static_cast<int32_t>(kPlusCapacity) - 8, 16), payload(0, 16)).sense(), "05/21/00");
  ASSERT_TRUE(syncCache(r).good());
  Reply back = dataIn(r, read10Cdb(1000, 32), 32 * 2048);
  EXPECT_EQ(back.data, payload(1000, 32));
  back = dataIn(r, read10Cdb(16, 16), 16 * 2048);
  EXPECT_EQ(back.data, payload(5000, 16));
  back = dataIn(r, read10Cdb(500, 1), 2048);  // formatted, never written: zeros
  ASSERT_TRUE(back.good()) << back.sense();
  EXPECT_EQ(back.data, Bytes(2048, 0));

  EXPECT_EQ(closeFunction(r, 0x01, 1).sense(), "05/24/00");
  ASSERT_TRUE(closeFunction(r, 0x02).good());  // stop the background format compatibly
  di = discInfo(r);
  EXPECT_EQ(di.data[7] & 0x03, 0x03);
  EXPECT_NE(r.traceText().find("FORMAT"), std::string::npos);
  const Reply ti = dvdTrackInfo(r, 1);
  EXPECT_EQ(be32(ti.data, 24), kPlusCapacity);
  EXPECT_EQ(be32(ti.data, 28), 1031u);  // last recorded address
}

TEST(DvdPlusRw, QuickStopLeavesTheFormatStopped) {
  vrec::Recorder r = makeDvdRecorder(MediumKind::kDvdPlusRw);
  ASSERT_TRUE(formatDvdPlusRw(r).good());
  ASSERT_TRUE(closeFunction(r, 0x00).good());
  EXPECT_EQ(discInfo(r).data[7] & 0x03, 0x01);
  EXPECT_EQ(reserveTrack(r, 16).sense(), "05/2C/00");
}

TEST(DvdPlusRw, TestWriteRefused) {
  vrec::Recorder r = makeDvdRecorder(MediumKind::kDvdPlusRw);
  EXPECT_EQ(selectWriteParameters(r, kTestWrite, kDataTrackCloseDisc, kMode1).sense(), "05/26/00");
}

TEST(DvdDiscStructure, PhysicalFormatAdipAndList) {
  vrec::Recorder r = makeDvdRecorder(MediumKind::kDvdPlusR);
  const Reply phys = discStructure(r, 0x00);
  ASSERT_TRUE(phys.good()) << phys.sense();
  EXPECT_EQ(be16(phys.data, 0), 2050);
  EXPECT_EQ(phys.data[4], 0xA1);  // DVD+R book
  EXPECT_EQ(phys.data[6] & 0x0F, 0x02);  // recordable layer
  EXPECT_EQ(be32(phys.data, 8), 0x030000u);
  EXPECT_EQ(be32(phys.data, 12), 0x030000u + kPlusCapacity - 1);
  const Reply adip = discStructure(r, 0x11, 260);
  ASSERT_TRUE(adip.good()) << adip.sense();
  EXPECT_EQ(std::string(adip.data.begin() + 23, adip.data.begin() + 31), "DISCMSTR");
  EXPECT_EQ(std::string(adip.data.begin() + 31, adip.data.begin() + 34), "R01");
  const Reply list = discStructure(r, 0xFF, 64);
  ASSERT_TRUE(list.good());
  EXPECT_EQ(be16(list.data, 0), 2 + 12);
  EXPECT_EQ(list.data[4], 0x00);
  EXPECT_EQ(list.data[8], 0x11);
  EXPECT_EQ(list.data[12], 0xFF);

  vrec::Recorder minus = makeDvdRecorder(MediumKind::kDvdMinusR);
  EXPECT_EQ(discStructure(minus, 0x00).data[4], 0x25);  // DVD-R book
  EXPECT_EQ(discStructure(minus, 0x11, 260).sense(), "05/24/00");  // no ADIP on DVD-R
  vrec::Recorder rw = makeDvdRecorder(MediumKind::kDvdPlusRw);
  EXPECT_EQ(discStructure(rw, 0x00).data[4], 0x92);
  vrec::Recorder cd = makeDvdRecorder(MediumKind::kCdR80);
  EXPECT_EQ(discStructure(cd, 0x00).sense(), "05/30/02");
}

}  // namespace
}  // namespace vrec_test
