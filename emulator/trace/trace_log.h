// TraceLog: the recorder's event log in its stable text form, one line per event. Commands:
//   <start_ns> <end_ns> <OPNAME> [<params>] status=<GOOD|CHECK> [sense=KK/AA/QQ] buf=<bytes>
// WRITE lines carry the LBA and count, and once the head runs its actual speed ("head=22.413x",
// which differs from the nominal one under CAV, P-CAV and Z-CLV). Drive-internal events (OPC,
// PREGAP, PAD, RUN-OUT, LEAD-IN, LEAD-OUT, CUE-SHEET, RESERVE, UNDERRUN, RELINK, ZONE, ERASE,
// TRAY-IN/OUT, ...):
//   <start_ns> <end_ns> <EVENT> [<params>]
// Lines come out in time order: by start tick, and at the same tick in the order the drive
// decided them. A command takes its place in that order when it arrives (reserve()), so the OPC
// and pregap a WRITE starts follow its line even though the line is only complete when the
// command ends. Numbers are plain decimal (std::to_string is locale-independent for integers), so
// the same commands always give the same bytes; hash() is FNV-1a 64 over those bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/sim/ticks.h"

namespace vrec {

class TraceLog {
 public:
  // A place in the order for a command that arrived now; fill it with command().
  uint64_t reserve() { return next_sequence_++; }

  // `sense_code` is "KK/AA/QQ" for a CHECK CONDITION, empty for GOOD. `place` is from reserve().
  void command(uint64_t place, Ticks start, Ticks end, std::string_view name, std::string_view params,
               std::string_view sense_code, uint64_t buffer_bytes);
  void event(Ticks start, Ticks end, std::string_view name, std::string_view params);

  // The whole trace, time-ordered.
  std::string text() const;
  size_t lineCount() const { return entries_.size(); }

  // FNV-1a 64-bit hash of `text`, for comparing traces without keeping them.
  static uint64_t hash(std::string_view text);

 private:
  struct Entry {
    Ticks start = 0;
    uint64_t sequence = 0;
    std::string line;  // with its trailing newline
  };
  static std::string begin(Ticks start, Ticks end, std::string_view name, std::string_view params);

  std::vector<Entry> entries_;
  uint64_t next_sequence_ = 0;
};

}  // namespace vrec
