// Rock Ridge and SUSP entry encoders (see rock_ridge.h). Field positions are those of the SUSP
// 1.12 and RRIP 1.12 entry tables: 2 signature bytes, length, version, then the entry's fields.
#include "engine/layout/rock_ridge.h"

#include "engine/layout/ecma119_fields.h"

namespace dm::layout::rr {
namespace {

constexpr size_t kMaxEntryBytes = 255;

std::string header(const char* signature, size_t length) {
  std::string out(length, '\0');
  out[0] = signature[0];
  out[1] = signature[1];
  out[2] = static_cast<char>(length);
  out[3] = 1;  // entry version
  return out;
}

uint8_t* bytes(std::string& s) { return reinterpret_cast<uint8_t*>(s.data()); }

// ER texts, as RRIP 1.12 §5 registers them for IEEE P1282.
constexpr std::string_view kErIdentifier = "IEEE_P1282";
constexpr std::string_view kErDescriptor =
    "THE IEEE P1282 PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS.";
constexpr std::string_view kErSource =
    "PLEASE CONTACT THE IEEE STANDARDS DEPARTMENT, PISCATAWAY, NJ, USA FOR THE P1282 "
    "SPECIFICATION.";

// SL component record flags (RRIP §4.1.3.1).
enum : uint8_t { kComponentContinue = 0x01, kComponentCurrent = 0x02, kComponentParent = 0x04,
                 kComponentRoot = 0x08 };

}  // namespace

Entry sp() {
  Entry e{header("SP", 7), std::string::npos, 0};
  e.bytes[4] = static_cast<char>(0xBE);  // check bytes
  e.bytes[5] = static_cast<char>(0xEF);
  e.bytes[6] = 0;  // LEN_SKP: System Use fields start at byte 0
  return e;
}

Entry er() {
  const size_t len = 8 + kErIdentifier.size() + kErDescriptor.size() + kErSource.size();
  Entry e{header("ER", len), std::string::npos, 0};
  e.bytes[4] = static_cast<char>(kErIdentifier.size());
  e.bytes[5] = static_cast<char>(kErDescriptor.size());
  e.bytes[6] = static_cast<char>(kErSource.size());
  e.bytes[7] = 1;  // extension version
  e.bytes.replace(8, kErIdentifier.size(), kErIdentifier);
  e.bytes.replace(8 + kErIdentifier.size(), kErDescriptor.size(), kErDescriptor);
  e.bytes.replace(8 + kErIdentifier.size() + kErDescriptor.size(), kErSource.size(), kErSource);
  return e;
}

Entry px(const Attributes& a) {
  Entry e{header("PX", 44), std::string::npos, 0};
  put733(bytes(e.bytes) + 4, a.mode);
  put733(bytes(e.bytes) + 12, a.links);
  put733(bytes(e.bytes) + 20, a.uid);
  put733(bytes(e.bytes) + 28, a.gid);
  put733(bytes(e.bytes) + 36, a.ino);
  return e;
}

Entry tf(const Attributes& a) {
  Entry e{header("TF", 5 + 4 * 7), std::string::npos, 0};
  e.bytes[4] = 0x0F;  // CREATION, MODIFY, ACCESS, ATTRIBUTES; 7-byte dates (LONG_FORM clear)
  // POSIX keeps no creation time: the status change time stands in for it, as is usual.
  const std::chrono::sys_seconds order[4] = {a.ctime, a.mtime, a.atime, a.ctime};
  for (int i = 0; i < 4; ++i) {
    const RecordDate d = recordDate(order[i]);
    e.bytes.replace(5 + 7 * static_cast<size_t>(i), 7, reinterpret_cast<const char*>(d.data()), 7);
  }
  return e;
}

std::vector<Entry> nm(std::string_view name) {
  constexpr size_t kChunk = kMaxEntryBytes - 5;
  std::vector<Entry> out;
  do {
    const std::string_view part = name.substr(0, kChunk);
    name.remove_prefix(part.size());
    Entry e{header("NM", 5 + part.size()), std::string::npos, 0};
    e.bytes[4] = name.empty() ? 0 : 0x01;  // CONTINUE: the name goes on in the next NM
    e.bytes.replace(5, part.size(), part);
    out.push_back(std::move(e));
  } while (!name.empty());
  return out;
}

std::vector<Entry> sl(std::string_view target) {
  // The target as component records: "/" at the start is ROOT, "." CURRENT, ".." PARENT.
  struct Component {
    uint8_t flags = 0;
    std::string_view text;
  };
  std::vector<Component> components;
  if (!target.empty() && target.front() == '/') components.push_back({kComponentRoot, {}});
  for (size_t at = 0; at < target.size();) {
    size_t slash = target.find('/', at);
    if (slash == std::string_view::npos) slash = target.size();
    const std::string_view part = target.substr(at, slash - at);
    at = slash + 1;
    if (part.empty()) continue;  // "//", or the leading '/' already recorded as ROOT
    if (part == ".") components.push_back({kComponentCurrent, {}});
    else if (part == "..") components.push_back({kComponentParent, {}});
    else components.push_back({0, part});
  }
  // Components into SL entries of at most 255 bytes; the entry CONTINUE flag says the next SL
  // carries more of the same link. An entry ends inside a component (component CONTINUE), never
  // between two: readers differ on whether a '/' falls between the last component of one SL
  // and the first of the next (Linux adds it, libarchive does not), but agree inside one.
  std::vector<Entry> out;
  std::string body;
  auto flush = [&](bool more) {
    Entry e{header("SL", 5 + body.size()), std::string::npos, 0};
    e.bytes[4] = more ? 0x01 : 0;
    e.bytes.replace(5, body.size(), body);
    out.push_back(std::move(e));
    body.clear();
  };
  size_t last_record = 0;  // offset in `body` of the last component record
  auto record = [&](uint8_t flags, std::string_view text) {
    last_record = body.size();
    body.push_back(static_cast<char>(flags));
    body.push_back(static_cast<char>(text.size()));
    body.append(text);
  };
  // Ends the entry when the next component cannot start in it. If the entry ends with a whole
  // text component, its last character moves to the next entry so the boundary falls inside.
  auto flushBetween = [&] {
    if (body.empty()) return flush(true);
    const auto flags = static_cast<uint8_t>(body[last_record]);
    const auto length = static_cast<uint8_t>(body[last_record + 1]);
    if (length < 2 || (flags & kComponentContinue) != 0) return flush(true);
    const char moved = body.back();
    body.pop_back();
    body[last_record] = static_cast<char>(flags | kComponentContinue);
    body[last_record + 1] = static_cast<char>(length - 1);
    flush(true);
    record(flags, std::string_view(&moved, 1));
  };
  for (Component c : components) {
    for (;;) {
      const size_t room = kMaxEntryBytes - 5 - body.size();
      if (2 + c.text.size() <= room) {
        record(c.flags, c.text);
        break;
      }
      if (room >= 3 && !c.text.empty()) {
        record(c.flags | kComponentContinue, c.text.substr(0, room - 2));
        c.text.remove_prefix(room - 2);
        flush(true);
      } else {
        flushBetween();
      }
    }
  }
  flush(false);
  return out;
}

Entry cl(uint32_t directory) {
  Entry e{header("CL", 12), 4, directory};
  return e;
}

Entry pl(uint32_t directory) {
  Entry e{header("PL", 12), 4, directory};
  return e;
}

Entry re() { return Entry{header("RE", 4), std::string::npos, 0}; }

}  // namespace dm::layout::rr
