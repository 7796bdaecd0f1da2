// Media kinds the virtual recorder can hold, and what is fixed per kind: the name used on the
// command line and in scenarios, the MMC profile, whether it is erasable, and the ATIP data a drive
// reads from the pre-groove (lead-in start, last possible lead-out start; mmc.md §1.4, §2.1 fmt 4).
// Room for DVD and BD kinds later: add an enumerator and a row in medium_kind.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "emulator/media/msf.h"

namespace vrec {

// Appended in order so existing values keep their numbers.
enum class MediumKind : uint8_t { kCdR74, kCdR80, kCdRw, kCdR21, kCdR90, kCdR99 };

// MMC-5 profile numbers (mmc.md §3.2).
inline constexpr uint16_t kProfileNone = 0x0000;
inline constexpr uint16_t kProfileCdRom = 0x0008;
inline constexpr uint16_t kProfileCdR = 0x0009;
inline constexpr uint16_t kProfileCdRw = 0x000A;

struct MediumKindInfo {
  MediumKind kind;
  std::string_view name;   // "cd-r80": CLI and scenario spelling
  std::string_view label;  // "CD-R 80 min": for people
  uint16_t profile;        // current profile when loaded (GET CONFIGURATION)
  bool erasable;           // CD-RW: disc information "Erasable", ATIP disc type bit
  Msf atip_lead_in_start;  // ATIP "start time of lead-in"
  Msf atip_last_lead_out;  // ATIP "last possible start time of lead-out"
};

// Every kind, in the order people list them (smallest first).
std::span<const MediumKindInfo> allMediumKinds();

// Accepts "cd-r21", "cd-r74", "cd-r80", "cd-r90", "cd-r99", "cd-rw" (exact, lower case).
// Anything else: nullopt.
std::optional<MediumKind> parseMediumKind(std::string_view name);

// The name parseMediumKind accepts for `kind`.
std::string_view mediumKindName(MediumKind kind);

// The fixed facts of `kind`.
const MediumKindInfo& mediumKindInfo(MediumKind kind);

}  // namespace vrec
