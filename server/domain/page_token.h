// Opaque keyset page tokens for every List call: the last row's sort key plus a fingerprint of
// the method and its filters, so that a token replayed elsewhere is refused instead of paging
// nonsense.
#pragma once

#include <google/protobuf/message.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/domain/error.h"

namespace mercato::domain {

// A keyset position over (number, text, id): number and text are whatever the listing sorts by,
// id breaks ties. text and id always ascend.
struct SortKey {
  std::int64_t number = 0;
  std::string text;
  std::string id;
};

std::string EncodePageToken(std::string const& filter_fingerprint, SortKey const& key);

// nullopt when the token is malformed or was made for other filters.
std::optional<SortKey> DecodePageToken(std::string const& token, std::string const& filter_fingerprint);

// The page a List request asks for, by common.proto's rules.
struct PageRequest {
  int size = 0;                  // rows to return
  std::optional<SortKey> after;  // resume after this row; nullopt: the first page
  std::string fingerprint;       // the listing: method, filters and scope; tokens are bound to it
};

// Reads `page_size` and `page_token` of any List request: page_size 0 is `default_size`, above
// `max_size` is `max_size`, negative is INVALID_ARGUMENT. The token must have been made for the
// same request type with the same other fields and `scope` (what else the listing depends on,
// e.g. whose addresses), else INVALID_ARGUMENT "start again without a page_token".
Result<PageRequest> ReadPageRequest(google::protobuf::Message const& request, int default_size, int max_size,
                                    std::string_view scope = {});

// The token of the page after the one that ended with `last`.
inline std::string NextPageToken(PageRequest const& page, SortKey const& last) {
  return EncodePageToken(page.fingerprint, last);
}

// Listings fetch one row more than a page to learn whether another page follows: cuts `rows` to
// `page_size` and returns whether it had more.
template <typename Row>
bool CutToPage(std::vector<Row>& rows, int page_size) {
  if (static_cast<int>(rows.size()) <= page_size) return false;
  rows.resize(static_cast<std::size_t>(page_size));
  return true;
}

// What a page of messages may weigh, serialized: a quarter of gRPC's default 4 MiB message limit,
// so that a page of large rows (zone outlines of up to 10,000 points, about 190 KB each) is cut
// short instead of failing as RESOURCE_EXHAUSTED for everyone who lists them.
inline constexpr std::size_t kMaxPageBytes = 1024 * 1024;

// Cuts `messages` after the last one that keeps them within `max_bytes` serialized (the first is
// always kept, so a page is never empty) and returns whether it cut any.
template <typename Message>
bool CutToBytes(std::vector<Message>& messages, std::size_t max_bytes = kMaxPageBytes) {
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    bytes += messages[i].ByteSizeLong();
    if (i > 0 && bytes > max_bytes) {
      messages.resize(i);
      return true;
    }
  }
  return false;
}

}  // namespace mercato::domain
