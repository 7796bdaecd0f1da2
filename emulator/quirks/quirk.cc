// The quirk catalogue: one row per Quirk, names as profiles spell them.
#include "emulator/quirks/quirk.h"

#include <array>

namespace vrec {
namespace {

constexpr std::array<QuirkInfo, static_cast<size_t>(Quirk::kCount)> kQuirks = {{
    {Quirk::kNegativeNwaOnBlank, "negative_nwa_on_blank",
     "READ TRACK INFORMATION on a blank disc reports NWA = -150 (the pregap start)",
     "mmc.md §9 #1: Pioneer BDR-205, LITE-ON LTR-48125S; libburn mmc.c mmc_get_nwa clamps it"},
    {Quirk::kSetCdSpeedNoRoundUp, "set_cd_speed_no_round_up",
     "SET CD SPEED below the slowest write speed fails with 05/24/00 instead of rounding up",
     "mmc.md §9 #35: several drives; cdrtools drv_mmc.c mmc_set_speed retries with higher speeds"},
}};

}  // namespace

std::span<const QuirkInfo> allQuirks() { return kQuirks; }

const QuirkInfo& quirkInfo(Quirk quirk) { return kQuirks[static_cast<size_t>(quirk)]; }

std::optional<Quirk> parseQuirk(std::string_view name) {
  for (const QuirkInfo& info : kQuirks) {
    if (info.name == name) return info.quirk;
  }
  return std::nullopt;
}

std::vector<std::string> QuirkSet::names() const {
  std::vector<std::string> out;
  for (const QuirkInfo& info : kQuirks) {
    if (has(info.quirk)) out.emplace_back(info.name);
  }
  return out;
}

}  // namespace vrec
