// Firmware quirks: named, documented deviations from MMC that real drives show, each selectable by
// name in a drive profile (`quirks: [negative_nwa_on_blank]`) and tested at its point of use with
// QuirkSet::has(), the way qemu's scsi-disk tests its quirk bits (STYLE.md §5). The catalogue row
// each quirk reproduces is in shared/reference/mmc.md §9; every quirk has a test in
// tests/emulator/quirk_test.cc. Adding one: an enumerator before kCount, a row in quirk.cc, the
// check where the drive deviates, and a test.
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vrec {

enum class Quirk : uint8_t {
  // mmc.md §9 #1 (Pioneer BDR-205, LITE-ON LTR-48125S; libburn mmc_get_nwa): READ TRACK
  // INFORMATION on a blank medium reports the next writable address as −150.
  kNegativeNwaOnBlank,
  // mmc.md §9 #35 (several drives; cdrtools mmc_set_speed): SET CD SPEED below the slowest
  // supported write speed fails with 05/24/00 instead of rounding up to it.
  kSetCdSpeedNoRoundUp,
  kCount
};

struct QuirkInfo {
  Quirk quirk;
  std::string_view name;     // profile spelling, snake_case
  std::string_view summary;  // what the drive does differently
  std::string_view source;   // mmc.md §9 row and the burner that works around it
};

// Every quirk, in enumerator order.
std::span<const QuirkInfo> allQuirks();
const QuirkInfo& quirkInfo(Quirk quirk);
// The quirk spelled `name`, or nullopt.
std::optional<Quirk> parseQuirk(std::string_view name);

class QuirkSet {
 public:
  bool has(Quirk quirk) const { return bits_.test(static_cast<size_t>(quirk)); }
  void set(Quirk quirk) { bits_.set(static_cast<size_t>(quirk)); }
  bool empty() const { return bits_.none(); }
  // Names of the quirks set, in enumerator order.
  std::vector<std::string> names() const;
  bool operator==(const QuirkSet&) const = default;

 private:
  std::bitset<static_cast<size_t>(Quirk::kCount)> bits_;
};

}  // namespace vrec
