// vrec::Recorder disc structure tests: READ DISC INFORMATION, READ TRACK INFORMATION, READ TOC and
// READ CAPACITY on a blank disc, after a TAO track, after a closed session and on an appendable
// multisession disc (mmc.md §1.3, §2.1-§2.3). CDBs are written out by hand.
#include <gtest/gtest.h>

#include "recorder_test_support.h"

namespace vrec_test {
namespace {

constexpr uint32_t kCapacity80 = 359'849;  // mmc.md §1.4: 79:59:74

TEST(RecorderDiscInfo, BlankDisc) {
  vrec::Recorder r = makeRecorder();
  const Reply info = discInfo(r);
  ASSERT_TRUE(info.good()) << info.sense();
  ASSERT_EQ(info.data.size(), 34u);
  EXPECT_EQ(be16(info.data, 0), 32);
  EXPECT_EQ(info.data[2], 0x00);  // not erasable, last session empty, disc blank
  EXPECT_EQ(info.data[3], 1);     // first track
  EXPECT_EQ(info.data[4], 1);     // sessions
  EXPECT_EQ(info.data[5], 1);     // first track in last session
  EXPECT_EQ(info.data[6], 1);     // last track in last session
  EXPECT_EQ(info.data[8], 0x00);  // disc type CD-DA/CD-ROM
  EXPECT_EQ(Bytes(info.data.begin() + 16, info.data.begin() + 20), (Bytes{0, 97, 26, 66}));
  EXPECT_EQ(Bytes(info.data.begin() + 20, info.data.begin() + 24), (Bytes{0, 79, 59, 74}));
}

TEST(RecorderDiscInfo, CdRwIsErasable) {
  vrec::Recorder r = makeRecorder(vrec::MediumKind::kCdRw);
  const Reply info = discInfo(r);
  ASSERT_TRUE(info.good());
  EXPECT_EQ(info.data[2], 0x10);
}

TEST(RecorderDiscInfo, UnsupportedDataTypeIsInvalidField) {
  vrec::Recorder r = makeRecorder();
  const Reply reply = dataIn(r, {0x51, 0x01, 0, 0, 0, 0, 0, 0x00, 0x22, 0x00}, 34);
  EXPECT_EQ(reply.sense(), "05/24/00");
  EXPECT_EQ(reply.fieldPointer(), 1);
}

TEST(RecorderTrackInfo, BlankDiscInvisibleTrack) {
  vrec::Recorder r = makeRecorder();
  for (const Bytes& cdb : {Bytes{0x52, 0x01, 0x00, 0x00, 0x00, 0xFF, 0x00, 0x00, 0x24, 0x00},    // track FFh
                           Bytes{0x52, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x24, 0x00},    // track 1
                           Bytes{0x52, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x24, 0x00},    // LBA 0
                           Bytes{0x52, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x24, 0x00}}) {  // session 1
    const Reply ti = dataIn(r, cdb, 36);
    ASSERT_TRUE(ti.good()) << ti.sense();
    ASSERT_EQ(ti.data.size(), 36u);
    EXPECT_EQ(ti.data[2], 1);                 // track 1
    EXPECT_EQ(ti.data[3], 1);                 // session 1
    EXPECT_EQ(ti.data[6] & 0x40, 0x40);       // blank
    EXPECT_EQ(ti.data[7] & 0x01, 0x01);       // NWA valid
    EXPECT_EQ(be32(ti.data, 8), 0u);          // start
    EXPECT_EQ(be32(ti.data, 12), 0u);         // NWA
    EXPECT_EQ(be32(ti.data, 16), kCapacity80);  // free blocks = lead-out start − 0
  }
  // Track 2 does not exist yet; an allocation length of 8 truncates.
  EXPECT_EQ(trackInfo(r, 2).sense(), "05/24/00");
  const Reply short_reply = dataIn(r, {0x52, 0x01, 0, 0, 0, 0xFF, 0, 0x00, 0x08, 0x00}, 36);
  ASSERT_TRUE(short_reply.good());
  EXPECT_EQ(short_reply.data.size(), 8u);
}

TEST(RecorderTrackInfo, AfterOneTaoTrack) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
  writeBlocks(r, 0, 320);
  // While the track is open it is the invisible track: NWA inside it.
  Reply open = trackInfo(r, 0xFF);
  ASSERT_TRUE(open.good());
  EXPECT_EQ(open.data[2], 1);
  EXPECT_EQ(be32(open.data, 12), 320u);
  ASSERT_TRUE(syncCache(r).good());

