// ECMA-130 sector synthesis and sub-channel encoding (see raw_sector.h). The tables are built at
// compile time: the EDC CRC-32 table, the Q CRC-16 table, and GF(2^8) multiply-by-α and
// divide-by-(1+α) tables for the RSPC parity (field polynomial x^8+x^4+x^3+x^2+1, α = 02h,
// ECMA-130 Annex A).
#include "emulator/media/raw_sector.h"

#include <cstring>

#include "emulator/media/msf.h"

namespace vrec {
namespace {

constexpr uint8_t kSync[kSyncBytes] = {0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};

constexpr std::array<uint32_t, 256> makeEdcTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int bit = 0; bit < 8; ++bit) c = (c >> 1) ^ ((c & 1u) != 0 ? 0xD8018001u : 0u);  // 8001801Bh reflected
    table[i] = c;
  }
  return table;
}

constexpr std::array<uint16_t, 256> makeQCrcTable() {
  std::array<uint16_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i << 8;
    for (int bit = 0; bit < 8; ++bit) c = (c << 1) ^ ((c & 0x8000u) != 0 ? 0x1021u : 0u);
    table[i] = static_cast<uint16_t>(c);
  }
  return table;
}

constexpr uint8_t gfTimesAlpha(uint8_t x) {
  return static_cast<uint8_t>((x << 1) ^ ((x & 0x80) != 0 ? 0x1D : 0x00));
}

constexpr std::array<uint8_t, 256> makeTimesAlpha() {
  std::array<uint8_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) table[i] = gfTimesAlpha(static_cast<uint8_t>(i));
  return table;
}

// x / (1 + α): the inverse of y ↦ y·α ⊕ y, which is a bijection of GF(2^8).
constexpr std::array<uint8_t, 256> makeDivOnePlusAlpha() {
  std::array<uint8_t, 256> table{};
  for (uint32_t y = 0; y < 256; ++y) {
    const auto x = static_cast<uint8_t>(gfTimesAlpha(static_cast<uint8_t>(y)) ^ y);
    table[x] = static_cast<uint8_t>(y);
  }
  return table;
}

constexpr std::array<uint32_t, 256> kEdcTable = makeEdcTable();
constexpr std::array<uint16_t, 256> kQCrcTable = makeQCrcTable();
constexpr std::array<uint8_t, 256> kTimesAlpha = makeTimesAlpha();
constexpr std::array<uint8_t, 256> kDivOnePlusAlpha = makeDivOnePlusAlpha();

// One RSPC code word of `n` bytes whose last two are parity: with S0 = Σ d_k and
// S1 = Σ α^(n-1-k)·d_k over the data bytes, the parity solves p0 ⊕ p1 = S0 and α·p0 ⊕ p1 = S1
// (check matrix rows [1 … 1] and [α^(n-1) … α 1], ECMA-130 Annex A).
struct Parity {
  uint8_t p0 = 0;
  uint8_t p1 = 0;
};

Parity rspc(uint8_t s0, uint8_t horner) {
  // horner = Σ α^(n-3-k)·d_k; two more factors of α give S1.
  const uint8_t s1 = kTimesAlpha[kTimesAlpha[horner]];
  const uint8_t p0 = kDivOnePlusAlpha[s0 ^ s1];
  return Parity{p0, static_cast<uint8_t>(s0 ^ p0)};
}

constexpr size_t kEccBase = 12;               // parity covers the sector from the header on
constexpr size_t kPWords = 1032;              // 24 rows × 43 columns of 16-bit words
constexpr size_t kQWords = 1118;              // the P-protected words and the P parity
constexpr size_t kPParityOffset = kEccBase + 2 * kPWords;  // 2076
constexpr size_t kQParityOffset = kEccBase + 2 * kQWords;  // 2248

void writePParity(uint8_t* sector) {
  for (size_t column = 0; column < 43; ++column) {
    for (size_t plane = 0; plane < 2; ++plane) {
      uint8_t s0 = 0;
      uint8_t horner = 0;
      for (size_t row = 0; row < 24; ++row) {
        const uint8_t d = sector[kEccBase + 2 * (43 * row + column) + plane];
        s0 ^= d;
        horner = static_cast<uint8_t>(kTimesAlpha[horner] ^ d);
      }
      const Parity p = rspc(s0, horner);
      sector[kEccBase + 2 * (kPWords + column) + plane] = p.p0;
      sector[kEccBase + 2 * (kPWords + 43 + column) + plane] = p.p1;
    }
  }
}

