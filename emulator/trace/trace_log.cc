// TraceLog line formatting and ordering. Entries are kept as decided and sorted on output: most
// arrive in order already, and a sort keyed by (start, sequence) is a total order, so the text is
// a pure function of the commands.
#include "emulator/trace/trace_log.h"

#include <algorithm>

namespace vrec {

std::string TraceLog::begin(Ticks start, Ticks end, std::string_view name, std::string_view params) {
  std::string line = std::to_string(start);
  line += ' ';
  line += std::to_string(end);
  line += ' ';
  line += name;
  if (!params.empty()) {
    line += ' ';
    line += params;
  }
  return line;
}

void TraceLog::command(uint64_t place, Ticks start, Ticks end, std::string_view name, std::string_view params,
                       std::string_view sense_code, uint64_t buffer_bytes) {
  std::string line = begin(start, end, name, params);
  if (!sense_code.empty()) {
    line += " status=CHECK sense=";
    line += sense_code;
  } else {
    line += " status=GOOD";
  }
  line += " buf=";
  line += std::to_string(buffer_bytes);
  line += '\n';
  entries_.push_back({start, place, std::move(line)});
}

void TraceLog::event(Ticks start, Ticks end, std::string_view name, std::string_view params) {
  std::string line = begin(start, end, name, params);
  line += '\n';
  entries_.push_back({start, next_sequence_++, std::move(line)});
}

std::string TraceLog::text() const {
  std::vector<const Entry*> order;
  order.reserve(entries_.size());
  size_t bytes = 0;
  for (const Entry& e : entries_) {
    order.push_back(&e);
    bytes += e.line.size();
  }
  std::sort(order.begin(), order.end(), [](const Entry* a, const Entry* b) {
    return a->start != b->start ? a->start < b->start : a->sequence < b->sequence;
  });
  std::string out;
  out.reserve(bytes);
  for (const Entry* e : order) out += e->line;
  return out;
}

uint64_t TraceLog::hash(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64 offset basis
  for (char c : text) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ULL;  // FNV-1a 64 prime
  }
  return h;
}

}  // namespace vrec
