// Subchannel: the Q CRC (ECMA-130 §22.3.6), the position Q frame, and P–W interleaving done as an
// 8 × 8 bit-matrix transpose per 8 raw bytes (Hacker's Delight §7-3 delta swaps).
#include "engine/sector/subchannel.h"

#include <algorithm>
#include <string>

#include "engine/sector/sector_format.h"

namespace dm::sector {
namespace {

constexpr std::array<uint16_t, 256> makeQCrcTable() {
  std::array<uint16_t, 256> t{};
  for (uint32_t b = 0; b < 256; ++b) {
    uint16_t c = static_cast<uint16_t>(b << 8);
    for (int bit = 0; bit < 8; ++bit)
      c = static_cast<uint16_t>((c & 0x8000) ? (c << 1) ^ 0x1021 : c << 1);  // x^16 + x^12 + x^5 + 1
    t[b] = c;
  }
  return t;
}

constexpr auto kQCrcTable = makeQCrcTable();

// Rows packed most significant byte first; row r, bit (7 - c) ↔ row c, bit (7 - r) afterwards.
constexpr uint64_t transpose8x8(uint64_t x) {
  uint64_t t = (x ^ (x >> 7)) & 0x00AA00AA00AA00AAULL;
  x = x ^ t ^ (t << 7);
  t = (x ^ (x >> 14)) & 0x0000CCCC0000CCCCULL;
  x = x ^ t ^ (t << 14);
  t = (x ^ (x >> 28)) & 0x00000000F0F0F0F0ULL;
  return x ^ t ^ (t << 28);
}

Status sizeError(const char* what, size_t a, size_t b) {
  return Status(ResultCode::kInvalidArgument, std::string(what) + ": buffers of " + std::to_string(a) + " and " +
                                                  std::to_string(b) +
                                                  " bytes; both must be the same multiple of 96 bytes");
}

}  // namespace

void interleaveSubchannel(std::span<const uint8_t, kSubchannelBytes> channels,
                          std::span<uint8_t, kSubchannelBytes> raw) {
  for (size_t i = 0; i < kChannelBytes; ++i) {
    uint64_t rows = 0;  // row k = byte i of channel k (P first, in the top byte)
    for (size_t k = 0; k < 8; ++k) rows = (rows << 8) | channels[k * kChannelBytes + i];
    const uint64_t cols = transpose8x8(rows);
    for (size_t b = 0; b < 8; ++b) raw[8 * i + b] = static_cast<uint8_t>(cols >> (56 - 8 * b));
  }
}

void deinterleaveSubchannel(std::span<const uint8_t, kSubchannelBytes> raw,
                            std::span<uint8_t, kSubchannelBytes> channels) {
  for (size_t i = 0; i < kChannelBytes; ++i) {
    uint64_t rows = 0;  // row b = raw byte 8i + b
    for (size_t b = 0; b < 8; ++b) rows = (rows << 8) | raw[8 * i + b];
    const uint64_t cols = transpose8x8(rows);
    for (size_t k = 0; k < 8; ++k) channels[k * kChannelBytes + i] = static_cast<uint8_t>(cols >> (56 - 8 * k));
  }
}

Status interleaveSubchannels(std::span<const uint8_t> channels, std::span<uint8_t> raw) {
  if (channels.size() != raw.size() || channels.size() % kSubchannelBytes != 0)
    return sizeError("interleaveSubchannels", channels.size(), raw.size());
  for (size_t off = 0; off < channels.size(); off += kSubchannelBytes)
    interleaveSubchannel(channels.subspan(off).first<kSubchannelBytes>(), raw.subspan(off).first<kSubchannelBytes>());
  return Status::Ok();
}

Status deinterleaveSubchannels(std::span<const uint8_t> raw, std::span<uint8_t> channels) {
  if (channels.size() != raw.size() || raw.size() % kSubchannelBytes != 0)
    return sizeError("deinterleaveSubchannels", raw.size(), channels.size());
  for (size_t off = 0; off < raw.size(); off += kSubchannelBytes)
    deinterleaveSubchannel(raw.subspan(off).first<kSubchannelBytes>(), channels.subspan(off).first<kSubchannelBytes>());
  return Status::Ok();
}

uint16_t qCrc(std::span<const uint8_t> data) {
  uint16_t crc = 0;
  for (uint8_t byte : data) crc = static_cast<uint16_t>((crc << 8) ^ kQCrcTable[(crc >> 8) ^ byte]);
  return static_cast<uint16_t>(~crc);
}

bool qCrcMatches(std::span<const uint8_t, kChannelBytes> q) {
  const uint16_t crc = qCrc(q.first<kQCrcOffset>());
  return q[kQCrcOffset] == (crc >> 8) && q[kQCrcOffset + 1] == (crc & 0xFF);
}

Result<std::array<uint8_t, kChannelBytes>> encodeQPosition(const QPosition& position) {
  const bool lead_out = position.track == 0xAA;
  if ((!lead_out && (position.track < 1 || position.track > 99)) || position.index > 99 || position.control > 0x0F) {
    return Status(ResultCode::kInvalidArgument, "Q position: track " + std::to_string(position.track) + " index " +
                                                    std::to_string(position.index) + " control " +
                                                    std::to_string(position.control) +
                                                    " (want track 1..99 or 0xAA, index 0..99, control 0..15)");
  }
  const int32_t relative = position.relative_frames < 0 ? -position.relative_frames : position.relative_frames;
  if (relative >= 100 * 60 * kFramesPerSecond) {
    return Status(ResultCode::kInvalidArgument, "Q position: relative time of " +
                                                    std::to_string(position.relative_frames) +
                                                    " frames is 100 minutes or more");
  }
  DM_ASSIGN_OR_RETURN(const Msf absolute, lbaToMsf(position.lba));
  std::array<uint8_t, kChannelBytes> q{};
  q[0] = static_cast<uint8_t>((position.control << 4) | 0x1);  // ADR 1: position
  q[1] = lead_out ? 0xAA : toBcd(position.track);
  q[2] = toBcd(position.index);
  q[3] = toBcd(static_cast<uint8_t>(relative / (60 * kFramesPerSecond)));
  q[4] = toBcd(static_cast<uint8_t>((relative / kFramesPerSecond) % 60));
  q[5] = toBcd(static_cast<uint8_t>(relative % kFramesPerSecond));
  q[6] = 0;
  q[7] = toBcd(absolute.minute);
  q[8] = toBcd(absolute.second);
  q[9] = toBcd(absolute.frame);
  const uint16_t crc = qCrc(std::span<const uint8_t>(q.data(), kQCrcOffset));
  q[10] = static_cast<uint8_t>(crc >> 8);
  q[11] = static_cast<uint8_t>(crc);
  return q;
}

Result<SubchannelChannels> positionSubchannel(const QPosition& position, bool p_flag) {
  DM_ASSIGN_OR_RETURN(const auto q, encodeQPosition(position));
  SubchannelChannels block{};
  auto p = channel(block, Channel::kP);
  std::fill(p.begin(), p.end(), p_flag ? 0xFF : 0x00);
  auto q_channel = channel(block, Channel::kQ);
  std::copy(q.begin(), q.end(), q_channel.begin());
  return block;
}

}  // namespace dm::sector
