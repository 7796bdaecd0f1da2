// Raw CD sectors as the drive reads them back: the emulator's own ECMA-130 synthesis of a full
// 2352-byte sector from the user data the store holds (sync, BCD MSF header, Mode 1 or Mode 2
// Form 1/2 subheader, EDC, zero fill, P and Q parity by RSPC over GF(2^8), ECMA-130 §14 and
// Annex A; mmc.md §1.1), and the sub-channel of a sector (ECMA-130 §22, Red Book): the P pause
// flag, the formatted Q channel in mode 1 (position), mode 2 (MCN) and mode 3 (ISRC) with its
// CRC-16, and the 96-byte raw interleaved P–W form READ CD sub-channel 001b returns.
// Everything is table driven and allocation free; nothing here knows about tracks (subchannel.h
// maps a disc position to these fields).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace vrec {

inline constexpr size_t kRawSectorBytes = 2352;
inline constexpr size_t kSyncBytes = 12;
inline constexpr size_t kHeaderBytes = 4;
inline constexpr size_t kSubheaderBytes = 8;
inline constexpr size_t kMode1UserBytes = 2048;
inline constexpr size_t kForm2UserBytes = 2324;
inline constexpr size_t kQBytes = 12;
inline constexpr size_t kRawSubchannelBytes = 96;

// The EDC of ECMA-130 §14.3: CRC-32 with polynomial x^32+x^31+x^16+x^15+x^4+x^3+x+1, processed
// least significant bit first, register preset to 0, no final inversion; stored little-endian.
// `crc` continues a running value.
uint32_t edc(std::span<const uint8_t> bytes, uint32_t crc = 0);

// The Q sub-channel CRC (Red Book): CRC-16 x^16+x^12+x^5+1, preset 0, over Q bytes 0..9, stored
// inverted and most significant byte first in bytes 10-11.
uint16_t qCrc(std::span<const uint8_t> bytes);

// The XA subheader of Mode 2 sectors (file, channel, submode, coding), written twice.
using XaSubheader = std::array<uint8_t, 4>;
inline constexpr uint8_t kSubmodeForm2 = 0x20;  // submode bit 5
inline constexpr uint8_t kSubmodeData = 0x08;   // submode bit 3

// Full raw sectors addressed `lba` (header MSF from mmc.md §1.2).
void encodeMode1(int32_t lba, std::span<const uint8_t, kMode1UserBytes> user, std::span<uint8_t, kRawSectorBytes> out);
void encodeMode2Form1(int32_t lba, const XaSubheader& subheader, std::span<const uint8_t, kMode1UserBytes> user,
                      std::span<uint8_t, kRawSectorBytes> out);
void encodeMode2Form2(int32_t lba, const XaSubheader& subheader, std::span<const uint8_t, kForm2UserBytes> user,
                      std::span<uint8_t, kRawSectorBytes> out);
// Mode 2 with 2336 user bytes after the header, no EDC/ECC (formless, or XA with its subheader
// and EDC already in `user`).
void encodeMode2Formless(int32_t lba, std::span<const uint8_t, 2336> user, std::span<uint8_t, kRawSectorBytes> out);

// Sync pattern and the 4-byte header (BCD MSF + mode) at the start of `out`.
void writeSyncAndHeader(int32_t lba, uint8_t mode, std::span<uint8_t, kRawSectorBytes> out);
// P then Q parity over bytes 12..2075 / 12..2247 of `sector` (ECMA-130 Annex A).
void writeEcc(std::span<uint8_t, kRawSectorBytes> sector);

// ECMA-130 Annex B scrambling of bytes 12..2351 of a data sector (the sync is left alone): XOR
// with the output of the LFSR x^15 + x + 1 preset to 1, least significant bit first. Applying it
// twice restores the sector; raw-mode hosts send data sectors scrambled (mmc.md §4.1 write type 3).
void scramble(std::span<uint8_t, kRawSectorBytes> sector);
// Whether the sector starts with the 12-byte sync pattern 00 FF×10 00.
bool hasSync(std::span<const uint8_t> sector);

// --- Sub-channel ---
using QChannel = std::array<uint8_t, kQBytes>;
using RawSubchannel = std::array<uint8_t, kRawSubchannelBytes>;

// Q mode 1: CONTROL/ADR, TNO, INDEX, relative MSF (counting down to index 1 when negative),
// ZERO, absolute MSF of `lba`, all BCD, and the CRC.
QChannel qPosition(uint8_t control, uint8_t track, uint8_t index, int32_t relative_frames, int32_t lba);
// Q mode 2: the 13 MCN digits as BCD nibbles, 12 zero bits, the absolute frame, CRC.
QChannel qCatalog(uint8_t control, std::string_view mcn, int32_t lba);
// Q mode 3: ISRC I1-I5 as 6-bit characters, two zero bits, I6-I12 as BCD nibbles, four zero bits,
// the absolute frame, CRC. `isrc` is 12 characters (country, owner: 0-9 A-Z; year, serial: 0-9).
QChannel qIsrc(uint8_t control, std::string_view isrc, int32_t lba);

// The 96-byte raw form: raw byte n carries bit n of P in bit 7, of Q in bit 6, and R–W (here all
// zero) in bits 5-0; bits are counted from the most significant bit of each channel's byte 0.
RawSubchannel interleave(bool p_flag, const QChannel& q);

uint8_t toBcd(uint32_t value);  // 0..99

}  // namespace vrec