void writeQParity(uint8_t* sector) {
  for (size_t diagonal = 0; diagonal < 26; ++diagonal) {
    for (size_t plane = 0; plane < 2; ++plane) {
      uint8_t s0 = 0;
      uint8_t horner = 0;
      for (size_t k = 0; k < 43; ++k) {
        const size_t word = (44 * k + 43 * diagonal) % kQWords;
        const uint8_t d = sector[kEccBase + 2 * word + plane];
        s0 ^= d;
        horner = static_cast<uint8_t>(kTimesAlpha[horner] ^ d);
      }
      const Parity p = rspc(s0, horner);
      sector[kQParityOffset + 2 * diagonal + plane] = p.p0;
      sector[kQParityOffset + 52 + 2 * diagonal + plane] = p.p1;
    }
  }
}

void storeLe32(uint8_t* at, uint32_t value) {
  for (int i = 0; i < 4; ++i) at[i] = static_cast<uint8_t>(value >> (8 * i));
}

void writeSubheaders(uint8_t* sector, const XaSubheader& subheader, bool form2) {
  XaSubheader sh = subheader;
  sh[2] = static_cast<uint8_t>(form2 ? (sh[2] | kSubmodeForm2) : (sh[2] & ~kSubmodeForm2));
  std::memcpy(sector + 16, sh.data(), 4);
  std::memcpy(sector + 20, sh.data(), 4);
}

void finishQ(QChannel& q) {
  const uint16_t crc = qCrc(std::span<const uint8_t>(q.data(), 10));
  q[10] = static_cast<uint8_t>(crc >> 8);
  q[11] = static_cast<uint8_t>(crc);
}

// 6-bit ISRC character code (Red Book): '0'-'9' → 00h-09h, 'A'-'Z' → 11h-2Ah.
uint8_t isrcCharacter(char c) {
  if (c >= '0' && c <= '9') return static_cast<uint8_t>(c - '0');
  if (c >= 'A' && c <= 'Z') return static_cast<uint8_t>(0x11 + (c - 'A'));
  return 0;
}

uint8_t digit(char c) { return c >= '0' && c <= '9' ? static_cast<uint8_t>(c - '0') : 0; }

}  // namespace

uint8_t toBcd(uint32_t value) { return static_cast<uint8_t>((value / 10 % 10) << 4 | value % 10); }

uint32_t edc(std::span<const uint8_t> bytes, uint32_t crc) {
  for (const uint8_t b : bytes) crc = (crc >> 8) ^ kEdcTable[(crc ^ b) & 0xFFu];
  return crc;
}

uint16_t qCrc(std::span<const uint8_t> bytes) {
  uint16_t crc = 0;
  for (const uint8_t b : bytes) crc = static_cast<uint16_t>((crc << 8) ^ kQCrcTable[((crc >> 8) ^ b) & 0xFFu]);
  return static_cast<uint16_t>(~crc);
}

void writeSyncAndHeader(int32_t lba, uint8_t mode, std::span<uint8_t, kRawSectorBytes> out) {
  std::memcpy(out.data(), kSync, kSyncBytes);
  const Msf msf = lbaToMsf(lba);
  out[12] = toBcd(msf.minute);
  out[13] = toBcd(msf.second);
  out[14] = toBcd(msf.frame);
  out[15] = mode;
}

void writeEcc(std::span<uint8_t, kRawSectorBytes> sector) {
  writePParity(sector.data());
  writeQParity(sector.data());
}

void encodeMode1(int32_t lba, std::span<const uint8_t, kMode1UserBytes> user, std::span<uint8_t, kRawSectorBytes> out) {
  writeSyncAndHeader(lba, 1, out);
  std::memcpy(out.data() + 16, user.data(), kMode1UserBytes);
  storeLe32(out.data() + 2064, edc(std::span<const uint8_t>(out.data(), 2064)));
  std::memset(out.data() + 2068, 0, 8);
  writeEcc(out);
}

void encodeMode2Form1(int32_t lba, const XaSubheader& subheader, std::span<const uint8_t, kMode1UserBytes> user,
                      std::span<uint8_t, kRawSectorBytes> out) {
  writeSyncAndHeader(lba, 2, out);
  writeSubheaders(out.data(), subheader, false);
  std::memcpy(out.data() + 24, user.data(), kMode1UserBytes);
  storeLe32(out.data() + 2072, edc(std::span<const uint8_t>(out.data() + 16, 2056)));
  // ECMA-130 / CD-ROM XA: the header takes part in the Form 1 parity as zeros.
  uint8_t header[kHeaderBytes];
  std::memcpy(header, out.data() + 12, kHeaderBytes);
  std::memset(out.data() + 12, 0, kHeaderBytes);
  writeEcc(out);
  std::memcpy(out.data() + 12, header, kHeaderBytes);
}

void encodeMode2Form2(int32_t lba, const XaSubheader& subheader, std::span<const uint8_t, kForm2UserBytes> user,
                      std::span<uint8_t, kRawSectorBytes> out) {
  writeSyncAndHeader(lba, 2, out);
  writeSubheaders(out.data(), subheader, true);
  std::memcpy(out.data() + 24, user.data(), kForm2UserBytes);
  storeLe32(out.data() + 2348, edc(std::span<const uint8_t>(out.data() + 16, 2332)));
}

