import { describe, it, expect } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import zhCN, { FEATURES as ZH_FEATURES } from './zh-CN/index.js'
import en, { FEATURES as EN_FEATURES } from './en/index.js'

function keys(object, prefix = '') {
  return Object.entries(object).flatMap(([key, value]) =>
    value && typeof value === 'object' ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`])
}

describe('locales', () => {
  it('zh-CN and en have the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })

  it('every feature file has its namesake in the other language, with the same keys', () => {
    expect(Object.keys(EN_FEATURES).sort()).toEqual(Object.keys(ZH_FEATURES).sort())
    for (const [feature, messages] of Object.entries(ZH_FEATURES)) {
      expect(keys(EN_FEATURES[feature]).sort(), feature).toEqual(keys(messages).sort())
    }
  })

  it('merges every feature file of the folder, and no two files share a top-level key', () => {
    const here = dirname(fileURLToPath(import.meta.url))
    for (const [folder, features, merged] of [['zh-CN', ZH_FEATURES, zhCN], ['en', EN_FEATURES, en]]) {
      const files = readdirSync(join(here, folder)).filter((f) => f.endsWith('.js') && f !== 'index.js').map((f) => f.slice(0, -3))
      expect(files.sort(), folder).toEqual(Object.keys(features).sort())
      const sections = Object.values(features).flatMap((messages) => Object.keys(messages))
      expect(sections.length, folder).toBe(new Set(sections).size)
      expect(Object.keys(merged).sort(), folder).toEqual([...sections].sort())
    }
  })

  it('has no empty strings', () => {
    for (const messages of [zhCN, en]) {
      for (const key of keys(messages)) {
        expect(key.split('.').reduce((o, k) => o[k], messages), key).not.toBe('')
      }
    }
  })

  it('every literal $t/t key used in the sources exists', () => {
    const srcDir = join(dirname(fileURLToPath(import.meta.url)), '..')
    const files = []
    const walk = (dir) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) walk(path)
        else if (/\.(vue|js)$/.test(entry.name) && !entry.name.endsWith('.test.js')) files.push(path)
      }
    }
    walk(srcDir)
    const known = new Set(keys(zhCN))
    const used = new Set()
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) used.add(match[1])
    }
    expect(used.size).toBeGreaterThan(20)
    const missing = [...used].filter((key) => !known.has(key))
    expect(missing).toEqual([])
  })

  it('labels division kinds in Chinese', () => {
    expect(zhCN.kinds.community).toEqual({ urban: '城市社区', village: '村', virtual: '虚拟社区', unresolved: '待确认' })
    expect(zhCN.kinds.town).toEqual({ street: '街道', town: '镇', township: '乡', other: '其他' })
    expect(zhCN.kinds.county).toEqual({ district: '区', county: '县', county_city: '县级市', functional_zone: '功能区' })
  })
})
