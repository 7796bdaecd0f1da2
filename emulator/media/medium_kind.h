// Media kinds the virtual recorder can hold, and what is fixed per kind: the name used on the
// command line and in scenarios, the MMC profile, whether it is erasable, and the ATIP data a drive
// reads from the pre-groove (lead-in start, last possible lead-out start; mmc.md §1.4, §2.1 fmt 4).
// DVD kinds (DVD-R, DVD+R, DVD+RW single layer) and BD kinds (BD-R SRM, BD-RE single layer) have
// no ATIP: their capacity is the number of 2048-byte blocks a blank disc offers (mmc.md §1.5).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "emulator/media/msf.h"

namespace vrec {

// Appended in order so existing values keep their numbers.
enum class MediumKind : uint8_t {
  kCdR74, kCdR80, kCdRw, kCdR21, kCdR90, kCdR99, kDvdMinusR, kDvdPlusR, kDvdPlusRw, kBdR, kBdRe
};

// How a kind is recorded: CD (Orange Book: ATIP, TAO/SAO, run-out, lead-in/out), DVD-R sequential
// (incremental or DAO, borders), DVD+R (sequential tracks, sessions), DVD+RW (formatted, random
// overwrite), BD-R (Sequential Recording Mode: tracks, sessions, cluster-aligned), BD-RE (formatted
// with or without spare areas, random overwrite).
enum class MediumFamily : uint8_t { kCd, kDvdMinusR, kDvdPlusR, kDvdPlusRw, kBdR, kBdRe };

// MMC-5 profile numbers (mmc.md §3.2).
inline constexpr uint16_t kProfileNone = 0x0000;
inline constexpr uint16_t kProfileCdRom = 0x0008;
inline constexpr uint16_t kProfileCdR = 0x0009;
inline constexpr uint16_t kProfileCdRw = 0x000A;
inline constexpr uint16_t kProfileDvdRom = 0x0010;
inline constexpr uint16_t kProfileDvdMinusRSequential = 0x0011;
inline constexpr uint16_t kProfileDvdPlusRw = 0x001A;
inline constexpr uint16_t kProfileDvdPlusR = 0x001B;
inline constexpr uint16_t kProfileBdRom = 0x0040;
inline constexpr uint16_t kProfileBdRSequential = 0x0041;
inline constexpr uint16_t kProfileBdRe = 0x0043;

struct MediumKindInfo {
  MediumKind kind;
  std::string_view name;   // "cd-r80": CLI and scenario spelling
  std::string_view label;  // "CD-R 80 min": for people
  uint16_t profile;        // current profile when loaded (GET CONFIGURATION)
  bool erasable;           // CD-RW: disc information "Erasable", ATIP disc type bit
  Msf atip_lead_in_start;  // ATIP "start time of lead-in"
  Msf atip_last_lead_out;  // ATIP "last possible start time of lead-out"
  MediumFamily family;
  uint32_t dvd_capacity_sectors;  // DVD, BD: user blocks of a blank disc (mmc.md §1.5); CD: 0 (ATIP)

  // DVD or BD: 2048-byte blocks addressed by LBA, no ATIP, no pregap or run-out. The drive's DVD
  // code paths serve both; isBd() picks the BD geometry (32-block clusters, BD 1×).
  bool isDvd() const { return family != MediumFamily::kCd; }
  bool isBd() const { return family == MediumFamily::kBdR || family == MediumFamily::kBdRe; }
};

// Every kind, in the order people list them (smallest first).
std::span<const MediumKindInfo> allMediumKinds();

// Accepts "cd-r21", "cd-r74", "cd-r80", "cd-r90", "cd-r99", "cd-rw", "dvd-r", "dvd+r", "dvd+rw",
// "bd-r", "bd-re" (exact, lower case).
// Anything else: nullopt.
std::optional<MediumKind> parseMediumKind(std::string_view name);

// The name parseMediumKind accepts for `kind`.
std::string_view mediumKindName(MediumKind kind);

// The fixed facts of `kind`.
const MediumKindInfo& mediumKindInfo(MediumKind kind);

}  // namespace vrec
