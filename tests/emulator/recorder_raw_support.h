// Test plumbing for raw writing (page 05 write type 3): the test's own small encoders for what a
// raw-mode host sends (mmc.md §1.1, §2.1, §4.1; Red Book Q, ECMA-130 Annex B scrambling) — Q frames
// for the lead-in TOC, the program area and the lead-out with their CRC, the 96-byte P–W and 16-byte
// P–Q forms, and a scrambled Mode 1 sector — written independently of the emulator's code, so a
// misreading on either side shows up. A RawDisc describes a small disc and yields each block.
#pragma once

#include <array>
#include <cstring>
#include <functional>
#include <string>

#include "recorder_dao_support.h"

namespace vrec_test::raw {

inline uint8_t bcd(int v) { return static_cast<uint8_t>(v / 10 << 4 | v % 10); }

// MSF of an LBA, lead-in LBAs (< -150) counted from 90:00:00 upward (mmc.md §1.2).
inline std::array<uint8_t, 3> msf(int32_t lba) {
  const int32_t frames = lba < -150 ? lba + 450'150 : lba + 150;
  return {bcd(frames / 4500), bcd(frames / 75 % 60), bcd(frames % 75)};
}
inline std::array<uint8_t, 3> duration(int32_t frames) {
  return {bcd(frames / 4500), bcd(frames / 75 % 60), bcd(frames % 75)};
}

using Q = std::array<uint8_t, 12>;

// Red Book Q CRC: CRC-16 x^16+x^12+x^5+1 over bytes 0-9, bit by bit, stored inverted.
inline Q withCrc(Q q, bool inverted = true) {
  uint16_t crc = 0;
  for (int i = 0; i < 10; ++i) {
    crc = static_cast<uint16_t>(crc ^ q[static_cast<size_t>(i)] << 8);
    for (int b = 0; b < 8; ++b) crc = static_cast<uint16_t>((crc & 0x8000) != 0 ? crc << 1 ^ 0x1021 : crc << 1);
  }
  if (inverted) crc = static_cast<uint16_t>(~crc);
  q[10] = static_cast<uint8_t>(crc >> 8);
  q[11] = static_cast<uint8_t>(crc);
  return q;
}

// Lead-in TOC entry: TNO 0, POINT, running lead-in time, PMIN/PSEC/PFRAME.
inline Q tocQ(uint8_t control, uint8_t point, int32_t lba, std::array<uint8_t, 3> p) {
  const auto t = msf(lba);
  return withCrc({static_cast<uint8_t>(control << 4 | 1), 0, point, t[0], t[1], t[2], 0, p[0], p[1], p[2], 0, 0});
}
// Program area / lead-out position: TNO, INDEX, relative time, absolute time.
inline Q positionQ(uint8_t control, uint8_t tno, uint8_t index, int32_t relative, int32_t lba) {
  const auto r = duration(relative);
  const auto a = msf(lba);
  return withCrc({static_cast<uint8_t>(control << 4 | 1), tno, index, r[0], r[1], r[2], 0, a[0], a[1], a[2], 0, 0});
}
// ADR 2: 13 digits as BCD nibbles, then the absolute frame.
inline Q catalogQ(uint8_t control, const std::string& mcn, int32_t lba) {
  Q q{};
  q[0] = static_cast<uint8_t>(control << 4 | 2);
  for (size_t i = 0; i < 13; ++i) {
    const auto d = static_cast<uint8_t>(mcn[i] - '0');
    q[1 + i / 2] = static_cast<uint8_t>(q[1 + i / 2] | (i % 2 == 0 ? d << 4 : d));
  }
  q[9] = msf(lba)[2];
  return withCrc(q);
}

// 96-byte P–W: byte n holds bit n of Q in bit 6 and P in bit 7.
inline Bytes pw96(const Q& q, bool p) {
  Bytes out(96, 0);
  for (size_t n = 0; n < 96; ++n) {
    out[n] = static_cast<uint8_t>((p ? 0x80 : 0) | (((q[n / 8] >> (7 - n % 8)) & 1) != 0 ? 0x40 : 0));
  }
  return out;
}
// 16-byte formatted P–Q: Q, three zero bytes, P in byte 15 bit 7.
inline Bytes pq16(const Q& q, bool p) {
  Bytes out(q.begin(), q.end());
  out.resize(16, 0);
  out[15] = p ? 0x80 : 0x00;
  return out;
}

// ECMA-130 Annex B: XOR bytes 12..2351 with the LFSR x^15+x+1 (preset 1) output, LSB first.
inline void scramble(Bytes& sector) {
  uint16_t reg = 1;
  for (size_t i = 12; i < 2352; ++i) {
    uint8_t mask = 0;
    for (int b = 0; b < 8; ++b) {
      mask = static_cast<uint8_t>(mask | (reg & 1) << b);
      const uint16_t fb = (reg ^ reg >> 1) & 1;
      reg = static_cast<uint16_t>(reg >> 1 | fb << 14);
    }
    sector[i] ^= mask;
  }
}

// The user bytes the test puts in data sector `lba`.
inline uint8_t userByte(int32_t lba, size_t i) { return static_cast<uint8_t>((lba * 7 + static_cast<int32_t>(i) * 3 + 1) & 0xFF); }

// A Mode 1 sector as a raw host sends it: sync, BCD header, user data, the rest zero (the drive
// records what it gets; EDC/ECC do not matter to it), then scrambled.
inline Bytes mode1Sector(int32_t lba) {
  Bytes s(2352, 0);
  s[0] = 0x00;
  for (int i = 1; i < 11; ++i) s[static_cast<size_t>(i)] = 0xFF;
  const auto a = msf(lba);
  s[12] = a[0];
  s[13] = a[1];
  s[14] = a[2];
  s[15] = 1;
  for (size_t i = 0; i < 2048; ++i) s[16 + i] = userByte(lba, i);
  scramble(s);
  return s;
}
inline Bytes audioSector(int32_t lba) {
  Bytes s(2352);
  for (size_t i = 0; i < s.size(); ++i) s[i] = static_cast<uint8_t>((lba * 5 + static_cast<int32_t>(i)) & 0xFF);
  return s;
}

// The disc: track 1 Mode 1 data (index 1 at LBA 0, 300 blocks after its 150-block pregap), track 2
// audio (pregap 300..449, index 1 at 450, index 2 at 600), lead-out at 750; MCN in the program area
// every 100 blocks. The lead-in runs from `lead_in` to -151, each TOC entry 3 times in turn.
struct RawDisc {
  int32_t lead_in = -11'634;
  int32_t lead_out = 750;
  int32_t lead_out_blocks = 300;
  std::string mcn = "1234567890123";
  // LBAs whose Q gets a broken CRC (stored as written, ignored for the TOC).
  std::function<bool(int32_t)> damage = [](int32_t) { return false; };

