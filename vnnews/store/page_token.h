// Opaque page tokens (AIP-158): the scan position a list stopped at, bound to the query that
// made it and signed with a key kept in the store, so a client can neither forge a position
// nor reuse a token with another query.
#ifndef VNNEWS_STORE_PAGE_TOKEN_H_
#define VNNEWS_STORE_PAGE_TOKEN_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "vnnews/store/codec.h"

namespace vnnews::store {

// The store's token secret: 32 random bytes made when the database is created.
class PageTokenCodec {
 public:
  // `secret` must hold 32 bytes.
  explicit PageTokenCodec(std::string_view secret);

  // Web-safe base64 of: version | fingerprint(query) | position | tag. `query` is the canonical
  // description of the request (kind and parameters, page size excluded).
  std::string Encode(std::string_view query, std::string_view position) const;

  // The position of a token made by Encode with the same secret and query; INVALID_ARGUMENT
  // ("page_token: ...") for anything else.
  absl::StatusOr<std::string> Decode(std::string_view query, std::string_view token) const;

 private:
  codec::SipKey mac_key_;
  codec::SipKey query_key_;
};

}  // namespace vnnews::store

#endif  // VNNEWS_STORE_PAGE_TOKEN_H_
