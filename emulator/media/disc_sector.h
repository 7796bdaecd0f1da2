// A disc position seen as a raw sector: which track and index an LBA belongs to (pregap = index 0,
// index points, TAO run-out), its sector type, its full 2352 bytes as a drive reads them (stored raw
// blocks as they are; 2048-byte user data and unwritten padding synthesised by raw_sector.h), and
// its sub-channel — P set in the pregap, Q on this schedule, per 100 absolute frames
// (n = LBA + 450,150, so every LBA has one):
//   n mod 100 == 1   Q mode 2 (MCN), when the disc has one
//   n mod 100 == 51  Q mode 3 (ISRC), inside the track's index ≥ 1 area when the track has one
//   otherwise        Q mode 1 (position)
// which keeps the Red Book minimum of 9 mode-1 frames in any 10 consecutive and one MCN/ISRC frame
// per 100.
#pragma once

#include <cstdint>
#include <span>

#include "emulator/media/medium.h"
#include "emulator/media/raw_sector.h"

namespace vrec {

enum class SectorRegion : uint8_t {
  kNone,    // no track: before the first pregap, between sessions, past the last track
  kPregap,  // index 0
  kUser,    // index 1 and later
  kRunOut,  // the 2 TAO run-out blocks after a track: counted, unreadable
};

// READ CD expected sector types (mmc.md §2.8, CDB byte 1 bits 4-2).
enum class SectorType : uint8_t { kAny = 0, kCdda = 1, kMode1 = 2, kMode2Formless = 3, kMode2Form1 = 4, kMode2Form2 = 5 };

struct SectorPlace {
  const Track* track = nullptr;
  SectorRegion region = SectorRegion::kNone;
  uint8_t index = 0;
};

SectorPlace locateSector(const Medium& medium, int32_t lba);

// REQUIRES: place.track != nullptr.
SectorType sectorType(const Medium& medium, const SectorPlace& place, int32_t lba);
void readRawSector(const Medium& medium, const SectorPlace& place, int32_t lba, std::span<uint8_t, kRawSectorBytes> out);

// The Q channel and the P flag of the sector (the schedule above). REQUIRES: place.track set.
QChannel sectorQ(const Medium& medium, const SectorPlace& place, int32_t lba);
bool sectorPauseFlag(const SectorPlace& place);

// Q CONTROL nibble of a track: page 05 track mode, with pre-emphasis for audio.
uint8_t trackControl(const Track& track);

}  // namespace vrec
