// Statuses for operating-system failures on files: IMAPI_E_FILEACCESS (or a caller-chosen code)
// with a message in fmt's style — "cannot read 'a.txt': Permission denied" — and the path as the
// error's file context.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include "engine/base/status.h"

namespace dm {

inline Status fileStatus(const std::filesystem::path& path, std::string message,
                         ResultCode code = ResultCode::kFileAccess) {
  Status status(code, std::move(message));
  status.context().file = path.string();
  return status;
}

// `doing` reads as a verb phrase: "read staged file", "create the stash".
inline Status osError(const std::filesystem::path& path, std::string_view doing, int err,
                      ResultCode code = ResultCode::kFileAccess) {
  return fileStatus(path,
                    "cannot " + std::string(doing) + " '" + path.string() + "': " + std::generic_category().message(err),
                    code);
}

}  // namespace dm
