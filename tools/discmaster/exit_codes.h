// The exit codes of every discmaster command (shared/reference/ecosystem.md §4). Documented in
// --help and never renumbered: scripts depend on them.
#pragma once

#include "engine/base/result_code.h"

namespace dm::cli {

enum ExitCode : int {
  kExitOk = 0,              // success (and verify matched, if asked)
  kExitFailed = 1,          // the operation failed; the IMAPI code is in the message and JSON
  kExitUsage = 2,           // bad option or argument
  kExitInput = 3,           // unreadable or invalid input (files, YAML, images); nothing written
  kExitDevice = 4,          // device unavailable: not found, no permission, busy
  kExitMedium = 5,          // medium unsuitable: none, not writable, too small, no test write
  kExitVerifyMismatch = 6,  // the write succeeded but read-back differed
  kExitScenario = 7,        // scenario expectations not met
  kExitInterrupted = 130,   // SIGINT
};

inline constexpr const char* kExitCodeTable =
    "Exit codes: 0 success, 1 operation failed, 2 usage error, 3 input error (nothing written),\n"
    "4 device unavailable, 5 medium unsuitable, 6 verify mismatch, 7 scenario expectations not met,\n"
    "130 interrupted.";

// The exit code for an engine result.
inline ExitCode exitCodeFor(ResultCode code) {
  switch (code) {
    case ResultCode::kOk:
    case ResultCode::kFalse:
    case ResultCode::kPropertiesIgnored:
    case ResultCode::kBufferTooSmall:
      return kExitOk;
    case ResultCode::kInvalidArgument:
      return kExitUsage;
    case ResultCode::kFileAccess:
    case ResultCode::kBadJolietName:
    case ResultCode::kFileExists:
    case ResultCode::kInvalidImage:
      return kExitInput;
    case ResultCode::kDeviceNotAccessible:
    case ResultCode::kDeviceNotPresent:
    case ResultCode::kDeviceStillInUse:
    case ResultCode::kNotInitialized:
      return kExitDevice;
    case ResultCode::kMediumNotPresent:
    case ResultCode::kMediumInvalidType:
    case ResultCode::kCannotWriteToMedia:
    case ResultCode::kDiscFull:
    case ResultCode::kWrongDisc:
      return kExitMedium;
    case ResultCode::kUserAbort:
      return kExitInterrupted;
    case ResultCode::kBurnVerificationFailed:
      return kExitVerifyMismatch;
    default:
      return kExitFailed;
  }
}

}  // namespace dm::cli
