#include "vnnews/server/auth.h"

#include <cstddef>

#include "absl/strings/match.h"

namespace vnnews::server {
namespace {

// Compares in time independent of where the strings differ, so the token cannot be guessed
// byte by byte from response times.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

}  // namespace

absl::Status CheckAuthorizationHeader(absl::string_view header, absl::string_view expected_token) {
  if (expected_token.empty()) return absl::OkStatus();
  if (header.empty()) {
    return absl::UnauthenticatedError(
        "authorization: missing; this server needs the metadata \"authorization: Bearer "
        "<token>\" on every write");
  }
  constexpr absl::string_view kScheme = "Bearer ";
  if (header.size() <= kScheme.size() || !absl::StartsWithIgnoreCase(header, kScheme)) {
    return absl::UnauthenticatedError("authorization: expected \"Bearer <token>\"");
  }
  if (!ConstantTimeEquals(header.substr(kScheme.size()), expected_token)) {
    return absl::UnauthenticatedError("authorization: wrong token");
  }
  return absl::OkStatus();
}

absl::Status CheckBearerToken(const grpc::ServerContextBase& context,
                              absl::string_view expected_token) {
  if (expected_token.empty()) return absl::OkStatus();
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  absl::string_view header;
  if (it != metadata.end()) header = absl::string_view(it->second.data(), it->second.size());
  return CheckAuthorizationHeader(header, expected_token);
}

}  // namespace vnnews::server
