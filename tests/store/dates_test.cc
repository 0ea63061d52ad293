// The user's date strings: every accepted form, and errors that name the field.
#include "vnnews/store/dates.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace vnnews::store {
namespace {

TEST(DatesTest, FormsAndEnds) {
  EXPECT_EQ(*ParseDay("2020-06-01", DayEnd::kFirst, "f"), 20200601);
  EXPECT_EQ(*ParseDay("2020-06-01", DayEnd::kLast, "f"), 20200601);
  EXPECT_EQ(*ParseDay("2020-06", DayEnd::kFirst, "f"), 20200601);
  EXPECT_EQ(*ParseDay("2020-06", DayEnd::kLast, "f"), 20200630);
  EXPECT_EQ(*ParseDay("2020-02", DayEnd::kLast, "f"), 20200229);
  EXPECT_EQ(*ParseDay("2021-02", DayEnd::kLast, "f"), 20210228);
  EXPECT_EQ(*ParseDay("1900-02", DayEnd::kLast, "f"), 19000228);
  EXPECT_EQ(*ParseDay("2000-02", DayEnd::kLast, "f"), 20000229);
  EXPECT_EQ(*ParseDay("2020", DayEnd::kFirst, "f"), 20200101);
  EXPECT_EQ(*ParseDay("2020", DayEnd::kLast, "f"), 20201231);
}

TEST(DatesTest, MalformedDatesNameTheField) {
  for (const char* bad : {"", "20", "2020-6-1", "2020-13", "2021-02-29", "2020-06-31",
                          "2020/06/01", "0000", "abcd", "2020-06-01T00", "01/06/2020"}) {
    auto r = ParseDay(bad, DayEnd::kFirst, "date_range.from");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StartsWith(r.status().message(), "date_range.from: ")) << r.status();
  }
}

TEST(DatesTest, RangeEndsAndOrder) {
  auto r = ParseDayRange("2020-06", "2020", "date_range");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first, 20200601);
  EXPECT_EQ(r->last, 20201231);
  auto open_end = ParseDayRange("2020-06-01", "", "date_range");
  ASSERT_TRUE(open_end.ok());
  EXPECT_EQ(open_end->last, 99991231);
  auto open_start = ParseDayRange("", "2020", "date_range");
  ASSERT_TRUE(open_start.ok());
  EXPECT_EQ(open_start->first, 10101);

  auto reversed = ParseDayRange("2020-06-02", "2020-06-01", "date_range");
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ(reversed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(reversed.status().message(), "is after")) << reversed.status();
  auto bad_to = ParseDayRange("2020", "2020-99", "date_range");
  ASSERT_FALSE(bad_to.ok());
  EXPECT_TRUE(absl::StartsWith(bad_to.status().message(), "date_range.to: "));
  EXPECT_FALSE(ParseDayRange("", "", "date_range").ok());
  EXPECT_EQ(FormatDay(20200601), "2020-06-01");
}

}  // namespace
}  // namespace vnnews::store
