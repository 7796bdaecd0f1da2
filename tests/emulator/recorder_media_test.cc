// Media and the commands that change or read whole discs, with hand-written CDBs: the 21/90/99
// minute CD-R variants (mmc.md §1.4), BLANK full and minimal on CD-RW with their durations and
// IMMED progress (mmc.md §2, §5.1, §7), WRITE(12)/READ(12), and READ TOC format 2, the full TOC
// with its A0/A1/A2, B0 and C0 points (mmc.md §2.1).
#include <gtest/gtest.h>

#include <string>

#include "emulator/drive/cd_speed.h"
#include "recorder_test_support.h"

namespace vrec_test {
namespace {

using vrec::MediumKind;
using vrec::Ticks;

// Page 05 for a data track, 320 blocks, SYNCHRONIZE CACHE, CLOSE SESSION.
void burnOneTrack(vrec::Recorder& r, uint8_t multisession) {
  ASSERT_TRUE(selectWriteParameters(r, kTao | kBufe, multisession, kMode1).good());
  writeBlocks(r, 0, 320);
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(closeSession(r).good());
}

const Bytes kReadAtip = {0x43, 0x02, 0x04, 0, 0, 0, 0, 0x00, 0x1C, 0x00};
const Bytes kReadFullToc = {0x43, 0x02, 0x02, 0, 0, 0, 0x01, 0x01, 0x00, 0x00};

TEST(RecorderMedia, ShortAndOverburnVariants) {
  EXPECT_EQ(vrec::parseMediumKind("cd-r21"), MediumKind::kCdR21);
  EXPECT_EQ(vrec::parseMediumKind("cd-r90"), MediumKind::kCdR90);
  EXPECT_EQ(vrec::parseMediumKind("cd-r99"), MediumKind::kCdR99);
  // mmc.md §1.4: 20:59:74, 89:59:74 and 99:59:74 as last possible lead-out starts.
  EXPECT_EQ(vrec::Medium::blank(MediumKind::kCdR21).capacitySectors(), 94'349u);
  EXPECT_EQ(vrec::Medium::blank(MediumKind::kCdR90).capacitySectors(), 404'849u);
  EXPECT_EQ(vrec::Medium::blank(MediumKind::kCdR99).capacitySectors(), 449'849u);
  EXPECT_EQ(vrec::Medium::blank(MediumKind::kCdR21).describe(), "CD-R 21 min (8 cm) (blank)");
  EXPECT_EQ(vrec::allMediumKinds().size(), 11u);  // six CD kinds, DVD-R, DVD+R, DVD+RW, BD-R, BD-RE

  vrec::Recorder r = makeRecorder(MediumKind::kCdR99);
  const Reply atip = dataIn(r, kReadAtip, 28);
  ASSERT_TRUE(atip.good());
  EXPECT_EQ(atip.data[12], 99);
  EXPECT_EQ(atip.data[13], 59);
  EXPECT_EQ(atip.data[14], 74);
  const Reply track = trackInfo(r, 0xFF);
  EXPECT_EQ(be32(track.data, 16), 449'849u);  // free blocks
}

TEST(RecorderMedia, FullBlankTakesTheDiscLengthAtTheRwSpeed) {
  vrec::Recorder r = makeRecorder(MediumKind::kCdRw);
  burnOneTrack(r, kDataTrackCloseDisc);
  EXPECT_EQ(discInfo(r).data[2] & 0x03, 0x02);  // complete
  const Reply blank = noData(r, {0xA1, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  ASSERT_TRUE(blank.good()) << blank.sense();
  // mmc.md §7: ≈ disc length ÷ speed — lead-in, program area and lead-out at 24x (CD-RW).
  const uint64_t sectors = vrec::kLeadInSectors + 359'849 + vrec::kFirstLeadOutSectors;
  EXPECT_EQ(blank.took(), r.profile().command_overhead + vrec::ticksForSectors(sectors, 24));
  EXPECT_GT(blank.took(), 200 * vrec::kTicksPerSecond);  // ≈ 3.4 minutes
  EXPECT_EQ(discInfo(r).data[2] & 0x03, 0x00);  // blank again
  EXPECT_EQ(r.medium().describe(), "CD-RW 80 min (blank)");
  EXPECT_EQ(dataIn(r, read10Cdb(0, 1), 2048).sense(), "05/21/00");
  // The erased disc records again.
  burnOneTrack(r, kDataTrackCloseDisc);
  EXPECT_EQ(r.medium().describe(), "CD-RW 80 min (1 session, closed)");
}

TEST(RecorderMedia, MinimalBlankWithImmedReportsProgress) {
  vrec::Recorder r = makeRecorder(MediumKind::kCdRw);
  burnOneTrack(r, kDataTrackMultisession);
  const Reply blank = noData(r, {0xA1, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});  // IMMED, type 1
  ASSERT_TRUE(blank.good());
  EXPECT_EQ(blank.took(), r.profile().command_overhead);
  r.advance(r.profile().blank_minimal_duration / 2);
  const Reply busy = testUnitReady(r);
  EXPECT_EQ(busy.sense(), "02/04/07");
  ASSERT_TRUE(busy.sksv());
  // Progress in sense bytes 16-17 as a fraction of 65,536: half way.
  EXPECT_NEAR(busy.fieldPointer(), 0x8000, 0x100);
  EXPECT_EQ(dataOut(r, write10Cdb(0, 1), payload(0, 1)).sense(), "02/04/07");
  r.advance(r.profile().blank_minimal_duration);
  EXPECT_TRUE(testUnitReady(r).good());
  EXPECT_EQ(discInfo(r).data[2] & 0x03, 0x00);
  EXPECT_NE(r.traceText().find(" ERASE type=minimal"), std::string::npos);
}

TEST(RecorderMedia, BlankRefusesCdRAndOtherTypes) {
  vrec::Recorder cdr = makeRecorder(MediumKind::kCdR80);
  EXPECT_EQ(noData(cdr, {0xA1, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}).sense(), "05/30/00");
  vrec::Recorder rw = makeRecorder(MediumKind::kCdRw);
  const Reply track_blank = noData(rw, {0xA1, 0x02, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0});  // blank track
  EXPECT_EQ(track_blank.sense(), "05/24/00");
  EXPECT_TRUE(track_blank.inCdb());
  EXPECT_EQ(track_blank.fieldPointer(), 1);
}

TEST(RecorderMedia, Write12AndRead12) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao | kBufe, kDataTrackCloseDisc, kMode1).good());
  // WRITE(12): AA, flags, LBA (4), transfer length (4), streaming/group, control.
  for (int32_t lba = 0; lba < 320; lba += 40) {
    const Bytes cdb = {0xAA, 0x00, 0, 0, static_cast<uint8_t>(lba >> 8), static_cast<uint8_t>(lba), 0, 0, 0, 40, 0, 0};
    const Reply w = dataOut(r, cdb, payload(lba, 40));
    ASSERT_TRUE(w.good()) << w.sense();
  }
  // A length that does not match the data: the field pointer names byte 6 (the length's start).
  const Reply bad = dataOut(r, {0xAA, 0x00, 0, 0, 0x01, 0x40, 0, 0, 0, 2, 0, 0}, payload(320, 1));
  EXPECT_EQ(bad.sense(), "05/24/00");
  EXPECT_EQ(bad.fieldPointer(), 6);
  ASSERT_TRUE(syncCache(r).good());
  // READ(12): A8, flags, LBA (4), transfer length (4), streaming/group, control.
  const Reply read = dataIn(r, {0xA8, 0x00, 0, 0, 0x00, 0x64, 0, 0, 0, 0x10, 0, 0}, 16 * 2048);
  ASSERT_TRUE(read.good()) << read.sense();
  EXPECT_EQ(read.data, payload(100, 16));
  EXPECT_NE(r.traceText().find(" WRITE(12) lba=0 n=40"), std::string::npos);
  EXPECT_NE(r.traceText().find(" READ(12) lba=100 n=16"), std::string::npos);
}

struct TocEntry {
  uint8_t session, adr_control, point, min, sec, frame, zero, pmin, psec, pframe;
};

std::vector<TocEntry> entries(const Reply& toc) {
  std::vector<TocEntry> out;
  for (size_t at = 4; at + 11 <= toc.data.size(); at += 11) {
    const auto* b = &toc.data[at];
    out.push_back({b[0], b[1], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10]});
  }
  return out;
}

TEST(RecorderMedia, FullTocOfAnAppendableDisc) {
  vrec::Recorder r = makeRecorder();
  EXPECT_EQ(dataIn(r, kReadFullToc, 256).sense(), "05/24/00");  // blank: no TOC yet
  burnOneTrack(r, kDataTrackMultisession);
  const Reply toc = dataIn(r, kReadFullToc, 256);
  ASSERT_TRUE(toc.good()) << toc.sense();
  EXPECT_EQ(be16(toc.data, 0), toc.data.size() - 2);
  EXPECT_EQ(toc.data[2], 1);  // first session
  EXPECT_EQ(toc.data[3], 1);  // last session
  const std::vector<TocEntry> e = entries(toc);
  ASSERT_EQ(e.size(), 6u);  // A0, A1, A2, track 1, B0, C0
  EXPECT_EQ(e[0].point, 0xA0);
  EXPECT_EQ(e[0].adr_control, 0x14);  // ADR 1, data track
  EXPECT_EQ(e[0].pmin, 1);            // first track
  EXPECT_EQ(e[0].psec, 0x00);         // disc type CD-ROM
  EXPECT_EQ(e[1].point, 0xA1);
  EXPECT_EQ(e[1].pmin, 1);
  // A2: lead-out after 320 blocks + 2 run-out = LBA 322 = 00:06:22.
  EXPECT_EQ(e[2].point, 0xA2);
  EXPECT_EQ(e[2].pmin, 0);
  EXPECT_EQ(e[2].psec, 6);
  EXPECT_EQ(e[2].pframe, 22);
  EXPECT_EQ(e[3].point, 0x01);  // track 1 at 00:02:00
  EXPECT_EQ(e[3].psec, 2);
  EXPECT_EQ(e[3].pframe, 0);
  // B0 (ADR 5): next program area = the NWA the drive reports; max lead-out = ATIP 79:59:74.
  EXPECT_EQ(e[4].point, 0xB0);
  EXPECT_EQ(e[4].adr_control >> 4, 5);
  const int32_t nwa = static_cast<int32_t>(be32(trackInfo(r, 0xFF).data, 12));
  EXPECT_EQ((e[4].min * 60 + e[4].sec) * 75 + e[4].frame - 150, nwa);
  EXPECT_EQ(e[4].zero, 2);
  EXPECT_EQ(e[4].pmin, 79);
  EXPECT_EQ(e[4].psec, 59);
  EXPECT_EQ(e[4].pframe, 74);
  // C0 (ADR 5): ATIP start of the first lead-in, 97:26:66.
  EXPECT_EQ(e[5].point, 0xC0);
  EXPECT_EQ(e[5].pmin, 97);
  EXPECT_EQ(e[5].psec, 26);
  EXPECT_EQ(e[5].pframe, 66);
}

TEST(RecorderMedia, FullTocOfAClosedDiscHasNoB0) {
  vrec::Recorder r = makeRecorder();
  burnOneTrack(r, kDataTrackCloseDisc);
  const std::vector<TocEntry> e = entries(dataIn(r, kReadFullToc, 256));
  ASSERT_EQ(e.size(), 5u);  // A0, A1, A2, track 1, C0
  for (const TocEntry& entry : e) EXPECT_NE(entry.point, 0xB0);
  // The allocation length truncates like any data-in reply.
  EXPECT_EQ(dataIn(r, {0x43, 0x02, 0x02, 0, 0, 0, 0x01, 0x00, 0x0F, 0x00}, 256).data.size(), 15u);
}

}  // namespace
}  // namespace vrec_test
