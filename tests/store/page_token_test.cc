// Page tokens: round trip, and every way a token can be wrong is INVALID_ARGUMENT naming
// page_token.
#include "vnnews/store/page_token.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace vnnews::store {
namespace {

const std::string kSecret(32, 'k');

void ExpectRejected(const absl::StatusOr<std::string>& r) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(r.status().message(), "page_token: ")) << r.status();
}

TEST(PageTokenTest, RoundTrips) {
  PageTokenCodec codec(kSecret);
  std::string position("minh\0\xff\xff\xff\xfe" "doc", 12);
  std::string token = codec.Encode("person|minh|-", position);
  EXPECT_EQ(token.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos)
      << token;
  auto back = codec.Decode("person|minh|-", token);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, position);
}

TEST(PageTokenTest, AnotherQueryIsRejected) {
  PageTokenCodec codec(kSecret);
  std::string token = codec.Encode("topic|diplomacy|-", "pos");
  auto r = codec.Decode("topic|economy|-", token);
  ExpectRejected(r);
  EXPECT_TRUE(absl::StrContains(r.status().message(), "different query")) << r.status();
}

TEST(PageTokenTest, ForgedCorruptAndForeignTokensAreRejected) {
  PageTokenCodec codec(kSecret);
  std::string token = codec.Encode("all", "position");
  ExpectRejected(codec.Decode("all", "not a token!"));
  ExpectRejected(codec.Decode("all", ""));
  ExpectRejected(codec.Decode("all", "AAAA"));
  // Every single-character change is caught.
  for (size_t i = 0; i < token.size(); ++i) {
    std::string bad = token;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    auto r = codec.Decode("all", bad);
    EXPECT_FALSE(r.ok()) << "changed at " << i;
  }
  // A well-formed token with a chosen position but no key cannot be made.
  std::string bytes;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(token, &bytes));
  bytes.replace(9, 8, "elsewher");
  ExpectRejected(codec.Decode("all", absl::WebSafeBase64Escape(bytes)));
  // A token of another store (another secret).
  PageTokenCodec other(std::string(32, 'o'));
  ExpectRejected(other.Decode("all", token));
}

}  // namespace
}  // namespace vnnews::store
