// The bearer-token check of write calls: when the ingestor runs with a token, each call must
// carry the metadata `authorization: Bearer <token>`.
#ifndef VNNEWS_SERVER_AUTH_H_
#define VNNEWS_SERVER_AUTH_H_

#include <grpcpp/server_context.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace vnnews::server {

// OK when `expected_token` is empty (no token configured) or the call carries it; else
// UNAUTHENTICATED saying what is missing or wrong (never echoing the expected token).
absl::Status CheckBearerToken(const grpc::ServerContextBase& context,
                              absl::string_view expected_token);

// The same check on the raw header value (empty when the call had none): for tests and for
// callers that read the metadata themselves.
absl::Status CheckAuthorizationHeader(absl::string_view header, absl::string_view expected_token);

}  // namespace vnnews::server

#endif  // VNNEWS_SERVER_AUTH_H_
