// Joliet name validation and UTF-8 → UCS-2 conversion (see joliet_name.h).
#include "engine/stage/joliet_name.h"

#include <fmt/format.h>

#include <cstdint>

namespace dm::stage {
namespace {

Status badName(std::string message) {
  return Status(ResultCode::kBadJolietName, std::move(message));
}

// The byte count of a UTF-8 sequence from its lead byte, or 0 for a byte that cannot lead one.
size_t sequenceLength(uint8_t lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 0;
}

// Characters the Joliet specification forbids in identifiers besides the control characters.
bool forbiddenInJoliet(char16_t c) {
  return c == u'*' || c == u'/' || c == u':' || c == u';' || c == u'?' || c == u'\\';
}

Result<std::u16string> decodeUtf8(std::string_view utf8, bool replace_outside_bmp);

}  // namespace

Result<std::u16string> utf8ToUcs2(std::string_view utf8) { return decodeUtf8(utf8, false); }

Result<std::u16string> utf8ToUcs2Lenient(std::string_view utf8) {
  if (utf8.empty() || utf8 == "." || utf8 == "..")
    return badName(fmt::format("'{}' is not a usable name", utf8));
  return decodeUtf8(utf8, true);
}

std::u16string jolietStandIn(std::string_view utf8) {
  Result<std::u16string> units = decodeUtf8(utf8, true);
  std::u16string out = units.ok() ? *units : std::u16string(u"_");
  for (char16_t& c : out)
    if (c < 0x20 || forbiddenInJoliet(c)) c = u'_';
  if (out.size() > kJolietMaxNameUnits) out.resize(kJolietMaxNameUnits);
  return out;
}

namespace {

Result<std::u16string> decodeUtf8(std::string_view utf8, bool replace_outside_bmp) {
  std::u16string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<uint8_t>(utf8[i]);
    const size_t len = sequenceLength(lead);
    if (len == 0 || i + len > utf8.size())
      return badName(fmt::format("invalid UTF-8 at byte {}", i));
    uint32_t cp = len == 1 ? lead : lead & (0x7Fu >> len);
    for (size_t k = 1; k < len; ++k) {
      const auto cont = static_cast<uint8_t>(utf8[i + k]);
      if ((cont & 0xC0) != 0x80) return badName(fmt::format("invalid UTF-8 at byte {}", i + k));
      cp = (cp << 6) | (cont & 0x3Fu);
    }
    // Overlong encodings and encoded surrogates are invalid UTF-8 (RFC 3629 §3).
    static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return badName(fmt::format("invalid UTF-8 at byte {}", i));
    if (cp > 0xFFFF && replace_outside_bmp) cp = u'_';
    if (cp > 0xFFFF)
      return badName(fmt::format(
          "character U+{:04X} is outside the Basic Multilingual Plane, which Joliet's UCS-2 "
          "cannot hold",
          cp));
    out.push_back(static_cast<char16_t>(cp));
    i += len;
  }
  return out;
}

}  // namespace

Result<std::u16string> jolietName(std::string_view utf8) {
  if (utf8.empty() || utf8 == "." || utf8 == "..")
    return badName(fmt::format("'{}' is not a usable name", utf8));
  DM_ASSIGN_OR_RETURN(std::u16string units, utf8ToUcs2(utf8));
  if (units.size() > kJolietMaxNameUnits)
    return badName(fmt::format("the name has {} characters; Joliet holds at most {}", units.size(),
                               kJolietMaxNameUnits));
  for (char16_t c : units) {
    if (c < 0x20)
      return badName(fmt::format("control character U+{:04X} is not allowed in Joliet names",
                                 static_cast<uint32_t>(c)));
    if (forbiddenInJoliet(c))
      return badName(fmt::format("character '{}' is not allowed in Joliet names (* / : ; ? \\)",
                                 static_cast<char>(c)));
  }
  return units;
}

std::string ucs2BigEndian(std::u16string_view units) {
  std::string out;
  out.reserve(units.size() * 2);
  for (char16_t c : units) {
    out.push_back(static_cast<char>(static_cast<uint16_t>(c) >> 8));
    out.push_back(static_cast<char>(static_cast<uint16_t>(c) & 0xFF));
  }
  return out;
}

}  // namespace dm::stage
