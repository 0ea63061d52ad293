#include "vnnews/store/dates.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "vnnews/store/codec.h"

namespace vnnews::store {
namespace {

using codec::Sv;

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

absl::Status Bad(std::string_view field, std::string_view value, std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(Sv(field), ": \"", Sv(value), "\" ", Sv(why),
                                                 " (expected YYYY-MM-DD, YYYY-MM or YYYY)"));
}

}  // namespace

absl::StatusOr<int32_t> ParseDay(std::string_view value, DayEnd end, std::string_view field) {
  if (value.empty()) return absl::InvalidArgumentError(absl::StrCat(Sv(field), ": required"));
  if (value.size() > 10) return Bad(field, value.substr(0, 32), "is not a date");
  std::string_view y = value.substr(0, 4);
  if (value.size() < 4 || !AllDigits(y)) return Bad(field, value, "is not a date");
  int year = ToInt(y);
  if (year < 1) return Bad(field, value, "has year 0");
  int month = end == DayEnd::kFirst ? 1 : 12;
  int day = 0;
  bool has_day = false;
  if (value.size() > 4) {
    if (value.size() < 7 || value[4] != '-' || !AllDigits(value.substr(5, 2))) {
      return Bad(field, value, "is not a date");
    }
    month = ToInt(value.substr(5, 2));
    if (month < 1 || month > 12) return Bad(field, value, "has no such month");
    if (value.size() > 7) {
      if (value.size() != 10 || value[7] != '-' || !AllDigits(value.substr(8, 2))) {
        return Bad(field, value, "is not a date");
      }
      day = ToInt(value.substr(8, 2));
      has_day = true;
      if (day < 1 || day > DaysInMonth(year, month)) {
        return Bad(field, value, "has no such day");
      }
    }
  }
  if (!has_day) day = end == DayEnd::kFirst ? 1 : DaysInMonth(year, month);
  return year * 10000 + month * 100 + day;
}

absl::StatusOr<DayRange> ParseDayRange(std::string_view from, std::string_view to,
                                       std::string_view field) {
  if (from.empty() && to.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(Sv(field), ": required (give from, to or both, as YYYY-MM-DD, YYYY-MM or YYYY)"));
  }
  DayRange range{10101, 99991231};
  if (!from.empty()) {
    auto first = ParseDay(from, DayEnd::kFirst, absl::StrCat(Sv(field), ".from"));
    if (!first.ok()) return first.status();
    range.first = *first;
  }
  if (!to.empty()) {
    auto last = ParseDay(to, DayEnd::kLast, absl::StrCat(Sv(field), ".to"));
    if (!last.ok()) return last.status();
    range.last = *last;
  }
  if (range.first > range.last) {
    return absl::InvalidArgumentError(absl::StrCat(Sv(field), ": from \"", Sv(from),
                                                   "\" is after to \"", Sv(to), "\""));
  }
  return range;
}

std::string FormatDay(int32_t day) {
  return absl::StrFormat("%04d-%02d-%02d", day / 10000, day / 100 % 100, day % 100);
}

}  // namespace vnnews::store