  Q qAt(int32_t lba) const {
    if (lba < -150) {
      const std::array<Q, 5> toc{
          tocQ(4, 0xA0, lba, {bcd(1), 0x00, 0}), tocQ(0, 0xA1, lba, {bcd(2), 0, 0}),
          tocQ(0, 0xA2, lba, msf(lead_out)), tocQ(4, 0x01, lba, msf(0)), tocQ(0, 0x02, lba, msf(450))};
      return toc[static_cast<size_t>((lba - lead_in) / 3) % toc.size()];
    }
    if (lba >= lead_out) return positionQ(0, 0xAA, 1, lba - lead_out, lba);
    if (!mcn.empty() && (lba + 150) % 100 == 50) return catalogQ(lba < 300 ? 4 : 0, mcn, lba);
    if (lba < 0) return positionQ(4, 1, 0, -lba - 1, lba);
    if (lba < 300) return positionQ(4, 1, 1, lba, lba);
    if (lba < 450) return positionQ(0, 2, 0, 449 - lba, lba);
    return positionQ(0, 2, lba < 600 ? 1 : 2, lba - 450, lba);
  }
  bool pAt(int32_t lba) const { return (lba >= -150 && lba < 0) || (lba >= 300 && lba < 450); }
  Bytes mainAt(int32_t lba) const {
    if (lba >= -150 && lba < 300) return mode1Sector(lba);
    return audioSector(lba);
  }
  // One block of data block type `type` (1: 2368, 2/3: 2448).
  Bytes block(int32_t lba, uint8_t type) const {
    Bytes b = mainAt(lba);
    Q q = qAt(lba);
    if (damage(lba)) q[11] ^= 0x5A;
    const Bytes sub = type == 1 ? pq16(q, pAt(lba)) : pw96(q, pAt(lba));
    b.insert(b.end(), sub.begin(), sub.end());
    return b;
  }
  int32_t end() const { return lead_out + lead_out_blocks; }
};

// WRITE(10)s of `chunk` blocks over [from, to).
inline void writeRaw(vrec::Recorder& r, const RawDisc& disc, uint8_t type, int32_t from, int32_t to, uint16_t chunk = 26) {
  for (int32_t lba = from; lba < to;) {
    const auto n = static_cast<uint16_t>(std::min<int32_t>(chunk, to - lba));
    Bytes data;
    for (int32_t k = 0; k < n; ++k) {
      const Bytes b = disc.block(lba + k, type);
      data.insert(data.end(), b.begin(), b.end());
    }
    const Reply w = dataOut(r, write10Cdb(lba, n), data);
    ASSERT_TRUE(w.good()) << "WRITE lba=" << lba << " n=" << n << ": " << w.sense();
    lba += n;
  }
}

inline constexpr uint8_t kRawWrite = 0x03;  // page 05 byte 2: write type 3

}  // namespace vrec_test::raw
