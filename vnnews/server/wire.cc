#include "vnnews/server/wire.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>
#include <grpcpp/support/slice.h>

#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace vnnews::server {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::internal::WireFormatLite;

// Nested messages deeper than this are refused (protobuf's own default limit is 100).
constexpr int kMaxDepth = 32;

absl::Status Malformed(const Message& message) {
  return absl::InvalidArgumentError(
      absl::StrCat("request: not a well-formed ", message.GetDescriptor()->full_name()));
}

// Reads `data` into `message`: string and message fields by hand, everything else collected
// and handed to protobuf's own parser (which then meets no string).
absl::Status Parse(const std::string& data, Message* message, int depth) {
  if (depth > kMaxDepth) return Malformed(*message);
  const auto* descriptor = message->GetDescriptor();
  const auto* reflection = message->GetReflection();
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(data.data()),
                                            static_cast<int>(data.size()));
  in.SetTotalBytesLimit(INT_MAX);
  std::string others;
  google::protobuf::io::StringOutputStream others_stream(&others);
  {
    google::protobuf::io::CodedOutputStream out(&others_stream);
    while (const uint32_t tag = in.ReadTag()) {
      const FieldDescriptor* field =
          descriptor->FindFieldByNumber(WireFormatLite::GetTagFieldNumber(tag));
      const bool delimited =
          WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
      if (field != nullptr && delimited && field->type() == FieldDescriptor::TYPE_STRING) {
        std::string value;
        if (!WireFormatLite::ReadBytes(&in, &value)) return Malformed(*message);
        if (field->is_repeated()) {
          reflection->AddString(message, field, std::move(value));
        } else {
          reflection->SetString(message, field, std::move(value));
        }
      } else if (field != nullptr && delimited && field->type() == FieldDescriptor::TYPE_MESSAGE &&
                 !field->is_map()) {
        std::string value;
        if (!WireFormatLite::ReadBytes(&in, &value)) return Malformed(*message);
        Message* sub = field->is_repeated() ? reflection->AddMessage(message, field)
                                            : reflection->MutableMessage(message, field);
        // A singular message seen twice merges, as protobuf does.
        const absl::Status status = Parse(value, sub, depth + 1);
        if (!status.ok()) return status;
      } else if (!WireFormatLite::SkipField(&in, tag, &out)) {
        return Malformed(*message);
      }
    }
    if (!in.ConsumedEntireMessage()) return Malformed(*message);
  }
  if (!others.empty() && !message->MergeFromString(others)) return Malformed(*message);
  return absl::OkStatus();
}

}  // namespace

absl::Status ParseLenient(const grpc::ByteBuffer& bytes, google::protobuf::Message* message) {
  message->Clear();
  std::vector<grpc::Slice> slices;
  if (!bytes.Dump(&slices).ok()) return Malformed(*message);
  std::string wire;
  wire.reserve(bytes.Length());
  for (const grpc::Slice& slice : slices) {
    wire.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return Parse(wire, message, 0);
}

bool ReplaceDelimitedField(std::string_view message_bytes, int field_number,
                           std::string_view value, std::string* out) {
  out->clear();
  out->reserve(message_bytes.size() + value.size() + 8);
  const auto* data = reinterpret_cast<const uint8_t*>(message_bytes.data());
  google::protobuf::io::CodedInputStream in(data, static_cast<int>(message_bytes.size()));
  in.SetTotalBytesLimit(INT_MAX);
  int start = in.CurrentPosition();
  while (const uint32_t tag = in.ReadTag()) {
    const bool replaced = WireFormatLite::GetTagFieldNumber(tag) == field_number &&
                          WireFormatLite::GetTagWireType(tag) ==
                              WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
    if (!WireFormatLite::SkipField(&in, tag)) return false;
    const int end = in.CurrentPosition();
    if (!replaced) out->append(message_bytes.data() + start, static_cast<size_t>(end - start));
    start = end;
  }
  if (!in.ConsumedEntireMessage()) return false;
  uint8_t head[10];
  uint8_t* end = google::protobuf::io::CodedOutputStream::WriteVarint32ToArray(
      WireFormatLite::MakeTag(field_number, WireFormatLite::WIRETYPE_LENGTH_DELIMITED), head);
  end = google::protobuf::io::CodedOutputStream::WriteVarint32ToArray(
      static_cast<uint32_t>(value.size()), end);
  out->append(reinterpret_cast<const char*>(head), static_cast<size_t>(end - head));
  out->append(value.data(), value.size());
  return true;
}

grpc::ByteBuffer ToByteBuffer(const google::protobuf::MessageLite& message) {
  grpc::Slice slice(message.SerializeAsString());
  return grpc::ByteBuffer(&slice, 1);
}

}  // namespace vnnews::server
