// Firmware quirks: named, documented deviations from MMC that real drives show, each selectable by
// name in a drive profile (`quirks: [negative_nwa_on_blank]`) and tested at its point of use with
// QuirkSet::has(), the way qemu's scsi-disk tests its quirk bits (STYLE.md §5). The catalogue
// (quirk.cc) holds one row per quirk: its name, the burn stage it affects, a one-line summary, a
// paragraph saying which drives did it and what they answer instead, and the public source
// (shared/reference/mmc.md §9 row and the burner that copes with it). `discmaster quirks doc`
// generates emulator/quirks/CATALOGUE.md from that table. Adding one: an enumerator before kCount,
// a row in quirk.cc, the check where the drive deviates, a test in tests/emulator/quirk_*_test.cc.
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
  // Identification and capabilities.
  kSetCdSpeedNoRoundUp,
  kSetCdSpeedUnsupported,
  kZeroWriteSpeedDescriptors,
  kByteSwappedSpeedFields,
  kEmptyGetPerformance,
  kGetPerformanceNominalRefused,
  // Media information.
  kNegativeNwaOnBlank,
  kZeroFreeBlocksOnBlank,
  kReadDiscInformationUnsupported,
  // Mode pages.
  kInvalidPage05Defaults,
  // Writing.
  kTestWriteIgnored,
  kCloseTrackRefusedOnCdTao,
  kCloseSessionFailsInTestWrite,
  kCloseFirstAttemptInProgress,
  kCloseSessionAnswers0408,
  kCloseSessionAnswers0407,
  kCueSheetIsrcControlRejected,
  // Buffer and waiting.
  kStaleBufferCapacity,
  kBufferQueryBeforeFillDiscards,
  kWriteBusyWhenBufferFull,
  kTurReadyWhileBusy,
  kImmedAnswersNotReady,
  // Reading back.
  kReadTocMsfUnsupported,
  kBcdTrackNumbersInToc,
  kReadTocFullUnsupported,
  kReadCdErrorFlagsRefused,
  kReadCdSubchannelUnsupported,
  // Events (GET EVENT STATUS NOTIFICATION).
  kGesnUnsupported,
  kGesnSpuriousMediaChange,
  kCount
};

struct QuirkInfo {
  Quirk quirk;
  std::string_view name;         // profile spelling, snake_case
  std::string_view area;         // the burn stage: identification, media, mode pages, writing, …
  std::string_view summary;      // one line: what the drive does differently
  std::string_view description;  // which drives, which command or field, what they answer instead
  std::string_view source;       // mmc.md §9 row and the public source code or list naming it
};

// Every quirk, in enumerator order.
std::span<const QuirkInfo> allQuirks();
const QuirkInfo& quirkInfo(Quirk quirk);
// The quirk spelled `name`, or nullopt.
std::optional<Quirk> parseQuirk(std::string_view name);
// The known name closest to a misspelt `name` (edit distance ≤ 3), or empty.
std::string_view suggestQuirk(std::string_view name);

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
