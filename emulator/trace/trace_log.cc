// TraceLog line formatting. std::to_string is locale-independent for integers, which keeps the
// trace byte-identical across machines.
#include "emulator/trace/trace_log.h"

namespace vrec {

void TraceLog::begin(Ticks start, Ticks end, std::string_view name, std::string_view params) {
  text_ += std::to_string(start);
  text_ += ' ';
  text_ += std::to_string(end);
  text_ += ' ';
  text_ += name;
  if (!params.empty()) {
    text_ += ' ';
    text_ += params;
  }
}

void TraceLog::command(Ticks start, Ticks end, std::string_view name, std::string_view params,
                       std::string_view sense_code, uint64_t buffer_bytes) {
  begin(start, end, name, params);
  if (!sense_code.empty()) {
    text_ += " status=CHECK sense=";
    text_ += sense_code;
  } else {
    text_ += " status=GOOD";
  }
  text_ += " buf=";
  text_ += std::to_string(buffer_bytes);
  text_ += '\n';
  ++lines_;
}

void TraceLog::event(Ticks start, Ticks end, std::string_view name, std::string_view params) {
  begin(start, end, name, params);
  text_ += '\n';
  ++lines_;
}

}  // namespace vrec
