// Q sub-channel extraction and decoding (see q_subchannel.h; Red Book / ECMA-130 §22).
#include "emulator/media/q_subchannel.h"

#include "emulator/media/msf.h"

namespace vrec {
namespace {

constexpr uint8_t kAdrPosition = 1;
constexpr uint8_t kAdrCatalog = 2;
constexpr uint8_t kAdrIsrc = 3;
constexpr uint8_t kTnoLeadOut = 0xAA;
constexpr uint8_t kPointFirstTrack = 0xA0;
constexpr uint8_t kPointLastTrack = 0xA1;
constexpr uint8_t kPointLeadOut = 0xA2;

std::optional<int32_t> bcdMsfLba(uint8_t m, uint8_t s, uint8_t f) {
  const auto min = fromBcd(m), sec = fromBcd(s), frame = fromBcd(f);
  if (!min || !sec || !frame || *sec >= 60 || *frame >= kCdFramesPerSecond) return std::nullopt;
  return msfToLba(Msf{*min, *sec, *frame});
}

// ISRC characters in Q mode 3 (6 bits): 0-9 as 00h-09h, A-Z as 11h-2Ah.
char isrcChar(uint8_t code) {
  if (code <= 9) return static_cast<char>('0' + code);
  if (code >= 0x11 && code <= 0x2A) return static_cast<char>('A' + (code - 0x11));
  return '\0';
}

}  // namespace

QChannel qFromRawSubchannel(std::span<const uint8_t, kRawSubchannelBytes> pw) {
  QChannel q{};
  for (size_t n = 0; n < kRawSubchannelBytes; ++n) {
    if ((pw[n] & 0x40) != 0) q[n / 8] = static_cast<uint8_t>(q[n / 8] | 0x80 >> (n % 8));
  }
  return q;
}

bool pFromRawSubchannel(std::span<const uint8_t, kRawSubchannelBytes> pw) {
  size_t set = 0;
  for (const uint8_t b : pw) set += (b & 0x80) != 0 ? 1 : 0;
  return set * 2 > kRawSubchannelBytes;
}

bool qCrcValid(const QChannel& q) {
  const uint16_t crc = qCrc(std::span<const uint8_t>(q.data(), 10));
  return q[10] == static_cast<uint8_t>(crc >> 8) && q[11] == static_cast<uint8_t>(crc);
}

QChannel withQCrc(QChannel q) {
  const uint16_t crc = qCrc(std::span<const uint8_t>(q.data(), 10));
  q[10] = static_cast<uint8_t>(crc >> 8);
  q[11] = static_cast<uint8_t>(crc);
  return q;
}

std::optional<uint8_t> fromBcd(uint8_t value) {
  if ((value >> 4) > 9 || (value & 0x0F) > 9) return std::nullopt;
  return static_cast<uint8_t>((value >> 4) * 10 + (value & 0x0F));
}

DecodedQ decodeQ(const QChannel& q) {
  DecodedQ d;
  if (!qCrcValid(q)) return d;
  d.control = static_cast<uint8_t>(q[0] >> 4);
  const uint8_t adr = q[0] & 0x0F;
  if (adr == kAdrCatalog) {
    // 13 digits as BCD nibbles in bytes 1-7 (the 14th nibble is zero).
    for (size_t i = 0; i < 13; ++i) {
      const uint8_t nibble = (i % 2 == 0 ? q[1 + i / 2] >> 4 : q[1 + i / 2]) & 0x0F;
      if (nibble > 9) return DecodedQ{};
      d.text.push_back(static_cast<char>('0' + nibble));
    }
    d.kind = QKind::kCatalog;
    return d;
  }
  if (adr == kAdrIsrc) {
    // I1-I5: five 6-bit characters from byte 1 bit 7; I6-I12: BCD nibbles in bytes 5-8.
    const uint32_t bits = static_cast<uint32_t>(q[1]) << 24 | static_cast<uint32_t>(q[2]) << 16 |
                          static_cast<uint32_t>(q[3]) << 8 | q[4];
    for (int i = 0; i < 5; ++i) {
      const char c = isrcChar(static_cast<uint8_t>(bits >> (26 - 6 * i) & 0x3F));
      if (c == '\0') return DecodedQ{};
      d.text.push_back(c);
    }
    for (size_t i = 0; i < 7; ++i) {
      const uint8_t nibble = (i % 2 == 0 ? q[5 + i / 2] >> 4 : q[5 + i / 2]) & 0x0F;
      if (nibble > 9) return DecodedQ{};
      d.text.push_back(static_cast<char>('0' + nibble));
    }
    d.kind = QKind::kIsrc;
    return d;
  }
  if (adr != kAdrPosition) {
    d.kind = q[1] == 0 ? QKind::kLeadInOther : QKind::kDamaged;
    return d;
  }
  if (q[1] == 0) {
    // Lead-in: bytes 3-5 run the lead-in time, 7-9 carry the POINT's value.
    d.point = q[2];
    const auto pmin = fromBcd(q[7]);
    const auto lba = bcdMsfLba(q[7], q[8], q[9]);
    const bool track_point = fromBcd(q[2]).has_value() && q[2] != 0;
    if (track_point || q[2] == kPointLeadOut) {
      if (!lba) return DecodedQ{};
      d.point_lba = *lba;
      d.kind = QKind::kLeadInToc;
    } else if (q[2] == kPointFirstTrack || q[2] == kPointLastTrack) {
      if (!pmin) return DecodedQ{};
      d.pmin = *pmin;
      d.psec = q[8];  // A0: disc type 00h/10h/20h, kept as sent
      d.kind = QKind::kLeadInToc;
    } else {
      d.kind = QKind::kLeadInOther;
    }
    return d;
  }
  const auto absolute = bcdMsfLba(q[7], q[8], q[9]);
  if (!absolute) return DecodedQ{};
  d.absolute_lba = *absolute;
  if (q[1] == kTnoLeadOut) {
    d.kind = QKind::kLeadOut;
    return d;
  }
  const auto track = fromBcd(q[1]);
  const auto index = fromBcd(q[2]);
  if (!track || !index || *track == 0) return DecodedQ{};
  d.track = *track;
  d.index = *index;
  d.kind = QKind::kPosition;
  return d;
}

}  // namespace vrec
