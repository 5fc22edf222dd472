// Chinese (default) interface strings of accounts and roles.
// Every key here must exist in ../en/accounts.js (a unit test checks).
export default {
  accounts: {
    heading: '账号管理',
    caption: '辖区内的账号',
    username: '用户名',
    displayName: '姓名',
    roles: '角色与辖区',
    status: '状态',
    enabled: '正常',
    disabled: '已停用',
    searchLabel: '按用户名或姓名查找账号',
    search: '查找',
    empty: '没有账号',
  },
  roles: {
    city_admin: '市级管理员',
    department_officer: '部门工作人员',
    county_official: '区县工作人员',
    town_official: '乡镇街道工作人员',
    community_worker: '社区工作者',
    grid_worker: '网格员',
    social_org: '社会组织',
    volunteer: '志愿者',
    resident: '居民',
  },
}
