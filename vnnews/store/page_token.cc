#include "vnnews/store/page_token.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"

namespace vnnews::store {
namespace {

constexpr char kTokenVersion = 1;
constexpr size_t kHashBytes = 8;
// Tokens are short (a key of at most a few hundred bytes); anything far longer is not one.
constexpr size_t kMaxTokenChars = 4096;

uint64_t Load64(std::string_view s) {
  uint64_t v = 0;
  std::string_view in = s;
  codec::GetFixed64(&in, &v);
  return v;
}

}  // namespace

PageTokenCodec::PageTokenCodec(std::string_view secret) {
  mac_key_ = {Load64(secret.substr(0, 8)), Load64(secret.substr(8, 8))};
  query_key_ = {Load64(secret.substr(16, 8)), Load64(secret.substr(24, 8))};
}

std::string PageTokenCodec::Encode(std::string_view query, std::string_view position) const {
  std::string bytes(1, kTokenVersion);
  codec::PutFixed64(codec::SipHash24(query_key_, query), &bytes);
  bytes.append(position);
  codec::PutFixed64(codec::SipHash24(mac_key_, bytes), &bytes);
  return absl::WebSafeBase64Escape(bytes);
}

absl::StatusOr<std::string> PageTokenCodec::Decode(std::string_view query,
                                                   std::string_view token) const {
  std::string bytes;
  if (token.size() > kMaxTokenChars || !absl::WebSafeBase64Unescape(codec::Sv(token), &bytes) ||
      bytes.size() < 1 + 2 * kHashBytes ||
      // One spelling per token: no padding, no stray bits in the last character.
      absl::WebSafeBase64Escape(bytes) != codec::Sv(token)) {
    return absl::InvalidArgumentError(
        "page_token: malformed; pass the next_page_token of the previous page unchanged");
  }
  std::string_view signed_part(bytes.data(), bytes.size() - kHashBytes);
  std::string_view tag(bytes.data() + signed_part.size(), kHashBytes);
  if (Load64(tag) != codec::SipHash24(mac_key_, signed_part)) {
    return absl::InvalidArgumentError(
        "page_token: not issued by this service or corrupted; pass the next_page_token of the "
        "previous page unchanged");
  }
  if (bytes[0] != kTokenVersion) {
    return absl::InvalidArgumentError("page_token: made by an older version; start again");
  }
  if (Load64(signed_part.substr(1, kHashBytes)) != codec::SipHash24(query_key_, query)) {
    return absl::InvalidArgumentError(
        "page_token: belongs to a different query; a token is only valid with the same "
        "request parameters that returned it");
  }
  return std::string(signed_part.substr(1 + kHashBytes));
}

}  // namespace vnnews::store
