import { createRouter, createWebHistory } from 'vue-router'
import { useAuthStore } from '../stores/auth.js'

// Each view is its own chunk (dynamic import).
export const routes = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../views/login/LoginView.vue'),
    meta: { public: true },
  },
  // Residents' sign-up and anyone's forgotten password, by SMS code (decision 0026).
  {
    path: '/sign-up',
    name: 'sign-up',
    component: () => import('../views/self_service/CodeFlowView.vue'),
    props: { mode: 'sign-up' },
    meta: { public: true },
  },
  {
    path: '/forgot-password',
    name: 'forgot-password',
    component: () => import('../views/self_service/CodeFlowView.vue'),
    props: { mode: 'reset' },
    meta: { public: true },
  },
  {
    // Public service catalogue and guide (services): readable without signing in.
    path: '/guide',
    component: () => import('../views/services/PublicLayout.vue'),
    meta: { public: true },
    children: [
      { path: '', name: 'public-catalogue', component: () => import('../views/services/CatalogueView.vue'), props: { publicView: true } },
      { path: ':code', name: 'public-guide', component: () => import('../views/services/GuideView.vue'), props: { publicView: true } },
    ],
  },
  {
    // A community charity fund's public disclosure (社区慈善公示; decision 0048): no sign-in.
    path: '/public/charity',
    component: () => import('../views/services/PublicLayout.vue'),
    meta: { public: true },
    children: [
      { path: ':id', name: 'charity-disclosure', component: () => import('../views/charity/CharityDisclosure.vue') },
    ],
  },
  {
    // Kiosk mode (自助终端): full screen, no menu; the device token, not a session, is its
    // credential (entered once on the device).
    path: '/kiosk',
    component: () => import('../views/kiosks/KioskLayout.vue'),
    meta: { public: true },
    children: [
      { path: '', name: 'kiosk-home', component: () => import('../views/kiosks/KioskHome.vue') },
      { path: 'guide', name: 'kiosk-catalogue', component: () => import('../views/services/CatalogueView.vue'), props: { publicView: true, kioskView: true } },
      { path: 'guide/:code', name: 'kiosk-guide', component: () => import('../views/services/GuideView.vue'), props: { publicView: true, kioskView: true } },
      // A resident's own affairs at the kiosk, after signing in with phone and SMS code (decision
      // 0027); KioskLayout shows the sign-in instead while nobody is signed in.
      { path: 'mine', name: 'kiosk-mine', component: () => import('../views/self_service/MyRequestsView.vue'), props: { kioskView: true }, meta: { kioskResident: true } },
      { path: 'mine/:id', name: 'kiosk-my-request', component: () => import('../views/services/RequestDetail.vue'), props: { own: true, kioskView: true }, meta: { kioskResident: true } },
      { path: 'apply', name: 'kiosk-apply', component: () => import('../views/self_service/MyApplyView.vue'), props: { kioskView: true }, meta: { kioskResident: true } },
    ],
  },
  {
    // The hall display (叫号屏), opened with a device token.
    path: '/hall',
    name: 'hall',
    component: () => import('../views/kiosks/HallView.vue'),
    meta: { public: true },
  },
  {
    path: '/',
    component: () => import('../views/layout/MainLayout.vue'),
    children: [
      // 工作台: every role's first screen, built from the cards of its roles (a provider's staff
      // start on their orders instead, a mandated reporter on its report form: firstScreen below).
      { path: '', name: 'home', component: () => import('../views/workbench/WorkbenchView.vue') },
      {
        path: 'divisions',
        name: 'divisions-root',
        component: () => import('../views/divisions/DivisionView.vue'),
        meta: { permission: 'divisions.read' },
      },
      {
        path: 'divisions/:code',
        name: 'division',
        component: () => import('../views/divisions/DivisionView.vue'),
        meta: { permission: 'divisions.read' },
      },
      {
        path: 'people',
        name: 'people',
        component: () => import('../views/people/ResidentList.vue'),
        meta: { permission: 'people.read' },
      },
      {
        path: 'people/import',
        name: 'people-import',
        component: () => import('../views/people/ImportView.vue'),
        meta: { permission: 'people.import' },
      },
      {
        path: 'people/residents/new',
        name: 'resident-new',
        component: () => import('../views/people/ResidentForm.vue'),
        meta: { permission: 'people.manage' },
      },
      {
        path: 'people/residents/:id',
        name: 'resident',
        component: () => import('../views/people/ResidentDetail.vue'),
        meta: { permission: 'people.read' },
      },
      {
        path: 'people/residents/:id/edit',
        name: 'resident-edit',
        component: () => import('../views/people/ResidentForm.vue'),
        meta: { permission: 'people.manage' },
      },
      {
        path: 'people/households/:id',
        name: 'household',
        component: () => import('../views/people/HouseholdView.vue'),
        meta: { permission: 'people.read' },
      },
      // Care (issue 19): archives of people in need, the monthly visits, compliance, needs.
      { path: 'care/archives', name: 'care-archives', component: () => import('../views/care/ArchiveList.vue'), meta: { permission: 'care.read' } },
      { path: 'care/archives/new', name: 'care-archive-new', component: () => import('../views/care/ArchiveForm.vue'), meta: { permission: 'care.manage' } },
      { path: 'care/archives/:id(\\d+)', name: 'care-archive', component: () => import('../views/care/ArchiveDetail.vue'), meta: { permission: 'care.read' } },
      { path: 'care/visits', name: 'care-visits', component: () => import('../views/care/VisitList.vue'), meta: { permission: 'care.read' } },
      { path: 'care/compliance', name: 'care-compliance', component: () => import('../views/care/ComplianceView.vue'), meta: { permission: 'care.read' } },
      { path: 'care/needs', name: 'care-needs', component: () => import('../views/care/NeedList.vue'), meta: { permission: 'care.read' } },
      // 政策找人 (decision 0032): the people the benefits' rules found, and the departments' signals.
      { path: 'care/findings', name: 'care-findings', component: () => import('../views/care/FindingList.vue'), meta: { permission: 'care.read' } },
      { path: 'care/signals', name: 'care-signals', component: () => import('../views/care/SignalList.vue'), meta: { permission: 'care.read' } },
      { path: 'care/signals/import', name: 'care-signal-import', component: () => import('../views/care/SignalImport.vue'), meta: { permission: 'care.manage' } },
      // Applications for assistance (救助申请, decision 0035): benefits and emergencies, decided stage by stage.
      { path: 'care/applications', name: 'care-applications', component: () => import('../views/applications/ApplicationList.vue'), meta: { permission: 'care.read' } },
      { path: 'care/applications/:id(\\d+)', name: 'care-application', component: () => import('../views/applications/ApplicationDetail.vue'), meta: { permission: 'care.read' } },
      // Rehabilitation records (康复服务记录, decision 0038): sessions at a 残疾人之家 or a 精神障碍社区康复服务站.
      { path: 'care/rehabilitation', name: 'care-rehabilitation', component: () => import('../views/rehabilitation/RehabList.vue'), meta: { permission: 'care.read' } },
      { path: 'care/rehabilitation/new', name: 'care-rehabilitation-new', component: () => import('../views/rehabilitation/RehabForm.vue'), meta: { permission: 'care.manage' } },
      // 社会工作 (decision 0046): social workers, their service records, stations' reach, coverage (A5).
      { path: 'social-work', name: 'social-work', component: () => import('../views/socialWork/SocialWorkView.vue'), meta: { permission: 'socialwork.read' } },
      // 社区慈善 (decision 0048): the funds, their donations, ledgers and disbursements, the needs, approvals.
      { path: 'charity', name: 'charity-funds', component: () => import('../views/charity/CharityFunds.vue'), meta: { permission: 'charity.read' } },
      { path: 'charity/funds/:id(\\d+)', name: 'charity-fund', component: () => import('../views/charity/CharityFundDetail.vue'), meta: { permission: 'charity.read' } },
      { path: 'charity/needs', name: 'charity-needs', component: () => import('../views/charity/CharityNeeds.vue'), meta: { permission: 'charity.read' } },
      { path: 'charity/approvals', name: 'charity-approvals', component: () => import('../views/charity/CharityApprovals.vue'), meta: { permission: 'charity.approve' } },
      // 志愿服务 (decision 0047): the register, teams, activities with their sign-ups and hours, and
      // a volunteer's own page.
      { path: 'volunteers', name: 'volunteers', component: () => import('../views/volunteers/VolunteersView.vue'), meta: { permission: 'volunteers.read' } },
      { path: 'volunteers/activities', name: 'volunteer-activities', component: () => import('../views/volunteers/ActivitiesView.vue'), meta: { permission: 'volunteers.read' } },
      { path: 'volunteers/activities/:id(\\d+)', name: 'volunteer-activity', component: () => import('../views/volunteers/ActivityDetail.vue'), meta: { permission: 'volunteers.read' } },
      { path: 'my/volunteer', name: 'my-volunteer', component: () => import('../views/volunteers/MyVolunteerView.vue'), meta: { permission: 'volunteers.self' } },
      // Home services for the elderly (decision 0033): the providers and their monthly statements,
      // the orders workers place for elderly people, and the provider staff's own app.
      { path: 'care/providers', name: 'care-providers', component: () => import('../views/homeServices/ProviderList.vue'), meta: { permission: 'homecare.read' } },
      { path: 'care/providers/import', name: 'provider-import', component: () => import('../views/homeServices/ProviderImport.vue'), meta: { permission: 'homecare.manage' } },
      { path: 'care/providers/new', name: 'care-provider-new', component: () => import('../views/homeServices/ProviderForm.vue'), meta: { permission: 'homecare.manage' } },
      { path: 'care/providers/:id(\\d+)', name: 'care-provider', component: () => import('../views/homeServices/ProviderDetail.vue'), meta: { permission: 'homecare.read' } },
      { path: 'care/providers/:id(\\d+)/edit', name: 'care-provider-edit', component: () => import('../views/homeServices/ProviderForm.vue'), meta: { permission: 'homecare.manage' } },
      { path: 'care/home-orders', name: 'care-home-orders', component: () => import('../views/homeServices/HomeOrderList.vue'), meta: { permission: 'homecare.read' } },
      { path: 'care/home-orders/new', name: 'care-home-order-new', component: () => import('../views/homeServices/HomeOrderForm.vue'), meta: { permission: 'homecare.order' } },
      { path: 'care/home-orders/:id(\\d+)', name: 'care-home-order', component: () => import('../views/homeServices/HomeOrderDetail.vue'), meta: { permission: 'homecare.read' } },
      { path: 'provider/orders', name: 'provider-orders', component: () => import('../views/homeServices/ProviderOrders.vue'), meta: { permission: 'homecare.serve' } },
      { path: 'provider/orders/:id(\\d+)', name: 'provider-order', component: () => import('../views/homeServices/ProviderOrderDetail.vue'), meta: { permission: 'homecare.serve' } },
      // Mandatory reports (强制报告, decision 0034): a mandated reporter's form and receipts, and
      // the reports the 儿童主任 and the county's officers handle.
      { path: 'mandatory-report', name: 'mandatory-report', component: () => import('../views/mandatoryReports/ReportForm.vue'), meta: { permission: 'minors.report' } },
      { path: 'mandatory-report/mine', name: 'mandatory-report-mine', component: () => import('../views/mandatoryReports/MyReceipts.vue'), meta: { permission: 'minors.report' } },
      { path: 'care/mandatory-reports', name: 'care-mandatory-reports', component: () => import('../views/mandatoryReports/ReportList.vue'), meta: { permission: 'care.minors' } },
      { path: 'care/mandatory-reports/:id(\\d+)', name: 'care-mandatory-report', component: () => import('../views/mandatoryReports/ReportDetail.vue'), meta: { permission: 'care.minors' } },
      // A resident's own affairs (decision 0026).
      { path: 'my', name: 'my-requests', component: () => import('../views/self_service/MyRequestsView.vue'), meta: { permission: 'self.services' } },
      // 上门服务: an elderly person orders home services themselves (decision 0033).
      { path: 'my/home-services', name: 'my-home-services', component: () => import('../views/self_service/MyHomeServicesView.vue'), meta: { permission: 'self.services' } },
      { path: 'my/apply', name: 'my-apply', component: () => import('../views/self_service/MyApplyView.vue'), meta: { permission: 'self.services' } },
      {
        path: 'my/requests/:id',
        name: 'my-request',
        component: () => import('../views/services/RequestDetail.vue'),
        props: { own: true },
        meta: { permission: 'self.services' },
      },
      // 扫码登录自助终端: the page a resident's phone opens from the kiosk's code (decision 0028).
      { path: 'kiosk-pair', name: 'kiosk-pair', component: () => import('../views/kiosks/KioskPairView.vue'), meta: { permission: 'self.services' } },
      { path: 'my/household', name: 'my-household', component: () => import('../views/self_service/MyHouseholdView.vue'), meta: { permission: 'self.household' } },
      // Service desk (services): catalogue, guide, request form, the worker's desk.
      { path: 'services/items', name: 'service-items', component: () => import('../views/services/CatalogueView.vue') },
      {
        path: 'services/items/new',
        name: 'service-item-new',
        component: () => import('../views/services/ItemEditor.vue'),
        meta: { permission: 'catalogue.manage' },
      },
      { path: 'services/items/:code', name: 'service-item', component: () => import('../views/services/GuideView.vue') },
      {
        path: 'services/items/:code/edit',
        name: 'service-item-edit',
        component: () => import('../views/services/ItemEditor.vue'),
        meta: { permission: 'catalogue.manage' },
      },
      { path: 'kiosks', name: 'kiosks', component: () => import('../views/kiosks/KiosksView.vue'), meta: { permission: 'kiosks.manage' } },
      { path: 'indicators', name: 'indicators', component: () => import('../views/indicators/IndicatorsView.vue'), meta: { permission: 'indicators.read' } },
      { path: 'indicators/department', name: 'indicator-department', component: () => import('../views/indicators/DepartmentView.vue'), meta: { permission: 'indicators.read' } },
      { path: 'indicators/dashboard', name: 'indicator-dashboard', component: () => import('../views/indicators/DashboardView.vue'), meta: { permission: 'indicators.read' } },
      // Community social organisations (decision 0045): the registry by place, and an
      // organisation's own page (本组织) for its account.
      { path: 'social-orgs', name: 'social-orgs', component: () => import('../views/socialOrgs/SocialOrgsView.vue'), meta: { permission: 'socialorgs.read' } },
      { path: 'social-orgs/incubations', name: 'incubations', component: () => import('../views/socialOrgs/IncubationsView.vue'), meta: { permission: 'socialorgs.read' } },
      { path: 'social-orgs/:id(\\d+)', name: 'social-org', component: () => import('../views/socialOrgs/SocialOrgDetail.vue'), meta: { permission: 'socialorgs.read' } },
      { path: 'my/social-org', name: 'my-social-org', component: () => import('../views/socialOrgs/MyOrganisation.vue'), meta: { permission: 'socialorgs.report' } },
      { path: 'indicators/designations', name: 'designations', component: () => import('../views/indicators/DesignationsView.vue'), meta: { permission: 'indicators.read' } },
      { path: 'indicators/import', name: 'indicator-import', component: () => import('../views/indicators/IndicatorImport.vue'), meta: { permission: 'indicators.report' } },
      {
        path: 'services/desk',
        name: 'services-desk',
        component: () => import('../views/services/DeskView.vue'),
        meta: { permission: 'services.read' },
      },
      {
        path: 'services/requests/new',
        name: 'service-request-new',
        component: () => import('../views/services/RequestForm.vue'),
        meta: { permission: 'services.handle' },
      },
      {
        path: 'services/requests/:id',
        name: 'service-request',
        component: () => import('../views/services/RequestDetail.vue'),
        meta: { permission: 'services.read' },
      },
      // Events and the whistle (events): report, list, detail, department board, ranking.
      {
        path: 'events',
        name: 'events',
        component: () => import('../views/events/EventList.vue'),
        meta: { permission: 'events.report' },
      },
      {
        path: 'events/new',
        name: 'event-new',
        component: () => import('../views/events/EventReport.vue'),
        meta: { permission: 'events.report' },
      },
      {
        path: 'events/:id(\\d+)',
        name: 'event',
        component: () => import('../views/events/EventDetail.vue'),
        meta: { permission: 'events.report' },
      },
      {
        path: 'escalations/board',
        name: 'event-board',
        component: () => import('../views/events/EscalationBoard.vue'),
        meta: { permission: 'events.department' },
      },
      {
        // One escalation: its department's page (officers cannot open the event itself); the
        // API decides who sees it (404 otherwise).
        path: 'escalations/:id(\\d+)',
        name: 'escalation',
        component: () => import('../views/events/EscalationDetail.vue'),
      },
      {
        path: 'escalations/ranking',
        name: 'event-ranking',
        component: () => import('../views/events/DepartmentRanking.vue'),
        meta: { permission: 'events.read' },
      },
      // Facilities and life circles (facilities): registry, map, coverage and standards.
      { path: 'facilities', name: 'facilities', component: () => import('../views/facilities/FacilityList.vue'), meta: { permission: 'facilities.read' } },
      { path: 'facilities/new', name: 'facility-new', component: () => import('../views/facilities/FacilityForm.vue'), meta: { permission: 'facilities.manage' } },
      { path: 'facilities/import', name: 'facility-import', component: () => import('../views/facilities/FacilityImport.vue'), meta: { permission: 'facilities.import' } },
      { path: 'facilities/map', name: 'facility-map', component: () => import('../views/facilities/FacilityMap.vue'), meta: { permission: 'facilities.read' } },
      { path: 'facilities/coverage', name: 'facility-coverage', component: () => import('../views/facilities/CoverageView.vue'), meta: { permission: 'facilities.read' } },
      { path: 'facilities/:id(\\d+)', name: 'facility', component: () => import('../views/facilities/FacilityDetail.vue'), meta: { permission: 'facilities.read' } },
      { path: 'facilities/:id(\\d+)/edit', name: 'facility-edit', component: () => import('../views/facilities/FacilityForm.vue'), meta: { permission: 'facilities.manage' } },
      {
        path: 'accounts',
        name: 'accounts',
        component: () => import('../views/accounts/AccountsView.vue'),
        meta: { permission: 'accounts.manage' },
      },
      {
        // 个人中心: the caller's account, roles and settings.
        path: 'me',
        name: 'profile',
        component: () => import('../views/account/ProfileView.vue'),
      },
      {
        // 消息中心: every notification of the caller.
        path: 'messages',
        name: 'messages',
        component: () => import('../views/messages/MessagesView.vue'),
      },
      {
        // The caller's own password: from the user menu, and the only page an account whose
        // password must change can open (guardRoute below).
        path: 'password',
        name: 'password',
        component: () => import('../views/account/PasswordView.vue'),
      },
      {
        // 审计日志: the audit log of the caller's audit.read scope.
        path: 'audit',
        name: 'audit',
        component: () => import('../views/audit/AuditView.vue'),
        meta: { permission: 'audit.read' },
      },
      {
        // 定时任务: the jobs the server runs on a schedule, and running one now.
        path: 'jobs',
        name: 'jobs',
        component: () => import('../views/jobs/JobsView.vue'),
        meta: { permission: 'jobs.manage' },
      },
      {
        path: 'forbidden',
        name: 'forbidden',
        component: () => import('../views/errors/ErrorView.vue'),
        props: { kind: 'forbidden' },
      },
      {
        path: ':rest(.*)*',
        name: 'not-found',
        component: () => import('../views/errors/ErrorView.vue'),
        props: { kind: 'notFound' },
      },
    ],
  },
]

