// A user's date strings turned into the store's day numbers (YYYYMMDD): "2020-06-01", "2020-06"
// or "2020", as the first or the last day they cover, with errors that name the field.
#ifndef VNNEWS_STORE_DATES_H_
#define VNNEWS_STORE_DATES_H_

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"
#include "vnnews/store/store.h"

namespace vnnews::store {

// Which end of a period a date string stands for.
enum class DayEnd { kFirst, kLast };

// "2020-06-01" → 20200601; "2020-06" → 20200601 (kFirst) or 20200630 (kLast); "2020" →
// 20200101 or 20201231. Years 1..9999; real calendar days (2020-02-29 yes, 2021-02-29 no).
// INVALID_ARGUMENT naming `field` for anything else, the empty string included.
absl::StatusOr<int32_t> ParseDay(std::string_view value, DayEnd end, std::string_view field);

// The range [first day of `from`, last day of `to`]. An empty `from` means from the earliest
// day, an empty `to` up to the latest, but not both (`field` is then "required"). INVALID_ARGUMENT
// naming `field`.from / `field`.to, or `field` when from is after to.
absl::StatusOr<DayRange> ParseDayRange(std::string_view from, std::string_view to,
                                       std::string_view field);

// The YYYY-MM-DD form of a day number (for messages and tests).
std::string FormatDay(int32_t day);

}  // namespace vnnews::store

#endif  // VNNEWS_STORE_DATES_H_
