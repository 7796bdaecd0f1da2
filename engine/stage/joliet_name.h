// Joliet names: what a staged name must look like so the Joliet hierarchy can hold it unchanged.
// Joliet (Microsoft, "Joliet Specification", 1995) records identifiers in UCS-2 big-endian, at most
// 128 bytes (64 UCS-2 units) each, and forbids the control characters (< U+0020) and * / : ; ? \.
// Staging refuses such names (IMAPI_E_BADJOLIETNAME) rather than altering them, so the name a user
// sees on the disc is always the name they staged. The layout uses the same conversion to write
// the names. UTF-8 in, UCS-2 (as char16_t code units) out; no surrogates: UCS-2 is BMP-only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/base/result.h"

namespace dm::stage {

// Joliet §"File and Directory Identifiers": at most 128 bytes, i.e. 64 UCS-2 units. We write file
// identifiers without the ";1" version suffix (as genisoimage 1.1.11 and xorriso 1.5 do by
// default, and as Windows reads them), so the whole 64 units are the name.
inline constexpr size_t kJolietMaxNameUnits = 64;

// Joliet volume identifier: the 32-byte field of the SVD (ECMA-119 §8.5.4) holds 16 UCS-2 units.
inline constexpr size_t kJolietMaxVolumeUnits = 16;

// Decodes strict UTF-8 (no overlong forms, no encoded surrogates, nothing above U+10FFFF) into
// UCS-2. Fails with IMAPI_E_BADJOLIETNAME, a message that says what is wrong (without a path;
// callers add it), for invalid UTF-8 and for characters outside the Basic Multilingual Plane.
Result<std::u16string> utf8ToUcs2(std::string_view utf8);

// utf8ToUcs2 for names the Joliet tree need not hold unchanged (Rock Ridge carries the real
// name): only invalid UTF-8 and the names "", "." and ".." fail; characters outside the BMP
// become '_'.
Result<std::u16string> utf8ToUcs2Lenient(std::string_view utf8);

// The name the Joliet tree shows for a staged name it cannot hold unchanged: characters outside
// the BMP, control characters and * / : ; ? \ become '_', and the name is cut to 64 units. The
// layout makes stand-ins unique inside their directory.
std::u16string jolietStandIn(std::string_view utf8);

// The Joliet identifier of a staged file or directory name: utf8ToUcs2 plus the Joliet rules
// (not empty, not "." or "..", ≤ 64 units, no control characters, none of * / : ; ? \).
// Errors: IMAPI_E_BADJOLIETNAME, message without the path.
Result<std::u16string> jolietName(std::string_view utf8);

// The UCS-2 text as big-endian bytes, the byte order Joliet records use.
std::string ucs2BigEndian(std::u16string_view units);

}  // namespace dm::stage
