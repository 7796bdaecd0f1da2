// Disc positions as raw sectors and sub-channel (see disc_sector.h).
#include "emulator/media/disc_sector.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace vrec {
namespace {

constexpr int32_t kMcnFrame = 1;
constexpr int32_t kIsrcFrame = 51;
constexpr int32_t kScheduleFrames = 100;

int32_t scheduleSlot(int32_t lba) { return (lba + kLeadInMsfLbaOffset) % kScheduleFrames; }

// The sector type a data track's blocks have when nothing raw is stored for them.
SectorType nominalDataType(const Track& track) {
  if (track.data_mode != 2) return SectorType::kMode1;
  if (track.block_bytes == 2336) return SectorType::kMode2Formless;
  if (track.block_bytes == kForm2UserBytes || track.block_bytes == kForm2UserBytes + kSubheaderBytes) {
    return SectorType::kMode2Form2;
  }
  return SectorType::kMode2Form1;
}

SectorType rawDataType(std::span<const uint8_t> raw) {
  if (raw[15] != 2) return SectorType::kMode1;
  return (raw[18] & kSubmodeForm2) != 0 ? SectorType::kMode2Form2 : SectorType::kMode2Form1;
}

}  // namespace

uint8_t trackControl(const Track& track) {
  uint8_t control = track.control & 0x0F;
  if (!track.isData() && track.pre_emphasis) control |= 0x01;
  return control;
}

SectorPlace locateSector(const Medium& medium, int32_t lba) {
  for (const Track& t : medium.tracks()) {
    if (lba >= t.pregap_lba && lba < t.start_lba) return SectorPlace{&t, SectorRegion::kPregap, 0};
    if (lba >= t.start_lba && lba < t.userEndLba()) {
      uint8_t index = 1;
      for (const int32_t at : t.index_lbas) {
        if (lba >= at) ++index;
      }
      return SectorPlace{&t, SectorRegion::kUser, index};
    }
    const int32_t run_out_end = t.start_lba + static_cast<int32_t>(t.sizeSectors());
    if (lba >= t.userEndLba() && lba < run_out_end) {
      return SectorPlace{&t, SectorRegion::kRunOut, static_cast<uint8_t>(1 + t.index_lbas.size())};
    }
  }
  return SectorPlace{};
}

SectorType sectorType(const Medium& medium, const SectorPlace& place, int32_t lba) {
  const Track& t = *place.track;
  if (!t.isData()) return SectorType::kCdda;
  const std::span<const uint8_t> block = medium.store().read(lba);
  if (block.size() == kRawSectorBytes) return rawDataType(block);
  return nominalDataType(t);
}

void readRawSector(const Medium& medium, const SectorPlace& place, int32_t lba, std::span<uint8_t, kRawSectorBytes> out) {
  const Track& t = *place.track;
  const std::span<const uint8_t> block = medium.store().read(lba);
  if (block.size() == kRawSectorBytes) {
    std::memcpy(out.data(), block.data(), kRawSectorBytes);
    return;
  }
  if (!t.isData()) {
    // Audio is stored raw; a shorter or missing block (padding, a generated pregap) is silence.
    std::memset(out.data(), 0, kRawSectorBytes);
    std::memcpy(out.data(), block.data(), block.size());
    return;
  }
  // User data as the store has it, zero-filled: drive padding and pregaps hold zeros.
  std::array<uint8_t, 2336> user{};
  std::memcpy(user.data(), block.data(), std::min(block.size(), user.size()));
  XaSubheader subheader{0, 0, kSubmodeData, 0};
  switch (nominalDataType(t)) {
    case SectorType::kMode2Formless:
      encodeMode2Formless(lba, std::span<const uint8_t, 2336>(user), out);
      break;
    case SectorType::kMode2Form2:
      if (t.block_bytes == kForm2UserBytes + kSubheaderBytes && block.size() >= kSubheaderBytes) {
        std::memcpy(subheader.data(), block.data(), subheader.size());
        std::memmove(user.data(), user.data() + kSubheaderBytes, kForm2UserBytes);
      }
      encodeMode2Form2(lba, subheader, std::span<const uint8_t, kForm2UserBytes>(user.data(), kForm2UserBytes), out);
      break;
    case SectorType::kMode2Form1:
      if (t.block_bytes == kMode1UserBytes + kSubheaderBytes && block.size() >= kSubheaderBytes) {
        std::memcpy(subheader.data(), block.data(), subheader.size());
        std::memmove(user.data(), user.data() + kSubheaderBytes, kMode1UserBytes);
      }
      encodeMode2Form1(lba, subheader, std::span<const uint8_t, kMode1UserBytes>(user.data(), kMode1UserBytes), out);
      break;
    default:
      encodeMode1(lba, std::span<const uint8_t, kMode1UserBytes>(user.data(), kMode1UserBytes), out);
      break;
  }
}

bool sectorPauseFlag(const SectorPlace& place) { return place.region == SectorRegion::kPregap; }

QChannel sectorQ(const Medium& medium, const SectorPlace& place, int32_t lba) {
  const Track& t = *place.track;
  const uint8_t control = trackControl(t);
  const int32_t slot = scheduleSlot(lba);
  if (slot == kMcnFrame && !medium.mcn().empty()) return qCatalog(control, medium.mcn(), lba);
  if (slot == kIsrcFrame && !t.isrc.empty() && place.region != SectorRegion::kPregap) {
    return qIsrc(control, t.isrc, lba);
  }
  // Relative time counts down through the pregap to 00:00:00 at index 1, then up again.
  const int32_t relative = lba < t.start_lba ? t.start_lba - lba : lba - t.start_lba;
  return qPosition(control, static_cast<uint8_t>(t.number), place.index, relative, lba);
}

}  // namespace vrec
