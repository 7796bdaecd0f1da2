// TraceLog: the recorder's event log in its stable text form, one line per event. Commands:
//   <start_ns> <end_ns> <OPNAME> [<params>] status=<GOOD|CHECK> [sense=KK/AA/QQ] buf=<bytes>
// Drive-internal events (OPC, pregap, run-out, lead-in, lead-out, underrun, relink, tray):
//   <start_ns> <end_ns> <EVENT> [<params>]
// Lines are appended in the order the drive decides them; a phase the drive schedules during a
// command (e.g. OPC when the buffer fills) precedes that command's line and may end after it.
// Numbers are plain decimal, so the same commands always give the same bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "emulator/sim/ticks.h"

namespace vrec {

class TraceLog {
 public:
  // `sense_code` is "KK/AA/QQ" for a CHECK CONDITION, empty for GOOD.
  void command(Ticks start, Ticks end, std::string_view name, std::string_view params,
               std::string_view sense_code, uint64_t buffer_bytes);
  void event(Ticks start, Ticks end, std::string_view name, std::string_view params);

  const std::string& text() const { return text_; }
  size_t lineCount() const { return lines_; }

 private:
  void begin(Ticks start, Ticks end, std::string_view name, std::string_view params);

  std::string text_;
  size_t lines_ = 0;
};

}  // namespace vrec
