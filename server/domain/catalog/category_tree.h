// Catalog use cases for the category tree: reads for everyone, edits for staff.
#pragma once

#include "mercato/v1/catalog.pb.h"
#include "server/domain/identity/principal.h"
#include "server/domain/catalog/catalog_context.h"
#include "server/domain/error.h"

namespace mercato::domain {

class CategoryTree {
 public:
  explicit CategoryTree(CatalogContext context) : context_(context) {}

  Result<v1::Category> GetCategory(std::string const& category_id);
  Result<v1::ListCategoriesResponse> ListCategories(v1::ListCategoriesRequest const& request);
  Result<v1::Category> CreateCategory(v1::CreateCategoryRequest const& request, Principal const& caller);
  Result<v1::Category> UpdateCategory(v1::UpdateCategoryRequest const& request, Principal const& caller);
  Status DeleteCategory(v1::DeleteCategoryRequest const& request, Principal const& caller);

 private:
  // Sets ancestor_ids from the parent; refuses unknown parents, cycles and over-deep trees.
  Status PlaceUnder(v1::Category& category, std::string const& parent_id);
  v1::EventEnvelope CategoryEvent(v1::Category const& category, v1::CatalogChangeKind kind,
                                  std::string const& request_id, Principal const& caller);
  CategoryWrite MakeWrite(v1::Category category, v1::CatalogChangeKind kind, std::string const& operation,
                          google::protobuf::Message const& request, std::string const& request_id,
                          Principal const& caller);

  CatalogContext context_;
};

}  // namespace mercato::domain
