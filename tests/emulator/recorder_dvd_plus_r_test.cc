// The recorder as a DVD writer with DVD+R and DVD-R: media kinds and capacities (mmc.md §1.5),
// GET CONFIGURATION profiles and features (§3), READ DISC/TRACK INFORMATION on DVD (§2.2, §2.3),
// sequential tracks closed on ECC blocks, the close functions of each medium (§2.5), DVD-R
// incremental and Disc-At-Once (§6.1), and Test Write: simulated on DVD-R, refused on DVD+R (§4.1).
#include <gtest/gtest.h>

#include "dvd_test_support.h"
#include "emulator/media/dvd_layout.h"

namespace vrec_test {
namespace {

using vrec::MediumKind;

constexpr uint32_t kPlusCapacity = 2'295'104;
constexpr uint32_t kMinusCapacity = 2'298'496;

// Writes `blocks` 2048-byte blocks from `lba` in 16-block (one ECC block) WRITE(10)s.
void writeDvd(vrec::Recorder& r, int32_t lba, uint32_t blocks) {
  for (uint32_t done = 0; done < blocks;) {
    const auto n = static_cast<uint16_t>(std::min<uint32_t>(16, blocks - done));
    const int32_t at = lba + static_cast<int32_t>(done);
    const Reply w = dataOut(r, write10Cdb(at, n), payload(at, n));
    ASSERT_TRUE(w.good()) << "WRITE lba=" << at << ": " << w.sense();
    done += n;
  }
}

TEST(DvdMediumKinds, NamesProfilesAndCapacities) {
  EXPECT_EQ(vrec::parseMediumKind("dvd-r"), MediumKind::kDvdMinusR);
  EXPECT_EQ(vrec::parseMediumKind("dvd+r"), MediumKind::kDvdPlusR);
  EXPECT_EQ(vrec::parseMediumKind("dvd+rw"), MediumKind::kDvdPlusRw);
  EXPECT_EQ(vrec::Medium::blank(MediumKind::kDvdPlusR).capacitySectors(), kPlusCapacity);
  EXPECT_EQ(vrec::Medium::blank(MediumKind::kDvdPlusRw).capacitySectors(), kPlusCapacity);
  EXPECT_EQ(vrec::Medium::blank(MediumKind::kDvdMinusR).capacitySectors(), kMinusCapacity);
  EXPECT_EQ(vrec::mediumKindInfo(MediumKind::kDvdMinusR).profile, 0x0011);
  EXPECT_EQ(vrec::mediumKindInfo(MediumKind::kDvdPlusRw).profile, 0x001A);
  EXPECT_EQ(vrec::mediumKindInfo(MediumKind::kDvdPlusR).profile, 0x001B);
}

// Every feature descriptor of a GET CONFIGURATION reply: code → current bit.
std::vector<std::pair<uint16_t, bool>> features(const Bytes& reply) {
  std::vector<std::pair<uint16_t, bool>> out;
  for (size_t at = 8; at + 4 <= reply.size(); at += 4u + reply[at + 3]) {
    out.emplace_back(be16(reply, at), (reply[at + 2] & 0x01) != 0);
  }
  return out;
}

bool currentFeature(const Bytes& reply, uint16_t code) {
  for (const auto& [c, current] : features(reply)) {
    if (c == code) return current;
  }
  return false;
}

TEST(DvdConfiguration, ProfilesAndCurrentFeaturesFollowTheMedium) {
  vrec::Recorder r = makeDvdRecorder(MediumKind::kDvdPlusR);
  const Reply all = dataIn(r, {0x46, 0x00, 0, 0, 0, 0, 0, 0x04, 0x00, 0x00}, 1024);
  ASSERT_TRUE(all.good()) << all.sense();
  EXPECT_EQ(be16(all.data, 6), 0x001B);
  // Profile list: 001Bh (current), 001Ah, 0011h, 0010h, then the CD profiles.
  ASSERT_EQ(be16(all.data, 8), 0x0000);
  const Bytes expected_profiles{0x00, 0x1B, 0x01, 0x00, 0x00, 0x1A, 0x00, 0x00, 0x00, 0x11, 0x00, 0x00,
                                0x00, 0x10, 0x00, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00,
                                0x00, 0x08, 0x00, 0x00};
  ASSERT_EQ(all.data[11], expected_profiles.size());
  EXPECT_EQ(Bytes(all.data.begin() + 12, all.data.begin() + 12 + 28), expected_profiles);
  EXPECT_TRUE(currentFeature(all.data, 0x001F));   // DVD Read
  EXPECT_TRUE(currentFeature(all.data, 0x002B));   // DVD+R
  EXPECT_FALSE(currentFeature(all.data, 0x002A));  // DVD+RW
  EXPECT_FALSE(currentFeature(all.data, 0x002F));  // DVD-R/-RW Write
  EXPECT_FALSE(currentFeature(all.data, 0x002D));  // CD TAO
  EXPECT_FALSE(currentFeature(all.data, 0x0021));  // Incremental Streaming: DVD-R only

  vrec::Recorder minus = makeDvdRecorder(MediumKind::kDvdMinusR);
  const Reply m = dataIn(minus, {0x46, 0x00, 0, 0, 0, 0, 0, 0x04, 0x00, 0x00}, 1024);
  EXPECT_EQ(be16(m.data, 6), 0x0011);
  EXPECT_TRUE(currentFeature(m.data, 0x002F));
  EXPECT_TRUE(currentFeature(m.data, 0x0021));
  // 002Fh byte 4: BUF (bit 6) and Test Write (bit 2) on this drive.
  const Reply one = dataIn(minus, {0x46, 0x02, 0x00, 0x2F, 0, 0, 0, 0x00, 0x20, 0x00}, 32);
  ASSERT_EQ(be16(one.data, 8), 0x002F);
  EXPECT_EQ(one.data[12], 0x44);
  // 0021h: one link size, 16 (mmc.md §4.1).
  const Reply inc = dataIn(minus, {0x46, 0x02, 0x00, 0x21, 0, 0, 0, 0x00, 0x20, 0x00}, 32);
  EXPECT_EQ(inc.data[15], 1);
  EXPECT_EQ(inc.data[16], 16);
}

TEST(DvdConfiguration, ACdRecorderHasNoDvdProfileAndRefusesDvdCommands) {
  vrec::Recorder r = makeRecorder(MediumKind::kDvdPlusR);
  const Reply all = dataIn(r, {0x46, 0x00, 0, 0, 0, 0, 0, 0x04, 0x00, 0x00}, 1024);
  EXPECT_EQ(be16(all.data, 6), 0x0000);
  EXPECT_EQ(all.data[11], 12);  // CD-RW, CD-R, CD-ROM only
  EXPECT_EQ(discStructure(r, 0x00).sense(), "05/20/00");
  EXPECT_EQ(formatDvdPlusRw(r).sense(), "05/20/00");
  const Reply w = dataOut(r, write10Cdb(0, 16), payload(0, 16));
  EXPECT_EQ(w.sense(), "05/30/00");
  EXPECT_NE(r.traceText().find("OPCODE_AD"), std::string::npos);
}

TEST(DvdPlusR, BlankDiscInformationAndInvisibleTrack) {
  vrec::Recorder r = makeDvdRecorder(MediumKind::kDvdPlusR);
  const Reply di = discInfo(r);
  ASSERT_TRUE(di.good()) << di.sense();
  EXPECT_EQ(di.data[2], 0x00);  // not erasable, empty session, blank disc
  EXPECT_EQ(be32(di.data, 16), 0u);
  EXPECT_EQ(be32(di.data, 20), kPlusCapacity);
  const Reply ti = dvdTrackInfo(r, 0xFF);
  ASSERT_TRUE(ti.good()) << ti.sense();
  EXPECT_EQ(be16(ti.data, 0), 0x002E);
  EXPECT_EQ(ti.data[2], 1);
  EXPECT_EQ(ti.data[6] & 0x40, 0x40);  // blank
  EXPECT_EQ(ti.data[7] & 0x01, 0x01);  // NWA valid
  EXPECT_EQ(be32(ti.data, 12), 0u);    // NWA
  EXPECT_EQ(be32(ti.data, 16), kPlusCapacity);
  EXPECT_EQ(be32(ti.data, 20), 16u);   // fixed packet size: one ECC block
}

TEST(DvdPlusR, TracksCloseOnEccBlocksSessionsStayAppendableFinalizeCloses) {
  vrec::Recorder r = makeDvdRecorder(MediumKind::kDvdPlusR);
  writeDvd(r, 0, 100);
  EXPECT_EQ(dataOut(r, write10Cdb(120, 16), payload(120, 16)).sense(), "05/21/02");  // not at the NWA
  ASSERT_TRUE(syncCache(r).good());
  // SYNCHRONIZE CACHE leaves the DVD track open: its NWA follows the data.
  EXPECT_EQ(be32(dvdTrackInfo(r, 1).data, 12), 100u);
  ASSERT_TRUE(closeFunction(r, 0x01, 1).good());
  const Reply t1 = dvdTrackInfo(r, 1);
  EXPECT_EQ(be32(t1.data, 24), 112u);  // padded to 7 ECC blocks
  EXPECT_EQ(t1.data[7] & 0x01, 0x00);  // closed: no NWA
  EXPECT_EQ(be32(dvdTrackInfo(r, 0xFF).data, 12), 112u);

  ASSERT_TRUE(closeFunction(r, 0x02).good());  // close session: appendable
  Reply di = discInfo(r);
  EXPECT_EQ(di.data[2] & 0x03, 0x01);
  EXPECT_EQ(di.data[4], 2);  // the empty next session counts
  const uint32_t second = 112 + vrec::kDvdPlusRSessionGapSectors;
  EXPECT_EQ(be32(dvdTrackInfo(r, 0xFF).data, 12), second);
  EXPECT_EQ(be32(di.data, 16), second);

  writeDvd(r, static_cast<int32_t>(second), 32);
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(closeFunction(r, 0x01, 2).good());
  ASSERT_TRUE(closeFunction(r, 0x05).good());  // finalize, minimal radius (libburn)
  di = discInfo(r);
  EXPECT_EQ(di.data[2] & 0x03, 0x02);  // complete
  EXPECT_EQ(r.medium().sessions().size(), 2u);
  const int32_t next = static_cast<int32_t>(second + 32);
  EXPECT_EQ(dataOut(r, write10Cdb(next, 16), payload(next, 16)).sense(), "05/27/00");
  // The recorded blocks read back.
  const Reply back = dataIn(r, read10Cdb(static_cast<int32_t>(second), 2), 4096);
  ASSERT_TRUE(back.good()) << back.sense();
  EXPECT_EQ(back.data, payload(static_cast<int32_t>(second), 2));
}

TEST(DvdPlusR, CloseFunctionsOfOtherMediaAreInvalid) {
  vrec::Recorder r = makeDvdRecorder(MediumKind::kDvdPlusR);
  EXPECT_EQ(closeFunction(r, 0x02).sense(), "05/2C/00");  // nothing recorded
  writeDvd(r, 0, 16);
  EXPECT_EQ(closeFunction(r, 0x00).sense(), "05/24/00");  // DVD+RW only
  EXPECT_EQ(closeFunction(r, 0x03).sense(), "05/24/00");
  ASSERT_TRUE(closeFunction(r, 0x06).good());  // finalize closes the open track as well
  EXPECT_EQ(discInfo(r).data[2] & 0x03, 0x02);
  EXPECT_EQ(r.medium().tracks().front().recorded_sectors, 16u);
}

TEST(DvdPlusR, TestWriteIsRefusedSoNoBurnerBelievesItSimulated) {
  vrec::Recorder r = makeDvdRecorder(MediumKind::kDvdPlusR);
  const Reply sel = selectWriteParameters(r, kBufe | kTestWrite, kDataTrackMultisession, kMode1);
  EXPECT_EQ(sel.sense(), "05/26/00");
  EXPECT_FALSE(sel.inCdb());
  EXPECT_EQ(sel.fieldPointer(), 8 + 2);
  // Page 05 without Test Write is accepted and its write type ignored: growisofs still sends it.
  EXPECT_TRUE(selectWriteParameters(r, kBufe | 0x02, kDataTrackMultisession, kMode1).good());
  writeDvd(r, 0, 16);
  EXPECT_EQ(r.medium().tracks().size(), 1u);
}

TEST(DvdPlusR, TestWriteSetBeforeTheDiscWasLoadedRefusesTheWrite) {
  vrec::Recorder r = makeDvdRecorder(MediumKind::kCdR80);
  ASSERT_TRUE(selectWriteParameters(r, kTao | kTestWrite, kDataTrackCloseDisc, kMode1).good());
  ASSERT_TRUE(noData(r, {0x1B, 0, 0, 0, 0x02, 0}).good());  // eject
  ASSERT_TRUE(r.insertMedium(vrec::Medium::blank(MediumKind::kDvdPlusR)));
  ASSERT_TRUE(noData(r, {0x1B, 0, 0, 0, 0x03, 0}).good());  // load
  testUnitReady(r);  // the unit attention of the new medium
  const Reply w = dataOut(r, write10Cdb(0, 16), payload(0, 16));
  EXPECT_EQ(w.sense(), "05/64/00");
  EXPECT_TRUE(r.medium().isBlank());
}

TEST(DvdMinusR, IncrementalTracksAndBorders) {
  vrec::Recorder r = makeDvdRecorder(MediumKind::kDvdMinusR);
  ASSERT_TRUE(selectDvdMinusRPage05(r, 0, true).good());
  const Reply ti = dvdTrackInfo(r, 0xFF);
  EXPECT_EQ(ti.data[6] & 0x30, 0x30);  // Packet/Inc and FP
  EXPECT_EQ(be32(ti.data, 16), kMinusCapacity);
  writeDvd(r, 0, 40);
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(closeFunction(r, 0x01, 1).good());
  EXPECT_EQ(be32(dvdTrackInfo(r, 0xFF).data, 12), 48u);
  ASSERT_TRUE(closeFunction(r, 0x02).good());  // border, multisession 11b: appendable
  EXPECT_EQ(discInfo(r).data[2] & 0x03, 0x01);
  EXPECT_EQ(be32(dvdTrackInfo(r, 0xFF).data, 12), 48u + vrec::kDvdMinusRBorderGapSectors);
  EXPECT_EQ(closeFunction(r, 0x05).sense(), "05/24/00");  // DVD+R finalize codes only
  EXPECT_NE(r.traceText().find("BORDER-OUT"), std::string::npos);

  // Multisession 00b: the next border closes the disc.
  ASSERT_TRUE(selectDvdMinusRPage05(r, 0, false).good());
  const int32_t at = static_cast<int32_t>(48u + vrec::kDvdMinusRBorderGapSectors);
  writeDvd(r, at, 16);
  ASSERT_TRUE(closeFunction(r, 0x02).good());
  EXPECT_EQ(discInfo(r).data[2] & 0x03, 0x02);
}

TEST(DvdMinusR, DiscAtOnceWritesTheReservedTrackAndSynchronizeCacheClosesTheDisc) {
  vrec::Recorder r = makeDvdRecorder(MediumKind::kDvdMinusR);
  ASSERT_TRUE(selectDvdMinusRPage05(r, 2, false).good());
  EXPECT_EQ(dataOut(r, write10Cdb(0, 16), payload(0, 16)).sense(), "05/2C/00");  // no reservation
  ASSERT_TRUE(reserveTrack(r, 1000).good());
  EXPECT_EQ(reserveTrack(r, 16).sense(), "05/2C/00");  // one reservation
  const Reply ti = dvdTrackInfo(r, 1);
  EXPECT_EQ(ti.data[6] & 0x80, 0x80);   // reserved track
  EXPECT_EQ(be32(ti.data, 24), 1008u);  // rounded up to ECC blocks
  writeDvd(r, 0, 1008);
  EXPECT_EQ(dataOut(r, write10Cdb(1008, 16), payload(1008, 16)).sense(), "05/63/00");
  ASSERT_TRUE(syncCache(r).good());
  EXPECT_EQ(discInfo(r).data[2] & 0x03, 0x02);  // DAO: the drive closed the disc
  EXPECT_NE(r.traceText().find("LEAD-OUT"), std::string::npos);
  const Reply cap = dataIn(r, {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 8);
  EXPECT_EQ(be32(cap.data, 0), 1007u);
}

TEST(DvdMinusR, TestWriteSimulatesAndLeavesTheDiscBlank) {
  vrec::Recorder r = makeDvdRecorder(MediumKind::kDvdMinusR);
  ASSERT_TRUE(selectDvdMinusRPage05(r, 0, false, true).good());
  writeDvd(r, 0, 64);
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(closeFunction(r, 0x01, 1).good());
  ASSERT_TRUE(closeFunction(r, 0x02).good());
  EXPECT_TRUE(r.medium().isBlank());
  EXPECT_NE(r.traceText().find("SIMULATION-END"), std::string::npos);
}

}  // namespace
}  // namespace vrec_test
