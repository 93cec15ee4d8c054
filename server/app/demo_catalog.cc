// Deterministic demo data: the same seed gives the same catalog on every machine.
#include "server/app/demo_catalog.h"

#include <array>
#include <cctype>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "server/domain/fingerprint.h"

namespace mercato::server {
namespace {

struct Pack {
  char const* label;
  char const* code;  // in the SKU
  v1::UnitOfMeasure unit;
  std::int64_t quantity;
  double price_factor;
};

struct Aisle {
  char const* department;
  char const* name;
  std::vector<char const*> items;
  std::vector<Pack> packs;
  std::int64_t base_price_minor;
};

std::vector<Pack> const kWeights = {{"250 g", "250G", v1::UNIT_OF_MEASURE_GRAM, 250, 0.6},
                                    {"500 g", "500G", v1::UNIT_OF_MEASURE_GRAM, 500, 1.0},
                                    {"1 kg", "1KG", v1::UNIT_OF_MEASURE_GRAM, 1000, 1.8}};
std::vector<Pack> const kVolumes = {{"500 ml", "500ML", v1::UNIT_OF_MEASURE_MILLILITRE, 500, 0.6},
                                    {"1 l", "1L", v1::UNIT_OF_MEASURE_MILLILITRE, 1000, 1.0},
                                    {"2 l", "2L", v1::UNIT_OF_MEASURE_MILLILITRE, 2000, 1.7}};
std::vector<Pack> const kPieces = {{"single", "1PC", v1::UNIT_OF_MEASURE_EACH, 1, 1.0},
                                   {"pack of 4", "4PC", v1::UNIT_OF_MEASURE_EACH, 4, 3.4}};
std::vector<Pack> const kEggs = {{"6 eggs", "6PC", v1::UNIT_OF_MEASURE_EACH, 6, 1.0},
                                 {"12 eggs", "12PC", v1::UNIT_OF_MEASURE_EACH, 12, 1.8}};

std::vector<Aisle> const& Aisles() {
  static auto const* aisles = new std::vector<Aisle>{
      {"Fruit & Vegetables", "Fruit", {"Bananas", "Gala Apples", "Conference Pears", "Blueberries", "Strawberries", "Seedless Grapes", "Clementines"}, kWeights, 180},
      {"Fruit & Vegetables", "Vegetables", {"Carrots", "Broccoli", "Baby Potatoes", "Red Onions", "Courgettes", "Sweet Potatoes", "Chestnut Mushrooms"}, kWeights, 120},
      {"Fruit & Vegetables", "Salad & Herbs", {"Baby Spinach", "Rocket", "Cherry Tomatoes", "Cucumber", "Fresh Basil", "Mixed Leaf Salad"}, kWeights, 150},
      {"Dairy & Eggs", "Milk", {"Whole Milk", "Semi-Skimmed Milk", "Skimmed Milk", "Oat Drink", "Almond Drink", "Lactose Free Milk"}, kVolumes, 95},
      {"Dairy & Eggs", "Cheese", {"Mature Cheddar", "Red Leicester", "Mozzarella", "Halloumi", "Brie", "Parmigiano Reggiano"}, kWeights, 320},
      {"Dairy & Eggs", "Yogurt", {"Greek Style Yogurt", "Natural Yogurt", "Strawberry Yogurt", "Vanilla Yogurt", "Skyr"}, kWeights, 140},
      {"Dairy & Eggs", "Eggs", {"Free Range Eggs", "Organic Eggs", "Large Barn Eggs"}, kEggs, 210},
      {"Dairy & Eggs", "Butter & Spreads", {"Salted Butter", "Unsalted Butter", "Olive Spread", "Plant Butter"}, kWeights, 230},
      {"Bakery", "Bread", {"White Sliced Loaf", "Wholemeal Loaf", "Sourdough", "Seeded Batch", "Rye Bread", "Brioche Loaf"}, kPieces, 145},
      {"Bakery", "Pastries", {"Croissants", "Pain au Chocolat", "Cinnamon Swirls", "Blueberry Muffins"}, kPieces, 120},
      {"Meat & Fish", "Chicken", {"Chicken Breast Fillets", "Chicken Thighs", "Whole Chicken", "Chicken Drumsticks"}, kWeights, 450},
      {"Meat & Fish", "Beef", {"Beef Mince 5% Fat", "Sirloin Steak", "Diced Beef", "Beef Burgers"}, kWeights, 520},
      {"Meat & Fish", "Fish", {"Salmon Fillets", "Cod Loins", "King Prawns", "Smoked Mackerel"}, kWeights, 600},
      {"Food Cupboard", "Pasta & Rice", {"Spaghetti", "Penne", "Fusilli", "Basmati Rice", "Arborio Rice", "Egg Noodles"}, kWeights, 110},
      {"Food Cupboard", "Tins & Jars", {"Chopped Tomatoes", "Baked Beans", "Chickpeas", "Sweetcorn", "Tuna Chunks", "Coconut Milk"}, kWeights, 85},
      {"Food Cupboard", "Cereal", {"Porridge Oats", "Granola", "Corn Flakes", "Muesli", "Bran Flakes"}, kWeights, 190},
      {"Food Cupboard", "Baking", {"Plain Flour", "Self Raising Flour", "Caster Sugar", "Dark Chocolate Chips", "Baking Powder"}, kWeights, 100},
      {"Food Cupboard", "Sauces & Oils", {"Extra Virgin Olive Oil", "Tomato Ketchup", "Mayonnaise", "Soy Sauce", "Pesto"}, kVolumes, 210},
      {"Drinks", "Water", {"Still Spring Water", "Sparkling Water", "Lemon Flavoured Water"}, kVolumes, 60},
      {"Drinks", "Juice", {"Orange Juice", "Apple Juice", "Cloudy Lemonade", "Cranberry Juice"}, kVolumes, 150},
      {"Drinks", "Coffee & Tea", {"Ground Coffee", "Coffee Beans", "English Breakfast Tea", "Green Tea", "Instant Coffee"}, kWeights, 350},
      {"Frozen", "Frozen Vegetables", {"Garden Peas", "Sweetcorn Kernels", "Mixed Vegetables", "Spinach Portions"}, kWeights, 130},
      {"Frozen", "Ice Cream", {"Vanilla Ice Cream", "Chocolate Ice Cream", "Salted Caramel Ice Cream", "Mango Sorbet"}, kVolumes, 280},
      {"Household", "Cleaning", {"Washing Up Liquid", "Multi Surface Cleaner", "Laundry Liquid", "Bathroom Spray"}, kVolumes, 175},
      {"Household", "Paper", {"Toilet Tissue", "Kitchen Roll", "Facial Tissues"}, kPieces, 250},
      {"Snacks", "Crisps & Nuts", {"Sea Salt Crisps", "Salted Peanuts", "Cashew Nuts", "Tortilla Chips", "Popcorn"}, kWeights, 120},
      {"Snacks", "Chocolate", {"Milk Chocolate Bar", "Dark Chocolate 70%", "Hazelnut Chocolate", "White Chocolate Buttons"}, kWeights, 150},
  };
  return *aisles;
}

constexpr std::array<char const*, 3> kBrands = {"Mercato", "Green Acre", "Harbour & Field"};
constexpr std::array<char const*, 3> kBrandCodes = {"MC", "GA", "HF"};
constexpr std::array<double, 3> kBrandPriceFactor = {1.0, 1.35, 1.6};

domain::Result<v1::Category> CreateCategory(domain::CategoryTree& categories, std::string const& name,
                                            std::string const& parent_id, int position) {
  v1::CreateCategoryRequest request;
  request.set_request_id("seed-category-" + parent_id + "-" + name);
  request.mutable_category()->set_name(name);
  request.mutable_category()->set_parent_id(parent_id);
  request.mutable_category()->set_position(position);
  return categories.CreateCategory(request, domain::Principal{"system:seed", {domain::Role::kService}, ""});
}

// "Dark Chocolate 70%" -> "DARK-CHOCOLATE-70".
std::string SkuWords(std::string_view text) {
  std::string words;
  for (char c : text) {
    auto const u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0) {
      words += static_cast<char>(std::toupper(u));
    } else if (!words.empty() && words.back() != '-') {
      words += '-';
    }
  }
  while (!words.empty() && words.back() == '-') words.pop_back();
  return words;
}

domain::Status Receive(domain::StockKeeping& stock, std::string const& sku, std::int64_t units,
                       domain::Principal const& seeder) {
  v1::AdjustStockRequest receipt;
  receipt.set_request_id("seed-stock-" + sku);
  receipt.set_sku(sku);
  receipt.set_location_id(kDemoLocation);
  receipt.set_delta(units);
  receipt.set_kind(v1::MOVEMENT_KIND_RECEIPT);
  receipt.set_reason("demo catalog: opening stock");
  auto received = stock.AdjustStock(receipt, seeder);
  if (!received) return received.error();
  return domain::Ok();
}

}  // namespace

