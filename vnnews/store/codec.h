// Byte-level building blocks of the store's keys, values and page tokens: varints, big-endian
// integers, length-prefixed strings and SipHash-2-4 (the keyed hash of content ids and tokens).
#ifndef VNNEWS_STORE_CODEC_H_
#define VNNEWS_STORE_CODEC_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace vnnews::store::codec {

// Debian's abseil has its own absl::string_view (not std::string_view): the bridge for StrCat.
inline absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }

void PutVarint(uint64_t v, std::string* out);
// Reads a varint at the front of `*in` and advances past it; false when `*in` is cut short.
bool GetVarint(std::string_view* in, uint64_t* v);

// Length-prefixed string (varint length, then the bytes).
void PutLengthPrefixed(std::string_view s, std::string* out);
bool GetLengthPrefixed(std::string_view* in, std::string_view* s);

// Big-endian 32/64-bit integers: byte order equals numeric order.
void PutBigEndian32(uint32_t v, std::string* out);
uint32_t GetBigEndian32(std::string_view four_bytes);
void PutFixed64(uint64_t v, std::string* out);  // little-endian, for counters
bool GetFixed64(std::string_view* in, uint64_t* v);

// SipHash-2-4 of `data` under a 128-bit key: a keyed pseudo-random function, so that a tag
// cannot be made without the key (page tokens) and stays stable across runs (content ids).
using SipKey = std::array<uint64_t, 2>;
uint64_t SipHash24(const SipKey& key, std::string_view data);

}  // namespace vnnews::store::codec

#endif  // VNNEWS_STORE_CODEC_H_
