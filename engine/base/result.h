// Result<T>: a value or a Status, shaped like std::expected (value(), error(), has_value()) so
// moving to std::expected later is a rename. DM_TRY propagates errors without exceptions.
#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "engine/base/status.h"

namespace dm {

template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<T, Status>, "use Status for results without a value");

 public:
  Result(T value) : v_(std::move(value)) {}                         // NOLINT: implicit by design
  Result(Status error) : v_(std::move(error)) { assert(!std::get<Status>(v_).ok()); }  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  bool ok() const { return has_value(); }
  explicit operator bool() const { return has_value(); }

  T& value() & { assert(has_value()); return std::get<0>(v_); }
  const T& value() const& { assert(has_value()); return std::get<0>(v_); }
  T&& value() && { assert(has_value()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Status& error() const { assert(!has_value()); return std::get<1>(v_); }
  Status status() const { return has_value() ? Status::Ok() : error(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace dm

#define DM_CONCAT_INNER(a, b) a##b
#define DM_CONCAT(a, b) DM_CONCAT_INNER(a, b)

// DM_TRY(status_expr): return the Status from the enclosing function if it is an error.
#define DM_TRY(expr)                         \
  do {                                       \
    ::dm::Status dm_try_status_ = (expr);    \
    if (!dm_try_status_.ok()) return dm_try_status_; \
  } while (0)

// DM_ASSIGN_OR_RETURN(lhs, result_expr): unwrap a Result<T> into lhs or return its error.
#define DM_ASSIGN_OR_RETURN(lhs, expr) DM_ASSIGN_OR_RETURN_IMPL(DM_CONCAT(dm_result_, __LINE__), lhs, expr)
#define DM_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.has_value()) return tmp.error();      \
  lhs = std::move(tmp).value()
