// Test plumbing for the firmware quirks: a default recorder with or without one quirk, a disc with
// one closed data track, and the literal CDBs the quirk tests send (mmc.md §2 layouts).
#pragma once

#include <optional>

#include "emulator/quirks/quirk.h"
#include "recorder_test_support.h"

namespace vrec_test {

inline vrec::Recorder recorderWith(std::optional<vrec::Quirk> quirk,
                                   vrec::MediumKind kind = vrec::MediumKind::kCdR80) {
  vrec::DriveProfile profile = vrec::DriveProfile::defaultCdRecorder();
  if (quirk) profile.quirks.set(*quirk);
  return vrec::Recorder(std::move(profile), vrec::Medium::blank(kind));
}

// One 320-block Mode 1 track, flushed and fixated without IMMED: a closed single-session disc.
inline void burnOneTrack(vrec::Recorder& r) {
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
  writeBlocks(r, 0, 320);
  ASSERT_TRUE(syncCache(r).good());
  const Reply closed = closeSession(r);
  ASSERT_TRUE(closed.good()) << closed.sense();
}

// MODE SENSE(10) page 2Ah current, AL 256; the page starts after the 8-byte header.
inline Reply capabilitiesPage(vrec::Recorder& r) {
  return dataIn(r, {0x5A, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00}, 256);
}
// GET PERFORMANCE type 03h (write speed), up to 16 descriptors.
inline Reply writeSpeedPerformance(vrec::Recorder& r) {
  return dataIn(r, {0xAC, 0x00, 0, 0, 0, 0, 0, 0, 0x00, 0x10, 0x03, 0x00}, 8 + 16 * 16);
}
// GET PERFORMANCE type 00h, tolerance 10b, write, one descriptor.
inline Reply nominalPerformance(vrec::Recorder& r) {
  return dataIn(r, {0xAC, 0x14, 0, 0, 0, 0, 0, 0, 0x00, 0x01, 0x00, 0x00}, 8 + 16);
}
// READ BUFFER CAPACITY, Block = 0, AL 12.
inline Reply bufferCapacity(vrec::Recorder& r) { return dataIn(r, {0x5C, 0, 0, 0, 0, 0, 0, 0x00, 0x0C, 0x00}, 12); }
// READ TOC/PMA/ATIP: byte 1 MSF bit, byte 2 format, AL 804.
inline Reply readToc(vrec::Recorder& r, uint8_t format, bool msf) {
  return dataIn(r, {0x43, static_cast<uint8_t>(msf ? 0x02 : 0x00), format, 0, 0, 0, 0, 0x03, 0x24, 0x00}, 804);
}
// READ CD of one sector at `lba`: byte 9 main-channel selection, byte 10 sub-channel selection.
inline Reply readCd(vrec::Recorder& r, int32_t lba, uint8_t main, uint8_t sub) {
  const auto v = static_cast<uint32_t>(lba);
  return dataIn(r,
                {0xBE, 0x00, static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 8),
                 static_cast<uint8_t>(v), 0x00, 0x00, 0x01, main, sub, 0x00},
                2352 + 296 + 96);
}
inline Reply syncCacheImmed(vrec::Recorder& r) { return noData(r, {0x35, 0x02, 0, 0, 0, 0, 0, 0, 0, 0}); }
// CLOSE TRACK/SESSION function 001b, track 1, without IMMED.
inline Reply closeTrack1(vrec::Recorder& r) { return noData(r, {0x5B, 0x00, 0x01, 0, 0x00, 0x01, 0, 0, 0, 0}); }

}  // namespace vrec_test
