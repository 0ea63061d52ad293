// The shared edge of both servers: validation messages name the field, the token check, the
// status conversion, start-up on a free port and the health service.
#include "vnnews/server/server.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>

#include "absl/strings/match.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "vnnews/server/auth.h"
#include "vnnews/server/health_probe.h"
#include "vnnews/server/status.h"
#include "vnnews/server/validate.h"
#include "vnnews/server/wire.h"
#include "vnnews/v1/query.pb.h"

namespace vnnews::server {
namespace {

TEST(PageSizeTest, ZeroIsTheDefaultLargeIsCappedNegativeNamesTheField) {
  ASSERT_TRUE(PageSize(0).ok());
  EXPECT_EQ(*PageSize(0), 50);
  EXPECT_EQ(*PageSize(7), 7);
  EXPECT_EQ(*PageSize(1000), 1000);
  EXPECT_EQ(*PageSize(5000), 1000);
  const auto negative = PageSize(-5);
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(negative.status().message(), "page_size: must be between 0 and 1000, got -5");
}

TEST(ParseDayTest, DaysMonthsAndYears) {
  EXPECT_EQ(*ParseDay("2020-06-01", false, "f"), 20200601);
  EXPECT_EQ(*ParseDay("2020-06-01", true, "f"), 20200601);
  EXPECT_EQ(*ParseDay("2020-02", false, "f"), 20200201);
  EXPECT_EQ(*ParseDay("2020-02", true, "f"), 20200229);
  EXPECT_EQ(*ParseDay("2021-02", true, "f"), 20210228);
  EXPECT_EQ(*ParseDay("2023", false, "f"), 20230101);
  EXPECT_EQ(*ParseDay("2023", true, "f"), 20231231);
}

TEST(ParseDayTest, MalformedDatesNameTheField) {
  for (const char* bad : {"2020-13-01", "2021-02-29", "2020-6-1", "01/06/2020", "yesterday", "",
                          "2020-06-01T00:00", "0000-01-01", "2020-00"}) {
    const auto day = ParseDay(bad, false, "date_range.from");
    ASSERT_FALSE(day.ok()) << bad;
    EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_TRUE(absl::StartsWith(day.status().message(), "date_range.from: ")) << day.status();
  }
}

TEST(ParseDateRangeTest, OpenEndsReversedRangeAndRequired) {
  vnnews::v1::DateRange range;
  auto none = ParseDateRange(range, "date_range", false);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto required = ParseDateRange(range, "date_range", true);
  ASSERT_FALSE(required.ok());
  EXPECT_TRUE(absl::StartsWith(required.status().message(), "date_range: required"));

  range.set_from("2020-06");
  auto open_end = ParseDateRange(range, "date_range", true);
  ASSERT_TRUE(open_end.ok());
  EXPECT_EQ((*open_end)->first, 20200601);
  EXPECT_EQ((*open_end)->last, 99991231);

  range.set_to("2020-05-31");
  auto reversed = ParseDateRange(range, "date_range", true);
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ(reversed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(reversed.status().message(), "date_range: from \"2020-06\""))
      << reversed.status();

  range.set_to("2020-13");
  auto bad_to = ParseDateRange(range, "date_range", true);
  ASSERT_FALSE(bad_to.ok());
  EXPECT_TRUE(absl::StartsWith(bad_to.status().message(), "date_range.to: ")) << bad_to.status();
}

TEST(ValidateIdTest, PrintableAsciiUpTo128Bytes) {
  EXPECT_TRUE(ValidateId("c3244db55ca1ddb1").ok());
  EXPECT_TRUE(ValidateId("https://chinhphu.vn/a-b?c=d#e").ok());
  EXPECT_TRUE(ValidateId(std::string(128, 'a')).ok());
  for (const std::string& bad :
       {std::string(), std::string(129, 'a'), std::string("a b"), std::string("a\nb"),
        std::string("a\0b", 3), std::string("Phạm")}) {
    const absl::Status status = ValidateId(bad, "id");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_TRUE(absl::StartsWith(status.message(), "id: ")) << status;
  }
}

TEST(AuthTest, BearerToken) {
  EXPECT_TRUE(CheckAuthorizationHeader("", "").ok());
  EXPECT_TRUE(CheckAuthorizationHeader("anything", "").ok());
  EXPECT_TRUE(CheckAuthorizationHeader("Bearer s3cret", "s3cret").ok());
  EXPECT_TRUE(CheckAuthorizationHeader("bearer s3cret", "s3cret").ok());
  for (const char* bad :
       {"", "s3cret", "Bearer ", "Bearer s3cre", "Bearer s3cret2", "Basic s3cret"}) {
    const absl::Status status = CheckAuthorizationHeader(bad, "s3cret");
    EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated) << bad;
    EXPECT_TRUE(absl::StartsWith(status.message(), "authorization: ")) << status;
    EXPECT_EQ(status.message().find("s3cret"), absl::string_view::npos) << "echoes the token";
  }
}

TEST(StatusTest, CodeAndMessageCrossTheEdge) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  const grpc::Status status = ToGrpcStatus(absl::NotFoundError("id: no article \"x\""));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "id: no article \"x\"");
  EXPECT_EQ(ToGrpcStatus(absl::UnauthenticatedError("u")).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ToGrpcStatus(absl::ResourceExhaustedError("r")).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST(WireTest, ReplaceDelimitedFieldKeepsEveryOtherFieldAsItIs) {
  vnnews::v1::ArticleSummary summary;
  summary.set_id("a1");
  summary.set_title("Tiêu đề");
  summary.set_snippet("the lead");
  summary.mutable_event_date()->set_value("2020-06-01");
  summary.add_topic_ids("diplomacy");
  summary.add_topic_ids("economy");
  const std::string stored = summary.SerializeAsString();
  std::string out;
  ASSERT_TRUE(ReplaceDelimitedField(stored, vnnews::v1::ArticleSummary::kSnippetFieldNumber,
                                    "câu có ông Phạm Bình Minh", &out));
  vnnews::v1::ArticleSummary back;
  ASSERT_TRUE(back.ParseFromString(out));
  vnnews::v1::ArticleSummary want = summary;
  want.set_snippet("câu có ông Phạm Bình Minh");
  EXPECT_EQ(back.SerializeAsString(), want.SerializeAsString());
  // The field appears once: the old value is gone, not shadowed.
  EXPECT_EQ(out.find("the lead"), std::string::npos);
  // Bytes that are not a message are refused.
  EXPECT_FALSE(ReplaceDelimitedField("\x0a\x7f", 4, "x", &out));
  EXPECT_FALSE(ReplaceDelimitedField("\xff\xff\xff", 4, "x", &out));
}

TEST(ServerTest, FreePortHealthAndShutdown) {
  auto started = StartServer({}, {});
  ASSERT_TRUE(started.ok()) << started.status();
  EXPECT_GT(started->port, 0);
  EXPECT_EQ(started->address, "127.0.0.1:" + std::to_string(started->port));
  EXPECT_TRUE(ProbeHealth(started->address).ok());

  auto channel = grpc::CreateChannel(started->address, grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(health->Check(&context, {}, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  // A second server cannot bind the same port: a clear error, not a crash.
  auto clash = StartServer({started->address, 1 << 20}, {});
  EXPECT_EQ(clash.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StartsWith(clash.status().message(), "listen: ")) << clash.status();

  ShutdownServer(*started->server, absl::Seconds(1));
  EXPECT_FALSE(ProbeHealth(started->address, absl::Milliseconds(500)).ok());
}

}  // namespace
}  // namespace vnnews::server
