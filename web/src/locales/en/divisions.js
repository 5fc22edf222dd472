// English interface strings of administrative divisions (levels, kinds, counts below):
// the same keys as ../zh-CN/divisions.js.
export default {
  levels: {
    province: 'Province',
    city: 'City',
    county: 'County',
    town: 'Town / street',
    community: 'Community',
    grid: 'Grid',
  },
  place: {
    legend: 'Place',
    allOf: 'Every {level}',
  },
  kinds: {
    county: {
      district: 'District',
      county: 'County',
      county_city: 'County-level city',
      functional_zone: 'Functional zone',
    },
    town: {
      street: 'Street',
      town: 'Town',
      township: 'Township',
      other: 'Other',
    },
    community: {
      urban: 'Urban community',
      village: 'Village',
      virtual: 'Virtual community',
      unresolved: 'Unresolved',
    },
    none: '—',
  },
  counts: {
    counties: 'Counties',
    towns: 'Towns / streets',
    communities: 'Communities',
    grids: 'Grids',
  },
  divisions: {
    heading: 'Divisions',
    breadcrumb: 'Division path',
    code: 'Code',
    name: 'Name',
    level: 'Level',
    kind: 'Kind',
    children: 'Subdivisions',
    childrenCaption: 'Subdivisions of {name}',
    noChildren: 'No subdivisions',
    summary: 'Totals',
    open: 'Open {name}',
    searchLabel: 'Find a division by name',
    searchPlaceholder: 'Division name, e.g. 东关',
    search: 'Search',
    searchResults: 'Search results',
    noResults: 'No matching division',
    path: 'Within',
  },
}