  const Reply t1 = trackInfo(r, 1);
  ASSERT_TRUE(t1.good());
  EXPECT_EQ(be32(t1.data, 8), 0u);            // start
  EXPECT_EQ(t1.data[7], 0x02);                // LRA valid, NWA not valid: closed
  EXPECT_EQ(be32(t1.data, 24), 322u);         // size: 320 user blocks + 2 run-out
  EXPECT_EQ(be32(t1.data, 28), 319u);         // last recorded address
  EXPECT_EQ(t1.data[5] & 0x0F, 4);            // data track

  // mmc.md §1.3: next NWA = previous user end + 2 run-out + 150 (link, run-in, pregap).
  const Reply next = trackInfo(r, 0xFF);
  ASSERT_TRUE(next.good());
  EXPECT_EQ(next.data[2], 2);
  EXPECT_EQ(be32(next.data, 8), 472u);
  EXPECT_EQ(be32(next.data, 12), 472u);
  EXPECT_EQ(be32(next.data, 16), kCapacity80 - 472u);

  const Reply info = discInfo(r);
  EXPECT_EQ(info.data[2], 0x05);  // session incomplete, disc incomplete (appendable)
  EXPECT_EQ(info.data[6], 2);     // last track in last session: the invisible track 2
}

TEST(RecorderTrackInfo, ShortTrackIsPaddedToFourSeconds) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
  writeBlocks(r, 0, 10);
  // CLOSE TRACK (001b), track 1.
  ASSERT_TRUE(noData(r, {0x5B, 0x00, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0}).good());
  const Reply t1 = trackInfo(r, 1);
  EXPECT_EQ(be32(t1.data, 24), 302u);  // padded to 300 + run-out
  EXPECT_EQ(be32(trackInfo(r, 0xFF).data, 12), 452u);
  // Closing it again is harmless; a track that does not exist is an invalid field.
  EXPECT_TRUE(noData(r, {0x5B, 0x00, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0}).good());
  EXPECT_EQ(noData(r, {0x5B, 0x00, 0x01, 0x00, 0x00, 0x07, 0, 0, 0, 0}).sense(), "05/24/00");
}

TEST(RecorderToc, BlankDiscHasAtipButNoToc) {
  vrec::Recorder r = makeRecorder(vrec::MediumKind::kCdRw);
  EXPECT_EQ(dataIn(r, {0x43, 0x00, 0x00, 0, 0, 0, 0x00, 0x03, 0x24, 0x00}, 804).sense(), "05/24/00");
  EXPECT_EQ(dataIn(r, {0x43, 0x00, 0x01, 0, 0, 0, 0x00, 0x00, 0x0C, 0x00}, 12).sense(), "05/24/00");
  const Reply atip = dataIn(r, {0x43, 0x02, 0x04, 0, 0, 0, 0x00, 0x00, 0x1C, 0x00}, 28);
  ASSERT_TRUE(atip.good()) << atip.sense();
  ASSERT_EQ(atip.data.size(), 28u);
  EXPECT_EQ(be16(atip.data, 0), 26);
  EXPECT_EQ(atip.data[6] & 0x40, 0x40);  // CD-RW
  EXPECT_EQ(Bytes(atip.data.begin() + 8, atip.data.begin() + 11), (Bytes{97, 26, 66}));
  EXPECT_EQ(Bytes(atip.data.begin() + 12, atip.data.begin() + 15), (Bytes{79, 59, 74}));
}

