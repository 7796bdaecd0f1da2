// Output: JSON Lines and human text (see output.h).
#include "tools/discmaster/output.h"

#include <fmt/format.h>

#include <cmath>
#include <iostream>

namespace dm::cli {

void Output::event(std::string_view type, double t, const Json& fields) const {
  if (!json_) return;
  Json j;
  j["type"] = type;
  j["t"] = std::round(t * 1e6) / 1e6;
  j["schema"] = 1;
  for (const auto& [k, v] : fields.items()) j[k] = v;
  std::cout << j.dump() << '\n' << std::flush;
}

void Output::text(std::string_view s) const {
  if (json_) return;
  std::cout << s << std::flush;
}

void Output::result(const Status& status, int exit_code, double t, Json fields) const {
  if (json_) {
    Json j;
    j["result"] = status.codeName();
    j["exit_code"] = exit_code;
    if (!status.ok()) j["message"] = status.message();
    const Json context = statusFields(status);  // a named copy: items() does not extend a temporary
    for (const auto& [k, v] : context.items()) j[k] = v;
    for (const auto& [k, v] : fields.items()) j[k] = v;
    event("result", t, j);
    return;
  }
  if (!status.ok()) std::cerr << "discmaster: " << status.toString() << '\n';
}

Json statusFields(const Status& status) {
  Json j = Json::object();
  const ErrorContext& c = status.context();
  if (!c.command.empty()) j["command"] = c.command;
  if (c.lba) j["lba"] = *c.lba;
  if (c.blocks) j["blocks"] = *c.blocks;
  if (c.sense) j["sense"] = fmt::format("{:02X}/{:02X}/{:02X}", c.sense->key, c.sense->asc, c.sense->ascq);
  if (!c.file.empty()) j["file"] = c.file;
  if (c.line) j["line"] = *c.line;
  if (c.column) j["column"] = *c.column;
  return j;
}

std::string withThousands(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace dm::cli
