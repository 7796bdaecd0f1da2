// ISO 9660 name mangling and §9.3 ordering (see iso_names.h for the rules).
#include "engine/layout/iso_names.h"

#include <algorithm>
#include <unordered_set>

#include "engine/layout/ecma119_fields.h"

namespace dm::layout {
namespace {

struct BaseName {
  std::string stem;
  std::string ext;  // files only
  bool directory = false;
  bool level1 = false;
  size_t stemLimit() const {
    if (level1) return kIsoLevel1Stem;
    return directory ? kIsoMaxDirectoryName : kIsoMaxFileNameAndExtension - ext.size();
  }
};

BaseName baseName(std::string_view utf8, bool directory, bool level1) {
  BaseName base;
  base.directory = directory;
  base.level1 = level1;
  if (directory) {
    base.stem = toDCharacters(utf8, base.stemLimit());
    return base;
  }
  const size_t dot = utf8.rfind('.');
  const bool split = dot != std::string_view::npos && dot > 0;
  base.ext = split ? toDCharacters(utf8.substr(dot + 1), level1 ? kIsoLevel1Extension : kIsoMaxExtension)
                   : std::string();
  base.stem = toDCharacters(split ? utf8.substr(0, dot) : utf8, base.stemLimit());
  return base;
}

// The stem with "_<n>" appended, shortened so the identifier keeps within its limit.
std::string suffixedStem(const BaseName& base, unsigned n) {
  const std::string suffix = "_" + std::to_string(n);
  const size_t limit = base.stemLimit();
  return base.stem.substr(0, limit - std::min(limit, suffix.size())) + suffix;
}

// What a reader shows for the identifier: without ";1" and without the '.' of an empty
// extension (Linux isofs and libiso9660 both strip them), so "A.;1" and folder "A" collide.
std::string collisionKey(const std::string& stem, const BaseName& base) {
  if (base.directory || base.ext.empty()) return stem;
  return stem + "." + base.ext;
}

std::string identifier(const std::string& stem, const BaseName& base) {
  if (base.directory) return stem;
  return stem + "." + base.ext + ";1";
}

struct Parts {
  std::string_view name;
  std::string_view ext;
};

// Splits an identifier as written into the §9.3 comparison parts, dropping ";version".
Parts splitIdentifier(std::string_view id, bool directory, size_t unit_bytes) {
  auto isUnit = [&](size_t i, char c) {
    return unit_bytes == 1 ? id[i] == c : (id[i] == '\0' && id[i + 1] == c);
  };
  size_t end = id.size();
  for (size_t i = 0; i + unit_bytes <= id.size(); i += unit_bytes) {
    if (isUnit(i, ';')) {
      end = i;
      break;
    }
  }
  if (directory) return Parts{id.substr(0, end), {}};
  for (size_t i = end; i >= unit_bytes;) {
    i -= unit_bytes;
    if (isUnit(i, '.'))
      return Parts{id.substr(0, i), id.substr(i + unit_bytes, end - i - unit_bytes)};
  }
  return Parts{id.substr(0, end), {}};
}

// Compares byte strings with the shorter padded by the space code unit (20 or 00 20).
int comparePadded(std::string_view a, std::string_view b, size_t unit_bytes) {
  const size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const uint8_t pad = (unit_bytes == 2 && i % 2 == 0) ? 0x00 : 0x20;
    const uint8_t ca = i < a.size() ? static_cast<uint8_t>(a[i]) : pad;
    const uint8_t cb = i < b.size() ? static_cast<uint8_t>(b[i]) : pad;
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  return 0;
}

}  // namespace

std::vector<std::string> isoIdentifiers(std::span<const IsoNameRequest> children, int level) {
  std::vector<BaseName> bases;
  bases.reserve(children.size());
  for (const IsoNameRequest& c : children) bases.push_back(baseName(c.name, c.directory, level == 1));

  std::vector<std::string> out(children.size());
  std::unordered_set<std::string> taken;
  std::vector<size_t> pending;
  // Pass 1: every child whose mapped name is still free keeps it, so renaming only ever touches
  // the later members of a collision and never a child that was unique on its own.
  for (size_t i = 0; i < bases.size(); ++i) {
    if (taken.insert(collisionKey(bases[i].stem, bases[i])).second)
      out[i] = identifier(bases[i].stem, bases[i]);
    else
      pending.push_back(i);
  }
  // Pass 2: the rest take the first free numeric suffix.
  for (size_t i : pending) {
    for (unsigned n = 1;; ++n) {
      const std::string stem = suffixedStem(bases[i], n);
      if (taken.insert(collisionKey(stem, bases[i])).second) {
        out[i] = identifier(stem, bases[i]);
        break;
      }
    }
  }
  return out;
}

int compareIdentifiers(std::string_view a, bool a_directory, std::string_view b, bool b_directory,
                       size_t unit_bytes) {
  const Parts pa = splitIdentifier(a, a_directory, unit_bytes);
  const Parts pb = splitIdentifier(b, b_directory, unit_bytes);
  if (int c = comparePadded(pa.name, pb.name, unit_bytes); c != 0) return c;
  if (int c = comparePadded(pa.ext, pb.ext, unit_bytes); c != 0) return c;
  return a.compare(b) < 0 ? -1 : a.compare(b) > 0 ? 1 : 0;
}

}  // namespace dm::layout