/** Where a redirect query may send the user: a path of this app, never another site. */
export function safeRedirect(value) {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : null
}

/**
 * The decision of every navigation, once the session is known: true to go on, else where to
 * go. Signed-out users go to the login page; an account whose password must change goes to
 * the password page and stays there (public pages aside) until it has chosen a new one.
 */
export function guardRoute(to, auth) {
  if (to.meta.public) {
    if (to.name === 'login' && auth.isAuthenticated) {
      return auth.mustChangePassword ? { name: 'password' } : { name: 'home' }
    }
    return true
  }
  if (!auth.isAuthenticated) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  if (auth.mustChangePassword) {
    if (to.name === 'password') return true
    const redirect = safeRedirect(to.fullPath)
    return { name: 'password', query: redirect && redirect !== '/' ? { redirect } : {} }
  }
  if (to.meta.permission && !auth.can(to.meta.permission)) return { name: 'forbidden' }
  if (to.name === 'home') return firstScreen(auth)
  return true
}

/**
 * Where the home address (/) opens for the account: the workbench, except for an account that
 * is only a provider's staff (decision 0033), whose first screen is its provider's orders, and
 * one that is only a mandated reporter (decision 0034), whose first screen is its report form.
 */
export function firstScreen(auth) {
  if (auth.providerOnly) return { name: 'provider-orders' }
  if (auth.institutionOnly) return { name: 'mandatory-report' }
  return true
}

export function createAppRouter(pinia, history = createWebHistory()) {
  const router = createRouter({ history, routes })
  router.beforeEach(async (to) => {
    const auth = useAuthStore(pinia)
    if (!auth.loaded) await auth.load()
    return guardRoute(to, auth)
  })
  return router
}
