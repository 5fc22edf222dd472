import { describe, it, expect } from 'vitest'
import { labelCells } from './cardTable.js'

describe('labelCells', () => {
  it('labels every body cell with its column heading, and none without one', () => {
    document.body.innerHTML = `<table>
      <thead><tr><th>名称</th><th>状态</th><th></th></tr></thead>
      <tbody><tr><th>甲</th><td>开放</td><td>x</td></tr><tr><th>乙</th><td>关闭</td><td data-label="旧">y</td></tr></tbody>
    </table>`
    labelCells(document.querySelector('table'))
    const rows = document.querySelectorAll('tbody tr')
    expect([...rows[0].children].map((c) => c.getAttribute('data-label'))).toEqual(['名称', '状态', null])
    expect(rows[1].children[1].getAttribute('data-label')).toBe('状态')
    expect(rows[1].children[2].hasAttribute('data-label')).toBe(false)
  })
})
