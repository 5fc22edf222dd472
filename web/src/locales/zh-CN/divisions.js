// Chinese (default) interface strings of administrative divisions (levels, kinds, counts below).
// Every key here must exist in ../en/divisions.js (a unit test checks).
export default {
  levels: {
    province: '省',
    city: '市',
    county: '区县',
    town: '乡镇街道',
    community: '村社区',
    grid: '网格',
  },
  place: {
    legend: '地点',
    allOf: '全部{level}',
  },
  kinds: {
    county: {
      district: '区',
      county: '县',
      county_city: '县级市',
      functional_zone: '功能区',
    },
    town: {
      street: '街道',
      town: '镇',
      township: '乡',
      other: '其他',
    },
    community: {
      urban: '城市社区',
      village: '村',
      virtual: '虚拟社区',
      unresolved: '待确认',
    },
    none: '—',
  },
  counts: {
    counties: '区县',
    towns: '乡镇街道',
    communities: '村社区',
    grids: '网格',
  },
  divisions: {
    heading: '行政区划',
    breadcrumb: '区划路径',
    code: '区划代码',
    name: '名称',
    level: '层级',
    kind: '类型',
    children: '下级区划',
    childrenCaption: '{name}的下级区划',
    noChildren: '没有下级区划',
    summary: '统计',
    open: '进入 {name}',
    searchLabel: '按名称查找区划',
    searchPlaceholder: '输入区划名称，如：东关',
    search: '查找',
    searchResults: '查找结果',
    noResults: '没有找到匹配的区划',
    path: '所属',
  },
}
