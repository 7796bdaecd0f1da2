// ECMA-119 field encodings (see ecma119_fields.h).
#include "engine/layout/ecma119_fields.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace dm::layout {
namespace {

struct CivilTime {
  int year;
  unsigned month, day, hour, minute, second;
};

CivilTime civil(std::chrono::sys_seconds t) {
  using namespace std::chrono;
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> hms{t - day};
  return CivilTime{static_cast<int>(ymd.year()),
                   static_cast<unsigned>(ymd.month()),
                   static_cast<unsigned>(ymd.day()),
                   static_cast<unsigned>(hms.hours().count()),
                   static_cast<unsigned>(hms.minutes().count()),
                   static_cast<unsigned>(hms.seconds().count())};
}

std::chrono::sys_seconds recordDateMin() {
  using namespace std::chrono;
  return sys_seconds{sys_days{year{1900} / January / 1}};
}

std::chrono::sys_seconds recordDateMax() {
  using namespace std::chrono;
  return sys_seconds{sys_days{year{2155} / December / 31}} + hours{23} + minutes{59} + seconds{59};
}

// Decodes the next UTF-8 code point of `s` at `i` leniently (the names reaching here were
// validated by staging; a stray byte just counts as one unmappable character).
uint32_t nextCodePoint(std::string_view s, size_t& i) {
  const auto lead = static_cast<uint8_t>(s[i++]);
  size_t extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  uint32_t cp = extra == 0 ? lead : lead & (0x3Fu >> extra);
  while (extra-- > 0 && i < s.size() && (static_cast<uint8_t>(s[i]) & 0xC0) == 0x80)
    cp = (cp << 6) | (static_cast<uint8_t>(s[i++]) & 0x3Fu);
  return cp;
}

template <typename Allowed>
std::string mapCharacters(std::string_view utf8, size_t max_chars, Allowed allowed) {
  std::string out;
  for (size_t i = 0; i < utf8.size() && out.size() < max_chars;) {
    uint32_t cp = nextCodePoint(utf8, i);
    if (cp >= 'a' && cp <= 'z') cp = cp - 'a' + 'A';
    out.push_back(cp < 0x80 && allowed(static_cast<char>(cp)) ? static_cast<char>(cp) : '_');
  }
  return out;
}

bool isDCharacter(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

bool isACharacter(char c) {
  return isDCharacter(c) || (c != '\0' && std::strchr(" !\"%&'()*+,-./:;<=>?", c) != nullptr);
}

}  // namespace

void put721(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}

void put722(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}

void put723(uint8_t* p, uint16_t v) {
  put721(p, v);
  put722(p + 2, v);
}

void put731(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

void put732(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * (3 - i)));
}

void put733(uint8_t* p, uint32_t v) {
  put731(p, v);
  put732(p + 4, v);
}

bool fitsRecordDate(std::chrono::sys_seconds t) {
  return t >= recordDateMin() && t <= recordDateMax();
}

RecordDate recordDate(std::chrono::sys_seconds t) {
  const CivilTime c = civil(std::clamp(t, recordDateMin(), recordDateMax()));
  return RecordDate{static_cast<uint8_t>(c.year - 1900),
                    static_cast<uint8_t>(c.month),
                    static_cast<uint8_t>(c.day),
                    static_cast<uint8_t>(c.hour),
                    static_cast<uint8_t>(c.minute),
                    static_cast<uint8_t>(c.second),
                    0};
}

VolumeDate volumeDate(std::chrono::sys_seconds t) {
  const CivilTime c = civil(t);
  VolumeDate out{};
  const std::string digits = fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}00", c.year, c.month, c.day,
                                         c.hour, c.minute, c.second);
  std::memcpy(out.data(), digits.data(), 16);
  out[16] = 0;  // GMT offset in 15-minute intervals: we write UTC
  return out;
}

VolumeDate unspecifiedVolumeDate() {
  VolumeDate out{};
  std::fill(out.begin(), out.begin() + 16, static_cast<uint8_t>('0'));
  out[16] = 0;
  return out;
}

std::string toDCharacters(std::string_view utf8, size_t max_chars) {
  return mapCharacters(utf8, max_chars, isDCharacter);
}

std::string toACharacters(std::string_view utf8, size_t max_chars) {
  return mapCharacters(utf8, max_chars, isACharacter);
}

void putPadded(uint8_t* p, size_t field_bytes, std::string_view text) {
  std::memset(p, ' ', field_bytes);
  std::memcpy(p, text.data(), std::min(text.size(), field_bytes));
}

void putUcs2Padded(uint8_t* p, size_t field_bytes, std::string_view ucs2_be) {
  for (size_t i = 0; i + 1 < field_bytes; i += 2) {
    p[i] = 0x00;
    p[i + 1] = 0x20;
  }
  if (field_bytes % 2 != 0) p[field_bytes - 1] = 0x00;
  std::memcpy(p, ucs2_be.data(), std::min(ucs2_be.size(), field_bytes & ~size_t{1}));
}

}  // namespace dm::layout
