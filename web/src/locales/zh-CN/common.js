// Chinese (default) interface strings of the app shell, sign-in, menu, preferences and common errors.
// Every key here must exist in ../en/common.js (a unit test checks).
export default {
  app: {
    name: '邻里',
    title: '扬州社区服务系统',
    skipToContent: '跳到主要内容',
    loading: '加载中…',
    // The one wording of the mark on synthetic records (seeded, never real people or places).
    synthetic: '合成数据',
  },
  // Photos taken with the phone (event reports, care visits): the one check and its wording.
  photos: {
    hint: '可选，JPEG 或 PNG，每张不超过 5 MB，最多 {n} 张。',
    type: '“{name}”不是 JPEG 或 PNG 图片',
    size: '“{name}”超过 5 MB',
    count: '最多上传 {n} 张照片',
  },
  prefs: {
    language: '界面语言',
    chinese: '中文',
    english: 'English',
    elderMode: '长辈模式',
    elderModeOn: '长辈模式已开启',
    elderModeOff: '长辈模式已关闭',
  },
  login: {
    heading: '登录',
    username: '用户名',
    password: '密码',
    submit: '登录',
    submitting: '正在登录…',
    usernameRequired: '请输入用户名',
    passwordRequired: '请输入密码',
    intro: '请使用工作账号登录。',
  },
  layout: {
    mainNav: '主导航',
    menu: '菜单',
    tabs: '快捷导航',
    jurisdiction: '当前辖区',
    noJurisdiction: '无辖区',
    logout: '退出登录',
    user: '当前用户',
    changePassword: '修改密码',
  },
  menu: {
    workbench: '工作台',
    divisions: '行政区划',
    people: '居民管理',
    accounts: '账号管理',
    events: '事件上报与处置',
    eventBoard: '部门报到看板',
    eventRanking: '部门排名',
    servicesDesk: '全科社工工作台',
    serviceItems: '服务事项',
  },
  errors: {
    network: '无法连接服务器，请稍后再试',
    unknown: '操作失败，请稍后再试',
    notFound: '页面不存在',
    notFoundText: '您访问的页面不存在或不在您的辖区内。',
    forbidden: '没有权限',
    forbiddenText: '您的账号没有访问此页面的权限。',
    backHome: '返回首页',
    retry: '重试',
  },
}
