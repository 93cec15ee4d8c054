// Category reads and edits; the tree is kept as materialised paths by the store.
#include "server/domain/catalog/category_tree.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <vector>

#include "server/domain/catalog/category_path.h"
#include "server/domain/catalog/product_rules.h"
#include "server/domain/events/event_factory.h"
#include "server/domain/fingerprint.h"
#include "server/domain/page_token.h"

namespace mercato::domain {
namespace {

google::protobuf::Timestamp Timestamp(std::int64_t micros) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(micros);
}

// A category's place in the tree's depth-first order (siblings by position, name, id) as text that
// sorts the same way, so that pages resume by key and an insert never repeats or skips a row: per
// level from the root "<position + 2^31, 10 digits>\x1f<name>\x1f<id>\x1e". Names hold no control
// characters (field_text.h), so the separators sort below every name character. Ancestors that
// are not `listed` (the parent of a listing of direct children) are left out alike for every row.
std::string TreeOrderKey(v1::Category const& category,
                         std::unordered_map<std::string, v1::Category const*> const& listed) {
  auto const level = [](v1::Category const& node) {
    char position[16];
    std::snprintf(position, sizeof position, "%010lld", static_cast<long long>(node.position()) + (1LL << 31));
    return std::string(position) + '\x1f' + node.name() + '\x1f' + node.id() + '\x1e';
  };
  std::string key;
  for (auto const& ancestor : category.ancestor_ids()) {
    if (auto found = listed.find(ancestor); found != listed.end()) key += level(*found->second);
  }
  return key + level(category);
}

}  // namespace

Result<v1::Category> CategoryTree::GetCategory(std::string const& category_id) {
  if (category_id.empty()) return InvalidArgument("category_id", "category_id is required");
  auto found = context_.store.FindCategory(category_id);
  if (!found) return found.error();
  if (!*found) return NotFound("category", category_id);
  return **std::move(found);
}

Result<v1::ListCategoriesResponse> CategoryTree::ListCategories(v1::ListCategoriesRequest const& request) {
  auto const& settings = context_.settings;
  auto page = ReadPageRequest(request, settings.default_page_size, settings.max_page_size);
  if (!page) return page.error();
  std::optional<std::string> parent;
  if (request.has_parent_id()) parent = request.parent_id();
  auto all = context_.store.ListCategories(parent);
  if (!all) return all.error();
  std::unordered_map<std::string, v1::Category const*> listed;
  for (auto const& category : *all) listed[category.id()] = &category;
  std::vector<std::pair<std::string, v1::Category const*>> ordered;
  ordered.reserve(all->size());
  for (auto const& category : *all) ordered.emplace_back(TreeOrderKey(category, listed), &category);
  std::sort(ordered.begin(), ordered.end());

  auto next = ordered.begin();
  if (page->after) {
    next = std::upper_bound(ordered.begin(), ordered.end(), page->after->text,
                            [](std::string const& key, auto const& row) { return key < row.first; });
  }
  v1::ListCategoriesResponse response;
  for (; next != ordered.end() && response.categories_size() < page->size; ++next) {
    *response.add_categories() = *next->second;
  }
  if (next != ordered.end()) {
    auto const& last = *std::prev(next);
    response.set_next_page_token(NextPageToken(*page, {0, last.first, last.second->id()}));
  }
  return response;
}

Result<v1::Category> CategoryTree::CreateCategory(v1::CreateCategoryRequest const& request, Principal const& caller) {
  v1::Category category = request.category();
  if (auto name = NormalizeName("category.name", *category.mutable_name()); !name) return name.error();
  if (category.slug().empty()) category.set_slug(Slugify(category.name()));
  if (auto slug = CheckSlug("category.slug", category.slug()); !slug) return slug.error();
  category.set_id(context_.ids.NewId());
  if (auto placed = PlaceUnder(category, category.parent_id()); !placed) return placed.error();
  category.set_version(1);
  *category.mutable_created_at() = Timestamp(context_.clock.NowMicros());
  auto write = MakeWrite(std::move(category), v1::CATALOG_CHANGE_KIND_CREATED, "catalog.CreateCategory", request,
                         request.request_id(), caller);
  return context_.store.InsertCategory(write);
}

