// The Q sub-channel as a drive reads it out of what a host sent in raw mode (page 05 write type 3,
// mmc.md §1.1, §4.1): the 12 Q bytes and the P flag taken out of the 96-byte P–W form (bit 6 / bit
// 7 of each byte) or the 16-byte formatted P–Q form, the CRC check (Red Book: CRC-16 over bytes
// 0-9, stored inverted), and the decoded meaning of a frame — a lead-in TOC entry (TNO 0, POINT
// 01-99 / A0 / A1 / A2), a program-area or lead-out position (ADR 1), a catalog number (ADR 2) or
// an ISRC (ADR 3). Numbers in Q are BCD; a frame whose BCD fields are not BCD is treated as damaged.
// Encoding the Q of a recorded disc is raw_sector.h; nothing here knows about tracks or the drive.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "emulator/media/raw_sector.h"

namespace vrec {

inline constexpr size_t kFormattedPqBytes = 16;  // data block type 1: Q (12), 3 zero, P in byte 15 bit 7

// Q bytes and P flag of a 96-byte raw (or packed) P–W sub-channel: raw byte n carries bit n of Q in
// bit 6 and of P in bit 7. P is taken as set when most of its 96 bits are.
QChannel qFromRawSubchannel(std::span<const uint8_t, kRawSubchannelBytes> pw);
bool pFromRawSubchannel(std::span<const uint8_t, kRawSubchannelBytes> pw);

// Whether bytes 10-11 hold the inverted CRC-16 of bytes 0-9.
bool qCrcValid(const QChannel& q);
// `q` with its CRC recomputed (formatted P–Q from hosts that leave or mis-store it).
QChannel withQCrc(QChannel q);

// BCD byte to 0..99, nullopt when a nibble is above 9.
std::optional<uint8_t> fromBcd(uint8_t value);

enum class QKind : uint8_t {
  kDamaged,    // CRC wrong, unknown ADR, or fields that are not BCD
  kLeadInToc,  // ADR 1, TNO 0: a TOC entry (POINT)
  kLeadInOther,  // lead-in frame of another ADR (5: B0/C0 pointers), or an unknown POINT
  kPosition,   // ADR 1, TNO 01-99: a block of a track's pregap (index 0) or body
  kLeadOut,    // ADR 1, TNO AAh
  kCatalog,    // ADR 2: Media Catalog Number
  kIsrc,       // ADR 3: International Standard Recording Code
};

struct DecodedQ {
  QKind kind = QKind::kDamaged;
  uint8_t control = 0;     // CONTROL nibble
  uint8_t track = 0;       // kPosition: TNO
  uint8_t index = 0;       // kPosition: INDEX
  uint8_t point = 0;       // kLeadInToc: POINT as sent (01h-99h BCD, A0h, A1h, A2h)
  int32_t point_lba = 0;   // kLeadInToc: PMIN:PSEC:PFRAME as an LBA (track start, lead-out start)
  uint8_t pmin = 0, psec = 0;  // kLeadInToc: PMIN, PSEC as numbers (A0/A1: track numbers, disc type)
  int32_t absolute_lba = 0;    // kPosition, kLeadOut: AMIN:ASEC:AFRAME as an LBA
  std::string text;        // kCatalog: 13 digits; kIsrc: 12 characters
};

DecodedQ decodeQ(const QChannel& q);

}  // namespace vrec
