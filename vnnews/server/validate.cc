#include "vnnews/server/validate.h"

#include <chrono>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace vnnews::server {
namespace {

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

// Parses exactly `n` ASCII digits at `s[pos]`.
bool Digits(absl::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

absl::Status Malformed(absl::string_view field, absl::string_view value, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrFormat("%s: \"%s\" is not a date (%s); expected YYYY-MM-DD, YYYY-MM or YYYY", field,
                      absl::CHexEscape(value), why));
}

std::string DayString(int32_t day) {
  return absl::StrFormat("%04d-%02d-%02d", day / 10000, day / 100 % 100, day % 100);
}

}  // namespace

absl::StatusOr<int32_t> PageSize(int32_t page_size, absl::string_view field) {
  if (page_size < 0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: must be between 0 and %d, got %d", field, kMaxPageSize, page_size));
  }
  if (page_size == 0) return kDefaultPageSize;
  return page_size > kMaxPageSize ? kMaxPageSize : page_size;
}

absl::StatusOr<int32_t> ParseDay(absl::string_view value, bool last, absl::string_view field) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (value.size() != 4 && value.size() != 7 && value.size() != 10) {
    return Malformed(field, value, "wrong length");
  }
  if (!Digits(value, 0, 4, &year)) return Malformed(field, value, "the year is not 4 digits");
  if (year < 1) return Malformed(field, value, "year 0000");
  if (value.size() >= 7) {
    if (value[4] != '-' || !Digits(value, 5, 2, &month)) {
      return Malformed(field, value, "the month is not 2 digits after '-'");
    }
    if (month < 1 || month > 12) return Malformed(field, value, "no such month");
  }
  if (value.size() == 10) {
    if (value[7] != '-' || !Digits(value, 8, 2, &day)) {
      return Malformed(field, value, "the day is not 2 digits after '-'");
    }
    if (day < 1 || day > DaysInMonth(year, month)) {
      return Malformed(field, value, "no such day in that month");
    }
  }
  if (month == 0) month = last ? 12 : 1;
  if (day == 0) day = last ? DaysInMonth(year, month) : 1;
  return year * 10000 + month * 100 + day;
}

absl::StatusOr<std::optional<store::DayRange>> ParseDateRange(const vnnews::v1::DateRange& range,
                                                              absl::string_view field,
                                                              bool required) {
  if (range.from().empty() && range.to().empty()) {
    if (required) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": required; give from, to or both (YYYY-MM-DD)"));
    }
    return std::nullopt;
  }
  store::DayRange out{0, 99991231};
  if (!range.from().empty()) {
    auto from = ParseDay(range.from(), /*last=*/false, absl::StrCat(field, ".from"));
    if (!from.ok()) return from.status();
    out.first = *from;
  }
  if (!range.to().empty()) {
    auto to = ParseDay(range.to(), /*last=*/true, absl::StrCat(field, ".to"));
    if (!to.ok()) return to.status();
    out.last = *to;
  }
  if (out.first > out.last) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: from \"%s\" (%s) is after to \"%s\" (%s)", field, range.from(),
                        DayString(out.first), range.to(), DayString(out.last)));
  }
  return out;
}

absl::Status ValidateId(absl::string_view id, absl::string_view field) {
  if (id.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  if (id.size() > kMaxIdBytes) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: is %d bytes, over the limit of %d", field, id.size(), kMaxIdBytes));
  }
  for (size_t i = 0; i < id.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(id[i]);
    if (c <= 0x20 || c >= 0x7f) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: byte 0x%02x at offset %d is not allowed; an id is printable ASCII without "
          "spaces",
          field, c, i));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckCallAlive(grpc::ServerContextBase& context) {
  if (context.IsCancelled()) {
    return absl::CancelledError("the call was cancelled or its deadline passed");
  }
  if (context.deadline() <= std::chrono::system_clock::now()) {
    return absl::DeadlineExceededError("the call's deadline passed before the work was done");
  }
  return absl::OkStatus();
}

}  // namespace vnnews::server