domain::Result<int> SeedDemoCatalog(domain::CategoryTree& categories, domain::ProductCatalog& products,
                                    domain::StockKeeping& stock, domain::CatalogStore& store) {
  auto existing = store.CountProducts();
  if (!existing) return existing.error();
  if (*existing > 0) return 0;

  domain::Principal const seeder{"system:seed", {domain::Role::kService}, ""};
  std::map<std::string, std::string> department_ids;
  int created = 0;
  int aisle_position = 0;
  for (auto const& aisle : Aisles()) {
    auto& department_id = department_ids[aisle.department];
    if (department_id.empty()) {
      auto department = CreateCategory(categories, aisle.department, "", static_cast<int>(department_ids.size()));
      if (!department) return department.error();
      department_id = department->id();
    }
    auto category = CreateCategory(categories, aisle.name, department_id, ++aisle_position);
    if (!category) return category.error();

    for (auto const* item : aisle.items) {
      for (std::size_t brand = 0; brand < kBrands.size(); ++brand) {
        std::string const name = std::string(kBrands[brand]) + " " + item;
        auto const hash = domain::Fnv1a64(name);
        v1::CreateProductRequest request;
        request.set_request_id("seed-product-" + name);
        auto& product = *request.mutable_product();
        product.set_name(name);
        product.set_brand(kBrands[brand]);
        product.set_category_id(category->id());
        product.set_description(std::string(item) + " from " + kBrands[brand] + ", in the " + aisle.name + " aisle.");
        if (brand == 1) (*product.mutable_attributes())["organic"] = "true";
        (*product.mutable_attributes())["origin"] = hash % 3 == 0 ? "UK" : (hash % 3 == 1 ? "EU" : "Worldwide");
        for (auto const& pack : aisle.packs) {
          auto& variant = *product.add_variants();
          variant.set_sku(std::string(kBrandCodes[brand]) + "-" + SkuWords(item) + "-" + pack.code);
          variant.set_name(pack.label);
          variant.set_unit(pack.unit);
          variant.set_unit_quantity(pack.quantity);
          auto const price = static_cast<std::int64_t>(static_cast<double>(aisle.base_price_minor) *
                                                       pack.price_factor * kBrandPriceFactor[brand]) +
                             static_cast<std::int64_t>(hash % 40);
          variant.mutable_price()->set_amount_minor(price - price % 5 + 4);  // prices end in 4 or 9
          variant.mutable_price()->set_currency_code("GBP");
          variant.set_barcode("50" + std::to_string(hash % 100000000000ull));
        }
        auto saved = products.CreateProduct(request, seeder);
        if (!saved) return saved.error();
        for (auto const& variant : saved->variants()) {
          // About one pack in eight is sold out, so that the in-stock filter has work to do.
          auto const sku_hash = domain::Fnv1a64(variant.sku());
          auto const units = sku_hash % 8 == 0 ? 0 : static_cast<std::int64_t>(sku_hash % 200 + 5);
          if (units > 0) {
            if (auto received = Receive(stock, variant.sku(), units, seeder); !received) return received.error();
          }
          // The catalog's availability (listing filters, "sold out") mirrors what inventory holds.
          if (auto set = store.SetAvailableQuantity(variant.sku(), units); !set) return set.error();
        }
        ++created;
      }
    }
  }
  return created;
}

}  // namespace mercato::server
