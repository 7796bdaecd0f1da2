// Status: the error value every dm:: and vrec::-facing boundary returns. It carries an IMAPI result
// code, a human message, and optional context (the MMC command, LBA, sense, file and position) so
// an error reads like "WRITE(10) lba=12345 len=32: MEDIUM ERROR 03/0C/00 (write error)".
// Header-only: it is part of the transport seam both sides of the build can see.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "engine/base/result_code.h"

namespace dm {

// Sense key / additional sense code / qualifier, as a drive reports them (SPC-3 §4.5).
struct SenseTriple {
  uint8_t key = 0;
  uint8_t asc = 0;
  uint8_t ascq = 0;
  friend bool operator==(const SenseTriple&, const SenseTriple&) = default;
};

// Where an error happened. Every field is optional; what is set is printed.
struct ErrorContext {
  std::string command;               // MMC command name, e.g. "WRITE(10)"
  std::optional<int64_t> lba;        // first LBA the command addressed
  std::optional<uint32_t> blocks;    // block count the command carried
  std::optional<SenseTriple> sense;  // what the drive answered
  std::string file;                  // a source file, image or YAML document
  std::optional<int> line;           // 1-based, with file
  std::optional<int> column;         // 1-based, with file
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // success
  Status(ResultCode code, std::string message, ErrorContext context = {})
      : code_(code), message_(std::move(message)), context_(std::move(context)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return isSuccess(code_); }
  ResultCode code() const { return code_; }
  std::string_view codeName() const { return resultCodeName(code_); }
  const std::string& message() const { return message_; }
  const ErrorContext& context() const { return context_; }
  ErrorContext& context() { return context_; }

  // A copy with "what: " put in front of the message, for callers that add a layer of meaning
  // ("burn: " + "WRITE(10) …") without losing the code or context.
  Status withPrefix(std::string_view what) const {
    Status s = *this;
    s.message_ = std::string(what) + ": " + message_;
    return s;
  }

  // The full one-line description: context, message and code name.
  std::string toString() const;

 private:
  ResultCode code_ = ResultCode::kOk;
  std::string message_;
  ErrorContext context_;
};

inline std::string Status::toString() const {
  if (ok()) return std::string(codeName());
  std::string out;
  if (!context_.file.empty()) {
    out += context_.file;
    if (context_.line) out += ":" + std::to_string(*context_.line);
    if (context_.line && context_.column) out += ":" + std::to_string(*context_.column);
    out += ": ";
  }
  out += message_;
  out += " [";
  out += codeName();
  out += "]";
  return out;
}

}  // namespace dm
