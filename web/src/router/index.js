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
  {
    path: '/',
    component: () => import('../views/layout/MainLayout.vue'),
    children: [
      { path: '', name: 'home', redirect: () => ({ name: 'divisions-root' }) },
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
      {
        path: 'accounts',
        name: 'accounts',
        component: () => import('../views/accounts/AccountsView.vue'),
        meta: { permission: 'accounts.manage' },
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

export function createAppRouter(pinia) {
  const router = createRouter({ history: createWebHistory(), routes })
  router.beforeEach(async (to) => {
    const auth = useAuthStore(pinia)
    if (!auth.loaded) await auth.load()
    if (to.meta.public) {
      if (to.name === 'login' && auth.isAuthenticated) return { name: 'home' }
      return true
    }
    if (!auth.isAuthenticated) {
      return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
    }
    if (to.meta.permission && !auth.can(to.meta.permission)) return { name: 'forbidden' }
    return true
  })
  return router
}
