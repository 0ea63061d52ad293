// Request validation both services share. Each error is INVALID_ARGUMENT with a message that
// starts with the field at fault, so a person can act on it
// ("page_size: must be between 0 and 1000, got -5").
#ifndef VNNEWS_SERVER_VALIDATE_H_
#define VNNEWS_SERVER_VALIDATE_H_

#include <grpcpp/server_context.h>

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "vnnews/store/store.h"
#include "vnnews/v1/query.pb.h"

namespace vnnews::server {

// Page sizes: 0 asks for the default, more than the maximum is capped (AIP-158).
inline constexpr int32_t kDefaultPageSize = 50;
inline constexpr int32_t kMaxPageSize = 1000;
// Longest id a client may choose.
inline constexpr size_t kMaxIdBytes = 128;

// 0 → kDefaultPageSize, over kMaxPageSize → kMaxPageSize, negative → INVALID_ARGUMENT naming
// `field`.
absl::StatusOr<int32_t> PageSize(int32_t page_size, absl::string_view field = "page_size");

// A day, month or year (YYYY-MM-DD, YYYY-MM, YYYY) as YYYYMMDD: the first day it covers, or
// the last when `last` is true. INVALID_ARGUMENT naming `field` when malformed or not a
// calendar date.
absl::StatusOr<int32_t> ParseDay(absl::string_view value, bool last, absl::string_view field);

// The range of a request (`field` names it, e.g. "date_range"). Either end may be empty for an
// open end; both empty means no range (nullopt), which is INVALID_ARGUMENT when `required`.
// `from` after `to` is INVALID_ARGUMENT.
absl::StatusOr<std::optional<store::DayRange>> ParseDateRange(const vnnews::v1::DateRange& range,
                                                              absl::string_view field,
                                                              bool required);

// A document id: non-empty, at most kMaxIdBytes, printable ASCII without spaces (ids are parts
// of index keys and of URLs, so no control bytes, no separators).
absl::Status ValidateId(absl::string_view id, absl::string_view field = "id");

// DEADLINE_EXCEEDED when the call's deadline has passed, CANCELLED when the client gave up:
// checked before each piece of work, so an expired call does no more.
absl::Status CheckCallAlive(grpc::ServerContextBase& context);

}  // namespace vnnews::server

#endif  // VNNEWS_SERVER_VALIDATE_H_
