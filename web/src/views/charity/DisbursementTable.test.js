// The disbursement requests as the fund's managers and the officers see them: 批准 / 驳回 only with
// charity.approve and only on a pending request; the caller's own request marked 本人申请; the
// server's refusal of a self-approval shown in the dialog, the request left as it was.
import { describe, it, expect, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import { createAppI18n } from '../../i18n/index.js'
import { useAuthStore } from '../../stores/auth.js'
import { ApiError } from '../../api/client.js'
import { vCardLabels } from '../../composables/cardTable.js'
import DisbursementTable from './DisbursementTable.vue'

vi.mock('element-plus/es/components/base/style/css', () => ({}))
vi.mock('element-plus/es/components/button/style/css', () => ({}))
vi.mock('element-plus/es/components/input/style/css', () => ({}))
vi.mock('element-plus/es/components/dialog/style/css', () => ({}))
vi.mock('element-plus/es/components/overlay/style/css', () => ({}))
vi.mock('element-plus/es/components/form/style/css', () => ({}))
vi.mock('element-plus/es/components/form-item/style/css', () => ({}))

const calls = []
vi.mock('../../api/charity.js', () => ({
  approveDisbursement: vi.fn(async (id, note) => {
    calls.push(['approve', id, note])
    throw new ApiError({ status: 403, code: 'permission_denied', message: '不能审批自己提出的拨付申请', fromServer: true })
  }),
  rejectDisbursement: vi.fn(async (id, note) => { calls.push(['reject', id, note]); return { id, status: 'rejected' } }),
}))

const base = { fund_id: 1, fund_name: '宋都社区慈善基金', need_id: null, need_title: '', amount_fen: 10000, status: 'pending', status_label: '待审批', requested_by_name: '王', decided_by_name: '', decision_note: '' }
const ITEMS = [
  { ...base, id: 1, purpose: '慰问', requested_by: 7 },
  { ...base, id: 2, purpose: '助学', requested_by: 8 },
  { ...base, id: 3, purpose: '助医', requested_by: 8, status: 'approved', status_label: '已拨付', decided_by_name: '李' },
]

async function mountTable(permissions) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().setSession({ account: { id: 7, username: 'u', permissions, grants: [{ role: 'town_official', scope_code: '321002001' }] }, csrf_token: 'c' })
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/charity/funds/:id', name: 'charity-fund', component: { template: '<div />' } }, { path: '/', component: { template: '<div />' } }] })
  await router.push('/')
  const wrapper = mount(DisbursementTable, {
    props: { items: ITEMS, caption: '拨付申请', showFund: true },
    global: { plugins: [pinia, router, createAppI18n('zh-CN')], directives: { 'card-labels': vCardLabels } },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

describe('charity disbursement requests', () => {
  it('offers no decision without charity.approve', async () => {
    const wrapper = await mountTable(['charity.read', 'charity.manage'])
    expect(wrapper.findAll('[data-testid^="charity-approve-"]')).toHaveLength(0)
    expect(wrapper.find('[data-testid="charity-disbursement-row-1"]').text()).toContain('本人申请')
    wrapper.unmount()
  })

  it('offers 批准 and 驳回 on pending requests and shows the refusal of one’s own', async () => {
    const wrapper = await mountTable(['charity.read', 'charity.approve'])
    expect(wrapper.findAll('[data-testid^="charity-approve-"]').map((b) => b.attributes('data-testid'))).toEqual(['charity-approve-1', 'charity-approve-2'])
    expect(wrapper.find('[data-testid="charity-disbursement-row-2"]').text()).not.toContain('本人申请')
    await wrapper.find('[data-testid="charity-approve-1"]').trigger('click')
    await flushPromises()
    document.querySelector('[data-testid="charity-decision-confirm"]').click()
    await flushPromises()
    expect(calls).toEqual([['approve', 1, '']])
    expect(document.querySelector('[data-testid="charity-decision-error"]').textContent).toContain('不能审批自己提出的拨付申请')
    expect(wrapper.emitted('decided')).toBeUndefined()
    wrapper.unmount()
  })
})
