// SET CD SPEED (BBh), READ BUFFER CAPACITY (5Ch) and GET PERFORMANCE (ACh): how fast the drive
// records, and how full its buffer is (MMC-5; mmc.md §2, §8.1). The selected
// speed is kept as the host asked for it and resolved against the loaded medium's speed list when
// used, so a CD-RW swapped for a CD-R gets its own nearest speed.
#include <algorithm>
#include <string>
#include <vector>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"

namespace vrec {
namespace {

constexpr uint8_t kPerformanceNominal = 0x00;
constexpr uint8_t kPerformanceWriteSpeed = 0x03;
constexpr size_t kPerformanceHeaderBytes = 8;
constexpr size_t kPerformanceDescriptorBytes = 16;
constexpr uint8_t kToleranceNominal = 0x10;  // data type bits 4-3 = 10b

}  // namespace

void Drive::handleSetCdSpeed(Command& c) {
  if (profile_.quirks.has(Quirk::kSetCdSpeedUnsupported)) {
    failField(c, kSenseInvalidOpcode, 0);  // mmc.md §9 #53: BBh not implemented
    return;
  }
  const uint8_t rotation = c.cdb[1] & 0x03;
  const uint16_t read_kbps = be16(c.cdb, 2);
  const uint16_t write_kbps = be16(c.cdb, 4);
  // MMC-5 SET CD SPEED rotation control: 00b CLV, 01b CAV. The drive picks the rotation of each
  // speed from its profile (mmc.md §8.1); a CAV request is accepted from a drive that has a CAV
  // speed, anything else is an invalid field.
  const bool has_cav = std::any_of(profile_.rotation_rules.begin(), profile_.rotation_rules.end(),
                                   [](const RotationRule& r) { return r.rotation == Rotation::kCav; });
  if (rotation > 1 || (rotation == 1 && !has_cav)) {
    failField(c, kSenseInvalidFieldInCdb, 1, 0);
    return;
  }
  if (profile_.quirks.has(Quirk::kSetCdSpeedNoRoundUp) && write_kbps != kSpeedMaximum) {
    // mmc.md §9 #35: this firmware refuses a write speed below its slowest instead of rounding up.
    const std::span<const uint16_t> speeds = writeSpeeds();
    const uint16_t slowest = *std::min_element(speeds.begin(), speeds.end());
    if (write_kbps < static_cast<uint32_t>(slowest) * kCdRequestKbpsPer1x) {
      failField(c, kSenseInvalidFieldInCdb, 4);
      return;
    }
  }
  requested_read_kbps_ = read_kbps;
  requested_write_kbps_ = write_kbps;
  c.params = "read=" + std::to_string(read_kbps) + " write=" + std::to_string(write_kbps) +
             " selected=" + std::to_string(currentWriteSpeedX()) + "x";
}

void Drive::handleReadBufferCapacity(Command& c) {
  const bool blocks = (c.cdb[1] & 0x01) != 0;
  const uint16_t allocation = be16(c.cdb, 7);
  uint64_t free_bytes = buffer_.freeAt(c.ready);
  if (profile_.quirks.has(Quirk::kBufferQueryBeforeFillDiscards) && visible().openTrack() != nullptr &&
      !track_head_started_) {
    // mmc.md §9 #16: asked before its buffer filled once, this firmware drops what it holds.
    recording().markOpenTrackDamaged();
    resetWriteHead();
    trace_.event(c.ready, c.ready, "QUIRK", "buffer_query_before_fill_discards: buffer discarded");
    free_bytes = buffer_.capacityBytes();
  }
  if (profile_.quirks.has(Quirk::kStaleBufferCapacity)) {
    // mmc.md §9 #6: the report lags one query behind (the first one: an empty buffer).
    const uint64_t measured = free_bytes;
    free_bytes = quirk_last_free_bytes_.value_or(buffer_.capacityBytes());
    quirk_last_free_bytes_ = measured;
  }
  std::vector<uint8_t> out(12, 0);
  putBe16(out, 0, 0x000A);
  if (blocks) {
    // MMC-5 READ BUFFER CAPACITY: Block = 1 reports the free space in blocks of the current block size.
    const uint16_t block = std::max<uint16_t>(write_params_.blockBytes(), 1);
    out[3] = 0x01;
    putBe32(out, 8, static_cast<uint32_t>(free_bytes / block));
  } else {
    // mmc.md §2 READ BUFFER CAPACITY, Block = 0: buffer length and available bytes.
    putBe32(out, 4, static_cast<uint32_t>(buffer_.capacityBytes()));
    putBe32(out, 8, static_cast<uint32_t>(free_bytes));
  }
  c.params = std::string("block=") + (blocks ? "1" : "0") + " free=" + std::to_string(free_bytes);
  reply(c, out, allocation);
}

void Drive::handleGetPerformance(Command& c) {
  const uint8_t data_type = c.cdb[1] & 0x1F;
  const uint16_t max_descriptors = be16(c.cdb, 8);
  const uint8_t type = c.cdb[10];
  c.params = "type=" + std::to_string(type) + " max=" + std::to_string(max_descriptors);
  if (type != kPerformanceNominal && type != kPerformanceWriteSpeed) {
    failField(c, kSenseInvalidFieldInCdb, 10);
    return;
  }
  if (type == kPerformanceNominal && profile_.quirks.has(Quirk::kGetPerformanceNominalRefused)) {
    failField(c, kSenseInvalidFieldInCdb, 10);  // mmc.md §9 #23
    return;
  }
  if (type == kPerformanceNominal && (data_type & 0x18) != kToleranceNominal) {
    failField(c, kSenseInvalidFieldInCdb, 1, 4);  // tolerance must be 10b (mmc.md §2 GET PERFORMANCE)
    return;
  }
  if (!requireMedium(c)) return;
  const uint32_t capacity = visible().capacitySectors();
  std::vector<uint8_t> out(kPerformanceHeaderBytes, 0);
  auto add_descriptor = [&out]() -> size_t {
    out.resize(out.size() + kPerformanceDescriptorBytes, 0);
    return out.size() - kPerformanceDescriptorBytes;
  };
  if (type == kPerformanceWriteSpeed && profile_.quirks.has(Quirk::kEmptyGetPerformance)) {
    putBe32(out, 0, 0);  // mmc.md §9 #26: GOOD, a bare header, data length 0
    reply(c, out, out.size());
    return;
  }
  if (type == kPerformanceWriteSpeed) {
    // mmc.md §2: one write speed descriptor per speed, fastest first; CLV, end LBA = capacity.
    std::vector<uint16_t> speeds(writeSpeeds().begin(), writeSpeeds().end());
    std::sort(speeds.begin(), speeds.end(), [](uint16_t a, uint16_t b) { return a > b; });
    for (size_t i = 0; i < speeds.size() && i < max_descriptors; ++i) {
      const size_t at = add_descriptor();
      // MMC-5 write speed descriptor byte 0 bits 4-3, WRC: 00b CLV (default), 01b CAV.
      const Rotation rotation = rotationRule(speeds[i]).rotation;
      out[at] = rotation == Rotation::kCav || rotation == Rotation::kPcav ? 0x08 : 0x00;
      putBe32(out, at + 4, capacity);
      putBe32(out, at + 8, speedKbps(readSpeedMaxX()));
      putBe32(out, at + 12, speedKbps(speeds[i]));
    }
  } else if ((data_type & 0x03) == 0 && max_descriptors > 0) {
    // Nominal performance over the whole disc at the speed the drive would use now.
    const bool write = (data_type & 0x04) != 0;
    const uint32_t kbps = speedKbps(write ? currentWriteSpeedX() : readSpeedMaxX());
    out[4] = write ? 0x02 : 0x00;
    const size_t at = add_descriptor();
    putBe32(out, at + 4, kbps);
    putBe32(out, at + 8, capacity > 0 ? capacity - 1 : 0);
    putBe32(out, at + 12, kbps);
  }
  putBe32(out, 0, static_cast<uint32_t>(out.size() - 4));
  reply(c, out, out.size());
}

}  // namespace vrec
