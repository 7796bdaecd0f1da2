// Test plumbing for the recorder as a BD writer: a BD-R/RE + DVD±RW writer profile with CLV speeds
// (BD-R 6/4/2x, BD-RE 2x), hand-written CDBs for the BD-only commands (FORMAT UNIT with a BD format
// type and subtype, READ FORMAT CAPACITIES, READ DISC STRUCTURE media type 1), BD capacities from
// mmc.md §1.5, and a writer of whole 32-block clusters.
#pragma once

#include <optional>

#include "dvd_test_support.h"

namespace vrec_test {

inline constexpr uint32_t kBdFull = 12'219'392;          // mmc.md §1.5: unformatted, 31h
inline constexpr uint32_t kBdDefaultSpares = 11'826'176;  // formatted with the default spares
inline constexpr uint32_t kBdMinimalSpares = 12'088'320;  // ISA0 only (4,096 clusters)
inline constexpr uint32_t kBdMaximalSpares = 11'564'032;  // ISA0 + 16,384 OSA clusters

inline vrec::DriveProfile bdWriterProfile() {
  vrec::DriveProfile p = dvdWriterProfile();
  p.name = "bd-test";
  p.bd_r_write_speeds_x = {6, 4, 2};
  p.bd_re_write_speeds_x = {2};
  p.max_bd_read_speed_x = 6;
  return p;
}

inline vrec::Recorder makeBdRecorder(vrec::MediumKind kind) {
  return vrec::Recorder(bdWriterProfile(), vrec::Medium::blank(kind));
}

// FORMAT UNIT, FmtData + format code 001b; one descriptor: `blocks`, `type` and `subtype`.
inline Reply formatBd(vrec::Recorder& r, uint8_t type, uint32_t blocks, uint8_t subtype = 0, bool immed = false) {
  return dataOut(r, {0x04, 0x11, 0, 0, 0, 0},
                 {0x00, static_cast<uint8_t>(immed ? 0x02 : 0x00), 0x00, 0x08, static_cast<uint8_t>(blocks >> 24),
                  static_cast<uint8_t>(blocks >> 16), static_cast<uint8_t>(blocks >> 8), static_cast<uint8_t>(blocks),
                  static_cast<uint8_t>(type << 2 | subtype), 0x00, 0x00, 0x00});
}
// READ FORMAT CAPACITIES, AL 252.
inline Reply formatCapacities(vrec::Recorder& r) { return dataIn(r, {0x23, 0, 0, 0, 0, 0, 0, 0x00, 0xFC, 0x00}, 252); }
// READ DISC STRUCTURE, media type 1 (BD), format `fmt`.
inline Reply bdStructure(vrec::Recorder& r, uint8_t fmt, uint16_t al = 4100) {
  return dataIn(r, {0xAD, 0x01, 0, 0, 0, 0, 0x00, fmt, static_cast<uint8_t>(al >> 8), static_cast<uint8_t>(al), 0x00, 0x00},
                al);
}
inline Reply readCapacity(vrec::Recorder& r) { return dataIn(r, {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 8); }
// GET CONFIGURATION, RT 00b, all features.
inline Reply configuration(vrec::Recorder& r) { return dataIn(r, {0x46, 0x00, 0, 0, 0, 0, 0, 0x04, 0x00, 0x00}, 1024); }

// Whether feature `code` is in a GET CONFIGURATION reply, and its Current bit.
inline std::optional<bool> featureCurrent(const Bytes& reply, uint16_t code) {
  for (size_t at = 8; at + 4 <= reply.size(); at += 4u + reply[at + 3]) {
    if (be16(reply, at) == code) return (reply[at + 2] & 0x01) != 0;
  }
  return std::nullopt;
}

// Writes `blocks` 2048-byte blocks from `lba` in WRITE(10)s of one cluster (32 blocks, 64 KiB).
inline void writeBd(vrec::Recorder& r, int32_t lba, uint32_t blocks) {
  for (uint32_t done = 0; done < blocks;) {
    const auto n = static_cast<uint16_t>(std::min<uint32_t>(32, blocks - done));
    const int32_t at = lba + static_cast<int32_t>(done);
    const Reply w = dataOut(r, write10Cdb(at, n), payload(at, n));
    ASSERT_TRUE(w.good()) << "WRITE lba=" << at << ": " << w.sense();
    done += n;
  }
}

}  // namespace vrec_test
