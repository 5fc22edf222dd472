#include "domain/synthetic/facilities_generator.hpp"

#include "domain/facilities/synthetic_facilities.hpp"
#include "domain/synthetic/internal/names.hpp"

namespace linli::synthetic {
namespace {

class FacilitiesGenerator final : public ModuleGenerator {
 public:
  explicit FacilitiesGenerator(facilities::Taxonomy taxonomy) : taxonomy_(std::move(taxonomy)) {}

  std::string_view Name() const override { return "facilities"; }

  void Generate(const SeedOptions& /*options*/, Rng& rng, CommunityData& data) const override {
    std::vector<facilities::SyntheticBuilding> buildings;
    const auto& all = data.people.buildings;
    for (size_t b = 0; b < all.size(); ++b) {
      if (!all[b].lat || !all[b].lon) continue;
      buildings.push_back({static_cast<int64_t>(b) + 1, *all[b].lat, *all[b].lon, all[b].address});
    }
    const uint64_t seed = rng.Next();
    data.facilities = facilities::SyntheticFacilities(
        data.site.community_code, buildings, static_cast<int64_t>(data.people.households.size()),
        taxonomy_, seed,
        std::string(internal::ShortPlaceName(data.site.community_name, data.site.urban)));
    auto level =
        facilities::SyntheticLevelFacilities(data.site.community_code, data.site.town_name,
                                             data.site.county_name, buildings, taxonomy_, seed);
    data.facilities.insert(data.facilities.end(), std::make_move_iterator(level.begin()),
                           std::make_move_iterator(level.end()));
  }

 private:
  facilities::Taxonomy taxonomy_;
};

}  // namespace

std::unique_ptr<ModuleGenerator> MakeFacilitiesGenerator(facilities::Taxonomy taxonomy) {
  return std::make_unique<FacilitiesGenerator>(std::move(taxonomy));
}

}  // namespace linli::synthetic