void encodeMode2Formless(int32_t lba, std::span<const uint8_t, 2336> user, std::span<uint8_t, kRawSectorBytes> out) {
  writeSyncAndHeader(lba, 2, out);
  std::memcpy(out.data() + 16, user.data(), user.size());
}

namespace {

std::array<uint8_t, kRawSectorBytes - kSyncBytes> makeScrambleTable() {
  std::array<uint8_t, kRawSectorBytes - kSyncBytes> table{};
  uint16_t reg = 1;
  for (uint8_t& byte : table) {
    for (int bit = 0; bit < 8; ++bit) {
      if ((reg & 1) != 0) byte = static_cast<uint8_t>(byte | 1u << bit);
      const uint16_t feedback = (reg ^ (reg >> 1)) & 1;
      reg = static_cast<uint16_t>(reg >> 1 | feedback << 14);
    }
  }
  return table;
}

const std::array<uint8_t, kRawSectorBytes - kSyncBytes> kScrambleTable = makeScrambleTable();

}  // namespace

void scramble(std::span<uint8_t, kRawSectorBytes> sector) {
  for (size_t i = 0; i < kScrambleTable.size(); ++i) sector[kSyncBytes + i] ^= kScrambleTable[i];
}

bool hasSync(std::span<const uint8_t> sector) {
  return sector.size() >= kSyncBytes && std::memcmp(sector.data(), kSync, kSyncBytes) == 0;
}

QChannel qPosition(uint8_t control, uint8_t track, uint8_t index, int32_t relative_frames, int32_t lba) {
  QChannel q{};
  q[0] = static_cast<uint8_t>((control & 0x0F) << 4 | 0x01);
  q[1] = track == 0xAA ? 0xAA : toBcd(track);
  q[2] = toBcd(index);
  const auto relative = static_cast<uint32_t>(relative_frames < 0 ? -relative_frames : relative_frames);
  q[3] = toBcd(relative / (60 * 75));
  q[4] = toBcd(relative / 75 % 60);
  q[5] = toBcd(relative % 75);
  const Msf msf = lbaToMsf(lba);
  q[7] = toBcd(msf.minute);
  q[8] = toBcd(msf.second);
  q[9] = toBcd(msf.frame);
  finishQ(q);
  return q;
}

QChannel qCatalog(uint8_t control, std::string_view mcn, int32_t lba) {
  QChannel q{};
  q[0] = static_cast<uint8_t>((control & 0x0F) << 4 | 0x02);
  for (size_t i = 0; i < 13; ++i) {
    const uint8_t d = i < mcn.size() ? digit(mcn[i]) : 0;
    q[1 + i / 2] |= static_cast<uint8_t>(i % 2 == 0 ? d << 4 : d);
  }
  q[9] = toBcd(lbaToMsf(lba).frame);
  finishQ(q);
  return q;
}

QChannel qIsrc(uint8_t control, std::string_view isrc, int32_t lba) {
  QChannel q{};
  q[0] = static_cast<uint8_t>((control & 0x0F) << 4 | 0x03);
  // I1..I5: 30 bits of 6-bit characters from byte 1 bit 7, then two zero bits.
  uint32_t bits = 0;
  for (size_t i = 0; i < 5; ++i) bits = bits << 6 | isrcCharacter(i < isrc.size() ? isrc[i] : '0');
  bits <<= 2;
  q[1] = static_cast<uint8_t>(bits >> 24);
  q[2] = static_cast<uint8_t>(bits >> 16);
  q[3] = static_cast<uint8_t>(bits >> 8);
  q[4] = static_cast<uint8_t>(bits);
  // I6..I12: seven BCD nibbles from byte 5, then four zero bits.
  for (size_t i = 0; i < 7; ++i) {
    const uint8_t d = 5 + i < isrc.size() ? digit(isrc[5 + i]) : 0;
    q[5 + i / 2] |= static_cast<uint8_t>(i % 2 == 0 ? d << 4 : d);
  }
  q[9] = toBcd(lbaToMsf(lba).frame);
  finishQ(q);
  return q;
}

RawSubchannel interleave(bool p_flag, const QChannel& q) {
  RawSubchannel raw{};
  for (size_t n = 0; n < kRawSubchannelBytes; ++n) {
    const bool q_bit = ((q[n / 8] >> (7 - n % 8)) & 1) != 0;
    raw[n] = static_cast<uint8_t>((p_flag ? 0x80 : 0x00) | (q_bit ? 0x40 : 0x00));
  }
  return raw;
}

}  // namespace vrec
