// Test plumbing for Session-At-Once: cue sheet entries written out byte by byte (mmc.md §2.6),
// SEND CUE SHEET, page 05 in SAO, and a writer that sends a range of blocks in order with each
// block as large as the test says it must be. Block contents are a function of the LBA, so a
// read-back can be checked. No engine code is involved.
#pragma once

#include <functional>
#include <string>

#include "recorder_test_support.h"

namespace vrec_test {

// One 8-byte cue sheet entry: CTL/ADR, TNO, INDEX, DATA FORM, SCMS, MIN, SEC, FRAME.
inline Bytes cue(uint8_t ctl_adr, uint8_t tno, uint8_t index, uint8_t form, uint8_t scms, uint8_t m, uint8_t s,
                 uint8_t f) {
  return {ctl_adr, tno, index, form, scms, m, s, f};
}

inline Bytes joined(std::initializer_list<Bytes> entries) {
  Bytes out;
  for (const Bytes& e : entries) out.insert(out.end(), e.begin(), e.end());
  return out;
}

// SEND CUE SHEET: 5D, reserved (5), cue sheet size (3 bytes), control.
inline Reply sendCueSheet(vrec::Recorder& r, const Bytes& sheet) {
  const auto n = static_cast<uint32_t>(sheet.size());
  return dataOut(r, {0x5D, 0, 0, 0, 0, 0, static_cast<uint8_t>(n >> 16), static_cast<uint8_t>(n >> 8),
                     static_cast<uint8_t>(n), 0x00},
                 sheet);
}

// Page 05 byte 2 for SAO (write type 2), byte 4 data block type 0 (raw 2352).
inline constexpr uint8_t kSao = 0x02;
inline constexpr uint8_t kRaw = 0x00;
inline constexpr uint8_t kAudioCloseDisc = 0x00;
inline constexpr uint8_t kAudioMultisession = 0xC0;

// The gapless three-track audio disc: track 1 index 0 at 00:00:00 and index 1 at 00:02:00
// (LBA 0), track 2 at 00:06:00 (LBA 300), track 3 at 00:10:00 (LBA 600), lead-out at 00:14:00
// (LBA 900).
inline Bytes gaplessThreeTracks() {
  return joined({
      cue(0x01, 0x00, 0x00, 0x01, 0x00, 0, 0, 0),     // lead-in, generated audio
      cue(0x01, 0x01, 0x00, 0x00, 0x00, 0, 0, 0),     // track 1 index 0
      cue(0x01, 0x01, 0x01, 0x00, 0x00, 0, 2, 0),     // track 1 index 1
      cue(0x01, 0x02, 0x01, 0x00, 0x00, 0, 6, 0),     // track 2 index 1, no pregap
      cue(0x01, 0x03, 0x01, 0x00, 0x00, 0, 10, 0),    // track 3 index 1, no pregap
      cue(0x01, 0xAA, 0x01, 0x01, 0x00, 0, 14, 0),    // lead-out
  });
}

// A block of `bytes` bytes for `lba`, every byte a function of both.
inline Bytes blockFor(int32_t lba, uint16_t bytes) {
  Bytes b(bytes);
  for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<uint8_t>((lba * 31 + static_cast<int32_t>(i) * 13 + 5) & 0xFF);
  return b;
}

// Writes LBAs [from, to) in WRITE(10)s of up to `chunk` blocks, block sizes from `size_at`.
inline void writeRange(vrec::Recorder& r, int32_t from, int32_t to, const std::function<uint16_t(int32_t)>& size_at,
                       uint16_t chunk = 26) {
  for (int32_t lba = from; lba < to;) {
    const auto n = static_cast<uint16_t>(std::min<int32_t>(chunk, to - lba));
    Bytes data;
    for (int32_t k = 0; k < n; ++k) {
      const Bytes b = blockFor(lba + k, size_at(lba + k));
      data.insert(data.end(), b.begin(), b.end());
    }
    const Reply w = dataOut(r, write10Cdb(lba, n), data);
    ASSERT_TRUE(w.good()) << "WRITE lba=" << lba << " n=" << n << ": " << w.sense();
    lba += n;
  }
}

inline uint16_t audioBlocks(int32_t) { return 2352; }

// READ TOC/PMA/ATIP with `format`, LBA addressing, AL 2048.
inline Reply readToc(vrec::Recorder& r, uint8_t format, uint8_t msf = 0, uint8_t track = 0) {
  return dataIn(r, {0x43, msf, format, 0, 0, 0, track, 0x08, 0x00, 0x00}, 2048);
}

// READ SUB-CHANNEL, SubQ = 1, `format`, `track`, AL 48.
inline Reply readSubChannel(vrec::Recorder& r, uint8_t format, uint8_t track = 0) {
  return dataIn(r, {0x42, 0x00, 0x40, format, 0, 0, track, 0x00, 0x30, 0x00}, 48);
}

}  // namespace vrec_test
