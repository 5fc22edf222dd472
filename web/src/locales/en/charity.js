// English interface strings of community charity (decision 0048); same keys as ../zh-CN/charity.js.
export default {
  charity: {
    menu: 'Community charity',
    loading: 'Loading…',
    yuan: '¥{amount}',
    public: {
      intro: '{community} · managed by {organisation} · opened {opened}',
      income: 'Income',
      spending: 'Spending',
      balance: 'Balance',
      byMonth: 'Income and spending by month',
      month: 'Month',
      donations: 'Donations',
      disbursements: 'How the money was used',
      forNeed: 'For: {need}',
      inKind: '{quantity} {unit} of {item} (estimated ¥{value})',
      none: 'Nothing yet',
      notFound: 'No such charity fund',
    },
  },
}