Result<v1::Category> CategoryTree::UpdateCategory(v1::UpdateCategoryRequest const& request, Principal const& caller) {
  auto const& changes = request.category();
  if (auto version = RequireExpectedVersion(request.expected_version()); !version) return version.error();
  auto current = GetCategory(changes.id());
  if (!current) return current.error();
  v1::Category category = *std::move(current);
  if (request.update_mask().paths().empty()) {
    return InvalidArgument("update_mask", "update_mask must name at least one field to change");
  }
  for (auto const& path : request.update_mask().paths()) {
    if (path == "name") {
      category.set_name(changes.name());
    } else if (path == "slug") {
      category.set_slug(changes.slug());
    } else if (path == "position") {
      category.set_position(changes.position());
    } else if (path == "parent_id") {
      if (auto placed = PlaceUnder(category, changes.parent_id()); !placed) return placed.error();
    } else {
      return InvalidArgument("update_mask",
                             "\"" + path + "\" cannot be updated; allowed: name, slug, parent_id, position");
    }
  }
  if (auto name = NormalizeName("category.name", *category.mutable_name()); !name) return name.error();
  if (auto slug = CheckSlug("category.slug", category.slug()); !slug) return slug.error();
  category.set_version(request.expected_version() + 1);
  auto write = MakeWrite(std::move(category), v1::CATALOG_CHANGE_KIND_UPDATED, "catalog.UpdateCategory", request,
                         request.request_id(), caller);
  write.descendant_event = [&](v1::Category const& descendant) {
    return CategoryEvent(descendant, v1::CATALOG_CHANGE_KIND_UPDATED, request.request_id(), caller);
  };
  return context_.store.UpdateCategory(write, request.expected_version());
}

Status CategoryTree::DeleteCategory(v1::DeleteCategoryRequest const& request, Principal const& caller) {
  if (auto version = RequireExpectedVersion(request.expected_version()); !version) return version.error();
  if (request.category_id().empty()) return InvalidArgument("category_id", "category_id is required");
  auto current = context_.store.FindCategory(request.category_id());
  if (!current) return current.error();
  v1::Category last;
  if (*current) {
    auto busy = context_.store.CategoryHasChildrenOrProducts(request.category_id());
    if (!busy) return busy.error();
    if (*busy) {
      return Error{ErrorKind::kFailedPrecondition, "CATEGORY_NOT_EMPTY",
                   "category '" + request.category_id() +
                       "' still has sub-categories or products; move or archive them first",
                   {{"resource", "category/" + request.category_id()}}};
    }
    last = **std::move(current);
  } else if (request.request_id().empty()) {
    return NotFound("category", request.category_id());
  } else {
    // Missing may mean this is the retry of a delete whose reply was lost: the store answers with
    // the first result for this request_id, or NOT_FOUND.
    last.set_id(request.category_id());
  }
  last.set_version(request.expected_version() + 1);
  auto write = MakeWrite(std::move(last), v1::CATALOG_CHANGE_KIND_DELETED, "catalog.DeleteCategory", request,
                         request.request_id(), caller);
  auto deleted = context_.store.DeleteCategory(write, request.expected_version());
  if (!deleted) return deleted.error();
  return Ok();
}

Status CategoryTree::PlaceUnder(v1::Category& category, std::string const& parent_id) {
  category.set_parent_id(parent_id);
  category.clear_ancestor_ids();
  if (parent_id.empty()) return Ok();
  auto parent = context_.store.FindCategory(parent_id);
  if (!parent) return parent.error();
  if (!*parent) return InvalidArgument("category.parent_id", "parent category '" + parent_id + "' does not exist");
  auto const& ancestors = (*parent)->ancestor_ids();
  if (parent_id == category.id() || std::find(ancestors.begin(), ancestors.end(), category.id()) != ancestors.end()) {
    return InvalidArgument("category.parent_id", "a category cannot move under itself or one of its descendants");
  }
  if (ancestors.size() + 1 >= kMaxCategoryDepth) {
    return InvalidArgument("category.parent_id", "categories nest at most " + std::to_string(kMaxCategoryDepth) +
                                                     " levels deep");
  }
  *category.mutable_ancestor_ids() = ancestors;
  category.add_ancestor_ids(parent_id);
  return Ok();
}

v1::EventEnvelope CategoryTree::CategoryEvent(v1::Category const& category, v1::CatalogChangeKind kind,
                                              std::string const& request_id, Principal const& caller) {
  v1::CategoryUpdated payload;
  *payload.mutable_category() = category;
  payload.set_change_kind(kind);
  return MakeEvent({context_.ids.NewId(), context_.clock.NowMicros(), request_id, caller.actor()},
                   "catalog.category.updated", "category", category.id(), category.version(), payload);
}

CategoryWrite CategoryTree::MakeWrite(v1::Category category, v1::CatalogChangeKind kind,
                                      std::string const& operation, google::protobuf::Message const& request,
                                      std::string const& request_id, Principal const& caller) {
  *category.mutable_updated_at() = Timestamp(context_.clock.NowMicros());
  CategoryWrite write;
  write.event = CategoryEvent(category, kind, request_id, caller);
  write.category = std::move(category);
  write.idempotency = {operation, request_id, FingerprintWithoutRequestId(request)};
  return write;
}

}  // namespace mercato::domain
