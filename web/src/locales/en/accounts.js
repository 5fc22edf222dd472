// English interface strings of accounts and roles:
// the same keys as ../zh-CN/accounts.js.
export default {
  accounts: {
    heading: 'Accounts',
    caption: 'Accounts in your jurisdiction',
    username: 'Username',
    displayName: 'Name',
    roles: 'Roles and scopes',
    status: 'Status',
    enabled: 'Active',
    disabled: 'Disabled',
    searchLabel: 'Find accounts by username or name',
    search: 'Search',
    empty: 'No accounts',
  },
  roles: {
    city_admin: 'City administrator',
    department_officer: 'Department officer',
    county_official: 'County official',
    town_official: 'Town official',
    community_worker: 'Community worker',
    grid_worker: 'Grid worker',
    social_org: 'Social organisation',
    volunteer: 'Volunteer',
    resident: 'Resident',
  },
}
