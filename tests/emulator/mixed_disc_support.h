// A mixed-mode TAO disc recorded through hand-written CDBs, for the read-back and export tests:
// track 1 audio (page 05 track mode 0, data block type 0: raw 2352-byte PCM), track 2 Mode 1 data
// (track mode 4, data block type 8), then the session closed. With the recorder's TAO layout
// (mmc.md §1.3) track 1 holds LBA 0..kAudioBlocks-1, 2 run-out blocks follow, track 2's pregap
// is the next 150 blocks and its index 1 is kDataStart.
#pragma once

#include "recorder_test_support.h"

namespace vrec_test {

inline constexpr uint32_t kAudioBlocks = 400;
inline constexpr uint32_t kDataBlocks = 320;
inline constexpr int32_t kDataStart = static_cast<int32_t>(kAudioBlocks) + 2 + 150;

// Deterministic PCM: 588 stereo 16-bit samples per block, every byte a function of its place.
inline Bytes pcm(int32_t first_lba, uint32_t blocks) {
  Bytes data(static_cast<size_t>(blocks) * 2352);
  for (size_t i = 0; i < data.size(); ++i) {
    const size_t lba = static_cast<size_t>(first_lba) + i / 2352;
    data[i] = static_cast<uint8_t>((lba * 29 + (i % 2352) * 13 + 1) & 0xFF);
  }
  return data;
}

inline void recordMixedDisc(vrec::Recorder& r) {
  // Track 1: TAO, audio (track mode 0, no multisession bits), raw 2352 (data block type 0).
  ASSERT_TRUE(selectWriteParameters(r, kTao, 0x00, 0x00).good());
  for (uint32_t done = 0; done < kAudioBlocks;) {
    const auto n = static_cast<uint16_t>(std::min<uint32_t>(27, kAudioBlocks - done));
    const auto at = static_cast<int32_t>(done);
    const Reply w = dataOut(r, write10Cdb(at, n), pcm(at, n));
    ASSERT_TRUE(w.good()) << "audio WRITE lba=" << at << ": " << w.sense();
    done += n;
  }
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(noData(r, {0x5B, 0x00, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0}).good());  // CLOSE TRACK 1
  // Track 2: Mode 1 data at the next writable address.
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
  ASSERT_EQ(be32(trackInfo(r, 0xFF).data, 12), static_cast<uint32_t>(kDataStart));
  writeBlocks(r, kDataStart, kDataBlocks);
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(closeSession(r).good());
}

}  // namespace vrec_test
