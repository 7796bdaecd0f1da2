// The scalar parsers of the scenario language (see scenario_values.h).
#include "tools/scenario/scenario_values.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace dm::scenario {
namespace {

// A number followed by one of `units` (exact match after the number); "" is a unit too if listed.
std::optional<double> withUnit(std::string_view text, const std::vector<std::pair<std::string_view, double>>& units) {
  size_t end = 0;
  while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) != 0 || text[end] == '.')) ++end;
  if (end == 0) return std::nullopt;
  auto number = parseNumber(text.substr(0, end));
  if (!number) return std::nullopt;
  std::string_view unit = text.substr(end);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  for (const auto& [name, scale] : units)
    if (unit == name) return *number * scale;
  return std::nullopt;
}

}  // namespace

bool Comparison::holds(double observed) const {
  constexpr double kEpsilon = 1e-9;
  switch (op) {
    case Op::kEq: return std::fabs(observed - value) < kEpsilon;
    case Op::kNe: return std::fabs(observed - value) >= kEpsilon;
    case Op::kLt: return observed < value;
    case Op::kLe: return observed <= value;
    case Op::kGt: return observed > value;
    case Op::kGe: return observed >= value;
  }
  return false;
}

std::optional<bool> parseBool(std::string_view text) {
  if (text == "true") return true;
  if (text == "false") return false;
  return std::nullopt;
}

std::optional<double> parseInteger(std::string_view text) {
  long long v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return static_cast<double>(v);
}

std::optional<double> parseNumber(std::string_view text) {
  double v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<double> parsePercent(std::string_view text) { return withUnit(text, {{"%", 1.0}}); }

std::optional<double> parseDurationNs(std::string_view text) {
  return withUnit(text, {{"ms", 1e6}, {"s", 1e9}, {"min", 60e9}});
}

std::optional<double> parseRate(std::string_view text) {
  auto r = withUnit(text, {{"B/s", 1.0}, {"KiB/s", 1024.0}, {"MiB/s", 1048576.0}, {"kB/s", 1e3}, {"MB/s", 1e6},
                           {"x", 153600.0}});
  if (r && *r <= 0) return std::nullopt;
  return r;
}

std::optional<double> parseSize(std::string_view text) {
  return withUnit(text, {{"", 1.0}, {"B", 1.0}, {"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1073741824.0}});
}

std::optional<Comparison> parseComparison(std::string_view text) {
  static const std::vector<std::pair<std::string_view, Comparison::Op>> kOps = {
      {"<=", Comparison::Op::kLe}, {">=", Comparison::Op::kGe}, {"!=", Comparison::Op::kNe},
      {"==", Comparison::Op::kEq}, {"<", Comparison::Op::kLt},  {">", Comparison::Op::kGt}};
  Comparison c;
  c.text = std::string(text);
  std::string_view rest = text;
  for (const auto& [sym, op] : kOps) {
    if (rest.substr(0, sym.size()) == sym) {
      c.op = op;
      rest.remove_prefix(sym.size());
      break;
    }
  }
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  auto v = parseNumber(rest);
  if (!v) return std::nullopt;
  c.value = *v;
  return c;
}

std::string typeExample(std::string_view type) {
  if (type == "int") return "a whole number such as 3";
  if (type == "number") return "a number such as 16";
  if (type == "percent") return "a percentage such as 40%";
  if (type == "duration") return "a duration such as 3s or 500ms";
  if (type == "rate") return "a rate such as 2MiB/s or 4x";
  if (type == "size") return "a size such as 10MiB";
  if (type == "expect") return "a value or a comparison such as 0, <20 or >=1";
  return std::string(type);
}

size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string locatedMessage(const std::string& file, int line, int column, const std::string& what) {
  if (line < 0) return file + ": " + what;
  return file + ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": " + what;
}

}  // namespace dm::scenario
