// Opaque keyset page tokens for every List call: the last row's sort key plus a fingerprint of
// the filters, so that a token replayed with other filters is refused instead of paging nonsense.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

// Listings fetch one row more than a page to learn whether another page follows: cuts `rows` to
// `page_size` and returns whether it had more.
template <typename Row>
bool CutToPage(std::vector<Row>& rows, int page_size) {
  if (static_cast<int>(rows.size()) <= page_size) return false;
  rows.resize(static_cast<std::size_t>(page_size));
  return true;
}

}  // namespace mercato::domain
