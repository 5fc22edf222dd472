// Chinese (default) interface strings of community charity (社区慈善; decision 0048).
// Every key here must exist in ../en/charity.js (a unit test checks).
export default {
  charity: {
    menu: '社区慈善',
    loading: '正在加载…',
    yuan: '{amount} 元',
    public: {
      intro: '{community} · 管理机构：{organisation} · 设立于 {opened}',
      income: '收入',
      spending: '支出',
      balance: '余额',
      byMonth: '每月收支',
      month: '月份',
      donations: '捐赠公示',
      disbursements: '资金使用公示',
      forNeed: '资助：{need}',
      inKind: '{item} {quantity}{unit}（估值 {value} 元）',
      none: '暂无记录',
      notFound: '没有这个慈善基金',
    },
  },
}
