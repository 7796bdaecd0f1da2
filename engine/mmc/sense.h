// Sense data as the engine reads it: decoding fixed and descriptor formats into key/ASC/ASCQ, the
// names users see ("MEDIUM ERROR 03/0C/09 (write error - loss of streaming)"), and the IMAPI result
// a sense maps to. Texts follow SPC-3 Annex D and the MMC-5 sense tables (mmc.md §5).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "engine/base/result_code.h"
#include "engine/base/status.h"

namespace dm::mmc {

// Decodes fixed (70h/71h) or descriptor (72h/73h) sense; zero triple if the buffer holds neither.
SenseTriple decodeSense(std::span<const uint8_t> raw);

// "MEDIUM ERROR", "ILLEGAL REQUEST", … (SPC-3 table 27).
std::string_view senseKeyName(uint8_t key);

// "write error - loss of streaming"; empty if the ASC/ASCQ pair is not in our table.
std::string_view ascText(uint8_t asc, uint8_t ascq);

// "MEDIUM ERROR 03/0C/09 (write error - loss of streaming)".
std::string describeSense(const SenseTriple& s);

// One row of the sense → IMAPI table: a key (or any), an ASC, an ASCQ (or any), the IMAPI result it
// means for the caller and why. The first matching row wins, so specific rows come first.
struct SenseMapping {
  static constexpr int kAny = -1;
  int key = kAny;
  int asc = kAny;
  int ascq = kAny;
  ResultCode code = ResultCode::kGeneric;
  std::string_view meaning;
};
std::span<const SenseMapping> senseMappings();

// The IMAPI result a drive's sense means for the caller (the first row of senseMappings() that
// matches: e.g. 02/3A/xx → MEDIUM_NOTPRESENT, 03/0C/09 → LOSS_OF_STREAMING); kGeneric when no
// row does.
ResultCode resultForSense(const SenseTriple& s);

// Not-ready states a host waits out by retrying (02/04/01 becoming ready, 02/04/04 format,
// 02/04/07 operation in progress, 02/04/08 long write in progress).
bool isTransientNotReady(const SenseTriple& s);

// Unit attentions (key 06) a host acknowledges by re-issuing the command.
bool isUnitAttention(const SenseTriple& s);

}  // namespace dm::mmc
