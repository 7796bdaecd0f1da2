// ECMA-119 (ISO 9660:1988) field encodings: the numeric formats of §7, the two date forms
// (§8.4.26.1 and §9.1.5), and the character sets of §7.4 (d- and a-characters) with our mapping
// of arbitrary UTF-8 text onto them. Pure functions on byte buffers; no I/O, no clock.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dm::layout {

inline constexpr uint32_t kBlockBytes = 2048;  // logical block size we write (ECMA-119 §6.1.2)

// §7.2.1 / §7.2.2 / §7.2.3: 16-bit little-, big- and both-endian.
void put721(uint8_t* p, uint16_t v);
void put722(uint8_t* p, uint16_t v);
void put723(uint8_t* p, uint16_t v);
// §7.3.1 / §7.3.2 / §7.3.3: 32-bit little-, big- and both-endian.
void put731(uint8_t* p, uint32_t v);
void put732(uint8_t* p, uint32_t v);
void put733(uint8_t* p, uint32_t v);

// §9.1.5: the 7-byte recording date (years since 1900, month, day, hour, minute, second, GMT
// offset in 15-minute units). We write UTC (offset 0). Times outside 1900-01-01 … 2155-12-31
// 23:59:59, which the form cannot express, are clamped to its ends.
using RecordDate = std::array<uint8_t, 7>;
RecordDate recordDate(std::chrono::sys_seconds t);

// §8.4.26.1: the 17-byte volume date, "YYYYMMDDHHMMSScc" in digits plus a GMT offset byte (0).
using VolumeDate = std::array<uint8_t, 17>;
VolumeDate volumeDate(std::chrono::sys_seconds t);  // REQUIRES: year in 1…9999
VolumeDate unspecifiedVolumeDate();                 // sixteen '0' digits and offset 0

// True if `t` is representable in the 7-byte form without clamping.
bool fitsRecordDate(std::chrono::sys_seconds t);

// §7.4.1 d-characters: A–Z 0–9 _. Mapping of UTF-8 text, one output character per code point:
// a–z are upper-cased, A–Z 0–9 _ kept, everything else (including '.', spaces, and any non-ASCII
// character) becomes '_'. The result is cut to `max_chars`.
std::string toDCharacters(std::string_view utf8, size_t max_chars);

// §7.4.1 a-characters: d-characters plus space and ! " % & ' ( ) * + , - . / : ; < = > ?.
// Same mapping scheme as toDCharacters (lower case upper-cased, the rest '_').
std::string toACharacters(std::string_view utf8, size_t max_chars);

// Writes `text` into a fixed field of `field_bytes`, padded with spaces (§8.4: identifier fields
// are filled with (20) to their length). REQUIRES: text.size() <= field_bytes.
void putPadded(uint8_t* p, size_t field_bytes, std::string_view text);

// Writes UCS-2 big-endian bytes into a fixed field, padded with UCS-2 spaces (00 20); an odd
// trailing byte (the 37-byte file identifier fields) is left 00. REQUIRES: fits.
void putUcs2Padded(uint8_t* p, size_t field_bytes, std::string_view ucs2_be);

}  // namespace dm::layout
