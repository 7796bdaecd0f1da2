// TAO beyond data tracks: audio tracks from raw 2352-byte blocks with track mode 0 and 1
// (pre-emphasis), as libburn writes them (mmc.md §4.1, §6.1), and RESERVE TRACK fixing a track's
// size before its data is written.
#include <gtest/gtest.h>

#include "recorder_dao_support.h"

namespace vrec_test {
namespace {

constexpr uint8_t kAudioTrack = 0x00;
constexpr uint8_t kAudioPreEmphasis = 0x01;

TEST(RecorderTaoAudio, RawBlocksWithTrackModeZeroAndOneAreAudioTracks) {
  vrec::Recorder r = makeRecorder();
  // Mode 1 user data in an audio track makes no sense: refused at byte 3 of the page.
  const Reply wrong = selectWriteParameters(r, kTao, kAudioTrack, kMode1);
  EXPECT_EQ(wrong.sense(), "05/26/00");
  EXPECT_EQ(wrong.fieldPointer(), 11);

  ASSERT_TRUE(selectWriteParameters(r, kTao | kBufe, kAudioTrack, kRaw).good());
  writeRange(r, 0, 300, audioBlocks);
  ASSERT_TRUE(syncCache(r).good());
  const uint32_t nwa = be32(trackInfo(r, 0xFF).data, 12);
  EXPECT_EQ(nwa, 300u + 2u + 150u);
  ASSERT_TRUE(selectWriteParameters(r, kTao | kBufe, kAudioPreEmphasis, kRaw).good());
  writeRange(r, static_cast<int32_t>(nwa), static_cast<int32_t>(nwa) + 400, audioBlocks);
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(closeSession(r).good());

  const vrec::Medium& disc = r.medium();
  ASSERT_EQ(disc.tracks().size(), 2u);
  EXPECT_FALSE(disc.tracks()[0].isData());
  EXPECT_FALSE(disc.tracks()[0].pre_emphasis);
  EXPECT_TRUE(disc.tracks()[1].pre_emphasis);
  EXPECT_EQ(disc.tracks()[1].block_bytes, 2352);
  EXPECT_EQ(Bytes(disc.store().read(452).begin(), disc.store().read(452).end()), blockFor(452, 2352));
  // The TOC reports two audio tracks, the second with pre-emphasis (CONTROL 1).
  EXPECT_EQ(readToc(r, 0).data, (Bytes{0x00, 0x1A, 0x01, 0x02,                          //
                                      0x00, 0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,   //
                                      0x00, 0x11, 0x02, 0x00, 0x00, 0x00, 0x01, 0xC4,   //
                                      0x00, 0x11, 0xAA, 0x00, 0x00, 0x00, 0x03, 0x56}));
  EXPECT_EQ(trackInfo(r, 2).data[5], 0x01);
  EXPECT_EQ(trackInfo(r, 2).data[6], 0x0F);  // no data mode: audio
  EXPECT_EQ(dataIn(r, read10Cdb(0, 1), 2048).sense(), "05/64/00");
  // TAO writes no ISRC: READ SUB-CHANNEL says so with TCVAL 0.
  EXPECT_EQ(readSubChannel(r, 0x03, 1).data[8], 0x00);
}

TEST(RecorderReserveTrack, ReservedTrackHasAFixedSize) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao | kBufe, kDataTrackMultisession, kMode1).good());
  // 53h: ARSV (address reservation) is not for CD; a size of 0 reserves nothing.
  const Reply arsv = noData(r, {0x53, 0x01, 0, 0, 0, 0x00, 0x00, 0x01, 0xF4, 0x00});
  EXPECT_EQ(arsv.sense(), "05/24/00");
  EXPECT_EQ(arsv.fieldPointer(), 1);
  const Reply empty = noData(r, {0x53, 0x00, 0, 0, 0, 0x00, 0x00, 0x00, 0x00, 0x00});
  EXPECT_EQ(empty.sense(), "05/24/00");
  EXPECT_EQ(empty.fieldPointer(), 5);
  // More than the disc holds.
  EXPECT_EQ(noData(r, {0x53, 0x00, 0, 0, 0, 0x00, 0x06, 0x00, 0x00, 0x00}).sense(), "05/24/00");

  ASSERT_TRUE(noData(r, {0x53, 0x00, 0, 0, 0, 0x00, 0x00, 0x01, 0xF4, 0x00}).good());  // 500 blocks
  const Reply info = trackInfo(r, 1);
  EXPECT_EQ(info.data[6], 0x81);          // RT, data mode 1
  EXPECT_EQ(be32(info.data, 12), 0u);     // NWA
  EXPECT_EQ(be32(info.data, 16), 500u);   // free blocks in the reservation
  EXPECT_EQ(be32(info.data, 24), 500u);   // track size
  // A second reservation while this one is open is out of sequence.
  EXPECT_EQ(noData(r, {0x53, 0x00, 0, 0, 0, 0x00, 0x00, 0x01, 0x00, 0x00}).sense(), "05/2C/00");

  writeBlocks(r, 0, 480);
  const Reply beyond = dataOut(r, write10Cdb(480, 32), payload(480, 32));
  EXPECT_EQ(beyond.sense(), "05/63/00");
  EXPECT_EQ(beyond.information(), 480u);
  ASSERT_TRUE(syncCache(r).good());
  // Flushing pads the track to its reserved size; the next track follows after run-out and pregap.
  EXPECT_EQ(r.medium().tracks()[0].recorded_sectors, 500u);
  EXPECT_EQ(be32(trackInfo(r, 0xFF).data, 12), 500u + 2u + 150u);
  EXPECT_NE(r.traceText().find("RESERVE track=1 lba=0 sectors=500"), std::string::npos);
  EXPECT_NE(r.traceText().find("PAD track=1 lba=480 sectors=20"), std::string::npos) << r.traceText();
  // Not in SAO.
  ASSERT_TRUE(selectWriteParameters(r, kSao, kAudioCloseDisc, kRaw).good());
  EXPECT_EQ(noData(r, {0x53, 0x00, 0, 0, 0, 0x00, 0x00, 0x01, 0xF4, 0x00}).sense(), "05/2C/00");
}

}  // namespace
}  // namespace vrec_test
