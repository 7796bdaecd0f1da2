// The subchannel a raw writer sends with each sector (ECMA-130 §22, Red Book; mmc.md §1.1, §2.8):
// eight channels P..W of 96 bits (12 bytes) per sector. The Q channel carries the position (ADR 1)
// and a CRC-16 with generator x^16 + x^12 + x^5 + 1, register preset to zero, stored inverted and
// most significant byte first in bytes 10–11. The "raw" 96-byte form interleaves the channels:
// bit 7 of raw byte n is bit n of P, bit 6 bit n of Q … bit 0 bit n of W, bits counted from the most
// significant bit of each channel's first byte. That is what a raw P–W writer (data block type 3,
// cue sheet sub-channel 11b) and READ CD sub-channel 001b use.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "engine/base/result.h"

namespace dm::sector {

inline constexpr size_t kChannelBytes = 12;       // 96 bits of one channel per sector
inline constexpr size_t kSubchannelBytes = 96;    // 8 channels
inline constexpr size_t kQCrcOffset = 10;

// Channel-major subchannel of one sector: P in bytes 0..11, Q in 12..23, R … W up to 95.
using SubchannelChannels = std::array<uint8_t, kSubchannelBytes>;
// The interleaved 96-byte raw form.
using RawSubchannel = std::array<uint8_t, kSubchannelBytes>;

enum class Channel : uint8_t { kP = 0, kQ, kR, kS, kT, kU, kV, kW };

// The 12 bytes of one channel inside a channel-major block.
inline std::span<uint8_t, kChannelBytes> channel(SubchannelChannels& block, Channel c) {
  return std::span<uint8_t, kChannelBytes>(block.data() + static_cast<size_t>(c) * kChannelBytes, kChannelBytes);
}

// Channel-major → interleaved raw form, and back. Each is the other's inverse.
void interleaveSubchannel(std::span<const uint8_t, kSubchannelBytes> channels,
                          std::span<uint8_t, kSubchannelBytes> raw);
void deinterleaveSubchannel(std::span<const uint8_t, kSubchannelBytes> raw,
                            std::span<uint8_t, kSubchannelBytes> channels);

// Batch forms: `count` = channels.size() / 96 sectors. E_INVALIDARG if a size is not a multiple
// of 96 or the two sizes differ.
Status interleaveSubchannels(std::span<const uint8_t> channels, std::span<uint8_t> raw);
Status deinterleaveSubchannels(std::span<const uint8_t> raw, std::span<uint8_t> channels);

// The Q CRC of `data` (normally Q bytes 0..9): CRC-16/CCITT, preset 0, result inverted.
uint16_t qCrc(std::span<const uint8_t> data);

// True if bytes 10–11 of `q` hold the CRC of bytes 0..9.
bool qCrcMatches(std::span<const uint8_t, kChannelBytes> q);

// A mode-1 (ADR 1) Q frame of the program area or lead-out.
struct QPosition {
  uint8_t control = 0x4;        // CTL nibble: 4 data track, 0 two-channel audio, +2 copy, +1 pre-emphasis
  uint8_t track = 1;            // 1..99, or 0xAA for the lead-out
  uint8_t index = 1;            // 0 (pregap) .. 99
  int32_t relative_frames = 0;  // time from the track's index 1; negative in the pregap (counts down)
  int32_t lba = 0;              // absolute address; written as its MSF (LBA 0 = 00:02:00)
};

// The 12 Q bytes for `position`: CTL/ADR, TNO, INDEX, relative MIN SEC FRAME, ZERO, absolute
// AMIN ASEC AFRAME (all BCD; TNO AAh as is), CRC. E_INVALIDARG for a track or index out of range,
// |relative_frames| ≥ 100 minutes or an LBA without an MSF address.
Result<std::array<uint8_t, kChannelBytes>> encodeQPosition(const QPosition& position);

// The channel-major subchannel of one sector at `position`: the P channel all ones if `p_flag`
// (the pause flag: set in pregaps and the lead-in), the Q channel from encodeQPosition, and R–W
// zero. Errors as encodeQPosition.
Result<SubchannelChannels> positionSubchannel(const QPosition& position, bool p_flag);

}  // namespace dm::sector
