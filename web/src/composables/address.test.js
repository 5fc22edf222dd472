import { describe, it, expect } from 'vitest'
import { goOrReload } from './address.js'

function fakeRouter() {
  const calls = []
  return {
    calls,
    resolve: (to) => ({ fullPath: `/${to.name}?d=${to.query.d}` }),
    push: async (target) => { calls.push(['push', target.fullPath]) },
    replace: async (target) => { calls.push(['replace', target.fullPath]) },
  }
}

describe('going to an address', () => {
  it('reloads the page at the address shown, goes to another one', async () => {
    const router = fakeRouter()
    let reloads = 0
    const reload = async () => { reloads += 1 }
    await goOrReload(router, { fullPath: '/map?d=3210' }, { name: 'map', query: { d: '3210' } }, reload)
    expect(reloads).toBe(1)
    expect(router.calls).toEqual([])
    await goOrReload(router, { fullPath: '/map?d=3210' }, { name: 'map', query: { d: '321002' } }, reload)
    await goOrReload(router, { fullPath: '/map?d=3210' }, { name: 'map', query: { d: '321003' } }, reload, { replace: true })
    expect(reloads).toBe(1)
    expect(router.calls).toEqual([['push', '/map?d=321002'], ['replace', '/map?d=321003']])
  })
})
