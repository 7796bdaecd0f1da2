// The scalar forms of the scenario language: booleans, numbers, percentages ("40%"), durations
// ("3s", "500ms", "2min"), rates ("2MiB/s", "300KiB/s", "4x"), sizes ("10MiB"), and expectations
// ("<20", ">=1", "!=0", "3"). Each parser returns nullopt for text it does not accept.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "tools/scenario/scenario.h"

namespace dm::scenario {

std::optional<bool> parseBool(std::string_view text);
std::optional<double> parseInteger(std::string_view text);
std::optional<double> parseNumber(std::string_view text);
std::optional<double> parsePercent(std::string_view text);     // "40%" → 40
std::optional<double> parseDurationNs(std::string_view text);  // "3s" → 3e9
std::optional<double> parseRate(std::string_view text);        // bytes per second; "1x" = 153600
std::optional<double> parseSize(std::string_view text);        // bytes
std::optional<Comparison> parseComparison(std::string_view text);

// An example of each schema type for error messages.
std::string typeExample(std::string_view type);

// Levenshtein distance.
size_t editDistance(std::string_view a, std::string_view b);

// "file:line:column: what" from a 0-based yaml-cpp line and column (negative: no place).
std::string locatedMessage(const std::string& file, int line, int column, const std::string& what);

}  // namespace dm::scenario
