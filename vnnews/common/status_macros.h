// The two status macros the project needs: abseil 20220623 ships neither RETURN_IF_ERROR nor
// ASSIGN_OR_RETURN, so they are written once, here.
#ifndef VNNEWS_COMMON_STATUS_MACROS_H_
#define VNNEWS_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define VNNEWS_CONCAT_INNER_(a, b) a##b
#define VNNEWS_CONCAT_(a, b) VNNEWS_CONCAT_INNER_(a, b)

// Returns the status of `expr` from the enclosing function when it is not OK.
#define VNNEWS_RETURN_IF_ERROR(expr)            \
  do {                                          \
    ::absl::Status vnnews_status_ = (expr);     \
    if (!vnnews_status_.ok()) return vnnews_status_; \
  } while (0)

// `lhs = *expr` when `expr` (an absl::StatusOr) is OK; else returns its status.
#define VNNEWS_ASSIGN_OR_RETURN(lhs, expr) \
  VNNEWS_ASSIGN_OR_RETURN_IMPL_(VNNEWS_CONCAT_(vnnews_statusor_, __LINE__), lhs, expr)
#define VNNEWS_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(*tmp)

#endif  // VNNEWS_COMMON_STATUS_MACROS_H_
