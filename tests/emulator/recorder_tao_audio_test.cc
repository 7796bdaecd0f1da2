// TAO beyond data tracks: audio tracks from raw 2352-byte blocks with track mode 0 and 1
// (pre-emphasis), as libburn writes them (mmc.md §4.1, §6.1), and RESERVE TRACK fixing a track's
// size before its data is written.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

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

// MODE SENSE(10) page 05, then MODE SELECT(10) with TAO audio and the page's catalog number
// (bytes 16-31, MCVAL) and ISRC (bytes 32-47, TCVAL) set as wodim sets them for -tao mcn= isrc=.
Reply selectTaoWithCodes(vrec::Recorder& r, const std::string& mcn, const std::string& isrc) {
  Bytes list = dataIn(r, {0x5A, 0x00, 0x05, 0x00, 0, 0, 0, 0x00, 0x40, 0x00}, 64).data;
  list.resize(64, 0);
  list[0] = list[1] = 0;
  list[8 + 2] = kTao | kBufe;
  list[8 + 3] = kAudioTrack;
  list[8 + 4] = kRaw;
  std::fill(list.begin() + 8 + 16, list.begin() + 8 + 48, uint8_t{0});
  if (!mcn.empty()) {
    list[8 + 16] = 0x80;
    std::copy(mcn.begin(), mcn.end(), list.begin() + 8 + 17);
  }
  if (!isrc.empty()) {
    list[8 + 32] = 0x80;
    std::copy(isrc.begin(), isrc.end(), list.begin() + 8 + 33);
  }
  return dataOut(r, {0x55, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00}, list);
}

TEST(RecorderTaoAudio, PageFiveCatalogNumberAndIsrc) {
  vrec::Recorder r = makeRecorder();
  const Reply bad_mcn = selectTaoWithCodes(r, "12345678901X3", "");
  EXPECT_EQ(bad_mcn.sense(), "05/26/00");
  EXPECT_EQ(bad_mcn.fieldPointer(), 8 + 17 + 11);
  const Reply bad_isrc = selectTaoWithCodes(r, "", "USABC99O0001");  // letter O in the year
  EXPECT_EQ(bad_isrc.sense(), "05/26/00");
  EXPECT_EQ(bad_isrc.fieldPointer(), 8 + 33 + 7);

  ASSERT_TRUE(selectTaoWithCodes(r, "1234567890123", "USABC9900001").good());
  writeRange(r, 0, 300, audioBlocks);
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(selectTaoWithCodes(r, "1234567890123", "").good());  // no ISRC for track 2
  writeRange(r, 452, 752, audioBlocks);
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(closeSession(r).good());
  EXPECT_EQ(r.medium().mcn(), "1234567890123");
  EXPECT_EQ(r.medium().tracks()[0].isrc, "USABC9900001");
  EXPECT_EQ(r.medium().tracks()[1].isrc, "");
  const Reply isrc = readSubChannel(r, 0x03, 1);
  EXPECT_EQ(isrc.data[8], 0x80);
  EXPECT_EQ(std::string(isrc.data.begin() + 9, isrc.data.begin() + 21), "USABC9900001");
  EXPECT_EQ(readSubChannel(r, 0x03, 2).data[8], 0x00);
  EXPECT_EQ(readSubChannel(r, 0x02).data[8], 0x80);
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