TEST(RecorderToc, ClosedSession) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
  writeBlocks(r, 0, 320);
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(closeSession(r).good());

  const Reply info = discInfo(r);
  EXPECT_EQ(info.data[2], 0x0E);  // last session complete, disc complete
  EXPECT_EQ(info.data[4], 1);
  EXPECT_EQ(Bytes(info.data.begin() + 16, info.data.begin() + 24), Bytes(8, 0xFF));
  EXPECT_EQ(r.medium().describe(), "CD-R 80 min (1 session, closed)");

  const Reply toc = dataIn(r, {0x43, 0x00, 0x00, 0, 0, 0, 0x00, 0x03, 0x24, 0x00}, 804);
  ASSERT_TRUE(toc.good()) << toc.sense();
  ASSERT_EQ(toc.data.size(), 4u + 2u * 8u);
  EXPECT_EQ(be16(toc.data, 0), 18);
  EXPECT_EQ(toc.data[2], 1);
  EXPECT_EQ(toc.data[3], 1);
  EXPECT_EQ(toc.data[5], 0x14);  // ADR 1, data track
  EXPECT_EQ(toc.data[6], 1);
  EXPECT_EQ(be32(toc.data, 8), 0u);
  EXPECT_EQ(toc.data[14], 0xAA);  // lead-out
  EXPECT_EQ(be32(toc.data, 16), 322u);

  const Reply msf = dataIn(r, {0x43, 0x02, 0x00, 0, 0, 0, 0x00, 0x03, 0x24, 0x00}, 804);
  ASSERT_TRUE(msf.good());
  EXPECT_EQ(Bytes(msf.data.begin() + 8, msf.data.begin() + 12), (Bytes{0, 0, 2, 0}));
  EXPECT_EQ(Bytes(msf.data.begin() + 16, msf.data.begin() + 20), (Bytes{0, 0, 6, 22}));  // 322 + 150 = 472

  const Reply sessions = dataIn(r, {0x43, 0x00, 0x01, 0, 0, 0, 0x00, 0x00, 0x0C, 0x00}, 12);
  ASSERT_TRUE(sessions.good());
  EXPECT_EQ(sessions.data, (Bytes{0x00, 0x0A, 1, 1, 0x00, 0x14, 1, 0x00, 0, 0, 0, 0}));

  const Reply capacity = dataIn(r, {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 8);
  ASSERT_TRUE(capacity.good());
  EXPECT_EQ(be32(capacity.data, 0), 321u);  // run-out included, as drives report it
  EXPECT_EQ(be32(capacity.data, 4), 2048u);

  // A closed disc takes no more data, and has no invisible track.
  EXPECT_EQ(dataOut(r, write10Cdb(472, 1), payload(472, 1)).sense(), "05/27/00");
  EXPECT_EQ(trackInfo(r, 0xFF).sense(), "05/24/00");
}

TEST(RecorderToc, AppendableDiscStartsTheNextSessionAfterElevenThousandFourHundredBlocks) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackMultisession, kMode1).good());
  writeBlocks(r, 0, 320);
  ASSERT_TRUE(closeSession(r).good());  // closes the open track implicitly

  const Reply info = discInfo(r);
  EXPECT_EQ(info.data[2], 0x01);  // appendable, last (new) session empty
  EXPECT_EQ(info.data[4], 2);     // the empty session counts
  EXPECT_EQ(info.data[5], 2);
  EXPECT_EQ(info.data[6], 2);
  // Next lead-in = lead-out 322 + 6,750 = 7,072 → MSF of 7,222 frames = 01:36:22.
  EXPECT_EQ(Bytes(info.data.begin() + 16, info.data.begin() + 20), (Bytes{0, 1, 36, 22}));
  EXPECT_EQ(r.medium().describe(), "CD-R 80 min (1 session, appendable)");

  // mmc.md §1.3: next session start = previous lead-out start + 11,400.
  const Reply next = trackInfo(r, 0xFF);
  ASSERT_TRUE(next.good());
  EXPECT_EQ(next.data[2], 2);
  EXPECT_EQ(next.data[3], 2);
  EXPECT_EQ(be32(next.data, 12), 322u + 11'400u);
  writeBlocks(r, 322 + 11'400, 300);
  ASSERT_TRUE(closeSession(r).good());
  // After a later session: + 6,900.
  EXPECT_EQ(be32(trackInfo(r, 0xFF).data, 12), 11'722u + 302u + 6'900u);
  const Reply toc = dataIn(r, {0x43, 0x00, 0x01, 0, 0, 0, 0x00, 0x00, 0x0C, 0x00}, 12);
  EXPECT_EQ(toc.data[3], 2);  // last complete session
  EXPECT_EQ(be32(toc.data, 8), 11'722u);
}

}  // namespace
}  // namespace vrec_test
