// Requests as raw bytes. Protobuf refuses to parse a proto3 `string` field that is not UTF-8,
// before any handler runs, and the client sees an empty UNIMPLEMENTED or INTERNAL status; a
// user needs "text: invalid UTF-8 at byte offset N" instead. So both services take their
// requests as bytes (the generated WithRawCallbackMethod_ variants), parse them here without
// that check, and validate each string field by name.
#ifndef VNNEWS_SERVER_WIRE_H_
#define VNNEWS_SERVER_WIRE_H_

#include <google/protobuf/message.h>
#include <grpcpp/support/byte_buffer.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace vnnews::server {

// Parses `bytes` into `message` (cleared first) like ParseFromString, except that string fields
// are taken as they are, UTF-8 or not. INVALID_ARGUMENT ("request: ...") when the bytes are not
// a well-formed message of that type.
absl::Status ParseLenient(const grpc::ByteBuffer& bytes, google::protobuf::Message* message);

// The wire form of `message`.
grpc::ByteBuffer ToByteBuffer(const google::protobuf::MessageLite& message);

// `message_bytes`, the wire form of a message, with every occurrence of the length-delimited
// field `field_number` replaced by one holding `value`: the other fields are copied as they
// are, without parsing or re-checking their strings. Answers can thus pass stored records
// through (see QueryService::FillResults). False when the bytes are not well formed.
bool ReplaceDelimitedField(std::string_view message_bytes, int field_number,
                           std::string_view value, std::string* out);

}  // namespace vnnews::server

#endif  // VNNEWS_SERVER_WIRE_H_
